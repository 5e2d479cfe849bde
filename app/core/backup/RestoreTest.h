#pragma once

#include "BackupCatalog.h"
#include "JobEvents.h"

#include <atomic>

namespace mig {

class RunStore;

struct RestoreTestOptions {
    BackupRecord backup;
    // PostgreSQL, MySQL: a database on the server to make the scratch database on (the
    // backup's target, or another server of the same engine). SQLite: unused (a temporary file).
    ConnectionProfile server;
    QString password;
};

struct RestoreTestResult : JobResult {
    bool passed = false;
    RestoreTestRecord record; // as kept in the catalog
};

// Proves a backup restores ("restore-test" run): the file's size and SHA-256 against the
// catalog first (an altered or truncated file fails there), then a restore into a scratch
// database — PostgreSQL/MySQL an empty <database>_restoretest_xxxx made on the server and
// dropped afterwards, SQLite a temporary file — and every table's rows counted and compared with
// the catalog (one "row count" check per table; a missing or unexpected table fails), then one
// "restore test" check for the whole. The result is recorded in the catalog.
class RestoreTest
{
public:
    RestoreTest(RestoreTestOptions options, RunStore &store, EventSink sink, const std::atomic<bool> *cancel = nullptr);
    RestoreTestResult run();

private:
    // Restores into a scratch database and counts its tables; error text.
    QString restoreAndCount(JobEvents &events, QList<TableRows> &restored, bool *cancelled);

    RestoreTestOptions m_options;
    RunStore &m_store;
    EventSink m_sink;
    const std::atomic<bool> *m_cancel;
};

} // namespace mig
