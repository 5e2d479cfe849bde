// The PDF: a QTextDocument built with QTextCursor (tables whose header rows repeat on every
// page), printed page by page on a QPdfWriter with a header and a footer (page i of n).
#include "ChartImage.h"
#include "Exporters.h"

#include <QAbstractTextDocumentLayout>
#include <QDateTime>
#include <QFontDatabase>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextLayout>
#include <QTextDocument>
#include <QTextTable>

namespace mig::report {

namespace {

const QColor Accent(0x1f, 0x6f, 0xb4);

QFont baseFont(double points)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setStyleHint(QFont::SansSerif);
    f.setPointSizeF(points);
    // Any letter spacing turns ligatures off: "fi" and "ff" stay letters that pdftotext, search
    // and copy-paste read back (a SHA-256 with an "ff" ligature would not match when pasted).
    f.setLetterSpacing(QFont::AbsoluteSpacing, 0.05); // 3/64 px at 300 dpi: invisible
    return f;
}

QTextCharFormat charFormat(double points, bool bold = false, const QColor &color = Qt::black)
{
    QTextCharFormat f;
    f.setFont(baseFont(points));
    f.setFontWeight(bold ? QFont::Bold : QFont::Normal);
    f.setForeground(color);
    return f;
}

QColor toneColor(const QString &status)
{
    switch (toneOf(status)) {
    case Tone::Good: return QColor(0x1e, 0x7b, 0x34);
    case Tone::Bad: return QColor(0xb3, 0x26, 0x1e);
    case Tone::Warn: return QColor(0xa1, 0x5c, 0x00);
    case Tone::Neutral: break;
    }
    return Qt::black;
}

class PdfBuilder
{
public:
    PdfBuilder(QTextDocument &doc, double width, double imageUnit) : m_doc(doc), m_cursor(&doc), m_width(width), m_imageUnit(imageUnit) {}

    void block(const QString &text, const QTextCharFormat &chars, double top, double bottom)
    {
        QTextBlockFormat f;
        f.setTopMargin(top);
        f.setBottomMargin(bottom);
        if (m_first)
            m_cursor.setBlockFormat(f);
        else
            m_cursor.insertBlock(f, chars);
        m_first = false;
        m_cursor.setCharFormat(chars);
        m_cursor.insertText(text, chars);
    }

    void table(const QStringList &headers, const QList<QStringList> &rows, int statusColumn, bool facts)
    {
        const int columns = facts ? 2 : int(headers.size());
        const int headerRows = facts ? 0 : 1;
        QTextTableFormat f;
        f.setHeaderRowCount(headerRows); // repeated at the top of every page the table runs onto
        f.setCellPadding(3);
        f.setCellSpacing(0);
        f.setBorder(0.5);
        f.setBorderBrush(QColor(0xbb, 0xbb, 0xbb));
        f.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
        f.setWidth(QTextLength(QTextLength::PercentageLength, 100));
        f.setTopMargin(4);
        f.setBottomMargin(6);
        if (facts)
            f.setColumnWidthConstraints({QTextLength(QTextLength::PercentageLength, 26), QTextLength(QTextLength::PercentageLength, 74)});
        QTextTable *t = m_cursor.insertTable(int(rows.size()) + headerRows, columns, f);
        auto put = [&](int r, int c, const QString &text, const QTextCharFormat &chars, const QColor &background) {
            QTextTableCell cell = t->cellAt(r, c);
            if (background.isValid()) {
                QTextCharFormat cf = cell.format();
                cf.setBackground(background);
                cell.setFormat(cf);
            }
            QTextCursor c2 = cell.firstCursorPosition();
            c2.insertText(text, chars);
        };
        for (int c = 0; c < headerRows * columns; ++c)
            put(0, c, headers.value(c), charFormat(7.5, true), QColor(0xe6, 0xee, 0xf6));
        for (int r = 0; r < rows.size(); ++r)
            for (int c = 0; c < columns; ++c) {
                const QString text = rows.at(r).value(c);
                const bool status = c == statusColumn;
                // Facts colour a value that is a verdict (FAILED, NO-GO, ...) as tables do their status column.
                const bool coloured = status || (facts && c == 1 && toneOf(text) != Tone::Neutral);
                put(r + headerRows, c, text, charFormat(7.5, coloured || (facts && c == 0), coloured ? toneColor(text) : QColor(Qt::black)),
                    facts && c == 0 ? QColor(0xf4, 0xf4, 0xf4) : QColor());
            }
        m_cursor.movePosition(QTextCursor::End);
    }

