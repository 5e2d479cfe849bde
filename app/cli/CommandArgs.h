#pragma once

#include "Target.h"

#include "run/MigrationExecutor.h"
#include "source/Format.h"
#include "source/ScanCache.h"
#include "store/RunStore.h"

#include <QCommandLineParser>

namespace mig::cli {

// What every command that works on a target and a folder reads from its arguments.
struct Common {
    ResolvedTarget target;
    QString dir;
    std::optional<Format> format;
};

// --target, --dir, --format, --history-table; on a usage error, the exit code.
std::optional<int> readCommon(const QCommandLineParser &args, const QString &command, Common &c, QTextStream &err,
                              bool needsDir = true);
// A whole number >= 0 option, left unchanged when absent.
std::optional<int> readInt(const QCommandLineParser &args, const char *name, int &value, QTextStream &err);

// plan, status: the scan cache in the user's cache folder; none with --no-cache. A cache that
// cannot be opened only makes the command read every file.
std::unique_ptr<ScanCache> scanCache(const QCommandLineParser &args);

// Opens the run store; a store that cannot be opened is told, and the command goes on.
void openStore(RunStore &store, QTextStream &err);
// Keeps every event in the store (telling once if the store stops recording) and prints the
// warnings and errors among them on `err`.
EventSink recorder(RunStore &store, QTextStream &err);

} // namespace mig::cli
