#pragma once

#include "run/MigrationExecutor.h"
#include "target/ConnectionProfile.h"

#include <QElapsedTimer>

namespace mig {

// How a backup, restore or restore-test run ended.
struct JobResult {
    enum class Outcome { Succeeded, Failed, Cancelled, Refused };
    Outcome outcome = Outcome::Failed;
    QString runId;
    QString message; // what was done, or why not
};

// "12.3 MB", "640 B": sizes as a DBA reads them.
QString humanSize(qint64 bytes);

// The events of one backup, restore or restore-test run: RunStarted, throttled Progress,
// Message, CheckFinished, RunFinished, all with the run's id and time.
class JobEvents
{
public:
    JobEvents(QString action, EventSink sink);

    const QString &runId() const { return m_runId; }
    void started(const ConnectionProfile &target, const QString &message);
    void started(const QString &target, const QString &targetKey, const QString &message);
    // Progress of `task` (backup, restore, restore test): a new phase is told at once, the same
    // phase at most twice a second.
    void progress(const QString &task, const QString &phase, qint64 done, qint64 total, const QString &unit);
    void message(const QString &status, const QString &text);
    void check(const QString &name, const QString &status, const QString &measured, const QString &detail,
               const QJsonObject &data = {});
    // RunFinished (succeeded | failed | cancelled | refused) and the result that says the same.
    JobResult finished(JobResult::Outcome outcome, const QString &message);

private:
    RunEvent make(RunEvent::Type type) const;
    QString m_action;
    EventSink m_sink;
    QString m_runId;
    QElapsedTimer m_clock;
    QElapsedTimer m_lastProgress;
    QString m_lastPhase;
};

} // namespace mig
