#include "MigrationExecutor.h"

#include "BatchSpec.h"
#include "sql/ScriptSplitter.h"
#include "sql/StatementTraits.h"

#include <QElapsedTimer>
#include <QTemporaryFile>
#include <QThread>

namespace mig {

namespace {

constexpr qsizetype MaxEventSql = 64 * 1024; // statements in events (not dry runs) are cut here

} // namespace

struct MigrationExecutor::Scan {
    int count = 0;
    bool anyOutside = false;
    bool anyControl = false;
    bool anyBatch = false;
    QString reason;                // why the script cannot run in one transaction
    std::optional<SplitError> error; // malformed SQL or annotation, found before anything runs
};

struct MigrationExecutor::Failure {
    SqlError error;
    int index = 0; // 1-based statement
    int line = 0;
    QString sql;
    bool cancelled = false;
    bool leftTraces = false; // the failed statement changed the target anyway (an INVALID index)
};

MigrationExecutor::MigrationExecutor(TargetSession &session, HistoryTable &history, const LockPolicy &locks,
                                     const std::atomic<bool> &cancel, EventSink sink)
    : m_session(session)
    , m_history(history)
    , m_locks(locks)
    , m_cancel(cancel)
    , m_sink(std::move(sink))
{
}

// A first pass over the script, streaming, before anything runs: the statement count for
// "k of n", whether one transaction can hold it, and any malformed SQL or annotation.
MigrationExecutor::Scan MigrationExecutor::scan(const Job &job) const
{
    Scan s;
    const int version = m_session.serverVersionNumber();
    const ScriptSplitResult r = splitScript(job.script, m_session.dialect(), [&](const Statement &st) {
        ++s.count;
        const StatementTraits t = statementTraits(st.sql, m_session.dialect(), version);
        if (!t.unsupported.isEmpty()) {
            s.error = SplitError{st.firstLine, t.unsupported};
            return false;
        }
        if (t.outsideTransaction && !s.anyOutside) {
            s.anyOutside = true;
            s.reason = QStringLiteral("line %1: %2").arg(st.firstLine).arg(t.reason);
        }
        if (t.transactionControl && !s.anyControl) {
            s.anyControl = true;
            if (s.reason.isEmpty())
                s.reason = QStringLiteral("line %1: %2").arg(st.firstLine).arg(t.reason);
        }
        const BatchSpecResult b = batchSpec(st);
        if (!b.error.isEmpty()) {
            s.error = SplitError{st.firstLine, b.error};
            return false;
        }
        if (b.spec) {
            s.anyBatch = true;
            if (s.reason.isEmpty())
                s.reason = QStringLiteral("line %1: batched statement, each batch committed on its own").arg(st.firstLine);
        }
        return true;
    });
    if (r.error && !s.error)
        s.error = r.error;
    if (!s.error && s.anyBatch && s.anyControl)
        s.error = SplitError{0, QStringLiteral("a batched statement cannot be combined with the script's own BEGIN/COMMIT")};
    if (!s.error && job.startAt > 0)
        s.error = checkResumable(job);
    return s;
}

// Resume skips the statements that committed before the failure, counting them in the file as
// it is now: that is only right if the DBA's fix left them as they were. Compared with the text
// that ran (stored in the dirty row), statement by statement.
std::optional<SplitError> MigrationExecutor::checkResumable(const Job &job) const
{
    if (job.ranScript.isEmpty())
        return std::nullopt; // too large to have been stored: trusted, as the README says
    QTemporaryFile ran;
    if (!ran.open() || ran.write(job.ranScript.toUtf8()) < 0 || !ran.flush())
        return SplitError{0, QStringLiteral("cannot compare the script with the one that ran: %1").arg(ran.errorString())};
    ScriptRef stored;
    stored.path = ran.fileName();
    stored.blockTag = job.script.blockTag;
    auto firstStatements = [&](const ScriptRef &ref) {
        QStringList out;
        splitScript(ref, m_session.dialect(), [&](const Statement &st) {
            out << st.sql.simplified();
            return out.size() < job.startAt;
        });
        return out;
    };
    const QStringList before = firstStatements(stored);
    const QStringList now = firstStatements(job.script);
    for (int i = 0; i < job.startAt; ++i) {
        if (before.value(i) != now.value(i)) {
            return SplitError{0, QStringLiteral("statement %1 of the script changed since it ran, but resume would skip it as done "
                                                "(statements 1 to %2 committed): restore them as they were and fix only what failed, "
                                                "or roll back / mark-applied instead")
                                     .arg(i + 1).arg(job.startAt)};
        }
    }
    return std::nullopt;
}

void MigrationExecutor::emitStatement(const Job &job, RunEvent::Type type, const Statement &st, int index, int count,
                                      qint64 durationMs, qint64 rows, const SqlError *error)
{
    RunEvent e = job.base;
    e.type = type;
    e.at = HistoryTable::nowUtc();
    e.statement = index;
    e.statementCount = count;
    e.line = st.firstLine;
    if (type == RunEvent::Type::StatementStarted)
        e.sql = e.dryRun || st.sql.size() <= MaxEventSql ? st.sql : st.sql.left(MaxEventSql) + QStringLiteral("...");
    e.durationMs = durationMs;
    e.rows = rows;
    if (type == RunEvent::Type::StatementFinished)
        e.status = error ? QStringLiteral("failed") : QStringLiteral("ok");
    if (error) {
        e.code = error->code;
        e.message = error->message;
    }
    m_sink(e);
}

MigrationExecutor::Outcome MigrationExecutor::dryRun(const Job &job)
{
    const Scan s = scan(job);
    const bool one = s.reason.isEmpty() && m_session.transactionalDdl() && job.script.transactional && job.startAt == 0;
    RunEvent started = job.base;
    started.type = RunEvent::Type::MigrationStarted;
    started.at = HistoryTable::nowUtc();
    started.statementCount = s.count;
    started.message = one ? QStringLiteral("one transaction") : QStringLiteral("tracked statement by statement");
    m_sink(started);
    Outcome o;
    if (s.error) {
        o.status = QStringLiteral("failed");
        o.message = QStringLiteral("%1:%2: %3").arg(job.base.file).arg(s.error->line).arg(s.error->message);
        return o;
    }
    int index = 0;
    splitScript(job.script, m_session.dialect(), [&](const Statement &st) {
        ++index;
        if (index > job.startAt) {
            Statement shown = st;
            if (const BatchSpecResult b = batchSpec(st); b.spec)
                shown.sql = QStringLiteral("-- repeated in batches of %1 until no row changes\n%2").arg(b.spec->size).arg(bindBatchSize(st.sql, b.spec->size));
            emitStatement(job, RunEvent::Type::StatementStarted, shown, index, s.count);
        }
        return true;
    });
    o.status = job.successStatus;
    return o;
}

MigrationExecutor::Outcome MigrationExecutor::run(Job job)
{
    QElapsedTimer clock;
    clock.start();
    m_base = job.base;
    const Scan s = scan(job);
    m_statementCount = s.count;
    job.row.statementsTotal = s.count;
    job.row.statementsDone = job.startAt;
    job.row.batchRowsDone = job.batchRowsDone;
    job.row.startedAt = HistoryTable::nowUtc();
    const bool one = s.reason.isEmpty() && m_session.transactionalDdl() && job.script.transactional && job.startAt == 0;

    RunEvent started = job.base;
    started.type = RunEvent::Type::MigrationStarted;
    started.at = job.row.startedAt;
    started.statementCount = s.count;
    started.message = one ? QStringLiteral("one transaction")
                          : QStringLiteral("tracked statement by statement%1").arg(s.reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(s.reason));
    if (job.startAt > 0)
        started.message += QStringLiteral(", resuming after statement %1").arg(job.startAt);
    m_sink(started);

    Outcome o;
    if (s.error) {
        // Found before anything ran: nothing is written, so a dirty migration being resumed
        // stays exactly as dirty as it was (a "failed" row would claim nothing was kept).
        o.status = job.startAt > 0 || job.batchRowsDone > 0 ? QStringLiteral("dirty") : QStringLiteral("failed");
        const QString where = s.error->line > 0 ? QStringLiteral("%1:%2").arg(job.base.file).arg(s.error->line) : job.base.file;
        o.message = QStringLiteral("%1: %2; nothing was run").arg(where, s.error->message);
    } else {
        o = one ? runInOneTransaction(job, s) : runTracked(job, s);
    }
    o.durationMs = clock.elapsed();
    o.historyId = job.row.id;

    RunEvent finished = job.base;
    finished.type = RunEvent::Type::MigrationFinished;
    finished.at = HistoryTable::nowUtc();
    finished.statementCount = s.count;
    finished.durationMs = o.durationMs;
    finished.status = o.status;
    finished.code = o.code;
    finished.message = o.message;
    m_sink(finished);
    return o;
}

MigrationExecutor::Outcome MigrationExecutor::runInOneTransaction(Job &job, const Scan &scan)
{
    QElapsedTimer clock;
    clock.start();
    for (int attempt = 0;; ++attempt) {
        std::optional<Failure> failure;
        if (auto e = m_session.exec(m_session.beginStatement()).error) {
            failure = Failure{*e, 1, 0, m_session.beginStatement(), false};
        } else {
            int index = 0;
            const ScriptSplitResult r = splitScript(job.script, m_session.dialect(), [&](const Statement &st) {
                ++index;
                if (m_cancel.load()) {
                    failure = Failure{SqlError{SqlError::Kind::Interrupted, QString(), QStringLiteral("cancelled")}, index, st.firstLine, st.sql, true};
                    return false;
                }
                emitStatement(job, RunEvent::Type::StatementStarted, st, index, scan.count);
                QElapsedTimer t;
                t.start();
                const ExecResult x = execGuarded(st);
                emitStatement(job, RunEvent::Type::StatementFinished, st, index, scan.count, t.elapsed(), x.rows, x.error ? &*x.error : nullptr);
                if (x.error) {
                    failure = Failure{*x.error, index, st.firstLine, st.sql, x.error->kind == SqlError::Kind::Interrupted && m_cancel.load()};
                    return false;
                }
                return true;
            });
            if (!failure && r.error) // the file changed since the scan
                failure = Failure{SqlError{SqlError::Kind::Other, QString(), r.error->message}, index + 1, r.error->line, QString(), false};
            if (!failure) {
                job.row.status = job.successStatus;
                job.row.statementsDone = scan.count;
                job.row.finishedAt = HistoryTable::nowUtc();
                job.row.durationMs = clock.elapsed();
                std::optional<SqlError> e = m_history.insert(job.row);
                if (!e)
                    e = m_session.exec(QStringLiteral("COMMIT")).error;
                if (!e) {
                    Outcome o;
                    o.status = job.successStatus;
                    return o;
                }
                failure = Failure{*e, scan.count, 0, QStringLiteral("COMMIT"), false};
            }
        }
        if (failure->error.kind != SqlError::Kind::ConnectionLost)
            m_session.exec(QStringLiteral("ROLLBACK"));
        if (failure->error.kind == SqlError::Kind::LockTimeout && attempt < m_locks.retries && !m_cancel.load()) {
            const QString where = failure->line > 0 ? QStringLiteral(" at statement %1 (line %2)").arg(failure->index).arg(failure->line)
                                                    : QStringLiteral(" at statement %1").arg(failure->index);
            waitToRetryAfterLockTimeout(where, attempt);
            job.row.id = 0;
            continue;
        }
        if (failure->error.kind == SqlError::Kind::LockTimeout)
            giveUpAfterLockTimeout(failure->error, attempt);
        job.row.id = 0;
        return finishFailed(job, *failure, false);
    }
}

ExecResult MigrationExecutor::execGuarded(const Statement &st)
{
    // The engine's interrupt may only hit the script's statement, never our history writes.
    if (m_gate)
        m_gate(true);
    if (m_cancel.load()) { // cancelled just before: the interrupt could miss the statement
        if (m_gate)
            m_gate(false);
        return ExecResult{SqlError{SqlError::Kind::Interrupted, QString(), QStringLiteral("cancelled")}, -1};
    }
    ExecResult x = m_session.execStatement(st);
    if (m_gate)
        m_gate(false);
    return x;
}

std::optional<SqlError> MigrationExecutor::execWithRetry(const Statement &st, bool ownTransaction, qint64 &rows,
                                                         const std::function<std::optional<SqlError>(qint64)> &beforeCommit)
{
    for (int attempt = 0;; ++attempt) {
        if (attempt > 0 && m_cancel.load())
            return SqlError{SqlError::Kind::Interrupted, QString(), QStringLiteral("cancelled while waiting to retry")};
        std::optional<SqlError> error;
        if (ownTransaction)
            error = m_session.exec(m_session.beginStatement()).error;
        if (!error) {
            const ExecResult x = execGuarded(st);
            error = x.error;
            if (!error)
                error = beforeCommit(x.rows);
            if (!error && ownTransaction)
                error = m_session.exec(QStringLiteral("COMMIT")).error;
            if (!error) {
                rows = x.rows;
                return std::nullopt;
            }
        }
        if (ownTransaction && error->kind != SqlError::Kind::ConnectionLost)
            m_session.exec(QStringLiteral("ROLLBACK"));
        if (error->kind != SqlError::Kind::LockTimeout)
            return error;
        // Outside a transaction a timed-out statement may have left something behind (CREATE
        // INDEX CONCURRENTLY leaves an INVALID index): a blind retry could then "succeed" by
        // skipping it. Only what our own transaction rolled back is retried.
        if (attempt >= m_locks.retries || m_cancel.load() || !ownTransaction) {
            giveUpAfterLockTimeout(*error, attempt);
            return error;
        }
        waitToRetryAfterLockTimeout(QString(), attempt);
    }
}

QString MigrationExecutor::blockersNote()
{
    const QString blockers = m_session.describeBlockers();
    return blockers.isEmpty() ? QString() : QStringLiteral("; blocking: ") + blockers;
}

void MigrationExecutor::waitToRetryAfterLockTimeout(const QString &where, int attempt)
{
    RunEvent w = m_base;
    w.type = RunEvent::Type::Message;
    w.at = HistoryTable::nowUtc();
    w.status = QStringLiteral("warning");
    w.message = QStringLiteral("lock timeout%1, attempt %2 of %3: rolled back, retrying in %4 ms%5")
                    .arg(where).arg(attempt + 1).arg(m_locks.retries + 1).arg(m_locks.retryDelayMs).arg(blockersNote());
    m_sink(w);
    for (int waited = 0; waited < m_locks.retryDelayMs && !m_cancel.load(); waited += 50)
        QThread::msleep(50);
}

void MigrationExecutor::giveUpAfterLockTimeout(SqlError &error, int attempt)
{
    error.message += QStringLiteral(" (after %1 attempt(s)%2)").arg(attempt + 1).arg(blockersNote());
}

MigrationExecutor::Outcome MigrationExecutor::runTracked(Job &job, const Scan &scan)
{
    QElapsedTimer clock;
    clock.start();
    // Scripts that manage their own transactions, or ask for none, get no transaction of ours:
    // their statements run as written and progress is recorded after each one.
    const bool ownTransactions = !scan.anyControl && job.script.transactional;
    m_ownTransactions = ownTransactions;
    job.row.status = QStringLiteral("dirty");
    if (auto e = m_history.insert(job.row)) {
        Outcome o;
        o.status = QStringLiteral("failed");
        o.message = QStringLiteral("could not write the history row before starting: %1").arg(e->toString());
        o.code = e->code;
        o.historyWritten = false;
        return o;
    }
    std::optional<Failure> failure;
    int index = 0;
    const ScriptSplitResult r = splitScript(job.script, m_session.dialect(), [&](const Statement &st) {
        ++index;
        if (index <= job.startAt)
            return true;
        if (m_cancel.load()) {
            failure = Failure{SqlError{SqlError::Kind::Interrupted, QString(), QStringLiteral("cancelled")}, index, st.firstLine, st.sql, true};
            return false;
        }
        const BatchSpecResult b = batchSpec(st);
        if (b.spec) {
            failure = runBatch(job, st, index, *b.spec);
        } else {
            const bool outside = statementTraits(st.sql, m_session.dialect(), m_session.serverVersionNumber()).outsideTransaction;
            failure = runStatement(job, st, index, ownTransactions && !outside);
        }
        return !failure;
    });
    if (!failure && r.error)
        failure = Failure{SqlError{SqlError::Kind::Other, QString(), r.error->message}, index + 1, r.error->line, QString(), false};
    if (!failure && !ownTransactions && m_session.inTransaction()) {
        // BEGIN without COMMIT (or MySQL's autocommit switched off): closing the session would
        // silently roll the rest back while we reported success. Say so and roll back now.
        failure = Failure{SqlError{SqlError::Kind::Other, QString(),
                                   QStringLiteral("the script left a transaction open (a BEGIN without COMMIT, or autocommit switched off): "
                                                  "it was rolled back, and what ran inside it was not kept")},
                          index, 0, QString(), false};
    }
    if (!ownTransactions && m_session.dialect() == Dialect::Mysql) {
        // A script's SET autocommit = 0 must not outlive it; switching it back on commits, so
        // whatever a failure left open is rolled back first.
        if (failure && failure->error.kind != SqlError::Kind::ConnectionLost)
            m_session.exec(QStringLiteral("ROLLBACK"));
        m_session.exec(QStringLiteral("SET autocommit = 1"));
    }
    if (failure)
        return finishFailed(job, *failure, true);
    job.row.status = job.successStatus;
    job.row.finishedAt = HistoryTable::nowUtc();
    job.row.durationMs = clock.elapsed();
    Outcome o;
    o.status = job.successStatus;
    if (auto e = m_history.update(job.row)) {
        o.status = QStringLiteral("dirty");
        o.message = QStringLiteral("every statement ran, but the history could not be marked %1: %2").arg(job.successStatus, e->toString());
        o.historyWritten = false;
    }
    return o;
}

std::optional<MigrationExecutor::Failure> MigrationExecutor::runStatement(Job &job, const Statement &st, int index, bool ownTransaction)
{
    emitStatement(job, RunEvent::Type::StatementStarted, st, index, m_statementCount);
    QElapsedTimer t;
    t.start();
    qint64 rows = -1;
    std::optional<SqlError> error = execWithRetry(st, ownTransaction, rows, [&](qint64) {
        // Progress is written in the statement's own transaction: both commit, or neither.
        job.row.statementsDone = index;
        job.row.batchRowsDone = 0;
        return m_history.update(job.row);
    });
    // A failed concurrent build leaves its index behind, INVALID (not used, still maintained):
    // resume would then fail on "already exists", or skip it with IF NOT EXISTS.
    const bool concurrentBuild = error && m_session.dialect() == Dialect::Postgres
                                 && statementTraits(st.sql, Dialect::Postgres).reason.startsWith(QStringLiteral("CREATE INDEX CONCURRENTLY"));
    if (concurrentBuild)
        error->message += QStringLiteral(" (a failed CREATE INDEX CONCURRENTLY may leave an INVALID index: "
                                         "check pg_index.indisvalid and DROP INDEX CONCURRENTLY it before resume)");
    emitStatement(job, RunEvent::Type::StatementFinished, st, index, m_statementCount, t.elapsed(), rows, error ? &*error : nullptr);
    if (!error)
        return std::nullopt;
    job.row.statementsDone = index - 1;
    Failure f{*error, index, st.firstLine, st.sql, error->kind == SqlError::Kind::Interrupted && m_cancel.load()};
    f.leftTraces = concurrentBuild;
    return f;
}

std::optional<MigrationExecutor::Failure> MigrationExecutor::runBatch(Job &job, const Statement &st, int index, const BatchSpec &spec)
{
    emitStatement(job, RunEvent::Type::StatementStarted, st, index, m_statementCount);
    QElapsedTimer t;
    t.start();
    const qint64 doneBefore = job.row.batchRowsDone;
    qint64 total = -1;
    if (!spec.totalQuery.isEmpty()) {
        const QueryResult q = m_session.query(spec.totalQuery);
        if (!q.ok()) {
            SqlError e = *q.error;
            e.message = QStringLiteral("the migctl:total query failed: ") + e.message;
            emitStatement(job, RunEvent::Type::StatementFinished, st, index, m_statementCount, t.elapsed(), -1, &e);
            return Failure{e, index, st.firstLine, spec.totalQuery, false};
        }
        total = doneBefore + q.scalar().toLongLong(); // the query counts what is left
    }
    Statement bound = st;
    bound.sql = bindBatchSize(st.sql, spec.size);
    const QString &sql = bound.sql;
    // A statement that keeps changing rows past its total would loop for ever.
    const qint64 maxBatches = total >= 0 ? (total - doneBefore) / spec.size * 2 + 10 : -1;
    for (int batch = 1;; ++batch) {
        if (m_cancel.load())
            return Failure{SqlError{SqlError::Kind::Interrupted, QString(), QStringLiteral("cancelled between batches")}, index, st.firstLine, sql, true};
        if (maxBatches >= 0 && batch > maxBatches) {
            const SqlError e{SqlError::Kind::Other, QString(),
                             QStringLiteral("the batched statement still changes rows after %1 batches (%2 of %3 rows): it does not converge")
                                 .arg(batch - 1).arg(job.row.batchRowsDone).arg(total)};
            emitStatement(job, RunEvent::Type::StatementFinished, st, index, m_statementCount, t.elapsed(), job.row.batchRowsDone - doneBefore, &e);
            return Failure{e, index, st.firstLine, sql, false};
        }
        qint64 rows = -1;
        // execWithRetry sets rows only on success: what this batch added to the count before a
        // failed progress write or COMMIT (once per attempt) is taken back through `added`.
        qint64 added = 0;
        const std::optional<SqlError> error = execWithRetry(bound, true, rows, [&](qint64 changed) {
            job.row.batchRowsDone += qMax<qint64>(changed, 0) - added; // a retry replaces the rolled-back attempt
            added = qMax<qint64>(changed, 0);
            return m_history.update(job.row);
        });
        if (error) {
            job.row.batchRowsDone -= added; // not committed
            emitStatement(job, RunEvent::Type::StatementFinished, st, index, m_statementCount, t.elapsed(), job.row.batchRowsDone - doneBefore, &*error);
            return Failure{*error, index, st.firstLine, sql, error->kind == SqlError::Kind::Interrupted && m_cancel.load()};
        }
        RunEvent p = job.base;
        p.type = RunEvent::Type::BatchProgress;
        p.at = HistoryTable::nowUtc();
        p.statement = index;
        p.statementCount = m_statementCount;
        p.line = st.firstLine;
        p.batch = batch;
        p.rows = qMax<qint64>(rows, 0);
        p.rowsDone = job.row.batchRowsDone;
        p.rowsTotal = total;
        const double seconds = qMax<qint64>(t.nsecsElapsed(), 1000) / 1e9;
        p.rowsPerSecond = (job.row.batchRowsDone - doneBefore) / seconds;
        if (total >= 0 && p.rowsPerSecond > 0)
            p.etaMs = qMax<qint64>(0, qRound64((total - job.row.batchRowsDone) / p.rowsPerSecond * 1000));
        m_sink(p);
        if (rows <= 0)
            break;
    }
    const qint64 changed = job.row.batchRowsDone - doneBefore;
    job.row.statementsDone = index;
    job.row.batchRowsDone = 0;
    if (auto e = m_history.update(job.row)) {
        emitStatement(job, RunEvent::Type::StatementFinished, st, index, m_statementCount, t.elapsed(), changed, &*e);
        job.row.statementsDone = index - 1;
        return Failure{*e, index, st.firstLine, sql, false};
    }
    emitStatement(job, RunEvent::Type::StatementFinished, st, index, m_statementCount, t.elapsed(), changed);
    return std::nullopt;
}

MigrationExecutor::Outcome MigrationExecutor::finishFailed(Job &job, const Failure &f, bool tracked)
{
    Outcome o;
    o.code = f.error.code;
    o.message = QStringLiteral("statement %1 of %2 (%3:%4) %5: %6")
                    .arg(f.index).arg(job.row.statementsTotal).arg(job.base.file).arg(f.line)
                    .arg(f.cancelled ? QStringLiteral("cancelled") : QStringLiteral("failed"), f.error.message);
    job.row.errorCode = f.error.code;
    job.row.errorMessage = f.error.message;
    job.row.errorStatement = f.sql;
    job.row.errorFile = job.base.file;
    job.row.errorLine = f.line;
    job.row.finishedAt = HistoryTable::nowUtc();
    const bool lost = f.error.kind == SqlError::Kind::ConnectionLost;
    if (tracked && !m_ownTransactions && !lost) {
        // A script that manages its own transactions may have left one open: roll it back, and
        // with it any progress recorded inside it; what is committed is what the table says.
        m_session.exec(QStringLiteral("ROLLBACK"));
        m_history.readProgress(job.row);
    }
    if (tracked) {
        const bool partial = job.row.statementsDone > 0 || job.row.batchRowsDone > 0 || f.leftTraces;
        job.row.status = partial ? QStringLiteral("dirty") : f.cancelled ? QStringLiteral("cancelled") : QStringLiteral("failed");
    } else {
        job.row.status = f.cancelled ? QStringLiteral("cancelled") : QStringLiteral("failed");
        // Nothing was kept (the status says so), but the row keeps how far the attempt got:
        // with 0 here, status named statement 1 as the failing one whatever statement failed.
        job.row.statementsDone = qMax(0, f.index - 1);
        job.row.batchRowsDone = 0;
    }
    o.status = job.row.status;
    const std::optional<SqlError> e = lost ? std::optional<SqlError>(f.error)
                                           : tracked ? m_history.update(job.row) : m_history.insert(job.row);
    if (e) {
        o.historyWritten = false;
        // A lost connection is the failure itself: name it, instead of repeating the statement's
        // error as if a history write had been tried and had failed on its own.
        const QString why = lost ? QStringLiteral("the connection to the server was lost, so the history could not be updated")
                                 : QStringLiteral("the history could not be updated (%1)").arg(e->message);
        o.message += tracked ? QStringLiteral("; %1: it shows the progress last committed").arg(why)
                             : QStringLiteral("; %1: the transaction was rolled back, nothing was kept").arg(why);
    }
    return o;
}

} // namespace mig
