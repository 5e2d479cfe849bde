#include "CodeView.h"

#include "SqlHighlighter.h"
#include "StateLook.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>

namespace mig::ui {

namespace {

constexpr int IconSize = 14;
constexpr int Pad = 4;

Tone severityTone(lint::Severity s)
{
    switch (s) {
    case lint::Severity::Info: return Tone::Info;
    case lint::Severity::Warn: return Tone::Warn;
    case lint::Severity::Block: return Tone::Block;
    }
    return Tone::Info;
}

} // namespace

// The margin beside the text: line numbers and lint markers, painted by the view.
class CodeMargin : public QWidget
{
public:
    explicit CodeMargin(CodeView *view)
        : QWidget(view), m_view(view)
    {
        setObjectName(QStringLiteral("codeMargin"));
        setMouseTracking(true);
    }
    QSize sizeHint() const override { return {m_view->marginWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_view->paintMargin(event); }
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::ToolTip) {
            auto *help = static_cast<QHelpEvent *>(event);
            if (!m_view->showMarginToolTip(help->pos(), help->globalPos())) {
                QToolTip::hideText();
                event->ignore();
            }
            return true;
        }
        return QWidget::event(event);
    }

private:
    CodeView *m_view;
};

CodeView::CodeView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_margin = new CodeMargin(this);
    m_highlighter = new SqlHighlighter(document());
    m_highlighter->setPalette(palette());
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(marginWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
        if (dy)
            m_margin->scroll(0, dy);
        else
            m_margin->update(0, rect.y(), m_margin->width(), rect.height());
    });
    setViewportMargins(marginWidth(), 0, 0, 0);
}

void CodeView::setCode(const QString &text, const QList<int> &lineNumbers)
{
    m_lineNumbers = lineNumbers;
    m_blockOfLine.clear();
    for (int i = 0; i < m_lineNumbers.size(); ++i)
        if (m_lineNumbers.at(i) > 0 && !m_blockOfLine.contains(m_lineNumbers.at(i)))
            m_blockOfLine.insert(m_lineNumbers.at(i), i);
    m_markers.clear();
    m_bands.clear();
    setPlainText(text);
    setViewportMargins(marginWidth(), 0, 0, 0);
    applyBands();
}

void CodeView::setMarkers(const QList<Marker> &markers)
{
    m_markers.clear();
    for (const Marker &m : markers)
        m_markers[m.line] << m;
    applyBands();
    m_margin->update();
}

void CodeView::setBands(const QList<Band> &bands)
{
    m_bands = bands;
    applyBands();
}

int CodeView::blockOfLine(int line) const
{
    if (m_lineNumbers.isEmpty())
        return line >= 1 && line <= blockCount() ? line - 1 : -1;
    return m_blockOfLine.value(line, -1);
}

int CodeView::lineOfBlock(int block) const
{
    if (m_lineNumbers.isEmpty())
        return block + 1;
    return m_lineNumbers.value(block, 0);
}

QString CodeView::markerToolTip(int line) const
{
    QStringList parts;
    for (const Marker &m : m_markers.value(line))
        parts << m.toolTip;
    return parts.join(QStringLiteral("\n\n"));
}

lint::Severity CodeView::markerSeverity(int line) const
{
    lint::Severity worst = lint::Severity::Info;
    for (const Marker &m : m_markers.value(line))
        worst = std::max(worst, m.severity);
    return worst;
}

QRect CodeView::markerRect(int line)
{
    const int block = blockOfLine(line);
    if (block < 0 || !m_markers.contains(line))
        return {};
    const QTextBlock b = document()->findBlockByNumber(block);
    setTextCursor(QTextCursor(b));
    ensureCursorVisible();
    const QRectF geometry = blockBoundingGeometry(b).translated(contentOffset());
    const int top = int(geometry.top()) + (int(geometry.height()) - IconSize) / 2;
    return {Pad, top, IconSize, IconSize};
}

int CodeView::marginWidth() const
{
    int largest = std::max(1, blockCount());
    for (int n : m_lineNumbers)
        largest = std::max(largest, n);
    const int digits = int(QString::number(largest).size());
    return Pad + IconSize + Pad + fontMetrics().horizontalAdvance(u'9') * digits + 2 * Pad;
}

void CodeView::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect r = contentsRect();
    m_margin->setGeometry(r.left(), r.top(), marginWidth(), r.height());
}

void CodeView::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setPalette(palette());
        applyBands();
        m_margin->update();
    } else if (event->type() == QEvent::FontChange) {
        setViewportMargins(marginWidth(), 0, 0, 0);
    }
}

void CodeView::paintMargin(QPaintEvent *event)
{
    QPainter p(m_margin);
    const QPalette &pal = palette();
    p.fillRect(event->rect(), pal.color(QPalette::AlternateBase));
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(m_margin->width() - 1, event->rect().top(), m_margin->width() - 1, event->rect().bottom());
    p.setFont(font());
    const QColor numberColour = toneText(Tone::Comment, pal);
    QTextBlock block = firstVisibleBlock();
    int top = int(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= event->rect().bottom()) {
        const int height = int(blockBoundingRect(block).height());
        if (block.isVisible() && top + height >= event->rect().top()) {
            const int line = lineOfBlock(block.blockNumber());
            if (line > 0) {
                p.setPen(numberColour);
                p.drawText(QRect(0, top, m_margin->width() - 2 * Pad, height), Qt::AlignRight | Qt::AlignVCenter,
                           QString::number(line));
                if (m_markers.contains(line))
                    severityIcon(markerSeverity(line)).paint(&p, QRect(Pad, top + (height - IconSize) / 2, IconSize, IconSize));
            }
        }
        block = block.next();
        top += height;
    }
}

int CodeView::blockAt(int y) const
{
    QTextBlock block = firstVisibleBlock();
    int top = int(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid()) {
        const int height = int(blockBoundingRect(block).height());
        if (y >= top && y < top + height)
            return block.blockNumber();
        if (top > y)
            break;
        top += height;
        block = block.next();
    }
    return -1;
}

bool CodeView::showMarginToolTip(const QPoint &pos, const QPoint &globalPos)
{
    const int block = blockAt(pos.y());
    const int line = block < 0 ? 0 : lineOfBlock(block);
    if (line <= 0 || !m_markers.contains(line))
        return false;
    QToolTip::showText(globalPos, markerToolTip(line), m_margin);
    return true;
}

void CodeView::applyBands()
{
    QList<QTextEdit::ExtraSelection> selections;
    const QPalette &pal = palette();
    auto band = [&](int blockNumber, Tone tone, int from, int length, double strength) {
        const QTextBlock b = document()->findBlockByNumber(blockNumber);
        if (!b.isValid())
            return;
        QTextEdit::ExtraSelection s;
        s.format.setBackground(toneBackground(tone, pal, strength));
        s.cursor = QTextCursor(b);
        if (length < 0) {
            s.format.setProperty(QTextFormat::FullWidthSelection, true);
        } else {
            s.cursor.setPosition(b.position() + from);
            s.cursor.setPosition(b.position() + std::min(from + length, int(b.length()) - 1), QTextCursor::KeepAnchor);
        }
        selections << s;
    };
    for (const Band &b : std::as_const(m_bands))
        band(b.block, b.tone, b.from, b.length, b.strength);
    for (auto it = m_markers.cbegin(); it != m_markers.cend(); ++it)
        band(blockOfLine(it.key()), severityTone(markerSeverity(it.key())), 0, -1, 0.7);
    setExtraSelections(selections);
}

} // namespace mig::ui
