#pragma once

#include "FolderPlan.h"
#include "run/History.h"

namespace mig {

enum class MigrationState {
    Applied,
    AppliedWithDifferences, // applied, but the schema afterwards is not what its statements declared
    Pending,    // never applied, rolled back, or its last attempt failed and left nothing behind
    Modified,   // applied, but the file's checksum changed since
    Missing,    // applied, but the file is gone
    Failed,     // the last attempt failed; its transaction rolled back, nothing was kept
    Dirty,      // an attempt stopped part-way: some statements committed, the rest did not run
    OutOfOrder, // pending, but older than the newest applied migration
};

QString stateName(MigrationState s); // "applied", "out-of-order", ...
// Applied, whether or not the schema afterwards matched what the migration declared.
inline bool isApplied(MigrationState s)
{
    return s == MigrationState::Applied || s == MigrationState::AppliedWithDifferences;
}

struct MigrationStatus {
    MigrationState state = MigrationState::Pending;
    QString version; // as the folder (or, for missing files, the history) writes it
    QString name;
    std::optional<PlannedMigration> planned; // unset for Missing
    std::optional<HistoryRow> last;          // its latest history row
    QString detail;                          // one line: what happened, the failing statement
};

// A folder against a target's history: what `migctl status` shows and what apply starts from.
struct TargetStatus {
    QList<MigrationStatus> migrations; // folder order, then missing ones
    QString currentVersion;            // newest applied version; empty when none
    // The console version that wrote the history when it is newer than this one ("0.3.0"); its
    // rows may mean what this version cannot know, so no command writes to such a table.
    QString newerWriter;

    int count(MigrationState s) const;
    // Why apply must not start: dirty or modified migrations, out-of-order ones unless allowed.
    QStringList blockers(bool allowOutOfOrder) const;
};

// What apply runs, in folder order: pending and failed migrations (and out-of-order ones when
// allowed), repeatables included, versioned ones up to `to`. What sign-offs sign.
QList<const MigrationStatus *> pendingSelection(const TargetStatus &status, const std::optional<Version> &to, bool allowOutOfOrder);

TargetStatus computeStatus(const FolderPlan &plan, const QList<HistoryRow> &history);

// The newest console_version among the rows when it is newer than `mine`; empty otherwise (also
// for versions that do not start with numbers).
QString newerConsoleVersion(const QList<HistoryRow> &history, const QString &mine = QStringLiteral(MIG_VERSION));
// Why a command that writes refuses such a history table.
QString newerWriterRefusal(const QString &historyTable, const QString &newer);

// The history key of a migration: its version, or "R:" + name for a repeatable one.
QString historyKey(const Migration &m);
QString historyKey(const HistoryRow &row);

} // namespace mig
