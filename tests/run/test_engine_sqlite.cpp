// The engine on a real SQLite target, in-process (mig::Runner) and through migctl: apply,
// status, dry runs, failures, modified / missing / out-of-order migrations, rollback,
// mark-applied and baseline (also adopting other tools' history tables).
#include "SqliteEngineSupport.h"

#include "plan/FolderPlan.h"
#include "run/TargetInspection.h"
#include "sql/ScriptSplitter.h"
#include "run/BatchSpec.h"

#include <QJsonArray>

using namespace sqlitetest;
using mig::MigrationState;

namespace {

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}




// A native folder of n migrations, each creating table tN, each with a rollback dropping it.
void writeChain(const Workspace &w, int n, bool rollbacks = true)
{
    for (int i = 1; i <= n; ++i) {
        const QString base = QStringLiteral("%1_step%2").arg(i, 3, 10, QLatin1Char('0')).arg(i);
        w.write(base + QStringLiteral(".sql"), QStringLiteral("CREATE TABLE t%1 (id INTEGER PRIMARY KEY);\nINSERT INTO t%1 VALUES (%1);\n").arg(i).toUtf8());
        if (rollbacks)
            w.write(base + QStringLiteral(".rollback.sql"), QStringLiteral("DROP TABLE t%1;\n").arg(i).toUtf8());
    }
}

} // namespace

// --- apply ------------------------------------------------------------------------------------

