#include "JobEvents.h"

#include "run/History.h"
#include "run/Runner.h"

namespace mig {

JobEvents::JobEvents(QString action, EventSink sink)
    : m_action(std::move(action))
    , m_sink(std::move(sink))
    , m_runId(Runner::newRunId())
{
    m_clock.start();
}

RunEvent JobEvents::make(RunEvent::Type type) const
{
    RunEvent e;
    e.type = type;
    e.at = HistoryTable::nowUtc();
    e.runId = m_runId;
    e.action = m_action;
    return e;
}

QString humanSize(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    const char *units[] = {"KB", "MB", "GB", "TB"};
    double v = double(bytes);
    int u = -1;
    while (v >= 1024 && u < 3) {
        v /= 1024;
        ++u;
    }
    return QStringLiteral("%1 %2").arg(v, 0, 'f', v < 10 ? 1 : 0).arg(QLatin1String(units[u]));
}

void JobEvents::started(const ConnectionProfile &target, const QString &message)
{
    started(target.displayUrl(), target.storeKey(), message);
}

void JobEvents::started(const QString &target, const QString &targetKey, const QString &message)
{
    RunEvent e = make(RunEvent::Type::RunStarted);
    e.target = target;
    e.targetKey = targetKey;
    e.message = message;
    m_sink(e);
}

void JobEvents::progress(const QString &task, const QString &phase, qint64 done, qint64 total, const QString &unit)
{
    if (phase == m_lastPhase && m_lastProgress.isValid() && m_lastProgress.elapsed() < 500)
        return;
    m_lastPhase = phase;
    m_lastProgress.start();
    RunEvent e = make(RunEvent::Type::Progress);
    e.check = task;
    e.message = phase;
    e.rowsDone = done;
    e.rowsTotal = total;
    e.unit = unit;
    m_sink(e);
}

void JobEvents::message(const QString &status, const QString &text)
{
    RunEvent e = make(RunEvent::Type::Message);
    e.status = status;
    e.message = text;
    m_sink(e);
}

void JobEvents::check(const QString &name, const QString &status, const QString &measured, const QString &detail, const QJsonObject &data)
{
    RunEvent e = make(RunEvent::Type::CheckFinished);
    e.check = name;
    e.status = status;
    e.measured = measured;
    e.message = detail;
    e.data = data;
    m_sink(e);
}

JobResult JobEvents::finished(JobResult::Outcome outcome, const QString &message)
{
    static const char *const names[] = {"succeeded", "failed", "cancelled", "refused"};
    RunEvent e = make(RunEvent::Type::RunFinished);
    e.status = QLatin1String(names[int(outcome)]);
    e.message = message;
    e.durationMs = m_clock.elapsed();
    m_sink(e);
    return JobResult{outcome, m_runId, message};
}

} // namespace mig
