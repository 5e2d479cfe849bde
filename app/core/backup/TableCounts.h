#pragma once

#include "BackupCatalog.h"

#include "target/TargetSession.h"

#include <functional>

namespace mig {

class JobEvents;

// Every table of the session's database with its exact row count (count(*)), in name order:
//   PostgreSQL  ordinary tables of every schema but the system ones, extension members left out
//               (pg_dump leaves their rows out too), as "schema.table"
//   MySQL       base (and system-versioned) tables of the current database, as "table"
//   SQLite      every table but sqlite's own, as "table"
// `onTable(done, total, table)` is told before each count (done: the tables counted before it). Runs in whatever transaction the
// session has open (the backup's snapshot on PostgreSQL).
std::optional<SqlError> countRows(TargetSession &session, QList<TableRows> &out,
                                  const std::function<void(int, int, const QString &)> &onTable = {});

// Compares restored row counts with the catalogued ones, one "row count" check per table
// (measured "560 rows (catalog 560)", the table as detail): a missing table or another count
// fails. A table the backup does not have fails when `extraFails` (a restore test: the scratch
// held nothing else), and is only told otherwise (a restore over a database leaves tables the
// backup does not know). Returns the number of failed checks.
int compareRowCounts(const QList<TableRows> &catalogued, const QList<TableRows> &restored, bool extraFails, JobEvents &events);

} // namespace mig