TEST(EngineSqlite, AppliesTheDemo)
{
    Workspace w;
    const EngineRun run = runEngine(request(RunRequest::Action::Apply, w.db(), demoDir()));
    ASSERT_EQ(run.result.outcome, RunResult::Outcome::Succeeded) << run.result.message.toStdString() << "\n" << run.text().toStdString();
    EXPECT_EQ(run.result.message, QStringLiteral("3 migration(s) done"));

    // The data: 141 users, 560 reports, every week start fixed, three weeks.
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM User").toInt(), 141);
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM ProgressReport").toInt(), 560);
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z'").toInt(), 0);
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM ProgressReport WHERE weekStart LIKE '%T03:00:00.000Z'").toInt(), 560);
    EXPECT_EQ(scalar(w.db(), "SELECT count(DISTINCT weekStart) FROM ProgressReport").toInt(), 3);
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM pragma_table_info('Feedback')").toInt(), 13);
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE 'idx_feedback_%'").toInt(), 4);

    // The events: lock, start, three migrations, the end.
    const QStringList types = run.typeNames();
    ASSERT_GE(types.size(), 4);
    EXPECT_EQ(types.at(0), QStringLiteral("lock-acquired"));
    EXPECT_EQ(types.at(1), QStringLiteral("run-started"));
    EXPECT_EQ(types.last(), QStringLiteral("run-finished"));
    const RunEvent started = run.events.at(1);
    EXPECT_EQ(started.action, QStringLiteral("apply"));
    EXPECT_EQ(started.migrationCount, 3);
    EXPECT_EQ(started.target, QStringLiteral("sqlite:") + w.db());
    EXPECT_EQ(started.runId, run.result.runId);
    EXPECT_TRUE(run.events.at(0).message.contains(run.result.runId));
    EXPECT_EQ(run.events.last().status, QStringLiteral("succeeded"));
    const QList<RunEvent> migrationsStarted = run.of(RunEvent::Type::MigrationStarted);
    ASSERT_EQ(migrationsStarted.size(), 3);
    EXPECT_EQ(migrationsStarted.at(0).message, QStringLiteral("one transaction"));
    EXPECT_EQ(migrationsStarted.at(1).message, QStringLiteral("one transaction"));
    EXPECT_EQ(migrationsStarted.at(2).message,
              QStringLiteral("tracked statement by statement (line 5: batched statement, each batch committed on its own)"));
    QStringList finished;
    for (const RunEvent &e : run.of(RunEvent::Type::MigrationFinished))
        finished << QStringLiteral("%1 %2 %3/%4").arg(e.version, e.status).arg(e.migrationIndex).arg(e.migrationCount);
    EXPECT_EQ(finished, (QStringList{"001 applied 1/3", "002 applied 2/3", "003 applied 3/3"}));
    // Statements of 001: 5 started, 5 finished ok, row counts as the engine reported them.
    QStringList rows001;
    for (const RunEvent &e : run.of(RunEvent::Type::StatementFinished))
        if (e.version == u"001")
            rows001 << QStringLiteral("%1:%2:%3").arg(e.statement).arg(e.status).arg(e.rows);
    EXPECT_EQ(rows001, (QStringList{"1:ok:0", "2:ok:0", "3:ok:140", "4:ok:1", "5:ok:560"}));

    // Batch progress of 003: 496 rows in batches of 50, then an empty batch ends it.
    const QList<RunEvent> batches = run.of(RunEvent::Type::BatchProgress);
    ASSERT_EQ(batches.size(), 11);
    qint64 expectedDone = 0;
    for (int i = 0; i < batches.size(); ++i) {
        const RunEvent &b = batches.at(i);
        const qint64 rows = i < 9 ? 50 : i == 9 ? 46 : 0;
        expectedDone += rows;
        EXPECT_EQ(b.version, QStringLiteral("003"));
        EXPECT_EQ(b.batch, i + 1);
        EXPECT_EQ(b.rows, rows);
        EXPECT_EQ(b.rowsDone, expectedDone);
        EXPECT_EQ(b.rowsTotal, 496);
        EXPECT_GT(b.rowsPerSecond, 0.0);
        ASSERT_GE(b.etaMs, 0);
        EXPECT_EQ(b.etaMs, qMax<qint64>(0, qRound64((496 - b.rowsDone) / b.rowsPerSecond * 1000)));
        EXPECT_TRUE(b.toText().startsWith(QStringLiteral("  batch %1: %2/496 rows, ").arg(i + 1).arg(expectedDone))) << b.toText().toStdString();
        EXPECT_TRUE(b.toText().contains(u", ETA ")) << b.toText().toStdString();
    }
    EXPECT_EQ(batches.last().etaMs, 0);
    const QList<RunEvent> statement003 = run.of(RunEvent::Type::StatementFinished).mid(10);
    ASSERT_EQ(statement003.size(), 1);
    EXPECT_EQ(statement003.first().rows, 496);

    // The history: one row per migration, exactly as run.
    const mig::FolderPlan plan = mig::planFolder(demoDir(), mig::Dialect::Sqlite);
    const QList<Row> h = history(w.db());
    ASSERT_EQ(h.size(), 3);
    const int statements[] = {5, 5, 1};
    for (int i = 0; i < 3; ++i) {
        const Row &r = h.at(i);
        const mig::Migration &m = plan.migrations.at(i).migration;
        SCOPED_TRACE(m.file.toStdString());
        EXPECT_EQ(r.value("version").toString(), m.version.text());
        EXPECT_EQ(r.value("name").toString(), m.name);
        EXPECT_EQ(r.value("checksum").toString(), QString::fromLatin1(m.checksum));
        EXPECT_EQ(r.value("checksum").toString(), sha256(fileBytes(m.up.path)));
        EXPECT_EQ(r.value("script").toString(), QString::fromUtf8(fileBytes(m.up.path)));
        EXPECT_EQ(r.value("direction").toString(), QStringLiteral("up"));
        EXPECT_EQ(r.value("action").toString(), QStringLiteral("apply"));
        EXPECT_EQ(r.value("status").toString(), QStringLiteral("applied"));
        EXPECT_EQ(r.value("statements_done").toInt(), statements[i]);
        EXPECT_EQ(r.value("statements_total").toInt(), statements[i]);
        EXPECT_EQ(r.value("batch_rows_done").toInt(), 0);
        EXPECT_EQ(r.value("run_id").toString(), run.result.runId);
        EXPECT_EQ(r.value("applied_by").toString(), mig::Runner::operatorName());
        EXPECT_TRUE(r.value("applied_by").toString().contains(u'@'));
        EXPECT_EQ(r.value("console_version").toString(), QStringLiteral(MIG_VERSION));
        EXPECT_TRUE(isUtcIso(r.value("started_at").toString())) << r.value("started_at").toString().toStdString();
        EXPECT_TRUE(isUtcIso(r.value("finished_at").toString())) << r.value("finished_at").toString().toStdString();
        EXPECT_LE(r.value("started_at").toString(), r.value("finished_at").toString());
        EXPECT_GE(r.value("duration_ms").toLongLong(), 0);
        for (const char *empty : {"error_code", "error_message", "error_statement", "error_file", "reason"})
            EXPECT_TRUE(r.value(QLatin1String(empty)).isNull()) << empty;
    }

    // Status: everything applied, at 003.
    const mig::TargetStatus s = statusOf(w.db(), demoDir());
    EXPECT_EQ(states(s), (QStringList{"001 applied", "002 applied", "003 applied"}));
    EXPECT_EQ(s.currentVersion, QStringLiteral("003"));

    // Again: nothing to do, nothing written.
    const EngineRun again = runEngine(request(RunRequest::Action::Apply, w.db(), demoDir()));
    EXPECT_EQ(again.result.outcome, RunResult::Outcome::NothingToDo);
    EXPECT_EQ(again.result.message, QStringLiteral("nothing to apply: the target is at version 003"));
    EXPECT_EQ(history(w.db()).size(), 3);
    EXPECT_TRUE(again.of(RunEvent::Type::MigrationStarted).isEmpty());
}

