#pragma once

#include "ReportModel.h"

#include <QColor>
#include <QRectF>

namespace mig::report {

// Where a chart is drawn: SVG text for HTML (ChartSvg.cpp), a QPainter on an image for PDF
// (ChartImage.cpp). One drawing routine serves both, so the two look the same.
class ChartCanvas
{
public:
    enum class Anchor { Start, Middle, End };
    virtual ~ChartCanvas() = default;
    virtual void line(QPointF a, QPointF b, const QColor &color, double width) = 0;
    virtual void polyline(const QList<QPointF> &points, const QColor &color, double width) = 0;
    virtual void rect(const QRectF &r, const QColor &fill) = 0;
    // Text whose baseline starts, centres or ends at `at`; size in the canvas's units.
    virtual void text(QPointF at, const QString &text, double size, const QColor &color, Anchor anchor, bool bold = false) = 0;
};

QColor seriesColor(int index);

// Draws `chart` (title, axes with ticks, bars or lines, legend) into a box of `size` units.
void drawChart(const ChartData &chart, ChartCanvas &canvas, QSizeF size);

// The chart as an inline <svg> element.
QString chartSvg(const ChartData &chart, QSizeF size = QSizeF(720, 300));

} // namespace mig::report
