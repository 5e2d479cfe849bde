// The engine on SQLite when things go wrong: another run holds the lock, a cancel or Ctrl-C in a
// long statement, migctl killed in the middle of a batched migration, a busy database; and the
// local run store.
#include "SqliteEngineSupport.h"

#include "plan/Status.h"
#include "run/TargetInspection.h"
#include "target/TargetSession.h"

#include <QThread>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>
#include <sys/types.h>
#include <unistd.h>

using namespace sqlitetest;

namespace {

qint64 nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

const mig::LockHolder Alice{QStringLiteral("20261121T090000Z-abcd"), QStringLiteral("alice@jump-host"),
                            QStringLiteral("2026-11-21T09:00:00.000Z"), QString()};

QString aliceHolds()
{
    return QStringLiteral("alice@jump-host (run 20261121T090000Z-abcd, since 2026-11-21T09:00:00.000Z, session %1)").arg(::getpid());
}

// 1e8 steps of a recursive CTE: about 30 s, unless interrupted.
const QByteArray SlowScript = "CREATE TABLE t (x);\n"
                              "INSERT INTO t VALUES (1);\n"
                              "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) SELECT count(*) FROM c;\n";



// 400 items marked done five at a time; knob.n slows each batch down (a count to n) so that a
// kill or a cancel lands mid-way. 003 runs after it.
void writeSlowBatches(const Workspace &w)
{
    w.write("001_items.sql", "CREATE TABLE knob (n INTEGER);\n"
                             "INSERT INTO knob VALUES (150000);\n"
                             "CREATE TABLE items (id INTEGER PRIMARY KEY, done INTEGER NOT NULL DEFAULT 0, hits INTEGER NOT NULL DEFAULT 0);\n"
                             "INSERT INTO items (id) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) SELECT i FROM n;\n");
    w.write("002_mark_items.sql", "-- Every item once, five at a time.\n"
                                  "-- migctl:batch size=5\n"
                                  "-- migctl:total SELECT count(*) FROM items WHERE done = 0\n"
                                  "UPDATE items SET done = 1, hits = hits + 1\n"
                                  " WHERE id IN (SELECT id FROM items WHERE done = 0 ORDER BY id LIMIT :batch_size)\n"
                                  "   AND (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < (SELECT n FROM knob))\n"
                                  "        SELECT count(*) FROM c) > 0;\n");
    w.write("003_after.sql", "CREATE TABLE after_items (x);\n");
}

} // namespace

// --- the run lock ---------------------------------------------------------------------------

TEST(EngineSqliteFaults, ASecondRunIsRefusedAtOnceAndNamesTheHolder)
{
    Workspace w;
    std::unique_ptr<mig::TargetSession> holder = mig::TargetSession::create(sqliteProfile(w.db()));
    ASSERT_TRUE(holder->tryLock(Alice).acquired);
    const QString expected = QStringLiteral("another run holds the lock on this target: %1 (use --lock-wait SECONDS to wait for it)").arg(aliceHolds());

    // Another session sees the holder's note.
    std::unique_ptr<mig::TargetSession> other = mig::TargetSession::create(sqliteProfile(w.db()));
    const mig::LockAttempt a = other->tryLock(mig::LockHolder{QStringLiteral("r2"), QStringLiteral("bob@ci"), QString(), QString()});
    EXPECT_FALSE(a.acquired);
    EXPECT_FALSE(a.error.has_value());
    ASSERT_TRUE(a.holder.has_value());
    EXPECT_EQ(a.holder->toString(), aliceHolds());

    qint64 t = nowMs();
    const EngineRun run = runEngine(request(RunRequest::Action::Apply, w.db(), demoDir()));
    EXPECT_LT(nowMs() - t, 2000);
    EXPECT_EQ(run.result.outcome, RunResult::Outcome::Refused);
    EXPECT_EQ(run.result.message, expected);
    EXPECT_TRUE(run.of(RunEvent::Type::RunStarted).isEmpty());

    t = nowMs();
    const MigctlRun r = migctl(targetArgs("apply", w.db(), demoDir()), w.store());
    EXPECT_LT(nowMs() - t, 2000);
    EXPECT_EQ(r.exitCode, 4);
    EXPECT_TRUE(r.out.contains(QStringLiteral("refused in ")) && r.out.contains(expected)) << r.out.toStdString();
    // Nothing was touched.
    EXPECT_FALSE(hasTable(w.db(), "migctl_history"));
    EXPECT_FALSE(hasTable(w.db(), "User"));

    holder->unlock();
    EXPECT_EQ(migctl(targetArgs("apply", w.db(), demoDir()), w.store()).exitCode, 0);
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM ProgressReport").toInt(), 560);
}

