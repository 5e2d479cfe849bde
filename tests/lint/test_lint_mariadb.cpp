// Lint against the fixture's MariaDB server: each case fills a database of its own with the rows
// it needs, writes pending migrations (multi-clause ALTER TABLE, MODIFY, CHANGE, backticks), and
// reads what lint measured; the real migctl prints it.
#include "LintDatabaseTest.h"

using namespace realworld;
using namespace linttest;

namespace {

using lint_mariadb = LintDatabaseTest<mig::Dialect::Mysql>;

TEST_F(lint_mariadb, ModifyNotNullCountsTheNullsAndIsQuietAfterTheBackfill)
{
    sql(QStringLiteral("CREATE TABLE users (id int, email varchar(100))"));
    sql(QStringLiteral("INSERT INTO users VALUES (1, NULL), (2, NULL), (3, NULL), (4, 'd'), (5, 'e')"));
    write("001_email.sql", "# required from now on\nALTER TABLE `users`\n  MODIFY COLUMN email varchar(100) NOT NULL;\n");
    const LintReport r = lint();
    const Finding f = at(r, QStringLiteral("not-null-with-nulls"), QStringLiteral("001_email.sql"), 2);
    EXPECT_EQ(f.severity, Severity::Block);
    EXPECT_EQ(f.evidence, u"3 of 5 rows of users have NULL email");
    EXPECT_TRUE(f.hint.contains(u"UPDATE users SET email = ... WHERE email IS NULL")) << s(f.hint);

    sql(QStringLiteral("UPDATE users SET email = 'x' WHERE email IS NULL"));
    EXPECT_TRUE(of(lint(), QStringLiteral("not-null-with-nulls")).isEmpty());
}

TEST_F(lint_mariadb, UniqueAndCheckClausesOfOneAlterTableAreEachCounted)
{
    sql(QStringLiteral("CREATE TABLE users (id int, email varchar(100), age int, code varchar(20))"));
    sql(QStringLiteral("INSERT INTO users VALUES (1, 'a', 10, 'ab1'), (2, 'a', 20, 'ab2'), (3, 'a', 2000, 'cd1'), (4, 'b', 3000, 'ef1'),"
                       " (5, 'b', 30, 'gh1'), (6, NULL, 40, 'ij1')"));
    write("001_keys.sql", "ALTER TABLE users ADD UNIQUE KEY u_email (email), ADD CONSTRAINT adult CHECK (age < 1000), ALGORITHM=COPY;\n");
    write("002_prefix.sql", "CREATE UNIQUE INDEX u_code ON users (code(2));\n");
    write("003_fits.sql", "ALTER TABLE users ADD CONSTRAINT sane CHECK (age > 0), ADD UNIQUE (code);\n");
    const LintReport r = lint();
    EXPECT_EQ(at(r, QStringLiteral("unique-over-duplicates"), QStringLiteral("001_keys.sql"), 1).evidence,
              u"2 value(s) of (email) appear more than once in the rows of users, 5 row(s) in all");
    const Finding check = at(r, QStringLiteral("check-violated"), QStringLiteral("001_keys.sql"), 1);
    EXPECT_EQ(check.evidence, u"2 of 6 rows of users violate CHECK (age < 1000)");
    EXPECT_EQ(check.severity, Severity::Block);
    // A prefix key compares the first two characters.
    EXPECT_EQ(at(r, QStringLiteral("unique-over-duplicates"), QStringLiteral("002_prefix.sql"), 1).evidence,
              u"1 value(s) of (LEFT(`code`, 2)) appear more than once in the rows of users, 2 row(s) in all");
    EXPECT_TRUE(silent(r, QStringLiteral("unique-over-duplicates"), QStringLiteral("003_fits.sql"), 1)) << dump(r);
    EXPECT_TRUE(silent(r, QStringLiteral("check-violated"), QStringLiteral("003_fits.sql"), 1)) << dump(r);
}

TEST_F(lint_mariadb, NarrowingModifyAndChangeCountTheValuesThatDoNotFit)
{
    sql(QStringLiteral("CREATE TABLE people (id int, name varchar(50), age int, score decimal(8,2))"));
    sql(QStringLiteral("INSERT INTO people SELECT seq, REPEAT('x', seq * 2), seq * 30, seq FROM seq_1_to_10"));
    write("001_narrow.sql", "ALTER TABLE people MODIFY name varchar(10), CHANGE age years tinyint;\n"
                            "ALTER TABLE people MODIFY name varchar(80);\n"
                            "ALTER TABLE people MODIFY score decimal(6,2);\n");
    const QString rule = QStringLiteral("narrowing-type-change");
    const QString file = QStringLiteral("001_narrow.sql");
    const LintReport r = lint();
    const QList<Finding> line1 = of(r, rule);
    ASSERT_EQ(line1.size(), 2) << dump(r);
    EXPECT_EQ(line1[0].evidence, u"5 of 10 rows of people hold name longer than 10 characters");
    EXPECT_EQ(line1[0].line, 1);
    EXPECT_EQ(line1[1].evidence, u"6 of 10 rows of people hold age outside -128..127");
    EXPECT_TRUE(line1[1].message.startsWith(u"MODIFY age tinyint (from int)")) << s(line1[1].message);
    EXPECT_TRUE(at(r, QStringLiteral("rename-breaks-code"), file, 1).message.contains(u"RENAME COLUMN people.age TO years"));

    sql(QStringLiteral("UPDATE people SET name = LEFT(name, 10), age = 1"));
    EXPECT_TRUE(of(lint(), rule).isEmpty());
}

TEST_F(lint_mariadb, AlterWithoutAlgorithmOnALargeTable)
{
    table(QStringLiteral("big"), 20);
    table(QStringLiteral("small"), 5);
    write("001_alter.sql", "ALTER TABLE big ADD COLUMN note text;\n"
                           "ALTER TABLE big ADD COLUMN note2 text, ALGORITHM = INSTANT;\n"
                           "ALTER TABLE big ADD INDEX big_n (n), ALGORITHM=INPLACE, LOCK=NONE;\n"
                           "ALTER TABLE small ADD COLUMN note text;\n"
                           "CREATE INDEX big_s ON big (s);\n"
                           "ALTER TABLE big RENAME COLUMN s TO label;\n");
    const QString rule = QStringLiteral("alter-without-algorithm");
    const QString file = QStringLiteral("001_alter.sql");
    const LintReport r = lint(smallTables());
    const Finding f = at(r, rule, file, 1);
    EXPECT_EQ(f.severity, Severity::Warn);
    EXPECT_TRUE(f.evidence.startsWith(u"big holds 20 row(s), ")) << s(f.evidence);
    EXPECT_TRUE(f.hint.contains(u"ALGORITHM=INSTANT")) << s(f.hint);
    EXPECT_TRUE(at(r, rule, file, 5).message.startsWith(u"CREATE INDEX on big")) << dump(r);
    EXPECT_EQ(of(r, rule).size(), 2) << dump(r);
    EXPECT_TRUE(of(lint(), rule).isEmpty()); // twenty rows are not large by default
}

TEST_F(lint_mariadb, DdlBesideDataChangesInOneMigration)
{
    table(QStringLiteral("items"), 3);
    write("001_mixed.sql", "UPDATE items SET s = 'x' WHERE id = 1;\nALTER TABLE items ADD COLUMN note text;\nINSERT INTO items VALUES (9, 9, 'z');\n");
    write("002_ddl.sql", "ALTER TABLE items ADD COLUMN note2 text;\nCREATE INDEX items_s ON items (s);\n");
    const QString rule = QStringLiteral("non-transactional-in-transaction");
    const LintReport r = lint();
    const Finding f = at(r, rule, QStringLiteral("001_mixed.sql"), 2);
    EXPECT_EQ(f.severity, Severity::Warn);
    EXPECT_TRUE(f.message.contains(u"(line 1, 3)")) << s(f.message);
    EXPECT_EQ(of(r, rule).size(), 1) << dump(r);
}

TEST_F(lint_mariadb, DestructiveStatementsAndNotNullColumnsOnLiveRows)
{
    for (const char *name : {"a_trunc", "a_drop", "a_del", "a_upd", "a_add"})
        table(QLatin1String(name), 4);
    table(QStringLiteral("empty"), 0);
    write("001_destroy.sql", "TRUNCATE TABLE a_trunc;\n"
                             "DROP TABLE IF EXISTS `a_drop`, empty;\n"
                             "DELETE LOW_PRIORITY FROM a_del;\n"
                             "DELETE FROM a_del LIMIT 10;\n"
                             "UPDATE a_upd SET n = 0;\n"
                             "ALTER TABLE a_add ADD COLUMN flag int NOT NULL;\n"
                             "ALTER TABLE a_add ADD COLUMN flag2 int NOT NULL DEFAULT 0;\n"
                             "DROP DATABASE other_db;\n");
    const QString file = QStringLiteral("001_destroy.sql");
    const LintReport r = lint();
    EXPECT_EQ(at(r, QStringLiteral("truncate"), file, 1).message, u"TRUNCATE removes all 4 row(s) of a_trunc");
    const QList<Finding> drops = of(r, QStringLiteral("drop-table"));
    ASSERT_EQ(drops.size(), 2) << dump(r);
    EXPECT_EQ(drops[0].severity, Severity::Block);
    EXPECT_EQ(drops[1].severity, Severity::Info);
    EXPECT_EQ(at(r, QStringLiteral("delete-without-where"), file, 3).severity, Severity::Block);
    EXPECT_TRUE(silent(r, QStringLiteral("delete-without-where"), file, 4)) << dump(r);
    EXPECT_EQ(at(r, QStringLiteral("update-without-where"), file, 5).severity, Severity::Warn);
    const Finding flag = at(r, QStringLiteral("not-null-with-nulls"), file, 6);
    EXPECT_EQ(flag.severity, Severity::Warn); // MariaDB fills in 0: no failure, but a value nobody chose
    EXPECT_EQ(flag.evidence, u"a_add holds 4 row(s)");
    EXPECT_TRUE(silent(r, QStringLiteral("not-null-with-nulls"), file, 7)) << dump(r);
    EXPECT_EQ(at(r, QStringLiteral("drop-schema"), file, 8).evidence,
              QStringLiteral("other_db is not the target's database (%1): its contents were not measured").arg(m_database));
}

TEST_F(lint_mariadb, ChecksThatCannotBeMadeAreListedAsNotChecked)
{
    table(QStringLiteral("users"), 3);
    write("001_create.sql", "CREATE TABLE accounts (id int, email varchar(10));\n");
    write("002_modify.sql", "ALTER TABLE accounts MODIFY email varchar(5) NOT NULL;\n");
    write("003_check.sql", "ALTER TABLE users ADD CONSTRAINT c CHECK (nosuchcolumn > 0);\n");
    const LintReport r = lint();
    EXPECT_EQ(notChecked(r, QStringLiteral("narrowing-type-change")),
              QStringList{QStringLiteral("002 002_modify.sql:1 narrowing-type-change accounts.email: accounts does not exist yet: 001_create.sql:1 creates it")});
    EXPECT_EQ(notChecked(r, QStringLiteral("not-null-with-nulls")).size(), 1) << dump(r);
    const QStringList check = notChecked(r, QStringLiteral("check-violated"));
    ASSERT_EQ(check.size(), 1) << dump(r);
    EXPECT_TRUE(check.first().startsWith(u"003 003_check.sql:1 check-violated users CHECK (nosuchcolumn > 0): Unknown column")) << s(check.first());
    EXPECT_TRUE(r.findings.isEmpty()) << dump(r);
}

// INSERT ... WITH RECURSIVE n(i) AS (...) SELECT ... FROM n into a table the migration creates: n
// is a CTE, not a table to copy from; the rows the query gives are counted, wrapped with their WITH.
TEST_F(lint_mariadb, AnInsertFromCtesIsCheckedOverTheRowsItsQueryGives)
{
    write("001_seed.sql", "CREATE TABLE people (\n"
                          "  id varchar(20) PRIMARY KEY,\n"
                          "  name varchar(40) NOT NULL,\n"
                          "  code int UNIQUE CHECK (code < 1000)\n"
                          ");\n"
                          "INSERT INTO people (id, name, code)\n"
                          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 140)\n"
                          "SELECT CONCAT('stu-', i), CONCAT('Student ', i), i FROM n;\n");
    const LintReport clean = lint();
    EXPECT_TRUE(clean.notChecked.isEmpty()) << dump(clean);
    for (const char *rule : {"not-null-with-nulls", "unique-over-duplicates", "check-violated"})
        EXPECT_TRUE(of(clean, QLatin1String(rule)).isEmpty()) << dump(clean);

