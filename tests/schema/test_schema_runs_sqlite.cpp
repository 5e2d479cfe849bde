// Preview, verified rollback, silent-failure detection and drift on SQLite targets, through the
// real migctl as a DBA runs it; the target is read back with sqlite3's own API.
#include "SqliteEngineSupport.h"

#include <QJsonArray>

using namespace sqlitetest;

namespace {

QJsonObject json(const MigctlRun &r)
{
    QJsonParseError e;
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8(), &e).object();
    EXPECT_EQ(e.error, QJsonParseError::NoError) << r.out.toStdString() << r.err.toStdString();
    return o;
}

QJsonObject migration(const QJsonObject &doc, const QString &version)
{
    for (const QJsonValue &v : doc.value(u"migrations").toArray())
        if (v.toObject().value(u"version").toString() == version)
            return v.toObject();
    ADD_FAILURE() << "no migration " << version.toStdString() << " in " << QJsonDocument(doc).toJson().toStdString();
    return {};
}

std::string text(const MigctlRun &r)
{
    return QStringLiteral("exit %1\n--- out\n%2--- err\n%3").arg(r.exitCode).arg(r.out, r.err).toStdString();
}

QStringList changeKeys(const QJsonObject &m)
{
    QStringList out;
    for (const QJsonValue &v : m.value(u"changes").toArray()) {
        const QJsonObject c = v.toObject();
        out << QStringLiteral("%1 %2 %3%4").arg(c.value(u"change").toString(), c.value(u"kind").toString(),
                                              c.value(u"table").toString().isEmpty() ? QString() : c.value(u"table").toString() + u'.',
                                              c.value(u"name").toString());
    }
    return out;
}

// A folder with a table, a batched data fix with rows to touch, and rollbacks of each kind.
void writeShop(const Workspace &w)
{
    w.write(QStringLiteral("001_customers.sql"),
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL, created TEXT);\n"
            "INSERT INTO customers (email, created) VALUES ('a@x', '2026-01-01T00:00:00.000Z'), ('b@x', '2026-01-02T00:00:00.000Z'),"
            " ('c@x', '2026-01-03T03:00:00.000Z');\n");
    w.write(QStringLiteral("001_customers.rollback.sql"), "DROP TABLE customers;\n");
    w.write(QStringLiteral("002_fix_created.sql"),
            "UPDATE customers SET created = replace(created, 'T00:00:00.000Z', 'T03:00:00.000Z') WHERE created LIKE '%T00:00:00.000Z';\n");
    w.write(QStringLiteral("003_add_phone.sql"), "ALTER TABLE customers ADD COLUMN phone TEXT;\nCREATE INDEX customers_email ON customers (email);\n");
    // Forgets the column: the rollback leaves it behind.
    w.write(QStringLiteral("003_add_phone.rollback.sql"), "DROP INDEX customers_email;\n");
}

} // namespace

