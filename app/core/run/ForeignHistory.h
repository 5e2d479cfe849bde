#pragma once

#include "source/Format.h"
#include "target/TargetSession.h"

#include <QStringList>

namespace mig {

// What another migration tool recorded as applied in a target, so that adopting the database
// (migctl baseline --from TOOL) does not run those migrations again.
struct ForeignHistory {
    QString table;               // the table that was read
    QStringList appliedVersions; // as the tool writes them, in the order it applied them
    bool cumulative = false;     // golang-migrate keeps only its current version: all up to it are applied
    QString baselineVersion;     // Flyway's BASELINE row: every version up to it counts as applied too
    QString refusal;             // why it must not be adopted (a dirty or failed state), empty if fine
    std::optional<SqlError> error; // the table could not be read (or is not there)
};

// tool: Flyway (flyway_schema_history), GolangMigrate and Dbmate (schema_migrations),
// Goose (goose_db_version). Other formats have no foreign table to read.
ForeignHistory readForeignHistory(TargetSession &session, Format tool);

} // namespace mig
