// The target probes against real PostgreSQL servers: the fixture's (a database of each test's
// own, other sessions opened by the test, a transaction held open, a terminated session, a 1 MiB
// tmpfs for the backup) and, for replication, a primary and a real streaming standby of the
// test's own (tests/preflight/probe_standby.sh), so the fixture never shows a standby to others.
#include "ProbeServerTest.h"

#include <QFileInfo>

using namespace realworld;
using namespace probetest;
using namespace mig::preflight;

namespace {

class probes_postgres : public ProbeServerTest
{
protected:
    mig::Dialect dialect() const override { return mig::Dialect::Postgres; }
    ScratchServer server() const override
    {
        return {QStringLiteral("QPSQL"), "MIG_TEST_PG_PORT", QStringLiteral("postgres"), QStringLiteral("postgres"), QString(),
                QStringLiteral("postgres"), QStringLiteral(" WITH (FORCE)"), QString(),
                QStringLiteral("SET client_min_messages = warning")};
    }
};

TEST_F(probes_postgres, ServerVersionIsSupported)
{
    auto session = open();
    const ProbeResult r = probeServerVersion(*session);
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^PostgreSQL 1\\d\\.\\d+ \\(supported: 12 or newer\\)$")).match(r.evidence).hasMatch()) << dump(r);
    EXPECT_GE(r.data.value(u"versionNumber").toInt(), 120000) << dump(r);
}

TEST_F(probes_postgres, SessionsListsTheOthersNeverItsOwn)
{
    auto session = open();
    const QString own = column(QStringLiteral("SELECT pid FROM pg_stat_activity WHERE application_name = 'probe-test' AND datname = current_database()")).value(0);
    const QString checker = column(QStringLiteral("SELECT pg_backend_pid()")).value(0);
    QSqlDatabase db = other(QStringLiteral("probe-other"));
    const QString pid = run(db, QStringLiteral("SELECT pg_backend_pid()"));
    run(db, QStringLiteral("SELECT 42 AS  the_answer"));

    ProbeResult r = probeSessions(*session, {});
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    QStringList pids = fieldOf(r, QStringLiteral("sessions"), QStringLiteral("id"));
    pids.sort();
    QStringList expected{pid, checker};
    expected.sort();
    EXPECT_EQ(pids, expected) << "own session " << s(own) << "\n" << dump(r);
    EXPECT_FALSE(pids.contains(own)) << dump(r);
    const QJsonObject mine = entries(r, QStringLiteral("sessions"), QStringLiteral("id"), pid).first().toObject();
    EXPECT_EQ(mine.value(u"application").toString(), QStringLiteral("probe-other"));
    EXPECT_EQ(mine.value(u"user").toString(), QStringLiteral("postgres"));
    EXPECT_EQ(mine.value(u"client").toString(), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(mine.value(u"state").toString(), QStringLiteral("idle"));
    EXPECT_EQ(mine.value(u"query").toString(), QStringLiteral("SELECT 42 AS the_answer"));
    EXPECT_EQ(r.evidence, QStringLiteral("2 other session(s) on database %1: 2 idle").arg(m_database)) << dump(r);

    // Not idle any more: over a limit of 0 sessions at work, the check warns.
    run(db, QStringLiteral("BEGIN"));
    run(db, QStringLiteral("SELECT 1"));
    r = probeSessions(*session, ProbeLimits{60, 10, 0});
    EXPECT_EQ(r.verdict, Verdict::Warn) << dump(r);
    EXPECT_EQ(r.evidence, QStringLiteral("2 other session(s) on database %1: 1 idle, 1 idle in transaction (1 not idle, more than the limit of 0)")
                              .arg(m_database)) << dump(r);
    run(db, QStringLiteral("ROLLBACK"));
}

TEST_F(probes_postgres, TransactionHeldOpenLongerThanTheLimitFailsNamingItsPidAndStatement)
{
    auto session = open();
    ASSERT_EQ(exec(QStringLiteral("CREATE TABLE orders (id int PRIMARY KEY, total int)")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO orders VALUES (1, 10)")), QString());
    ProbeResult r = probeLongTransactions(*session, ProbeLimits{1, 10, -1});
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    EXPECT_EQ(r.evidence, QStringLiteral("no open transaction on %1").arg(m_database)) << dump(r);

    QSqlDatabase db = other(QStringLiteral("probe-holder"));
    const QString pid = run(db, QStringLiteral("SELECT pg_backend_pid()"));
    run(db, QStringLiteral("BEGIN"));
    run(db, QStringLiteral("UPDATE orders SET total = total + 1 WHERE id = 1"));
    QThread::sleep(2); // held open for 2 s, against a limit of 1 s

    r = probeLongTransactions(*session, ProbeLimits{1, 10, -1});
    EXPECT_EQ(r.verdict, Verdict::Fail) << dump(r);
    const QRegularExpression said(QStringLiteral("^1 transaction\\(s\\) open longer than 1 s on %1: pid %2 \\(postgres@127\\.0\\.0\\.1, probe-holder\\) "
                                                 "idle in transaction for [2-9] s: UPDATE orders SET total = total \\+ 1 WHERE id = 1; "
                                                 "a migration's DDL would queue behind them")
                                      .arg(m_database, pid));
    EXPECT_TRUE(said.match(r.evidence).hasMatch()) << dump(r);
    EXPECT_EQ(fieldOf(r, QStringLiteral("transactions"), QStringLiteral("id")), QStringList{pid}) << dump(r);

    // The same transaction under the default limit of 60 s: named as the oldest, no failure.
    r = probeLongTransactions(*session, ProbeLimits{});
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    EXPECT_TRUE(r.evidence.startsWith(QStringLiteral("no transaction open longer than 60 s on %1 (oldest: pid %2 ").arg(m_database, pid))) << dump(r);

    run(db, QStringLiteral("COMMIT"));
    r = probeLongTransactions(*session, ProbeLimits{1, 10, -1});
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
}

// A user without pg_read_all_stats sees other users' sessions without state or query: the
// checks cannot be made, and say so instead of passing.
TEST_F(probes_postgres, SessionsHiddenFromTheUserWarn)
{
    const QString role = QStringLiteral("mc_probe_%1").arg(::getpid());
    ASSERT_EQ(exec(QStringLiteral("CREATE ROLE %1 LOGIN").arg(role)), QString());
    {
        auto session = open(profile(role), QString());
        QSqlDatabase db = other(QStringLiteral("probe-hidden"));
        run(db, QStringLiteral("BEGIN"));
        run(db, QStringLiteral("SELECT 1"));
        ProbeResult r = probeSessions(*session, {});
        EXPECT_EQ(r.verdict, Verdict::Warn) << dump(r);
        EXPECT_TRUE(r.evidence.endsWith(u"2 session(s) of other users hide their state from this user (grant pg_read_all_stats to see them)")) << dump(r);
        r = probeLongTransactions(*session, {});
        EXPECT_EQ(r.verdict, Verdict::Warn) << dump(r);
        EXPECT_TRUE(r.evidence.contains(u"hide their state from this user")) << dump(r);
        run(db, QStringLiteral("ROLLBACK"));
    }
    EXPECT_EQ(exec(QStringLiteral("DROP ROLE %1").arg(role)), QString());
}

TEST_F(probes_postgres, LostConnectionFailsWithTheEnginesWords)
{
    auto session = open(profile(), QString(), QStringLiteral("probe-lost"));
    ASSERT_EQ(column(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'probe-lost'")),
              QStringList{QStringLiteral("true")});
    const ProbeResult r = probeSessions(*session, {});
    EXPECT_EQ(r.verdict, Verdict::Fail) << dump(r);
    EXPECT_TRUE(r.evidence.startsWith(u"cannot read pg_stat_activity: ")) << dump(r);
    EXPECT_FALSE(r.data.value(u"error").toObject().value(u"message").toString().isEmpty()) << dump(r);
}

// The database (several MiB) against a 1 MiB tmpfs: no room for its backup.
TEST_F(probes_postgres, DiskForBackupFailsOnASmallFilesystem)
{
    auto session = open();
    const qint64 size = column(QStringLiteral("SELECT pg_database_size(current_database())")).value(0).toLongLong();
    ASSERT_GT(size, 1 << 20);
    EXPECT_NEAR(double(databaseBytes(*session)), double(size), 65536.0);

    SmallTmpfs small(m_store.filePath(QStringLiteral("small")));
    if (!small.mounted()) {
        // Not root: mount(8) is refused. The rule is then shown on the measured size against the
        // tmpfs's 1 MiB, as the probe would have measured it.
        std::cerr << "note: tmpfs not mounted (" << s(small.error()) << "); the free space is given, not measured\n";
        const ProbeResult r = diskVerdict(databaseBytes(*session), 1 << 20, small.path());
        EXPECT_EQ(r.verdict, Verdict::Fail) << dump(r);
        return;
    }
    ProbeResult r = probeDiskForBackup(*session, small.path());
    EXPECT_EQ(r.verdict, Verdict::Fail) << dump(r);
    EXPECT_LE(r.data.value(u"freeBytes").toInteger(), 1 << 20) << dump(r);
    EXPECT_GT(r.data.value(u"freeBytes").toInteger(), (1 << 20) - 65536) << "measured on the tmpfs itself: " << dump(r);
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^needs ~\\d+\\.\\d MiB, 1\\.0 MiB free on %1 \\(database \\d+\\.\\d MiB")
                                       .arg(QRegularExpression::escape(small.path())))
                    .match(r.evidence).hasMatch()) << dump(r);

    r = probeDiskForBackup(*session, m_store.path()); // the ordinary temp folder has room
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
}

TEST_F(probes_postgres, ReplicationSeenFromThePrimaryAndFromARealStandby)
{
    // The fixture's server has no standby.
    {
        auto session = open();
        const ProbeResult r = probeReplication(*session, {});
        EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
        EXPECT_TRUE(r.evidence.startsWith(u"no replicas attached, as this primary reports (pg_stat_replication lists none")) << dump(r);
        EXPECT_EQ(r.data.value(u"role").toString(), QStringLiteral("primary")) << dump(r);
    }

    const QString base = QStringLiteral(MIG_TEST_SERVERS_DIR "/probe-%1-").arg(::getpid());
    const QString primaryDir = base + QStringLiteral("primary"), standbyDir = base + QStringLiteral("standby");
    const QString name = QStringLiteral("probe_standby");
    const QString port = QString::number(m_port); // a socket name only: the servers listen on no TCP port
    Servers servers(QStringLiteral(MIG_TEST_STANDBY_SCRIPT));
    QString output;
    ASSERT_TRUE(servers.start({QStringLiteral("primary"), primaryDir, port}, &output)) << s(output);
    ASSERT_TRUE(servers.start({QStringLiteral("standby"), standbyDir, primaryDir, port, name}, &output)) << s(output);

    mig::ConnectionProfile p = profile();
    p.host = primaryDir;
    p.database = QStringLiteral("postgres");
    auto primary = open(p, QString());
    p.host = standbyDir;
    auto standby = open(p, QString());
    ASSERT_TRUE(primary->isOpen() && standby->isOpen());
    const ProbeLimits oneSecond{60, 1, -1};

    // The primary reports its standby, streaming, and its lag.
    const auto fromPrimary = [&] { return probeReplication(*primary, oneSecond); };
    ProbeResult r = probeUntil(fromPrimary, [&](const ProbeResult &x) {
        const QJsonArray streaming = entries(x, QStringLiteral("standbys"), QStringLiteral("state"), QStringLiteral("streaming"));
        return streaming.size() == 1 && streaming.first().toObject().contains(u"replayLagSeconds");
    });
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^1 standby\\(s\\) attached, as this primary reports: probe_standby \\(local\\) streaming, "
                                                  "replay lag \\d s, \\d+(\\.\\d)? K?i?B of WAL not replayed$"))
                    .match(r.evidence).hasMatch()) << dump(r);
    const QJsonObject seen = r.data.value(u"standbys").toArray().first().toObject();
    EXPECT_EQ(seen.value(u"name").toString(), name) << dump(r);
    EXPECT_TRUE(seen.contains(u"replayLagSeconds")) << dump(r);

    // The standby reports its own lag: none once it has replayed what the primary wrote.
    ASSERT_TRUE(primary->exec(QStringLiteral("CREATE TABLE lag_probe (v int)")).ok());
    ASSERT_TRUE(primary->exec(QStringLiteral("INSERT INTO lag_probe VALUES (1)")).ok());
    const auto fromStandby = [&] { return probeReplication(*standby, oneSecond); };
    r = probeUntil(fromStandby, [](const ProbeResult &x) { return x.data.contains(u"lastReplaySecondsAgo") && x.data.value(u"replayBytesBehind").toInteger() == 0; });
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    EXPECT_TRUE(r.evidence.startsWith(QStringLiteral("this server is a standby of %1:%2, caught up with the WAL it received (last replayed "
                                                     "transaction committed ").arg(primaryDir, port))) << dump(r);
    EXPECT_EQ(r.data.value(u"role").toString(), QStringLiteral("standby")) << dump(r);
    EXPECT_EQ(r.data.value(u"lagSeconds").toInteger(), 0) << dump(r);

    // Replay paused while the primary writes: the standby falls behind, past the limit of 1 s.
    ASSERT_TRUE(standby->query(QStringLiteral("SELECT pg_wal_replay_pause()")).ok());
    ASSERT_TRUE(primary->exec(QStringLiteral("INSERT INTO lag_probe VALUES (2)")).ok());
    r = probeUntil(fromStandby, [](const ProbeResult &x) { return x.verdict == Verdict::Fail; });
    EXPECT_EQ(r.verdict, Verdict::Fail) << dump(r);
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^this server is a standby of .*, replay \\d+ s behind \\(limit 1 s; last replayed transaction "
                                                  "committed \\d+ s ago, \\d+(\\.\\d)? K?i?B of WAL received but not replayed\\); replay is paused"))
                    .match(r.evidence).hasMatch()) << dump(r);
    EXPECT_GT(r.data.value(u"lagSeconds").toInteger(), 1) << dump(r);
    EXPECT_TRUE(r.data.value(u"replayPaused").toBool()) << dump(r);
    // ... and the primary sees the WAL its standby has not replayed.
    r = probeUntil(fromPrimary, [](const ProbeResult &x) {
        return x.data.value(u"standbys").toArray().first().toObject().value(u"replayBytesBehind").toInteger() > 0;
    });
    EXPECT_GT(r.data.value(u"standbys").toArray().first().toObject().value(u"replayBytesBehind").toInteger(), 0) << dump(r);
    ASSERT_TRUE(standby->query(QStringLiteral("SELECT pg_wal_replay_resume()")).ok());

    // Standby stopped: the primary has none attached any more.
    standby->close();
    servers.stop(standbyDir);
    r = probeUntil(fromPrimary, [](const ProbeResult &x) { return x.data.value(u"standbys").toArray().isEmpty(); });
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    EXPECT_TRUE(r.evidence.startsWith(u"no replicas attached")) << dump(r);
    EXPECT_FALSE(QFileInfo::exists(standbyDir));
}

} // namespace