TEST(EngineSqliteFaults, LockWaitProceedsOnceTheHolderReleases)
{
    Workspace w;
    std::unique_ptr<mig::TargetSession> holder = mig::TargetSession::create(sqliteProfile(w.db()));
    ASSERT_TRUE(holder->tryLock(Alice).acquired);
    RunRequest req = request(RunRequest::Action::Apply, w.db(), demoDir());
    req.lockWaitSeconds = 5;
    const qint64 t = nowMs();
    std::thread release([&] {
        QThread::msleep(700);
        holder->unlock();
    });
    const EngineRun run = runEngine(req);
    release.join();
    const qint64 took = nowMs() - t;
    ASSERT_EQ(run.result.outcome, RunResult::Outcome::Succeeded) << run.result.message.toStdString();
    EXPECT_GE(took, 650);
    EXPECT_LT(took, 4000);
    const QList<RunEvent> messages = run.of(RunEvent::Type::Message);
    ASSERT_FALSE(messages.isEmpty());
    EXPECT_EQ(messages.first().status, QStringLiteral("info"));
    EXPECT_EQ(messages.first().message, QStringLiteral("waiting up to 5 s for the run lock held by %1").arg(aliceHolds()));
    EXPECT_EQ(run.typeNames().mid(0, 3), (QStringList{"message", "lock-acquired", "run-started"}));
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM ProgressReport").toInt(), 560);

    // migctl --lock-wait: gives up after the wait...
    ASSERT_TRUE(holder->tryLock(Alice).acquired);
    MigctlRun r = migctl(targetArgs("rollback", w.db(), demoDir()) << "--lock-wait" << "1", w.store());
    EXPECT_EQ(r.exitCode, 4);
    EXPECT_TRUE(r.out.contains(QStringLiteral("another run holds the lock on this target: %1 (waited 1 s)").arg(aliceHolds()))) << r.out.toStdString();
    // ...or proceeds once released.
    MigctlProcess p(targetArgs("apply", w.db(), demoDir()) << "--lock-wait" << "5", w.store());
    ASSERT_TRUE(p.waitForLine([](const QByteArray &line) { return line.startsWith("waiting up to 5 s for the run lock held by "); }));
    QThread::msleep(300);
    holder->unlock();
    r = p.finish();
    EXPECT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("waiting up to 5 s for the run lock held by %1\nlock acquired: ").arg(aliceHolds()))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(u"nothing to apply: the target is at version 003")) << r.out.toStdString();
}

// --- cancel ---------------------------------------------------------------------------------