TEST(SchemaRunsSqlite, PreviewShowsChangesRowsAndRollbackVerdictsWithoutTouchingTheTarget)
{
    Workspace w;
    writeShop(w);
    w.write(QStringLiteral("004_orders.sql"), "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER REFERENCES customers(id));\n");
    w.write(QStringLiteral("004_orders.rollback.sql"), "DROP TABLE no_such_table;\n");
    execSql(w.db(), QStringLiteral("CREATE TABLE existing (id INTEGER PRIMARY KEY)"));
    const QStringList before = schema(w.db());

    QStringList args = targetArgs(QStringLiteral("preview"), w.db(), w.dir());
    const MigctlRun r = migctl(args << QStringLiteral("--json"), w.store());
    ASSERT_EQ(r.exitCode, 0) << text(r);
    const QJsonObject doc = json(r);
    EXPECT_EQ(doc.value(u"method").toString(), u"rolled-back transaction on the target");

    const QJsonObject m1 = migration(doc, QStringLiteral("001"));
    EXPECT_TRUE(m1.value(u"ok").toBool());
    EXPECT_TRUE(changeKeys(m1).contains(QStringLiteral("added table customers"))) << changeKeys(m1).join(u'\n').toStdString();
    EXPECT_TRUE(changeKeys(m1).contains(QStringLiteral("added column customers.email")));
    ASSERT_EQ(m1.value(u"rows").toArray().size(), 1);
    EXPECT_EQ(m1.value(u"rows").toArray().at(0).toObject().value(u"rows").toInt(), 3);
    EXPECT_EQ(m1.value(u"rollback").toObject().value(u"verdict").toString(), u"rollback verified");

    const QJsonObject m2 = migration(doc, QStringLiteral("002"));
    EXPECT_TRUE(m2.value(u"changes").toArray().isEmpty());
    EXPECT_EQ(m2.value(u"rows").toArray().at(0).toObject().value(u"rows").toInt(), 2); // two buggy timestamps
    EXPECT_EQ(m2.value(u"rollback").toObject().value(u"verdict").toString(), u"no rollback");

    const QJsonObject m3 = migration(doc, QStringLiteral("003"));
    EXPECT_EQ(m3.value(u"rollback").toObject().value(u"verdict").toString(), u"rollback leaves differences");
    EXPECT_TRUE(m3.value(u"rollback").toObject().value(u"differences").toArray().toVariantList().contains(QStringLiteral("+ column customers.phone (nullable: yes; type: text)")))
        << QJsonDocument(m3).toJson().toStdString();

    const QJsonObject m4 = migration(doc, QStringLiteral("004"));
    EXPECT_EQ(m4.value(u"rollback").toObject().value(u"verdict").toString(), u"rollback fails");
    EXPECT_TRUE(m4.value(u"rollback").toObject().value(u"detail").toString().contains(QStringLiteral("004_orders.rollback.sql:1: no such table: no_such_table")))
        << m4.value(u"rollback").toObject().value(u"detail").toString().toStdString();

    // Nothing happened to the target: same objects, no history table, no rows.
    EXPECT_EQ(schema(w.db()), before);

    // Status shows the verdicts the preview stored.
    const MigctlRun st = migctl(targetArgs(QStringLiteral("status"), w.db(), w.dir()) << QStringLiteral("--json"), w.store());
    const QJsonObject status = json(st);
    EXPECT_EQ(migration(status, QStringLiteral("001")).value(u"rollback").toObject().value(u"verdict").toString(), u"rollback verified");
    EXPECT_EQ(migration(status, QStringLiteral("003")).value(u"rollback").toObject().value(u"verdict").toString(), u"rollback leaves differences");
    EXPECT_EQ(migration(status, QStringLiteral("004")).value(u"rollback").toObject().value(u"verdict").toString(), u"rollback fails");
    const MigctlRun plain = migctl(targetArgs(QStringLiteral("status"), w.db(), w.dir()), w.store());
    EXPECT_TRUE(plain.out.contains(QStringLiteral("rollback leaves differences"))) << text(plain);

    // A changed down script is no longer verified.
    w.write(QStringLiteral("001_customers.rollback.sql"), "DROP TABLE customers; -- changed\n");
    const QJsonObject after = json(migctl(targetArgs(QStringLiteral("status"), w.db(), w.dir()) << QStringLiteral("--json"), w.store()));
    EXPECT_EQ(migration(after, QStringLiteral("001")).value(u"rollback").toObject().value(u"verdict").toString(), u"rollback not verified");
}

