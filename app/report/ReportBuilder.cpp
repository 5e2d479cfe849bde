#include "ReportBuilder.h"
#include "Redact.h"
#include "ReportSections.h"

#include <QDateTime>
#include <QJsonArray>

namespace mig::report {

namespace detail {

namespace {

QJsonValue redactedValue(const QJsonValue &v)
{
    if (v.isString())
        return redact(v.toString());
    if (v.isObject())
        return redacted(v.toObject());
    if (v.isArray()) {
        QJsonArray a;
        for (const QJsonValue &item : v.toArray())
            a.append(redactedValue(item));
        return a;
    }
    return v;
}

} // namespace

QJsonObject redacted(const QJsonObject &event)
{
    QJsonObject out;
    for (auto it = event.constBegin(); it != event.constEnd(); ++it)
        out.insert(it.key(), redactedValue(it.value()));
    return out;
}

QList<QJsonObject> redactedEvents(RunStore &store, const QString &runId)
{
    QList<QJsonObject> out;
    for (const QJsonObject &e : store.events(runId))
        out << redacted(e);
    return out;
}

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

qint64 number(const QJsonObject &o, const char *key, qint64 absent)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? qint64(v.toDouble()) : absent;
}

const QJsonObject *RunRecord::first(const QString &type, const QString &check) const
{
    for (const QJsonObject &e : events)
        if (e.value(u"event").toString() == type && (check.isEmpty() || e.value(u"check").toString() == check))
            return &e;
    return nullptr;
}

const StoredSnapshot *RunRecord::snapshot(const QString &label) const
{
    for (const StoredSnapshot &s : snapshots)
        if (s.label == label)
            return &s;
    return nullptr;
}

} // namespace detail

namespace {

using namespace detail;

QString engineOf(const QString &targetKey)
{
    const QString scheme = targetKey.section(u':', 0, 0);
    return scheme == u"sqlite" || scheme == u"postgres" || scheme == u"mysql" ? scheme : QString();
}

void fillHeader(const RunRecord &r, const BuildOptions &options, ReportModel &m)
{
    ReportHeader &h = m.header;
    const StoredRun &run = r.row.run;
    h.runId = run.id;
    h.action = run.action;
    h.target = redact(run.target);
    h.engine = engineOf(run.targetKey);
    h.consoleVersion = r.row.consoleVersion;
    h.startedAt = run.startedAt;
    h.finishedAt = run.finishedAt;
    h.environment = redact(options.environment);
    h.generatedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QJsonObject *started = r.first(QStringLiteral("run-started"));
    if (started)
        h.project = text(*started, "dir");
    // The runner names its session's server in run-started; snapshots carry it for every run.
    for (const QString &label : {QStringLiteral("after-run"), QStringLiteral("before-run")})
        if (const StoredSnapshot *s = r.snapshot(label); s && h.serverVersion.isEmpty())
            h.serverVersion = s->snapshot.serverVersion;
    if (h.serverVersion.isEmpty() && started && changingActions().contains(run.action))
        h.serverVersion = text(*started, "message");
    // The lock note is "user@host, run ID": who ran it.
    if (const QJsonObject *lock = r.first(QStringLiteral("lock-acquired")))
        h.operatorName = text(*lock, "message").section(QStringLiteral(", run "), 0, 0);
}

void fillSummary(const RunRecord &r, ReportModel &m)
{
    ReportSummary &s = m.summary;
    const StoredRun &run = r.row.run;
    if (const QJsonObject *started = r.first(QStringLiteral("run-started")))
        s.migrationsPlanned = int(number(*started, "migrations", 0));
    for (const MigrationTiming &t : m.timeline)
        if (t.status == u"applied" || t.status == u"rolled_back")
            ++s.migrationsCompleted;
    const QJsonObject *finished = r.first(QStringLiteral("run-finished"));
    s.durationMs = finished ? number(*finished, "durationMs") : -1;
    if (s.durationMs < 0)
        s.durationMs = r.row.durationMs();
    s.outcome = run.outcome.isEmpty() ? QStringLiteral("unfinished") : run.outcome;
    s.message = redact(run.message);
    s.errors = int(m.errors.size());
    for (const QJsonObject &e : r.events)
        if (text(e, "event") == u"message" && text(e, "status") == u"warning")
            ++s.warnings;
    s.decision = m.gate.evaluated ? m.gate.verdict : QStringLiteral("not evaluated");
    s.overridden = m.gate.overridden;
}

} // namespace

bool ChartData::isEmpty() const
{
    for (const ChartSeries &s : series)
        if (!s.points.isEmpty())
            return false;
    return true;
}

int ReportModel::checkCount(const QString &status) const
{
    return int(std::count_if(checks.cbegin(), checks.cend(), [&status](const CheckRow &c) { return c.status == status; }));
}

std::optional<ReportModel> buildReport(RunStore &store, const QString &runId, QString *error, const BuildOptions &options)
{
    QString why;
    const std::optional<RunRow> row = resolveRun(store, runId, {}, &why);
    if (!row) {
        if (error)
            *error = why;
        return std::nullopt;
    }
    // The snapshots before and after the run: the ones after each migration are rebuilt from
    // deltas, each a whole schema, and the report tells those migrations' changes from their
    // schema-changed events.
    RunRecord r{*row, redactedEvents(store, row->run.id),
                store.snapshots(row->run.id, QStringLiteral("before-run")) + store.snapshots(row->run.id, QStringLiteral("after-run"))};
    r.row.run.target = redact(r.row.run.target);
    r.row.run.message = redact(r.row.run.message);
    ReportModel m;
    fillHeader(r, options, m);
    fillTimeline(r, m);
    fillSchema(r, m);
    fillChecks(store, r, m);
    fillGate(store, r, m);
    fillBackup(store, r, m);
    fillRollback(store, r, m);
    fillCharts(r, m);
    fillSummary(r, m);
    return m;
}

} // namespace mig::report
