#pragma once

#include "run/MigrationExecutor.h"
#include "schema/SchemaSnapshot.h"
#include "source/Format.h"

namespace mig {

struct FolderPlan;
struct MigrationStatus;
struct TargetStatus;

// What a past run left to compare with, read from the run store by the caller.
struct VerifyBaseline {
    QString runId;                         // the run being verified; empty when none is recorded
    std::optional<SchemaSnapshot> before;  // its before-run snapshot (row counts included)
    std::optional<SchemaSnapshot> after;   // its after-run snapshot (drift since the run)
    QStringList versions;                  // the migrations it applied or rolled back
    QStringList touchedTables;             // "schema.table" / "table" its schema changes touched
};

struct VerifyRequest {
    ConnectionProfile profile;
    QString password;
    QString dir;
    std::optional<Format> format;
    VerifyBaseline baseline;
};

// One verification check, as `migctl verify` prints it and the report tables it.
struct CheckResult {
    QString name;     // "003 verify: no buggy timestamps left", "integrity_check", "row count: main.users"
    QString version;  // the migration it belongs to; empty for target-wide checks
    QString status;   // pass | fail | not run
    QString measured; // "0", "560 -> 560", "ok"
    QString detail;   // why it failed, the engine's message, or why it did not run
};

struct VerifyResult {
    QString error;    // verification could not run at all (connection, folder)
    QString runId;    // of the verification itself
    QList<CheckResult> checks;
    bool passed() const; // no check failed (and no error)
};

// Verifies a target after a run, reading only: every statement of the target runs in a
// read-only transaction that is rolled back.
//  - each applied migration's verify script (native NNN_name.verify.sql): every query in it is a
//    check; it fails when its first row's first column is false, 0 or NULL, when it returns no
//    row, or when it raises (the engine's message is the detail). A second column, when there is
//    one, is the detail. A comment line "-- check: NAME" right before a query names the check.
//  - migrations applied with differences (history status applied_differs) fail
//    "schema as declared", with the differences as detail;
//  - SQLite: PRAGMA integrity_check and PRAGMA foreign_key_check;
//  - PostgreSQL, MySQL/MariaDB: a foreign-key orphan scan for every foreign key whose table or
//    referenced table the baseline run touched, in its schema or its row count (every foreign
//    key when there is no baseline);
//  - row counts before -> after for every table of the baseline's before snapshot: a table
//    with fewer rows (or gone) fails as possible data loss, unless a migration of the run
//    declares it with "-- migctl:expect-row-loss TABLE"; "not run" without a baseline;
//  - drift: the live schema against the baseline's after-run snapshot.
// Every check is also told as a CheckFinished event (action "verify").
class Verifier
{
public:
    Verifier(VerifyRequest request, EventSink sink);
    VerifyResult run();

private:
    // Records a check and tells it as a CheckFinished event.
    void addCheck(const CheckResult &check, const QJsonObject &data = {});
    std::optional<SqlError> beginReadOnly();
    // One query of a check: on PostgreSQL inside a savepoint, so that its error leaves the
    // read-only transaction usable for the next check; a transaction the query ended is begun
    // again, read-only.
    QueryResult checkQuery(const QString &sql);
    std::optional<SchemaSnapshot> liveSnapshot(bool rowCounts, QString *error);

    // Verifier.cpp
    void migrationChecks(const MigrationStatus &status);
    CheckResult verifyQuery(const MigrationStatus &status, const Statement &statement);
    // BuiltinChecks.cpp
    void sqliteChecks();
    void orphanChecks(const SchemaSnapshot &live);
    void rowCountChecks(const FolderPlan &plan, const SchemaSnapshot *live, const QString &liveError);
    void driftCheck(const SchemaSnapshot *live, const QString &liveError);
    QString quoteIdent(const QString &name) const;
    QString quoteTable(const QString &schema, const QString &table) const;

    VerifyRequest m_request;
    EventSink m_sink;
    TargetSession *m_session = nullptr; // while run() runs
    VerifyResult m_result;
    bool m_connectionLost = false;
};

} // namespace mig
