// The target probes against the fixture's MariaDB server: a database of each test's own, other
// connections opened by the test (idle, in a transaction, running a long statement on a thread
// of its own), a killed session, and the replication views as the test user (refused: the
// engine's words) and as a user with the replication monitoring privileges (no replicas). Then
// a real primary and replica of the test's own (tests/preflight/probe_replica.sh): registered,
// in step, behind while the replica's applier waits for a lock, stopped.
#include "ProbeServerTest.h"

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace realworld;
using namespace probetest;
using namespace mig::preflight;

namespace {

class probes_mariadb : public ProbeServerTest
{
protected:
    mig::Dialect dialect() const override { return mig::Dialect::Mysql; }
    ScratchServer server() const override
    {
        return {QStringLiteral("QMARIADB"), "MIG_TEST_MARIADB_PORT", QStringLiteral("mysql"), QStringLiteral("mc"), QStringLiteral("mcpw"),
                QStringLiteral("mc_test"), QString(), QStringLiteral(" CHARACTER SET utf8mb4"), QString()};
    }

    void SetUp() override
    {
        ProbeServerTest::SetUp();
        ASSERT_EQ(exec(QStringLiteral("CREATE TABLE t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB")), QString());
        ASSERT_EQ(exec(QStringLiteral("INSERT INTO t VALUES (1, 10)")), QString());
    }