TEST(EngineSqliteFaults, CancelInterruptsALongStatement)
{
    Workspace w;
    w.write("001_slow.sql", SlowScript);
    std::atomic<bool> slowStarted{false};
    QList<RunEvent> events;
    mig::Runner runner(request(RunRequest::Action::Apply, w.db(), w.dir()), [&](const RunEvent &e) {
        events << e;
        if (e.type == RunEvent::Type::StatementStarted && e.statement == 3)
            slowStarted.store(true);
    });
    std::atomic<qint64> cancelledAt{0};
    std::thread canceller([&] {
        for (int i = 0; i < 1000 && !slowStarted.load(); ++i)
            QThread::msleep(10);
        QThread::msleep(300);
        cancelledAt.store(nowMs());
        runner.cancel();
    });
    const mig::RunResult result = runner.run();
    const qint64 returnedAt = nowMs();
    canceller.join();
    ASSERT_TRUE(slowStarted.load());
    EXPECT_EQ(result.outcome, RunResult::Outcome::Cancelled) << result.message.toStdString();
    EXPECT_LT(returnedAt - cancelledAt.load(), 2000);
    EXPECT_EQ(result.message, QStringLiteral("001 slow cancelled: statement 3 of 3 (001_slow.sql:3) cancelled: interrupted"));
    ASSERT_FALSE(events.isEmpty());
    EXPECT_EQ(events.last().type, RunEvent::Type::RunFinished);
    EXPECT_EQ(events.last().status, QStringLiteral("cancelled"));

    // Nothing kept; the history says cancelled, where.
    EXPECT_FALSE(hasTable(w.db(), "t"));
    const QList<Row> h = history(w.db());
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h.first().value("status").toString(), QStringLiteral("cancelled"));
    EXPECT_EQ(h.first().value("statements_done").toInt(), 2); // how far it got; none of it was kept
    EXPECT_EQ(h.first().value("error_line").toInt(), 3);
    EXPECT_EQ(h.first().value("error_code").toString(), QStringLiteral("9")); // SQLITE_INTERRUPT
    EXPECT_TRUE(h.first().value("error_statement").toString().startsWith(u"WITH RECURSIVE c(x)"));
    const mig::TargetStatus s = statusOf(w.db(), w.dir());
    ASSERT_EQ(s.migrations.size(), 1);
    EXPECT_EQ(s.migrations.first().state, mig::MigrationState::Failed);
    EXPECT_TRUE(s.migrations.first().detail.startsWith(u"cancelled at statement 3 of 3 (001_slow.sql:3): interrupted [9]")) << s.migrations.first().detail.toStdString();
}

TEST(EngineSqliteFaults, CtrlCCancelsMigctlAndAnotherRunIsRefusedMeanwhile)
{
    Workspace w;
    w.write("001_slow.sql", SlowScript);
    MigctlProcess p(targetArgs("apply", w.db(), w.dir()) << "--json", w.store());
    QString runId;
    ASSERT_TRUE(p.waitForEvent([&](const QJsonObject &o) {
        runId = o.value(u"run").toString();
        return o.value(u"event").toString() == u"statement-started" && o.value(u"statement").toInt() == 3;
    }));

    // While migctl runs, a run in this process is refused at once, naming it.
    const EngineRun second = runEngine(request(RunRequest::Action::Apply, w.db(), w.dir()));
    EXPECT_EQ(second.result.outcome, RunResult::Outcome::Refused);
    EXPECT_TRUE(second.result.message.startsWith(QStringLiteral("another run holds the lock on this target: %1 (run %2, since ")
                                                     .arg(mig::Runner::operatorName(), runId)))
        << second.result.message.toStdString();
    EXPECT_TRUE(second.result.message.contains(QStringLiteral(", session %1)").arg(p.pid()))) << second.result.message.toStdString();

    const qint64 t = nowMs();
    ASSERT_EQ(::kill(pid_t(p.pid()), SIGINT), 0);
    const MigctlRun r = p.finish(10000);
    EXPECT_LT(nowMs() - t, 3000);
    EXPECT_EQ(r.exitCode, 5) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(u"migctl: cancelling")) << r.err.toStdString();
    const QStringList lines = r.out.trimmed().split(u'\n');
    const QJsonObject last = QJsonDocument::fromJson(lines.last().toUtf8()).object();
    EXPECT_EQ(last.value(u"event").toString(), QStringLiteral("run-finished"));
    EXPECT_EQ(last.value(u"status").toString(), QStringLiteral("cancelled"));
    EXPECT_FALSE(hasTable(w.db(), "t"));
    const QList<Row> h = history(w.db());
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h.first().value("status").toString(), QStringLiteral("cancelled"));
    EXPECT_EQ(h.first().value("run_id").toString(), runId);
}

