// How to undo the run: its pre-run backup (from the catalog) and the rollback procedure for the
// migrations it applied, with the verdict each rollback script got in the newest preview.
#include "Redact.h"
#include "ReportSections.h"

#include "backup/BackupCatalog.h"
#include "source/FileScan.h"
#include "source/FolderLoader.h"
#include "store/StoreSql.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace mig::report::detail {

namespace {

// An argument as a POSIX shell reads it back.
QString shellQuoted(const QString &arg)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (plain.match(arg).hasMatch())
        return arg;
    return u'\'' + QString(arg).replace(u'\'', QStringLiteral("'\\''")) + u'\'';
}

// The newest "rollback" verdict per version recorded on the target before `before`.
QMap<QString, QStringList> rollbackVerdicts(RunStore &store, const QString &targetKey, const QString &before)
{
    QMap<QString, QStringList> out; // version -> measured, run, downChecksum
    const auto rows = storesql::select(store.handle(),
                                       "SELECT c.version, c.measured, c.run_id, c.data FROM checks c JOIN runs r ON r.id = c.run_id "
                                       "WHERE r.target_key = ? AND c.name = 'rollback' AND c.at <= ? ORDER BY c.id",
                                       {targetKey.toUtf8(), before.toUtf8()});
    for (const QStringList &row : rows)
        out.insert(row.value(0), {row.value(1), row.value(2), storesql::parseObject(row.value(3)).value(u"downChecksum").toString()});
    return out;
}

} // namespace

void fillBackup(RunStore &store, const RunRecord &r, ReportModel &m)
{
    BackupCatalog catalog(store);
    std::optional<BackupRecord> b;
    BackupSection &s = m.backup;
    // The backup the go/no-go checklist found fresh and restore-tested is the pre-run backup.
    if (m.gate.evaluated) {
        const QList<QJsonObject> events = m.gate.runId == r.row.run.id ? r.events : redactedEvents(store, m.gate.runId);
        for (const QJsonObject &e : events)
            if (text(e, "check") == u"go/no-go")
                if (const QString id = e.value(u"data").toObject().value(u"preRunBackup").toString(); !id.isEmpty())
                    if ((b = catalog.find(id)))
                        s.how = QStringLiteral("named by the go/no-go checklist as the pre-run backup");
    }
    if (!b) {
        for (const BackupRecord &c : catalog.list(r.targetKey())) // newest first
            if (c.createdAt <= r.row.run.startedAt) {
                b = c;
                s.how = QStringLiteral("the newest backup of the target taken before the run");
                break;
            }
    }
    if (!b)
        return;
    s.found = true;
    s.id = b->id;
    s.file = redact(b->path);
    s.createdAt = b->createdAt;
    s.tool = redact(b->tool);
    s.serverVersion = b->serverVersion;
    s.size = b->size;
    s.sha256 = b->sha256;
    s.rows = b->totalRows();
    s.tables = int(b->tables.size());
    s.restoreTestStatus = b->restoreTest.status.isEmpty() ? QStringLiteral("not run") : b->restoreTest.status;
    s.restoreTestAt = b->restoreTest.at;
    s.restoreTestDetail = redact(b->restoreTest.detail);
}

