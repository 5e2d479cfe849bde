// Markdown as a code host renders it (GitHub-flavoured tables).
#include "Exporters.h"
#include "ReportText.h"

namespace mig::report {

namespace {

// A table cell: one line, pipes escaped (a literal | would end the cell).
QString cell(const QString &text)
{
    QString c = text;
    c.replace(u'\\', QStringLiteral("\\\\")).replace(u'|', QStringLiteral("\\|")).replace(u'<', QStringLiteral("&lt;"));
    c.replace(QStringLiteral("\r\n"), QStringLiteral("<br>")).replace(u'\n', QStringLiteral("<br>"));
    return c.trimmed().isEmpty() ? QStringLiteral(" ") : c.trimmed();
}

QString row(const QStringList &cells)
{
    QStringList out;
    for (const QString &c : cells)
        out << cell(c);
    return QStringLiteral("| ") + out.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
}

QString table(const QStringList &headers, const QList<QStringList> &rows)
{
    QString t = row(headers);
    t += QStringLiteral("|") + QStringLiteral(" --- |").repeated(headers.size()) + u'\n';
    for (QStringList r : rows) {
        while (r.size() < headers.size())
            r << QString();
        t += row(r.mid(0, headers.size()));
    }
    return t;
}

// A fence longer than any run of backticks inside, so a statement never closes it.
QString fenced(const QString &text)
{
    int longest = 0, run = 0;
    for (QChar c : text) {
        run = c == u'`' ? run + 1 : 0;
        longest = qMax(longest, run);
    }
    const QString fence(qMax(3, longest + 1), u'`');
    return fence + u'\n' + text + u'\n' + fence + u'\n';
}

// Charts as text: bars drawn with block characters, lines summarised per series.
QString chartText(const ChartData &c)
{
    QString out;
    if (c.bars) {
        double max = 0;
        for (const ChartSeries &s : c.series)
            for (const QPointF &p : s.points)
                max = qMax(max, p.y());
        int width = 0;
        for (const QString &cat : c.categories)
            width = qMax(width, int(cat.size()));
        for (const ChartSeries &s : c.series)
            for (const QPointF &p : s.points) {
                const int n = max > 0 ? qRound(40 * p.y() / max) : 0;
                out += QStringLiteral("%1  %2 %3 %4\n").arg(c.categories.value(int(p.x())).leftJustified(width), QString(n, QChar(0x2588)),
                                                            QString::number(p.y(), 'g', 6), c.yLabel);
            }
        return fenced(out.trimmed());
    }
    QList<QStringList> rows;
    for (const ChartSeries &s : c.series) {
        if (s.points.isEmpty())
            continue;
        double lo = s.points.first().y(), hi = lo;
        for (const QPointF &p : s.points) {
            lo = qMin(lo, p.y());
            hi = qMax(hi, p.y());
        }
        rows << QStringList{s.name, QString::number(s.points.size()), QString::number(lo, 'g', 6), QString::number(hi, 'g', 6),
                            QString::number(s.points.last().y(), 'g', 6)};
    }
    return table({QStringLiteral("Series (%1)").arg(c.yLabel), QStringLiteral("Points"), QStringLiteral("Min"), QStringLiteral("Max"),
                  QStringLiteral("Last")},
                 rows);
}

} // namespace

QString toMarkdown(const ReportDocument &doc)
{
    QString md;
    for (const Block &b : doc.blocks) {
        switch (b.kind) {
        case Block::Kind::Title: md += QStringLiteral("# ") + b.text + QStringLiteral("\n\n"); break;
        case Block::Kind::Heading: md += QStringLiteral("## ") + b.text + QStringLiteral("\n\n"); break;
        case Block::Kind::Subheading: md += QStringLiteral("### ") + b.text + QStringLiteral("\n\n"); break;
        case Block::Kind::Paragraph: md += QString(b.text).replace(u'<', QStringLiteral("&lt;")) + QStringLiteral("\n\n"); break;
        case Block::Kind::Facts: md += table({QStringLiteral("Item"), QStringLiteral("Value")}, b.rows) + u'\n'; break;
        case Block::Kind::Table:
            md += b.rows.isEmpty() ? QStringLiteral("None.\n\n") : table(b.headers, b.rows) + u'\n';
            break;
        case Block::Kind::Code: md += fenced(b.text) + u'\n'; break;
        case Block::Kind::Chart: md += QStringLiteral("### ") + b.text + QStringLiteral("\n\n") + chartText(b.chart) + u'\n'; break;
        }
    }
    return md;
}

} // namespace mig::report