// --- killed in the middle of batches --------------------------------------------------------

TEST(EngineSqliteFaults, KilledMidBatchesLeavesDirtyProgressAndResumeFinishesExactly)
{
    Workspace w;
    writeSlowBatches(w);

    {
        MigctlProcess p(targetArgs("apply", w.db(), w.dir()) << "--json", w.store());
        ASSERT_TRUE(p.waitForEvent([](const QJsonObject &o) {
            return o.value(u"event").toString() == u"batch-progress" && o.value(u"rowsDone").toInt() >= 20;
        }));
        ASSERT_EQ(::kill(pid_t(p.pid()), SIGKILL), 0);
        EXPECT_EQ(p.finish().exitCode, -1);
    }

    // Dirty, with the rows its committed batches did: exactly those rows are done, once.
    const qint64 done = scalar(w.db(), "SELECT count(*) FROM items WHERE done = 1").toLongLong();
    EXPECT_GE(done, 20);
    EXPECT_LT(done, 400);
    EXPECT_EQ(done % 5, 0);
    EXPECT_EQ(scalar(w.db(), "SELECT max(hits) FROM items").toInt(), 1);
    QList<Row> h = history(w.db());
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h.at(1).value("version").toString(), QStringLiteral("002"));
    EXPECT_EQ(h.at(1).value("status").toString(), QStringLiteral("dirty"));
    EXPECT_EQ(h.at(1).value("statements_done").toInt(), 0);
    EXPECT_EQ(h.at(1).value("batch_rows_done").toLongLong(), done);
    const mig::TargetStatus s = statusOf(w.db(), w.dir());
    ASSERT_EQ(s.migrations.size(), 3);
    EXPECT_EQ(s.migrations.at(1).state, mig::MigrationState::Dirty);
    EXPECT_TRUE(s.migrations.at(1).detail.contains(QStringLiteral(", %1 row(s) of its batches done").arg(done))) << s.migrations.at(1).detail.toStdString();
    EXPECT_EQ(s.migrations.at(2).state, mig::MigrationState::Pending);
    MigctlRun r = migctl(targetArgs("apply", w.db(), w.dir()), w.store());
    EXPECT_EQ(r.exitCode, 4);
    EXPECT_TRUE(r.out.contains(u"002 mark_items is dirty (")) << r.out.toStdString();

    // The killed process left no lock: the next one gets it at once.
    std::unique_ptr<mig::TargetSession> probe = mig::TargetSession::create(sqliteProfile(w.db()));
    EXPECT_TRUE(probe->tryLock(Alice).acquired);
    probe->unlock();

    execSql(w.db(), "UPDATE knob SET n = 1");
    r = migctl(targetArgs("resume", w.db(), w.dir()) << "--json", w.store());
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    QJsonObject firstBatch;
    for (const QString &line : r.out.split(u'\n', Qt::SkipEmptyParts)) {
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
        if (o.value(u"event").toString() == u"batch-progress") {
            firstBatch = o;
            break;
        }
    }
    EXPECT_EQ(firstBatch.value(u"rowsTotal").toInt(), 400);
    EXPECT_EQ(firstBatch.value(u"rowsDone").toInt(), done + 5);

    // Every item done exactly once; the rest of the folder applied.
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM items WHERE done = 1").toInt(), 400);
    EXPECT_EQ(scalar(w.db(), "SELECT sum(hits) FROM items").toInt(), 400);
    EXPECT_EQ(scalar(w.db(), "SELECT max(hits) FROM items").toInt(), 1);
    EXPECT_TRUE(hasTable(w.db(), "after_items"));
    h = history(w.db());
    ASSERT_EQ(h.size(), 4);
    EXPECT_EQ(h.at(2).value("version").toString(), QStringLiteral("002"));
    EXPECT_EQ(h.at(2).value("action").toString(), QStringLiteral("resume"));
    EXPECT_EQ(h.at(2).value("status").toString(), QStringLiteral("applied"));
    EXPECT_EQ(h.at(2).value("statements_done").toInt(), 1);
    EXPECT_EQ(h.at(2).value("batch_rows_done").toInt(), 0);
    EXPECT_EQ(h.at(3).value("version").toString(), QStringLiteral("003"));
    EXPECT_EQ(h.at(3).value("status").toString(), QStringLiteral("applied"));
    const mig::TargetStatus after = statusOf(w.db(), w.dir());
    for (const mig::MigrationStatus &m : after.migrations)
        EXPECT_EQ(m.state, mig::MigrationState::Applied) << m.version.toStdString();
}

