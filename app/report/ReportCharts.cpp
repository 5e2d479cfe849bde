// The charts' data: statement durations, throughput and the target's health during the run.
#include "ReportSections.h"

#include <QDateTime>

#include <algorithm>
#include <numeric>

namespace mig::report::detail {

namespace {

constexpr int MaxBars = 60;

ChartData durations(const ReportModel &m)
{
    ChartData c{QStringLiteral("durations"), QStringLiteral("Statement durations"), QStringLiteral("statement (version #n)"),
                QStringLiteral("ms"), true};
    QList<StatementTiming> shown = m.statements;
    if (shown.size() > MaxBars) {
        // The longest ones, kept in run order.
        QList<int> order(shown.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&shown](int a, int b) { return shown[a].durationMs > shown[b].durationMs; });
        order.resize(MaxBars);
        std::sort(order.begin(), order.end());
        QList<StatementTiming> longest;
        for (int i : order)
            longest << shown[i];
        shown = longest;
        c.title = QStringLiteral("Statement durations (the %1 longest of %2)").arg(MaxBars).arg(m.statements.size());
    }
    ChartSeries s{QStringLiteral("duration (ms)")};
    for (const StatementTiming &t : shown) {
        c.categories << QStringLiteral("%1 #%2").arg(t.version).arg(t.statement);
        s.points << QPointF(c.categories.size() - 1, qMax<qint64>(t.durationMs, 0));
    }
    c.series << s;
    if (shown.isEmpty())
        c.empty = QStringLiteral("the run ran no statement");
    return c;
}

ChartData throughput(const RunRecord &r, const ReportModel &m)
{
    ChartData c{QStringLiteral("throughput"), QStringLiteral("Batch throughput"), QStringLiteral("batch"), QStringLiteral("rows/s")};
    QMap<QString, ChartSeries> perMigration;
    for (const QJsonObject &e : r.events) {
        if (text(e, "event") != u"batch-progress" || number(e, "rows", 0) <= 0)
            continue;
        ChartSeries &s = perMigration[text(e, "version")];
        s.name = text(e, "version") + u' ' + text(e, "name");
        s.points << QPointF(number(e, "batch", 0), e.value(u"rowsPerSecond").toDouble());
    }
    c.series = perMigration.values();
    if (!c.series.isEmpty())
        return c;
    // Without batches: rows per second of each migration that changed rows.
    c = ChartData{QStringLiteral("throughput"), QStringLiteral("Rows per second, per migration"), QStringLiteral("migration"),
                  QStringLiteral("rows/s"), true};
    ChartSeries s{QStringLiteral("rows/s")};
    for (const MigrationTiming &t : m.timeline) {
        if (t.rows <= 0 || t.durationMs < 0)
            continue;
        c.categories << t.version;
        s.points << QPointF(c.categories.size() - 1, t.rows * 1000.0 / qMax<qint64>(t.durationMs, 1));
    }
    c.series << s;
    if (s.points.isEmpty())
        c.empty = QStringLiteral("the run changed no rows");
    return c;
}

QList<ChartData> health(const RunRecord &r)
{
    const QDateTime start = QDateTime::fromString(r.row.run.startedAt, Qt::ISODateWithMs);
    ChartSeries sessions{QStringLiteral("sessions")}, waits{QStringLiteral("lock waits")}, size{QStringLiteral("database size (MB)")},
        lag{QStringLiteral("replication lag (s)")};
    for (const QJsonObject &e : r.events) {
        if (text(e, "event") != u"health-sample")
            continue;
        const double x = start.msecsTo(QDateTime::fromString(text(e, "at"), Qt::ISODateWithMs)) / 1000.0;
        const QJsonObject d = e.value(u"data").toObject();
        if (d.contains(u"sessions"))
            sessions.points << QPointF(x, d.value(u"sessions").toDouble());
        if (d.contains(u"lockWaits"))
            waits.points << QPointF(x, d.value(u"lockWaits").toDouble());
        if (d.contains(u"databaseBytes"))
            size.points << QPointF(x, d.value(u"databaseBytes").toDouble() / (1024.0 * 1024.0));
        if (d.contains(u"replicationLagSeconds"))
            lag.points << QPointF(x, d.value(u"replicationLagSeconds").toDouble());
    }
    const QString xLabel = QStringLiteral("seconds since the run started");
    ChartData activity{QStringLiteral("health-sessions"), QStringLiteral("Target health: sessions and lock waits"), xLabel, QStringLiteral("count")};
    activity.series << sessions << waits;
    if (activity.isEmpty()) {
        activity.empty = QStringLiteral("no health samples were recorded during this run");
        return {activity};
    }
    QList<ChartData> out{activity};
    if (!size.points.isEmpty())
        out << ChartData{QStringLiteral("health-size"), QStringLiteral("Target health: database size"), xLabel, QStringLiteral("MB"), false, {}, {size}};
    if (!lag.points.isEmpty())
        out << ChartData{QStringLiteral("health-lag"), QStringLiteral("Target health: replication lag"), xLabel, QStringLiteral("s"), false, {}, {lag}};
    return out;
}

} // namespace

void fillCharts(const RunRecord &r, ReportModel &m)
{
    m.charts << durations(m) << throughput(r, m) << health(r);
}

} // namespace mig::report::detail
