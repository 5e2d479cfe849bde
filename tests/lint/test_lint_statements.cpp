// The pure pieces of lint: what a statement does as each dialect's reader sees it (quoted names,
// schema-qualified names, multi-clause ALTER TABLE), what a type change means for stored values,
// and the rule catalogue.
#include "lint/ColumnTypes.h"
#include "lint/Lint.h"
#include "lint/StatementActions.h"

#include <QRegularExpression>
#include <QSet>

#include <gtest/gtest.h>

// Readable QStrings in GoogleTest's messages (QStringList prints through it too).
inline void PrintTo(const QString &text, std::ostream *os)
{
    *os << '"' << text.toStdString() << '"';
}

using mig::Dialect;
using mig::lint::detail::Action;
using mig::lint::detail::actionsOf;
using mig::lint::detail::StatementActions;
using Kind = Action::Kind;

namespace {

StatementActions read(Dialect d, const char *sql)
{
    mig::Statement st;
    st.sql = QString::fromUtf8(sql);
    st.firstLine = 1;
    return actionsOf(d, st);
}

QList<Kind> kinds(const StatementActions &a)
{
    QList<Kind> out;
    for (const Action &x : a.actions)
        out << x.kind;
    return out;
}

TEST(LintStatements, PostgresMultiClauseAlterWithQuotedQualifiedNames)
{
    const StatementActions a = read(Dialect::Postgres,
                                    "ALTER TABLE \"Sales\".\"Orders\" ALTER COLUMN \"Note\" SET NOT NULL, ALTER COLUMN label TYPE varchar(20) "
                                    "USING left(label, 20), ADD COLUMN token uuid DEFAULT gen_random_uuid(), "
                                    "ADD CONSTRAINT positive CHECK ((amount > 0) AND note <> ')') NOT VALID, DROP COLUMN old");
    ASSERT_EQ(kinds(a), (QList<Kind>{Kind::AlterTable, Kind::SetNotNull, Kind::ChangeType, Kind::AddColumn, Kind::AddCheck, Kind::DropColumn}));
    EXPECT_TRUE(a.ddl);
    for (const Action &x : a.actions) {
        EXPECT_EQ(x.table.schema, QStringLiteral("Sales"));
        EXPECT_EQ(x.table.name, QStringLiteral("Orders"));
    }
    EXPECT_EQ(a.actions[1].column, QStringLiteral("Note"));
    EXPECT_EQ(a.actions[2].type, QStringLiteral("character varying(20)"));
    EXPECT_TRUE(a.actions[2].usingClause);
    EXPECT_EQ(a.actions[3].volatileDefault, QStringLiteral("gen_random_uuid()"));
    EXPECT_EQ(a.actions[4].text, QStringLiteral("(amount > 0) AND note <> ')'"));
    EXPECT_TRUE(a.actions[4].notValid);
    EXPECT_EQ(a.actions[5].column, QStringLiteral("old"));
}

TEST(LintStatements, PostgresIndexesDeletesAndUpdates)
{
    const StatementActions index = read(Dialect::Postgres, "CREATE UNIQUE INDEX CONCURRENTLY i ON s.t USING btree (lower(email) DESC, b) WHERE (c > 0)");
    ASSERT_EQ(kinds(index), (QList<Kind>{Kind::CreateIndex, Kind::AddUnique}));
    EXPECT_TRUE(index.actions[0].concurrently);
    EXPECT_EQ(index.actions[1].columns, (QStringList{QStringLiteral("lower(email)"), QStringLiteral("\"b\"")}));
    EXPECT_EQ(index.actions[1].predicate, QStringLiteral("(c > 0)"));
    EXPECT_EQ(kinds(read(Dialect::Postgres, "DELETE FROM t")), QList<Kind>{Kind::DeleteAll});
    EXPECT_EQ(kinds(read(Dialect::Postgres, "DELETE FROM t USING u WHERE t.id = u.id")), QList<Kind>{Kind::WriteRows});
    EXPECT_EQ(kinds(read(Dialect::Postgres, "UPDATE t SET a = 1 FROM u")), QList<Kind>{Kind::WriteRows});
    EXPECT_EQ(kinds(read(Dialect::Postgres, "UPDATE \"T\" SET a = 1")), QList<Kind>{Kind::UpdateAll});
    EXPECT_EQ(kinds(read(Dialect::Postgres, "now what")), QList<Kind>{}); // not SQL: nothing to judge
}

TEST(LintStatements, MysqlAlterClausesChangeAndAlgorithm)
{
    const StatementActions a = read(Dialect::Mysql,
                                    "ALTER TABLE `shop`.`Orders` ADD COLUMN flag int NOT NULL, MODIFY `name` varchar(10) NOT NULL, "
                                    "CHANGE COLUMN age years tinyint unsigned, DROP COLUMN `old col`, DROP INDEX ix, "
                                    "ADD CONSTRAINT u UNIQUE KEY (code(4), `b`), RENAME TO orders2, ALGORITHM = INPLACE, LOCK = NONE");
    ASSERT_EQ(kinds(a), (QList<Kind>{Kind::AlterTable, Kind::AddColumn, Kind::ChangeType, Kind::ChangeType, Kind::RenameColumn,
                                     Kind::DropColumn, Kind::AddUnique, Kind::RenameTable}));
    EXPECT_EQ(a.actions[0].table.schema, QStringLiteral("shop"));
    EXPECT_EQ(a.actions[0].algorithm, QStringLiteral("INPLACE"));
    EXPECT_TRUE(a.actions[1].notNull);
    EXPECT_FALSE(a.actions[1].hasDefault);
    EXPECT_EQ(a.actions[2].type, QStringLiteral("varchar(10)"));
    EXPECT_TRUE(a.actions[2].notNull);
    EXPECT_EQ(a.actions[3].column, QStringLiteral("age"));
    EXPECT_EQ(a.actions[3].type, QStringLiteral("tinyint unsigned"));
    EXPECT_EQ(a.actions[4].newName, QStringLiteral("years"));
    EXPECT_EQ(a.actions[5].column, QStringLiteral("old col"));
    EXPECT_EQ(a.actions[6].columns, (QStringList{QStringLiteral("LEFT(`code`, 4)"), QStringLiteral("`b`")}));
    EXPECT_EQ(a.actions[7].newName, QStringLiteral("orders2"));
}

TEST(LintStatements, MysqlDeletesUpdatesAndData)
{
    EXPECT_EQ(kinds(read(Dialect::Mysql, "DELETE QUICK FROM t")), QList<Kind>{Kind::DeleteAll});
    EXPECT_EQ(kinds(read(Dialect::Mysql, "DELETE FROM t ORDER BY id LIMIT 100")), QList<Kind>{Kind::WriteRows});
    EXPECT_EQ(kinds(read(Dialect::Mysql, "DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id")), QList<Kind>{Kind::WriteRows});
    EXPECT_EQ(kinds(read(Dialect::Mysql, "UPDATE t SET a = 1, b = 2")), QList<Kind>{Kind::UpdateAll});
    EXPECT_EQ(kinds(read(Dialect::Mysql, "UPDATE t1, t2 SET t1.a = t2.a")), QList<Kind>{Kind::WriteRows});
    EXPECT_EQ(kinds(read(Dialect::Mysql, "UPDATE t SET a = (SELECT max(x) FROM u WHERE u.id = 1)")), QList<Kind>{Kind::UpdateAll});
    const StatementActions insert = read(Dialect::Mysql, "INSERT IGNORE INTO t (a, `b`) SELECT x, y FROM src WHERE z");
    EXPECT_TRUE(insert.writesData);
    ASSERT_EQ(kinds(insert), QList<Kind>{Kind::InsertSelect});
    EXPECT_EQ(insert.actions[0].columns, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    EXPECT_EQ(insert.actions[0].source.name, QStringLiteral("src"));
    EXPECT_EQ(kinds(read(Dialect::Mysql, "RENAME TABLE a TO b, c TO d")), (QList<Kind>{Kind::RenameTable, Kind::RenameTable}));
    EXPECT_EQ(read(Dialect::Mysql, "DROP DATABASE IF EXISTS shop").actions.value(0).text, QStringLiteral("shop"));
}

TEST(LintStatements, SqliteRebuildDeclaresItsConstraints)
{
    const StatementActions a = read(Dialect::Sqlite,
                                    "CREATE TABLE main.\"new users\" (id INTEGER PRIMARY KEY, email TEXT NOT NULL CHECK (length(email) > 3), "
                                    "nick TEXT UNIQUE, CONSTRAINT pair UNIQUE (email, nick), CHECK (nick <> email))");
    ASSERT_EQ(kinds(a), (QList<Kind>{Kind::CreateTable, Kind::SetNotNull, Kind::AddCheck, Kind::AddUnique, Kind::AddUnique, Kind::AddCheck}));
    EXPECT_EQ(a.actions[0].table.schema, QString());
    EXPECT_EQ(a.actions[0].table.name, QStringLiteral("new users"));
    EXPECT_EQ(a.actions[0].columns, (QStringList{QStringLiteral("id"), QStringLiteral("email"), QStringLiteral("nick")}));
    EXPECT_EQ(a.actions[2].text, QStringLiteral("length(email) > 3"));
    EXPECT_EQ(a.actions[4].columns, (QStringList{QStringLiteral("\"email\""), QStringLiteral("\"nick\"")}));
    EXPECT_EQ(a.actions[5].text, QStringLiteral("nick <> email"));
    for (const Action &x : a.actions.mid(1))
        EXPECT_TRUE(x.inCreate);
    const StatementActions copy = read(Dialect::Sqlite, "INSERT INTO \"new users\" SELECT id, email, nick FROM users");
    ASSERT_EQ(kinds(copy), QList<Kind>{Kind::InsertSelect});
    EXPECT_EQ(copy.actions[0].text, QStringLiteral("SELECT id, email, nick FROM users"));
    EXPECT_EQ(kinds(read(Dialect::Sqlite, "UPDATE OR REPLACE t SET a = 1")), QList<Kind>{Kind::UpdateAll});
}

// What an INSERT's query reads: tables after FROM and JOIN at any depth; CTE names, functions and
// DUAL are no tables, and a query over CTEs only reads none (it copies no table).
TEST(LintStatements, InsertQueriesReadTablesNotCtes)
{
    const auto reads = [](Dialect d, const char *sql) {
        QStringList out;
        for (const auto &t : read(d, sql).actions.value(0).reads)
            out << t.display();
        return out;
    };
    const StatementActions seed = read(Dialect::Sqlite, "INSERT INTO User (id) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                                                        "FROM n WHERE i < 3) SELECT i FROM n");
    ASSERT_EQ(kinds(seed), QList<Kind>{Kind::InsertSelect});
    EXPECT_TRUE(seed.actions[0].reads.isEmpty());
    EXPECT_TRUE(seed.actions[0].source.isEmpty());
    EXPECT_EQ(seed.actions[0].text, QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT i FROM n"));
    EXPECT_EQ(reads(Dialect::Sqlite, "INSERT INTO t SELECT * FROM (VALUES (1), (2)) AS v"), QStringList());
    EXPECT_EQ(reads(Dialect::Sqlite, "INSERT INTO t WITH a AS (SELECT x FROM main.old), b AS MATERIALIZED (SELECT 1) "
                                     "SELECT a.x FROM a, b JOIN \"other t\" o ON o.id = a.x, json_each('[1]') "
                                     "WHERE a.x IN (SELECT id FROM third)"),
              (QStringList{QStringLiteral("old"), QStringLiteral("other t"), QStringLiteral("third")}));
    const StatementActions leading = read(Dialect::Sqlite, "WITH s AS (SELECT id FROM users) INSERT INTO t SELECT id FROM s");
    ASSERT_EQ(kinds(leading), QList<Kind>{Kind::InsertSelect});
    EXPECT_TRUE(leading.writesData);
    EXPECT_EQ(leading.actions[0].text, QStringLiteral("WITH s AS (SELECT id FROM users) SELECT id FROM s"));
    EXPECT_EQ(leading.actions[0].source.name, QStringLiteral("users"));
    EXPECT_EQ(reads(Dialect::Mysql, "INSERT INTO t SELECT 1 FROM DUAL"), QStringList());
    EXPECT_EQ(reads(Dialect::Mysql, "INSERT INTO t SELECT a.x FROM db.a STRAIGHT_JOIN b LEFT OUTER JOIN (SELECT 1 AS y) c ON 1"),
              (QStringList{QStringLiteral("db.a"), QStringLiteral("b")}));
    // PostgreSQL: a CTE is no source either.
    EXPECT_TRUE(read(Dialect::Postgres, "INSERT INTO t WITH n AS (SELECT 1 AS i) SELECT i FROM n").actions.value(0).source.isEmpty());
    EXPECT_TRUE(read(Dialect::Postgres, "WITH n AS (SELECT 1 AS i) INSERT INTO t SELECT i FROM n").actions.value(0).source.isEmpty());
    EXPECT_EQ(read(Dialect::Postgres, "INSERT INTO t SELECT i FROM n").actions.value(0).source.name, QStringLiteral("n"));
}

TEST(LintTypes, NarrowingAndRewrites)
{
    using mig::lint::detail::narrowing;
    using mig::lint::detail::postgresRewrites;
    using mig::lint::detail::typeShape;
    const auto pg = [](const char *t) { return typeShape(Dialect::Postgres, QString::fromUtf8(t)); };
    const auto my = [](const char *t) { return typeShape(Dialect::Mysql, QString::fromUtf8(t)); };
    const QString c = QStringLiteral("c");
    EXPECT_EQ(narrowing(Dialect::Postgres, pg("character varying(50)"), pg("character varying(10)"), c).condition, QStringLiteral("char_length(c) > 10"));
    EXPECT_EQ(narrowing(Dialect::Postgres, pg("text"), pg("character varying(10)"), c).what, QStringLiteral("longer than 10 characters"));
    EXPECT_TRUE(narrowing(Dialect::Postgres, pg("character varying(10)"), pg("text"), c).condition.isEmpty());
    EXPECT_EQ(narrowing(Dialect::Postgres, pg("bigint"), pg("smallint"), c).condition, QStringLiteral("c < -32768 OR c > 32767"));
    EXPECT_TRUE(narrowing(Dialect::Postgres, pg("smallint"), pg("bigint"), c).condition.isEmpty());
    EXPECT_EQ(narrowing(Dialect::Mysql, my("int"), my("int unsigned"), c).condition, QStringLiteral("c < 0"));
    EXPECT_EQ(narrowing(Dialect::Mysql, my("text"), my("varchar(255)"), c).condition, QStringLiteral("CHAR_LENGTH(c) > 255"));
    EXPECT_EQ(narrowing(Dialect::Postgres, pg("numeric(10,2)"), pg("numeric(6,2)"), c).condition, QStringLiteral("abs(c) >= 10000"));
    EXPECT_EQ(narrowing(Dialect::Postgres, pg("numeric(10,2)"), pg("numeric(12,1)"), c).condition, QStringLiteral("c <> round(c, 1)"));
    EXPECT_TRUE(narrowing(Dialect::Postgres, pg("numeric(10,2)"), pg("numeric(12,2)"), c).condition.isEmpty());

    EXPECT_FALSE(postgresRewrites(pg("character varying(10)"), pg("character varying(20)")));
    EXPECT_FALSE(postgresRewrites(pg("character varying(10)"), pg("text")));
    EXPECT_FALSE(postgresRewrites(pg("numeric(10,2)"), pg("numeric(12,2)")));
    EXPECT_TRUE(postgresRewrites(pg("character varying(20)"), pg("character varying(10)")));
    EXPECT_TRUE(postgresRewrites(pg("integer"), pg("bigint")));
    EXPECT_TRUE(postgresRewrites(pg("numeric(10,2)"), pg("numeric(12,3)")));
}

TEST(LintRules, TheCatalogueHasStableKebabCaseIdsAndSeverities)
{
    const QRegularExpression kebab(QStringLiteral("^[a-z]+(-[a-z]+)*$"));
    QSet<QString> ids;
    for (const mig::lint::Rule &r : mig::lint::rules()) {
        EXPECT_TRUE(kebab.match(r.id).hasMatch()) << r.id.toStdString();
        EXPECT_FALSE(r.title.isEmpty() || r.hint.isEmpty()) << r.id.toStdString();
        ids.insert(r.id);
        EXPECT_EQ(mig::lint::findRule(r.id), &r);
    }
    EXPECT_EQ(ids.size(), mig::lint::rules().size());
    for (const char *id : {"drop-table", "drop-column", "drop-schema", "truncate", "delete-without-where", "update-without-where",
                           "not-null-with-nulls", "unique-over-duplicates", "check-violated", "narrowing-type-change",
                           "index-without-concurrently", "rewriting-type-change", "volatile-default", "constraint-without-not-valid",
                           "alter-without-algorithm", "non-transactional-in-transaction", "rename-breaks-code"})
        EXPECT_TRUE(ids.contains(QLatin1String(id))) << id;
    for (mig::lint::Severity s : {mig::lint::Severity::Info, mig::lint::Severity::Warn, mig::lint::Severity::Block})
        EXPECT_EQ(mig::lint::severityFromName(mig::lint::severityName(s).toUpper()), s);
    EXPECT_EQ(mig::lint::severityFromName(QStringLiteral("warning")), mig::lint::Severity::Warn);
    EXPECT_FALSE(mig::lint::severityFromName(QStringLiteral("fatal")).has_value());
}

} // namespace