TEST(EngineSqliteFaults, CancelDuringBatchesKeepsTheCommittedBatchesAndResumeFinishes)
{
    Workspace w;
    writeSlowBatches(w);
    std::atomic<bool> midway{false};
    QList<RunEvent> events;
    mig::Runner runner(request(RunRequest::Action::Apply, w.db(), w.dir()), [&](const RunEvent &e) {
        events << e;
        if (e.type == RunEvent::Type::BatchProgress && e.rowsDone >= 20)
            midway.store(true);
    });
    std::atomic<qint64> cancelledAt{0};
    std::thread canceller([&] {
        for (int i = 0; i < 1000 && !midway.load(); ++i)
            QThread::msleep(10);
        cancelledAt.store(nowMs());
        runner.cancel();
    });
    const mig::RunResult result = runner.run();
    const qint64 returnedAt = nowMs();
    canceller.join();
    ASSERT_TRUE(midway.load());
    EXPECT_EQ(result.outcome, RunResult::Outcome::Cancelled) << result.message.toStdString();
    EXPECT_LT(returnedAt - cancelledAt.load(), 2000);
    EXPECT_TRUE(result.message.startsWith(u"002 mark_items dirty: statement 1 of 1 (002_mark_items.sql:4) cancelled")) << result.message.toStdString();

    // Each batch committed on its own: those done stay done, once; the row says how many.
    const qint64 done = scalar(w.db(), "SELECT count(*) FROM items WHERE done = 1").toLongLong();
    EXPECT_GE(done, 20);
    EXPECT_LT(done, 400);
    EXPECT_EQ(scalar(w.db(), "SELECT max(hits) FROM items").toInt(), 1);
    QList<Row> h = history(w.db());
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h.at(1).value("status").toString(), QStringLiteral("dirty"));
    EXPECT_EQ(h.at(1).value("batch_rows_done").toLongLong(), done);
    EXPECT_FALSE(hasTable(w.db(), "after_items")); // nothing after the cancel
    ASSERT_FALSE(events.isEmpty());
    EXPECT_EQ(events.last().status, QStringLiteral("cancelled"));

    execSql(w.db(), "UPDATE knob SET n = 1");
    const EngineRun resumed = runEngine(request(RunRequest::Action::Resume, w.db(), w.dir()));
    ASSERT_EQ(resumed.result.outcome, RunResult::Outcome::Succeeded) << resumed.result.message.toStdString();
    EXPECT_EQ(scalar(w.db(), "SELECT sum(hits) FROM items").toInt(), 400);
    EXPECT_EQ(scalar(w.db(), "SELECT max(hits) FROM items").toInt(), 1);
    EXPECT_TRUE(hasTable(w.db(), "after_items"));
}

// --- a busy database ------------------------------------------------------------------------