TEST(EngineSqlite, MigctlAppliesTheDemoAndReportsStatus)
{
    Workspace w;
    const QString dir = demoDir();
    MigctlRun status = migctl(targetArgs("status", w.db(), dir), w.store());
    ASSERT_EQ(status.exitCode, 0) << status.err.toStdString();
    EXPECT_TRUE(status.out.contains(u"history table migctl_history (not created yet)")) << status.out.toStdString();
    EXPECT_TRUE(status.out.contains(u"0 applied, 3 pending; current version (none)")) << status.out.toStdString();

    const MigctlRun apply = migctl(targetArgs("apply", w.db(), dir), w.store());
    ASSERT_EQ(apply.exitCode, 0) << apply.out.toStdString() << apply.err.toStdString();
    EXPECT_TRUE(apply.err.isEmpty()) << apply.err.toStdString();
    for (const char *line : {"[1/3] applying 001 base_schema: 5 statement(s), one transaction",
                             "[3/3] applying 003 normalize_week_start: 1 statement(s), tracked statement by statement",
                             "  statement 5/5 done in ", ", 560 row(s)", "  batch 10: 496/496 rows, ", "  statement 1/1 done in ",
                             ", 496 row(s)", "[3/3] 003 normalize_week_start applied in "})
        EXPECT_TRUE(apply.out.contains(QLatin1String(line))) << line << "\n" << apply.out.toStdString();
    EXPECT_TRUE(QRegularExpression(QStringLiteral("\nrun \\S+ succeeded in \\d+ ms: 3 migration\\(s\\) done\n$")).match(apply.out).hasMatch())
        << apply.out.toStdString();
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z'").toInt(), 0);

    status = migctl(targetArgs("status", w.db(), dir), w.store());
    ASSERT_EQ(status.exitCode, 0) << status.err.toStdString();
    EXPECT_TRUE(QRegularExpression(QStringLiteral("\n003 +normalize_week_start +applied +applied \\S+Z by \\S+@\\S+\n")).match(status.out).hasMatch())
        << status.out.toStdString();
    EXPECT_TRUE(status.out.contains(u"3 applied, 0 pending; current version 003")) << status.out.toStdString();
    EXPECT_FALSE(status.out.contains(u"apply would refuse"));

    QStringList json = targetArgs("status", w.db(), dir);
    json << QStringLiteral("--json");
    status = migctl(json, w.store());
    ASSERT_EQ(status.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(status.out.toUtf8()).object();
    EXPECT_EQ(o.value(u"schema").toString(), QStringLiteral("migctl.status/1"));
    EXPECT_EQ(o.value(u"currentVersion").toString(), QStringLiteral("003"));
    EXPECT_TRUE(o.value(u"historyExists").toBool());
    const QJsonArray ms = o.value(u"migrations").toArray();
    ASSERT_EQ(ms.size(), 3);
    for (const QJsonValue &m : ms) {
        EXPECT_EQ(m.toObject().value(u"state").toString(), QStringLiteral("applied"));
        EXPECT_EQ(m.toObject().value(u"last").toObject().value(u"status").toString(), QStringLiteral("applied"));
    }
    EXPECT_EQ(ms.at(2).toObject().value(u"last").toObject().value(u"statementsDone").toInt(), 1);

    const MigctlRun again = migctl(targetArgs("apply", w.db(), dir), w.store());
    EXPECT_EQ(again.exitCode, 0);
    EXPECT_TRUE(again.out.contains(u"nothing-to-do in ")) << again.out.toStdString();
    EXPECT_TRUE(again.out.contains(u"nothing to apply: the target is at version 003")) << again.out.toStdString();
    EXPECT_EQ(history(w.db()).size(), 3);
}

TEST(EngineSqlite, ApplyToAVersionStopsThere)
{
    Workspace w;
    QStringList args = targetArgs("apply", w.db(), demoDir());
    MigctlRun r = migctl(args + QStringList{"--to", "002"}, w.store());
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(u"2 migration(s) done")) << r.out.toStdString();
    EXPECT_EQ(column(history(w.db()), "version"), (QStringList{"001", "002"}));
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z'").toInt(), 496);
    EXPECT_EQ(states(statusOf(w.db(), demoDir())), (QStringList{"001 applied", "002 applied", "003 pending"}));

    r = migctl(args + QStringList{"--to", "9"}, w.store());
    EXPECT_EQ(r.exitCode, 4);
    EXPECT_TRUE(r.out.contains(u"there is no migration 9 in the folder")) << r.out.toStdString();
    r = migctl(args + QStringList{"--to", "x.y"}, w.store());
    EXPECT_EQ(r.exitCode, 4);
    EXPECT_TRUE(r.out.contains(u"--to x.y is not a version")) << r.out.toStdString();
    EXPECT_EQ(history(w.db()).size(), 2);
}

