#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

namespace mig::report {

// Everything a run's report says, read from the run store only (ReportBuilder.h): the report
// never asks a live target, so a report made a year later says what was measured then. Numbers
// that were not measured are -1 and are written "not measured"; checks that did not run have
// status "not run". Every text in it has been through redact() (Redact.h).

struct ReportHeader {
    QString runId;
    QString action;         // apply, resume, rollback, preview, verify, ...
    QString project;        // the migrations folder; empty: not recorded
    QString target;         // display URL, credentials and tokens redacted
    QString engine;         // sqlite | postgres | mysql
    QString serverVersion;  // "PostgreSQL 15.8"; empty: not recorded
    QString environment;    // label given at export time; empty: none
    QString operatorName;   // user@host that held the run lock; empty: not recorded
    QString consoleVersion; // of the console that made the run
    QString startedAt, finishedAt; // ISO-8601 UTC
    QString generatedAt;    // when this report was made
};

// The go/no-go decision that let the run through (its own go/no-go event), or the newest
// checklist evaluated on the target before the run when the run had none.
struct GateLine {
    QString id, title, verdict, evidence, level;
    bool blocks = false;
};

struct GateDecision {
    bool evaluated = false;
    QString source;        // "this run" | "preflight run ID" (advisory: the run did not wait for it)
    QString runId;         // the run whose go/no-go event this is
    QString status;        // pass | override | advisory | fail; empty when not evaluated
    QString verdict;       // GO | NO-GO | NO-GO, OVERRIDDEN
    QString evaluatedAt;
    QString policy;        // the policy file, or "(defaults: no policy file)"
    bool enforced = false;
    bool overridden = false;
    QString overrideBy, overrideReason;
    QStringList blockers;
    QString message;
    QList<GateLine> lines;
};

struct ReportSummary {
    int migrationsPlanned = 0;   // what the run set out to do
    int migrationsCompleted = 0; // applied (or rolled back) to the end
    qint64 durationMs = -1;
    QString outcome;             // succeeded | failed | cancelled | refused | nothing-to-do | ...
    QString message;
    int errors = 0;
    int warnings = 0;
    QString decision;            // GateDecision::verdict, or "not evaluated"
    bool overridden = false;
};

struct MigrationTiming {
    QString version, name, file, direction, status, mode;
    QString startedAt, finishedAt;
    qint64 durationMs = -1;
    int statementsDone = 0;  // finished without error
    int statementsTotal = 0;
    qint64 rows = -1;        // rows the statements reported; -1: none reported
    int batches = 0;         // batches of batched statements
    QString message;         // on failure
};

struct MigrationDiff {
    QString version, name;
    bool recorded = false;   // a schema-changed event exists
    int added = 0, removed = 0, changed = 0;
    QString text;            // SchemaDiff::toText() as recorded
    QJsonArray changes;      // SchemaDiff::toJson() as recorded
};

// One line of "schema statistics before -> after". -1: not measured; -2: the engine has no
// such object.
struct StatLine {
    QString name;            // tables, columns, ..., total rows, size
    qint64 before = -1;
    qint64 after = -1;
    bool bytes = false;      // the values are sizes
};

struct CheckRow {
    QString source;          // "run" | "verify RUNID"
    QString name, version, status, measured, detail;
    QString at;
};

// Row counts: -1 not measured, Absent: the table did not exist then.
constexpr qint64 Absent = -3;

struct TableRowCount {
    QString table;
    qint64 before = -1, after = -1;
};

struct DataIntegrity {
    QList<TableRowCount> tables;
    QList<CheckRow> orphanChecks; // foreign-key orphan scans, foreign_key_check, integrity_check
    QString note;                 // why something is not measured
};

struct BackupSection {
    bool found = false;
    QString how;             // why this backup is the run's pre-run backup
    QString id, file, createdAt, tool, serverVersion;
    qint64 size = -1;
    QString sha256;
    qint64 rows = -1;
    int tables = 0;
    QString restoreTestStatus; // pass | fail | "not run"
    QString restoreTestAt, restoreTestDetail;
};

struct RollbackStep {
    QString version, name, upFile;
    QString script;          // the rollback script found in the folder now; empty: none found
    QString verdict;         // the newest preview verdict before the run ("rollback verified", ...)
    QString verdictRunId;
    QString verifiedChecksum; // the down script's checksum that preview ran
    QString scriptMatches;   // yes | no | unknown: the script now is the one verified
};

struct RollbackProcedure {
    QList<RollbackStep> steps; // in the order to run them (newest first)
    QStringList commands;      // migctl commands, in order
    QString restoreCommand;    // migctl restore ... --into ..., when a pre-run backup is known
    QString note;
};

struct LintFinding {
    QString rule, severity, version, file, statement, message, evidence, hint;
    int line = 0;
};

struct LintSection {
    bool evaluated = false;
    QString runId;           // the run whose checklist linted
    QList<LintFinding> findings;
    QStringList notChecked;
};

struct SignoffRow {
    QString kind, name, role, comment, at;
};

struct RunError {
    QString version, name, file, statement, code, message, at;
    int line = 0;
};

struct StatementTiming {
    QString version;
    int statement = 0;
    int line = 0;
    qint64 durationMs = -1;
    qint64 rows = -1;
    QString status;
};

// A chart as data: the exporters draw it (SVG in HTML, an image in PDF) and JSON keeps its points.
struct ChartSeries {
    QString name;
    QList<QPointF> points;   // x, y; bar charts: x is the category index
};

struct ChartData {
    QString id;              // durations | throughput | health-sessions | health-size | health-lag
    QString title, xLabel, yLabel;
    bool bars = false;
    QStringList categories;  // bar charts
    QList<ChartSeries> series;
    QString empty;           // why there is nothing to draw; empty when there is

    bool isEmpty() const;
};

struct ReportModel {
    ReportHeader header;
    ReportSummary summary;
    GateDecision gate;
    QList<MigrationTiming> timeline;
    QList<MigrationDiff> diffs;
    bool statsMeasured = false; // both snapshots exist
    QList<StatLine> stats;
    QString schemaFingerprintBefore, schemaFingerprintAfter;
    QList<CheckRow> checks;     // the run's own checks, then those of the verify run after it
    QString verifyRunId;        // the newest verify run of this run; empty: not verified
    DataIntegrity integrity;
    BackupSection backup;
    RollbackProcedure rollback;
    LintSection lint;
    QList<SignoffRow> signoffs;
    QList<RunError> errors;
    QList<StatementTiming> statements;
    QList<ChartData> charts;

    int checkCount(const QString &status) const;
};

} // namespace mig::report