namespace {

// Another connection with a write transaction open.
struct Blocker {
    sqlite3 *h = nullptr;
    explicit Blocker(const QString &db)
    {
        EXPECT_EQ(sqlite3_open(QFile::encodeName(db).constData(), &h), SQLITE_OK);
        EXPECT_EQ(sqlite3_exec(h, "BEGIN IMMEDIATE; INSERT INTO a VALUES (1);", nullptr, nullptr, nullptr), SQLITE_OK);
    }
    void commit() { EXPECT_EQ(sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK); }
    ~Blocker()
    {
        sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(h);
    }
};

void writeTwo(const Workspace &w)
{
    w.write("001_a.sql", "CREATE TABLE a (x);\n");
    w.write("002_b.sql", "CREATE TABLE b (x);\nINSERT INTO b VALUES (1);\n");
}

} // namespace

TEST(EngineSqliteFaults, ABusyDatabaseFailsAfterTheRetriesWithAClearMessage)
{
    Workspace w;
    writeTwo(w);
    RunRequest first = request(RunRequest::Action::Apply, w.db(), w.dir());
    first.toVersion = QStringLiteral("001");
    ASSERT_EQ(runEngine(first).result.outcome, RunResult::Outcome::Succeeded);

    Blocker blocker(w.db());
    RunRequest req = request(RunRequest::Action::Apply, w.db(), w.dir());
    req.locks = mig::LockPolicy{200, 2, 100};
    const qint64 t = nowMs();
    const EngineRun run = runEngine(req);
    EXPECT_LT(nowMs() - t, 3000);
    EXPECT_EQ(run.result.outcome, RunResult::Outcome::Failed);
    const QString blocking = QStringLiteral("blocking: another connection holds a write lock on %1").arg(w.db());
    EXPECT_TRUE(run.result.message.startsWith(QStringLiteral("002 b failed: statement 1 of 2 (002_b.sql:0) failed: database is locked (after 3 attempt(s); %1)")
                                                  .arg(blocking)))
        << run.result.message.toStdString();
    const QList<RunEvent> warned = warnings(run);
    ASSERT_EQ(warned.size(), 2);
    EXPECT_EQ(warned.at(0).message, QStringLiteral("lock timeout at statement 1, attempt 1 of 3: rolled back, retrying in 100 ms; %1").arg(blocking));
    EXPECT_EQ(warned.at(1).message, QStringLiteral("lock timeout at statement 1, attempt 2 of 3: rolled back, retrying in 100 ms; %1").arg(blocking));
    // The failed row cannot be written while the database is locked either: said, not hidden.
    EXPECT_TRUE(run.result.message.contains(u"; the history could not be updated (database is locked): the transaction was rolled back, nothing was kept"))
        << run.result.message.toStdString();
    blocker.commit();
    EXPECT_FALSE(hasTable(w.db(), "b"));
    EXPECT_EQ(history(w.db()).size(), 1);

    // migctl's flags set the same policy.
    Blocker again(w.db());
    const MigctlRun r = migctl(targetArgs("apply", w.db(), w.dir()) << "--lock-timeout" << "100" << "--lock-retries" << "1", w.store());
    EXPECT_EQ(r.exitCode, 1) << r.out.toStdString();
    EXPECT_TRUE(r.err.contains(u"warning: lock timeout at statement 1, attempt 1 of 2: rolled back, retrying in 1000 ms; blocking: "))
        << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(u"failed: database is locked (after 2 attempt(s); blocking: ")) << r.out.toStdString();
}

TEST(EngineSqliteFaults, ABusyDatabaseReleasedInTimeIsRetried)
{
    Workspace w;
    writeTwo(w);
    RunRequest first = request(RunRequest::Action::Apply, w.db(), w.dir());
    first.toVersion = QStringLiteral("001");
    ASSERT_EQ(runEngine(first).result.outcome, RunResult::Outcome::Succeeded);

    Blocker blocker(w.db());
    std::thread release([&] {
        QThread::msleep(500);
        blocker.commit();
    });
    RunRequest req = request(RunRequest::Action::Apply, w.db(), w.dir());
    req.locks = mig::LockPolicy{200, 5, 200};
    const EngineRun run = runEngine(req);
    release.join();
    ASSERT_EQ(run.result.outcome, RunResult::Outcome::Succeeded) << run.result.message.toStdString();
    const QList<RunEvent> warned = warnings(run);
    ASSERT_GE(warned.size(), 1);
    EXPECT_LE(warned.size(), 3);
    EXPECT_TRUE(warned.first().message.startsWith(u"lock timeout at statement 1, attempt 1 of 6: rolled back, retrying in 200 ms"))
        << warned.first().message.toStdString();
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM b").toInt(), 1);
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM a").toInt(), 1); // the other writer's row
    const QList<Row> h = history(w.db());
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h.at(1).value("status").toString(), QStringLiteral("applied"));
}