    static QString idOf(mig::TargetSession &session) { return session.query(QStringLiteral("SELECT CONNECTION_ID()")).scalar().toString(); }
};

TEST_F(probes_mariadb, ServerVersionIsSupported)
{
    auto session = open();
    const ProbeResult r = probeServerVersion(*session);
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^MariaDB \\d+\\.\\d+\\.\\d+ \\(supported: 10\\.5 or newer\\)$")).match(r.evidence).hasMatch()) << dump(r);
}

TEST_F(probes_mariadb, SessionsListsTheOthersNeverItsOwn)
{
    auto session = open();
    const QString own = idOf(*session);
    const QString checker = scalar(QStringLiteral("SELECT CONNECTION_ID()"));
    QSqlDatabase db = other(QStringLiteral("probe-other"));
    const QString id = run(db, QStringLiteral("SELECT CONNECTION_ID()"));

    // INNODB_TRX is a copy InnoDB refreshes after 100 ms without readers: until then it may still
    // list the transaction of the test's own INSERT (SetUp), its session "in transaction".
    const auto idle = [](const ProbeResult &x) { return x.data.value(u"notIdle").toInt() == 0; };
    ProbeResult r = probeUntil([&] { return probeSessions(*session, {}); }, idle);
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    QStringList ids = fieldOf(r, QStringLiteral("sessions"), QStringLiteral("id"));
    ids.sort();
    QStringList expected{id, checker};
    expected.sort();
    EXPECT_EQ(ids, expected) << "own session " << s(own) << "\n" << dump(r);
    const QJsonObject found = entries(r, QStringLiteral("sessions"), QStringLiteral("id"), id).first().toObject();
    EXPECT_EQ(found.value(u"user").toString(), QStringLiteral("mc"));
    EXPECT_EQ(found.value(u"state").toString(), QStringLiteral("idle (Sleep)"));
    EXPECT_EQ(r.evidence, QStringLiteral("2 other session(s) on database %1: 2 idle (Sleep)").arg(m_database)) << dump(r);

    // A transaction left open: not idle any more, over a limit of 0 sessions at work.
    run(db, QStringLiteral("START TRANSACTION"));
    run(db, QStringLiteral("UPDATE t SET v = v + 1 WHERE id = 1"));
    r = probeUntil([&] { return probeSessions(*session, ProbeLimits{60, 10, 0}); },
                   [](const ProbeResult &x) { return x.verdict == Verdict::Warn; });
    EXPECT_EQ(r.verdict, Verdict::Warn) << dump(r);
    EXPECT_EQ(r.evidence, QStringLiteral("2 other session(s) on database %1: 1 idle (Sleep), 1 idle in transaction (1 not idle, more than the limit of 0)")
                              .arg(m_database)) << dump(r);
    run(db, QStringLiteral("ROLLBACK"));
}

TEST_F(probes_mariadb, TransactionHeldOpenLongerThanTheLimitFailsNamingItsConnection)
{
    auto session = open();
    // Other tests' transactions in their own databases of the shared server may be listed (a
    // warning: they could touch this database's tables); none in this one may, once INNODB_TRX
    // (refreshed after 100 ms without readers) no longer shows one that has just ended.
    const auto longOnes = [&] { return probeLongTransactions(*session, ProbeLimits{1, 10, -1}); };
    const auto quietHere = [](const ProbeResult &x) { return x.data.value(u"openTransactions").toInt() == 0; };
    const auto noneHere = [&](const ProbeResult &x) {
        EXPECT_TRUE(x.data.value(u"transactions").toArray().isEmpty()) << dump(x);
        EXPECT_NE(x.verdict, Verdict::Fail) << dump(x);
        if (x.data.value(u"otherDatabases").toArray().isEmpty()) {
            EXPECT_EQ(x.evidence, QStringLiteral("no open transaction on %1").arg(m_database)) << dump(x);
        }
    };
    ProbeResult r = probeUntil(longOnes, quietHere);
    noneHere(r);

    QSqlDatabase db = other(QStringLiteral("probe-holder"));
    const QString id = run(db, QStringLiteral("SELECT CONNECTION_ID()"));
    run(db, QStringLiteral("START TRANSACTION"));
    run(db, QStringLiteral("UPDATE t SET v = v + 1 WHERE id = 1"));
    QThread::sleep(2); // held open for 2 s, against a limit of 1 s

    r = longOnes();
    EXPECT_EQ(r.verdict, Verdict::Fail) << dump(r);
    const QRegularExpression said(QStringLiteral("^1 transaction\\(s\\) open longer than 1 s on %1: connection %2 \\(mc@[^)]+\\) idle in transaction "
                                                 "for [2-9] s; a migration's DDL would queue behind them")
                                      .arg(m_database, id));
    EXPECT_TRUE(said.match(r.evidence).hasMatch()) << dump(r);
    EXPECT_EQ(fieldOf(r, QStringLiteral("transactions"), QStringLiteral("id")), QStringList{id}) << dump(r);

    run(db, QStringLiteral("COMMIT"));
    r = probeUntil(longOnes, quietHere);
    noneHere(r);
}

// A statement still running after the limit: named with its text.
TEST_F(probes_mariadb, LongRunningStatementFailsNamingItsStatement)
{
    auto session = open();
    std::atomic<qint64> id{0};
    std::thread worker([&] {
        const QString name = QStringLiteral("probe-runner-") + m_database;
        {
            QSqlDatabase db = connect(name, m_database);
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(QStringLiteral("SELECT CONNECTION_ID()")) && q.next())
                    id = q.value(0).toLongLong();
                q.exec(QStringLiteral("UPDATE t SET v = v + SLEEP(4) WHERE id = 1"));
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    });
    const ProbeResult r = probeUntil([&] { return probeLongTransactions(*session, ProbeLimits{1, 10, -1}); },
                                     [](const ProbeResult &x) { return x.verdict == Verdict::Fail; }, 10000);
    worker.join();
    EXPECT_EQ(r.verdict, Verdict::Fail) << dump(r);
    const QRegularExpression said(QStringLiteral("^1 transaction\\(s\\) open longer than 1 s on %1: connection %2 \\(mc@[^)]+\\) running a statement "
                                                 "for [2-4] s: UPDATE t SET v = v \\+ SLEEP\\(4\\) WHERE id = 1; a migration's DDL")
                                      .arg(m_database).arg(id.load()));
    EXPECT_TRUE(said.match(r.evidence).hasMatch()) << dump(r);
}

TEST_F(probes_mariadb, LostConnectionFailsWithTheEnginesWords)
{
    auto session = open();
    ASSERT_EQ(exec(QStringLiteral("KILL %1").arg(idOf(*session))), QString());
    const ProbeResult r = probeSessions(*session, {});
    EXPECT_EQ(r.verdict, Verdict::Fail) << dump(r);
    EXPECT_TRUE(r.evidence.startsWith(u"cannot read information_schema.PROCESSLIST: ")) << dump(r);
}

// The test user may not read the replication views: the check says which privilege is missing
// instead of passing. A user with the monitoring privileges sees a server without replicas.
TEST_F(probes_mariadb, ReplicationViewsRefusedOrShowingNoReplicas)
{
    auto session = open();
    ProbeResult r = probeReplication(*session, {});
    EXPECT_EQ(r.verdict, Verdict::Warn) << dump(r);
    EXPECT_TRUE(r.evidence.startsWith(u"cannot read SHOW ALL SLAVES STATUS: Access denied; you need (at least one of) the SUPER, SLAVE MONITOR "
                                      "privilege(s) for this operation [1227]; cannot read SHOW SLAVE HOSTS: Access denied")) << dump(r);
    EXPECT_EQ(r.data.value(u"replicaStatusError").toObject().value(u"code").toString(), QStringLiteral("1227")) << dump(r);

    // A monitoring user, made by root (root@localhost: no password on the throwaway server).
    const QString user = QStringLiteral("mc_probe_%1").arg(::getpid());
    QSqlDatabase root = other(QStringLiteral("probe-root"), QStringLiteral("root"), QString());
    for (const QString &host : {QStringLiteral("localhost"), QStringLiteral("127.0.0.1")}) {
        run(root, QStringLiteral("CREATE USER '%1'@'%2' IDENTIFIED BY 'probepw'").arg(user, host));
        run(root, QStringLiteral("GRANT PROCESS, SLAVE MONITOR, REPLICATION MASTER ADMIN ON *.* TO '%1'@'%2'").arg(user, host));
        run(root, QStringLiteral("GRANT SELECT ON %3.* TO '%1'@'%2'").arg(user, host, m_database));
    }
    {
        auto monitor = open(profile(user), QStringLiteral("probepw"));
        r = probeReplication(*monitor, {});
        EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
        EXPECT_EQ(r.evidence, QStringLiteral("no replicas, as the server reports: it replicates from none (SHOW ALL SLAVES STATUS) and none is "
                                             "registered with it or reading its binary log (SHOW SLAVE HOSTS, binlog dump connections)")) << dump(r);
        EXPECT_TRUE(r.data.value(u"replicaOf").toArray().isEmpty()) << dump(r);
        EXPECT_TRUE(r.data.value(u"replicas").toArray().isEmpty()) << dump(r);
        EXPECT_TRUE(r.data.value(u"binlogDumps").toArray().isEmpty()) << dump(r);
    }
    for (const QString &host : {QStringLiteral("localhost"), QStringLiteral("127.0.0.1")})
        run(root, QStringLiteral("DROP USER '%1'@'%2'").arg(user, host));
}

// A TCP port nobody listens on now, from the kernel (the primary binds it a moment later).
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof a;
    const bool ok = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0
                    && ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &size) == 0;
    if (fd >= 0)
        ::close(fd);
    return ok ? ntohs(a.sin_port) : 0;
}

