#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace mig {

// One event of a run, as a value: it crosses threads by copy (queued signals), is printed by
// migctl (a line, or a JSON line) and stored in the run store. A flat record rather than a type
// per event: every consumer switches on `type` and reads the fields that type fills in.
struct RunEvent {
    enum class Type {
        RunStarted,        // action, target, migrationCount, dryRun
        LockAcquired,      // message: the holder note written
        MigrationStarted,  // version, name, direction, index/count, statementCount, mode in message
        StatementStarted,  // statement index, line, sql
        StatementFinished, // + durationMs, rows, status ok/failed, code/message on failure
        BatchProgress,     // batch, rowsDone, rowsTotal, rowsPerSecond, etaMs
        MigrationFinished, // status: applied | failed | rolled_back | cancelled | dirty; durationMs
        Message,           // status: info | warning | error; message
        RunFinished,       // status: succeeded | failed | cancelled | refused | nothing-to-do; durationMs
        SnapshotTaken,     // check: before-run | after-migration | after-run | expected | live; version
                           // (after-migration, expected); message: summary; data: the snapshot JSON;
                           // code: the fingerprint of the schema it was taken on (expected)
        SchemaChanged,     // version, direction: what the migration did to the schema; message: the
                           // diff as text; data: {"changes": the diff as JSON}
        CheckFinished,     // check, version (when about one migration), status pass | fail | not run,
                           // measured, message: detail; data: anything structured the check found
        Progress,          // work that is not a migration (backup, restore, restore test): check: the
                           // task; rowsDone of rowsTotal (-1: unknown) in `unit`; message: the phase
        HealthSample,      // the target's health during a run, from a second connection: data
                           // {sessions, lockWaits, databaseBytes, replicationLagSeconds (absent
                           // where the engine has no replication view)}; measured: one line
    };

    Type type = Type::Message;
    QString at;     // ISO-8601 UTC
    QString runId;
    QString action; // apply, resume, rollback, mark-applied, baseline (RunStarted)
    QString target; // display URL, never a password (RunStarted)
    QString targetKey; // the target's identity in the run store (RunStarted): ConnectionProfile::storeKey
    QString dir;       // the migrations folder, absolute (RunStarted of apply, resume, rollback): reports name it
    bool dryRun = false;

    QString version, name, direction, file;
    int migrationIndex = 0; // 1-based
    int migrationCount = 0;

    int statement = 0; // 1-based
    int statementCount = 0;
    int line = 0;
    QString sql;

    qint64 durationMs = -1;
    qint64 rows = -1;

    int batch = 0;
    qint64 rowsDone = 0;
    qint64 rowsTotal = -1;
    double rowsPerSecond = 0;
    qint64 etaMs = -1;
    QString unit; // Progress: what rowsDone counts (bytes, tables, pages)

    QString status;
    QString code;    // SQLSTATE / engine error code
    QString message;

    QString check;    // CheckFinished: the check's name; SnapshotTaken: the snapshot's label
    QString measured; // CheckFinished: the value the check measured ("560 rows", "0 orphans")
    QJsonObject data; // SnapshotTaken, SchemaChanged, CheckFinished: structured detail

    static QString typeName(Type t);
    QJsonObject toJson() const; // only the fields this type fills in
    QString toText() const;     // one human line (statements of a dry run: the SQL itself)
};

} // namespace mig

Q_DECLARE_METATYPE(mig::RunEvent)