// --- the run store --------------------------------------------------------------------------

TEST(EngineSqliteFaults, TheRunStoreKeepsTheRunAndEveryEventInOrder)
{
    Workspace w;
    const MigctlRun r = migctl(targetArgs("apply", w.db(), demoDir()) << "--json", w.store());
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    const QStringList printed = r.out.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_GT(printed.size(), 20);
    const QString runId = QJsonDocument::fromJson(printed.first().toUtf8()).object().value(u"run").toString();
    ASSERT_FALSE(runId.isEmpty());

    const QList<Row> runs = query(w.store(), "SELECT * FROM runs");
    ASSERT_EQ(runs.size(), 1);
    const Row &run = runs.first();
    EXPECT_EQ(run.value("id").toString(), runId);
    EXPECT_EQ(run.value("action").toString(), QStringLiteral("apply"));
    EXPECT_EQ(run.value("target").toString(), QStringLiteral("sqlite:") + w.db());
    EXPECT_EQ(run.value("outcome").toString(), QStringLiteral("succeeded"));
    EXPECT_EQ(run.value("message").toString(), QStringLiteral("3 migration(s) done"));
    EXPECT_EQ(run.value("console_version").toString(), QStringLiteral(MIG_VERSION));
    EXPECT_TRUE(isUtcIso(run.value("started_at").toString()));
    EXPECT_TRUE(isUtcIso(run.value("finished_at").toString()));
    EXPECT_LE(run.value("started_at").toString(), run.value("finished_at").toString());

    // Every event, as printed, in order; a snapshot's schema is kept once, in its own table.
    const QList<Row> events = query(w.store(), "SELECT * FROM events ORDER BY seq");
    ASSERT_EQ(events.size(), printed.size());
    int snapshots = 0;
    for (int i = 0; i < events.size(); ++i) {
        const Row &e = events.at(i);
        EXPECT_EQ(e.value("run_id").toString(), runId);
        EXPECT_EQ(e.value("seq").toInt(), i + 1);
        const QJsonObject o = QJsonDocument::fromJson(printed.at(i).toUtf8()).object();
        QJsonObject kept = o;
        if (o.value(u"event").toString() == u"snapshot-taken") {
            ++snapshots;
            // Before and after the run the whole snapshot; after each migration its delta.
            EXPECT_TRUE(o.value(u"data").toObject().contains(o.value(u"check").toString() == u"after-migration" ? u"delta" : u"snapshot")) << i;
            kept.remove(QStringLiteral("data"));
        }
        EXPECT_EQ(QJsonDocument::fromJson(e.value("event").toString().toUtf8()).object(), kept) << i;
        EXPECT_EQ(e.value("type").toString(), o.value(u"event").toString());
        EXPECT_EQ(e.value("at").toString(), o.value(u"at").toString());
    }
    EXPECT_EQ(events.first().value("type").toString(), QStringLiteral("lock-acquired"));
    EXPECT_EQ(events.at(1).value("type").toString(), QStringLiteral("run-started"));
    EXPECT_EQ(events.last().value("type").toString(), QStringLiteral("run-finished"));
    EXPECT_EQ(scalar(w.store(), "SELECT count(*) FROM events WHERE type = 'batch-progress'").toInt(), 11);
    EXPECT_EQ(scalar(w.store(), "SELECT count(*) FROM events WHERE type = 'migration-finished'").toInt(), 3);
    // Before the run, after each of the three migrations, after the run.
    EXPECT_EQ(snapshots, 5);
    EXPECT_EQ(scalar(w.store(), "SELECT group_concat(label, ',') FROM (SELECT label FROM snapshots ORDER BY id)").toString(),
              QStringLiteral("before-run,after-migration,after-migration,after-migration,after-run"));
    EXPECT_EQ(scalar(w.store(), "SELECT summary FROM snapshots WHERE label = 'after-run'").toString(),
              QStringLiteral("3 tables, 22 columns, 3 foreign keys, 7 indexes"));

    // A second run is a second row; a dry run is not recorded.
    ASSERT_EQ(migctl(targetArgs("apply", w.db(), demoDir()) << "--dry-run", w.store()).exitCode, 0);
    ASSERT_EQ(migctl(targetArgs("apply", w.db(), demoDir()), w.store()).exitCode, 0);
    EXPECT_EQ(scalar(w.store(), "SELECT count(*) FROM runs").toInt(), 2);
    EXPECT_EQ(scalar(w.store(), QStringLiteral("SELECT outcome FROM runs WHERE id <> '%1'").arg(runId)).toString(), QStringLiteral("nothing-to-do"));
}

