#pragma once

#include "BackupCatalog.h"

#include "target/ConnectionProfile.h"

#include <atomic>
#include <functional>
#include <memory>

namespace mig {

class PartialFile;

// What an engine's backup and restore steps get: where, as whom, how to report, when to stop.
struct EngineJob {
    ConnectionProfile profile; // the database to back up, or to restore into
    QString password;
    QString runId;
    const std::atomic<bool> *cancel = nullptr;
    // phase ("dumping table public.users"), done of total (-1: unknown), unit (bytes, tables, pages)
    std::function<void(const QString &, qint64, qint64, const QString &)> progress;
};

class JobEvents;
// A job on `profile` whose progress goes to `events` as progress of `task` (backup, restore,
// restore test).
EngineJob engineJob(const ConnectionProfile &profile, const QString &password, JobEvents &events, const QString &task,
                    const std::atomic<bool> *cancel);

struct DumpResult {
    QString error;         // empty on success
    bool cancelled = false;
    QString serverVersion;
    QList<TableRows> tables; // the rows each table has in the backup
    QString detail;          // how the counts were taken
    QStringList warnings;    // told as warnings of the run
};

struct LoadResult {
    QString error;
    bool cancelled = false;
};

// One engine's way to back up and restore (PostgreSQL pg_dump -Fc / pg_restore; MySQL/MariaDB
// mysqldump / mysql; SQLite sqlite3's online backup API).
class EngineBackup
{
public:
    static std::unique_ptr<EngineBackup> create(Dialect engine);
    virtual ~EngineBackup() = default;

    virtual QString fileExtension() const = 0; // dump, sql, sqlite
    // The tool and its version, as the catalog keeps it; empty with *error when it is missing.
    virtual QString tool(QString *error) const = 0;
    // Writes the backup into `file` (created, empty) and counts each table's rows as the backup
    // has them. The file is committed by the caller.
    virtual DumpResult dump(const EngineJob &job, PartialFile &file) = 0;
    // Restores `backupFile` into job.profile's database. replace: over a database that has data
    // (drop what the backup has before creating it); otherwise into an empty one.
    virtual LoadResult load(const EngineJob &job, const BackupRecord &backup, bool replace) = 0;
};

std::unique_ptr<EngineBackup> makePostgresBackup();
std::unique_ptr<EngineBackup> makeMysqlBackup();
std::unique_ptr<EngineBackup> makeSqliteBackup();

} // namespace mig
