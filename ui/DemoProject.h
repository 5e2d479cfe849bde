#pragma once

#include "console/ProjectState.h"

namespace mig::ui {

// The embedded SQLite demo: its migrations folder, on a demo database of its own in the user's
// data folder, saved as the "SQLite demo" profile so it shows in the target list like any other.
inline QString demoProfileName() { return QStringLiteral("SQLite demo"); }
Project demoProject(const QString &demoFolder, const QString &database);

// Where a fresh demo database goes: a new file name each time, so the run store never mixes a
// fresh demo with the runs, backups and schema of an earlier one. Nothing is created here.
QString newDemoDatabasePath();
// Removes the demo databases made before `keep` (with their -wal, -shm and lock files).
void removeOldDemoDatabases(const QString &keep);

} // namespace mig::ui
