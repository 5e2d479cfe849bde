#pragma once
// Lint of pending migrations: each statement read for what it will do (libpg_query's parse tree
// for PostgreSQL, the declaration tokenizer for MySQL/SQLite) and judged against the live target
// it will run on — the rows a DROP destroys, the NULLs a SET NOT NULL meets, the duplicates a
// UNIQUE index meets, the size of the table an ALTER locks. Read-only, and free of printing: the
// CLI and the pre-flight checklist show the report.

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace mig {

class TargetSession;
struct SchemaSnapshot;
struct TargetStatus;

namespace lint {

enum class Severity { Info, Warn, Block };

QString severityName(Severity s);                               // "info", "warn", "block"
std::optional<Severity> severityFromName(const QString &name);  // case-insensitive; "warning" too

// One rule of the catalogue. `severity` is its default at full strength: a rule lowers its own
// finding where the live data makes it harmless (a DROP of an empty table is info).
struct Rule {
    QString id;       // stable, kebab-case: "drop-table"
    Severity severity = Severity::Warn;
    QString title;    // one line: what the rule looks for
    QString hint;     // the general fix; findings carry one with the statement's own names
};

// Every rule, in a stable order (documented in README).
const QList<Rule> &rules();
const Rule *findRule(const QString &id);

struct Finding {
    QString rule;
    Severity severity = Severity::Warn;
    QString version;
    QString file;      // the script, relative to the migrations folder
    int line = 0;      // 1-based line of the statement in the file
    QString statement; // the statement's first line
    QString message;   // what the statement will do
    QString evidence;  // measured on the live target: "3 of 5 rows of users have NULL email"
    QString hint;      // how to do it safely, with the statement's names

    QJsonObject toJson() const;
};

struct LintOptions {
    qint64 largeTableRows = 1'000'000; // "large": at least this many rows ...
    qint64 largeTableBytes = 1LL << 30; // ... or this many bytes (table + indexes)
    QHash<QString, Severity> severity; // per rule id: the policy's severity instead of the default
    QSet<QString> disabled;            // rule ids turned off
    // The target's live schema when the caller has just read it (pre-flight; the console's own
    // tables left out, no row counts); read here when null.
    const SchemaSnapshot *schema = nullptr;
};

struct LintReport {
    QList<Finding> findings;
    // Checks that could not be made, never silently: "002 002_x.sql:14 not-null-with-nulls
    // users.email: table users does not exist yet (001_users.sql:1 creates it)".
    QStringList notChecked;
    QString error;    // the lint could not run at all (schema unreadable); findings are empty
    int migrations = 0; // pending migrations linted
    int statements = 0; // their statements read

    int count(Severity s) const;
    bool blocks() const; // a finding of severity block
    QJsonObject toJson() const; // schema "migctl.lint/1"
};

// Lints every pending, out-of-order and failed migration of status (what apply runs from its
// first statement; a dirty one is left to resume) against the live target. The
// session must be open; only reads are sent, each in a read-only transaction where the engine
// has one.
LintReport lintPending(TargetSession &session, const TargetStatus &status, const LintOptions &options = {});

} // namespace lint
} // namespace mig
