// Lint against real SQLite files: each case fills a target of its own, writes pending migrations
// and reads what lint measured; the table rebuild (CREATE new ... INSERT ... SELECT FROM old)
// is checked over the rows it copies; and the real migctl prints it, as text and JSON.
#include "../run/SqliteEngineSupport.h"
#include "LintSupport.h"

#include <QJsonArray>

using namespace linttest;
using namespace sqlitetest;

namespace {

class lint_sqlite : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("target.db"));
        m_migrations = m_dir.filePath(QStringLiteral("migrations"));
        QDir().mkpath(m_migrations);
    }
    void sql(const QString &statement) { execSql(m_db, statement); }
    void write(const QString &name, const QByteArray &text) { writeFile(m_migrations + u'/' + name, text); }
    LintReport lint(const LintOptions &options = {}) { return lintFolder(sqliteProfile(m_db), QString(), m_migrations, options); }

    QTemporaryDir m_dir;
    QString m_db;
    QString m_migrations;
};

TEST_F(lint_sqlite, DestructiveStatementsTellTheRowsTheyDestroy)
{
    sql(QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, name TEXT);"
                       "INSERT INTO users (email, name) VALUES ('a', 'ann'), (NULL, 'bob'), ('c', 'cy'), (NULL, 'dee'), ('e', 'eve');"
                       "CREATE TABLE logs (id INTEGER, note TEXT);"
                       "CREATE TABLE sessions (id INTEGER, token TEXT); INSERT INTO sessions VALUES (1, 'x'), (2, 'y');"
                       "CREATE TABLE carts (id INTEGER, note TEXT); INSERT INTO carts VALUES (1, NULL), (2, NULL);"));
    write("001_cleanup.sql", "-- old stuff\n"
                             "DELETE FROM sessions WHERE id = 1;\n"
                             "DELETE FROM main.sessions;\n"
                             "UPDATE users SET name = 'x' WHERE id = 2;\n"
                             "UPDATE OR IGNORE users\n   SET name = 'x';\n"
                             "ALTER TABLE users DROP COLUMN email;\n"
                             "ALTER TABLE carts DROP COLUMN note;\n"
                             "DROP TABLE logs;\n"
                             "DROP TABLE IF EXISTS \"users\";\n");
    const LintReport r = lint();
    const QString file = QStringLiteral("001_cleanup.sql");
    EXPECT_TRUE(silent(r, QStringLiteral("delete-without-where"), file, 2)) << dump(r);
    const Finding del = at(r, QStringLiteral("delete-without-where"), file, 3);
    EXPECT_EQ(del.severity, Severity::Block);
    EXPECT_EQ(del.message, u"DELETE without WHERE removes all 2 row(s) of sessions");
    EXPECT_TRUE(del.evidence.startsWith(u"sessions holds 2 row(s)")) << dump(r);
    EXPECT_TRUE(silent(r, QStringLiteral("update-without-where"), file, 4)) << dump(r);
    const Finding update = at(r, QStringLiteral("update-without-where"), file, 5);
    EXPECT_EQ(update.severity, Severity::Warn);
    EXPECT_EQ(update.statement, u"UPDATE OR IGNORE users");
    const Finding column = at(r, QStringLiteral("drop-column"), file, 7);
    EXPECT_EQ(column.severity, Severity::Block);
    EXPECT_EQ(column.evidence, u"3 of 5 row(s) of users hold a value in email");
    EXPECT_EQ(at(r, QStringLiteral("drop-column"), file, 8).severity, Severity::Info); // only NULLs
    EXPECT_EQ(at(r, QStringLiteral("drop-table"), file, 9).severity, Severity::Info);  // empty
    const Finding drop = at(r, QStringLiteral("drop-table"), file, 10);
    EXPECT_EQ(drop.severity, Severity::Block);
    EXPECT_EQ(drop.message, u"DROP TABLE users destroys the table and all 5 row(s) of users");
    EXPECT_TRUE(drop.hint.contains(u"ALTER TABLE users RENAME TO users_old")) << drop.hint.toStdString();
}

