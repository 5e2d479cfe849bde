#include "RunCharts.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGridLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QPainter>
#include <QValueAxis>
#include <cmath>

namespace mig::ui {

namespace {

// An axis end: the first of 1, 2, 5 x 10^k at or above v, and how many ticks split it into
// round steps (fifths of 1 and 5 x 10^k, quarters of 2 x 10^k).
struct AxisEnd {
    double top;
    int ticks;
};

AxisEnd axisEnd(double v)
{
    if (v <= 1)
        return {1, 6};
    const double power = std::pow(10.0, std::floor(std::log10(v)));
    const double mantissa = v / power;
    if (mantissa <= 1)
        return {power, 6};
    if (mantissa <= 2)
        return {2 * power, 5};
    return mantissa <= 5 ? AxisEnd{5 * power, 6} : AxisEnd{10 * power, 6};
}

// 0 to a round figure above `max` (with some room above the highest point, unless `tight`).
void fitAxis(QValueAxis *axis, double max, bool tight = false)
{
    const AxisEnd end = axisEnd(tight ? max : max * 1.05);
    if (axis->max() == end.top && axis->min() == 0)
        return;
    axis->setRange(0, end.top);
    axis->setTickCount(end.ticks);
    axis->setLabelFormat(end.top >= 10 ? QStringLiteral("%.0f") : QStringLiteral("%.2g"));
}

// Bytes in the unit that keeps the axis' figures below 1024.
struct SizeUnit {
    double divisor;
    const char *name;
};

SizeUnit sizeUnit(double bytes)
{
    static const SizeUnit units[] = {{1, "B"}, {1024, "KiB"}, {1024.0 * 1024, "MiB"}, {1024.0 * 1024 * 1024, "GiB"},
                                     {1024.0 * 1024 * 1024 * 1024, "TiB"}};
    int i = 0;
    while (i < 4 && bytes >= units[i + 1].divisor)
        ++i;
    return units[i];
}

constexpr int MarkerSize = 6;

// A dot drawn as an image: a scatter series with a "light marker" paints its points itself,
// where plain markers are one QGraphicsItem each, a cost a 10,000-statement run feels.
QImage dot(const QColor &colour)
{
    QImage image(MarkerSize, MarkerSize, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawEllipse(QRectF(0.5, 0.5, MarkerSize - 1, MarkerSize - 1));
    return image;
}

// Category labels stay readable up to this many bars; past it the bars speak alone.
constexpr int MaxLabelledBars = 24;

} // namespace

RunCharts::RunCharts(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("runCharts"));
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);

    m_durationView = addChart(QStringLiteral("durationChart"), QStringLiteral("Statement durations"), 0, 0);
    m_durationX = addAxis(m_durationView->chart(), Qt::AlignBottom, QStringLiteral("run time (s)"));
    m_durationY = addAxis(m_durationView->chart(), Qt::AlignLeft, QStringLiteral("ms"));
    // Dots, not a line: statements are separate measures, and a line would draw a slope from a
    // fast statement to the next slow one that no statement had.
    m_durations = addLine(m_durationView->chart(), QStringLiteral("statement duration (ms)"), m_durationX, m_durationY, Look::Dots);
    m_durations->buffer = SeriesBuffer(600); // dots cost more to place than a line's points

    m_throughputView = addChart(QStringLiteral("throughputChart"), QStringLiteral("Rows changed per second"), 0, 1);
    m_throughputX = addAxis(m_throughputView->chart(), Qt::AlignBottom, QStringLiteral("run time (s)"));
    m_throughputY = addAxis(m_throughputView->chart(), Qt::AlignLeft, QStringLiteral("rows/s"));
    m_throughput = addLine(m_throughputView->chart(), QStringLiteral("rows/s (¼ s windows)"), m_throughputX, m_throughputY,
                           Look::LineWithPoints);

    m_migrationView = addChart(QStringLiteral("migrationChart"), QStringLiteral("Duration per migration"), 1, 0);
    QChart *bars = m_migrationView->chart();
    auto *barSeries = new QBarSeries(bars);
    m_migrationSet = new QBarSet(QStringLiteral("duration (ms)"), barSeries);
    barSeries->append(m_migrationSet);
    bars->addSeries(barSeries);
    m_migrationX = new QBarCategoryAxis(bars);
    m_migrationX->setTitleText(QStringLiteral("migration"));
    bars->addAxis(m_migrationX, Qt::AlignBottom);
    barSeries->attachAxis(m_migrationX);
    m_migrationY = addAxis(bars, Qt::AlignLeft, QStringLiteral("ms"));
    barSeries->attachAxis(m_migrationY);

