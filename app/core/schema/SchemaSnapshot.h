#pragma once

#include "sql/Dialect.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace mig {

// One object of a target's schema, engine-neutral: a kind, where it lives, and attributes whose
// values are normalised text (keywords lower case, whitespace collapsed, type names in one
// spelling per engine: see normalizeType). Two snapshots of the same schema give equal objects
// whatever the column order or the way a script spelled them, so a diff shows real changes only.
//
// Attribute conventions (absent = not applicable / engine default):
//   Table       rls (PG: enabled|disabled, + " forced"), engine (MySQL), collation (MySQL)
//   Column      type, nullable (yes|no), default, collation (when not the table's), generated
//               ("stored: EXPR", "virtual: EXPR", "identity always", "identity by default")
//   Constraint  type (primary key|unique|check|foreign key), columns ("a, b"), expression (check),
//               references ("schema.table(a, b)"; "table(a)" where there are no schemas),
//               on delete / on update (no action|restrict|cascade|set null|set default), deferrable
//   Index       columns ("a, lower(b)": keys as the engine renders them), unique (yes|no),
//               method (btree, hash, gin, ...), predicate (partial indexes), constraint (yes when
//               it backs a primary key / unique constraint)
//   View, MaterializedView   definition
//   Trigger     timing (before|after|instead of), events ("insert, update"), level (row|statement),
//               action (the function called, or the body)
//   Routine     kind (function|procedure), arguments, returns, language, definition
//   Sequence    type, start, increment, min, max, cycle (yes|no), owned by
//   Type        kind (enum|domain|composite|range), values (enum: "a, b"), base (domain)
//   Extension   version
//   Policy      command (all|select|insert|update|delete), permissive (yes|no), roles, using, with check
struct SchemaObject {
    enum class Kind { Schema, Table, Column, Constraint, Index, View, MaterializedView, Trigger, Routine,
                      Sequence, Type, Extension, Policy };
    Kind kind = Kind::Table;
    QString schema; // PostgreSQL schema, MySQL database; empty for SQLite's main database
    QString table;  // the owning table of a column, constraint, index, trigger or policy
    QString name;   // routines: name(argument types), so overloads stay apart; unnamed constraints
                    // (SQLite) get a name made of their definition
    QMap<QString, QString> attributes;

    // "column public.users.email": unique within a snapshot, and stable between snapshots.
    QString key() const;
    // "public.users.email", "users.email", "public.users"
    QString qualifiedName() const;
};

QString kindName(SchemaObject::Kind k); // schema, table, column, constraint, index, view,
                                        // materialized view, trigger, routine, sequence, type,
                                        // extension, policy
std::optional<SchemaObject::Kind> kindFromName(const QString &name);

// Measured size of one table when the snapshot was taken.
struct TableStats {
    QString schema;
    QString table;
    qint64 rows = -1;  // exact count(*); -1 when not counted
    qint64 bytes = -1; // table + indexes on disk; -1 when the engine cannot tell
};

// A target's schema at one moment.
struct SchemaSnapshot {
    Dialect dialect = Dialect::Sqlite;
    QString takenAt;       // ISO-8601 UTC
    QString serverVersion; // "PostgreSQL 15.8"
    QString database;      // PostgreSQL database, MySQL database, SQLite file
    QList<SchemaObject> objects; // sorted by key()
    QList<TableStats> tables;    // sorted by schema, table

    void sort(); // readers call it once they are done
    const SchemaObject *find(const QString &key) const;
    const TableStats *stats(const QString &schema, const QString &table) const;

    // "tables", "columns", "primary keys", "unique constraints", "check constraints",
    // "foreign keys", "indexes", "views", "materialized views", "triggers", "functions",
    // "procedures", "sequences", "types", "extensions", "policies", "schemas"; plus "rows" and
    // "bytes" (totals of the measured tables; -1 when none was measured).
    QMap<QString, qint64> counts() const;
    // "12 tables, 85 foreign keys, 130 indexes, 33 policies, 30 functions" (non-zero counts only)
    QString summary() const;
    static QString summaryOf(const QMap<QString, qint64> &counts);
    // SHA-256 (hex) of the objects: the schema's identity. Row counts and sizes are left out.
    QByteArray fingerprint() const;

    QJsonObject toJson() const; // documented in README ("Schema snapshots")
    static std::optional<SchemaSnapshot> fromJson(const QJsonObject &json, QString *error = nullptr);
};

// One object as a snapshot's "objects" array holds it, and back.
QJsonObject objectToJson(const SchemaObject &o);
std::optional<SchemaObject> objectFromJson(const QJsonObject &json, QString *error = nullptr);

// One spelling per type, so "INT", "int4" and "integer" compare equal (PostgreSQL: integer).
// Lower case, whitespace collapsed, the engine's synonyms mapped to its canonical name.
QString normalizeType(Dialect dialect, const QString &type);
// Lower-case keywords are left to callers; this collapses runs of whitespace (outside quotes)
// into one space and trims, for definitions and expressions.
QString normalizeSql(const QString &text);

} // namespace mig