TEST(SchemaRunsSqlite, PreviewOnACopyWhenAScriptCannotRunInATransaction)
{
    Workspace w;
    writeShop(w);
    w.write(QStringLiteral("004_vacuum.sql"), "VACUUM;\n");
    const MigctlRun r = migctl(targetArgs(QStringLiteral("preview"), w.db(), w.dir()) << QStringLiteral("--json"), w.store());
    ASSERT_EQ(r.exitCode, 0) << text(r);
    const QJsonObject doc = json(r);
    EXPECT_TRUE(doc.value(u"method").toString().startsWith(QStringLiteral("scratch copy of the target file"))) << text(r);
    EXPECT_TRUE(doc.value(u"methodReason").toString().contains(QStringLiteral("004_vacuum.sql:1"))) << text(r);
    // The copy has rows: the data fix is still measured.
    EXPECT_EQ(migration(doc, QStringLiteral("002")).value(u"rows").toArray().at(0).toObject().value(u"rows").toInt(), 2);
    EXPECT_TRUE(migration(doc, QStringLiteral("002")).value(u"rowsMeasured").toBool());
    EXPECT_EQ(migration(doc, QStringLiteral("001")).value(u"rollback").toObject().value(u"verdict").toString(), u"rollback verified");
    EXPECT_EQ(migration(doc, QStringLiteral("003")).value(u"rollback").toObject().value(u"verdict").toString(), u"rollback leaves differences");
    EXPECT_FALSE(hasTable(w.db(), QStringLiteral("customers")));
}

// The seed's silent failure: an index "created" with IF NOT EXISTS that already existed on other
// columns. The run must not call that a success.
TEST(SchemaRunsSqlite, AnIfNotExistsThatMetAnotherDefinitionIsAppliedWithDifferences)
{
    Workspace w;
    w.write(QStringLiteral("001_reports.sql"), "CREATE TABLE reports (id INTEGER PRIMARY KEY, student INTEGER, week INTEGER);\n");
    w.write(QStringLiteral("002_index.sql"), "CREATE INDEX IF NOT EXISTS reports_student_week ON reports (student, week);\n");
    w.write(QStringLiteral("003_more.sql"), "CREATE TABLE later (id INTEGER PRIMARY KEY);\n");
    ASSERT_EQ(migctl(targetArgs(QStringLiteral("apply"), w.db(), w.dir()) << QStringLiteral("--to") << QStringLiteral("001"), w.store()).exitCode, 0);
    // Someone made an index of that name by hand, on another column.
    execSql(w.db(), QStringLiteral("CREATE INDEX reports_student_week ON reports (week)"));

    // The preview already sees it.
    const MigctlRun preview = migctl(targetArgs(QStringLiteral("preview"), w.db(), w.dir()) << QStringLiteral("--json"), w.store());
    const QJsonArray findings = migration(json(preview), QStringLiteral("002")).value(u"declarationFindings").toArray();
    ASSERT_EQ(findings.size(), 1) << text(preview);
    EXPECT_TRUE(findings.at(0).toString().contains(QStringLiteral("reports_student_week"))) << findings.at(0).toString().toStdString();

    const MigctlRun apply = migctl(targetArgs(QStringLiteral("apply"), w.db(), w.dir()), w.store());
    EXPECT_EQ(apply.exitCode, 1) << text(apply);
    EXPECT_TRUE(apply.err.contains(QStringLiteral("002 index applied WITH DIFFERENCES"))) << text(apply);
    EXPECT_TRUE(apply.out.contains(QStringLiteral("FAIL 002 schema as declared"))) << text(apply);
    // It stopped there: 003 did not run.
    EXPECT_FALSE(hasTable(w.db(), QStringLiteral("later")));
    const QList<Row> h = history(w.db());
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h.at(1).value(QStringLiteral("status")).toString(), u"applied_differs");
    EXPECT_TRUE(h.at(1).value(QStringLiteral("error_message")).toString().contains(QStringLiteral("reports_student_week"))) << text(apply);

    const QJsonObject status = json(migctl(targetArgs(QStringLiteral("status"), w.db(), w.dir()) << QStringLiteral("--json"), w.store()));
    EXPECT_EQ(migration(status, QStringLiteral("002")).value(u"state").toString(), u"applied-with-differences");
    const MigctlRun verify = migctl(targetArgs(QStringLiteral("verify"), w.db(), w.dir()), w.store());
    EXPECT_EQ(verify.exitCode, 1) << text(verify);
    EXPECT_TRUE(verify.out.contains(QStringLiteral("FAIL"))) << text(verify);
}

