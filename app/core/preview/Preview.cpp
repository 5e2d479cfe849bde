#include "Preview.h"

#include "ScratchDatabase.h"

#include "plan/Status.h"
#include "run/History.h"
#include "run/Runner.h"
#include "run/SchemaWatch.h"
#include "schema/Declarations.h"
#include "schema/SchemaReader.h"
#include "source/FileScan.h"
#include "sql/ScriptSplitter.h"
#include "sql/StatementTraits.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>

namespace mig {

QString verdictName(RollbackVerdict v)
{
    switch (v) {
    case RollbackVerdict::Verified: return QStringLiteral("rollback verified");
    case RollbackVerdict::LeavesDifferences: return QStringLiteral("rollback leaves differences");
    case RollbackVerdict::Fails: return QStringLiteral("rollback fails");
    case RollbackVerdict::NoRollback: return QStringLiteral("no rollback");
    case RollbackVerdict::NotRun: return QStringLiteral("rollback not verified");
    }
    return {};
}

namespace {

// Why a script cannot be previewed inside a transaction on the target; empty when it can.
QString needsScratch(const ScriptRef &script, Dialect dialect, int serverVersion, const QString &file)
{
    if (script.isNull())
        return {};
    if (!script.transactional)
        return QStringLiteral("%1 asks to run without a transaction").arg(file);
    QString why;
    splitScript(script, dialect, [&](const Statement &st) {
        const StatementTraits t = statementTraits(st.sql, dialect, serverVersion);
        if (t.transactionControl || t.outsideTransaction) {
            why = QStringLiteral("%1:%2: %3").arg(file).arg(st.firstLine).arg(t.reason.isEmpty() ? QStringLiteral("manages its own transaction") : t.reason);
            return false;
        }
        return true;
    });
    return why;
}

QList<Statement> statementsOf(const ScriptRef &script, Dialect dialect)
{
    QList<Statement> out;
    splitScript(script, dialect, [&](Statement &&st) {
        st.copyData.clear();
        out << std::move(st);
        return true;
    });
    return out;
}

} // namespace

// Where the migrations are played: the target inside a transaction, or a scratch database.
struct Previewer::Mode {
    TargetSession *target = nullptr;
    bool transaction = false;
    std::unique_ptr<ScratchDatabase> scratch;
    std::unique_ptr<TargetSession> scratchSession;
    QTemporaryDir scratchDir; // SQLite copies live here
    QStringList exclude;
    QString defaultSchema;
    QList<ScriptRef> played; // up scripts played so far, to rebuild a scratch database
    std::optional<SchemaSnapshot> current;