    m_healthView = addChart(QStringLiteral("healthChart"), QStringLiteral("Target health"), 1, 1);
    QChart *health = m_healthView->chart();
    m_healthX = addAxis(health, Qt::AlignBottom, QStringLiteral("run time (s)"));
    // Short axis titles: the legend names each line (and its unit).
    m_healthY = addAxis(health, Qt::AlignLeft, QStringLiteral("count"));
    m_sizeAxis = addAxis(health, Qt::AlignRight, QStringLiteral("size"));
    m_sessions = addLine(health, QStringLiteral("active sessions"), m_healthX, m_healthY, Look::LineWithPoints);
    m_lockWaits = addLine(health, QStringLiteral("lock waits"), m_healthX, m_healthY, Look::LineWithPoints);
    m_size = addLine(health, QStringLiteral("database size (right axis)"), m_healthX, m_sizeAxis, Look::LineWithPoints);
    health->legend()->setVisible(true);
    health->legend()->setAlignment(Qt::AlignBottom);

    applyTheme();
    reset();
}

QChartView *RunCharts::addChart(const QString &objectName, const QString &title, int row, int column)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setVisible(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    auto *view = new QChartView(chart, this);
    view->setObjectName(objectName);
    view->setMinimumSize(260, 190);
    view->setToolTip(title);
    static_cast<QGridLayout *>(layout())->addWidget(view, row, column);
    return view;
}

QValueAxis *RunCharts::addAxis(QChart *chart, Qt::Alignment where, const QString &title)
{
    auto *axis = new QValueAxis(chart);
    axis->setTitleText(title);
    axis->setLabelFormat(QStringLiteral("%.3g"));
    axis->setTickCount(5);
    axis->setRange(0, 1);
    chart->addAxis(axis, where);
    return axis;
}

RunCharts::Line *RunCharts::addLine(QChart *chart, const QString &name, QValueAxis *x, QValueAxis *y, Look look)
{
    auto line = std::make_unique<Line>();
    if (look == Look::Dots) {
        auto *dots = new QScatterSeries(chart);
        dots->setMarkerSize(MarkerSize);
        dots->setPen(Qt::NoPen);
        line->series = dots; // its light marker is drawn in applyTheme(), in the theme's colour
    } else {
        line->series = new QLineSeries(chart);
        // A single sample is a point, not an invisible line.
        line->series->setPointsVisible(look == Look::LineWithPoints);
    }
    line->series->setName(name);
    chart->addSeries(line->series);
    line->series->attachAxis(x);
    line->series->attachAxis(y);
    m_lines.push_back(std::move(line));
    return m_lines.back().get();
}

void RunCharts::reset()
{
    for (const auto &line : m_lines) {
        line->buffer.clear();
        line->buffer.flushTo(line->series);
    }
    if (m_lag) {
        m_healthView->chart()->removeSeries(m_lag->series);
        delete m_lag->series;
        m_lines.pop_back(); // the lag line is always the last one
        m_lag = nullptr;
    }
    m_migrationSet->remove(0, m_migrationSet->count());
    m_migrationX->clear();
    m_migrationX->setLabelsVisible(true);
    m_pendingBars.clear();
    m_maxBar = 0;
    m_barsFlushed.invalidate();
    for (QValueAxis *axis : {m_durationX, m_durationY, m_throughputX, m_throughputY, m_healthX, m_healthY, m_sizeAxis, m_migrationY})
        axis->setRange(0, 1);
    m_sizeAxis->setTitleText(QStringLiteral("size"));
}

void RunCharts::addDurations(const QList<QPointF> &points)
{
    for (const QPointF &p : points)
        m_durations->buffer.append(p);
}

void RunCharts::addThroughput(const QList<QPointF> &points)
{
    for (const QPointF &p : points)
        m_throughput->buffer.append(p);
}

void RunCharts::addMigrationDurations(const QList<QPair<QString, qint64>> &bars)
{
    m_pendingBars << bars;
}

