// What a statement demands of the transaction around it, judged from its leading words: the
// decision between "one transaction" and "tracked statement by statement".
#include "sql/StatementTraits.h"

#include <gtest/gtest.h>

using mig::Dialect;
using mig::statementTraits;

namespace {

bool outside(const char *sql, Dialect d, int version = 0)
{
    return statementTraits(QString::fromUtf8(sql), d, version).outsideTransaction;
}

bool control(const char *sql, Dialect d)
{
    return statementTraits(QString::fromUtf8(sql), d).transactionControl;
}

} // namespace

TEST(StatementTraits, SqliteStatementsThatCannotRunInATransaction)
{
    EXPECT_TRUE(outside("VACUUM", Dialect::Sqlite));
    EXPECT_TRUE(outside("vacuum main", Dialect::Sqlite));
    EXPECT_TRUE(outside("ATTACH DATABASE 'x.db' AS x", Dialect::Sqlite));
    EXPECT_TRUE(outside("DETACH x", Dialect::Sqlite));
    // Ignored inside a transaction: running them there would silently do nothing.
    EXPECT_TRUE(outside("PRAGMA foreign_keys = OFF", Dialect::Sqlite));
    EXPECT_TRUE(outside("pragma journal_mode=WAL", Dialect::Sqlite));
    EXPECT_FALSE(outside("PRAGMA user_version = 3", Dialect::Sqlite));
    EXPECT_FALSE(outside("CREATE TABLE t (x)", Dialect::Sqlite));
    EXPECT_FALSE(outside("INSERT INTO t VALUES (1)", Dialect::Sqlite));

    const mig::StatementTraits t = statementTraits(QStringLiteral("VACUUM"), Dialect::Sqlite);
    EXPECT_FALSE(t.transactionControl);
    EXPECT_EQ(t.reason, QStringLiteral("VACUUM cannot run inside a transaction"));
    EXPECT_EQ(statementTraits(QStringLiteral("PRAGMA foreign_keys=off"), Dialect::Sqlite).reason,
              QStringLiteral("PRAGMA foreign_keys cannot run inside a transaction"));
}

TEST(StatementTraits, SqliteTransactionControl)
{
    EXPECT_TRUE(control("BEGIN", Dialect::Sqlite));
    EXPECT_TRUE(control("BEGIN IMMEDIATE TRANSACTION", Dialect::Sqlite));
    EXPECT_TRUE(control("COMMIT", Dialect::Sqlite));
    EXPECT_TRUE(control("END TRANSACTION", Dialect::Sqlite));
    EXPECT_TRUE(control("ROLLBACK", Dialect::Sqlite));
    // A savepoint rollback stays inside the transaction.
    EXPECT_FALSE(control("ROLLBACK TO SAVEPOINT s1", Dialect::Sqlite));
    EXPECT_FALSE(control("SAVEPOINT s1", Dialect::Sqlite));
    const mig::StatementTraits t = statementTraits(QStringLiteral("commit"), Dialect::Sqlite);
    EXPECT_FALSE(t.outsideTransaction);
    EXPECT_EQ(t.reason, QStringLiteral("the script manages its own transactions (COMMIT)"));
}

TEST(StatementTraits, CommentsAndQuotedNamesAreNotKeywords)
{
    EXPECT_TRUE(outside("-- clean up\n/* the whole file */ VACUUM", Dialect::Sqlite));
    EXPECT_FALSE(outside("-- VACUUM later\nCREATE TABLE t (x)", Dialect::Sqlite));
    EXPECT_FALSE(outside("/* VACUUM */ SELECT 1", Dialect::Sqlite));
    // A table called "vacuum", a string 'BEGIN': one opaque word each.
    EXPECT_FALSE(outside("\"vacuum\"", Dialect::Sqlite));
    EXPECT_FALSE(control("'BEGIN'", Dialect::Sqlite));
    EXPECT_FALSE(outside("CREATE TABLE \"vacuum\" (x)", Dialect::Sqlite));
    EXPECT_FALSE(outside("", Dialect::Sqlite));
    EXPECT_FALSE(control("   -- only a comment", Dialect::Sqlite));
    // MySQL's # comment.
    EXPECT_TRUE(control("# start\nSTART TRANSACTION", Dialect::Mysql));
}

