#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace mig {

class RunStore;

struct TableRows {
    QString table; // "schema.table" (PostgreSQL), "table" (MySQL/MariaDB, SQLite)
    qint64 rows = 0;
};

// The latest restore test of a backup.
struct RestoreTestRecord {
    QString at;     // ISO-8601 UTC; empty: never tested
    QString status; // pass | fail
    QString detail; // "12 tables, 3400 rows as catalogued", or what differed
    QString runId;  // the restore-test run
};

// One backup as catalogued. Never a password, nor a user: the target is kept as its store key
// and as a display URL without the user.
struct BackupRecord {
    QString id;            // b20261121T101500Z-1a2b
    QString runId;         // the backup run
    QString targetKey;     // ConnectionProfile::storeKey()
    QString target;        // display URL, without user
    QString engine;        // sqlite | postgres | mysql
    QString createdAt;     // ISO-8601 UTC, when the backup was complete
    QString tool;          // "pg_dump (PostgreSQL) 15.8", "mysqldump  Ver 10.19 Distrib 10.11.6-MariaDB, ...", "sqlite3 backup API 3.40.1"
    QString serverVersion; // "PostgreSQL 15.8", "MariaDB 10.11.6", "SQLite 3.40.1"
    QString path;          // absolute path of the file
    qint64 size = 0;       // bytes
    QString sha256;        // hex, of the whole file
    QList<TableRows> tables;
    QString detail;        // how the row counts relate to the dump (snapshot), anything notable
    RestoreTestRecord restoreTest;

    qint64 totalRows() const;
    QJsonObject toJson() const;
};

// The catalog of backups: a `backups` table in the run store file (created on first use),
// written and read through the store's own handle. Rows only enter it for complete backups.
class BackupCatalog
{
public:
    explicit BackupCatalog(RunStore &store);

    // Error texts; empty on success.
    QString add(const BackupRecord &record);
    QString recordRestoreTest(const QString &id, const RestoreTestRecord &test);

    std::optional<BackupRecord> find(const QString &id);
    // Newest first; every target's when targetKey is empty.
    QList<BackupRecord> list(const QString &targetKey = {});
    // The newest backup of a target (its createdAt and restoreTest say how fresh and how proven).
    std::optional<BackupRecord> latest(const QString &targetKey);

private:
    QString prepare();
    RunStore &m_store;
    bool m_ready = false;
};

} // namespace mig