// --- dry run --------------------------------------------------------------------------------

TEST(EngineSqlite, DryRunPrintsExactlyTheStatementsAndChangesNothing)
{
    Workspace w;
    execSql(w.db(), "CREATE TABLE keep (x); INSERT INTO keep VALUES (42);");
    const QByteArray before = fileBytes(w.db());
    ASSERT_FALSE(before.isEmpty());

    const MigctlRun r = migctl(targetArgs("apply", w.db(), demoDir()) << QStringLiteral("--dry-run"), w.store());
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();

    // What would run, statement by statement, split from the files as the engine splits them.
    QString expected;
    const mig::FolderPlan plan = mig::planFolder(demoDir(), mig::Dialect::Sqlite);
    for (const mig::PlannedMigration &p : plan.migrations) {
        mig::splitScript(p.migration.up, mig::Dialect::Sqlite, [&](const mig::Statement &st) {
            if (const mig::BatchSpecResult b = mig::batchSpec(st); b.spec)
                expected += QStringLiteral("-- repeated in batches of %1 until no row changes\n%2;\n").arg(b.spec->size).arg(mig::bindBatchSize(st.sql, b.spec->size));
            else
                expected += st.sql + QStringLiteral(";\n");
            return true;
        });
    }
    ASSERT_TRUE(expected.contains(u"LIMIT 50)")) << expected.toStdString();
    // The other lines are the run's events, as SQL comments.
    QString statements;
    static const QRegularExpression eventLine(QStringLiteral("^-- (dry run: apply on |\\[\\d/3\\] applying |run \\S+ succeeded)"));
    QStringList eventLines;
    QStringList outLines = r.out.split(u'\n');
    ASSERT_TRUE(outLines.last().isEmpty()); // every line ends with a newline
    outLines.removeLast();
    for (const QString &line : outLines) {
        if (eventLine.match(line).hasMatch())
            eventLines << line;
        else
            statements += line + u'\n';
    }
    EXPECT_EQ(statements, expected);
    // Run started, each migration started (a dry run finishes none), run finished.
    ASSERT_EQ(eventLines.size(), 5) << r.out.toStdString();
    EXPECT_EQ(eventLines.at(3), QStringLiteral("-- [3/3] applying 003 normalize_week_start: 1 statement(s), tracked statement by statement"));
    EXPECT_TRUE(eventLines.first().startsWith(QStringLiteral("-- dry run: apply on sqlite:%1: 3 migration(s)").arg(w.db()))) << eventLines.first().toStdString();
    EXPECT_TRUE(eventLines.last().endsWith(u"3 migration(s) would run (dry run: nothing was changed)")) << eventLines.last().toStdString();

    // Nothing changed: the same bytes, no history table, no lock file, no run store.
    EXPECT_EQ(fileBytes(w.db()), before);
    EXPECT_EQ(schema(w.db()), QStringList{"table keep"});
    EXPECT_FALSE(QFile::exists(w.db() + QStringLiteral("-migctl.lock")));
    EXPECT_FALSE(QFile::exists(w.store()));

    // Part-way: only what is pending is shown.
    ASSERT_EQ(migctl(targetArgs("apply", w.db(), demoDir()) << "--to" << "002", w.store()).exitCode, 0);
    const QByteArray applied = fileBytes(w.db());
    const MigctlRun rest = migctl(targetArgs("apply", w.db(), demoDir()) << QStringLiteral("--dry-run"), w.store());
    ASSERT_EQ(rest.exitCode, 0);
    EXPECT_TRUE(rest.out.contains(u"-- dry run: apply on ")) << rest.out.toStdString();
    EXPECT_TRUE(rest.out.contains(u": 1 migration(s)")) << rest.out.toStdString();
    EXPECT_FALSE(rest.out.contains(u"CREATE TABLE")) << rest.out.toStdString();
    EXPECT_TRUE(rest.out.contains(u"-- repeated in batches of 50 until no row changes\nUPDATE ProgressReport")) << rest.out.toStdString();
    EXPECT_EQ(fileBytes(w.db()), applied);
}