TEST_F(lint_sqlite, ATableRebuildIsCheckedOverTheRowsItCopies)
{
    sql(QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, nick TEXT);"
                       "INSERT INTO users (email, nick) VALUES ('ann@x', 'a'), (NULL, 'b'), ('x', 'a'), (NULL, 'c'), ('eve@x', 'e');"));
    write("001_rebuild.sql", "CREATE TABLE users_new (\n"
                             "  id INTEGER PRIMARY KEY,\n"
                             "  email TEXT NOT NULL CHECK (length(email) > 3),\n"
                             "  nick TEXT UNIQUE\n"
                             ");\n"
                             "INSERT INTO users_new (id, email, nick)\n"
                             "  SELECT id, email, nick FROM users;\n"
                             "DROP TABLE users;\n"
                             "ALTER TABLE users_new RENAME TO users;\n");
    const QString file = QStringLiteral("001_rebuild.sql");
    const LintReport r = lint();
    const Finding nulls = at(r, QStringLiteral("not-null-with-nulls"), file, 6);
    EXPECT_EQ(nulls.severity, Severity::Block);
    EXPECT_EQ(nulls.evidence, u"2 of 5 rows copied from users have NULL email");
    EXPECT_TRUE(nulls.message.contains(u"declared NOT NULL: the rebuild fails")) << nulls.message.toStdString();
    // NULL passes a CHECK; 'x' does not.
    EXPECT_EQ(at(r, QStringLiteral("check-violated"), file, 6).evidence, u"1 of 5 rows copied from users violate CHECK (length(email) > 3)");
    EXPECT_EQ(at(r, QStringLiteral("unique-over-duplicates"), file, 6).evidence,
              u"1 value(s) of (nick) appear more than once in the rows copied from users, 2 row(s) in all");
    // The copy is what makes the DROP safe, and the rename gives the old name back.
    EXPECT_EQ(at(r, QStringLiteral("drop-table"), file, 8).severity, Severity::Info);
    EXPECT_TRUE(of(r, QStringLiteral("rename-breaks-code")).isEmpty()) << dump(r);
    EXPECT_TRUE(r.notChecked.isEmpty()) << dump(r);

    sql(QStringLiteral("UPDATE users SET email = 'none@x' WHERE email IS NULL OR email = 'x'; UPDATE users SET nick = 'a2' WHERE id = 3;"));
    const LintReport fixed = lint();
    EXPECT_FALSE(fixed.blocks()) << dump(fixed);
    EXPECT_TRUE(of(fixed, QStringLiteral("not-null-with-nulls")).isEmpty()) << dump(fixed);
    EXPECT_TRUE(of(fixed, QStringLiteral("check-violated")).isEmpty()) << dump(fixed);
    EXPECT_TRUE(of(fixed, QStringLiteral("unique-over-duplicates")).isEmpty()) << dump(fixed);
}

TEST_F(lint_sqlite, UniqueIndexOverDuplicatesWithQuotedNames)
{
    sql(QStringLiteral("CREATE TABLE \"Order Lines\" (\"Sku\" TEXT, qty INTEGER);"
                       "INSERT INTO \"Order Lines\" VALUES ('a', 1), ('a', 2), ('A', 3), ('b', 4), (NULL, 5), (NULL, 6);"));
    write("001_sku.sql", "CREATE UNIQUE INDEX sku ON \"Order Lines\" (\"Sku\");\n"
                         "CREATE UNIQUE INDEX sku_nocase ON main.\"Order Lines\" (\"Sku\" COLLATE NOCASE DESC);\n"
                         "CREATE UNIQUE INDEX sku_big ON \"Order Lines\" (\"Sku\") WHERE qty > 1;\n"
                         "CREATE UNIQUE INDEX qty ON \"Order Lines\" (qty);\n");
    const QString rule = QStringLiteral("unique-over-duplicates");
    const QString file = QStringLiteral("001_sku.sql");
    const LintReport r = lint();
    EXPECT_EQ(at(r, rule, file, 1).evidence, u"1 value(s) of (Sku) appear more than once in the rows of \"Order Lines\", 2 row(s) in all");
    EXPECT_EQ(at(r, rule, file, 2).evidence,
              u"1 value(s) of (\"Sku\" COLLATE NOCASE) appear more than once in the rows of \"Order Lines\", 3 row(s) in all");
    EXPECT_TRUE(silent(r, rule, file, 3)) << dump(r); // the predicate leaves one 'a'
    EXPECT_TRUE(silent(r, rule, file, 4)) << dump(r);
}

