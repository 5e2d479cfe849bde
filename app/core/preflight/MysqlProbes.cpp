// MySQL and MariaDB: information_schema.PROCESSLIST and INNODB_TRX (the PROCESS privilege shows
// every user's), the replica status and the replicas registered with this server. The session
// runs with time_zone +00:00, so NOW() and trx_started read as UTC.
#include "ProbeSupport.h"

#include "target/TargetSession.h"

#include <QSet>

namespace mig::preflight {

namespace {

Activity activity(const QVariantList &row)
{
    // ID, USER, HOST, COMMAND, STATE, since, seconds, statement, DB, in a transaction
    Activity a;
    a.idLabel = QStringLiteral("connection");
    a.id = row.at(0).toString();
    a.user = row.at(1).toString();
    a.client = row.at(2).toString();
    const QString command = row.at(3).toString();
    const QString state = row.at(4).toString();
    const bool inTransaction = row.at(9).toBool();
    if (command == u"Sleep") {
        a.state = inTransaction ? QStringLiteral("idle in transaction") : QStringLiteral("idle (Sleep)");
        a.idle = !inTransaction;
    } else if (command == u"Query") {
        a.state = state.startsWith(u"Waiting") ? QStringLiteral("waiting (%1)").arg(state) : QStringLiteral("running a statement");
    } else {
        a.state = command.isEmpty() ? QStringLiteral("no session (recovered or XA transaction)") : command;
    }
    a.since = row.at(5).toString();
    a.seconds = row.at(6).toDouble();
    a.query = statementExcerpt(row.at(7).toString());
    a.database = row.at(8).toString();
    return a;
}

} // namespace

ProbeResult mysqlSessions(TargetSession &session, const ProbeLimits &limits)
{
    const QueryResult r = session.query(QStringLiteral(
        "SELECT p.ID, p.USER, p.HOST, p.COMMAND, COALESCE(p.STATE, ''), DATE_FORMAT(NOW() - INTERVAL p.TIME SECOND, '%Y-%m-%dT%H:%i:%sZ'), "
        "p.TIME, LEFT(COALESCE(p.INFO, ''), 400), p.DB, t.trx_id IS NOT NULL "
        "FROM information_schema.PROCESSLIST p LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID "
        "WHERE p.DB = DATABASE() AND p.ID <> CONNECTION_ID() ORDER BY p.ID"));
    if (!r.ok())
        return unreadable(QStringLiteral("sessions"), QStringLiteral("information_schema.PROCESSLIST"), *r.error);
    QList<Activity> sessions;
    for (const QVariantList &row : r.rows)
        sessions << activity(row);
    return sessionsResult(sessions, limits, session.profile().database);
}

ProbeResult mysqlLongTransactions(TargetSession &session, const ProbeLimits &limits)
{
    const QString name = QStringLiteral("long-transactions");
    const QString database = session.profile().database;
    const QueryResult trx = session.query(QStringLiteral(
        "SELECT t.trx_mysql_thread_id, COALESCE(p.USER, ''), COALESCE(p.HOST, ''), COALESCE(p.COMMAND, ''), COALESCE(p.STATE, ''), "
        "DATE_FORMAT(t.trx_started, '%Y-%m-%dT%H:%i:%sZ'), TIMESTAMPDIFF(SECOND, t.trx_started, NOW()), "
        "LEFT(COALESCE(t.trx_query, p.INFO, ''), 400), p.DB, 1, p.DB IS NULL OR p.DB = DATABASE() "
        "FROM information_schema.INNODB_TRX t LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id "
        "WHERE t.trx_mysql_thread_id <> CONNECTION_ID() AND (p.ID IS NOT NULL OR t.trx_mysql_thread_id = 0) ORDER BY t.trx_started"));
    // INNODB_TRX is a copy InnoDB refreshes only once nobody has read it for 100 ms (a monitor
    // polling it faster keeps it stale; a long transaction is listed all the same). One that has
    // ended since may still be listed, but its session is gone from PROCESSLIST (read live): it
    // is left out. Recovered and prepared XA transactions belong to no session (thread id 0).
    if (!trx.ok())
        return unreadable(name, QStringLiteral("information_schema.INNODB_TRX"), *trx.error);
    // A statement runs without an InnoDB transaction of its own (a read in autocommit, MyISAM,
    // a DDL) but holds its tables' metadata locks all the same: a long one blocks DDL too.
    const QueryResult statements = session.query(QStringLiteral(
        "SELECT ID, USER, HOST, COMMAND, COALESCE(STATE, ''), DATE_FORMAT(NOW() - INTERVAL TIME SECOND, '%Y-%m-%dT%H:%i:%sZ'), TIME, "
        "LEFT(COALESCE(INFO, ''), 400), DB, 0, 1 FROM information_schema.PROCESSLIST "
        "WHERE COMMAND = 'Query' AND ID <> CONNECTION_ID() AND (DB IS NULL OR DB = DATABASE()) AND TIME > %1")
                                                   .arg(limits.longTransactionSeconds));
    if (!statements.ok())
        return unreadable(name, QStringLiteral("information_schema.PROCESSLIST"), *statements.error);

    // Which tables a transaction holds is not shown (no metadata-lock view by default): those of
    // sessions in this database, or in none, count as blockers; elsewhere they only warn.
    QList<Activity> open, elsewhere;
    QSet<QString> seen;
    for (const QVariantList &row : trx.rows) {
        const Activity a = activity(row);
        seen << a.id;
        if (row.at(10).toBool())
            open << a;
        else if (a.seconds > limits.longTransactionSeconds)
            elsewhere << a;
    }
    for (const QVariantList &row : statements.rows)
        if (!seen.contains(row.at(0).toString()))
            open << activity(row);
    return longTransactionsResult(open, elsewhere, limits, database);
}

namespace {

// SHOW ... SLAVE STATUS rows carry no column names through the session: the columns are found
// by position. The order of the MySQL-compatible columns has been the same since MySQL 5.5 (and
// in MySQL 8's SHOW REPLICA STATUS); MariaDB's ALL form puts Connection_name and
// Slave_SQL_State first. A row that does not look like that layout is reported, never guessed.
struct ReplicaColumns {
    int base; // index of Slave_IO_State
    int host() const { return base + 1; }
    int port() const { return base + 3; }
    int ioRunning() const { return base + 10; }
    int sqlRunning() const { return base + 11; }
    int secondsBehind() const { return base + 32; }
    int lastIoError() const { return base + 35; }
    int lastSqlError() const { return base + 37; }
};

bool threadState(const QVariant &v)
{
    static const QStringList known{QStringLiteral("Yes"), QStringLiteral("No"), QStringLiteral("Connecting"), QStringLiteral("Preparing")};
    return known.contains(v.toString());
}

void replicaSide(TargetSession &session, const QString &sql, bool mariadb, const ProbeLimits &limits, Findings &f, QJsonObject &data)
{
    const QueryResult r = session.query(sql);
    if (!r.ok()) {
        f.add(severityOf(*r.error), QStringLiteral("cannot read %1: %2").arg(sql, r.error->toString()));
        data.insert(QStringLiteral("replicaStatusError"), errorJson(sql, *r.error));
        return;
    }
    const ReplicaColumns c{mariadb ? 2 : 0};
    QJsonArray sources;
    for (const QVariantList &row : r.rows) {
        if (row.size() <= c.lastSqlError() || !threadState(row.at(c.ioRunning())) || !threadState(row.at(c.sqlRunning()))) {
            f.add(Verdict::Warn, QStringLiteral("%1 answered in a layout this console does not know (%2 columns): replica lag not read")
                                     .arg(sql).arg(row.size()));
            continue;
        }
        const QString connection = mariadb && !row.at(0).toString().isEmpty() ? QStringLiteral(" '%1'").arg(row.at(0).toString()) : QString();
        const QString source = QStringLiteral("%1:%2").arg(row.at(c.host()).toString(), row.at(c.port()).toString());
        const QString io = row.at(c.ioRunning()).toString(), applier = row.at(c.sqlRunning()).toString();
        const QVariant behind = row.at(c.secondsBehind());
        const QString error = row.at(c.lastIoError()).toString().isEmpty() ? row.at(c.lastSqlError()).toString() : row.at(c.lastIoError()).toString();
        QJsonObject o{{QStringLiteral("connection"), mariadb ? row.at(0).toString() : QString()}, {QStringLiteral("source"), source},
                      {QStringLiteral("ioThread"), io}, {QStringLiteral("sqlThread"), applier}, {QStringLiteral("lastError"), error}};
        if (!behind.isNull())
            o.insert(QStringLiteral("secondsBehind"), behind.toLongLong());
        sources << o;
        const QString who = QStringLiteral("this server replicates%1 from %2").arg(connection, source);
        if (io != u"Yes" || applier != u"Yes")
            f.add(Verdict::Fail, QStringLiteral("%1 but is not replicating (I/O thread %2, SQL thread %3%4)")
                                     .arg(who, io, applier, error.isEmpty() ? QString() : QStringLiteral(": ") + error));
        else if (behind.isNull())
            f.add(Verdict::Warn, QStringLiteral("%1, lag unknown (Seconds_Behind_Master is NULL)").arg(who));
        else
            f.add(behind.toLongLong() > limits.maxReplicationLagSeconds ? Verdict::Fail : Verdict::Pass,
                  QStringLiteral("%1, %2 behind (limit %3)").arg(who, humanDuration(behind.toDouble()), humanDuration(limits.maxReplicationLagSeconds)));
    }
    data.insert(QStringLiteral("replicaOf"), sources);
}

// Replicas of this server: those registered (SHOW SLAVE HOSTS) and the binlog dump connections
// that feed them. Their lag is only measured on each replica.
int primarySide(TargetSession &session, const QString &sql, Findings &f, QJsonObject &data)
{
    QStringList replicas;
    QJsonArray registered, dumps;
    const QueryResult hosts = session.query(sql);
    if (!hosts.ok()) {
        f.add(severityOf(*hosts.error), QStringLiteral("cannot read %1: %2").arg(sql, hosts.error->toString()));
        data.insert(QStringLiteral("replicaHostsError"), errorJson(sql, *hosts.error));
    }
    for (const QVariantList &row : hosts.rows) {
        registered << QJsonObject{{QStringLiteral("serverId"), row.value(0).toLongLong()}, {QStringLiteral("host"), row.value(1).toString()},
                                  {QStringLiteral("port"), row.value(2).toInt()}};
        replicas << QStringLiteral("server %1 at %2:%3").arg(row.value(0).toString(), row.value(1).toString(), row.value(2).toString());
    }
    const QueryResult feeds = session.query(QStringLiteral(
        "SELECT ID, USER, HOST, TIME FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%' ORDER BY ID"));
    if (!feeds.ok()) {
        f.add(severityOf(*feeds.error), QStringLiteral("cannot read the binlog dump connections: %1").arg(feeds.error->toString()));
        data.insert(QStringLiteral("binlogDumpError"), errorJson(QStringLiteral("information_schema.PROCESSLIST"), *feeds.error));
    }
    for (const QVariantList &row : feeds.rows)
        dumps << QJsonObject{{QStringLiteral("connection"), row.at(0).toLongLong()}, {QStringLiteral("user"), row.at(1).toString()},
                             {QStringLiteral("client"), row.at(2).toString()}, {QStringLiteral("seconds"), row.at(3).toLongLong()}};
    data.insert(QStringLiteral("replicas"), registered);
    data.insert(QStringLiteral("binlogDumps"), dumps);
    const int count = int(qMax(hosts.rows.size(), feeds.rows.size()));
    if (count > 0)
        f.add(Verdict::Warn, QStringLiteral("%1 replica(s) of this server (%2 registered%3, %4 binlog dump connection(s)): their lag is only "
                                            "visible on each replica; run this check against them")
                                 .arg(count).arg(hosts.rows.size())
                                 .arg(replicas.isEmpty() ? QString() : QStringLiteral(": ") + replicas.join(QStringLiteral(", ")))
                                 .arg(feeds.rows.size()));
    return count;
}

} // namespace

ProbeResult mysqlReplication(TargetSession &session, const ProbeLimits &limits)
{
    const bool mariadb = session.serverVersion().startsWith(u"MariaDB");
    // MySQL 8.0.22 renamed the statements; the old names are gone in 8.4.
    const bool replicaWords = !mariadb && session.serverVersionNumber() >= 80022;
    const QString statusSql = mariadb ? QStringLiteral("SHOW ALL SLAVES STATUS")
                                      : replicaWords ? QStringLiteral("SHOW REPLICA STATUS") : QStringLiteral("SHOW SLAVE STATUS");
    const QString hostsSql = replicaWords ? QStringLiteral("SHOW REPLICAS") : QStringLiteral("SHOW SLAVE HOSTS");

    Findings f;
    QJsonObject data{{QStringLiteral("limitSeconds"), limits.maxReplicationLagSeconds}};
    replicaSide(session, statusSql, mariadb, limits, f, data);
    primarySide(session, hostsSql, f, data);
    if (f.isEmpty())
        return makeResult(QStringLiteral("replication"), Verdict::Pass,
                          QStringLiteral("no replicas, as the server reports: it replicates from none (%1) and none is registered with it "
                                         "or reading its binary log (%2, binlog dump connections)").arg(statusSql, hostsSql),
                          data);
    return makeResult(QStringLiteral("replication"), f.worst(), f.text(), data);
}

} // namespace mig::preflight
