#pragma once

#include <QString>

namespace mig {

// How a script changed since it was applied: the text stored in the history against the file.
struct ScriptDiff {
    enum class Kind { Same, LineEndingsOrBomOnly, Changed, StoredTextMissing };
    Kind kind = Kind::Same;
    QString unified; // "--- applied\n+++ file\n@@ ... @@" for Changed; empty otherwise
};

ScriptDiff diffScripts(const QString &stored, const QString &current, const QString &storedLabel, const QString &currentLabel);

} // namespace mig