    void code(const QString &text)
    {
        QTextBlockFormat f;
        f.setBackground(QColor(0xf4, 0xf6, 0xf8));
        f.setLeftMargin(6);
        f.setTopMargin(2);
        f.setBottomMargin(4);
        QTextCharFormat chars;
        QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        mono.setPointSizeF(7);
        chars.setFont(mono);
        m_cursor.insertBlock(f, chars);
        m_cursor.insertText(text, chars);
    }

    void chart(const ChartData &c)
    {
        const QImage image = chartImage(c);
        const QString name = QStringLiteral("chart-%1.png").arg(++m_charts);
        m_doc.addResource(QTextDocument::ImageResource, QUrl(name), image);
        QTextImageFormat f;
        f.setName(name);
        // The layout scales images from 96 dpi to the writer's resolution: sizes in 96-dpi units.
        f.setWidth(m_width * m_imageUnit);
        f.setHeight(m_width * m_imageUnit * image.height() / image.width());
        QTextBlockFormat spaced;
        spaced.setTopMargin(8);
        m_cursor.insertBlock(spaced);
        m_cursor.insertImage(f);
    }

private:
    QTextDocument &m_doc;
    QTextCursor m_cursor;
    double m_width;
    double m_imageUnit;
    bool m_first = true;
    int m_charts = 0;
};

// Qt draws the last line above a page's top again when it paints that page (hidden by the clip,
// but present in the PDF's text): a wrapped paragraph split by a page break would be found twice
// by search and text extraction. Such paragraphs start on the next page instead.
void keepParagraphsWhole(QTextDocument &text, double pageHeight)
{
    for (int pass = 0; pass < 4; ++pass) {
        bool moved = false;
        for (QTextBlock b = text.begin(); b.isValid(); b = b.next()) {
            const QTextLayout *l = b.layout();
            if (!l || l->lineCount() < 2 || QTextCursor(b).currentFrame() != text.rootFrame())
                continue; // table rows are kept whole by the table layout
            const double top = l->position().y(); // in the document: the layout places root-frame blocks there
            const QTextLine first = l->lineAt(0), last = l->lineAt(l->lineCount() - 1);
            const double from = top + first.y(), to = top + last.y() + last.height();
            if (int(from / pageHeight) == int((to - 1) / pageHeight) || b.blockFormat().pageBreakPolicy() & QTextFormat::PageBreak_AlwaysBefore)
                continue;
            QTextBlockFormat f = b.blockFormat();
            f.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
            QTextCursor(b).setBlockFormat(f);
            moved = true;
        }
        if (!moved)
            return;
    }
}

void build(const ReportDocument &doc, QTextDocument &text, double width, double imageUnit)
{
    PdfBuilder b(text, width, imageUnit);
    for (const Block &block : doc.blocks) {
        switch (block.kind) {
        case Block::Kind::Title: b.block(block.text, charFormat(15, true, Accent), 0, 6); break;
        case Block::Kind::Heading: b.block(block.text, charFormat(11.5, true, Accent), 14, 3); break;
        case Block::Kind::Subheading: b.block(block.text, charFormat(9.5, true), 8, 2); break;
        case Block::Kind::Paragraph: b.block(block.text, charFormat(8.5), 2, 2); break;
        case Block::Kind::Facts: b.table({}, block.rows, -1, true); break;
        case Block::Kind::Table:
            if (block.rows.isEmpty())
                b.block(QStringLiteral("None."), charFormat(8.5), 2, 2);
            else
                b.table(block.headers, block.rows, block.statusColumn, false);
            break;
        case Block::Kind::Code: b.code(block.text); break;
        case Block::Kind::Chart: b.chart(block.chart); break; // the image carries its title
        }
    }
}

} // namespace

