#pragma once

#include "Format.h"
#include "ScriptRef.h"
#include "Version.h"

#include <QList>

namespace mig {

// One migration as found in a folder.
struct Migration {
    Version version;        // empty for repeatable migrations
    QString name;           // description, as the file name gives it
    Format format = Format::Native;
    bool repeatable = false; // Flyway R__: re-run whenever its checksum changes
    QString file;           // the up script's file name, relative to the folder
    ScriptRef up;
    ScriptRef down;         // rollback / undo; null when there is none
    ScriptRef verify;       // native NNN_name.verify.sql; null when there is none
    QByteArray checksum;    // hex SHA-256 of the up script, line endings and BOM normalised

    bool transactional() const { return up.transactional; }
    // Versioned migrations in version order, then repeatable ones by name.
    friend bool operator<(const Migration &a, const Migration &b)
    {
        if (a.repeatable != b.repeatable)
            return !a.repeatable;
        return a.repeatable ? a.name < b.name : a.version < b.version;
    }
};

// Something wrong (or worth knowing) about a folder, pointing at the file and line.
struct Problem {
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    QString file; // relative to the folder; empty for the folder itself
    int line = 0; // 0 when the problem is about the whole file
    QString message;

    QString toString() const; // "file:line: error: message"
};

} // namespace mig