// --- the schema watch when a migration does not finish ----------------------------------------

// 002 runs outside a transaction and fails half-way, leaving a table and an index. The watch
// merges what it left (told as no migration's changes) and its safety net still runs: its check
// is told, passing, before the run ends.
TEST(EngineSqliteFaults, AfterAFailedMigrationTheSchemaWatchNetStillRuns)
{
    Workspace w;
    w.write("001_base.sql", "-- +goose Up\nCREATE TABLE base (id INTEGER PRIMARY KEY);\n");
    w.write("002_half.sql", "-- +goose Up\n-- +goose NO TRANSACTION\n"
                            "CREATE TABLE half (id INTEGER REFERENCES base);\n"
                            "CREATE INDEX half_id ON half (id);\n"
                            "INSERT INTO no_such_table VALUES (1);\n");
    w.write("003_never.sql", "-- +goose Up\nCREATE TABLE never (id INTEGER);\n");
    const EngineRun run = runEngine(request(RunRequest::Action::Apply, w.db(), w.dir()));
    ASSERT_EQ(run.result.outcome, RunResult::Outcome::Failed) << run.text().toStdString();
    ASSERT_TRUE(hasTable(w.db(), QStringLiteral("half")));

    QList<RunEvent> net;
    for (const RunEvent &e : run.of(RunEvent::Type::CheckFinished))
        if (e.check == u"schema watch complete")
            net << e;
    ASSERT_EQ(net.size(), 1) << run.text().toStdString();
    EXPECT_EQ(net.first().status, QStringLiteral("pass")) << net.first().message.toStdString();
    // Told before the run's end, after the snapshot after the run, which holds what 002 left.
    const QStringList order = run.typeNames();
    EXPECT_EQ(order.indexOf(QStringLiteral("check-finished"), order.lastIndexOf(QStringLiteral("snapshot-taken"))),
              order.lastIndexOf(QStringLiteral("check-finished")));
    EXPECT_LT(order.lastIndexOf(QStringLiteral("check-finished")), order.lastIndexOf(QStringLiteral("run-finished")));
    const QList<RunEvent> snapshots = run.of(RunEvent::Type::SnapshotTaken);
    ASSERT_FALSE(snapshots.isEmpty());
    EXPECT_EQ(snapshots.last().check, QStringLiteral("after-run"));
    EXPECT_TRUE(snapshots.last().message.startsWith(QStringLiteral("2 tables"))) << snapshots.last().message.toStdString();
    // 002's changes are nobody's: the only migration whose changes are told is 001.
    const QList<RunEvent> changed = run.of(RunEvent::Type::SchemaChanged);
    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(changed.first().version, QStringLiteral("001"));
}