TEST(StatementTraits, PostgresStatementsThatCannotRunInATransaction)
{
    EXPECT_TRUE(outside("VACUUM ANALYZE t", Dialect::Postgres));
    EXPECT_TRUE(outside("CREATE INDEX CONCURRENTLY i ON t (x)", Dialect::Postgres));
    EXPECT_TRUE(outside("create unique index concurrently if not exists i on t (x)", Dialect::Postgres));
    EXPECT_TRUE(outside("DROP INDEX CONCURRENTLY i", Dialect::Postgres));
    EXPECT_TRUE(outside("REINDEX INDEX CONCURRENTLY i", Dialect::Postgres));
    EXPECT_TRUE(outside("REINDEX DATABASE app", Dialect::Postgres));
    EXPECT_TRUE(outside("REINDEX SYSTEM app", Dialect::Postgres));
    EXPECT_FALSE(outside("REINDEX TABLE t", Dialect::Postgres));
    EXPECT_TRUE(outside("CREATE DATABASE app", Dialect::Postgres));
    EXPECT_TRUE(outside("DROP TABLESPACE fast", Dialect::Postgres));
    EXPECT_TRUE(outside("ALTER SYSTEM SET work_mem = '64MB'", Dialect::Postgres));
    EXPECT_TRUE(outside("CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p", Dialect::Postgres));
    EXPECT_TRUE(outside("ALTER TABLE m DETACH PARTITION m_2020 CONCURRENTLY", Dialect::Postgres));
    EXPECT_FALSE(outside("ALTER TABLE m DETACH PARTITION m_2020", Dialect::Postgres));
    EXPECT_FALSE(outside("CREATE INDEX i ON t (x)", Dialect::Postgres));
    EXPECT_FALSE(outside("DROP INDEX i", Dialect::Postgres));
    EXPECT_EQ(statementTraits(QStringLiteral("CREATE INDEX CONCURRENTLY i ON t (x)"), Dialect::Postgres).reason,
              QStringLiteral("CREATE INDEX CONCURRENTLY cannot run inside a transaction"));
    // SQLite's and MySQL's rules are their own: no CONCURRENTLY there.
    EXPECT_FALSE(outside("CREATE INDEX CONCURRENTLY i ON t (x)", Dialect::Mysql));
    EXPECT_FALSE(outside("VACUUM", Dialect::Mysql));
}

TEST(StatementTraits, PostgresIndexOnAColumnNamedConcurrently)
{
    // CONCURRENTLY is a keyword only right after INDEX; a column or index name that happens to
    // be "concurrently" is an ordinary, transactional CREATE INDEX.
    EXPECT_FALSE(outside("CREATE INDEX i ON t (concurrently)", Dialect::Postgres));
    EXPECT_FALSE(outside("CREATE UNIQUE INDEX i ON t USING btree (a, concurrently)", Dialect::Postgres));
    EXPECT_TRUE(outside("CREATE INDEX CONCURRENTLY ON t (concurrently)", Dialect::Postgres));
}

TEST(StatementTraits, PostgresAlterTypeAddValueDependsOnTheServer)
{
    const char *sql = "ALTER TYPE mood ADD VALUE 'meh'";
    EXPECT_TRUE(outside(sql, Dialect::Postgres, 110005));
    EXPECT_FALSE(outside(sql, Dialect::Postgres, 120000));
    EXPECT_FALSE(outside(sql, Dialect::Postgres, 150008));
    EXPECT_FALSE(outside(sql, Dialect::Postgres, 0)); // unknown server: assume a current one
}

TEST(StatementTraits, PostgresTransactionControl)
{
    for (const char *sql : {"BEGIN", "COMMIT", "END", "ABORT", "START TRANSACTION ISOLATION LEVEL SERIALIZABLE", "ROLLBACK",
                            "COMMIT PREPARED 'x'"})
        EXPECT_TRUE(control(sql, Dialect::Postgres)) << sql;
    EXPECT_FALSE(control("ROLLBACK TO SAVEPOINT a", Dialect::Postgres));
    EXPECT_FALSE(control("SAVEPOINT a", Dialect::Postgres));
    // A function body that says BEGIN is inside a quoted body, not a leading word.
    EXPECT_FALSE(control("CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql", Dialect::Postgres));
}

TEST(StatementTraits, MysqlTransactionControl)
{
    EXPECT_TRUE(control("BEGIN", Dialect::Mysql));
    EXPECT_TRUE(control("START TRANSACTION", Dialect::Mysql));
    EXPECT_TRUE(control("COMMIT", Dialect::Mysql));
    EXPECT_TRUE(control("ROLLBACK", Dialect::Mysql));
    EXPECT_TRUE(control("SET autocommit = 0", Dialect::Mysql));
    EXPECT_FALSE(control("ROLLBACK TO SAVEPOINT a", Dialect::Mysql));
    // MariaDB's compound statement is not a transaction.
    EXPECT_FALSE(control("BEGIN NOT ATOMIC SELECT 1; END", Dialect::Mysql));
    EXPECT_FALSE(control("SET NAMES utf8mb4", Dialect::Mysql));
    EXPECT_FALSE(outside("ALTER TABLE t ADD COLUMN x INT", Dialect::Mysql));
}