void RunCharts::addHealth(const QList<HealthPoint> &points)
{
    for (const HealthPoint &p : points) {
        if (p.sessions)
            m_sessions->buffer.append(QPointF(p.seconds, *p.sessions));
        if (p.lockWaits)
            m_lockWaits->buffer.append(QPointF(p.seconds, *p.lockWaits));
        if (p.databaseBytes)
            m_size->buffer.append(QPointF(p.seconds, *p.databaseBytes));
        if (p.replicationLag) {
            if (!m_lag) {
                m_lag = addLine(m_healthView->chart(), QStringLiteral("replication lag (s)"), m_healthX, m_healthY, Look::LineWithPoints);
                applyTheme();
            }
            m_lag->buffer.append(QPointF(p.seconds, *p.replicationLag));
        }
    }
}

void RunCharts::flush(double runSeconds, bool final)
{
    const double span = qMax(runSeconds, 1.0);
    m_durations->buffer.flushTo(m_durations->series);
    fitAxis(m_durationX, span, true);
    fitAxis(m_durationY, m_durations->buffer.maxY());
    m_throughput->buffer.flushTo(m_throughput->series);
    fitAxis(m_throughputX, span, true);
    fitAxis(m_throughputY, m_throughput->buffer.maxY());

    if (final || !m_barsFlushed.isValid() || m_barsFlushed.elapsed() >= 1000)
        flushBars();
    flushHealth(span);
}

void RunCharts::flushBars()
{
    if (m_pendingBars.isEmpty())
        return;
    m_barsFlushed.start();
    QList<qreal> values;
    QStringList labels;
    for (const auto &[version, ms] : std::as_const(m_pendingBars)) {
        // Categories must be unique: a version met twice (rollback after apply) is numbered.
        QString label = version.isEmpty() ? QStringLiteral("#%1").arg(m_migrationSet->count() + values.size() + 1) : version;
        while (m_migrationX->categories().contains(label) || labels.contains(label))
            label += u'\'';
        labels << label;
        values << double(ms);
        m_maxBar = qMax(m_maxBar, double(ms));
    }
    m_pendingBars.clear();
    m_migrationX->append(labels);
    m_migrationSet->append(values);
    m_migrationX->setLabelsVisible(m_migrationX->count() <= MaxLabelledBars);
    fitAxis(m_migrationY, m_maxBar);
}

void RunCharts::flushHealth(double span)
{
    fitAxis(m_healthX, span, true);
    double left = 0;
    for (Line *line : {m_sessions, m_lockWaits, m_lag}) {
        if (!line)
            continue;
        line->buffer.flushTo(line->series);
        left = qMax(left, line->buffer.maxY());
    }
    fitAxis(m_healthY, qMax(left, 4.0)); // a few sessions without a jumpy axis
    // A figure the target has no view for (SQLite's lock waits) gets no legend entry. Touched
    // only on a change: each touch lays the chart out again.
    for (Line *line : {m_sessions, m_lockWaits, m_size, m_lag})
        if (line)
            for (QLegendMarker *marker : m_healthView->chart()->legend()->markers(line->series))
                if (marker->isVisible() != (line->buffer.count() > 0))
                    marker->setVisible(line->buffer.count() > 0);
    if (m_size->buffer.dirty()) {
        const SizeUnit unit = sizeUnit(m_size->buffer.maxY());
        m_size->buffer.flushTo(m_size->series, 1.0 / unit.divisor);
        if (m_sizeAxis->titleText() != QLatin1String(unit.name))
            m_sizeAxis->setTitleText(QLatin1String(unit.name));
        fitAxis(m_sizeAxis, m_size->buffer.maxY() / unit.divisor);
    }
}

int RunCharts::pointCount(const QString &chartName) const
{
    if (chartName == m_durationView->objectName())
        return int(m_durations->series->count());
    if (chartName == m_throughputView->objectName())
        return int(m_throughput->series->count());
    if (chartName == m_migrationView->objectName())
        return int(m_migrationSet->count());
    if (chartName == m_healthView->objectName()) {
        int n = 0;
        for (Line *line : {m_sessions, m_lockWaits, m_size, m_lag})
            n += line ? int(line->series->count()) : 0;
        return n;
    }
    return -1;
}

void RunCharts::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

void RunCharts::applyTheme()
{
    // The charts follow the window's palette (light or dark), like every other view.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    for (QChartView *view : {m_durationView, m_throughputView, m_migrationView, m_healthView}) {
        QChart *chart = view->chart();
        chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        chart->setBackgroundRoundness(0);
        QFont title = font();
        title.setBold(true);
        chart->setTitleFont(title);
        view->setBackgroundBrush(palette().window());
    }
    m_durations->series->setLightMarker(dot(m_durations->series->color()));
}

} // namespace mig::ui
