#pragma once

#include "History.h"
#include "RunEvent.h"

#include "source/ScriptRef.h"

#include <atomic>
#include <functional>

namespace mig {

using EventSink = std::function<void(const RunEvent &)>;

// How statements meet the engine when they fail on a lock.
struct LockPolicy {
    int timeoutMs = 5000; // lock_timeout / lock_wait_timeout / busy_timeout per statement
    int retries = 3;      // further attempts after a lock timeout
    int retryDelayMs = 1000;
};

// One script (a migration's up or down) run against a target, recorded in its history.
//
// A script runs in one transaction, history row included, when the engine has transactional
// DDL and nothing in the script forbids it: it then either applies completely or leaves no
// trace but a "failed" row. Otherwise (MySQL/MariaDB, CONCURRENTLY and other statements that
// cannot run in a transaction, batched data migrations, scripts that manage their own
// transactions, "no transaction" directives) it is tracked: a "dirty" row is written first and
// advanced statement by statement, each statement committed together with its progress where
// the engine allows, so that a failure, a cancel or a crash leaves "dirty at statement k of n"
// and resume starts at k.
class MigrationExecutor
{
public:
    struct Job {
        ScriptRef script;
        HistoryRow row;         // filled in: version, name, checksum, script, direction, action, run id, ...
        QString successStatus;  // applied | rolled_back
        int startAt = 0;        // statements already done (resume)
        qint64 batchRowsDone = 0; // rows already done by the batched statement at startAt (resume)
        QString ranScript;      // resume: the text that ran (empty: not stored, not checked)
        RunEvent base;          // run id, version, name, direction, file, index and count
    };
    struct Outcome {
        QString status; // applied | rolled_back | failed | cancelled | dirty
        QString message; // empty on success
        QString code;
        bool historyWritten = true; // false when the final history write failed (connection lost)
        qint64 durationMs = 0;
        qint64 historyId = 0; // the history row written for this script; 0 when none
    };

    MigrationExecutor(TargetSession &session, HistoryTable &history, const LockPolicy &locks,
                      const std::atomic<bool> &cancel, EventSink sink);

    Outcome run(Job job);
    // Called with true just before a statement of the script runs and false right after: the
    // runner lets a cancel interrupt the engine only in between.
    void setInterruptGate(std::function<void(bool)> gate) { m_gate = std::move(gate); }
    // Emits what run() would execute, touching nothing.
    Outcome dryRun(const Job &job);

private:
    struct Scan;
    struct Failure;
    Scan scan(const Job &job) const;
    std::optional<SplitError> checkResumable(const Job &job) const;
    Outcome runInOneTransaction(Job &job, const Scan &scan);
    Outcome runTracked(Job &job, const Scan &scan);
    std::optional<Failure> runStatement(Job &job, const struct Statement &st, int index, bool ownTransaction);
    std::optional<Failure> runBatch(Job &job, const struct Statement &st, int index, const struct BatchSpec &spec);
    ExecResult execGuarded(const Statement &statement);
    // After a lock timeout: tell who blocks and wait before the next attempt, or give up.
    QString blockersNote();
    void waitToRetryAfterLockTimeout(const QString &where, int attempt);
    void giveUpAfterLockTimeout(SqlError &error, int attempt);
    std::optional<SqlError> execWithRetry(const Statement &statement, bool ownTransaction, qint64 &rows,
                                          const std::function<std::optional<SqlError>(qint64)> &beforeCommit);
    Outcome finishFailed(Job &job, const Failure &f, bool tracked);
    void emitStatement(const Job &job, RunEvent::Type type, const Statement &st, int index, int count,
                       qint64 durationMs = -1, qint64 rows = -1, const SqlError *error = nullptr);

    TargetSession &m_session;
    HistoryTable &m_history;
    LockPolicy m_locks;
    const std::atomic<bool> &m_cancel;
    EventSink m_sink;
    RunEvent m_base;
    int m_statementCount = 0;
    bool m_ownTransactions = true;
    std::function<void(bool)> m_gate;
};

} // namespace mig
