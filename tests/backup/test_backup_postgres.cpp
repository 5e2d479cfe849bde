// Backups of PostgreSQL targets through the real migctl against the fixture's server: pg_dump -Fc
// into a private file, row counts of every schema's tables, the restore test in a scratch
// database, a truncated backup caught, the confirmed restore over a changed database, and the
// failures that must leave nothing behind: a full disk (file-size limit) and a killed pg_dump.
#include "BackupSupport.h"

#include <QStandardPaths>

using namespace backuptest;

namespace {

// Given as MIGCTL_PASSWORD (the fixture trusts local connections, so it reaches PGPASSWORD and
// is ignored by the server): it must not show up anywhere migctl writes.
const QString Secret = QStringLiteral("pg-secret-9c1e7");

class BackupPostgres : public BackupServerTest
{
protected:
    realworld::ScratchServer server() const override
    {
        return {QStringLiteral("QPSQL"), "MIG_TEST_PG_PORT", QStringLiteral("postgres"), QStringLiteral("postgres"), QString(),
                QStringLiteral("postgres"), QStringLiteral(" WITH (FORCE)"), QString(), QStringLiteral("SET client_min_messages = warning")};
    }

    void SetUp() override
    {
        BackupServerTest::SetUp();
        m_how.password = Secret;
    }

    // public.users (560), sales.orders (30, in a second schema), an empty table with a name that
    // needs quoting, a view and a function.
    void makeShop()
    {
        sql({QStringLiteral("CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL)"),
             QStringLiteral("INSERT INTO users (name) SELECT 'user ' || g FROM generate_series(1, 560) g"),
             QStringLiteral("CREATE SCHEMA sales"),
             QStringLiteral("CREATE TABLE sales.orders (id int PRIMARY KEY, user_id int REFERENCES users, total numeric(10,2))"),
             QStringLiteral("INSERT INTO sales.orders SELECT g, g, g * 1.5 FROM generate_series(1, 30) g"),
             QStringLiteral("CREATE TABLE \"Audit Log\" (at timestamptz)"),
             QStringLiteral("CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE total > 10"),
             QStringLiteral("CREATE FUNCTION sales.order_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM sales.orders'")});
    }