TEST_F(lint_sqlite, AddColumnNotNullWithoutDefaultIsRefusedWhateverTheRows)
{
    sql(QStringLiteral("CREATE TABLE t (id INTEGER); CREATE TABLE empty (id INTEGER); INSERT INTO t VALUES (1);"));
    write("001_columns.sql", "ALTER TABLE t ADD COLUMN a TEXT NOT NULL;\n"
                             "ALTER TABLE empty ADD COLUMN a TEXT NOT NULL;\n"
                             "ALTER TABLE t ADD COLUMN b TEXT NOT NULL DEFAULT '';\n");
    const QString rule = QStringLiteral("not-null-with-nulls");
    const LintReport r = lint();
    EXPECT_EQ(at(r, rule, QStringLiteral("001_columns.sql"), 1).evidence, u"t holds 1 row(s)");
    EXPECT_EQ(at(r, rule, QStringLiteral("001_columns.sql"), 2).evidence, u"empty holds 0 row(s)");
    EXPECT_TRUE(silent(r, rule, QStringLiteral("001_columns.sql"), 3)) << dump(r);
}

TEST_F(lint_sqlite, RenamesAndStatementsThatRefuseATransaction)
{
    sql(QStringLiteral("CREATE TABLE users (id INTEGER, email TEXT); INSERT INTO users VALUES (1, 'a');"));
    write("001_rename.sql", "ALTER TABLE users RENAME COLUMN email TO mail;\n");
    write("002_rename.sql", "ALTER TABLE users RENAME TO people;\n");
    write("003_fresh.sql", "CREATE TABLE fresh (a INTEGER);\nALTER TABLE fresh RENAME TO fresher;\n");
    write("004_vacuum.sql", "VACUUM;\n");
    write("005_mixed.sql", "DELETE FROM fresher;\nVACUUM;\n");
    write("006_begin.sql", "BEGIN;\nVACUUM;\nCOMMIT;\n");
    const LintReport r = lint();
    EXPECT_EQ(at(r, QStringLiteral("rename-breaks-code"), QStringLiteral("001_rename.sql"), 1).evidence,
              u"users.email exists on the target, in 1 row(s)");
    EXPECT_TRUE(at(r, QStringLiteral("rename-breaks-code"), QStringLiteral("002_rename.sql"), 1).message.startsWith(u"RENAME users TO people"));
    EXPECT_EQ(of(r, QStringLiteral("rename-breaks-code")).size(), 2) << dump(r);
    const QString rule = QStringLiteral("non-transactional-in-transaction");
    EXPECT_TRUE(silent(r, rule, QStringLiteral("004_vacuum.sql"), 1)) << dump(r);
    EXPECT_EQ(at(r, rule, QStringLiteral("005_mixed.sql"), 2).severity, Severity::Warn);
    EXPECT_EQ(at(r, rule, QStringLiteral("006_begin.sql"), 2).severity, Severity::Block);
}

