#include "Recovery.h"

#include "backup/BackupCatalog.h"
#include "store/RunStore.h"

#include <QJsonArray>

namespace mig {

namespace {

QString label(const MigrationStatus &s)
{
    return QStringLiteral("%1 %2").arg(s.version, s.name).trimmed();
}

// The backup the run's go/no-go named as its pre-run backup, else the newest one taken before
// the run started.
std::optional<BackupRecord> preRunBackup(RunStore &store, const StoredRun &run)
{
    BackupCatalog catalog(store);
    for (const QJsonObject &e : store.events(run.id))
        if (e.value(u"check").toString() == u"go/no-go")
            if (const QString id = e.value(u"data").toObject().value(u"preRunBackup").toString(); !id.isEmpty())
                if (auto b = catalog.find(id))
                    return b;
    for (const BackupRecord &b : catalog.list(run.targetKey)) // newest first
        if (b.createdAt < run.startedAt)
            return b;
    return std::nullopt;
}

} // namespace

QJsonObject Recovery::toJson() const
{
    QJsonArray list;
    for (const RecoveryChoice &c : choices)
        list << QJsonObject{{QStringLiteral("id"), c.id}, {QStringLiteral("title"), c.title}, {QStringLiteral("command"), c.command},
                            {QStringLiteral("detail"), c.detail}, {QStringLiteral("available"), c.available}};
    return QJsonObject{{QStringLiteral("run"), runId}, {QStringLiteral("outcome"), outcome}, {QStringLiteral("message"), message},
                       {QStringLiteral("finishedAt"), finishedAt}, {QStringLiteral("choices"), list}};
}

std::optional<Recovery> recoveryAfterLastRun(RunStore &store, const QString &targetKey, const TargetStatus &status)
{
    const std::optional<StoredRun> run = store.latestRun(targetKey, {QStringLiteral("apply"), QStringLiteral("resume")});
    if (!run || (run->outcome != u"failed" && run->outcome != u"cancelled"))
        return std::nullopt;
    Recovery r{run->id, run->outcome, run->message, run->finishedAt, {}};

    // What the run left: migrations it applied, and the one it stopped in.
    QStringList applied;
    const MigrationStatus *stopped = nullptr;
    for (const MigrationStatus &s : status.migrations) {
        if (!s.last || s.last->runId != run->id)
            continue;
        if (isApplied(s.state))
            applied << label(s);
        else if (s.state == MigrationState::Dirty || s.state == MigrationState::Failed)
            stopped = &s;
    }

    RecoveryChoice resume{QStringLiteral("resume"), {}, QStringLiteral("migctl resume"), {}, true};
    if (stopped && stopped->state == MigrationState::Dirty) {
        resume.title = QStringLiteral("Resume %1 from statement %2").arg(label(*stopped)).arg(stopped->last->statementsDone + 1);
        resume.detail = QStringLiteral("%1 of its %2 statements committed; resume runs the rest, then what is still pending. Fix the cause first: %3")
                            .arg(stopped->last->statementsDone).arg(stopped->last->statementsTotal).arg(stopped->detail);
    } else if (stopped) {
        resume.title = QStringLiteral("Retry %1 after fixing it").arg(label(*stopped));
        resume.detail = QStringLiteral("its transaction rolled back, nothing of it was kept (%1); resume applies it and the rest again").arg(stopped->detail);
    } else {
        resume.title = QStringLiteral("Apply what is still pending");
        resume.detail = QStringLiteral("no migration of the run is left half-done");
    }
    r.choices << resume;

    const int steps = int(applied.size()) + (stopped && stopped->state == MigrationState::Dirty ? 1 : 0);
    RecoveryChoice rollback{QStringLiteral("rollback"), QStringLiteral("Roll back to the version before the run"),
                            QStringLiteral("migctl rollback --steps %1").arg(steps), {}, steps > 0, steps};
    rollback.detail = steps > 0 ? QStringLiteral("runs the down scripts of %1%2")
                                      .arg(applied.isEmpty() ? QString() : applied.join(QStringLiteral(", ")),
                                           stopped && stopped->state == MigrationState::Dirty
                                               ? QStringLiteral("%1the half-applied %2 (down from where it stopped)").arg(applied.isEmpty() ? QString() : QStringLiteral(" and ")).arg(label(*stopped))
                                               : QString())
                                : QStringLiteral("the run changed nothing that stayed: the target is at its pre-run version");
    r.choices << rollback;

    RecoveryChoice restore{QStringLiteral("restore"), QStringLiteral("Restore the pre-run backup"), {}, {}, false};
    if (const auto b = preRunBackup(store, *run)) {
        restore.available = true;
        restore.backupId = b->id;
        restore.command = QStringLiteral("migctl restore %1 --into TARGET").arg(b->id);
        restore.detail = QStringLiteral("backup %1 of %2 (restore test: %3); replaces the whole database, also what others wrote since")
                             .arg(b->id, b->createdAt, b->restoreTest.status.isEmpty() ? QStringLiteral("never run") : b->restoreTest.status);
    } else {
        restore.detail = QStringLiteral("no backup of this target taken before the run is in the catalog");
    }
    r.choices << restore;
    return r;
}

} // namespace mig
