#pragma once

#include "BackupCatalog.h"
#include "JobEvents.h"

#include <atomic>

namespace mig {

class RunStore;

struct BackupOptions {
    ConnectionProfile profile;
    QString password; // never stored
    QString folder;   // where the file goes; BackupJob::defaultFolder() when the caller has none
};

struct BackupResult : JobResult {
    std::optional<BackupRecord> record; // set when the backup is complete and catalogued
};

// One backup of a target, as a run ("backup") told through events: the file is written as
// NAME.partial (mode 0600, in a folder made 0700), hashed as it is written, renamed when
// complete, then catalogued with each table's rows as the file holds them. On any failure
// (tool error or signal, write error, cancel) no file is left and nothing is catalogued.
//   PostgreSQL  pg_dump -Fc, row counts in the same snapshot (exported, pg_dump --snapshot)
//   MySQL       mysqldump --single-transaction --routines --triggers --events --hex-blob, rows
//               counted in the dump as it streams
//   SQLite      sqlite3's online backup API, rows counted in the copy
// Runs on the calling thread; `cancel` (optional) is polled.
class BackupJob
{
public:
    BackupJob(BackupOptions options, RunStore &store, EventSink sink, const std::atomic<bool> *cancel = nullptr);
    BackupResult run();

    // <folder of the run store>/backups
    static QString defaultFolder(const QString &runStorePath);

private:
    BackupOptions m_options;
    RunStore &m_store;
    EventSink m_sink;
    const std::atomic<bool> *m_cancel;
};

} // namespace mig
