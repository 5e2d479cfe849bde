// The SQLite demo (migrations/sqlite-demo) as a new user and a DBA go through it, with the real
// migctl: a fresh demo target, preview, pre-flight, GO, the silent failure caught, verification,
// and a rollback that gives back exactly the schema and the rows the demo started with.
#include "SqliteEngineSupport.h"

#include "demo/DemoSeed.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace sqlitetest;

namespace {

QString sourceDemo()
{
    return QDir::cleanPath(testData(QStringLiteral("../../migrations/sqlite-demo")));
}

class SqliteDemo : public ::testing::Test
{
protected:
    TempFolder tmp;
    QString db = tmp.file(QStringLiteral("demo.sqlite"));
    QString target = QStringLiteral("sqlite:") + db;
    QString store = tmp.file(QStringLiteral("runs.sqlite"));

    MigctlRun run(QStringList args, int timeoutMs = 60000)
    {
        return migctl(args, store, timeoutMs);
    }
    MigctlRun onTarget(const QString &command, QStringList extra = {})
    {
        return run(QStringList{command, QStringLiteral("--target"), target, QStringLiteral("--dir"), sourceDemo()} + extra);
    }
    // One value read straight from the demo database (the test's own connection).
    QVariant scalar(const QString &sql)
    {
        QVariant v;
        {
            QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("demo-check"));
            c.setDatabaseName(db);
            EXPECT_TRUE(c.open());
            QSqlQuery q(c);
            EXPECT_TRUE(q.exec(sql) && q.next()) << sql.toStdString();
            v = q.value(0);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("demo-check"));
        return v;
    }
    QString fingerprint()
    {
        const MigctlRun r = run({QStringLiteral("snapshot"), QStringLiteral("--target"), target});
        EXPECT_EQ(r.exitCode, 0) << r.text();
        return r.json().value(u"fingerprint").toString();
    }
};

QList<QJsonObject> eventsOf(const MigctlRun &r)
{
    QList<QJsonObject> events;
    for (const QString &line : r.out.split(u'\n', Qt::SkipEmptyParts))
        events << QJsonDocument::fromJson(line.toUtf8()).object();
    return events;
}

} // namespace

TEST(SqliteDemoData, TheSameSeedGivesTheSameRows)
{
    const QList<mig::demo::SeedTable> a = mig::demo::sqliteDemoRows(mig::demo::DefaultSeed);
    const QList<mig::demo::SeedTable> b = mig::demo::sqliteDemoRows(mig::demo::DefaultSeed);
    const QList<mig::demo::SeedTable> other = mig::demo::sqliteDemoRows(7);
    ASSERT_EQ(a.size(), 3);
    for (int t = 0; t < a.size(); ++t) {
        EXPECT_EQ(a.at(t).table, b.at(t).table);
        EXPECT_EQ(a.at(t).rows, b.at(t).rows) << a.at(t).table.toStdString();
    }
    EXPECT_NE(a.at(0).rows, other.at(0).rows) << "another seed, other names";
    // The figures the release relies on do not depend on the seed.
    for (const auto &rows : {a, other}) {
        EXPECT_EQ(rows.at(0).rows.size(), 144);
        EXPECT_EQ(rows.at(1).rows.size(), 560);
        int buggy = 0;
        for (const QVariantList &r : rows.at(1).rows)
            buggy += r.at(2).toString().endsWith(u"T00:00:00.000Z") ? 1 : 0;
        EXPECT_EQ(buggy, 496);
    }
}

TEST_F(SqliteDemo, AFreshTargetHasEveryMigrationPendingOnProductionLikeRows)
{
    const MigctlRun listed = run({QStringLiteral("demo"), QStringLiteral("--list")});
    ASSERT_EQ(listed.exitCode, 0) << listed.text();
    EXPECT_TRUE(listed.out.contains(u"sqlite-demo (sqlite)")) << listed.text();
    EXPECT_TRUE(listed.out.contains(u"postgres-demo (postgres)")) << listed.text();

    const MigctlRun made = run({QStringLiteral("demo"), QStringLiteral("sqlite-demo"), QStringLiteral("--target"), target});
    ASSERT_EQ(made.exitCode, 0) << made.text();
    EXPECT_TRUE(made.out.contains(u"ProgressReport: 560 rows")) << made.text();
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z'")).toInt(), 496);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(DISTINCT substr(weekStart, 1, 10)) FROM ProgressReport")).toInt(), 4);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM User WHERE role = 'STUDENT'")).toInt(), 140);
    EXPECT_GT(scalar(QStringLiteral("SELECT COUNT(*) FROM Answer")).toInt(), 560 * 3 - 1);

    // Never over a database that holds tables: nothing is touched.
    const MigctlRun again = run({QStringLiteral("demo"), QStringLiteral("sqlite-demo"), QStringLiteral("--target"), target});
    EXPECT_EQ(again.exitCode, 4) << again.text();
    EXPECT_TRUE(again.err.contains(u"already holds")) << again.text();
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM ProgressReport")).toInt(), 560);

    const MigctlRun status = onTarget(QStringLiteral("status"), {QStringLiteral("--json")});
    ASSERT_EQ(status.exitCode, 0) << status.text();
    int pending = 0;
    for (const QJsonValue m : status.json().value(u"migrations").toArray())
        pending += m.toObject().value(u"state").toString() == u"pending" ? 1 : 0;
    EXPECT_EQ(pending, 4) << status.text();
}

