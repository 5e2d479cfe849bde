#include "Runner.h"

#include "source/FileScan.h"
#include "source/ScriptText.h"

#include <QDateTime>
#include <QDir>
#include <QScopeGuard>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QThread>
#include <QThreadPool>

#include <pwd.h>
#include <unistd.h>

namespace mig {

QString actionName(RunRequest::Action a)
{
    switch (a) {
    case RunRequest::Action::Apply: return QStringLiteral("apply");
    case RunRequest::Action::Resume: return QStringLiteral("resume");
    case RunRequest::Action::Rollback: return QStringLiteral("rollback");
    case RunRequest::Action::MarkApplied: return QStringLiteral("mark-applied");
    case RunRequest::Action::Baseline: return QStringLiteral("baseline");
    }
    return {};
}

Runner::Runner(RunRequest request, EventSink sink)
    : m_request(std::move(request))
    , m_sink(std::move(sink))
    , m_runId(newRunId())
{
}

Runner::~Runner() = default;

QString Runner::newRunId()
{
    return QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")) + u'-'
           + QString::number(QRandomGenerator::global()->bounded(0x10000), 16).rightJustified(4, u'0');
}

QString Runner::operatorName()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty()) {
        if (const passwd *pw = ::getpwuid(::geteuid()))
            user = QString::fromLocal8Bit(pw->pw_name);
    }
    return QStringLiteral("%1@%2").arg(user.isEmpty() ? QStringLiteral("unknown") : user, QSysInfo::machineHostName());
}

void Runner::cancel()
{
    m_cancel.store(true);
    // The engine's interrupt may take a network round trip: never on the caller's thread, which
    // may be a GUI thread. The mutex keeps the session open until the interrupt has returned.
    // Only a statement of the script is interrupted (never a history write), and the interrupt
    // is repeated while that statement runs: one sent just before it reached the engine is lost.
    m_pool.start([this] {
        for (int attempt = 0; attempt < 150; ++attempt) {
            {
                QMutexLocker lock(&m_interruptMutex);
                if (!m_armed || !m_interrupt)
                    return;
                m_interrupt();
            }
            QThread::msleep(200);
        }
    });
}

void Runner::emitMessage(const QString &status, const QString &message)
{
    RunEvent e;
    e.type = RunEvent::Type::Message;
    e.at = HistoryTable::nowUtc();
    e.runId = m_runId;
    e.status = status;
    e.message = message;
    m_sink(e);
}

RunResult Runner::finish(RunResult::Outcome outcome, const QString &message)
{
    static const char *const names[] = {"succeeded", "nothing-to-do", "failed", "cancelled", "refused"};
    RunEvent e;
    e.type = RunEvent::Type::RunFinished;
    e.at = HistoryTable::nowUtc();
    e.runId = m_runId;
    e.status = QLatin1String(names[int(outcome)]);
    e.message = message;
    e.durationMs = QDateTime::currentMSecsSinceEpoch() - m_startedMs;
    m_sink(e);
    return RunResult{outcome, m_runId, message};
}

RunResult Runner::refuse(const QString &message)
{
    return finish(RunResult::Outcome::Refused, message);
}

std::optional<QString> Runner::acquireLock(TargetSession &session)
{
    const LockHolder me{m_runId, operatorName(), HistoryTable::nowUtc(), QString()};
    QElapsedTimer waited;
    waited.start();
    bool told = false;
    for (;;) {
        const LockAttempt a = session.tryLock(me);
        if (a.acquired) {
            if (a.error)
                emitMessage(QStringLiteral("warning"), QStringLiteral("run lock held, but its holder note could not be written: %1").arg(a.error->toString()));
            RunEvent e;
            e.type = RunEvent::Type::LockAcquired;
            e.at = HistoryTable::nowUtc();
            e.runId = m_runId;
            e.message = QStringLiteral("%1, run %2").arg(me.who, m_runId);
            m_sink(e);
            return std::nullopt;
        }
        if (a.error)
            return QStringLiteral("could not take the run lock: %1").arg(a.error->toString());
        const QString holder = a.holder ? a.holder->toString() : QStringLiteral("another session");
        if (waited.elapsed() >= qint64(m_request.lockWaitSeconds) * 1000 || m_cancel.load())
            return QStringLiteral("another run holds the lock on this target: %1%2")
                .arg(holder, m_request.lockWaitSeconds > 0 ? QStringLiteral(" (waited %1 s)").arg(m_request.lockWaitSeconds)
                                                           : QStringLiteral(" (use --lock-wait SECONDS to wait for it)"));
        if (!told) {
            emitMessage(QStringLiteral("info"), QStringLiteral("waiting up to %1 s for the run lock held by %2").arg(m_request.lockWaitSeconds).arg(holder));
            told = true;
        }
        QThread::msleep(250);
    }
}

