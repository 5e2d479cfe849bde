// Charts drawn with QPainter on an image, for the PDF (migreport links Qt Gui only, not Charts).
#include "ChartImage.h"
#include "ChartPlot.h"

#include <QPainter>
#include <QPainterPath>

namespace mig::report {

namespace {

class PainterCanvas final : public ChartCanvas
{
public:
    explicit PainterCanvas(QPainter &p) : m_p(p) {}

    void line(QPointF a, QPointF b, const QColor &color, double width) override
    {
        m_p.setPen(QPen(color, width));
        m_p.drawLine(a, b);
    }
    void polyline(const QList<QPointF> &points, const QColor &color, double width) override
    {
        m_p.setPen(QPen(color, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        m_p.drawPolyline(points.constData(), int(points.size()));
    }
    void rect(const QRectF &r, const QColor &fill) override
    {
        m_p.fillRect(r, fill);
    }
    void text(QPointF at, const QString &text, double size, const QColor &color, Anchor anchor, bool bold) override
    {
        QFont f(QStringLiteral("DejaVu Sans"));
        f.setStyleHint(QFont::SansSerif);
        f.setPixelSize(qMax(1, qRound(size)));
        f.setBold(bold);
        m_p.setFont(f);
        m_p.setPen(color);
        const double w = m_p.fontMetrics().horizontalAdvance(text);
        const double x = anchor == Anchor::Start ? at.x() : anchor == Anchor::Middle ? at.x() - w / 2 : at.x() - w;
        m_p.drawText(QPointF(x, at.y()), text);
    }

private:
    QPainter &m_p;
};

} // namespace

QImage chartImage(const ChartData &chart, QSizeF size, double scale)
{
    QImage image((size * scale).toSize(), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.scale(scale, scale);
    PainterCanvas canvas(p);
    drawChart(chart, canvas, size);
    return image;
}

} // namespace mig::report