    write("002_guests.sql", cteInsertMigration("CONCAT('g', i)"));
    expectCteInsertCounted(lint());
}

TEST_F(lint_mariadb, ATableRebuildIsCheckedOverTheRowsItCopies)
{
    table(QStringLiteral("users"), 6);
    sql(QStringLiteral("UPDATE users SET s = NULL WHERE id IN (2, 4)"));
    sql(QStringLiteral("UPDATE users SET n = 1 WHERE id = 3"));
    write("001_rebuild.sql", "CREATE TABLE users_new (id int PRIMARY KEY, n int UNIQUE, s varchar(20) NOT NULL);\n"
                             "INSERT INTO users_new (id, n, s) SELECT u.id, u.n, u.s FROM `users` AS u WHERE u.id IN (SELECT id FROM users);\n"
                             "DROP TABLE users;\n"
                             "RENAME TABLE users_new TO users;\n");
    const QString file = QStringLiteral("001_rebuild.sql");
    const LintReport r = lint();
    EXPECT_EQ(at(r, QStringLiteral("not-null-with-nulls"), file, 2).evidence, u"2 of 6 rows copied from users have NULL s");
    EXPECT_EQ(at(r, QStringLiteral("unique-over-duplicates"), file, 2).evidence,
              u"1 value(s) of (n) appear more than once in the rows copied from users, 2 row(s) in all");
    EXPECT_EQ(at(r, QStringLiteral("drop-table"), file, 3).severity, Severity::Info);
    EXPECT_TRUE(r.notChecked.isEmpty()) << dump(r);
}