RunResult Runner::run()
{
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    const QString action = actionName(m_request.action);
    std::unique_ptr<TargetSession> session = TargetSession::create(m_request.profile);
    if (!TargetSession::validIdentifier(m_request.profile.historyTable))
        return refuse(TargetSession::invalidHistoryTableMessage(m_request.profile.historyTable));
    // The folder is read before the target is touched: a folder with errors refuses the run
    // without connecting (a SQLite target file would otherwise be created, empty).
    const FolderPlan plan = planFolder(m_request.dir, m_request.profile.engine, m_request.format);
    for (const Problem &p : plan.folder.problems)
        emitMessage(p.severity == Problem::Severity::Error ? QStringLiteral("error") : QStringLiteral("warning"), p.toString());
    if (plan.hasErrors()) {
        RunResult r = refuse(QStringLiteral("the migrations folder %1 has errors (listed above); nothing was run").arg(m_request.dir));
        r.folderErrors = true;
        return r;
    }
    session->setReadOnly(m_request.dryRun);
    if (auto e = session->open(m_request.password, QStringLiteral("migctl ") + m_runId))
        return finish(RunResult::Outcome::Failed, QStringLiteral("cannot connect to %1: %2").arg(m_request.profile.displayUrl(), e->toString()));
    {
        QMutexLocker lock(&m_interruptMutex);
        m_interrupt = session->interrupter();
    }
    // Whatever happens below, the interrupt is dropped before the session closes.
    const auto closeSession = qScopeGuard([&] {
        QMutexLocker lock(&m_interruptMutex);
        m_interrupt = nullptr;
        session->unlock();
        session->close();
    });

    const bool writes = !m_request.dryRun;
    if (writes) {
        if (auto refused = acquireLock(*session))
            return refuse(*refused);
        if (auto e = session->setLockTimeout(m_request.locks.timeoutMs))
            return finish(RunResult::Outcome::Failed, QStringLiteral("cannot set the lock timeout: %1").arg(e->toString()));
    }
    HistoryTable history(*session);
    const HistoryRead read = history.read();
    if (read.error)
        return finish(RunResult::Outcome::Failed, QStringLiteral("cannot read the history table: %1").arg(read.error->toString()));
    const TargetStatus status = computeStatus(plan, read.rows);
    if (writes && !status.newerWriter.isEmpty())
        return refuse(newerWriterRefusal(m_request.profile.historyTable, status.newerWriter));

    QList<Selected> selected;
    RunResult::Outcome nothing = RunResult::Outcome::NothingToDo;
    if (auto refused = select(*session, status, selected, nothing))
        return nothing == RunResult::Outcome::NothingToDo ? finish(nothing, *refused) : refuse(*refused);

    RunEvent started;
    started.type = RunEvent::Type::RunStarted;
    started.at = HistoryTable::nowUtc();
    started.runId = m_runId;
    started.action = action;
    started.target = m_request.profile.displayUrl();
    started.targetKey = m_request.profile.storeKey();
    started.dir = QFileInfo(m_request.dir).absoluteFilePath();
    started.migrationCount = int(selected.size());
    started.dryRun = m_request.dryRun;
    started.message = session->serverVersion();
    m_sink(started);
    if (auto refused = checkGate(status))
        return refuse(*refused);
    // Created only once the run is sure to go ahead: a refused run leaves the target as it
    // found it (it used to leave an empty history table behind).
    if (writes) {
        if (auto e = history.ensure())
            return finish(RunResult::Outcome::Failed, QStringLiteral("cannot create the history table %1: %2").arg(m_request.profile.historyTable, e->toString()));
    }
    return record(*session, history, selected);
}

