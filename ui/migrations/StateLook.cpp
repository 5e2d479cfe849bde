#include "StateLook.h"

namespace mig::ui {

namespace {

QIcon icon(const char *name)
{
    return QIcon(QStringLiteral(":/icons/states/%1.svg").arg(QLatin1String(name)));
}

} // namespace

QIcon stateIcon(MigrationState state)
{
    switch (state) {
    case MigrationState::Applied: return icon("applied");
    case MigrationState::AppliedWithDifferences: return icon("applied-with-differences");
    case MigrationState::Pending: return icon("pending");
    case MigrationState::Modified: return icon("modified");
    case MigrationState::Missing: return icon("missing");
    case MigrationState::Failed: return icon("failed");
    case MigrationState::Dirty: return icon("dirty");
    case MigrationState::OutOfOrder: return icon("out-of-order");
    }
    return {};
}

QString stateTitle(MigrationState state)
{
    switch (state) {
    case MigrationState::Applied: return QStringLiteral("Applied");
    case MigrationState::AppliedWithDifferences: return QStringLiteral("Applied with differences");
    case MigrationState::Pending: return QStringLiteral("Pending");
    case MigrationState::Modified: return QStringLiteral("Modified");
    case MigrationState::Missing: return QStringLiteral("Missing");
    case MigrationState::Failed: return QStringLiteral("Failed");
    case MigrationState::Dirty: return QStringLiteral("Dirty");
    case MigrationState::OutOfOrder: return QStringLiteral("Out of order");
    }
    return {};
}

QString stateDescription(MigrationState state)
{
    switch (state) {
    case MigrationState::Applied:
        return QStringLiteral("Applied: the migration ran completely and the schema afterwards is what its statements declared.");
    case MigrationState::AppliedWithDifferences:
        return QStringLiteral("Applied with differences: it ran, but the schema afterwards is not what its statements declared "
                              "(an IF NOT EXISTS met another definition, or it differs from the preview). Check before going on.");
    case MigrationState::Pending:
        return QStringLiteral("Pending: not applied yet (never run, or rolled back). The next apply runs it.");
    case MigrationState::Modified:
        return QStringLiteral("Modified: applied, but the file changed since (its checksum differs). Apply refuses until the "
                              "change is undone; see the Changes tab.");
    case MigrationState::Missing:
        return QStringLiteral("Missing: the history says it was applied, but its file is no longer in the folder.");
    case MigrationState::Failed:
        return QStringLiteral("Failed: the last attempt failed and its transaction rolled back; nothing of it was kept. "
                              "Fix the script and apply again.");
    case MigrationState::Dirty:
        return QStringLiteral("Dirty: an attempt stopped part-way and some statements committed. Fix the script, then resume, "
                              "roll back or mark it applied. Apply refuses until then.");
    case MigrationState::OutOfOrder:
        return QStringLiteral("Out of order: pending, but older than the newest applied migration. Apply refuses it unless "
                              "out-of-order migrations are allowed.");
    }
    return {};
}

QIcon severityIcon(lint::Severity severity)
{
    switch (severity) {
    case lint::Severity::Info: return icon("lint-info");
    case lint::Severity::Warn: return icon("lint-warn");
    case lint::Severity::Block: return icon("lint-block");
    }
    return {};
}

QString severityTitle(lint::Severity severity)
{
    switch (severity) {
    case lint::Severity::Info: return QStringLiteral("Info");
    case lint::Severity::Warn: return QStringLiteral("Warning");
    case lint::Severity::Block: return QStringLiteral("Blocks");
    }
    return {};
}

QIcon changeIcon(ObjectChange::Kind kind)
{
    switch (kind) {
    case ObjectChange::Kind::Added: return icon("diff-added");
    case ObjectChange::Kind::Removed: return icon("diff-removed");
    case ObjectChange::Kind::Changed: return icon("diff-changed");
    }
    return {};
}

QString changeTitle(ObjectChange::Kind kind)
{
    switch (kind) {
    case ObjectChange::Kind::Added: return QStringLiteral("added");
    case ObjectChange::Kind::Removed: return QStringLiteral("removed");
    case ObjectChange::Kind::Changed: return QStringLiteral("changed");
    }
    return {};
}

QIcon rollbackIcon(RollbackStatus::Kind kind)
{
    switch (kind) {
    case RollbackStatus::Kind::Missing: return icon("missing");
    case RollbackStatus::Kind::NotVerified: return icon("pending");
    case RollbackStatus::Kind::Verified: return icon("applied");
    case RollbackStatus::Kind::LeavesDifferences: return icon("applied-with-differences");
    case RollbackStatus::Kind::Fails: return icon("failed");
    }
    return {};
}

QString rollbackDescription(RollbackStatus::Kind kind)
{
    switch (kind) {
    case RollbackStatus::Kind::Missing: return QStringLiteral("No rollback script: this migration cannot be rolled back.");
    case RollbackStatus::Kind::NotVerified:
        return QStringLiteral("Rollback not verified: no preview has run this down script as it is now.");
    case RollbackStatus::Kind::Verified:
        return QStringLiteral("Rollback verified: a preview ran up, then down, and the schema came back exactly as it was.");
    case RollbackStatus::Kind::LeavesDifferences:
        return QStringLiteral("Rollback leaves differences: after up and down the schema is not what it was before.");
    case RollbackStatus::Kind::Fails: return QStringLiteral("Rollback fails: the down script failed in the preview.");
    }
    return {};
}

QIcon checkIcon(const QString &status)
{
    if (status == u"pass")
        return icon("applied");
    if (status == u"fail")
        return icon("failed");
    return icon("pending");
}

} // namespace mig::ui
