#pragma once

#include "run/RunEvent.h"

#include <QString>

struct sqlite3;

namespace mig {

// The local record of every run: a SQLite file per user (DESIGN.md). Each event is kept as it
// was emitted, so a report can later be built from what was measured. Written through sqlite3's
// own API: the store is not a target, and it must work from any thread that owns it.
class RunStore
{
public:
    RunStore() = default;
    ~RunStore();
    RunStore(const RunStore &) = delete;
    RunStore &operator=(const RunStore &) = delete;

    // $MIGCTL_RUN_STORE, else <generic data dir>/migration-console/runs.sqlite
    static QString defaultPath();

    QString open(const QString &path); // error text; empty on success
    QString record(const RunEvent &event); // error text; empty on success

private:
    QString exec(const char *sql);
    sqlite3 *m_db = nullptr;
    qint64 m_seq = 0;
};

} // namespace mig