    TargetSession &session() { return scratchSession ? *scratchSession : *target; }
    std::optional<SchemaSnapshot> snapshot(QString *error)
    {
        SnapshotOptions o;
        o.excludeTables = exclude;
        o.rowCounts = false; // a preview compares schemas; rows are told by the statements
        SnapshotResult r = takeSnapshot(session(), o);
        if (r.error) {
            *error = r.error->toString();
            return std::nullopt;
        }
        return r.snapshot;
    }
};

Previewer::Previewer(PreviewRequest request, EventSink sink)
    : m_request(std::move(request))
    , m_sink(std::move(sink))
    , m_runId(Runner::newRunId())
{
}

void Previewer::emitEvent(RunEvent e)
{
    e.runId = m_runId;
    if (e.at.isEmpty())
        e.at = HistoryTable::nowUtc();
    m_sink(e);
}

PreviewResult Previewer::fail(PreviewResult r, const QString &message)
{
    r.error = message;
    RunEvent e;
    e.type = RunEvent::Type::RunFinished;
    e.status = QStringLiteral("failed");
    e.message = message;
    e.durationMs = QDateTime::currentMSecsSinceEpoch() - m_startedMs;
    emitEvent(e);
    return r;
}

PreviewResult Previewer::run()
{
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    PreviewResult result;
    result.runId = m_runId;
    const ConnectionProfile &profile = m_request.profile;
    if (!TargetSession::validIdentifier(profile.historyTable))
        return fail(result, QStringLiteral("'%1' is not a valid history table name").arg(profile.historyTable));
    std::unique_ptr<TargetSession> session = TargetSession::create(profile);
    if (auto e = session->open(m_request.password, QStringLiteral("migctl preview ") + m_runId))
        return fail(result, QStringLiteral("cannot connect to %1: %2").arg(profile.displayUrl(), e->toString()));
    // A preview takes the run lock: it must not watch a schema a run is changing, and its own
    // transaction must not hold a run up.
    const LockAttempt lock = session->tryLock(LockHolder{m_runId, Runner::operatorName(), HistoryTable::nowUtc(), QString()});
    if (!lock.acquired)
        return fail(result, lock.error ? QStringLiteral("could not take the run lock: %1").arg(lock.error->toString())
                                       : QStringLiteral("a run holds the lock on this target: %1").arg(lock.holder ? lock.holder->toString() : QStringLiteral("another session")));
    struct Unlock {
        TargetSession &s;
        ~Unlock() { s.unlock(); }
    } unlock{*session};
    // The preview's DDL takes the same locks a run would: it must not queue behind a long
    // transaction and hold the application up meanwhile.
    if (auto e = session->setLockTimeout(5000))
        return fail(result, QStringLiteral("cannot set the lock timeout: %1").arg(e->toString()));

    const FolderPlan plan = planFolder(m_request.dir, session->dialect(), m_request.format);
    for (const Problem &p : plan.folder.problems) {
        RunEvent e;
        e.type = RunEvent::Type::Message;
        e.status = p.severity == Problem::Severity::Error ? QStringLiteral("error") : QStringLiteral("warning");
        e.message = p.toString();
        emitEvent(e);
    }
    if (plan.hasErrors())
        return fail(result, QStringLiteral("the migrations folder %1 has errors (listed above); nothing was previewed").arg(m_request.dir));
    HistoryTable history(*session);
    const HistoryRead read = history.read();
    if (read.error)
        return fail(result, QStringLiteral("cannot read the history table: %1").arg(read.error->toString()));
    const TargetStatus status = computeStatus(plan, read.rows);
    QList<PlannedMigration> pending;
    for (const MigrationStatus &s : status.migrations) {
        const bool waiting = s.state == MigrationState::Pending || s.state == MigrationState::Failed || s.state == MigrationState::OutOfOrder;
        if (!waiting || !s.planned)
            continue;
        if (!m_request.toVersion.isEmpty() && !s.planned->migration.repeatable
            && Version::parse(m_request.toVersion) < s.planned->migration.version)
            continue;
        pending << *s.planned;
    }

    // One method for the whole sequence: each migration is previewed on what the ones before
    // it left, so they must all be played in the same place.
    const Dialect dialect = session->dialect();
    const int serverVersion = session->serverVersionNumber();
    if (dialect == Dialect::Mysql) {
        result.methodReason = QStringLiteral("MySQL and MariaDB commit DDL implicitly: a transaction cannot hide it");
    } else {
        for (const PlannedMigration &p : pending) {
            const QString file = QDir(m_request.dir).relativeFilePath(p.migration.up.path);
            const QString downFile = QDir(m_request.dir).relativeFilePath(p.migration.down.path);
            result.methodReason = needsScratch(p.migration.up, dialect, serverVersion, file);
            if (result.methodReason.isEmpty())
                result.methodReason = needsScratch(p.migration.down, dialect, serverVersion, downFile);
            if (!result.methodReason.isEmpty())
                break;
        }
    }

    Mode mode;
    mode.target = session.get();
    mode.exclude = SchemaWatch::ownTables(profile.historyTable);
    if (result.methodReason.isEmpty()) {
        mode.transaction = true;
        result.method = QStringLiteral("rolled-back transaction on the target");
    } else {
        QString name = m_request.scratchDatabase;
        if (name.isEmpty()) {
            const QString suffix = QStringLiteral("_preview_") + QString::number(QRandomGenerator::global()->bounded(0x10000), 16).rightJustified(4, u'0');
            name = dialect == Dialect::Sqlite ? mode.scratchDir.filePath(QStringLiteral("preview.sqlite"))
                                              : profile.database.left(60 - suffix.size()) + suffix;
        }
        QString error;
        mode.scratch = ScratchDatabase::create(*session, m_request.password, name, &error);
        if (!mode.scratch)
            return fail(result, error);
        result.method = mode.scratch->description();
    }

    RunEvent started;
    started.type = RunEvent::Type::RunStarted;
    started.action = QStringLiteral("preview");
    started.target = profile.displayUrl();
    started.targetKey = profile.storeKey();
    started.migrationCount = int(pending.size());
    started.message = result.method + (result.methodReason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(result.methodReason));
    emitEvent(started);

    QString error;
    if (mode.scratch) {
        mode.scratchSession = TargetSession::create(mode.scratch->profile());
        if (auto e = mode.scratchSession->open(m_request.password, QStringLiteral("migctl preview ") + m_runId))
            return fail(result, QStringLiteral("cannot connect to the scratch database %1: %2").arg(mode.scratch->profile().database, e->toString()));
        // The scratch is only worth what its likeness to the target is: say where it differs.
        const std::optional<SchemaSnapshot> scratchSchema = mode.snapshot(&error);
        SnapshotOptions o;
        o.excludeTables = mode.exclude;
        o.rowCounts = false;
        const SnapshotResult targetSchema = takeSnapshot(*session, o);
        if (scratchSchema && !targetSchema.error) {
            const SchemaDiff unlike = SchemaDiff::between(targetSchema.snapshot, *scratchSchema);
            if (!unlike.isEmpty()) {
                RunEvent w;
                w.type = RunEvent::Type::Message;
                w.status = QStringLiteral("warning");
                w.message = QStringLiteral("the scratch database differs from the target in %1 object(s); the preview may not match the run:\n%2")
                                .arg(unlike.changes.size()).arg(unlike.toText().trimmed());
                emitEvent(w);
            }
        }
    } else if (auto e = session->exec(session->beginStatement()).error) {
        return fail(result, QStringLiteral("cannot begin the preview's transaction: %1").arg(e->toString()));
    }
    mode.defaultSchema = SchemaWatch::defaultSchema(mode.session());
    mode.current = mode.snapshot(&error);
    if (!mode.current)
        return fail(result, QStringLiteral("cannot read the schema: %1").arg(error));

    int index = 0;
    bool stopped = false;
    for (const PlannedMigration &p : pending) {
        MigrationPreview out;
        out.version = p.migration.version.text();
        out.name = p.migration.name;
        out.method = result.method;
        if (stopped) {
            out.error = QStringLiteral("not previewed: an earlier migration failed");
        } else {
            previewOne(mode, p, ++index, int(pending.size()), out);
            stopped = !out.ok;
        }
        result.migrations << out;
    }
    if (mode.transaction)
        session->exec(QStringLiteral("ROLLBACK"));
    mode.scratchSession.reset();
    mode.scratch.reset(); // dropped now, while the target session is still open

    RunEvent finished;
    finished.type = RunEvent::Type::RunFinished;
    finished.status = stopped ? QStringLiteral("failed") : pending.isEmpty() ? QStringLiteral("nothing-to-do") : QStringLiteral("succeeded");
    finished.message = stopped ? QStringLiteral("a migration failed in the preview; nothing was changed on the target")
                               : QStringLiteral("%1 migration(s) previewed; nothing was changed on the target").arg(pending.size());
    finished.durationMs = QDateTime::currentMSecsSinceEpoch() - m_startedMs;
    emitEvent(finished);
    return result;
}

void Previewer::previewOne(Mode &mode, const PlannedMigration &p, int index, int count, MigrationPreview &out)
{
    const Migration &m = p.migration;
    const QString file = QDir(m_request.dir).relativeFilePath(m.up.path);
    RunEvent base;
    base.version = out.version;
    base.name = out.name;
    base.direction = QStringLiteral("up");
    base.file = file;
    base.migrationIndex = index;
    base.migrationCount = count;

    RunEvent started = base;
    started.type = RunEvent::Type::MigrationStarted;
    started.statementCount = p.statements;
    started.message = out.method;
    emitEvent(started);

    TargetSession &s = mode.session();
    const SchemaSnapshot before = *mode.current;
    const PlayResult up = playScript(s, m.up, file, mode.transaction, m_cancel);
    out.rows = up.rows;
    out.rowsMeasured = !mode.scratch || mode.scratch->hasRows();
    RunEvent finished = base;
    finished.type = RunEvent::Type::MigrationFinished;
    if (!up.ok) {
        out.error = up.error;
        out.errorStatement = up.statement;
        finished.status = QStringLiteral("failed");
        finished.message = up.error;
        emitEvent(finished);
        return;
    }
    QString error;
    const std::optional<SchemaSnapshot> after = mode.snapshot(&error);
    if (!after) {
        out.error = QStringLiteral("cannot read the schema after %1: %2").arg(file, error);
        finished.status = QStringLiteral("failed");
        finished.message = out.error;
        emitEvent(finished);
        return;
    }
    out.ok = true;
    mode.played << m.up;
    out.changes = SchemaDiff::between(before, *after);

    RunEvent changed = base;
    changed.type = RunEvent::Type::SchemaChanged;
    changed.message = out.changes.toText();
    changed.data = QJsonObject{{QStringLiteral("changes"), out.changes.toJson()}};
    emitEvent(changed);
    RunEvent expected = base;
    expected.type = RunEvent::Type::SnapshotTaken;
    expected.check = QStringLiteral("expected");
    expected.message = after->summary();
    expected.data = QJsonObject{{QStringLiteral("snapshot"), after->toJson()},
                                {QStringLiteral("base"), QString::fromLatin1(before.fingerprint())},
                                {QStringLiteral("checksum"), QString::fromLatin1(m.checksum)}};
    emitEvent(expected);

    // Declared objects that do not come to be show already here (an IF NOT EXISTS that meets an
    // index of another definition does the same in the preview as in the run).
    const QList<Declaration> declared = declaredObjects(s.dialect(), statementsOf(m.up, s.dialect()));
    for (const DeclarationFinding &f : checkDeclarations(declared, *after, mode.defaultSchema))
        out.declarationFindings << QStringLiteral("line %1: %2").arg(f.declaration.line).arg(f.problem);
    RunEvent declaredCheck = base;
    declaredCheck.type = RunEvent::Type::CheckFinished;
    declaredCheck.check = QStringLiteral("schema as declared");
    declaredCheck.status = out.declarationFindings.isEmpty() ? QStringLiteral("pass") : QStringLiteral("fail");
    declaredCheck.measured = QStringLiteral("%1 declared object(s)").arg(declared.size());
    declaredCheck.message = out.declarationFindings.join(QStringLiteral("; "));
    emitEvent(declaredCheck);

    // Rollback: down, compare with the schema before up, then back to the state after up.
    if (m.down.isNull()) {
        out.rollback = RollbackVerdict::NoRollback;
        out.rollbackDetail = QStringLiteral("the migration has no rollback script");
    } else {
        const QString downFile = QDir(m_request.dir).relativeFilePath(m.down.path);
        if (mode.transaction)
            s.exec(QStringLiteral("SAVEPOINT migctl_preview_down"));
        const PlayResult down = playScript(s, m.down, downFile, mode.transaction, m_cancel);
        if (!down.ok) {
            out.rollback = RollbackVerdict::Fails;
            out.rollbackDetail = down.error + (down.statement.isEmpty() ? QString() : QStringLiteral(" -- statement: ") + down.statement.simplified().left(200));
        } else if (const std::optional<SchemaSnapshot> undone = mode.snapshot(&error); !undone) {
            out.rollback = RollbackVerdict::Fails;
            out.rollbackDetail = QStringLiteral("cannot read the schema after the rollback: %1").arg(error);
        } else {
            const SchemaDiff left = SchemaDiff::between(before, *undone);
            out.rollback = left.isEmpty() ? RollbackVerdict::Verified : RollbackVerdict::LeavesDifferences;
            out.rollbackDifferences = left.toText().trimmed().split(u'\n', Qt::SkipEmptyParts);
            if (left.isEmpty())
                out.rollbackDifferences.clear();
            out.rollbackDetail = left.isEmpty() ? QStringLiteral("up then down returns the schema to what it was")
                                                : QStringLiteral("after up and down, the schema differs from before: %1").arg(out.rollbackDifferences.join(QStringLiteral("; ")));
        }
        if (mode.transaction) {
            s.exec(QStringLiteral("ROLLBACK TO SAVEPOINT migctl_preview_down"));
        } else {
            // Back to the state after up: play it again, or rebuild the scratch database.
            bool restored = false;
            if (out.rollback == RollbackVerdict::Verified) {
                const PlayResult again = playScript(s, m.up, file, false, m_cancel);
                const std::optional<SchemaSnapshot> now = again.ok ? mode.snapshot(&error) : std::nullopt;
                restored = now && now->fingerprint() == after->fingerprint();
            }
            if (!restored) {
                mode.scratchSession.reset();
                QString e = mode.scratch->rebuild();
                if (e.isEmpty()) {
                    mode.scratchSession = TargetSession::create(mode.scratch->profile());
                    if (auto oe = mode.scratchSession->open(m_request.password, QStringLiteral("migctl preview ") + m_runId))
                        e = oe->toString();
                }
                for (const ScriptRef &script : mode.played) {
                    if (!e.isEmpty())
                        break;
                    const PlayResult replay = playScript(*mode.scratchSession, script, QDir(m_request.dir).relativeFilePath(script.path), false, m_cancel);
                    if (!replay.ok)
                        e = replay.error;
                }
                if (e.isEmpty()) {
                    const std::optional<SchemaSnapshot> now = mode.snapshot(&error);
                    if (!now || now->fingerprint() != after->fingerprint())
                        e = QStringLiteral("the rebuilt scratch database does not match the schema after %1").arg(file);
                }
                if (!e.isEmpty()) {
                    out.ok = false;
                    out.error = QStringLiteral("cannot restore the scratch database after checking the rollback: %1").arg(e);
                }
            }
        }
    }
    RunEvent verdict = base;
    verdict.type = RunEvent::Type::CheckFinished;
    verdict.check = QStringLiteral("rollback");
    verdict.status = out.rollback == RollbackVerdict::Verified ? QStringLiteral("pass")
                     : out.rollback == RollbackVerdict::NoRollback ? QStringLiteral("not run")
                                                                   : QStringLiteral("fail");
    verdict.measured = verdictName(out.rollback);
    verdict.message = out.rollbackDetail;
    verdict.data = QJsonObject{{QStringLiteral("upChecksum"), QString::fromLatin1(m.checksum)},
                               {QStringLiteral("downChecksum"), m.down.isNull() ? QString() : QString::fromLatin1(scriptChecksum(m.down))},
                               {QStringLiteral("differences"), QJsonArray::fromStringList(out.rollbackDifferences)},
                               {QStringLiteral("method"), out.method}};
    emitEvent(verdict);

    QJsonArray rows;
    qint64 total = 0;
    for (const StatementRows &r : out.rows) {
        rows.append(QJsonObject{{QStringLiteral("line"), r.line}, {QStringLiteral("statement"), r.statement}, {QStringLiteral("rows"), r.rows}});
        total += r.rows;
    }
    finished.status = out.ok ? QStringLiteral("previewed") : QStringLiteral("failed");
    finished.rows = out.rowsMeasured ? total : -1;
    finished.message = out.ok ? out.changes.isEmpty() ? QStringLiteral("no schema changes") : QStringLiteral("%1 schema change(s)").arg(out.changes.changes.size())
                              : out.error;
    finished.data = QJsonObject{{QStringLiteral("rows"), rows}, {QStringLiteral("rowsMeasured"), out.rowsMeasured}};
    emitEvent(finished);
    mode.current = after;
}

} // namespace mig
