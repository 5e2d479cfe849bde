// The Verifier against real SQLite files: migrations applied in-process by mig::Runner, the run's
// own events turned into the baseline `migctl verify` would read from the run store, then the
// target damaged by hand (orphans, lost rows, drift) the way it happens in real life.
#include "../run/SqliteEngineSupport.h"

#include "schema/SchemaDiff.h"
#include "verify/Verifier.h"

#include <QJsonArray>

using namespace sqlitetest;
using mig::CheckResult;
using mig::VerifyBaseline;
using mig::VerifyResult;

namespace {

struct Applied {
    RunResult result;
    VerifyBaseline baseline;
    QString text;
};

// Applies the folder and reads the run back as the run store keeps it.
Applied applyFolder(const QString &db, const QString &dir)
{
    RunRequest r = request(RunRequest::Action::Apply, db, dir);
    r.format = mig::Format::Native;
    const EngineRun run = runEngine(r);
    Applied a;
    a.result = run.result;
    a.text = run.text();
    a.baseline.runId = run.result.runId;
    for (const RunEvent &e : run.events) {
        if (e.type == RunEvent::Type::SnapshotTaken && (e.check == u"before-run" || e.check == u"after-run")) {
            auto snapshot = mig::SchemaSnapshot::fromJson(e.data.value(u"snapshot").toObject());
            (e.check == u"before-run" ? a.baseline.before : a.baseline.after) = snapshot;
        } else if (e.type == RunEvent::Type::MigrationFinished && e.status == u"applied") {
            a.baseline.versions << e.version;
        }
    }
    if (a.baseline.before && a.baseline.after)
        a.baseline.touchedTables = mig::SchemaDiff::between(*a.baseline.before, *a.baseline.after).tables();
    return a;
}

struct Verified {
    VerifyResult result;
    QList<RunEvent> events;