QString writePdf(const ReportDocument &doc, const QString &path, const QString &pageSize)
{
    QPdfWriter writer(path);
    if (!writer.setPageSize(QPageSize(pageSize.compare(u"Letter", Qt::CaseInsensitive) == 0 ? QPageSize::Letter : QPageSize::A4)))
        return QStringLiteral("cannot set the page size %1").arg(pageSize);
    writer.setResolution(300);
    writer.setPageMargins(QMarginsF(15, 12, 15, 12), QPageLayout::Millimeter);
    writer.setTitle(doc.title);
    writer.setCreator(QStringLiteral("Migration Console"));
    QPainter painter;
    if (!painter.begin(&writer))
        return QStringLiteral("cannot write %1").arg(path);

    const QRectF page = writer.pageLayout().paintRectPixels(writer.resolution());
    const double mm = writer.resolution() / 25.4;
    const double headerHeight = 9 * mm, footerHeight = 9 * mm;
    const double bodyHeight = page.height() - headerHeight - footerHeight;

    QTextDocument text;
    text.documentLayout()->setPaintDevice(&writer); // fonts measured at the PDF's resolution
    text.setDocumentMargin(0);
    text.setDefaultFont(baseFont(8.5));
    text.setPageSize(QSizeF(page.width(), bodyHeight));
    build(doc, text, page.width(), 96.0 / writer.resolution());
    keepParagraphsWhole(text, bodyHeight);

    const int pages = text.pageCount();
    const QString generated = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    for (int i = 0; i < pages; ++i) {
        if (i > 0 && !writer.newPage())
            return QStringLiteral("cannot add page %1 to %2").arg(i + 1).arg(path);
        painter.setFont(baseFont(7));
        painter.setPen(QColor(0x55, 0x55, 0x55));
        const QRectF header(0, 0, page.width(), headerHeight - 2 * mm);
        painter.drawText(header, Qt::AlignLeft | Qt::AlignBottom, doc.title);
        painter.drawText(header, Qt::AlignRight | Qt::AlignBottom, QStringLiteral("generated ") + generated);
        painter.drawLine(QPointF(0, headerHeight - 1.5 * mm), QPointF(page.width(), headerHeight - 1.5 * mm));
        const QRectF footer(0, page.height() - footerHeight + 2 * mm, page.width(), footerHeight - 2 * mm);
        painter.drawLine(QPointF(0, footer.top() - 0.5 * mm), QPointF(page.width(), footer.top() - 0.5 * mm));
        painter.drawText(footer, Qt::AlignLeft | Qt::AlignTop, painter.fontMetrics().elidedText(doc.footer, Qt::ElideMiddle, int(page.width() * 0.75)));
        painter.drawText(footer, Qt::AlignRight | Qt::AlignTop, QStringLiteral("Page %1 of %2").arg(i + 1).arg(pages));

        painter.save();
        painter.translate(0, headerHeight - i * bodyHeight);
        QAbstractTextDocumentLayout::PaintContext context;
        context.clip = QRectF(0, i * bodyHeight, page.width(), bodyHeight);
        context.palette.setColor(QPalette::Text, Qt::black);
        painter.setClipRect(context.clip);
        text.documentLayout()->draw(&painter, context);
        painter.restore();
    }
    return painter.end() ? QString() : QStringLiteral("cannot finish %1").arg(path);
}

} // namespace mig::report