TEST(EngineSqlite, DryRunThroughTheRunnerEmitsStatementsOnly)
{
    Workspace w;
    RunRequest req = request(RunRequest::Action::Apply, w.db(), demoDir());
    req.dryRun = true;
    const EngineRun run = runEngine(req);
    EXPECT_EQ(run.result.outcome, RunResult::Outcome::Succeeded);
    EXPECT_TRUE(run.of(RunEvent::Type::LockAcquired).isEmpty());
    EXPECT_TRUE(run.of(RunEvent::Type::StatementFinished).isEmpty());
    EXPECT_TRUE(run.of(RunEvent::Type::BatchProgress).isEmpty());
    const QList<RunEvent> st = run.of(RunEvent::Type::StatementStarted);
    ASSERT_EQ(st.size(), 11);
    for (const RunEvent &e : st)
        EXPECT_TRUE(e.dryRun);
    EXPECT_TRUE(st.first().sql.startsWith(u"CREATE TABLE User (")) << st.first().sql.toStdString();
    EXPECT_EQ(st.first().toText(), st.first().sql + u';');
    EXPECT_FALSE(QFile::exists(w.db())); // not even an empty database file
}

// --- failures -------------------------------------------------------------------------------

TEST(EngineSqlite, AFailureInOneTransactionLeavesNothing)
{
    Workspace w;
    w.write("001_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\nINSERT INTO users VALUES (1, 'ada');\n");
    w.write("002_orders.sql", "CREATE TABLE orders (id INTEGER, user_id INTEGER);\n"
                              "CREATE INDEX orders_user ON orders (user_id);\n"
                              "INSERT INTO orders VALUES (1, 1);\n"
                              "INSERT INTO order_lines\n  VALUES (1);\n");
    ASSERT_EQ(migctl(targetArgs("apply", w.db(), w.dir()) << "--to" << "001", w.store()).exitCode, 0);
    const QStringList schemaBefore = schema(w.db());
    ASSERT_TRUE(schemaBefore.contains(u"table users"));

    const MigctlRun r = migctl(targetArgs("apply", w.db(), w.dir()), w.store());
    EXPECT_EQ(r.exitCode, 1) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(u"  statement 4/4 (002_orders.sql:4) failed: no such table: order_lines [1]")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(u"002 orders failed: statement 4 of 4 (002_orders.sql:4) failed: no such table: order_lines; "
                               "nothing of 002 orders was kept"))
        << r.out.toStdString();
    // Nothing of 002: no table, no index.
    EXPECT_EQ(schema(w.db()), schemaBefore);

    const QList<Row> h = history(w.db());
    ASSERT_EQ(h.size(), 2);
    const Row &f = h.at(1);
    EXPECT_EQ(f.value("version").toString(), QStringLiteral("002"));
    EXPECT_EQ(f.value("status").toString(), QStringLiteral("failed"));
    EXPECT_EQ(f.value("statements_done").toInt(), 3); // how far it got; none of it was kept
    EXPECT_EQ(f.value("statements_total").toInt(), 4);
    EXPECT_EQ(f.value("error_statement").toString(), QStringLiteral("INSERT INTO order_lines\n  VALUES (1)"));
    EXPECT_EQ(f.value("error_line").toInt(), 4);
    EXPECT_EQ(f.value("error_file").toString(), QStringLiteral("002_orders.sql"));
    EXPECT_EQ(f.value("error_code").toString(), QStringLiteral("1"));
    EXPECT_EQ(f.value("error_message").toString(), QStringLiteral("no such table: order_lines"));
    EXPECT_TRUE(isUtcIso(f.value("finished_at").toString()));

    const MigctlRun st = migctl(targetArgs("status", w.db(), w.dir()), w.store());
    EXPECT_EQ(st.exitCode, 0); // failed is not a blocker: apply retries it
    EXPECT_TRUE(st.out.contains(u"failed   stopped at statement 4 of 4 (002_orders.sql:4): no such table: order_lines [1] -- statement: "
                                "INSERT INTO order_lines VALUES (1)"))
        << st.out.toStdString();

    // Fixed, it applies.
    w.write("002_orders.sql", "CREATE TABLE orders (id INTEGER, user_id INTEGER);\n"
                              "CREATE INDEX orders_user ON orders (user_id);\n"
                              "INSERT INTO orders VALUES (1, 1);\n");
    const MigctlRun fixed = migctl(targetArgs("apply", w.db(), w.dir()), w.store());
    ASSERT_EQ(fixed.exitCode, 0) << fixed.out.toStdString();
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM orders").toInt(), 1);
    EXPECT_EQ(column(history(w.db()), "status"), (QStringList{"applied", "failed", "applied"}));
    EXPECT_EQ(states(statusOf(w.db(), w.dir())), (QStringList{"001 applied", "002 applied"}));
}

