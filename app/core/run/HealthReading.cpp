// What one health sample reads, per engine. Sessions, database size and replication come from
// the pre-flight probes (the same views, the same rules on what counts as "ours"); lock waits
// are read here, since no pre-flight check needs them.
#include "HealthMonitor.h"

#include "preflight/TargetProbes.h"
#include "target/TargetSession.h"

#include <QJsonArray>

namespace mig {

namespace {

using preflight::ProbeResult;

// Sessions of this database waiting for a heavyweight lock (table, row, advisory). pg_locks
// rather than pg_stat_activity.wait_event_type: pg_locks shows every user's waits, while
// wait_event is hidden for other users' sessions without pg_read_all_stats.
const char *const PostgresLockWaits =
    "SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE NOT l.granted AND a.datname = current_database()";

// Sessions of this database waiting for a metadata or table lock (their processlist state:
// "Waiting for table metadata lock", "Waiting for table level lock", ...) or for an InnoDB row
// lock (INNODB_TRX's LOCK WAIT, the transaction INNODB_LOCK_WAITS lists as requesting; one
// row per session, where INNODB_LOCK_WAITS has one per lock it waits for).
const char *const MysqlLockWaits =
    "SELECT COUNT(*) FROM information_schema.PROCESSLIST p WHERE p.DB = DATABASE() AND p.ID <> CONNECTION_ID() "
    "AND (p.STATE LIKE 'Waiting for%lock%' OR p.ID IN (SELECT t.trx_mysql_thread_id FROM information_schema.INNODB_TRX t "
    "WHERE t.trx_state = 'LOCK WAIT'))";
// Without the PROCESS privilege INNODB_TRX is refused: the processlist's states alone.
const char *const MysqlLockWaitsNoInnodb =
    "SELECT COUNT(*) FROM information_schema.PROCESSLIST p WHERE p.DB = DATABASE() AND p.ID <> CONNECTION_ID() "
    "AND p.STATE LIKE 'Waiting for%lock%'";

// The probe could not read its view: the engine's words, from the result's data.
QString probeError(const ProbeResult &r)
{
    for (const char *key : {"error", "replicaStatusError"}) {
        const QJsonObject e = r.data.value(QLatin1String(key)).toObject();
        if (!e.isEmpty())
            return QStringLiteral("%1: %2").arg(e.value(u"reading").toString(), e.value(u"message").toString());
    }
    return {};
}

void readSessions(TargetSession &session, HealthReading &h)
{
    const ProbeResult r = preflight::probeSessions(session, {});
    if (const QString error = probeError(r); !error.isEmpty()) {
        h.problems.insert(QStringLiteral("sessions"), error);
        return;
    }
    if (session.dialect() == Dialect::Sqlite) {
        const int processes = int(r.data.value(u"processes").toArray().size());
        h.sessions = processes;
        h.connections = processes;
        return;
    }
    h.sessions = r.data.value(u"notIdle").toInt();
    h.connections = r.data.value(u"count").toInt();
}

void readLockWaits(TargetSession &session, HealthReading &h)
{
    if (session.dialect() == Dialect::Sqlite)
        return; // a waiting SQLite connection sleeps in its own process: nothing lists it
    const bool postgres = session.dialect() == Dialect::Postgres;
    QueryResult r = session.query(QLatin1String(postgres ? PostgresLockWaits : MysqlLockWaits));
    if (!r.ok() && !postgres && r.error->kind == SqlError::Kind::Other)
        r = session.query(QLatin1String(MysqlLockWaitsNoInnodb));
    if (r.ok())
        h.lockWaits = r.scalar().toInt();
    else
        h.problems.insert(QStringLiteral("lock waits"), r.error->toString());
}

void readSize(TargetSession &session, HealthReading &h)
{
    QString error;
    const qint64 bytes = preflight::databaseBytes(session, &error);
    if (bytes >= 0)
        h.databaseBytes = bytes;
    else
        h.problems.insert(QStringLiteral("database size"), error);
}

// The largest of the lags the probe found; unset when it found none.
std::optional<double> largestLag(const QJsonArray &entries, const QString &key)
{
    std::optional<double> lag;
    for (const QJsonValue &v : entries) {
        const QJsonValue seconds = v.toObject().value(key);
        if (seconds.isDouble())
            lag = qMax(lag.value_or(0.0), seconds.toDouble());
    }
    return lag;
}

void readReplication(TargetSession &session, HealthReading &h)
{
    if (session.dialect() == Dialect::Sqlite)
        return;
    const ProbeResult r = preflight::probeReplication(session, {});
    if (const QString error = probeError(r); !error.isEmpty()) {
        h.problems.insert(QStringLiteral("replication lag"), error);
        return;
    }
    if (session.dialect() == Dialect::Postgres) {
        if (r.data.value(u"role").toString() == u"standby") {
            if (r.data.value(u"lagSeconds").isDouble())
                h.replicationLagSeconds = r.data.value(u"lagSeconds").toDouble();
        } else {
            h.replicationLagSeconds = largestLag(r.data.value(u"standbys").toArray(), QStringLiteral("replayLagSeconds"));
        }
        return;
    }
    // A MariaDB primary does not know its replicas' lag (only each replica does): absent there.
    h.replicationLagSeconds = largestLag(r.data.value(u"replicaOf").toArray(), QStringLiteral("secondsBehind"));
}

} // namespace

QJsonObject HealthReading::toJson() const
{
    QJsonObject o;
    if (sessions)
        o.insert(QStringLiteral("sessions"), *sessions);
    if (connections)
        o.insert(QStringLiteral("connections"), *connections);
    if (lockWaits)
        o.insert(QStringLiteral("lockWaits"), *lockWaits);
    if (databaseBytes)
        o.insert(QStringLiteral("databaseBytes"), *databaseBytes);
    if (replicationLagSeconds)
        o.insert(QStringLiteral("replicationLagSeconds"), *replicationLagSeconds);
    return o;
}

QString HealthReading::toText() const
{
    QStringList parts;
    if (sessions)
        parts << QStringLiteral("%1 active session(s)").arg(*sessions);
    if (lockWaits)
        parts << QStringLiteral("%1 lock wait(s)").arg(*lockWaits);
    if (databaseBytes)
        parts << preflight::humanBytes(*databaseBytes);
    if (replicationLagSeconds)
        parts << QStringLiteral("replication lag %1").arg(preflight::humanDuration(*replicationLagSeconds));
    return parts.isEmpty() ? QStringLiteral("nothing could be read") : parts.join(QStringLiteral(", "));
}

HealthReading readHealth(TargetSession &session)
{
    HealthReading h;
    // A cheap statement first: a lost connection is told as such, not as four unreadable views.
    if (session.dialect() != Dialect::Sqlite) {
        const QueryResult ping = session.query(QStringLiteral("SELECT 1"));
        if (!ping.ok()) {
            if (ping.error->kind == SqlError::Kind::ConnectionLost) {
                h.lost = ping.error;
                return h;
            }
            h.problems.insert(QStringLiteral("connection"), ping.error->toString());
        }
    }
    readSessions(session, h);
    readLockWaits(session, h);
    readSize(session, h);
    readReplication(session, h);
    return h;
}

} // namespace mig