TEST_F(lint_sqlite, NotCheckedSaysWhy)
{
    sql(QStringLiteral("CREATE TABLE users (id INTEGER, email TEXT); INSERT INTO users VALUES (1, 'a'), (2, 'a');"));
    write("001_create.sql", "CREATE TABLE accounts (id INTEGER, email TEXT);\n");
    write("002_unique.sql", "CREATE UNIQUE INDEX accounts_email ON accounts (email);\n");
    write("003_copy.sql", "CREATE TABLE archive (id INTEGER NOT NULL);\nINSERT INTO archive SELECT id FROM nowhere;\n");
    write("004_written.sql", "INSERT INTO users VALUES (3, 'b');\nCREATE UNIQUE INDEX users_email ON users (email);\n");
    const LintReport r = lint();
    EXPECT_FALSE(r.blocks()) << dump(r);
    EXPECT_EQ(notChecked(r, QStringLiteral("unique-over-duplicates")),
              (QStringList{QStringLiteral("002 002_unique.sql:1 unique-over-duplicates accounts (email): accounts does not exist yet: "
                                          "001_create.sql:1 creates it"),
                           QStringLiteral("004 004_written.sql:2 unique-over-duplicates users (email): the rows of users are changed at "
                                          "004_written.sql:1 before this statement runs: the live rows are not the ones it will meet")}));
    EXPECT_EQ(notChecked(r, QStringLiteral("not-null-with-nulls")),
              QStringList{QStringLiteral("003 003_copy.sql:2 not-null-with-nulls archive.id: nowhere does not exist on the target")});
}

// Each check a rebuild cannot make is told once, naming its column or constraint.
TEST_F(lint_sqlite, NotCheckedNamesEachConstraintOnce)
{
    write("001_copy.sql", "CREATE TABLE staged (a TEXT);\n"
                          "CREATE TABLE t (id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, CHECK (name <> ''), UNIQUE (id));\n"
                          "INSERT INTO t (id, name) WITH s AS (SELECT a FROM staged) SELECT a, a FROM s;\n");
    const LintReport r = lint();
    const QString where = QStringLiteral("001 001_copy.sql:3 ");
    const QString why = QStringLiteral(": staged does not exist yet: 001_copy.sql:1 creates it");
    EXPECT_EQ(r.notChecked, (QStringList{where + QStringLiteral("not-null-with-nulls t.id") + why,
                                         where + QStringLiteral("unique-over-duplicates t (id)") + why,
                                         where + QStringLiteral("not-null-with-nulls t.name") + why,
                                         where + QStringLiteral("check-violated t CHECK (name <> '')") + why}))
        << dump(r);
}

// INSERT ... WITH RECURSIVE n(i) AS (...) SELECT ... FROM n into a table the migration creates (the
// demo's seed): n is a CTE, not a table to copy from; the rows the query gives are counted.
TEST_F(lint_sqlite, AnInsertFromCtesIsCheckedOverTheRowsItsQueryGives)
{
    write("001_seed.sql", "CREATE TABLE User (\n"
                          "  id TEXT PRIMARY KEY,\n"
                          "  name TEXT NOT NULL,\n"
                          "  role TEXT NOT NULL CHECK (role IN ('STUDENT', 'ADMIN')),\n"
                          "  code INTEGER UNIQUE\n"
                          ");\n"
                          "INSERT INTO User (id, name, role, code)\n"
                          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 140)\n"
                          "SELECT printf('stu-%03d', i), printf('Student %03d', i), 'STUDENT', i FROM n;\n"
                          "INSERT INTO User (id, name, role) VALUES ('adm', 'Admin', 'ADMIN');\n");
    const LintReport clean = lint();
    EXPECT_TRUE(clean.findings.isEmpty()) << dump(clean);
    EXPECT_TRUE(clean.notChecked.isEmpty()) << dump(clean);

    write("002_guests.sql", cteInsertMigration("'g' || i"));
    expectCteInsertCounted(lint());
}

// A rebuild that reads the old table through a CTE (SQLite's WITH before INSERT too) is a copy.
TEST_F(lint_sqlite, ARebuildThroughACteIsStillACopy)
{
    sql(QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);"
                       "INSERT INTO users (email) VALUES ('a'), (NULL), ('c'), (NULL), ('a');"));
    write("001_rebuild.sql", "CREATE TABLE users_new (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);\n"
                             "WITH old AS (SELECT id, email FROM users)\n"
                             "INSERT INTO users_new SELECT id, email FROM old;\n"
                             "DROP TABLE users;\n"
                             "ALTER TABLE users_new RENAME TO users;\n");
    const QString file = QStringLiteral("001_rebuild.sql");
    const LintReport r = lint();
    const Finding nulls = at(r, QStringLiteral("not-null-with-nulls"), file, 2);
    EXPECT_EQ(nulls.evidence, u"2 of 5 rows copied from users have NULL email");
    EXPECT_TRUE(nulls.message.startsWith(u"INSERT INTO users_new ... SELECT FROM users copies NULL")) << nulls.message.toStdString();
    EXPECT_EQ(at(r, QStringLiteral("unique-over-duplicates"), file, 2).evidence,
              u"1 value(s) of (email) appear more than once in the rows copied from users, 2 row(s) in all");
    EXPECT_EQ(at(r, QStringLiteral("drop-table"), file, 4).severity, Severity::Info);
    EXPECT_TRUE(r.notChecked.isEmpty()) << dump(r);
}

