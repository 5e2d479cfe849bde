#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace mig {
class TargetSession;
}

namespace mig::preflight {

// What the server told a probe, turned into a checklist verdict. Probes only read: catalogs and
// statistics views through the session, the file system beside a SQLite file. A view the user
// may not read or a lost connection gives Warn or Fail with the engine's words, never a pass.
enum class Verdict { NotApplicable, Pass, Warn, Fail }; // in rising severity

QString verdictName(Verdict v); // "n/a", "pass", "warn", "fail"

struct ProbeResult {
    QString name;        // server-version, sessions, long-transactions, replication, disk
    Verdict verdict = Verdict::Pass;
    QString evidence;    // one line: what was measured, and against which limit
    QStringList details; // one line per session, transaction, standby found
    QJsonObject data;    // the same, structured (ids, users, ages in seconds, bytes)
};

struct ProbeLimits {
    int longTransactionSeconds = 60;   // a transaction open longer fails the check
    int maxReplicationLagSeconds = 10; // a replica further behind fails the check
    int maxActiveSessions = -1;        // more non-idle sessions warn; -1: report only
};

// Supported: PostgreSQL 12, MariaDB 10.5, MySQL 8.0, SQLite 3.35 (RETURNING, DROP COLUMN) or newer.
ProbeResult probeServerVersion(TargetSession &session);
// Other sessions on the target's database now (never our own), counted by state.
// SQLite has no server: the other processes that hold locks on the file, and a -wal file or a
// journal beside it.
ProbeResult probeSessions(TargetSession &session, const ProbeLimits &limits);
// Transactions open longer than the limit: a migration's DDL would queue behind them, and every
// query on that table behind the DDL. Fails naming each (session, user, client, age, statement).
ProbeResult probeLongTransactions(TargetSession &session, const ProbeLimits &limits);
// Standbys as the primary sees them and their lag; on a standby or replica, its own lag.
ProbeResult probeReplication(TargetSession &session, const ProbeLimits &limits);
// The database's size against the free space where the backup goes (nothing is created there).
ProbeResult probeDiskForBackup(TargetSession &session, const QString &backupDir);

// The verdict of the disk check from its two measures: Fail when free < 1.2 x size (a custom-
// format dump is usually smaller than the database, a file copy is not). Public so the rule is
// tested apart from any file system.
ProbeResult diskVerdict(qint64 databaseBytes, qint64 freeBytes, const QString &backupDir);

// The database's size in bytes (PostgreSQL pg_database_size, MySQL data + index of the schema,
// SQLite the file and its -wal); -1 when it cannot be read, with the reason in *error. Also the
// total for a backup's progress.
qint64 databaseBytes(TargetSession &session, QString *error = nullptr);

// Figures for people: "512 B", "1.2 GiB"; "42 s", "12 min", "5.2 h".
QString humanBytes(qint64 bytes);
QString humanDuration(double seconds);

} // namespace mig::preflight
