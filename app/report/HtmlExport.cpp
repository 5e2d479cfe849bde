// One self-contained HTML file: styles inline, charts as inline SVG, nothing fetched.
#include "ChartPlot.h"
#include "Exporters.h"

namespace mig::report {

namespace {

const char *const Style =
    "body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#222;max-width:1100px;margin:2em auto;padding:0 1em;}"
    "h1{font-size:1.6em;border-bottom:2px solid #1f6fb4;padding-bottom:.3em;}"
    "h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #ccc;padding-bottom:.2em;}"
    "h3{font-size:1.05em;margin-top:1.2em;}"
    "table{border-collapse:collapse;margin:.6em 0;width:100%;font-size:.9em;}"
    "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;}"
    "th{background:#eef3f8;}"
    "table.facts th{width:22%;background:#f6f6f6;}"
    "pre{background:#f6f8fa;border:1px solid #ddd;padding:.6em;overflow-x:auto;font-size:.85em;}"
    ".good{color:#1e7b34;font-weight:bold;}.bad{color:#b3261e;font-weight:bold;}.warn{color:#a15c00;font-weight:bold;}"
    "footer{margin-top:3em;color:#777;font-size:.8em;}"
    "@media print{h2{page-break-after:avoid;}tr{page-break-inside:avoid;}}";

QString esc(const QString &t)
{
    return t.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"));
}

QString toneClass(const QString &status)
{
    switch (toneOf(status)) {
    case Tone::Good: return QStringLiteral(" class=\"good\"");
    case Tone::Bad: return QStringLiteral(" class=\"bad\"");
    case Tone::Warn: return QStringLiteral(" class=\"warn\"");
    case Tone::Neutral: break;
    }
    return {};
}

QString table(const Block &b)
{
    if (b.rows.isEmpty())
        return QStringLiteral("<p>None.</p>\n");
    QString h = QStringLiteral("<table>\n<thead><tr>");
    for (const QString &c : b.headers)
        h += QStringLiteral("<th>") + esc(c) + QStringLiteral("</th>");
    h += QStringLiteral("</tr></thead>\n<tbody>\n");
    for (const QStringList &row : b.rows) {
        h += QStringLiteral("<tr>");
        for (int i = 0; i < b.headers.size(); ++i)
            h += QStringLiteral("<td%1>%2</td>").arg(i == b.statusColumn ? toneClass(row.value(i)) : QString(), esc(row.value(i)));
        h += QStringLiteral("</tr>\n");
    }
    return h + QStringLiteral("</tbody></table>\n");
}

QString facts(const Block &b)
{
    QString h = QStringLiteral("<table class=\"facts\">\n");
    for (const QStringList &row : b.rows)
        h += QStringLiteral("<tr><th>%1</th><td%2>%3</td></tr>\n").arg(esc(row.value(0)), toneClass(row.value(1)), esc(row.value(1)));
    return h + QStringLiteral("</table>\n");
}

} // namespace

QString toHtml(const ReportDocument &doc)
{
    QString body;
    for (const Block &b : doc.blocks) {
        switch (b.kind) {
        case Block::Kind::Title: body += QStringLiteral("<h1>") + esc(b.text) + QStringLiteral("</h1>\n"); break;
        case Block::Kind::Heading: body += QStringLiteral("<h2>") + esc(b.text) + QStringLiteral("</h2>\n"); break;
        case Block::Kind::Subheading: body += QStringLiteral("<h3>") + esc(b.text) + QStringLiteral("</h3>\n"); break;
        case Block::Kind::Paragraph: body += QStringLiteral("<p>") + esc(b.text) + QStringLiteral("</p>\n"); break;
        case Block::Kind::Facts: body += facts(b); break;
        case Block::Kind::Table: body += table(b); break;
        case Block::Kind::Code: body += QStringLiteral("<pre>") + b.text.toHtmlEscaped() + QStringLiteral("</pre>\n"); break;
        case Block::Kind::Chart: body += QStringLiteral("<figure>") + chartSvg(b.chart) + QStringLiteral("</figure>\n"); break;
        }
    }
    return QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%1</title>\n<style>%2</style>\n</head>\n"
                          "<body>\n%3<footer>%4</footer>\n</body>\n</html>\n")
        .arg(doc.title.toHtmlEscaped(), QLatin1String(Style), body, doc.footer.toHtmlEscaped());
}

} // namespace mig::report
