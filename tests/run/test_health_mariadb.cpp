// The health monitor against the fixture's MariaDB server (a database of each test's own): a
// row lock wait and a metadata lock wait the test makes with two connections, the monitor's
// connection killed under it, its session settings, and the replication view the test user may
// not read (told once, the lag left out).
#include "HealthServerSupport.h"

using namespace healthtest;
using namespace probetest;
using namespace realworld;

namespace {

class health_mariadb : public HealthServerTest<mig::Dialect::Mysql>
{
protected:
    void SetUp() override
    {
        HealthServerTest::SetUp();
        ASSERT_EQ(exec(QStringLiteral("CREATE TABLE orders (id INT PRIMARY KEY, total INT) ENGINE=InnoDB")), QString());
        ASSERT_EQ(exec(QStringLiteral("INSERT INTO orders VALUES (1, 10)")), QString());
    }
};

// 300 ms apart: InnoDB refreshes INNODB_TRX only after 100 ms in which nobody read it.
constexpr int Interval = 300;

TEST_F(health_mariadb, CountsARowLockWaitAndAMetadataLockWait)
{
    MonitorThread monitor(profile(), m_password, Interval);
    const auto calm = monitor.waitForSample([](const QJsonObject &d) { return intOf(d, "lockWaits") == 0; });
    ASSERT_TRUE(calm) << monitor.dump();
    EXPECT_GT(calm->data.value(u"databaseBytes").toInteger(), 0) << monitor.dump();

    // `holding` opens a transaction that holds a lock; `waiting` (on a connection of its own)
    // then waits for it, and must be counted, until the holder commits.
    QSqlDatabase holder = other(QStringLiteral("health-holder"));
    auto counted = [&](const QString &holding, const QStringList &waiting) {
        run(holder, QStringLiteral("BEGIN"));
        run(holder, holding);
        BlockedClient waiter(server(), m_port, m_database, waiting);
        const auto seen = monitor.waitForSample([](const QJsonObject &d) { return intOf(d, "lockWaits") == 1; });
        EXPECT_TRUE(seen) << s(holding) << "\n" << monitor.dump();
        EXPECT_FALSE(waiter.done());
        run(holder, QStringLiteral("COMMIT"));
        waiter.join();
        EXPECT_EQ(waiter.error(), QString());
        EXPECT_TRUE(monitor.waitForSample([](const QJsonObject &d) { return intOf(d, "lockWaits") == 0; })) << monitor.dump();
        return seen.value_or(RunEvent());
    };
    // A row lock: the holder updated the row, the waiter wants it too (INNODB_TRX: LOCK WAIT).
    const RunEvent row = counted(QStringLiteral("UPDATE orders SET total = 11 WHERE id = 1"),
                                 {QStringLiteral("SET SESSION innodb_lock_wait_timeout = 60"), QStringLiteral("UPDATE orders SET total = 12 WHERE id = 1")});
    EXPECT_GE(intOf(row.data, "sessions"), 2) << monitor.dump(); // the holder in a transaction, the waiter running
    // A metadata lock: the holder read the table, ALTER TABLE waits ("Waiting for table metadata lock").
    const RunEvent metadata = counted(QStringLiteral("SELECT count(*) FROM orders"),
                                      {QStringLiteral("SET SESSION lock_wait_timeout = 60"), QStringLiteral("ALTER TABLE orders ADD COLUMN note TEXT")});
    EXPECT_TRUE(metadata.measured.contains(u"1 lock wait(s)")) << s(metadata.measured);
    monitor.stop();

    // The test user may not read the replica status: said once, and the lag is left out.
    const QList<RunEvent> warnings = monitor.messages(QStringLiteral("warning"));
    ASSERT_EQ(warnings.size(), 1) << monitor.dump();
    EXPECT_TRUE(warnings.first().message.startsWith(u"target health: replication lag not read: SHOW ALL SLAVES STATUS: Access denied"))
        << s(warnings.first().message);
    for (const RunEvent &e : monitor.samples())
        EXPECT_FALSE(e.data.contains(u"replicationLagSeconds")) << monitor.dump();
}

TEST_F(health_mariadb, KilledConnectionIsToldOnceAndTheMonitorReconnects)
{
    MonitorThread monitor(profile(), m_password, Interval);
    ASSERT_TRUE(monitor.waitForSample([](const QJsonObject &) { return true; })) << monitor.dump();
    // The test's own connection aside, the monitor's is the only one on this database.
    const QStringList ids = column(QStringLiteral("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()"));
    ASSERT_EQ(ids.size(), 1) << s(ids.join(u','));
    ASSERT_EQ(exec(QStringLiteral("KILL CONNECTION %1").arg(ids.first())), QString());

    const auto lost = monitor.waitFor([](const RunEvent &e) { return e.type == RunEvent::Type::Message && e.message.contains(u"no connection"); });
    ASSERT_TRUE(lost) << monitor.dump();
    EXPECT_EQ(lost->status, QStringLiteral("warning"));
    ASSERT_TRUE(monitor.waitFor([](const RunEvent &e) { return e.type == RunEvent::Type::Message && e.message == u"target health: connected again"; }))
        << monitor.dump();
    ASSERT_TRUE(monitor.waitForSample([](const QJsonObject &d) { return d.contains(u"lockWaits"); })) << monitor.dump();
    monitor.stop();
    int told = 0;
    for (const RunEvent &e : monitor.messages(QStringLiteral("warning")))
        told += e.message.contains(u"no connection") ? 1 : 0;
    EXPECT_EQ(told, 1) << monitor.dump();
}

TEST_F(health_mariadb, ItsSessionReadsOnlyWithTightTimeouts)
{
    auto session = open();
    ASSERT_FALSE(mig::HealthMonitor::configureSession(*session, 1000));
    EXPECT_EQ(session->query(QStringLiteral("SELECT @@max_statement_time")).scalar().toDouble(), 1.0);
    EXPECT_EQ(session->query(QStringLiteral("SELECT @@lock_wait_timeout")).scalar().toInt(), 1);
    EXPECT_EQ(session->query(QStringLiteral("SELECT @@innodb_lock_wait_timeout")).scalar().toInt(), 1);
    EXPECT_EQ(session->query(QStringLiteral("SELECT @@tx_read_only")).scalar().toInt(), 1);
    const mig::ExecResult write = session->exec(QStringLiteral("INSERT INTO orders VALUES (2, 20)"));
    ASSERT_FALSE(write.ok());
    EXPECT_EQ(write.error->code, QStringLiteral("1792")); // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
    const mig::QueryResult slow = session->query(QStringLiteral("SELECT SLEEP(3)"));
    // max_statement_time ends the statement: an error, or SLEEP's own 1 for "interrupted".
    EXPECT_TRUE(!slow.ok() || slow.scalar().toInt() == 1) << s(slow.ok() ? slow.scalar().toString() : slow.error->toString());
}

} // namespace