void fillRollback(RunStore &store, const RunRecord &r, ReportModel &m)
{
    RollbackProcedure &p = m.rollback;
    const QString target = shellQuoted(m.header.target);
    const QString dir = m.header.project.isEmpty() ? QStringLiteral("DIR") : shellQuoted(m.header.project);
    const bool rollbackRun = r.row.run.action == u"rollback";
    QList<MigrationTiming> undo;
    for (const MigrationTiming &t : m.timeline) {
        const bool left = rollbackRun ? t.status == u"rolled_back"
                                      : t.direction == u"up" && (t.status == u"applied" || t.status == u"applied_differs" || t.status == u"dirty");
        if (left)
            undo.prepend(t); // newest first
    }
    if (m.backup.found)
        p.restoreCommand = QStringLiteral("migctl restore %1 --test && migctl restore %1 --into %2").arg(m.backup.id, target);
    if (undo.isEmpty()) {
        p.note = QStringLiteral("the run left no migration applied or rolled back: nothing to undo");
        return;
    }
    if (rollbackRun) {
        // Undoing a rollback is applying again, oldest first, up to the newest version it took away.
        std::reverse(undo.begin(), undo.end());
        for (const MigrationTiming &t : undo)
            p.steps << RollbackStep{t.version, t.name, t.file, {}, QStringLiteral("re-apply")};
        p.commands << QStringLiteral("migctl apply --target %1 --dir %2 --to %3 --dry-run").arg(target, dir, undo.last().version)
                   << QStringLiteral("migctl apply --target %1 --dir %2 --to %3").arg(target, dir, undo.last().version);
        p.commands << QStringLiteral("migctl verify --target %1 --dir %2").arg(target, dir);
        return;
    }
    const QMap<QString, QStringList> verdicts = rollbackVerdicts(store, r.targetKey(), r.row.run.startedAt);
    const FolderLoadResult folder = m.header.project.isEmpty() ? FolderLoadResult() : loadMigrationFolder(m.header.project);
    QStringList missing, unsafe;
    for (const MigrationTiming &t : undo) {
        RollbackStep step{t.version, t.name, t.file};
        const QStringList v = verdicts.value(t.version);
        step.verdict = v.isEmpty() ? QStringLiteral("not verified (no preview before the run)") : v.value(0);
        step.verdictRunId = v.value(1);
        step.verifiedChecksum = v.value(2);
        step.scriptMatches = QStringLiteral("unknown");
        for (const Migration &mig : folder.migrations) {
            if (mig.version.text() != t.version || mig.down.isNull())
                continue;
            step.script = QDir(folder.dir).relativeFilePath(mig.down.path);
            if (!step.verifiedChecksum.isEmpty())
                step.scriptMatches = QString::fromLatin1(scriptChecksum(mig.down)) == step.verifiedChecksum ? QStringLiteral("yes") : QStringLiteral("no");
        }
        if (step.script.isEmpty() && (!folder.migrations.isEmpty() || step.verdict == u"no rollback"))
            missing << QStringLiteral("%1 %2").arg(t.version, t.name);
        else if (step.verdict.startsWith(u"rollback fails") || step.verdict.startsWith(u"rollback leaves"))
            unsafe << QStringLiteral("%1 %2 (%3)").arg(t.version, t.name, step.verdict);
        if (t.status == u"dirty")
            step.verdict += QStringLiteral("; the migration is half-applied: its down script runs from where it stopped");
        p.steps << step;
    }
    p.commands << QStringLiteral("migctl rollback --target %1 --dir %2 --steps %3 --dry-run").arg(target, dir).arg(undo.size())
               << QStringLiteral("migctl rollback --target %1 --dir %2 --steps %3").arg(target, dir).arg(undo.size())
               << QStringLiteral("migctl verify --target %1 --dir %2").arg(target, dir);
    if (!missing.isEmpty())
        p.note = QStringLiteral("no rollback script for %1: roll back by restoring the pre-run backup%2")
                     .arg(missing.join(QStringLiteral(", ")), m.backup.found ? QString() : QStringLiteral(" (none is catalogued)"));
    else if (!unsafe.isEmpty())
        p.note = QStringLiteral("the preview found rollbacks that do not undo cleanly: %1; rolling back past them stops there, or leaves "
                                "differences: fix those scripts first, or restore the pre-run backup")
                     .arg(unsafe.join(QStringLiteral(", ")));
    else if (m.header.project.isEmpty())
        p.note = QStringLiteral("the run did not record its migrations folder: pass it as --dir");
}

} // namespace mig::report::detail
