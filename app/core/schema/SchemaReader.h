#pragma once

#include "SchemaSnapshot.h"

#include "target/SqlResult.h"

#include <QStringList>
#include <QVariantList>

namespace mig {

class TargetSession;

// A part of the schema to read instead of all of it: what a run re-reads after a migration,
// once its change markers (run/ChangeMarkers.h) tell which objects may have changed.
struct ReadScope {
    // SQLite: the lower-case names whose sqlite_schema rows (tbl_name) to read: a table with its
    // columns, constraints, indexes and triggers, or a view with its triggers. `master` is
    // sqlite_schema (type, name, tbl_name, sql) as the caller just read it, all of it: foreign
    // keys name their parent tables as written there.
    QStringList sqliteTables;
    QList<QVariantList> sqliteMaster;
    // PostgreSQL, by oid: relations (tables, views, materialized views, with what hangs off
    // them), sequences, routines, types, extensions, schemas.
    QList<qint64> relations, sequences, routines, types, extensions, schemas;
};

struct SnapshotOptions {
    // Tables left out (the console's own history table and its lock note), unqualified names
    // compared case-insensitively, in the session's current schema / database.
    QStringList excludeTables;
    bool rowCounts = true; // exact count(*) per table
    // Bytes per table where the engine tells them. Off for the snapshots a run takes after each
    // migration: SQLite's dbstat reads every page of the file, PostgreSQL stats every relation's
    // files, so sizes there cost a pass over the database per migration.
    bool sizes = true;
    // Only this part (row counts and sizes of its tables only); MySQL/MariaDB read it all.
    std::optional<ReadScope> scope;
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
