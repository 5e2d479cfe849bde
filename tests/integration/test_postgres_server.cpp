// The PostgreSQL splitter against the real server: every statement it cuts from real-world
// folders must be a statement PostgreSQL 15 accepts, and the down scripts must undo the ups.
#include "ServerConnection.h"
#include "TempFolder.h"
#include "plan/FolderPlan.h"

#include <QSqlQuery>
#include <gtest/gtest.h>

using namespace mig;

namespace {

class PostgresServer : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QString error;
        db = openServer(QStringLiteral("QPSQL"), "MIG_TEST_PG_PORT", QStringLiteral("postgres"), QString(), &error);
        ASSERT_TRUE(db.isOpen()) << "cannot reach the test PostgreSQL server: " << error.toStdString();
    }
    void TearDown() override
    {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("QPSQL-test"));
    }

    int scalar(const QString &sql)
    {
        QSqlQuery q(db);
        EXPECT_TRUE(q.exec(sql) && q.next()) << sql.toStdString();
        return q.value(0).toInt();
    }

    // Applies a folder's migrations in a schema of their own, then rolls them back in reverse.
    void applyAndRollBack(const QString &folder, bool expectEmptyAfterRollback)
    {
        const QString schema = QStringLiteral("t_") + QString(folder).replace(u'-', u'_').section(u'/', -1);
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(schema)));
        ASSERT_TRUE(q.exec(QStringLiteral("CREATE SCHEMA %1").arg(schema)));
        ASSERT_TRUE(q.exec(QStringLiteral("SET search_path TO %1").arg(schema)));

        const FolderPlan plan = planFolder(testData(folder), Dialect::Postgres);
        ASSERT_FALSE(plan.hasErrors());
        ASSERT_FALSE(plan.migrations.isEmpty());
        for (const PlannedMigration &p : plan.migrations) {
            int ran = 0;
            const QString failure = runScript(db, p.migration.up, Dialect::Postgres, &ran);
            EXPECT_TRUE(failure.isEmpty()) << p.migration.file.toStdString() << ": " << failure.toStdString();
            EXPECT_EQ(ran, p.statements) << p.migration.file.toStdString();
        }
        EXPECT_GT(scalar(QStringLiteral("SELECT count(*) FROM information_schema.tables WHERE table_schema = '%1'").arg(schema)), 0);
        for (auto it = plan.migrations.crbegin(); it != plan.migrations.crend(); ++it) {
            if (it->migration.down.isNull())
                continue;
            const QString failure = runScript(db, it->migration.down, Dialect::Postgres);
            EXPECT_TRUE(failure.isEmpty()) << it->migration.file.toStdString() << " (down): " << failure.toStdString();
        }
        if (expectEmptyAfterRollback) {
            EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM information_schema.tables WHERE table_schema = '%1'").arg(schema)), 0);
        }
        ASSERT_TRUE(q.exec(QStringLiteral("SET search_path TO public")));
        ASSERT_TRUE(q.exec(QStringLiteral("DROP SCHEMA %1 CASCADE").arg(schema)));
    }

    QSqlDatabase db;
};

} // namespace

TEST_F(PostgresServer, IsTheServerTheTestsExpect)
{
    EXPECT_GE(scalar(QStringLiteral("SELECT current_setting('server_version_num')::int")), 150000);
}

TEST_F(PostgresServer, GooseFolderAppliesAndRollsBack)
{
    applyAndRollBack(QStringLiteral("layouts/goose"), true);
}

TEST_F(PostgresServer, SqlMigrateFolderAppliesAndRollsBack)
{
    applyAndRollBack(QStringLiteral("layouts/sql-migrate"), true);
}

TEST_F(PostgresServer, DbmateFolderAppliesAndRollsBack)
{
    applyAndRollBack(QStringLiteral("layouts/dbmate"), true);
}

TEST_F(PostgresServer, GolangMigrateFolderAppliesAndRollsBack)
{
    applyAndRollBack(QStringLiteral("layouts/golang-migrate"), true);
}

TEST_F(PostgresServer, FlywayFolderApplies)
{
    applyAndRollBack(QStringLiteral("layouts/flyway"), false); // most Flyway scripts have no undo
}

TEST_F(PostgresServer, DollarQuotesAtomicBodiesAndCommentsAsTheServerReadsThem)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_functions.sql"),
              "CREATE TABLE t (id int, note text);\n"
              "/* a /* nested */ comment; */\n"
              "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $a$\n"
              "BEGIN\n"
              "  RETURN $b$semi;colon$b$ || E'\\';';\n"
              "END;\n"
              "$a$;\n"
              "CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql\n"
              "BEGIN ATOMIC\n"
              "  SELECT CASE WHEN x > 0 THEN x ELSE 0 END;\n"
              "END;\n"
              "INSERT INTO t VALUES (g(2), f());\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    ASSERT_EQ(r.migrations.size(), 1);
    QSqlQuery q(db);
    ASSERT_TRUE(q.exec(QStringLiteral("DROP SCHEMA IF EXISTS t_quotes CASCADE")));
    ASSERT_TRUE(q.exec(QStringLiteral("CREATE SCHEMA t_quotes")));
    ASSERT_TRUE(q.exec(QStringLiteral("SET search_path TO t_quotes")));
    int ran = 0;
    const QString failure = runScript(db, r.migrations[0].up, Dialect::Postgres, &ran);
    EXPECT_TRUE(failure.isEmpty()) << failure.toStdString();
    EXPECT_EQ(ran, 4);
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT id, note FROM t")) && q.next());
    EXPECT_EQ(q.value(0).toInt(), 2);
    EXPECT_EQ(q.value(1).toString(), QStringLiteral("semi;colon';"));
    ASSERT_TRUE(q.exec(QStringLiteral("SET search_path TO public")));
    ASSERT_TRUE(q.exec(QStringLiteral("DROP SCHEMA t_quotes CASCADE")));
}