TEST_F(lint_mariadb, MigctlJsonAndExitCodes)
{
    table(QStringLiteral("users"), 4);
    write("001_drop.sql", "ALTER TABLE users DROP COLUMN s;\n");
    const QString dir = m_folder.path();
    const Migctl text = migctl(QStringLiteral("lint"), dir);
    EXPECT_EQ(text.exitCode, 1) << text.text();
    EXPECT_TRUE(text.out.contains(QStringLiteral("BLOCK 001 %1/001_drop.sql:1 drop-column: DROP COLUMN users.s destroys its values "
                                                 "(4 of 4 row(s) of users hold a value in s) \u2014 fix: ").arg(dir)))
        << text.text();
    const Migctl json = migctl(QStringLiteral("lint"), dir, {QStringLiteral("--json")});
    EXPECT_EQ(json.exitCode, 1) << json.text();
    const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
    EXPECT_EQ(o.value(u"findings").toArray().first().toObject().value(u"rule").toString(), u"drop-column");
    EXPECT_EQ(o.value(u"counts").toObject().value(u"block").toInt(), 1);

    sql(QStringLiteral("UPDATE users SET s = NULL"));
    const Migctl quiet = migctl(QStringLiteral("lint"), dir, {QStringLiteral("--json")});
    EXPECT_EQ(quiet.exitCode, 0) << quiet.text();
    EXPECT_FALSE(QJsonDocument::fromJson(quiet.out.toUtf8()).object().value(u"blocks").toBool()) << quiet.text();
}

} // namespace