std::optional<QString> Runner::checkGate(const TargetStatus &status)
{
    if (!m_request.gate || m_request.dryRun)
        return std::nullopt;
    const GoDecision &gate = *m_request.gate;
    for (const CheckLine &c : gate.checks)
        m_sink(c.toEvent(m_runId));
    const std::optional<Version> to = m_request.toVersion.isEmpty() ? std::nullopt : Version::parse(m_request.toVersion);
    const QString plan = planFingerprint(m_request.profile.storeKey(), pendingSelection(status, to, m_request.allowOutOfOrder));
    RunEvent e;
    e.type = RunEvent::Type::CheckFinished;
    e.at = HistoryTable::nowUtc();
    e.runId = m_runId;
    e.check = QStringLiteral("go/no-go");
    e.measured = gate.verdictText();
    e.data = gate.toJson();
    std::optional<QString> refused;
    if (plan != gate.plan) {
        refused = QStringLiteral("the plan changed since the go/no-go checklist was evaluated (plan %1, now %2): evaluate it again").arg(gate.plan, plan);
    } else if (gate.enforced && !gate.go() && !gate.overridden()) {
        refused = QStringLiteral("NO-GO: %1 (sign off, fix what blocks, or apply --override REASON)").arg(gate.blockers().join(QStringLiteral("; ")));
    }
    // An advisory policy (not enforced) lets a NO-GO run go ahead; the record says so.
    e.status = refused ? QStringLiteral("fail") : gate.go() ? QStringLiteral("pass") : gate.overridden() ? QStringLiteral("override") : QStringLiteral("advisory");
    e.message = refused ? *refused
                : gate.go() ? QStringLiteral("every blocking check passed; plan %1").arg(gate.plan)
                : gate.overridden() ? QStringLiteral("overridden by %1: %2 (blocked: %3)").arg(gate.override.name, gate.override.comment, gate.blockers().join(QStringLiteral("; ")))
                                    : QStringLiteral("NO-GO under an advisory policy, run anyway (blocked: %1)").arg(gate.blockers().join(QStringLiteral("; ")));
    m_sink(e);
    if (!refused && !gate.backupId.isEmpty())
        emitMessage(QStringLiteral("info"), QStringLiteral("pre-run backup: %1 (restore with: migctl restore %1 --into TARGET)").arg(gate.backupId));
    if (!refused && gate.overridden())
        emitMessage(QStringLiteral("warning"), QStringLiteral("GO by override: %1").arg(e.message));
    else if (!refused && !gate.go())
        emitMessage(QStringLiteral("warning"), e.message);
    return refused;
}

RunResult Runner::record(TargetSession &session, HistoryTable &history, const QList<Selected> &jobs)
{
    const bool runsSql = std::any_of(jobs.cbegin(), jobs.cend(), [](const Selected &s) { return !s.recordOnly; });
    if (m_request.dryRun || !runsSql)
        return runJobs(session, history, jobs, nullptr);
    SchemaWatch watch(session, m_sink, m_runId, m_request.expected);
    if (auto e = watch.start()) {
        emitMessage(QStringLiteral("warning"), *e + QStringLiteral("; this run's schema changes are not verified"));
        return runJobs(session, history, jobs, nullptr);
    }
    // The schema after the run is kept whatever the outcome: drift is measured from it.
    RunResult r = runJobs(session, history, jobs, &watch);
    return r;
}

