#pragma once

#include <QProcessEnvironment>
#include <QStringList>

#include <atomic>
#include <functional>

namespace mig {

// One run of a client program (pg_dump, pg_restore, mysqldump, mysql) whose output we read
// ourselves: its stdout is handed over in chunks as it comes (to be hashed and written to a
// backup file, or counted), its stderr line by line (progress), and a file can be fed to its
// stdin in chunks (mysql restoring a dump), so that every byte is seen for progress.
struct ToolCall {
    QString program; // full path
    QStringList args;
    QProcessEnvironment env;
    QString inputFile; // fed to stdin; empty: stdin is closed at once
    // Each chunk of stdout; an error text stops the program (killed) and becomes the error.
    std::function<QString(const char *data, qint64 size)> onOutput;
    std::function<void(const QString &line)> onErrorLine; // each stderr line, without its end
    std::function<void(qint64 fed)> onInputFed;            // bytes of inputFile fed so far
    const std::atomic<bool> *cancel = nullptr;             // polled: set -> the program is killed
};

struct ToolOutcome {
    bool ok = false;
    bool cancelled = false;
    // Why it failed, naming the program: "pg_dump was killed by signal 9", "pg_restore failed
    // (exit 1): ...", the error onOutput returned; with the last lines the program wrote on stderr.
    QString error;
};

ToolOutcome runTool(const ToolCall &call);

// The first line `program --version` prints ("pg_dump (PostgreSQL) 15.8"); empty when it fails.
QString toolVersion(const QString &program);

} // namespace mig