TEST_F(SqliteDemo, GoRunsTheReleaseCatchesTheSilentFailureAndRollsBackCleanly)
{
    ASSERT_EQ(run({QStringLiteral("demo"), QStringLiteral("sqlite-demo"), QStringLiteral("--target"), target}).exitCode, 0);
    const QString baseline = fingerprint();

    // Preview: every rollback verified; 004's wider index is seen not to come to be.
    const MigctlRun preview = onTarget(QStringLiteral("preview"));
    EXPECT_EQ(preview.out.count(u"rollback verified"), 4) << preview.text();
    EXPECT_TRUE(preview.out.contains(u"idx_feedback_student_week")) << preview.text();

    // The demo's policy makes GO possible at once (backup and rollbacks only warn).
    const MigctlRun preflight = onTarget(QStringLiteral("preflight"));
    EXPECT_EQ(preflight.exitCode, 0) << preflight.text();

    // GO: 001-003 applied, the timestamps fixed in batches of 50, 004 applied with differences.
    const MigctlRun apply = onTarget(QStringLiteral("apply"), {QStringLiteral("--json")});
    EXPECT_EQ(apply.exitCode, 1) << apply.text();
    int batches = 0;
    qint64 batchRows = 0;
    for (const QJsonObject &e : eventsOf(apply)) {
        if (e.value(u"event").toString() == u"batch-progress" && e.value(u"rows").toInteger() > 0) {
            ++batches;
            EXPECT_LE(e.value(u"rows").toInteger(), 50);
            batchRows += e.value(u"rows").toInteger();
        }
    }
    EXPECT_EQ(batches, 10) << apply.text();
    EXPECT_EQ(batchRows, 496);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM ProgressReport WHERE weekStart LIKE '%T03:00:00.000Z'")).toInt(), 560);

    const MigctlRun status = onTarget(QStringLiteral("status"));
    EXPECT_TRUE(status.out.contains(u"applied-with-differences")) << status.text();

    // Verification: 001-003's checks pass; 004's name count passes (what fooled the original
    // run) while its definition check and "schema as declared" fail.
    const MigctlRun verify = onTarget(QStringLiteral("verify"), {QStringLiteral("--json")});
    EXPECT_EQ(verify.exitCode, 1) << verify.text();
    QMap<QString, QString> checks;
    for (const QJsonValue c : verify.json().value(u"checks").toArray())
        checks.insert(c.toObject().value(u"name").toString(), c.toObject().value(u"status").toString());
    EXPECT_EQ(checks.value(QStringLiteral("001 verify: Feedback has 13 columns")), QStringLiteral("pass")) << verify.text();
    EXPECT_EQ(checks.value(QStringLiteral("001 verify: Feedback has its 4 indexes")), QStringLiteral("pass"));
    EXPECT_EQ(checks.value(QStringLiteral("002 verify: no week start left at midnight UTC")), QStringLiteral("pass"));
    EXPECT_EQ(checks.value(QStringLiteral("002 verify: every report kept (560)")), QStringLiteral("pass"));
    EXPECT_EQ(checks.value(QStringLiteral("003 verify: progress counts add up to the reports (560)")), QStringLiteral("pass"));
    EXPECT_EQ(checks.value(QStringLiteral("004 verify: the 11 index names exist")), QStringLiteral("pass"));
    EXPECT_EQ(checks.value(QStringLiteral("004 verify: idx_feedback_student_week covers studentId, weekStart and subject")), QStringLiteral("fail"));
    int failed = 0;
    for (auto it = checks.cbegin(); it != checks.cend(); ++it)
        failed += it.value() == u"fail" ? 1 : 0;
    EXPECT_EQ(checks.value(QStringLiteral("schema as declared: 004 performance_indexes")), QStringLiteral("fail"));
    EXPECT_EQ(failed, 2) << verify.text(); // the definition check and "schema as declared"
    EXPECT_EQ(checks.size(), 29) << verify.text(); // 22 verify-script checks, schema as declared, 6 built in

    // Roll the whole release back: the schema and the rows are the demo's again.
    const MigctlRun rollback = onTarget(QStringLiteral("rollback"), {QStringLiteral("--steps"), QStringLiteral("4")});
    EXPECT_EQ(rollback.exitCode, 0) << rollback.text();
    EXPECT_EQ(fingerprint(), baseline);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z'")).toInt(), 496);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM ProgressReport")).toInt(), 560);
}

// `migctl apply --json | head -1`: the reader goes away after one line; the run must still end
// as it would (here at 004's silent failure), not be killed half-way by SIGPIPE.
TEST_F(SqliteDemo, AReaderThatGoesAwayDoesNotKillTheRun)
{
    ASSERT_EQ(run({QStringLiteral("demo"), QStringLiteral("sqlite-demo"), QStringLiteral("--target"), target}).exitCode, 0);
    QProcess shell;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MIGCTL_RUN_STORE"), store);
    shell.setProcessEnvironment(env);
    shell.start(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("set -o pipefail; \"$0\" apply --target \"$1\" --dir \"$2\" --json | head -1; "
                                                                              "echo \"exit=${PIPESTATUS[0]}\""),
                                         QStringLiteral(MIGCTL_PATH), target, sourceDemo()});
    ASSERT_TRUE(shell.waitForFinished(60000));
    const QString said = QString::fromUtf8(shell.readAllStandardOutput());
    EXPECT_TRUE(said.contains(u"exit=1")) << said.toStdString(); // 1: 004 applied with differences; SIGPIPE would be 141
    const MigctlRun runs = run({QStringLiteral("runs"), QStringLiteral("--json")});
    const QJsonArray list = runs.json().value(u"runs").toArray();
    ASSERT_FALSE(list.isEmpty()) << runs.text();
    EXPECT_EQ(list.first().toObject().value(u"outcome").toString(), QStringLiteral("failed")) << runs.text();
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM ProgressReport WHERE weekStart LIKE '%T03:00:00.000Z'")).toInt(), 560);
}