    const CheckResult *check(const QString &name) const
    {
        for (const CheckResult &c : result.checks)
            if (c.name == name)
                return &c;
        return nullptr;
    }
    QString text() const
    {
        QStringList lines{result.error};
        for (const CheckResult &c : result.checks)
            lines << QStringLiteral("%1 | %2 | %3 | %4").arg(c.name, c.status, c.measured, c.detail);
        return lines.join(u'\n');
    }
};

Verified verify(const QString &db, const QString &dir, const VerifyBaseline &baseline = {})
{
    mig::VerifyRequest r;
    r.profile = sqliteProfile(db);
    r.dir = dir;
    r.format = mig::Format::Native;
    r.baseline = baseline;
    Verified v;
    mig::Verifier verifier(r, [&](const RunEvent &e) { v.events << e; });
    v.result = verifier.run();
    return v;
}

// Asserts one check's outcome; the whole report on failure.
#define EXPECT_CHECK(v, name_, status_, measured_)                                                            \
    do {                                                                                                   \
        const auto &v_ = (v); /* a temporary lives to the block's end (ASan: it dangled) */                \
        const CheckResult *c_ = v_.check(QString::fromUtf8(name_));                                        \
        ASSERT_NE(c_, nullptr) << "no check \"" << (name_) << "\" in\n" << v_.text().toStdString();        \
        EXPECT_EQ(c_->status, QString::fromUtf8(status_)) << v_.text().toStdString();                     \
        EXPECT_EQ(c_->measured, QString::fromUtf8(measured_)) << v_.text().toStdString();                 \
    } while (0)

const QByteArray usersUp = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
                           "INSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'bob'), (3, 'cy');\n";

class verify_sqlite : public ::testing::Test
{
protected:
    TempFolder folder;
    QTemporaryDir data;
    QString db = data.filePath(QStringLiteral("target.db"));
};

TEST_F(verify_sqlite, VerifyScriptQueriesPassOrFailOneByOneWithTheirMessages)
{
    folder.write("001_users.sql", usersUp);
    folder.write("001_users.verify.sql",
                 "-- check: three users\n"
                 "SELECT count(*) = 3, 'expected three users' FROM users;\n"
                 "-- check: false with a detail\n"
                 "SELECT count(*) = 4, 'users: ' || count(*) FROM users;\n"
                 "-- check: zero\n"
                 "SELECT 0;\n"
                 "-- check: null\n"
                 "SELECT NULL;\n"
                 "-- check: no rows\n"
                 "SELECT 1 FROM users WHERE id < 0;\n"
                 "-- check: raises\n"
                 "SELECT no_such_column FROM users;\n"
                 "SELECT count(*) FROM users WHERE name <> '';\n");
    const Applied a = applyFolder(db, folder.path());
    ASSERT_EQ(a.result.outcome, RunResult::Outcome::Succeeded) << a.text.toStdString();

    const Verified v = verify(db, folder.path());
    ASSERT_TRUE(v.result.error.isEmpty()) << v.text().toStdString();
    EXPECT_FALSE(v.result.passed());
    EXPECT_CHECK(v, "001 verify: three users", "pass", "1");
    EXPECT_EQ(v.check(QStringLiteral("001 verify: three users"))->detail, u"expected three users");
    EXPECT_EQ(v.check(QStringLiteral("001 verify: three users"))->version, u"001");
    EXPECT_CHECK(v, "001 verify: false with a detail", "fail", "0");
    EXPECT_EQ(v.check(QStringLiteral("001 verify: false with a detail"))->detail, u"users: 3");
    EXPECT_CHECK(v, "001 verify: zero", "fail", "0");
    EXPECT_EQ(v.check(QStringLiteral("001 verify: zero"))->detail, u"the query returned 0");
    EXPECT_CHECK(v, "001 verify: null", "fail", "NULL");
    EXPECT_EQ(v.check(QStringLiteral("001 verify: null"))->detail, u"the query returned NULL");
    EXPECT_CHECK(v, "001 verify: no rows", "fail", "no row");
    EXPECT_CHECK(v, "001 verify: raises", "fail", "error");
    EXPECT_TRUE(v.check(QStringLiteral("001 verify: raises"))->detail.contains(u"no such column")) << v.text().toStdString();
    // A failing check stops nothing: the query after the error still ran, known by its text.
    EXPECT_CHECK(v, "001 verify: SELECT count(*) FROM users WHERE name <> ''", "pass", "3");
    EXPECT_CHECK(v, "integrity_check", "pass", "ok");
    EXPECT_CHECK(v, "foreign_key_check", "pass", "0 violation(s)");

    // Bracketed events, one CheckFinished per check, the summary counting them.
    ASSERT_GE(v.events.size(), 3);
    EXPECT_EQ(v.events.first().type, RunEvent::Type::RunStarted);
    EXPECT_EQ(v.events.first().action, u"verify");
    EXPECT_EQ(v.events.first().runId, v.result.runId);
    EXPECT_EQ(v.events.last().type, RunEvent::Type::RunFinished);
    EXPECT_EQ(v.events.last().status, u"failed");
    int pass = 0, fail = 0, notRun = 0, told = 0;
    for (const CheckResult &c : v.result.checks) {
        pass += c.status == u"pass";
        fail += c.status == u"fail";
        notRun += c.status == u"not run";
    }
    for (const RunEvent &e : v.events)
        if (e.type == RunEvent::Type::CheckFinished) {
            ++told;
            EXPECT_FALSE(e.at.isEmpty());
            EXPECT_EQ(e.runId, v.result.runId);
        }
    EXPECT_EQ(told, v.result.checks.size());
    EXPECT_EQ(fail, 5);
    EXPECT_EQ(v.events.last().message,
              QStringLiteral("%1 checks: %2 pass, %3 fail, %4 not run").arg(v.result.checks.size()).arg(pass).arg(fail).arg(notRun));
}

TEST_F(verify_sqlite, WithoutABaselineRowCountsAndDriftDoNotRunAndTheTargetPasses)
{
    folder.write("001_users.sql", usersUp);
    folder.write("001_users.verify.sql", "SELECT count(*) = 3 FROM users;\n");
    ASSERT_EQ(applyFolder(db, folder.path()).result.outcome, RunResult::Outcome::Succeeded);

    const Verified v = verify(db, folder.path());
    EXPECT_TRUE(v.result.passed()) << v.text().toStdString();
    EXPECT_CHECK(v, "row counts", "not run", "");
    EXPECT_CHECK(v, "drift", "not run", "");
    EXPECT_TRUE(v.check(QStringLiteral("row counts"))->detail.contains(u"no run recorded"));
    EXPECT_EQ(v.events.last().type, RunEvent::Type::RunFinished);
    EXPECT_EQ(v.events.last().status, u"succeeded");
}

TEST_F(verify_sqlite, ForeignKeyCheckAndIntegrityCheckFindWhatTheEngineWasToldToIgnore)
{
    folder.write("001_shop.sql",
                 "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);\n"
                 "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), qty INTEGER);\n"
                 "CREATE INDEX orders_qty ON orders (qty);\n"
                 "INSERT INTO customers VALUES (1, 'ann');\n"
                 "INSERT INTO orders VALUES (1, 1, 2);\n");
    ASSERT_EQ(applyFolder(db, folder.path()).result.outcome, RunResult::Outcome::Succeeded);
    execSql(db, QStringLiteral("PRAGMA foreign_keys = OFF; INSERT INTO orders VALUES (7, 42, 1), (8, 43, 1);"));
    {
        const Verified v = verify(db, folder.path());
        EXPECT_FALSE(v.result.passed());
        EXPECT_CHECK(v, "foreign_key_check", "fail", "2 violation(s)");
        EXPECT_EQ(v.check(QStringLiteral("foreign_key_check"))->detail, u"orders -> customers: 2 row(s) without a parent (rowid 7, 8)");
        EXPECT_CHECK(v, "integrity_check", "pass", "ok");
    }
    // An index whose entries no longer match its definition: what a hand edit of the schema
    // (or a damaged file) leaves behind.
    execSql(db, QStringLiteral("PRAGMA writable_schema = ON; "
                               "UPDATE sqlite_schema SET sql = 'CREATE INDEX orders_qty ON orders (customer_id)' WHERE name = 'orders_qty';"));
    const Verified v = verify(db, folder.path());
    EXPECT_CHECK(v, "integrity_check", "fail", "3 problem(s)");
    EXPECT_TRUE(v.check(QStringLiteral("integrity_check"))->detail.contains(u"missing from index orders_qty")) << v.text().toStdString();
    EXPECT_CHECK(v, "foreign_key_check", "fail", "2 violation(s)");
}

TEST_F(verify_sqlite, ADeleteThatLosesRowsFailsItsRowCountUnlessTheMigrationExpectsIt)
{
    folder.write("001_users.sql", usersUp + "CREATE TABLE audit (id INTEGER);\nINSERT INTO audit VALUES (1), (2);\n");
    ASSERT_EQ(applyFolder(db, folder.path()).result.outcome, RunResult::Outcome::Succeeded);
    folder.write("002_prune.sql", "DELETE FROM users WHERE id > 1;\nINSERT INTO audit VALUES (3);\n");
    const Applied run = applyFolder(db, folder.path());
    ASSERT_EQ(run.result.outcome, RunResult::Outcome::Succeeded) << run.text.toStdString();
    ASSERT_TRUE(run.baseline.before && run.baseline.after);
    ASSERT_EQ(run.baseline.versions, QStringList{QStringLiteral("002")});

    const Verified lost = verify(db, folder.path(), run.baseline);
    EXPECT_FALSE(lost.result.passed());
    EXPECT_CHECK(lost, "row count: users", "fail", "3 -> 1");
    EXPECT_TRUE(lost.check(QStringLiteral("row count: users"))->detail.contains(QStringLiteral("2 row(s) fewer than before run ") + run.baseline.runId))
        << lost.text().toStdString();
    EXPECT_CHECK(lost, "row count: audit", "pass", "2 -> 3");
    EXPECT_CHECK(lost, QString(QStringLiteral("drift since run ") + run.baseline.runId).toStdString().c_str(), "pass", "0 change(s)");

    // The same run, the loss declared in the middle of the script (any case, qualified or not).
    folder.write("002_prune.sql", "DELETE FROM users WHERE id > 1;\n-- migctl:expect-row-loss main.USERS\nINSERT INTO audit VALUES (3);\n");
    const Verified expected = verify(db, folder.path(), run.baseline);
    EXPECT_CHECK(expected, "row count: users", "pass", "3 -> 1");
    EXPECT_TRUE(expected.check(QStringLiteral("row count: users"))->detail.contains(u"002 prune declares")) << expected.text().toStdString();
    // Only a migration of the verified run can excuse a loss.
    VerifyBaseline otherRun = run.baseline;
    otherRun.versions = QStringList{QStringLiteral("001")};
    EXPECT_CHECK(verify(db, folder.path(), otherRun), "row count: users", "fail", "3 -> 1");
}

TEST_F(verify_sqlite, ATableDroppedByTheRunIsDataLoss)
{
    folder.write("001_users.sql", usersUp);
    ASSERT_EQ(applyFolder(db, folder.path()).result.outcome, RunResult::Outcome::Succeeded);
    folder.write("002_drop.sql", "DROP TABLE users;\n");
    const Applied run = applyFolder(db, folder.path());
    ASSERT_EQ(run.result.outcome, RunResult::Outcome::Succeeded) << run.text.toStdString();
    const Verified v = verify(db, folder.path(), run.baseline);
    EXPECT_CHECK(v, "row count: users", "fail", "3 -> gone");
    EXPECT_TRUE(v.check(QStringLiteral("row count: users"))->detail.contains(u"gone")) << v.text().toStdString();
}

TEST_F(verify_sqlite, ASchemaChangedByHandAfterTheRunIsDrift)
{
    folder.write("001_users.sql", usersUp);
    const Applied run = applyFolder(db, folder.path());
    ASSERT_EQ(run.result.outcome, RunResult::Outcome::Succeeded);
    const QString drift = QStringLiteral("drift since run ") + run.baseline.runId;
    EXPECT_CHECK(verify(db, folder.path(), run.baseline), drift.toStdString().c_str(), "pass", "0 change(s)");

    execSql(db, QStringLiteral("ALTER TABLE users ADD COLUMN nickname TEXT; CREATE INDEX users_name ON users (name);"));
    const Verified v = verify(db, folder.path(), run.baseline);
    EXPECT_FALSE(v.result.passed());
    EXPECT_CHECK(v, drift.toStdString().c_str(), "fail", "2 change(s)");
    const QString detail = v.check(drift)->detail;
    EXPECT_TRUE(detail.contains(u"users.nickname") && detail.contains(u"users_name")) << detail.toStdString();
    // The table was new in the run: no count before it to compare with.
    EXPECT_EQ(v.check(QStringLiteral("row count: users")), nullptr) << v.text().toStdString();
}

TEST_F(verify_sqlite, AMigrationAppliedWithDifferencesFailsSchemaAsDeclared)
{
    folder.write("001_users.sql", usersUp);
    folder.write("002_index.sql", "CREATE INDEX users_name ON users (name);\n");
    folder.write("002_index.verify.sql", "-- check: index exists\nSELECT count(*) = 1 FROM sqlite_schema WHERE name = 'users_name';\n");
    ASSERT_EQ(applyFolder(db, folder.path()).result.outcome, RunResult::Outcome::Succeeded);
    execSql(db, QStringLiteral("UPDATE migctl_history SET status = 'applied_differs', "
                               "error_message = 'line 1: index users_name is missing; line 1: index users_name is not unique' "
                               "WHERE version = '002'"));

    const Verified v = verify(db, folder.path());
    EXPECT_FALSE(v.result.passed());
    EXPECT_CHECK(v, "schema as declared: 002 index", "fail", "2 difference(s)");
    EXPECT_EQ(v.check(QStringLiteral("schema as declared: 002 index"))->detail,
              u"line 1: index users_name is missing; line 1: index users_name is not unique");
    EXPECT_EQ(v.check(QStringLiteral("schema as declared: 002 index"))->version, u"002");
    EXPECT_EQ(v.check(QStringLiteral("schema as declared: 001 users")), nullptr);
    // Its verify script still runs.
    EXPECT_CHECK(v, "002 verify: index exists", "pass", "1");
}

TEST_F(verify_sqlite, TheVerifierChangesNothing)
{
    folder.write("001_users.sql", usersUp);
    folder.write("001_users.verify.sql",
                 "-- check: sneaky insert\n"
                 "INSERT INTO users (id, name) VALUES (99, 'intruder') RETURNING 1;\n"
                 "COMMIT;\n"
                 "-- check: sneaky delete\n"
                 "DELETE FROM users RETURNING 1;\n"
                 "-- check: still three\n"
                 "SELECT count(*) = 3 FROM users;\n");
    ASSERT_EQ(applyFolder(db, folder.path()).result.outcome, RunResult::Outcome::Succeeded);
    const QByteArray before = fileBytes(db);

    const Verified v = verify(db, folder.path());
    EXPECT_CHECK(v, "001 verify: sneaky insert", "fail", "error");
    EXPECT_TRUE(v.check(QStringLiteral("001 verify: sneaky insert"))->detail.contains(u"readonly")) << v.text().toStdString();
    EXPECT_CHECK(v, "001 verify: sneaky delete", "fail", "error");
    EXPECT_CHECK(v, "001 verify: still three", "pass", "1");
    EXPECT_EQ(scalar(db, QStringLiteral("SELECT count(*) FROM users")).toInt(), 3);
    EXPECT_EQ(scalar(db, QStringLiteral("SELECT count(*) FROM users WHERE id = 99")).toInt(), 0);
    EXPECT_EQ(fileBytes(db), before);
}

TEST_F(verify_sqlite, AFolderWithErrorsIsAnErrorNotAVerdict)
{
    folder.write("001_users.sql", usersUp);
    folder.write("001_again.sql", "SELECT 1;\n");
    const Verified v = verify(db, folder.path());
    EXPECT_FALSE(v.result.passed());
    EXPECT_TRUE(v.result.error.contains(u"has errors")) << v.text().toStdString();
    EXPECT_TRUE(v.result.checks.isEmpty());
    ASSERT_FALSE(v.events.isEmpty());
    EXPECT_EQ(v.events.last().type, RunEvent::Type::RunFinished);
    EXPECT_EQ(v.events.last().status, u"failed");
    EXPECT_EQ(v.events.last().message, v.result.error);
}

} // namespace
