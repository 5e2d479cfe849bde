#pragma once

#include "console/ProjectState.h"
#include "preflight/RollbackStatus.h"

namespace mig::ui {

// One migration as the migrations table shows it: a value built from a ProjectState, so the
// model never looks anything up while it paints.
struct MigrationRow {
    QString key;                          // historyKey: the version, or "R:name" for repeatables
    int order = 0;                        // folder order (then missing ones): the version sort
    QString version, name;
    std::optional<MigrationState> state;  // unset when the target could not be read
    QString stateDetail;                  // MigrationStatus::detail: the history behind the state
    QString checksum;                     // hex SHA-256 of the file, or of what ran when it is missing
    qint64 durationMs = -1;               // of its latest history row
    QString durationOf;                   // what that row was ("apply", "failed apply", ...)
    QString appliedAt, appliedBy;         // set while it is applied (or modified, missing)
    RollbackStatus rollback;
    std::optional<lint::Severity> worstLint;
    QList<lint::Finding> findings;        // lint findings of this migration, in file order
    bool linted = false;                  // lint read it (findings may still be empty)
    MigrationStatus status;               // everything else, for the detail tabs
};

// Every migration of the state, in folder order; when the target could not be read, the
// folder's migrations without a state.
QList<MigrationRow> migrationRows(const ProjectState &state);

// Whether lint reads migrations in this state: those the next apply runs from their start.
bool lintable(MigrationState state);

// Display helpers shared by the table and the tabs.
QString formatDurationMs(qint64 ms);     // "850 ms", "12.3 s", "4 min 05 s", "1 h 02 min"; "" when < 0
QString formatUtc(const QString &iso);   // "2026-11-21 09:30:00 UTC"; the text itself when not ISO
QString findingText(const lint::Finding &f); // "block drop-table (line 3): message\nevidence\nFix: hint"

} // namespace mig::ui
