#include "SeriesBuffer.h"

#include <QXYSeries>

namespace mig::ui {

void SeriesBuffer::append(const QPointF &p)
{
    m_points << p;
    m_maxY = qMax(m_maxY, p.y());
    m_dirty = true;
    if (m_points.size() > m_cap)
        decimate();
}

void SeriesBuffer::clear()
{
    m_points.clear();
    m_maxY = 0;
    m_dirty = true;
}

void SeriesBuffer::decimate()
{
    QList<QPointF> merged;
    merged.reserve(m_points.size() / 2 + 1);
    for (qsizetype i = 0; i + 1 < m_points.size(); i += 2)
        merged << QPointF(m_points.at(i + 1).x(), qMax(m_points.at(i).y(), m_points.at(i + 1).y()));
    if (m_points.size() % 2)
        merged << m_points.last();
    m_points.swap(merged);
}

void SeriesBuffer::flushTo(QXYSeries *series, double yScale)
{
    if (!m_dirty)
        return;
    m_dirty = false;
    if (yScale == 1.0) {
        series->replace(m_points);
        return;
    }
    QList<QPointF> scaled;
    scaled.reserve(m_points.size());
    for (const QPointF &p : std::as_const(m_points))
        scaled << QPointF(p.x(), p.y() * yScale);
    series->replace(scaled);
}

} // namespace mig::ui
