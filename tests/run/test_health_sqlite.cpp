// The health monitor on SQLite targets: the file's size, other processes holding the file (the
// real sqlite3 shell), no lock-wait or replication figure (SQLite has no view for either), a
// file the run creates after the monitor started, and a real run beside a monitor sampling
// every 20 ms, which must not get in its way.
#include "HealthTestSupport.h"
#include "SqliteEngineSupport.h"

#include "preflight/TargetProbes.h"

#include <QFileInfo>
#include <QProcess>

using namespace healthtest;
using namespace sqlitetest;

namespace {

TEST(health_sqlite, SamplesTheFileSizeAndLeavesOutWhatSqliteCannotTell)
{
    TempFolder dir;
    const QString db = dir.file(QStringLiteral("target.db"));
    execSql(db, QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('a'), ('b');"));
    MonitorThread monitor(sqliteProfile(db), QString(), 20);
    ASSERT_TRUE(monitor.waitForSamples(3)) << monitor.dump();
    monitor.stop();

    for (const RunEvent &e : monitor.samples()) {
        EXPECT_EQ(e.runId, RunId);
        EXPECT_FALSE(e.at.isEmpty());
        EXPECT_EQ(e.data.value(u"databaseBytes").toInteger(), QFileInfo(db).size()) << monitor.dump();
        EXPECT_EQ(intOf(e.data, "sessions"), 0) << monitor.dump();
        EXPECT_FALSE(e.data.contains(u"lockWaits")) << monitor.dump();
        EXPECT_FALSE(e.data.contains(u"replicationLagSeconds")) << monitor.dump();
        EXPECT_EQ(e.measured, QStringLiteral("0 active session(s), %1").arg(mig::preflight::humanBytes(QFileInfo(db).size())));
    }
    EXPECT_TRUE(monitor.of(RunEvent::Type::Message).isEmpty()) << monitor.dump();
}

TEST(health_sqlite, CountsAnotherProcessThatHoldsTheFile)
{
    TempFolder dir;
    const QString db = dir.file(QStringLiteral("target.db"));
    execSql(db, QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);"));
    MonitorThread monitor(sqliteProfile(db), QString(), 50);
    ASSERT_TRUE(monitor.waitForSample([](const QJsonObject &d) { return intOf(d, "sessions") == 0; })) << monitor.dump();

    // The sqlite3 shell in a read transaction holds a shared lock on the file until it commits.
    QProcess shell;
    shell.start(QStringLiteral("sqlite3"), {db});
    ASSERT_TRUE(shell.waitForStarted()) << "the sqlite3 shell is needed for this test";
    shell.write("BEGIN;\nSELECT count(*) FROM t;\n");
    ASSERT_TRUE(shell.waitForBytesWritten(10000)); // no event loop here to write it
    const auto held = monitor.waitForSample([](const QJsonObject &d) { return intOf(d, "sessions") == 1; });
    ASSERT_TRUE(held) << monitor.dump();
    EXPECT_EQ(intOf(held->data, "connections"), 1);

    shell.write("COMMIT;\n.quit\n");
    shell.closeWriteChannel();
    ASSERT_TRUE(shell.waitForFinished(10000));
    EXPECT_TRUE(monitor.waitForSample([](const QJsonObject &d) { return intOf(d, "sessions") == 0; })) << monitor.dump();
}

TEST(health_sqlite, MeasuresAFileCreatedAfterTheMonitorStarted)
{
    TempFolder dir;
    const QString db = dir.file(QStringLiteral("later.db"));
    MonitorThread monitor(sqliteProfile(db), QString(), 20);
    const auto empty = monitor.waitForSample([](const QJsonObject &) { return true; });
    ASSERT_TRUE(empty) << monitor.dump();
    EXPECT_EQ(empty->data.value(u"databaseBytes").toInteger(), 0) << monitor.dump();
    EXPECT_FALSE(QFileInfo::exists(db)) << "a read-only monitor must not create the target";

    execSql(db, QStringLiteral("CREATE TABLE t (v TEXT); INSERT INTO t VALUES (hex(randomblob(20000)));"));
    const qint64 size = QFileInfo(db).size();
    ASSERT_GT(size, 20000);
    EXPECT_TRUE(monitor.waitForSample([&](const QJsonObject &d) { return d.value(u"databaseBytes").toInteger() == size; })) << monitor.dump();
    EXPECT_TRUE(monitor.of(RunEvent::Type::Message).isEmpty()) << monitor.dump();
}

TEST(health_sqlite, StopEndsTheMonitorWithinItsInterval)
{
    TempFolder dir;
    const QString db = dir.file(QStringLiteral("target.db"));
    execSql(db, QStringLiteral("CREATE TABLE t (v INT);"));
    MonitorThread monitor(sqliteProfile(db), QString(), 60000); // one sample a minute
    ASSERT_TRUE(monitor.waitFor([](const RunEvent &e) { return e.type == RunEvent::Type::HealthSample; })) << monitor.dump();
    QElapsedTimer clock;
    clock.start();
    monitor.stop();
    EXPECT_LT(clock.elapsed(), 30000) << "stop waited for the next interval";
    EXPECT_EQ(monitor.samples().size(), 1);
}

TEST(health_sqlite, ARealRunBesideAFastMonitorSucceedsAndIsMeasured)
{
    TempFolder dir;
    const QString db = dir.file(QStringLiteral("demo.db"));
    MonitorThread monitor(sqliteProfile(db), QString(), 20);
    const EngineRun run = runEngine(request(RunRequest::Action::Apply, db, demoDir()));
    ASSERT_EQ(run.result.outcome, RunResult::Outcome::Succeeded) << run.text().toStdString() << monitor.dump();
    // Nothing of the run waited for a lock or retried because of the monitor.
    EXPECT_FALSE(run.text().contains(u"timeout")) << run.text().toStdString();
    for (const RunEvent &e : run.of(RunEvent::Type::Message))
        EXPECT_EQ(e.status, QStringLiteral("info")) << run.text().toStdString();
    const qint64 size = QFileInfo(db).size() + qMax<qint64>(0, QFileInfo(db + QStringLiteral("-wal")).size());
    EXPECT_TRUE(monitor.waitForSample([&](const QJsonObject &d) { return d.value(u"databaseBytes").toInteger() == size; })) << monitor.dump();
    monitor.stop();
    EXPECT_GE(monitor.samples().size(), 2) << monitor.dump();
    EXPECT_TRUE(monitor.of(RunEvent::Type::Message).isEmpty()) << monitor.dump();
}

} // namespace
