#pragma once

#include "source/ScriptRef.h"

#include <QList>
#include <QString>

namespace mig::ui {

// A script as the views show it, read on a worker thread: its spans joined (a section of a
// single-file layout keeps its own line numbers), line endings and BOM normalised. A file that
// is not UTF-8 is not shown at all: `error` says so instead of showing garbage.
struct ScriptFile {
    bool present = false;   // the migration has this script
    QString path;           // absolute
    QString text;           // LF line endings, no BOM; empty when error is set
    QList<int> lineNumbers; // the file's line number of each line of text
    QString error;          // why it cannot be shown (unreadable, not UTF-8)
    QString note;           // shown in part (too large)

    bool shown() const { return present && error.isEmpty(); }
};

// Reads up to maxBytes of the script (the rest is left out, and `note` says so): colouring a
// larger text would hold the GUI thread for too long.
ScriptFile readScriptFile(const ScriptRef &script, qint64 maxBytes = 1 << 20);

} // namespace mig::ui