// --- modified, missing, out of order --------------------------------------------------------

TEST(EngineSqlite, ModifiedAfterApplyIsShownWithADiffAndBlocksApply)
{
    Workspace w;
    copyFolder(demoDir(), w.dir());
    ASSERT_EQ(migctl(targetArgs("apply", w.db(), w.dir()) << "--to" << "002", w.store()).exitCode, 0);
    const QString file = w.dir() + QStringLiteral("/002_create_feedback.sql");
    const QByteArray original = fileBytes(file);
    QByteArray edited = original;
    edited.replace("CREATE INDEX idx_feedback_created_by ON Feedback(createdBy);\n",
                   "CREATE INDEX idx_feedback_created_by ON Feedback(createdBy, createdAt);\n");
    ASSERT_NE(edited, original);
    writeFile(file, edited);

    MigctlRun st = migctl(targetArgs("status", w.db(), w.dir()), w.store());
    EXPECT_EQ(st.exitCode, 4) << st.out.toStdString();
    EXPECT_TRUE(QRegularExpression(QStringLiteral("\n002 +create_feedback +modified +applied ")).match(st.out).hasMatch()) << st.out.toStdString();
    EXPECT_TRUE(st.out.contains(u"1 applied, 1 pending, 1 modified; current version 001")) << st.out.toStdString();
    const QString runId = history(w.db()).at(1).value("run_id").toString();
    EXPECT_TRUE(st.out.contains(QStringLiteral("002 create_feedback was modified after it was applied:\n--- applied ")))
        << st.out.toStdString();
    EXPECT_TRUE(st.out.contains(QStringLiteral(" (run %1)\n+++ 002_create_feedback.sql\n@@ ").arg(runId))) << st.out.toStdString();
    EXPECT_TRUE(st.out.contains(u"\n-CREATE INDEX idx_feedback_created_by ON Feedback(createdBy);\n"
                                "+CREATE INDEX idx_feedback_created_by ON Feedback(createdBy, createdAt);\n"))
        << st.out.toStdString();
    EXPECT_TRUE(st.out.contains(u"apply would refuse:\n  002 create_feedback was modified after it was applied")) << st.out.toStdString();

    QStringList json = targetArgs("status", w.db(), w.dir());
    json << QStringLiteral("--json");
    st = migctl(json, w.store());
    EXPECT_EQ(st.exitCode, 4);
    const QJsonObject m = QJsonDocument::fromJson(st.out.toUtf8()).object().value(u"migrations").toArray().at(1).toObject();
    EXPECT_EQ(m.value(u"state").toString(), QStringLiteral("modified"));
    EXPECT_TRUE(m.value(u"diff").toString().contains(u"+CREATE INDEX idx_feedback_created_by ON Feedback(createdBy, createdAt);"));

    const MigctlRun apply = migctl(targetArgs("apply", w.db(), w.dir()), w.store());
    EXPECT_EQ(apply.exitCode, 4);
    EXPECT_TRUE(apply.out.contains(u"refused in ")) << apply.out.toStdString();
    EXPECT_TRUE(apply.out.contains(u"002 create_feedback was modified after it was applied (checksum changed; see migctl status)")) << apply.out.toStdString();
    EXPECT_EQ(history(w.db()).size(), 2);
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z'").toInt(), 496);

    // Only the line endings change: applied, with a note, and apply goes on.
    QByteArray crlf = original;
    crlf.replace("\n", "\r\n");
    writeFile(file, crlf);
    st = migctl(targetArgs("status", w.db(), w.dir()), w.store());
    EXPECT_EQ(st.exitCode, 0) << st.out.toStdString();
    EXPECT_TRUE(QRegularExpression(QStringLiteral("\n002 +create_feedback +applied +applied \\S+ by \\S+; only line endings or a BOM differ from the "
                                                  "applied script \\(the checksum ignores them\\)\n"))
                    .match(st.out).hasMatch())
        << st.out.toStdString();
    EXPECT_FALSE(st.out.contains(u"was modified"));
    const MigctlRun rest = migctl(targetArgs("apply", w.db(), w.dir()), w.store());
    EXPECT_EQ(rest.exitCode, 0) << rest.out.toStdString();
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z'").toInt(), 0);

    // A file that is gone: missing, and still listed.
    QFile::remove(w.dir() + QStringLiteral("/003_normalize_week_start.sql"));
    QFile::remove(w.dir() + QStringLiteral("/003_normalize_week_start.verify.sql"));
    st = migctl(targetArgs("status", w.db(), w.dir()), w.store());
    EXPECT_EQ(st.exitCode, 0) << st.out.toStdString();
    EXPECT_TRUE(QRegularExpression(QStringLiteral("\n003 +normalize_week_start +missing +applied \\S+ by \\S+, but its file is gone\n"))
                    .match(st.out).hasMatch())
        << st.out.toStdString();
    EXPECT_TRUE(st.out.contains(u"2 applied, 0 pending, 1 missing; current version 002")) << st.out.toStdString();
}

