// Lint against the fixture's PostgreSQL server: each case fills a database of its own with the
// rows it needs, writes pending migrations, and reads what lint measured — the rule firing with
// the count it found, and quiet once the data is fixed or the statement written safely.
#include "LintDatabaseTest.h"

using namespace realworld;
using namespace linttest;

namespace {

using lint_postgres = LintDatabaseTest<mig::Dialect::Postgres>;

TEST_F(lint_postgres, SetNotNullCountsTheNullsAndIsQuietAfterTheBackfill)
{
    sql(QStringLiteral("CREATE TABLE users (id int PRIMARY KEY, email text)"));
    sql(QStringLiteral("INSERT INTO users SELECT i, CASE WHEN i <= 3 THEN NULL ELSE 'u' || i END FROM generate_series(1, 10) i"));
    write("001_email_required.sql", "-- every user has an email\n\nALTER TABLE users\n  ALTER COLUMN email SET NOT NULL;\n");
    const LintReport r = lint();
    const Finding f = at(r, QStringLiteral("not-null-with-nulls"), QStringLiteral("001_email_required.sql"), 3);
    EXPECT_EQ(f.severity, Severity::Block);
    EXPECT_EQ(f.version, u"001");
    EXPECT_EQ(f.statement, u"ALTER TABLE users");
    EXPECT_EQ(f.evidence, u"3 of 10 rows of users have NULL email");
    EXPECT_TRUE(f.message.contains(u"3 row(s) hold NULL")) << s(f.message);
    EXPECT_TRUE(f.hint.contains(u"UPDATE users SET email = ... WHERE email IS NULL; then add NOT NULL")) << s(f.hint);
    EXPECT_TRUE(r.blocks());

    sql(QStringLiteral("UPDATE users SET email = 'unknown' WHERE email IS NULL"));
    const LintReport fixed = lint();
    EXPECT_TRUE(of(fixed, QStringLiteral("not-null-with-nulls")).isEmpty()) << dump(fixed);
    EXPECT_FALSE(fixed.blocks());
}

TEST_F(lint_postgres, AddColumnNotNullWithoutDefaultFailsOnRowsOnly)
{
    table(QStringLiteral("filled"), 4);
    table(QStringLiteral("empty"), 0);
    write("001_columns.sql", "ALTER TABLE filled ADD COLUMN code text NOT NULL;\n"
                             "ALTER TABLE filled ADD COLUMN kind text NOT NULL DEFAULT 'a';\n"
                             "ALTER TABLE empty ADD COLUMN code text NOT NULL;\n");
    const LintReport r = lint();
    const Finding f = at(r, QStringLiteral("not-null-with-nulls"), QStringLiteral("001_columns.sql"), 1);
    EXPECT_EQ(f.severity, Severity::Block);
    EXPECT_EQ(f.evidence, u"filled holds 4 row(s)");
    EXPECT_TRUE(silent(r, QStringLiteral("not-null-with-nulls"), QStringLiteral("001_columns.sql"), 2)) << dump(r);
    EXPECT_TRUE(silent(r, QStringLiteral("not-null-with-nulls"), QStringLiteral("001_columns.sql"), 3)) << dump(r);
}

TEST_F(lint_postgres, UniqueOverDuplicatesSaysHowManyInQuotedSchemaQualifiedTables)
{
    sql(QStringLiteral("CREATE SCHEMA \"Sales\""));
    sql(QStringLiteral("CREATE TABLE \"Sales\".\"Orders\" (\"Code\" text, n int)"));
    sql(QStringLiteral("INSERT INTO \"Sales\".\"Orders\" VALUES ('a', 1), ('a', 2), ('a', 0), ('b', 1), ('B', 1), ('c', 1), (NULL, 1), (NULL, 1)"));
    write("001_index.sql", "CREATE UNIQUE INDEX orders_code ON \"Sales\".\"Orders\" (\"Code\");\n");
    write("002_keys.sql", "ALTER TABLE \"Sales\".\"Orders\"\n  ADD CONSTRAINT orders_code_key UNIQUE (\"Code\"),\n  ADD PRIMARY KEY (\"Code\");\n");
    write("003_partial.sql", "CREATE UNIQUE INDEX orders_lower ON \"Sales\".\"Orders\" (lower(\"Code\") DESC) WHERE n > 0;\n");
    const LintReport r = lint();
    const QString rule = QStringLiteral("unique-over-duplicates");
    const QList<Finding> found = of(r, rule);
    ASSERT_EQ(found.size(), 4) << dump(r);
    const Finding index = at(r, rule, QStringLiteral("001_index.sql"), 1);
    EXPECT_EQ(index.severity, Severity::Block);
    EXPECT_EQ(index.evidence, u"1 value(s) of (Code) appear more than once in the rows of \"Sales\".\"Orders\", 3 row(s) in all");
    EXPECT_TRUE(index.hint.contains(u"SELECT \"Code\", count(*) FROM \"Sales\".\"Orders\" GROUP BY \"Code\" HAVING count(*) > 1")) << s(index.hint);
    // Both clauses of the multi-clause ALTER TABLE, at the statement's first line; the primary
    // key also meets the NULLs.
    EXPECT_EQ(found[1].line, 1);
    EXPECT_EQ(found[1].file, u"002_keys.sql");
    EXPECT_FALSE(found[1].evidence.contains(u"NULL")) << s(found[1].evidence);
    EXPECT_EQ(found[2].evidence, u"1 value(s) of (Code) appear more than once in the rows of \"Sales\".\"Orders\", 3 row(s) in all; "
                                 "2 row(s) have NULL in the key");
    // An expression key, under the index's own predicate: 'a' twice and 'b'/'B' with n > 0.
    EXPECT_EQ(at(r, rule, QStringLiteral("003_partial.sql"), 1).evidence,
              u"2 value(s) of (lower(\"Code\")) appear more than once in the rows of \"Sales\".\"Orders\", 4 row(s) in all");

    sql(QStringLiteral("DELETE FROM \"Sales\".\"Orders\" WHERE \"Code\" IS NULL OR n <> 1 OR \"Code\" = 'B'"));
    const LintReport fixed = lint();
    EXPECT_TRUE(of(fixed, rule).isEmpty()) << dump(fixed);
    EXPECT_TRUE(fixed.notChecked.isEmpty()) << dump(fixed);
}

TEST_F(lint_postgres, CheckViolatedCountsTheRowsAndNotValidSkipsThem)
{
    sql(QStringLiteral("CREATE TABLE payments (id int, amount numeric)"));
    sql(QStringLiteral("INSERT INTO payments SELECT i, i - 4 FROM generate_series(1, 20) i"));
    write("001_positive.sql", "ALTER TABLE payments ADD CONSTRAINT positive CHECK (amount > 0);\n");
    write("002_later.sql", "ALTER TABLE payments ADD CONSTRAINT positive_later CHECK (amount > 0) NOT VALID;\n");
    const LintReport r = lint();
    const Finding f = at(r, QStringLiteral("check-violated"), QStringLiteral("001_positive.sql"), 1);
    EXPECT_EQ(f.severity, Severity::Block);
    EXPECT_EQ(f.evidence, u"4 of 20 rows of payments violate CHECK (amount > 0)");
    EXPECT_TRUE(f.hint.contains(u"SELECT * FROM payments WHERE NOT (amount > 0)")) << s(f.hint);
    EXPECT_TRUE(f.hint.contains(u"NOT VALID")) << s(f.hint);
    EXPECT_TRUE(silent(r, QStringLiteral("check-violated"), QStringLiteral("002_later.sql"), 1)) << dump(r);

    sql(QStringLiteral("UPDATE payments SET amount = 1 WHERE amount <= 0"));
    EXPECT_TRUE(of(lint(), QStringLiteral("check-violated")).isEmpty());
}

TEST_F(lint_postgres, NarrowingTypeChangeCountsTheValuesThatDoNotFit)
{
    sql(QStringLiteral("CREATE TABLE people (id int, name varchar(50), n bigint, price numeric(10,2))"));
    sql(QStringLiteral("INSERT INTO people SELECT i, repeat('x', i * 2), i, i * 100.25 FROM generate_series(1, 10) i"));
    sql(QStringLiteral("UPDATE people SET n = 5000000000 WHERE id = 1"));
    write("001_narrow.sql", "ALTER TABLE people ALTER COLUMN name TYPE varchar(10);\n"
                            "ALTER TABLE people ALTER COLUMN n TYPE integer;\n"
                            "ALTER TABLE people ALTER COLUMN price TYPE numeric(5,1);\n"
                            "ALTER TABLE people ALTER COLUMN name TYPE varchar(100);\n");
    const LintReport r = lint();
    const QString rule = QStringLiteral("narrowing-type-change");
    const Finding name = at(r, rule, QStringLiteral("001_narrow.sql"), 1);
    EXPECT_EQ(name.severity, Severity::Block);
    EXPECT_EQ(name.evidence, u"5 of 10 rows of people hold name longer than 10 characters");
    EXPECT_TRUE(name.message.contains(u"from character varying(50)")) << s(name.message);
    EXPECT_EQ(at(r, rule, QStringLiteral("001_narrow.sql"), 2).evidence, u"1 of 10 rows of people hold n outside -2147483648..2147483647");
    // 100.25 .. 1002.50: ten have a second decimal, 1002.50 needs four integer digits.
    EXPECT_EQ(at(r, rule, QStringLiteral("001_narrow.sql"), 3).evidence,
              u"5 of 10 rows of people hold price 10000 or above, or with more than 1 decimal(s) (rounded)");
    EXPECT_TRUE(silent(r, rule, QStringLiteral("001_narrow.sql"), 4)) << dump(r);

    sql(QStringLiteral("UPDATE people SET name = left(name, 10), n = 1, price = 1.5"));
    EXPECT_TRUE(of(lint(), rule).isEmpty());
}

TEST_F(lint_postgres, IndexWithoutConcurrentlyFiresAboveTheThresholdOnly)
{
    table(QStringLiteral("big"), 20);
    table(QStringLiteral("small"), 5);
    write("001_big.sql", "CREATE INDEX big_n ON big (n);\n");
    write("002_big_concurrently.sql", "CREATE INDEX CONCURRENTLY big_s ON big (s);\n");
    write("003_small.sql", "CREATE INDEX small_n ON small (n);\n");
    write("004_unique.sql", "ALTER TABLE big ADD CONSTRAINT big_s_key UNIQUE (s);\n");
    const QString rule = QStringLiteral("index-without-concurrently");
    const LintReport r = lint(smallTables());
    const Finding f = at(r, rule, QStringLiteral("001_big.sql"), 1);
    EXPECT_EQ(f.severity, Severity::Block);
    EXPECT_TRUE(f.evidence.startsWith(u"big holds 20 row(s), ")) << s(f.evidence);
    EXPECT_TRUE(f.hint.contains(u"CREATE INDEX CONCURRENTLY ... ON big")) << s(f.hint);
    EXPECT_TRUE(at(r, rule, QStringLiteral("004_unique.sql"), 1).hint.contains(u"UNIQUE USING INDEX"));
    EXPECT_EQ(of(r, rule).size(), 2) << dump(r);
    // At the default threshold (a million rows or 1 GiB) twenty rows are not large.
    EXPECT_TRUE(of(lint(), rule).isEmpty());
}

TEST_F(lint_postgres, RewritingTypeChangeBySizeAndNotForAWidening)
{
    table(QStringLiteral("big"), 20);
    table(QStringLiteral("small"), 5);
    table(QStringLiteral("empty"), 0);
    write("001_types.sql", "ALTER TABLE big ALTER COLUMN n TYPE bigint;\n"
                           "ALTER TABLE small ALTER COLUMN n TYPE bigint;\n"
                           "ALTER TABLE big ALTER COLUMN s TYPE varchar(40);\n"
                           "ALTER TABLE big ALTER COLUMN s TYPE text;\n"
                           "ALTER TABLE empty ALTER COLUMN n TYPE bigint;\n");
    const QString rule = QStringLiteral("rewriting-type-change");
    const QString file = QStringLiteral("001_types.sql");
    const LintReport r = lint(smallTables());
    EXPECT_EQ(at(r, rule, file, 1).severity, Severity::Block);
    EXPECT_TRUE(at(r, rule, file, 1).message.contains(u"(from integer) rewrites big")) << dump(r);
    EXPECT_EQ(at(r, rule, file, 2).severity, Severity::Warn);
    EXPECT_TRUE(at(r, rule, file, 2).evidence.startsWith(u"small holds 5 row(s)")) << dump(r);
    EXPECT_EQ(of(r, rule).size(), 2) << dump(r);
}

TEST_F(lint_postgres, VolatileDefaultFiresForRandomAndNotForNow)
{
    table(QStringLiteral("big"), 20);
    table(QStringLiteral("small"), 5);
    table(QStringLiteral("empty"), 0);
    write("001_defaults.sql", "ALTER TABLE big ADD COLUMN r float8 DEFAULT random();\n"
                              "ALTER TABLE big ADD COLUMN t timestamptz DEFAULT now();\n"
                              "ALTER TABLE small ADD COLUMN u uuid DEFAULT gen_random_uuid();\n"
                              "ALTER TABLE empty ADD COLUMN r float8 DEFAULT random();\n"
                              "ALTER TABLE big ADD COLUMN seq bigserial;\n");
    const QString rule = QStringLiteral("volatile-default");
    const QString file = QStringLiteral("001_defaults.sql");
    const LintReport r = lint(smallTables());
    const Finding random = at(r, rule, file, 1);
    EXPECT_EQ(random.severity, Severity::Block);
    EXPECT_TRUE(random.message.contains(u"random()")) << s(random.message);
    EXPECT_TRUE(silent(r, rule, file, 2)) << dump(r);
    EXPECT_EQ(at(r, rule, file, 3).severity, Severity::Warn);
    EXPECT_TRUE(at(r, rule, file, 3).message.contains(u"gen_random_uuid()"));
    EXPECT_TRUE(silent(r, rule, file, 4)) << dump(r);
    EXPECT_TRUE(at(r, rule, file, 5).message.contains(u"bigserial"));
}

TEST_F(lint_postgres, ConstraintWithoutNotValidOnALargeTable)
{
    table(QStringLiteral("parents"), 20);
    table(QStringLiteral("big"), 20);
    table(QStringLiteral("small"), 5);
    write("001_keys.sql", "ALTER TABLE big ADD CONSTRAINT big_parent FOREIGN KEY (n) REFERENCES parents (id);\n"
                          "ALTER TABLE big ADD CONSTRAINT big_parent2 FOREIGN KEY (n) REFERENCES parents (id) NOT VALID;\n"
                          "ALTER TABLE big ADD CONSTRAINT big_n CHECK (n >= 0);\n"
                          "ALTER TABLE small ADD CONSTRAINT small_n CHECK (n >= 0);\n");
    const QString rule = QStringLiteral("constraint-without-not-valid");
    const QString file = QStringLiteral("001_keys.sql");
    const LintReport r = lint(smallTables());
    EXPECT_EQ(at(r, rule, file, 1).severity, Severity::Block);
    EXPECT_TRUE(at(r, rule, file, 1).hint.contains(u"VALIDATE CONSTRAINT")) << dump(r);
    EXPECT_TRUE(silent(r, rule, file, 2)) << dump(r);
    EXPECT_TRUE(at(r, rule, file, 3).message.contains(u"CHECK")) << dump(r);
    EXPECT_TRUE(silent(r, rule, file, 4)) << dump(r);
    EXPECT_TRUE(of(r, QStringLiteral("check-violated")).isEmpty()) << dump(r);
}

TEST_F(lint_postgres, ConcurrentlyBesideOtherStatementsOrInsideBegin)
{
    table(QStringLiteral("items"), 3);
    write("001_alone.sql", "CREATE INDEX CONCURRENTLY items_n ON items (n);\n");
    write("002_mixed.sql", "ALTER TABLE items ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY items_s ON items (s);\n");
    write("003_begin.sql", "BEGIN;\nCREATE INDEX CONCURRENTLY items_id ON items (id);\nCOMMIT;\n");
    const QString rule = QStringLiteral("non-transactional-in-transaction");
    const LintReport r = lint();
    EXPECT_TRUE(silent(r, rule, QStringLiteral("001_alone.sql"), 1)) << dump(r);
    const Finding mixed = at(r, rule, QStringLiteral("002_mixed.sql"), 2);
    EXPECT_EQ(mixed.severity, Severity::Warn);
    EXPECT_TRUE(mixed.message.contains(u"CREATE INDEX CONCURRENTLY cannot run inside a transaction")) << s(mixed.message);
    EXPECT_TRUE(mixed.message.contains(u"its 1 other statement(s)")) << s(mixed.message);
    const Finding begin = at(r, rule, QStringLiteral("003_begin.sql"), 2);
    EXPECT_EQ(begin.severity, Severity::Block);
    EXPECT_TRUE(begin.message.contains(u"BEGIN (line 1)")) << s(begin.message);
    EXPECT_EQ(of(r, rule).size(), 2) << dump(r);
}

TEST_F(lint_postgres, DestructiveStatementsTellTheRowsTheyDestroy)
{
    for (const char *name : {"a_drop", "a_trunc", "a_del", "a_upd", "a_col"})
        table(QLatin1String(name), 10);
    table(QStringLiteral("logs"), 0);
    sql(QStringLiteral("UPDATE a_col SET s = NULL WHERE id > 4"));
    sql(QStringLiteral("CREATE SCHEMA app"));
    sql(QStringLiteral("CREATE TABLE app.things (id int)"));
    sql(QStringLiteral("INSERT INTO app.things VALUES (1), (2)"));
    write("001_destroy.sql", "DROP TABLE a_drop;\n"
                             "DROP TABLE logs;\n"
                             "TRUNCATE a_trunc;\n"
                             "DELETE FROM a_del WHERE id = 1;\n"
                             "DELETE FROM a_del;\n"
                             "UPDATE a_upd SET s = 'x' WHERE id = 1;\n"
                             "UPDATE a_upd SET s = 'x';\n"
                             "ALTER TABLE a_col DROP COLUMN s;\n"
                             "DROP SCHEMA app CASCADE;\n"
                             "CREATE TABLE scratch (id int);\n"
                             "DROP TABLE scratch;\n");
    const QString file = QStringLiteral("001_destroy.sql");
    const LintReport r = lint();
    const Finding drop = at(r, QStringLiteral("drop-table"), file, 1);
    EXPECT_EQ(drop.severity, Severity::Block);
    EXPECT_TRUE(drop.evidence.startsWith(u"a_drop holds 10 row(s)")) << s(drop.evidence);
    EXPECT_EQ(at(r, QStringLiteral("drop-table"), file, 2).severity, Severity::Info); // empty
    EXPECT_EQ(at(r, QStringLiteral("truncate"), file, 3).message, u"TRUNCATE removes all 10 row(s) of a_trunc");
    EXPECT_TRUE(silent(r, QStringLiteral("delete-without-where"), file, 4)) << dump(r);
    EXPECT_EQ(at(r, QStringLiteral("delete-without-where"), file, 5).severity, Severity::Block);
    EXPECT_TRUE(silent(r, QStringLiteral("update-without-where"), file, 6)) << dump(r);
    EXPECT_EQ(at(r, QStringLiteral("update-without-where"), file, 7).severity, Severity::Warn);
    EXPECT_EQ(at(r, QStringLiteral("drop-column"), file, 8).evidence, u"4 of 10 row(s) of a_col hold a value in s");
    EXPECT_EQ(at(r, QStringLiteral("drop-schema"), file, 9).evidence, u"app holds 1 table(s) with 2 row(s)");
    EXPECT_TRUE(silent(r, QStringLiteral("drop-table"), file, 11)) << dump(r); // made by the migration itself
    EXPECT_TRUE(r.notChecked.isEmpty()) << dump(r);
}

TEST_F(lint_postgres, RenamesOfLiveNamesWarnAndFollowTheTable)
{
    sql(QStringLiteral("CREATE TABLE users (id int, email text)"));
    sql(QStringLiteral("INSERT INTO users VALUES (1, 'a'), (2, 'b')"));
    write("001_rename.sql", "ALTER TABLE users RENAME TO customers;\n");
    write("002_column.sql", "ALTER TABLE customers RENAME COLUMN email TO email_address;\n");
    write("003_fresh.sql", "CREATE TABLE fresh (a int);\nALTER TABLE fresh RENAME TO fresher;\nALTER TABLE fresher RENAME COLUMN a TO b;\n");
    const QString rule = QStringLiteral("rename-breaks-code");
    const LintReport r = lint();
    const Finding table = at(r, rule, QStringLiteral("001_rename.sql"), 1);
    EXPECT_EQ(table.severity, Severity::Warn);
    EXPECT_TRUE(table.message.startsWith(u"RENAME users TO customers")) << s(table.message);
    EXPECT_TRUE(table.hint.contains(u"CREATE VIEW users AS SELECT * FROM customers")) << s(table.hint);
    // customers is users renamed: its live column is found through the rename.
    EXPECT_EQ(at(r, rule, QStringLiteral("002_column.sql"), 1).evidence, u"users.email exists on the target, in 2 row(s)");
    EXPECT_EQ(of(r, rule).size(), 2) << dump(r);
}

TEST_F(lint_postgres, ChecksThatCannotBeMadeAreListedAsNotChecked)
{
    sql(QStringLiteral("CREATE TABLE users (id int, email text)"));
    sql(QStringLiteral("INSERT INTO users VALUES (1, NULL)"));
    write("001_create.sql", "CREATE TABLE accounts (id int, email text);\n");
    write("002_require.sql", "ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;\n");
    write("003_backfill.sql", "UPDATE users SET email = 'x' WHERE email IS NULL;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
    write("004_added.sql", "ALTER TABLE users ADD COLUMN score int;\nALTER TABLE users ALTER COLUMN score TYPE smallint;\n");
    write("005_using.sql", "ALTER TABLE users ALTER COLUMN email TYPE varchar(5) USING left(email, 5);\n");
    const LintReport r = lint();
    EXPECT_TRUE(of(r, QStringLiteral("not-null-with-nulls")).isEmpty()) << dump(r);
    EXPECT_EQ(notChecked(r, QStringLiteral("not-null-with-nulls")),
              (QStringList{QStringLiteral("002 002_require.sql:1 not-null-with-nulls accounts.email: accounts does not exist yet: 001_create.sql:1 creates it"),
                           QStringLiteral("003 003_backfill.sql:2 not-null-with-nulls users.email: the rows of users are changed at 003_backfill.sql:1 "
                           "before this statement runs: the live rows are not the ones it will meet")}));
    EXPECT_EQ(notChecked(r, QStringLiteral("narrowing-type-change")),
              (QStringList{QStringLiteral("004 004_added.sql:2 narrowing-type-change users.score: column score does not exist yet: 004_added.sql:1 adds it"),
                           QStringLiteral("005 005_using.sql:1 narrowing-type-change users.email: a USING expression computes the new values")}));
}

TEST_F(lint_postgres, MigctlPrintsFindingsAndExitsOneOnABlock)
{
    sql(QStringLiteral("CREATE TABLE users (id int, email text)"));
    sql(QStringLiteral("INSERT INTO users SELECT i, CASE WHEN i <= 3 THEN NULL ELSE 'u' END FROM generate_series(1, 10) i"));
    write("001_email.sql", "-- required\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
    write("002_rename.sql", "ALTER TABLE users RENAME COLUMN email TO mail;\n");
    const QString dir = m_folder.path();
    const Migctl text = migctl(QStringLiteral("lint"), dir);
    EXPECT_EQ(text.exitCode, 1) << text.text();
    EXPECT_TRUE(text.out.contains(QStringLiteral("BLOCK 001 %1/001_email.sql:2 not-null-with-nulls: SET NOT NULL on users.email fails: "
                                                 "3 row(s) hold NULL (3 of 10 rows of users have NULL email) \u2014 fix: backfill first: "
                                                 "UPDATE users SET email = ... WHERE email IS NULL; then add NOT NULL\n").arg(dir)))
        << text.text();
    EXPECT_TRUE(text.out.contains(QStringLiteral("WARN 002 %1/002_rename.sql:1 rename-breaks-code: ").arg(dir))) << text.text();

    const Migctl json = migctl(QStringLiteral("lint"), dir, {QStringLiteral("--json")});
    EXPECT_EQ(json.exitCode, 1) << json.text();
    const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
    EXPECT_EQ(o.value(u"schema").toString(), u"migctl.lint/1");
    EXPECT_TRUE(o.value(u"blocks").toBool());
    const QJsonArray findings = o.value(u"findings").toArray();
    ASSERT_EQ(findings.size(), 2) << json.text();
    const QJsonObject first = findings.first().toObject();
    EXPECT_EQ(first.value(u"rule").toString(), u"not-null-with-nulls");
    EXPECT_EQ(first.value(u"severity").toString(), u"block");
    EXPECT_EQ(first.value(u"file").toString(), u"001_email.sql");
    EXPECT_EQ(first.value(u"line").toInt(), 2);
    EXPECT_EQ(first.value(u"evidence").toString(), u"3 of 10 rows of users have NULL email");
    EXPECT_EQ(o.value(u"counts").toObject().value(u"warn").toInt(), 1);

    ASSERT_EQ(exec(QStringLiteral("UPDATE users SET email = 'u' WHERE email IS NULL")), QString());
    const Migctl fixed = migctl(QStringLiteral("lint"), dir);
    EXPECT_EQ(fixed.exitCode, 0) << fixed.text(); // a warning does not block
    EXPECT_FALSE(fixed.out.contains(u"BLOCK")) << fixed.text();
}

} // namespace
