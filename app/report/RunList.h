#pragma once

#include "store/RunStore.h"

namespace mig::report {

// A run as the store's `runs` table keeps it.
struct RunRow {
    StoredRun run;
    QString consoleVersion;
    qint64 durationMs() const; // from the start and finish times; -1 when unfinished
};

// Runs newest first, on one target (its store key) or all when empty; `limit` 0: all.
QList<RunRow> listRuns(RunStore &store, const QString &targetKey = {}, int limit = 0, const QStringList &actions = {});
std::optional<RunRow> findRun(RunStore &store, const QString &runId);

// The actions a report is usually made for: the runs that change a target's migrations.
QStringList changingActions(); // apply, resume, rollback

// RUN_ID, or "latest": the newest apply, resume or rollback (on `targetKey` when given).
// Unset, with the reason in `error`, when there is no such run.
std::optional<RunRow> resolveRun(RunStore &store, const QString &idOrLatest, const QString &targetKey, QString *error);

} // namespace mig::report