// The demo the console opens on, against a new file: every check can be made, none fails.
TEST_F(lint_sqlite, TheDemoFolderLintsCleanOnAFreshFile)
{
    const MigctlRun run = migctl({QStringLiteral("lint"), QStringLiteral("--target"), QStringLiteral("sqlite:") + m_db, QStringLiteral("--dir"),
                                  demoDir(), QStringLiteral("--json")},
                                 m_dir.filePath(QStringLiteral("runs.sqlite")));
    EXPECT_EQ(run.exitCode, 0) << run.text();
    const QJsonObject o = run.json();
    EXPECT_EQ(o.value(u"migrations").toInt(), 3) << run.text();
    EXPECT_EQ(o.value(u"notChecked").toArray().size(), 0) << run.text();
    EXPECT_EQ(o.value(u"findings").toArray().size(), 0) << run.text();
}

TEST_F(lint_sqlite, ThePolicyChangesSeveritiesAndTurnsRulesOff)
{
    sql(QStringLiteral("CREATE TABLE t (id INTEGER); INSERT INTO t VALUES (1), (1); CREATE TABLE empty (id INTEGER);"));
    write("001_t.sql", "UPDATE t SET id = 2;\nCREATE UNIQUE INDEX t_id ON t (id);\nDELETE FROM empty;\n");
    const QString file = QStringLiteral("001_t.sql");
    const LintReport defaults = lint();
    EXPECT_EQ(at(defaults, QStringLiteral("update-without-where"), file, 1).severity, Severity::Warn);
    EXPECT_EQ(at(defaults, QStringLiteral("delete-without-where"), file, 3).severity, Severity::Info);
    ASSERT_EQ(notChecked(defaults, QStringLiteral("unique-over-duplicates")).size(), 1) << dump(defaults); // t is updated first

    LintOptions policy;
    policy.severity.insert(QStringLiteral("update-without-where"), Severity::Block);
    policy.severity.insert(QStringLiteral("delete-without-where"), Severity::Block);
    policy.disabled.insert(QStringLiteral("unique-over-duplicates"));
    const LintReport r = lint(policy);
    EXPECT_EQ(at(r, QStringLiteral("update-without-where"), file, 1).severity, Severity::Block);
    // An empty table stays harmless whatever the policy says.
    EXPECT_EQ(at(r, QStringLiteral("delete-without-where"), file, 3).severity, Severity::Info);
    EXPECT_TRUE(notChecked(r, QStringLiteral("unique-over-duplicates")).isEmpty()) << dump(r);
    EXPECT_TRUE(r.blocks());
}