    // Scratch databases a restore test left on the server.
    QStringList scratchLeft() { return column(QStringLiteral("SELECT datname FROM pg_database WHERE starts_with(datname, '%1_restoretest')").arg(m_database)); }
};

TEST_F(BackupPostgres, BackupCountsEverySchemaInTheDumpsSnapshotAndPassesItsRestoreTest)
{
    makeShop();
    const Migctl r = backup({QStringLiteral("--test")});
    const QJsonObject b = expectOneTestedBackup(
        r, folder(), m_how, QStringLiteral("postgres"),
        {{QStringLiteral("public.Audit Log"), 0}, {QStringLiteral("public.users"), 560}, {QStringLiteral("sales.orders"), 30}});
    const QString file = b[u"path"].toString();
    EXPECT_TRUE(QFileInfo(file).fileName().startsWith(m_database + QStringLiteral("-b"))) << s(file);
    EXPECT_TRUE(file.endsWith(u".dump")) << s(file);
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    EXPECT_TRUE(bytes.startsWith("PGDMP")) << "not pg_dump's custom format";
    EXPECT_TRUE(b[u"tool"].toString().startsWith(u"pg_dump (PostgreSQL) ")) << s(b[u"tool"].toString());
    EXPECT_TRUE(b[u"serverVersion"].toString().startsWith(u"PostgreSQL ")) << s(b[u"serverVersion"].toString());
    EXPECT_EQ(b[u"target"].toString(), QStringLiteral("postgres://127.0.0.1:%1/%2").arg(m_port).arg(m_database)) << "no user in the catalog";
    EXPECT_TRUE(b[u"detail"].toString().contains(u"snapshot")) << s(b[u"detail"].toString());
    EXPECT_EQ(scratchLeft(), QStringList()) << "the restore test's scratch database was not dropped";
    EXPECT_GT(progressEvents(m_how.store, QStringLiteral("tables")), 0);
    EXPECT_TRUE(r.err.contains(u"backup: dumping table sales.orders")) << r.text();

    // No password anywhere: output, run store (catalog included), the file.
    EXPECT_FALSE(r.all().contains(Secret)) << r.text();
    EXPECT_FALSE(storeBytes(m_how.store).contains(Secret.toUtf8()));
    EXPECT_FALSE(QJsonDocument(catalog(m_how)).toJson().contains(Secret.toUtf8()));
    EXPECT_FALSE(bytes.contains(Secret.toUtf8()));

    const Migctl list = runMigctl({QStringLiteral("backups"), QStringLiteral("--target"), m_target}, m_how);
    EXPECT_TRUE(list.out.contains(b[u"id"].toString())) << list.text();
    EXPECT_TRUE(list.out.contains(u"pg_dump 1")) << list.text(); // the tool, shortened: "pg_dump 15.8"
}

TEST_F(BackupPostgres, RestoreTestCatchesATruncatedBackup)
{
    makeShop();
    ASSERT_EQ(backup().exitCode, 0);
    const QString id = catalog(m_how).first()[u"id"].toString();
    const Migctl noServer = runMigctl({QStringLiteral("restore"), id, QStringLiteral("--test")}, m_how);
    EXPECT_EQ(noServer.exitCode, 2) << noServer.text();
    EXPECT_TRUE(noServer.err.contains(u"--target")) << noServer.text();
    expectTruncationCaught(m_how, catalog(m_how).first()[u"size"].toInteger() - 100, {QStringLiteral("--target"), m_target});
    EXPECT_EQ(scratchLeft(), QStringList());
}

TEST_F(BackupPostgres, RestoreOverTheTargetNeedsConfirmationThenBringsBackTheBackupsRows)
{
    makeShop();
    ASSERT_EQ(backup().exitCode, 0);
    const QString id = catalog(m_how).first()[u"id"].toString();
    sql({QStringLiteral("DELETE FROM sales.orders WHERE id > 10"), QStringLiteral("UPDATE users SET name = 'changed'"),
         QStringLiteral("INSERT INTO users (name) VALUES ('new')"), QStringLiteral("DROP VIEW sales.big_orders"),
         QStringLiteral("CREATE TABLE later (x int)")});

    const Migctl refused = runMigctl({QStringLiteral("restore"), id, QStringLiteral("--into"), m_target}, m_how);
    EXPECT_EQ(refused.exitCode, 4) << refused.text();
    EXPECT_TRUE(refused.err.contains(u"--yes")) << refused.text();
    EXPECT_TRUE(refused.out.contains(u"sales.orders: 10 row(s) -> replaced by the backup's")) << refused.text();
    EXPECT_TRUE(refused.out.contains(u"public.later: 0 row(s) -> not in the backup, left as it is")) << refused.text();
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM sales.orders")), QStringLiteral("10")) << "a refused restore changed the database";
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM users WHERE name = 'changed'")), QStringLiteral("560"));

    const Migctl r = runMigctl({QStringLiteral("restore"), id, QStringLiteral("--into"), m_target, QStringLiteral("--yes")}, m_how);
    ASSERT_EQ(r.exitCode, 0) << r.text();
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM sales.orders")), QStringLiteral("30"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM users")), QStringLiteral("560"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM users WHERE name = 'changed'")), QStringLiteral("0"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM sales.big_orders")), QStringLiteral("24"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT sales.order_count()")), QStringLiteral("30"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT to_regclass('public.later') IS NOT NULL")), QStringLiteral("true"));
    EXPECT_TRUE(r.err.contains(u"public.later (0 rows) is not in the backup: left as it was")) << r.text();
    EXPECT_TRUE(r.out.contains(u"PASS row count [30 rows (catalog 30)]: sales.orders")) << r.text();
    EXPECT_EQ(runs(m_how.store).last(), QStringLiteral("restore|succeeded"));
    EXPECT_FALSE(r.all().contains(Secret));
}

TEST_F(BackupPostgres, BackupOverAFileSizeLimitLeavesNoFileAndNoCatalogRow)
{
    // md5 text compresses about two to one: some 3 MB of pg_dump output.
    sql({QStringLiteral("CREATE TABLE big AS SELECT g AS id, md5(g::text) AS a, md5((g * 7)::text) AS b FROM generate_series(1, 100000) g")});
    Launch limited = m_how;
    limited.fileSizeLimit = 1000000;
    expectNothingKept(backup({}, &limited), folder(), m_how, QStringLiteral(".partial: File too large (disk full?)"));
}

TEST_F(BackupPostgres, KilledPgDumpLeavesNoFileAndNoCatalogRow)
{
    sql({QStringLiteral("CREATE TABLE big AS SELECT g AS id, md5(g::text) AS a FROM generate_series(1, 20000) g")});
    // A pg_dump that passes 2000 bytes of the real one's output, then is killed (SIGKILL).
    const QString real = QStandardPaths::findExecutable(QStringLiteral("pg_dump"));
    ASSERT_FALSE(real.isEmpty());
    const QString shims = m_store.filePath(QStringLiteral("shims"));
    ASSERT_TRUE(QDir().mkpath(shims));
    QFile shim(shims + QStringLiteral("/pg_dump"));
    ASSERT_TRUE(shim.open(QIODevice::WriteOnly));
    shim.write(QStringLiteral("#!/bin/sh\ncase \"$1\" in --version) exec %1 \"$@\";; esac\n%1 \"$@\" | head -c 2000\nkill -9 $$\n").arg(real).toUtf8());
    shim.close();
    ASSERT_TRUE(shim.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));

    Launch shimmed = m_how;
    shimmed.pathFirst = shims;
    expectNothingKept(backup({}, &shimmed), folder(), m_how, QStringLiteral("pg_dump was killed by signal 9"));
}

} // namespace
