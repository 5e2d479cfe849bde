#pragma once

#include <QList>
#include <QPointF>

class QXYSeries;

namespace mig::ui {

// The points of one chart line between two flushes, and all of them since the run started. A
// run of 10,000 statements would give a line of 10,000 points, and every flush would lay them
// all out again on the GUI thread: past `cap` points, neighbours are merged in pairs keeping the
// larger value, so peaks (the slow statement a DBA looks for) stay visible.
class SeriesBuffer
{
public:
    explicit SeriesBuffer(int cap = 1500) : m_cap(qMax(16, cap)) {}

    void append(const QPointF &p);
    void clear();
    bool dirty() const { return m_dirty; }
    int count() const { return int(m_points.size()); }
    double maxY() const { return m_maxY; }
    const QList<QPointF> &points() const { return m_points; }
    // Hands every point to the series in one QXYSeries::replace() (far cheaper than clear() and
    // append() per point), scaled by `yScale`, when anything changed since the last time.
    void flushTo(QXYSeries *series, double yScale = 1.0);

private:
    void decimate();

    int m_cap;
    QList<QPointF> m_points;
    double m_maxY = 0;
    bool m_dirty = false;
};

} // namespace mig::ui
