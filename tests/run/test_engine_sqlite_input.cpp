// Scripts the engine must refuse before running anything, and batch bookkeeping under a busy
// commit, on a real SQLite target.
#include "SqliteEngineSupport.h"

#include <QFileInfo>

using namespace sqlitetest;

// --- malformed scripts ----------------------------------------------------------------------

TEST(EngineSqliteFaults, MalformedSqlIsRefusedBeforeAnythingRuns)
{
    Workspace w;
    w.write("001_a.sql", "CREATE TABLE a (x);\n");
    w.write("002_b.sql", "CREATE TABLE b (x);\nINSERT INTO b VALUES ('unterminated);\n");
    const MigctlRun r = migctl(targetArgs("apply", w.db(), w.dir()), w.store());
    EXPECT_EQ(r.exitCode, 3) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(u"002_b.sql:2: error: ")) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("the migrations folder %1 has errors (listed above); nothing was run").arg(w.dir()))) << r.out.toStdString();
    // Refused before connecting: the target file is not even created.
    EXPECT_FALSE(QFileInfo::exists(w.db()));

    const EngineRun run = runEngine(request(RunRequest::Action::Apply, w.db(), w.dir()));
    EXPECT_EQ(run.result.outcome, RunResult::Outcome::Refused);
    EXPECT_TRUE(run.result.folderErrors);
    const QList<RunEvent> m = run.of(RunEvent::Type::Message);
    ASSERT_EQ(m.size(), 1);
    EXPECT_EQ(m.first().status, QStringLiteral("error"));
    EXPECT_TRUE(m.first().message.startsWith(u"002_b.sql:2: error: ")) << m.first().message.toStdString();
    EXPECT_FALSE(QFileInfo::exists(w.db()));
}

TEST(EngineSqliteFaults, ABadBatchAnnotationNamesFileAndLineAndRunsNothingOfIt)
{
    Workspace w;
    w.write("001_a.sql", "CREATE TABLE a (x INTEGER);\nINSERT INTO a VALUES (0), (0);\n");
    w.write("002_fill.sql", "-- Fill in.\n"
                            "-- migctl:batch size=ten\n"
                            "UPDATE a SET x = 1\n"
                            " WHERE rowid IN (SELECT rowid FROM a WHERE x = 0 LIMIT :batch_size);\n");
    const QString expected = QStringLiteral("malformed batch annotation '-- migctl:batch size=ten': write -- migctl:batch size=N with N > 0");

    const MigctlRun dry = migctl(targetArgs("apply", w.db(), w.dir()) << "--dry-run", w.store());
    EXPECT_EQ(dry.exitCode, 1);
    EXPECT_TRUE(dry.out.contains(QStringLiteral("002 fill failed: 002_fill.sql:3: ") + expected)) << dry.out.toStdString();
    EXPECT_FALSE(QFile::exists(w.db()));

    const MigctlRun r = migctl(targetArgs("apply", w.db(), w.dir()), w.store());
    EXPECT_EQ(r.exitCode, 1) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("[2/2] 002 fill failed in ")) && r.out.contains(QStringLiteral("ms: 002_fill.sql:3: ") + expected + QStringLiteral("; nothing was run\n")))
        << r.out.toStdString();
    EXPECT_FALSE(r.out.contains(u"statement 1/1")) << r.out.toStdString(); // not a statement of it ran
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM a WHERE x = 0").toInt(), 2);
    // Found before anything of it ran: 001 is applied, 002 has no row and stays pending.
    const QList<Row> h = history(w.db());
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h.first().value("version").toString(), QStringLiteral("001"));
    const mig::TargetStatus s = statusOf(w.db(), w.dir());
    ASSERT_EQ(s.migrations.size(), 2);
    EXPECT_EQ(s.migrations.at(1).state, mig::MigrationState::Pending);
}

TEST(EngineSqliteFaults, ABatchRetriedAfterABusyCommitIsCountedOnce)
{
    Workspace w;
    w.write("001_items.sql", "CREATE TABLE items (id INTEGER PRIMARY KEY, done INTEGER NOT NULL DEFAULT 0);\n"
                             "INSERT INTO items (id) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) SELECT i FROM n;\n");
    w.write("002_mark.sql", "-- migctl:batch size=50\n"
                            "-- migctl:total SELECT count(*) FROM items WHERE done = 0\n"
                            "UPDATE items SET done = 1 WHERE id IN (SELECT id FROM items WHERE done = 0 LIMIT :batch_size);\n");
    RunRequest first = request(RunRequest::Action::Apply, w.db(), w.dir());
    first.toVersion = QStringLiteral("001");
    ASSERT_EQ(runEngine(first).result.outcome, RunResult::Outcome::Succeeded);

    // After the first batch a reader opens a read transaction: with a rollback journal the next
    // batch's COMMIT (after its progress row was written) waits for it, times out, is rolled
    // back and retried once the reader is gone.
    sqlite3 *reader = nullptr;
    ASSERT_EQ(sqlite3_open(QFile::encodeName(w.db()).constData(), &reader), SQLITE_OK);
    std::thread release;
    RunRequest req = request(RunRequest::Action::Apply, w.db(), w.dir());
    req.locks = mig::LockPolicy{100, 10, 100};
    const EngineRun run = runEngine(req, [&](const RunEvent &e) {
        if (e.type == RunEvent::Type::BatchProgress && e.batch == 1) {
            EXPECT_EQ(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM items;", nullptr, nullptr, nullptr), SQLITE_OK);
            release = std::thread([reader] {
                QThread::msleep(350);
                sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr);
            });
        }
    });
    if (release.joinable())
        release.join();
    sqlite3_close(reader);
    ASSERT_EQ(run.result.outcome, RunResult::Outcome::Succeeded) << run.result.message.toStdString();
    const QList<RunEvent> warned = warnings(run);
    ASSERT_GE(warned.size(), 1) << run.text().toStdString();
    EXPECT_TRUE(warned.first().message.startsWith(u"lock timeout, attempt 1 of 11: rolled back, retrying in 100 ms")) << warned.first().message.toStdString();

    // Each batch counted once, whatever its attempts: 50, 100, 150, 200, then the empty one.
    QList<qint64> done;
    for (const RunEvent &b : run.of(RunEvent::Type::BatchProgress)) {
        done << b.rowsDone;
        EXPECT_EQ(b.rowsTotal, 200);
    }
    EXPECT_EQ(done, (QList<qint64>{50, 100, 150, 200, 200}));
    const QList<RunEvent> finished = run.of(RunEvent::Type::StatementFinished);
    ASSERT_FALSE(finished.isEmpty());
    EXPECT_EQ(finished.last().rows, 200);
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM items WHERE done = 1").toInt(), 200);
    const QList<Row> h = history(w.db());
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h.at(1).value("status").toString(), QStringLiteral("applied"));
}
