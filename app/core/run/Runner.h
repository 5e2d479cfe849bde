#pragma once

#include "MigrationExecutor.h"
#include "SchemaWatch.h"

#include "plan/Status.h"
#include "preflight/Checklist.h"
#include "source/Format.h"
#include "target/ConnectionProfile.h"

#include <QMutex>
#include <QThreadPool>
#include <atomic>

namespace mig {

struct RunRequest {
    enum class Action { Apply, Resume, Rollback, MarkApplied, Baseline };
    Action action = Action::Apply;
    ConnectionProfile profile;
    QString password;             // from the keychain, the environment or a prompt; never stored
    QString dir;
    std::optional<Format> format; // forced layout; autodetected when unset
    QString toVersion;            // apply: stop after it; rollback: roll back everything above it
    int steps = 0;                // rollback: how many (default 1 when no --to)
    QString version;              // mark-applied, baseline --version
    std::optional<Format> baselineFrom; // baseline --from: the tool whose history to adopt
    QString reason;               // mark-applied, baseline
    bool dryRun = false;
    bool allowOutOfOrder = false;
    int lockWaitSeconds = 0;      // how long to wait for another run's lock; 0: fail at once
    LockPolicy locks;
    // What previews showed each migration would leave (from the run store); the run compares.
    QList<SchemaExpectation> expected;
    // apply under a policy that enforces go/no-go: the checklist as evaluated just before, with
    // any override. The run records it, and refuses when the plan changed since it was
    // evaluated, or, when the policy is enforced, unless it is GO or overridden.
    std::optional<GoDecision> gate;
};

QString actionName(RunRequest::Action a); // apply, resume, rollback, mark-applied, baseline

struct RunResult {
    enum class Outcome { Succeeded, NothingToDo, Failed, Cancelled, Refused };
    Outcome outcome = Outcome::Failed;
    QString runId;
    QString message;
    bool folderErrors = false; // refused because the migrations folder has errors
};

// One run against one target, on the thread that calls run() (a worker thread in the GUI, the
// main thread in migctl). Its own connections are made on that thread. Everything it does is
// told through events; cancel() may be called from any thread.
class Runner
{
public:
    Runner(RunRequest request, EventSink sink);
    ~Runner();

    RunResult run();
    void cancel();
    const QString &runId() const { return m_runId; }

    static QString newRunId();
    static QString operatorName(); // OS user@host

private:
    // What a run will do to one migration.
    struct Selected {
        PlannedMigration planned;
        QString direction = QStringLiteral("up");
        QString action;           // the history action
        bool recordOnly = false;  // mark-applied, baseline: a history row, no SQL
        int startAt = 0;          // resume
        qint64 batchRowsDone = 0; // resume
        QString ranScript;        // resume: the script text as it ran, from the dirty row
    };
    RunResult refuse(const QString &message);
    RunResult finish(RunResult::Outcome outcome, const QString &message);
    void emitMessage(const QString &status, const QString &message);
    std::optional<QString> acquireLock(TargetSession &session);
    std::optional<QString> select(TargetSession &session, const TargetStatus &status, QList<Selected> &out, RunResult::Outcome &nothing);
    std::optional<QString> checkGate(const TargetStatus &status);
    RunResult record(TargetSession &session, HistoryTable &history, const QList<Selected> &jobs);
    RunResult runJobs(TargetSession &session, HistoryTable &history, const QList<Selected> &jobs, SchemaWatch *watch);

    RunRequest m_request;
    EventSink m_sink;
    QString m_runId;
    std::atomic<bool> m_cancel{false};
    qint64 m_startedMs = 0;

    // The running session's interrupt, guarded so it is never called on a closed session.
    QMutex m_interruptMutex;
    std::function<void()> m_interrupt;
    bool m_armed = false; // a statement of the script is running
    // Runs interrupts off the caller's thread; last member, so it is destroyed (and waits for
    // any interrupt still running) before everything that interrupt uses.
    QThreadPool m_pool;
};

} // namespace mig
