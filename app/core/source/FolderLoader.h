#pragma once

#include "Migration.h"

#include <QList>
#include <QString>
#include <optional>

namespace mig {

struct FolderLoadResult {
    QString dir;                  // absolute path of the folder
    std::optional<Format> format; // the layout detected (or forced); unset when nothing was found
    bool formatForced = false;
    QList<Migration> migrations;  // every migration that could be read, in run order
    QList<Problem> problems;      // every error and warning found, by file and line

    bool hasErrors() const;
};

class SourceFiles;

// Reads a migration folder in any supported layout. The layout is detected from file names and
// directive comments unless `forced`. Every problem is reported, and a bad file never hides the
// good ones: they are still returned. `files` (optional) reads the files: pass one to keep
// their bytes for a split that follows, or to read them through a ScanCache.
FolderLoadResult loadMigrationFolder(const QString &dir, std::optional<Format> forced = std::nullopt,
                                     SourceFiles *files = nullptr);

} // namespace mig