TEST(SchemaRunsSqlite, ARunIsHeldToItsPreviewAndRecordsWhatItChanged)
{
    Workspace w;
    writeShop(w);
    ASSERT_EQ(migctl(targetArgs(QStringLiteral("preview"), w.db(), w.dir()), w.store()).exitCode, 0);
    const MigctlRun apply = migctl(targetArgs(QStringLiteral("apply"), w.db(), w.dir()) << QStringLiteral("--json"), w.store());
    ASSERT_EQ(apply.exitCode, 0) << text(apply);
    int checks = 0, changes = 0, snapshots = 0;
    for (const QString &line : apply.out.split(u'\n', Qt::SkipEmptyParts)) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        const QString type = e.value(u"event").toString();
        if (type == u"check-finished") {
            ++checks;
            EXPECT_EQ(e.value(u"status").toString(), u"pass") << line.toStdString();
            EXPECT_TRUE(e.value(u"measured").toString().contains(QStringLiteral("compared with the preview"))) << line.toStdString();
        }
        changes += type == u"schema-changed";
        snapshots += type == u"snapshot-taken";
    }
    EXPECT_EQ(checks, 3);
    EXPECT_EQ(changes, 3);
    EXPECT_EQ(snapshots, 5); // before the run, after each migration, after the run

    // The stored snapshots export as JSON.
    const MigctlRun live = migctl({QStringLiteral("snapshot"), QStringLiteral("--target"), QStringLiteral("sqlite:") + w.db()}, w.store());
    ASSERT_EQ(live.exitCode, 0) << text(live);
    const QJsonObject snap = json(live);
    EXPECT_EQ(snap.value(u"format").toString(), u"migration-console/schema-snapshot");
    EXPECT_EQ(snap.value(u"counts").toObject().value(u"tables").toInt(), 1);
    EXPECT_EQ(snap.value(u"counts").toObject().value(u"rows").toInt(), 3);
    EXPECT_EQ(snap.value(u"counts").toObject().value(u"indexes").toInt(), 1);
}

TEST(SchemaRunsSqlite, DriftMadeByHandIsReported)
{
    Workspace w;
    writeShop(w);
    const QStringList drift{QStringLiteral("drift"), QStringLiteral("--target"), QStringLiteral("sqlite:") + w.db()};
    const MigctlRun none = migctl(drift, w.store());
    EXPECT_EQ(none.exitCode, 4) << text(none); // no run recorded: nothing to compare with
    ASSERT_EQ(migctl(targetArgs(QStringLiteral("apply"), w.db(), w.dir()), w.store()).exitCode, 0);
    const MigctlRun clean = migctl(drift, w.store());
    EXPECT_EQ(clean.exitCode, 0) << text(clean);
    EXPECT_TRUE(clean.out.startsWith(QStringLiteral("No drift"))) << text(clean);

    execSql(w.db(), QStringLiteral("ALTER TABLE customers ADD COLUMN hotfix INTEGER; DROP INDEX customers_email;"));
    const MigctlRun found = migctl(drift, w.store());
    EXPECT_EQ(found.exitCode, 1) << text(found);
    EXPECT_TRUE(found.out.contains(QStringLiteral("+ column customers.hotfix"))) << text(found);
    EXPECT_TRUE(found.out.contains(QStringLiteral("- index customers.customers_email"))) << text(found);
    const MigctlRun status = migctl(targetArgs(QStringLiteral("status"), w.db(), w.dir()), w.store());
    EXPECT_TRUE(status.out.contains(QStringLiteral("DRIFT: 2 change(s) since run"))) << text(status);
}