// root on a server of the test's own, through its socket.
mig::ConnectionProfile socketProfile(const QString &dir, const QString &database)
{
    mig::ConnectionProfile p;
    p.engine = mig::Dialect::Mysql;
    p.host = QStringLiteral("localhost");
    p.database = database;
    p.user = QStringLiteral("root");
    p.options.insert(QStringLiteral("socket"), dir + QStringLiteral("/mysqld.sock"));
    return p;
}

TEST(probes_mariadb_replica, ReplicationSeenFromARealPrimaryAndItsReplica)
{
    const QString base = QStringLiteral(MIG_TEST_SERVERS_DIR "/probe-%1-").arg(::getpid());
    const QString primaryDir = base + QStringLiteral("mprimary"), replicaDir = base + QStringLiteral("mreplica");
    const int port = freePort();
    ASSERT_GT(port, 0);
    Servers servers(QStringLiteral(MIG_TEST_REPLICA_SCRIPT));
    QString output;
    ASSERT_TRUE(servers.start({QStringLiteral("primary"), primaryDir, QString::number(port)}, &output)) << s(output);
    ASSERT_TRUE(servers.start({QStringLiteral("replica"), replicaDir, QString::number(port)}, &output)) << s(output);
    // The replica gets mc_probe from the primary's binary log a moment later: it is read on mysql.
    auto primary = mig::TargetSession::create(socketProfile(primaryDir, QStringLiteral("mc_probe")));
    auto replica = mig::TargetSession::create(socketProfile(replicaDir, QStringLiteral("mysql")));
    for (mig::TargetSession *session : {primary.get(), replica.get()}) {
        const auto error = session->open(QString(), QStringLiteral("probe-test"));
        ASSERT_FALSE(error) << s(error->toString());
    }
    const ProbeLimits oneSecond{60, 1, -1};

    // The primary: one replica registered and reading its binary log; the lag is not its to tell.
    ProbeResult r = probeUntil([&] { return probeReplication(*primary, oneSecond); },
                               [](const ProbeResult &x) { return x.data.value(u"replicas").toArray().size() == 1; });
    EXPECT_EQ(r.verdict, Verdict::Warn) << dump(r);
    EXPECT_EQ(r.evidence, QStringLiteral("1 replica(s) of this server (1 registered: server 2 at probe-replica:3306, 1 binlog dump connection(s)): "
                                         "their lag is only visible on each replica; run this check against them")) << dump(r);

    // The replica, in step with its primary.
    const QString source = QStringLiteral("127.0.0.1:%1").arg(port);
    const auto fromReplica = [&] { return probeReplication(*replica, oneSecond); };
    r = probeUntil(fromReplica, [](const ProbeResult &x) { return x.verdict == Verdict::Pass; });
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^this server replicates from %1, [01] s behind \\(limit 1 s\\)$").arg(source)).match(r.evidence).hasMatch())
        << dump(r);
    EXPECT_EQ(fieldOf(r, QStringLiteral("replicaOf"), QStringLiteral("sqlThread")), QStringList{QStringLiteral("Yes")}) << dump(r);

    // Its applier waits behind a global read lock while the primary writes: it falls behind.
    const QString lockName = QStringLiteral("probe-replica-lock");
    {
        QSqlDatabase lock = QSqlDatabase::addDatabase(QStringLiteral("QMARIADB"), lockName);
        lock.setHostName(QStringLiteral("localhost"));
        lock.setUserName(QStringLiteral("root"));
        lock.setConnectOptions(QStringLiteral("UNIX_SOCKET=") + replicaDir + QStringLiteral("/mysqld.sock"));
        ASSERT_TRUE(lock.open()) << s(lock.lastError().text());
        ASSERT_TRUE(QSqlQuery(lock).exec(QStringLiteral("FLUSH TABLES WITH READ LOCK")));
        ASSERT_TRUE(primary->exec(QStringLiteral("CREATE TABLE t (v INT)")).ok());
        r = probeUntil(fromReplica, [](const ProbeResult &x) { return x.verdict == Verdict::Fail; });
        EXPECT_EQ(r.verdict, Verdict::Fail) << dump(r);
        EXPECT_TRUE(QRegularExpression(QStringLiteral("^this server replicates from %1, \\d+ s behind \\(limit 1 s\\)$").arg(source)).match(r.evidence).hasMatch())
            << dump(r);
        EXPECT_GT(entries(r, QStringLiteral("replicaOf"), QStringLiteral("source"), source).first().toObject().value(u"secondsBehind").toInteger(), 1)
            << dump(r);
        EXPECT_TRUE(QSqlQuery(lock).exec(QStringLiteral("UNLOCK TABLES")));
        lock.close();
    }
    QSqlDatabase::removeDatabase(lockName);

    // Replication stopped on the replica: not replicating, whatever the lag was.
    ASSERT_TRUE(replica->exec(QStringLiteral("STOP SLAVE")).ok());
    r = fromReplica();
    EXPECT_EQ(r.verdict, Verdict::Fail) << dump(r);
    EXPECT_EQ(r.evidence, QStringLiteral("this server replicates from %1 but is not replicating (I/O thread No, SQL thread No)").arg(source)) << dump(r);
}

} // namespace