TEST(EngineSqlite, OutOfOrderIsRefusedUnlessAllowed)
{
    Workspace w;
    w.write("001_a.sql", "CREATE TABLE a (x);\n");
    w.write("003_c.sql", "CREATE TABLE c (x);\n");
    ASSERT_EQ(migctl(targetArgs("apply", w.db(), w.dir()), w.store()).exitCode, 0);
    w.write("002_b.sql", "CREATE TABLE b (x);\n");

    MigctlRun st = migctl(targetArgs("status", w.db(), w.dir()), w.store());
    EXPECT_EQ(st.exitCode, 4);
    EXPECT_TRUE(QRegularExpression(QStringLiteral("\n002 +b +out-of-order ")).match(st.out).hasMatch()) << st.out.toStdString();
    EXPECT_TRUE(st.out.contains(u"apply would refuse:\n  002 b is older than the applied version 003 (use --allow-out-of-order to apply it)"))
        << st.out.toStdString();
    EXPECT_EQ(migctl(targetArgs("status", w.db(), w.dir()) << "--allow-out-of-order", w.store()).exitCode, 0);

    MigctlRun r = migctl(targetArgs("apply", w.db(), w.dir()), w.store());
    EXPECT_EQ(r.exitCode, 4);
    EXPECT_TRUE(r.out.contains(u"002 b is older than the applied version 003 (use --allow-out-of-order to apply it)")) << r.out.toStdString();
    EXPECT_FALSE(hasTable(w.db(), "b"));

    r = migctl(targetArgs("apply", w.db(), w.dir()) << "--allow-out-of-order", w.store());
    EXPECT_EQ(r.exitCode, 0) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(u"[1/1] 002 b applied in ")) << r.out.toStdString();
    EXPECT_TRUE(hasTable(w.db(), "b"));
    EXPECT_EQ(column(history(w.db()), "version"), (QStringList{"001", "003", "002"}));
    EXPECT_EQ(states(statusOf(w.db(), w.dir())), (QStringList{"001 applied", "002 applied", "003 applied"}));
}

// --- rollback -------------------------------------------------------------------------------

