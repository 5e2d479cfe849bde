#pragma once

#include "Format.h"

#include <QString>
#include <optional>

namespace mig {

// What a migration file's name says about it, before its content is read.
struct FileName {
    enum class Role {
        Up,         // native NNN_name.sql, Flyway V, golang-migrate .up.sql
        Down,       // native .rollback.sql, Flyway U, golang-migrate .down.sql
        Verify,     // native .verify.sql
        Repeatable, // Flyway R__
        Numbered,   // NNN_name.sql: native, dbmate or goose, decided by the directives inside
        Other,      // any other .sql: a sql-migrate file if it has "-- +migrate" directives
    };
    Role role = Role::Other;
    std::optional<Format> format; // unset for Numbered and Other
    QString version;              // as written ("1.10", "001"); empty for Repeatable and Other
    QString name;                 // description; Flyway's underscores read as spaces
};

// Classifies a file name (no directory). Returns nothing for names that are not .sql files.
// Reads the name by hand: a folder of 20,000 files spent more on regular expressions than on
// everything else it does with a cached file.
std::optional<FileName> classifyFileName(const QString &fileName);
// The same by the layouts' patterns as regular expressions: the definition classifyFileName
// follows (and uses for names holding a line feed, which "." does not match).
std::optional<FileName> classifyFileNameByPattern(const QString &fileName);

} // namespace mig
