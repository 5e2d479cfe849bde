// Charts as inline SVG for the HTML report: no script, no external file.
#include "ChartPlot.h"

namespace mig::report {

namespace {

QString num(double v)
{
    return QString::number(v, 'f', 1);
}

class SvgCanvas final : public ChartCanvas
{
public:
    QString out;

    void line(QPointF a, QPointF b, const QColor &color, double width) override
    {
        out += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%4\" stroke=\"%5\" stroke-width=\"%6\"/>")
                   .arg(num(a.x()), num(a.y()), num(b.x()), num(b.y()), color.name(), num(width));
    }
    void polyline(const QList<QPointF> &points, const QColor &color, double width) override
    {
        QStringList xy;
        for (const QPointF &p : points)
            xy << num(p.x()) + u',' + num(p.y());
        out += QStringLiteral("<polyline fill=\"none\" points=\"%1\" stroke=\"%2\" stroke-width=\"%3\"/>").arg(xy.join(u' '), color.name(), num(width));
    }
    void rect(const QRectF &r, const QColor &fill) override
    {
        out += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"/>")
                   .arg(num(r.x()), num(r.y()), num(r.width()), num(r.height()), fill.name());
    }
    void text(QPointF at, const QString &text, double size, const QColor &color, Anchor anchor, bool bold) override
    {
        const char *a = anchor == Anchor::Start ? "start" : anchor == Anchor::Middle ? "middle" : "end";
        out += QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"%3\" fill=\"%4\" text-anchor=\"%5\"%6>%7</text>")
                   .arg(num(at.x()), num(at.y()), num(size), color.name(), QLatin1String(a),
                        bold ? QStringLiteral(" font-weight=\"bold\"") : QString(), text.toHtmlEscaped());
    }
};

} // namespace

QString chartSvg(const ChartData &chart, QSizeF size)
{
    SvgCanvas canvas;
    drawChart(chart, canvas, size);
    return QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 %1 %2\" width=\"%1\" height=\"%2\" "
                          "font-family=\"sans-serif\"><title>%3</title>%4</svg>")
        .arg(num(size.width()), num(size.height()), chart.title.toHtmlEscaped(), canvas.out);
}

} // namespace mig::report
