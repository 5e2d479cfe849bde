#pragma once

#include "source/ScriptRef.h"
#include "target/TargetSession.h"

#include <atomic>

namespace mig {

// Rows one data statement of a script changed.
struct StatementRows {
    int line = 0;
    QString statement; // its first line
    qint64 rows = 0;
};

struct PlayResult {
    bool ok = true;
    // On failure: where and why, "file:line: engine message", and the statement's text.
    QString error;
    QString statement;
    int line = 0;
    QList<StatementRows> rows; // data statements (INSERT / UPDATE / DELETE / COPY / batches)
    int statements = 0;
};

// Plays a script's statements on a session that is not the run's: no history, no progress
// rows, no lock timeouts of its own. A preview uses it inside a transaction it will roll back,
// or on a scratch database. Batched statements are repeated until they change no row, as a run
// would. Statements that manage transactions are refused when `insideTransaction`: the caller
// chose a method that cannot hold them.
PlayResult playScript(TargetSession &session, const ScriptRef &script, const QString &file, bool insideTransaction,
                      const std::atomic<bool> &cancel);

} // namespace mig
