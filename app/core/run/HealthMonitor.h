#pragma once

#include "MigrationExecutor.h" // EventSink

#include "target/ConnectionProfile.h"
#include "target/SqlResult.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>
#include <atomic>
#include <optional>

class QElapsedTimer;

namespace mig {

class TargetSession;

// One look at a target's health. A figure the engine has no view for (SQLite lock waits, a
// server without replication) or that could not be read this time is unset.
struct HealthReading {
    std::optional<int> sessions;     // other sessions on the database that are not idle (SQLite:
                                     // other processes holding a lock on the file)
    std::optional<int> connections;  // other sessions on the database, idle or not
    std::optional<int> lockWaits;    // sessions of the database waiting for a lock now
    std::optional<qint64> databaseBytes;
    std::optional<double> replicationLagSeconds; // a standby's / replica's own lag, or the
                                                 // largest lag among a primary's standbys
    std::optional<SqlError> lost;    // the connection is gone: nothing else was read
    // Figures that could not be read although the connection is alive ("lock waits: permission
    // denied ..."), keyed by figure so the monitor tells each once.
    QMap<QString, QString> problems;

    QJsonObject toJson() const; // the HealthSample event's data
    QString toText() const;     // "3 active session(s), 1 lock wait(s), 12.3 MiB, replication lag 2 s"
};

// Reads every figure once on an open session; only catalog and statistics views (PostgreSQL
// pg_stat_activity, pg_locks, pg_stat_replication; MariaDB information_schema, SHOW SLAVE
// STATUS; SQLite the file system), so it takes no lock a migration could wait for.
HealthReading readHealth(TargetSession &session);

// The target's health during a run, from a connection of its own: one HealthSample event per
// interval, on the thread that calls run() (a worker of its own, never the runner's thread and
// never a GUI thread). It must never delay the run: its own session, read-only, tight statement
// and lock timeouts (PostgreSQL statement_timeout and lock_timeout, MariaDB max_statement_time
// and lock_wait_timeout, SQLite no busy wait), and nothing but catalog reads. A lost connection
// is told once as a warning Message and the monitor reconnects at each following interval.
class HealthMonitor
{
public:
    HealthMonitor(ConnectionProfile profile, QString password, QString runId, EventSink sink, int intervalMs = 1000);

    // Returns once `stop` is set (within about 50 ms, or a statement timeout when one is running).
    void run(const std::atomic<bool> &stop);

    // The session settings that keep the monitor out of the run's way (public for tests).
    static std::optional<SqlError> configureSession(TargetSession &session, int intervalMs);

private:
    std::unique_ptr<TargetSession> connect(std::optional<SqlError> &error);
    std::optional<SqlError> sample(TargetSession &session); // the error when the connection is lost
    RunEvent event(RunEvent::Type type) const;
    void message(const QString &status, const QString &text);
    static bool sleepUntil(const QElapsedTimer &clock, qint64 deadlineMs, const std::atomic<bool> &stop);

    ConnectionProfile m_profile;
    QString m_password;
    QString m_runId;
    EventSink m_sink;
    int m_intervalMs;
    bool m_lostTold = false;
    bool m_missingFile = false;  // SQLite: opened before the run created the file
    QStringList m_problemsTold;  // figures already reported unreadable
};

} // namespace mig