TEST(EngineSqlite, RollbackRunsDownScriptsInReverseOrder)
{
    Workspace w;
    writeChain(w, 4);
    ASSERT_EQ(migctl(targetArgs("apply", w.db(), w.dir()), w.store()).exitCode, 0);
    ASSERT_TRUE(hasTable(w.db(), "t4"));

    // A dry run shows the down scripts in the order they would run, and changes nothing.
    const QByteArray before = fileBytes(w.db());
    const MigctlRun dry = migctl(targetArgs("rollback", w.db(), w.dir()) << "--steps" << "2" << "--dry-run", w.store());
    ASSERT_EQ(dry.exitCode, 0) << dry.out.toStdString();
    EXPECT_TRUE(dry.out.contains(u"-- [1/2] rolling back 004 step4: 1 statement(s), one transaction\nDROP TABLE t4;\n"
                                 "-- [2/2] rolling back 003 step3: 1 statement(s), one transaction\nDROP TABLE t3;\n"))
        << dry.out.toStdString();
    EXPECT_EQ(fileBytes(w.db()), before);

    const EngineRun steps = runEngine([&] {
        RunRequest r = request(RunRequest::Action::Rollback, w.db(), w.dir());
        r.steps = 2;
        return r;
    }());
    ASSERT_EQ(steps.result.outcome, RunResult::Outcome::Succeeded) << steps.result.message.toStdString();
    QStringList order;
    for (const RunEvent &e : steps.of(RunEvent::Type::MigrationFinished))
        order << QStringLiteral("%1 %2 %3").arg(e.version, e.direction, e.status);
    EXPECT_EQ(order, (QStringList{"004 down rolled_back", "003 down rolled_back"}));
    EXPECT_FALSE(hasTable(w.db(), "t4"));
    EXPECT_FALSE(hasTable(w.db(), "t3"));
    EXPECT_TRUE(hasTable(w.db(), "t2"));
    const QList<Row> h = history(w.db());
    ASSERT_EQ(h.size(), 6);
    for (int i = 4; i < 6; ++i) {
        const Row &r = h.at(i);
        const int v = 8 - i; // 4, then 3
        EXPECT_EQ(r.value("version").toString(), QStringLiteral("00%1").arg(v));
        EXPECT_EQ(r.value("direction").toString(), QStringLiteral("down"));
        EXPECT_EQ(r.value("action").toString(), QStringLiteral("rollback"));
        EXPECT_EQ(r.value("status").toString(), QStringLiteral("rolled_back"));
        EXPECT_EQ(r.value("checksum").toString(), sha256(QStringLiteral("DROP TABLE t%1;\n").arg(v).toUtf8()));
        EXPECT_EQ(r.value("script").toString(), QStringLiteral("DROP TABLE t%1;\n").arg(v));
        EXPECT_EQ(r.value("statements_done").toInt(), 1);
        EXPECT_EQ(r.value("run_id").toString(), steps.result.runId);
    }
    EXPECT_EQ(states(statusOf(w.db(), w.dir())), (QStringList{"001 applied", "002 applied", "003 pending", "004 pending"}));

    // Default: one step, the newest applied.
    MigctlRun r = migctl(targetArgs("rollback", w.db(), w.dir()), w.store());
    EXPECT_EQ(r.exitCode, 0) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(u"[1/1] rolling back 002 step2: 1 statement(s), one transaction")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(u"[1/1] 002 step2 rolled back in ")) << r.out.toStdString();
    EXPECT_FALSE(hasTable(w.db(), "t2"));

    // Back up, then --to 001: 004, 003, 002 in that order.
    ASSERT_EQ(migctl(targetArgs("apply", w.db(), w.dir()), w.store()).exitCode, 0);
    r = migctl(targetArgs("rollback", w.db(), w.dir()) << "--to" << "001", w.store());
    EXPECT_EQ(r.exitCode, 0) << r.out.toStdString();
    const qsizetype i4 = r.out.indexOf(u"004 step4 rolled back"), i3 = r.out.indexOf(u"003 step3 rolled back"),
                    i2 = r.out.indexOf(u"002 step2 rolled back");
    EXPECT_TRUE(i4 >= 0 && i4 < i3 && i3 < i2) << r.out.toStdString();
    EXPECT_EQ(schema(w.db()).filter(QRegularExpression(QStringLiteral("^table t\\d$"))), QStringList{"table t1"});
    EXPECT_EQ(states(statusOf(w.db(), w.dir())), (QStringList{"001 applied", "002 pending", "003 pending", "004 pending"}));

    // --to and --steps together is a usage error; nothing left above 001: nothing to do.
    EXPECT_EQ(migctl(targetArgs("rollback", w.db(), w.dir()) << "--to" << "001" << "--steps" << "1", w.store()).exitCode, 2);
    r = migctl(targetArgs("rollback", w.db(), w.dir()) << "--to" << "001", w.store());
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_TRUE(r.out.contains(u"nothing to roll back")) << r.out.toStdString();
}

TEST(EngineSqlite, RollbackWithoutADownScriptIsRefused)
{
    Workspace w;
    ASSERT_EQ(migctl(targetArgs("apply", w.db(), demoDir()), w.store()).exitCode, 0);
    const MigctlRun r = migctl(targetArgs("rollback", w.db(), demoDir()), w.store());
    EXPECT_EQ(r.exitCode, 4) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(u"003 normalize_week_start has no rollback script: nothing was rolled back")) << r.out.toStdString();
    // Also when it is not the first in line: --steps 3 stops before rolling back anything.
    const MigctlRun three = migctl(targetArgs("rollback", w.db(), demoDir()) << "--steps" << "3", w.store());
    EXPECT_EQ(three.exitCode, 4);
    EXPECT_EQ(history(w.db()).size(), 3);
    EXPECT_TRUE(hasTable(w.db(), "Feedback"));
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM ProgressReport").toInt(), 560);
}
