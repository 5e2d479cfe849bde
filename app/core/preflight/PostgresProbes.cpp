// PostgreSQL: pg_stat_activity, pg_prepared_xacts, pg_stat_replication / pg_stat_wal_receiver,
// pg_replication_slots. Ages use clock_timestamp(): now() is the start of our own transaction,
// which may be old when the caller probes inside one.
#include "ProbeSupport.h"

#include "target/TargetSession.h"

namespace mig::preflight {

namespace {

// Columns shared by the session and transaction queries, `since` being the column the age counts from.
QString activityColumns(const QString &since)
{
    return QStringLiteral("pid, coalesce(usename, ''), coalesce(host(client_addr), 'local'), coalesce(application_name, ''), "
                          "state, to_char(%1 AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                          "coalesce(extract(epoch FROM clock_timestamp() - %1), 0)::float8, left(coalesce(query, ''), 400)")
        .arg(since);
}

Activity activity(const QVariantList &row, const QString &database)
{
    Activity a;
    a.id = row.at(0).toString();
    a.user = row.at(1).toString();
    a.client = row.at(2).toString();
    a.application = row.at(3).toString();
    // Another user's session shows no state and no query without pg_read_all_stats.
    const bool visible = !row.at(4).isNull();
    a.state = visible ? row.at(4).toString() : QStringLiteral("not visible to this user");
    a.idle = a.state == u"idle";
    a.since = row.at(5).toString();
    a.seconds = row.at(6).toDouble();
    a.query = visible ? statementExcerpt(row.at(7).toString()) : QString();
    a.database = database;
    return a;
}

// Another user's backend type is hidden too (NULL) without pg_read_all_stats: such a row counts.
const char *const ClientBackendsHere =
    "datname = current_database() AND pid <> pg_backend_pid() AND coalesce(backend_type, 'client backend') = 'client backend'";

QString hiddenNote(int hidden)
{
    return QStringLiteral("%1 session(s) of other users hide their state from this user (grant pg_read_all_stats to see them)").arg(hidden);
}

} // namespace

ProbeResult postgresSessions(TargetSession &session, const ProbeLimits &limits)
{
    const QString name = QStringLiteral("sessions");
    const QString database = session.profile().database;
    const QueryResult r = session.query(QStringLiteral("SELECT %1 FROM pg_stat_activity WHERE %2 ORDER BY backend_start, pid")
                                            .arg(activityColumns(QStringLiteral("coalesce(state_change, backend_start)")),
                                                 QLatin1String(ClientBackendsHere)));
    if (!r.ok())
        return unreadable(name, QStringLiteral("pg_stat_activity"), *r.error);
    QList<Activity> sessions;
    int hidden = 0;
    for (const QVariantList &row : r.rows) {
        sessions << activity(row, database);
        hidden += row.at(4).isNull() ? 1 : 0;
    }
    ProbeResult result = sessionsResult(sessions, limits, database);
    if (hidden > 0) {
        result.verdict = qMax(result.verdict, Verdict::Warn);
        result.evidence += QStringLiteral("; ") + hiddenNote(hidden);
    }
    return result;
}

ProbeResult postgresLongTransactions(TargetSession &session, const ProbeLimits &limits)
{
    const QString name = QStringLiteral("long-transactions");
    const QString database = session.profile().database;
    const QueryResult r = session.query(QStringLiteral("SELECT %1 FROM pg_stat_activity WHERE %2 AND (xact_start IS NOT NULL OR state IS NULL)")
                                            .arg(activityColumns(QStringLiteral("xact_start")), QLatin1String(ClientBackendsHere)));
    if (!r.ok())
        return unreadable(name, QStringLiteral("pg_stat_activity"), *r.error);
    // A prepared transaction (two-phase commit) belongs to no session and keeps its locks until
    // someone commits or rolls it back: the blocker nobody sees in pg_stat_activity.
    const QueryResult prepared = session.query(QStringLiteral(
        "SELECT gid, owner, to_char(prepared AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
        "extract(epoch FROM clock_timestamp() - prepared)::float8 FROM pg_prepared_xacts WHERE database = current_database()"));
    if (!prepared.ok())
        return unreadable(name, QStringLiteral("pg_prepared_xacts"), *prepared.error);

    QList<Activity> open;
    int hidden = 0;
    for (const QVariantList &row : r.rows) {
        if (row.at(4).isNull())
            ++hidden;
        else
            open << activity(row, database);
    }
    for (const QVariantList &row : prepared.rows) {
        Activity a;
        a.idLabel = QStringLiteral("prepared transaction");
        a.id = QLatin1Char('\'') + row.at(0).toString() + QLatin1Char('\'');
        a.user = row.at(1).toString();
        a.state = QStringLiteral("waiting for COMMIT PREPARED");
        a.since = row.at(2).toString();
        a.seconds = row.at(3).toDouble();
        a.database = database;
        open << a;
    }
    ProbeResult result = longTransactionsResult(open, {}, limits, database);
    if (hidden > 0) {
        result.verdict = qMax(result.verdict, Verdict::Warn);
        result.evidence += QStringLiteral("; ") + hiddenNote(hidden);
    }
    return result;
}

namespace {

ProbeResult standbyLag(TargetSession &session, const ProbeLimits &limits)
{
    const QString name = QStringLiteral("replication");
    // Measured against what this standby received: when it is caught up with that, its lag is
    // nil however long ago the last transaction was replayed (an idle primary sends none). After
    // a restart the receiver starts at a segment boundary, before what was replayed: not behind.
    const QueryResult r = session.query(QStringLiteral(
        "SELECT extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8, "
        "coalesce(greatest(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0), 0)::bigint, "
        "pg_is_wal_replay_paused(), "
        "(SELECT status FROM pg_stat_wal_receiver), (SELECT sender_host || ':' || sender_port FROM pg_stat_wal_receiver)"));
    if (!r.ok())
        return unreadable(name, QStringLiteral("the standby's replay state"), *r.error);
    const QVariantList &row = r.rows.first();
    const bool known = !row.at(0).isNull();
    const double sinceReplay = row.at(0).toDouble();
    const qint64 behind = row.at(1).toLongLong();
    const bool paused = row.at(2).toBool();
    const QString receiver = row.at(3).toString();
    const QString primary = row.at(4).isNull() ? QStringLiteral("an unknown primary") : row.at(4).toString();
    const double lag = behind == 0 ? 0 : sinceReplay;

    QJsonObject data{{QStringLiteral("role"), QStringLiteral("standby")}, {QStringLiteral("primary"), primary},
                     {QStringLiteral("receiver"), receiver}, {QStringLiteral("replayBytesBehind"), behind},
                     {QStringLiteral("replayPaused"), paused}, {QStringLiteral("limitSeconds"), limits.maxReplicationLagSeconds}};
    if (known)
        data.insert(QStringLiteral("lastReplaySecondsAgo"), qint64(sinceReplay));
    if (known || behind == 0)
        data.insert(QStringLiteral("lagSeconds"), qint64(lag));

    Findings f;
    const QString lastReplay = known ? QStringLiteral("last replayed transaction committed %1 ago").arg(humanDuration(sinceReplay))
                                     : QStringLiteral("no transaction replayed since the standby started");
    if (behind == 0)
        f.add(Verdict::Pass, QStringLiteral("this server is a standby of %1, caught up with the WAL it received (%2)").arg(primary, lastReplay));
    else if (!known)
        f.add(Verdict::Warn, QStringLiteral("this server is a standby of %1, %2 of WAL received but not replayed, lag unknown (%3)")
                                 .arg(primary, humanBytes(behind), lastReplay));
    else
        f.add(qint64(lag) > limits.maxReplicationLagSeconds ? Verdict::Fail : Verdict::Pass,
              QStringLiteral("this server is a standby of %1, replay %2 behind (limit %3; %4, %5 of WAL received but not replayed)")
                  .arg(primary, humanDuration(lag), humanDuration(limits.maxReplicationLagSeconds), lastReplay, humanBytes(behind)));
    if (paused)
        f.add(Verdict::Warn, QStringLiteral("replay is paused (pg_wal_replay_resume() resumes it)"));
    if (receiver != u"streaming")
        f.add(Verdict::Warn, QStringLiteral("not streaming from the primary (WAL receiver: %1): the lag against the primary is unknown")
                                 .arg(receiver.isEmpty() ? QStringLiteral("none") : receiver));
    return makeResult(name, f.worst(), f.text(), data);
}

ProbeResult primaryStandbys(TargetSession &session, const ProbeLimits &limits)
{
    const QString name = QStringLiteral("replication");
    const QueryResult r = session.query(QStringLiteral(
        "SELECT coalesce(application_name, ''), coalesce(host(client_addr), 'local'), state, coalesce(sync_state, ''), "
        "extract(epoch FROM replay_lag)::float8, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint, "
        "extract(epoch FROM clock_timestamp() - reply_time)::float8 FROM pg_stat_replication ORDER BY application_name, pid"));
    if (!r.ok())
        return unreadable(name, QStringLiteral("pg_stat_replication"), *r.error);
    const QueryResult slots = session.query(QStringLiteral(
        "SELECT slot_name, slot_type, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint "
        "FROM pg_replication_slots WHERE NOT active ORDER BY slot_name"));
    if (!slots.ok())
        return unreadable(name, QStringLiteral("pg_replication_slots"), *slots.error);

    Findings f;
    QJsonArray standbys, inactive;
    QStringList details;
    for (const QVariantList &row : r.rows) {
        const QString standby = QStringLiteral("%1 (%2)").arg(row.at(0).toString().isEmpty() ? QStringLiteral("unnamed") : row.at(0).toString(),
                                                              row.at(1).toString());
        const bool hidden = row.at(2).isNull();
        const QString state = hidden ? QStringLiteral("not visible to this user") : row.at(2).toString();
        const qint64 behind = row.at(5).toLongLong();
        // replay_lag is empty once a standby has caught up and nothing new was written, and
        // replay_lsn until the standby's first reply.
        const bool known = !row.at(4).isNull() || (!row.at(5).isNull() && behind == 0);
        const double lag = row.at(4).isNull() ? 0 : row.at(4).toDouble();
        QJsonObject o{{QStringLiteral("name"), row.at(0).toString()}, {QStringLiteral("client"), row.at(1).toString()},
                      {QStringLiteral("state"), state}, {QStringLiteral("syncState"), row.at(3).toString()},
                      {QStringLiteral("replayBytesBehind"), row.at(5).isNull() ? QJsonValue() : QJsonValue(behind)},
                      {QStringLiteral("replySecondsAgo"), row.at(6).isNull() ? QJsonValue() : QJsonValue(qint64(row.at(6).toDouble()))}};
        QString line = QStringLiteral("%1 %2").arg(standby, state);
        if (known) {
            o.insert(QStringLiteral("replayLagSeconds"), qint64(lag));
            line += QStringLiteral(", replay lag %1, %2 of WAL not replayed").arg(humanDuration(lag), humanBytes(behind));
        }
        standbys << o;
        details << line;
        if (hidden)
            f.add(Verdict::Warn, line + QStringLiteral(" (grant pg_read_all_stats to see its state and lag)"));
        else if (state != u"streaming")
            f.add(Verdict::Warn, line + QStringLiteral(" (not streaming)"));
        else if (!known)
            f.add(Verdict::Warn, line + QStringLiteral(", lag not reported yet (no reply from the standby)"));
        else if (qint64(lag) > limits.maxReplicationLagSeconds)
            f.add(Verdict::Fail, line + QStringLiteral(", more than the limit of %1").arg(humanDuration(limits.maxReplicationLagSeconds)));
        else
            f.add(Verdict::Pass, line);
    }
    // A slot nobody uses keeps every WAL segment from its position on: a migration's WAL piles
    // up on the primary's disk until the slot is dropped or its consumer returns.
    for (const QVariantList &row : slots.rows) {
        inactive << QJsonObject{{QStringLiteral("slot"), row.at(0).toString()}, {QStringLiteral("type"), row.at(1).toString()},
                                {QStringLiteral("retainedBytes"), row.at(2).toLongLong()}};
        f.add(Verdict::Warn, QStringLiteral("inactive %1 replication slot %2 keeps %3 of WAL")
                                 .arg(row.at(1).toString(), row.at(0).toString(), humanBytes(row.at(2).toLongLong())));
    }
    const QJsonObject data{{QStringLiteral("role"), QStringLiteral("primary")}, {QStringLiteral("standbys"), standbys},
                           {QStringLiteral("inactiveSlots"), inactive}, {QStringLiteral("limitSeconds"), limits.maxReplicationLagSeconds}};
    QString evidence;
    if (r.rows.isEmpty())
        evidence = QStringLiteral("no replicas attached, as this primary reports (pg_stat_replication lists none; a standby that is "
                                  "disconnected or fed only from a WAL archive is not seen from here)");
    else
        evidence = QStringLiteral("%1 standby(s) attached, as this primary reports: ").arg(r.rows.size());
    if (!f.isEmpty())
        evidence += (r.rows.isEmpty() ? QStringLiteral("; ") : QString()) + f.text();
    ProbeResult result = makeResult(name, f.worst(), evidence, data);
    result.details = details;
    return result;
}

} // namespace

ProbeResult postgresReplication(TargetSession &session, const ProbeLimits &limits)
{
    const QueryResult r = session.query(QStringLiteral("SELECT pg_is_in_recovery()"));
    if (!r.ok())
        return unreadable(QStringLiteral("replication"), QStringLiteral("pg_is_in_recovery()"), *r.error);
    return r.scalar().toBool() ? standbyLag(session, limits) : primaryStandbys(session, limits);
}

} // namespace mig::preflight