TEST_F(lint_sqlite, MigctlPrintsOneLinePerFindingAndTheJsonReport)
{
    sql(QStringLiteral("CREATE TABLE users (id INTEGER, email TEXT); INSERT INTO users VALUES (1, 'a'), (2, 'a'), (3, 'b');"
                       "CREATE TABLE accounts (id INTEGER);"));
    write("001_index.sql", "\nCREATE UNIQUE INDEX users_email ON users (email);\n");
    write("002_drop.sql", "DROP TABLE accounts;\n");
    const QString store = m_dir.filePath(QStringLiteral("runs.sqlite"));
    const QStringList args{QStringLiteral("lint"), QStringLiteral("--target"), QStringLiteral("sqlite:") + m_db, QStringLiteral("--dir"), m_migrations};
    const MigctlRun text = migctl(args, store);
    EXPECT_EQ(text.exitCode, 1) << text.text();
    EXPECT_TRUE(text.out.contains(QStringLiteral("BLOCK 001 %1/001_index.sql:2 unique-over-duplicates: CREATE UNIQUE INDEX users_email ON users "
                                                 "(email) fails: the unique key (email) repeats (1 value(s) of (email) appear more than once "
                                                 "in the rows of users, 2 row(s) in all) \u2014 fix: remove or merge the duplicates first")
                                      .arg(m_migrations)))
        << text.text();
    EXPECT_TRUE(text.out.contains(QStringLiteral("INFO 002 %1/002_drop.sql:1 drop-table: ").arg(m_migrations))) << text.text();
    EXPECT_TRUE(text.out.contains(u"2 finding(s): 1 block, 0 warn, 1 info; 0 not checked")) << text.text();

    const MigctlRun json = migctl(args + QStringList{QStringLiteral("--json")}, store);
    EXPECT_EQ(json.exitCode, 1) << json.text();
    const QJsonObject o = json.json();
    EXPECT_EQ(o.value(u"schema").toString(), u"migctl.lint/1");
    EXPECT_EQ(o.value(u"migrations").toInt(), 2);
    const QJsonArray findings = o.value(u"findings").toArray();
    ASSERT_EQ(findings.size(), 2) << json.text();
    EXPECT_EQ(findings[0].toObject().value(u"line").toInt(), 2);
    EXPECT_EQ(findings[0].toObject().value(u"statement").toString(), u"CREATE UNIQUE INDEX users_email ON users (email)");
    EXPECT_EQ(findings[1].toObject().value(u"severity").toString(), u"info");

    execSql(m_db, QStringLiteral("DELETE FROM users WHERE id = 2"));
    const MigctlRun fixed = migctl(args, store);
    EXPECT_EQ(fixed.exitCode, 0) << fixed.text();
    EXPECT_TRUE(fixed.out.contains(u"1 finding(s): 0 block, 0 warn, 1 info")) << fixed.text();
}

TEST_F(lint_sqlite, MigctlTakesSeveritiesAndRulesTurnedOffFromTheFoldersPolicy)
{
    sql(QStringLiteral("CREATE TABLE users (id INTEGER, email TEXT); INSERT INTO users VALUES (1, 'a'), (2, 'a');"
                       "CREATE TABLE accounts (id INTEGER); INSERT INTO accounts VALUES (7);"));
    write("001_index.sql", "CREATE UNIQUE INDEX users_email ON users (email);\n");
    write("002_drop.sql", "DROP TABLE accounts;\n");
    write("migctl-policy.json", R"({"lint": {"rules": {"drop-table": "block", "unique-over-duplicates": "off"}}})");
    const QString store = m_dir.filePath(QStringLiteral("runs.sqlite"));
    const QStringList args{QStringLiteral("lint"), QStringLiteral("--target"), QStringLiteral("sqlite:") + m_db, QStringLiteral("--dir"), m_migrations};
    const MigctlRun run = migctl(args, store);
    EXPECT_EQ(run.exitCode, 1) << run.text();
    EXPECT_TRUE(run.out.contains(QStringLiteral("BLOCK 002 %1/002_drop.sql:1 drop-table: ").arg(m_migrations))) << run.text();
    EXPECT_FALSE(run.out.contains(u"unique-over-duplicates")) << run.text();
    EXPECT_TRUE(run.out.contains(u"1 finding(s): 1 block, 0 warn, 0 info")) << run.text();

    // A policy that cannot be read is a folder error, not a silent fallback to the defaults.
    write("migctl-policy.json", R"({"lint": {"rules": {"drop-tabel": "block"}}})");
    const MigctlRun broken = migctl(args, store);
    EXPECT_EQ(broken.exitCode, 3) << broken.text();
    EXPECT_TRUE(broken.err.contains(u"unknown lint rule \"drop-tabel\"")) << broken.text();
}

} // namespace
