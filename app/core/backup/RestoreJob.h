#pragma once

#include "BackupCatalog.h"
#include "JobEvents.h"

#include <atomic>

namespace mig {

struct RestoreOptions {
    BackupRecord backup;
    ConnectionProfile into; // the database restored over (same engine as the backup)
    QString password;
};

// What a database holds now, for the confirmation before a restore replaces it.
struct RestoreTargetContents {
    QString error;
    QString serverVersion;
    QList<TableRows> tables;
};
RestoreTargetContents inspectRestoreTarget(const ConnectionProfile &into, const QString &password);

// Restores a backup over a database ("restore" run), after the caller had it confirmed. The
// file must still match the catalog (size, SHA-256), and the target's run lock is taken for the
// whole restore, so that no migration runs meanwhile.
//   PostgreSQL  pg_restore --clean --if-exists --single-transaction --no-owner --exit-on-error:
//               the backup's objects are dropped and made again in one transaction; a failure
//               leaves the database as it was
//   MySQL       the dump through the mysql client: each table (routine, event) dropped and made
//               again, statement by statement (DDL commits: a failure leaves it part restored)
//   SQLite      sqlite3's backup API: the whole file replaced, under its lock
// Tables the backup does not have are left as they are (a warning names them). Afterwards every
// table of the backup is counted and compared with the catalog.
class RestoreJob
{
public:
    RestoreJob(RestoreOptions options, EventSink sink, const std::atomic<bool> *cancel = nullptr);
    JobResult run();

private:
    RestoreOptions m_options;
    EventSink m_sink;
    const std::atomic<bool> *m_cancel;
};

} // namespace mig
