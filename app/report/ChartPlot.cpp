#include "ChartPlot.h"

#include <QtMath>

namespace mig::report {

namespace {

// A round axis maximum (1, 2 or 5 times a power of ten) at or above `v`.
double niceCeiling(double v)
{
    if (v <= 0)
        return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= v)
            return m * p;
    return 10 * p;
}

QString tickText(double v)
{
    if (std::abs(v) >= 1e6)
        return QStringLiteral("%1M").arg(v / 1e6, 0, 'g', 3);
    if (std::abs(v) >= 1e4)
        return QStringLiteral("%1k").arg(v / 1e3, 0, 'g', 3);
    return QString::number(v, 'g', 4);
}

struct Range {
    double minX = 0, maxX = 1, maxY = 1;
    bool integralX = true; // batch numbers, samples: ticks at whole numbers
};

Range rangeOf(const ChartData &c)
{
    Range r{std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(), 0};
    for (const ChartSeries &s : c.series)
        for (const QPointF &p : s.points) {
            r.minX = qMin(r.minX, p.x());
            r.maxX = qMax(r.maxX, p.x());
            r.maxY = qMax(r.maxY, p.y());
            r.integralX = r.integralX && p.x() == std::floor(p.x());
        }
    if (r.minX > r.maxX)
        r = Range{};
    if (r.maxX <= r.minX)
        r.maxX = r.minX + 1;
    r.maxY = niceCeiling(r.maxY);
    return r;
}

} // namespace

QColor seriesColor(int index)
{
    static const QColor colors[] = {QColor(0x1f, 0x6f, 0xb4), QColor(0xd9, 0x6b, 0x1c), QColor(0x2e, 0x8b, 0x57),
                                    QColor(0x8e, 0x44, 0xad), QColor(0xc0, 0x39, 0x2b)};
    return colors[index % 5];
}

void drawChart(const ChartData &c, ChartCanvas &canvas, QSizeF size)
{
    const QColor ink(0x33, 0x33, 0x33), grid(0xdd, 0xdd, 0xdd);
    const double font = 11;
    const QRectF plot(QPointF(64, 40), QPointF(size.width() - 16, size.height() - 44));
    canvas.rect(QRectF(QPointF(0, 0), size), Qt::white);
    canvas.text(QPointF(plot.left(), 18), c.title, font + 2, ink, ChartCanvas::Anchor::Start, true);
    const Range r = rangeOf(c);

    // Value axis: five gridlines with their values.
    for (int i = 0; i <= 4; ++i) {
        const double v = r.maxY * i / 4.0;
        const double y = plot.bottom() - plot.height() * i / 4.0;
        canvas.line(QPointF(plot.left(), y), QPointF(plot.right(), y), i == 0 ? ink : grid, 1);
        canvas.text(QPointF(plot.left() - 6, y + 4), tickText(v), font - 1, ink, ChartCanvas::Anchor::End);
    }
    canvas.text(QPointF(plot.left() - 6, plot.top() - 8), c.yLabel, font - 1, ink, ChartCanvas::Anchor::End);
    canvas.text(QPointF(plot.center().x(), size.height() - 6), c.xLabel, font - 1, ink, ChartCanvas::Anchor::Middle);
    auto yOf = [&](double v) { return plot.bottom() - plot.height() * qMin(v / r.maxY, 1.0); };

    if (c.bars) {
        const int n = qMax<int>(1, int(c.categories.size()));
        const double slot = plot.width() / n;
        // Every n-th label only, n such that the longest one fits in its share without overlap.
        qsizetype longest = 1;
        for (const QString &cat : c.categories)
            longest = qMax(longest, cat.size());
        const int every = qMax(1, int(std::ceil((longest * (font - 1) * 0.62 + 10) / slot)));
        for (const ChartSeries &s : c.series)
            for (const QPointF &p : s.points) {
                const double x = plot.left() + slot * p.x();
                canvas.rect(QRectF(QPointF(x + slot * 0.15, yOf(p.y())), QPointF(x + slot * 0.85, plot.bottom())), seriesColor(0));
            }
        for (int i = 0; i < c.categories.size(); i += every)
            canvas.text(QPointF(plot.left() + slot * (i + 0.5), plot.bottom() + 14), c.categories.at(i), font - 1, ink, ChartCanvas::Anchor::Middle);
        return;
    }

    auto xOf = [&](double v) { return plot.left() + plot.width() * (v - r.minX) / (r.maxX - r.minX); };
    const double step = r.integralX ? std::ceil((r.maxX - r.minX) / 4.0) : (r.maxX - r.minX) / 4.0;
    for (double v = r.minX; v <= r.maxX + step / 1000; v += step)
        canvas.text(QPointF(xOf(v), plot.bottom() + 14), tickText(v), font - 1, ink, ChartCanvas::Anchor::Middle);
    double legendX = plot.right();
    for (int i = int(c.series.size()) - 1; i >= 0; --i) {
        const ChartSeries &s = c.series.at(i);
        QList<QPointF> points;
        for (const QPointF &p : s.points)
            points << QPointF(xOf(p.x()), yOf(p.y()));
        if (points.size() == 1)
            canvas.rect(QRectF(points.first() - QPointF(3, 3), QSizeF(6, 6)), seriesColor(i));
        else if (!points.isEmpty())
            canvas.polyline(points, seriesColor(i), 2);
        // Legend, right-aligned above the plot.
        canvas.text(QPointF(legendX, 18), s.name, font - 1, ink, ChartCanvas::Anchor::End);
        const double width = s.name.size() * (font - 1) * 0.55;
        canvas.rect(QRectF(legendX - width - 14, 10, 10, 10), seriesColor(i));
        legendX -= width + 26;
    }
}

} // namespace mig::report
