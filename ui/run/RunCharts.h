#pragma once

#include "RunTracker.h"
#include "SeriesBuffer.h"

#include <QElapsedTimer>
#include <QWidget>

class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QXYSeries;
class QValueAxis;

namespace mig::ui {

// The run's four charts ("runCharts"): statement durations over run time ("durationChart"),
// rows/s over run time ("throughputChart"), one bar per migration ("migrationChart") and the
// target's health from the monitor's connection ("healthChart": active sessions, lock waits,
// database size on a second axis, replication lag when the target reports one). Points are
// buffered as they come and reach the charts only in flush().
class RunCharts : public QWidget
{
    Q_OBJECT
public:
    explicit RunCharts(QWidget *parent = nullptr);

    void reset();
    void addDurations(const QList<QPointF> &points);
    void addThroughput(const QList<QPointF> &points);
    void addMigrationDurations(const QList<QPair<QString, qint64>> &bars);
    void addHealth(const QList<HealthPoint> &points);
    // Hands buffered points to the series (QXYSeries::replace) and rescales the axes; the time
    // axes span the run so far (`runSeconds`). The bars are rebuilt at most once a second unless
    // `final` (a bar chart lays out every bar again on each change).
    void flush(double runSeconds, bool final = false);
    // Points (bars) a chart shows now, by the chart view's objectName.
    int pointCount(const QString &chartName) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Line {
        QXYSeries *series = nullptr;
        SeriesBuffer buffer;
    };
    QChartView *addChart(const QString &objectName, const QString &title, int row, int column);
    enum class Look { Line, LineWithPoints, Dots };
    Line *addLine(QChart *chart, const QString &name, QValueAxis *x, QValueAxis *y, Look look = Look::Line);
    QValueAxis *addAxis(QChart *chart, Qt::Alignment where, const QString &title);
    void flushHealth(double runSeconds);
    void applyTheme();
    void flushBars();

    QChartView *m_durationView, *m_throughputView, *m_migrationView, *m_healthView;
    QValueAxis *m_durationX, *m_durationY, *m_throughputX, *m_throughputY;
    QValueAxis *m_healthX, *m_healthY, *m_sizeAxis, *m_migrationY;
    QBarCategoryAxis *m_migrationX;
    QBarSet *m_migrationSet;
    QList<QPair<QString, qint64>> m_pendingBars;
    double m_maxBar = 0;
    QElapsedTimer m_barsFlushed;
    Line *m_durations, *m_throughput, *m_sessions, *m_lockWaits, *m_size;
    Line *m_lag = nullptr; // created with the first sample that has a replication lag
    std::vector<std::unique_ptr<Line>> m_lines;
};

} // namespace mig::ui
