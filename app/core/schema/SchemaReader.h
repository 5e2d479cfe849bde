#pragma once

#include "SchemaSnapshot.h"

#include "target/SqlResult.h"

#include <QStringList>

namespace mig {

class TargetSession;

struct SnapshotOptions {
    // Tables left out (the console's own history table and its lock note), unqualified names
    // compared case-insensitively, in the session's current schema / database.
    QStringList excludeTables;
    bool rowCounts = true; // exact count(*) per table
    // Bytes per table where the engine tells them. Off for the snapshots a run takes after each
    // migration: SQLite's dbstat reads every page of the file, PostgreSQL stats every relation's
    // files, so sizes there cost a pass over the database per migration.
    bool sizes = true;
};

struct SnapshotResult {
    std::optional<SqlError> error; // the query that failed, with the engine's message
    SchemaSnapshot snapshot;
};

// Reads the schema of the database the session is connected to, read-only: catalogs only
// (pg_catalog, information_schema, sqlite_schema and pragmas), plus count(*) per table.
// PostgreSQL: every schema but the system ones; MySQL/MariaDB: the current database, its name
// left out of the objects (snapshot.database keeps it) so that two databases of the same schema
// compare equal; SQLite: the main database.
SnapshotResult takeSnapshot(TargetSession &session, const SnapshotOptions &options = {});

// Per engine, defined in <Engine>SchemaReader.cpp.
SnapshotResult readSqliteSchema(TargetSession &session, const SnapshotOptions &options);
SnapshotResult readPostgresSchema(TargetSession &session, const SnapshotOptions &options);
SnapshotResult readMysqlSchema(TargetSession &session, const SnapshotOptions &options);

} // namespace mig