RunResult Runner::runJobs(TargetSession &session, HistoryTable &history, const QList<Selected> &jobs, SchemaWatch *watch)
{
    // False while a migration's changes are not yet merged into the watch's snapshot (it failed,
    // or was cancelled, before the watch looked): the snapshot after the run may then differ
    // from the merged one for a reason the watch knows.
    bool everyChangeWatched = true;
    const auto finish = [&](RunResult::Outcome outcome, const QString &message) {
        if (watch)
            watch->finish(everyChangeWatched);
        return Runner::finish(outcome, message);
    };
    MigrationExecutor executor(session, history, m_request.locks, m_cancel, m_sink);
    executor.setInterruptGate([this](bool armed) {
        QMutexLocker lock(&m_interruptMutex);
        m_armed = armed;
    });
    const QString who = operatorName();
    int index = 0;
    for (const Selected &s : jobs) {
        ++index;
        const Migration &m = s.planned.migration;
        const bool up = s.direction == u"up";
        MigrationExecutor::Job job;
        job.script = up ? m.up : m.down;
        job.row.version = m.version.text();
        job.row.name = m.name;
        job.row.checksum = QString::fromLatin1(up ? m.checksum : scriptChecksum(m.down));
        job.row.script = readScriptText(job.script, HistoryTable::MaxScriptBytes).value_or(QString());
        job.row.direction = s.direction;
        job.row.action = s.action;
        job.row.runId = m_runId;
        job.row.appliedBy = who;
        job.row.consoleVersion = QStringLiteral(MIG_VERSION);
        job.row.reason = m_request.reason;
        job.successStatus = up ? QStringLiteral("applied") : QStringLiteral("rolled_back");
        job.startAt = s.startAt;
        job.batchRowsDone = s.batchRowsDone;
        job.ranScript = s.ranScript;
        job.base.runId = m_runId;
        job.base.version = job.row.version;
        job.base.name = m.name;
        job.base.direction = s.direction;
        job.base.file = QDir(m_request.dir).relativeFilePath(job.script.path);
        job.base.migrationIndex = index;
        job.base.migrationCount = int(jobs.size());
        job.base.dryRun = m_request.dryRun;

        if (s.recordOnly) {
            job.row.status = QStringLiteral("applied");
            job.row.startedAt = job.row.finishedAt = HistoryTable::nowUtc();
            job.row.statementsTotal = s.planned.statements;
            RunEvent e = job.base;
            e.type = RunEvent::Type::MigrationFinished;
            e.at = job.row.startedAt;
            e.status = QStringLiteral("applied");
            e.durationMs = 0;
            e.message = QStringLiteral("recorded as applied (%1): %2").arg(s.action, m_request.reason);
            if (!m_request.dryRun) {
                if (auto err = history.insert(job.row))
                    return finish(RunResult::Outcome::Failed, QStringLiteral("cannot record %1: %2").arg(job.row.version, err->toString()));
            }
            m_sink(e);
            continue;
        }
        // A script may change the session's lock timeout (pg_dump's "SET lock_timeout = 0"):
        // every migration starts with the run's own.
        if (!m_request.dryRun) {
            if (auto e = session.setLockTimeout(m_request.locks.timeoutMs))
                return finish(RunResult::Outcome::Failed, QStringLiteral("cannot set the lock timeout: %1").arg(e->toString()));
        }
        everyChangeWatched = m_request.dryRun;
        const MigrationExecutor::Outcome o = m_request.dryRun ? executor.dryRun(job) : executor.run(job);
        if (o.status != job.successStatus) {
            const QString who = QStringLiteral("%1 %2").arg(job.row.version, m.name).trimmed();
            QString advice;
            if (o.status == u"dirty")
                advice = QStringLiteral("; the target is dirty: fix the script, then migctl resume (or rollback, or mark-applied --reason)");
            else if (o.status == u"failed")
                advice = QStringLiteral("; nothing of %1 was kept").arg(who);
            const auto outcome = o.status == u"cancelled" || m_cancel.load() ? RunResult::Outcome::Cancelled : RunResult::Outcome::Failed;
            return finish(outcome, QStringLiteral("%1 %2: %3%4").arg(who, o.status, o.message, advice));
        }
        if (watch && !m_request.dryRun) {
            RunEvent base = job.base;
            const QStringList differences = watch->afterMigration(m, job.script, base, up);
            everyChangeWatched = true;
            if (!differences.isEmpty()) {
                const QString who = QStringLiteral("%1 %2").arg(job.row.version, m.name).trimmed();
                const QString text = differences.join(QStringLiteral("; "));
                if (auto e = history.markDifferences(o.historyId, text))
                    emitMessage(QStringLiteral("error"), QStringLiteral("cannot mark %1 applied with differences in the history: %2").arg(who, e->toString()));
                emitMessage(QStringLiteral("error"), QStringLiteral("%1 applied WITH DIFFERENCES: %2").arg(who, text));
                // The next migrations may build on what is missing: stop here, for a person to look.
                return finish(RunResult::Outcome::Failed,
                              QStringLiteral("%1 applied with differences (%2); the run stopped there: see migctl verify").arg(who, text));
            }
        }
        if (m_cancel.load() && index < jobs.size())
            return finish(RunResult::Outcome::Cancelled, QStringLiteral("cancelled after %1 of %2 migration(s)").arg(index).arg(jobs.size()));
    }
    return finish(RunResult::Outcome::Succeeded, QStringLiteral("%1 migration(s) %2").arg(jobs.size())
                                                     .arg(m_request.dryRun ? QStringLiteral("would run (dry run: nothing was changed)") : QStringLiteral("done")));
}

} // namespace mig
