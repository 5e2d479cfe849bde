// The health monitor against real PostgreSQL servers: the fixture's (a database of each test's
// own, a lock wait the test makes with two sessions, the monitor's backend terminated under it,
// its session settings) and a primary with a real streaming standby of the test's own
// (tests/preflight/probe_standby.sh) for the replication lag.
#include "HealthServerSupport.h"

using namespace healthtest;
using namespace probetest;
using namespace realworld;

namespace {

using health_postgres = HealthServerTest<mig::Dialect::Postgres>;

TEST_F(health_postgres, CountsALockWaitBetweenTwoSessions)
{
    ASSERT_EQ(exec(QStringLiteral("CREATE TABLE orders (id int PRIMARY KEY, total int)")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO orders VALUES (1, 10)")), QString());
    MonitorThread monitor(profile(), m_password, 100);
    const auto calm = monitor.waitForSample([](const QJsonObject &d) { return intOf(d, "lockWaits") == 0; });
    ASSERT_TRUE(calm) << monitor.dump();
    EXPECT_FALSE(calm->data.contains(u"replicationLagSeconds")) << "the fixture has no standby\n" << monitor.dump();
    EXPECT_GT(calm->data.value(u"databaseBytes").toInteger(), 1000000) << monitor.dump();

    // One session holds the row, a second waits for it.
    QSqlDatabase holder = other(QStringLiteral("health-holder"));
    run(holder, QStringLiteral("BEGIN"));
    run(holder, QStringLiteral("UPDATE orders SET total = 11 WHERE id = 1"));
    BlockedClient waiter(server(), m_port, m_database,
                         {QStringLiteral("SET lock_timeout = '60s'"), QStringLiteral("UPDATE orders SET total = 12 WHERE id = 1")});
    const auto waiting = monitor.waitForSample([](const QJsonObject &d) { return intOf(d, "lockWaits") == 1; });
    ASSERT_TRUE(waiting) << monitor.dump();
    // The holder (idle in transaction) and the waiter (active) are at work; the monitor is not counted.
    EXPECT_EQ(intOf(waiting->data, "sessions"), 2) << monitor.dump();
    EXPECT_GE(intOf(waiting->data, "connections"), 3) << monitor.dump(); // + the test's own connection
    EXPECT_TRUE(waiting->measured.contains(u"1 lock wait(s)")) << s(waiting->measured);
    EXPECT_FALSE(waiter.done());

    run(holder, QStringLiteral("COMMIT"));
    waiter.join();
    EXPECT_EQ(waiter.error(), QString());
    EXPECT_EQ(scalar(QStringLiteral("SELECT total FROM orders")), QStringLiteral("12"));
    EXPECT_TRUE(monitor.waitForSample([](const QJsonObject &d) { return intOf(d, "lockWaits") == 0; })) << monitor.dump();
    monitor.stop();
    EXPECT_TRUE(monitor.of(RunEvent::Type::Message).isEmpty()) << monitor.dump();
}

TEST_F(health_postgres, LostConnectionIsToldOnceAndTheMonitorReconnects)
{
    MonitorThread monitor(profile(), m_password, 100);
    ASSERT_TRUE(monitor.waitForSample([](const QJsonObject &) { return true; })) << monitor.dump();
    const QStringList killed = column(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                                     "WHERE application_name = 'migctl-health' AND datname = current_database()"));
    ASSERT_EQ(killed, QStringList{QStringLiteral("true")});

    const auto lost = monitor.waitFor([](const RunEvent &e) { return e.type == RunEvent::Type::Message && e.status == u"warning"; });
    ASSERT_TRUE(lost) << monitor.dump();
    EXPECT_TRUE(lost->message.startsWith(u"target health: no connection (")) << s(lost->message);
    EXPECT_TRUE(lost->message.endsWith(u"trying again every 100 ms")) << s(lost->message);
    EXPECT_EQ(lost->runId, RunId);
    ASSERT_TRUE(monitor.waitFor([](const RunEvent &e) { return e.type == RunEvent::Type::Message && e.message == u"target health: connected again"; }))
        << monitor.dump();
    ASSERT_TRUE(monitor.waitForSample([](const QJsonObject &d) { return d.contains(u"databaseBytes"); })) << monitor.dump();
    monitor.stop();
    EXPECT_EQ(monitor.messages(QStringLiteral("warning")).size(), 1) << monitor.dump();
    EXPECT_EQ(column(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'migctl-health' "
                                    "AND datname = current_database()")), QStringList{QStringLiteral("0")}) << "stop closes its session";
}

TEST_F(health_postgres, ItsSessionReadsOnlyWithTightTimeouts)
{
    auto session = open();
    ASSERT_FALSE(mig::HealthMonitor::configureSession(*session, 1000));
    EXPECT_EQ(session->query(QStringLiteral("SHOW statement_timeout")).scalar().toString(), QStringLiteral("1s"));
    EXPECT_EQ(session->query(QStringLiteral("SHOW lock_timeout")).scalar().toString(), QStringLiteral("100ms"));
    EXPECT_EQ(session->query(QStringLiteral("SHOW default_transaction_read_only")).scalar().toString(), QStringLiteral("on"));
    const mig::ExecResult write = session->exec(QStringLiteral("CREATE TABLE monitor_writes (v int)"));
    ASSERT_FALSE(write.ok());
    EXPECT_EQ(write.error->code, QStringLiteral("25006")); // read_only_sql_transaction
    const mig::QueryResult slow = session->query(QStringLiteral("SELECT pg_sleep(3)"));
    ASSERT_FALSE(slow.ok());
    EXPECT_EQ(slow.error->code, QStringLiteral("57014")); // query_canceled by statement_timeout
}

TEST_F(health_postgres, ReplicationLagFromARealStandbyAndItsPrimary)
{
    const QString base = QStringLiteral(MIG_TEST_SERVERS_DIR "/health-%1-").arg(::getpid());
    const QString primaryDir = base + QStringLiteral("primary"), standbyDir = base + QStringLiteral("standby");
    const QString port = QString::number(m_port); // a socket name only: these servers listen on no TCP port
    Servers servers(QStringLiteral(MIG_TEST_STANDBY_SCRIPT));
    QString output;
    ASSERT_TRUE(servers.start({QStringLiteral("primary"), primaryDir, port}, &output)) << s(output);
    ASSERT_TRUE(servers.start({QStringLiteral("standby"), standbyDir, primaryDir, port, QStringLiteral("health_standby")}, &output)) << s(output);
    mig::ConnectionProfile p = profile();
    p.host = primaryDir;
    p.database = QStringLiteral("postgres");
    auto writer = open(p, QString());
    ASSERT_TRUE(writer->exec(QStringLiteral("CREATE TABLE lag_probe (v int)")).ok());

    // The primary tells its standby's replay lag (once the standby has replied).
    {
        MonitorThread onPrimary(p, QString(), 200);
        const auto seen = onPrimary.waitForSample([](const QJsonObject &d) { return d.contains(u"replicationLagSeconds"); }, 60000);
        ASSERT_TRUE(seen) << onPrimary.dump();
        EXPECT_GE(seen->data.value(u"replicationLagSeconds").toDouble(), 0);
        EXPECT_TRUE(seen->measured.contains(u"replication lag ")) << s(seen->measured);
    }

    // The standby tells its own: it grows while replay is paused and the primary writes.
    mig::ConnectionProfile sp = p;
    sp.host = standbyDir;
    auto standby = open(sp, QString());
    MonitorThread onStandby(sp, QString(), 200);
    ASSERT_TRUE(onStandby.waitForSample([](const QJsonObject &d) { return d.contains(u"replicationLagSeconds"); }, 60000)) << onStandby.dump();
    ASSERT_TRUE(standby->query(QStringLiteral("SELECT pg_wal_replay_pause()")).ok());
    ASSERT_TRUE(writer->exec(QStringLiteral("INSERT INTO lag_probe VALUES (1)")).ok());
    const auto behind = onStandby.waitForSample([](const QJsonObject &d) { return d.value(u"replicationLagSeconds").toDouble() >= 2; }, 60000);
    EXPECT_TRUE(behind) << onStandby.dump();
    ASSERT_TRUE(standby->query(QStringLiteral("SELECT pg_wal_replay_resume()")).ok());
    onStandby.stop();
    // A standby refuses writes: nothing the monitor did needed one.
    EXPECT_TRUE(onStandby.messages(QStringLiteral("warning")).isEmpty()) << onStandby.dump();
}

} // namespace
