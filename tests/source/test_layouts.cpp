// Every supported layout, read from realistic folders in tests/data/layouts.
#include "TempFolder.h"
#include "plan/FolderPlan.h"
#include "source/FolderLoader.h"

#include <gtest/gtest.h>

using namespace mig;

namespace {

QStringList versions(const FolderLoadResult &r)
{
    QStringList out;
    for (const Migration &m : r.migrations)
        out << (m.repeatable ? QStringLiteral("R:") + m.name : m.version.text());
    return out;
}

QString problemsOf(const FolderLoadResult &r)
{
    QStringList out;
    for (const Problem &p : r.problems)
        out << p.toString();
    return out.join(u'\n');
}

const Migration &byVersion(const FolderLoadResult &r, const QString &version)
{
    for (const Migration &m : r.migrations)
        if (m.version.text() == version)
            return m;
    throw std::runtime_error("no migration " + version.toStdString());
}

} // namespace

TEST(Layouts, Native)
{
    const FolderLoadResult r = loadMigrationFolder(testData(QStringLiteral("layouts/native")));
    EXPECT_FALSE(r.hasErrors()) << problemsOf(r).toStdString();
    EXPECT_TRUE(r.problems.isEmpty()) << problemsOf(r).toStdString(); // README.md is not a problem
    EXPECT_EQ(r.format, Format::Native);
    EXPECT_EQ(versions(r), (QStringList{"001", "002", "010"}));
    const Migration &first = r.migrations.first();
    EXPECT_EQ(first.name, QStringLiteral("create_users"));
    EXPECT_EQ(first.file, QStringLiteral("001_create_users.sql"));
    EXPECT_TRUE(first.down.path.endsWith(u"001_create_users.rollback.sql"));
    EXPECT_TRUE(first.verify.path.endsWith(u"001_create_users.verify.sql"));
    EXPECT_TRUE(first.transactional());
    EXPECT_EQ(first.checksum.size(), 64);
    EXPECT_TRUE(r.migrations.at(1).down.isNull());
    EXPECT_TRUE(r.migrations.at(1).verify.isNull());
}

TEST(Layouts, Flyway)
{
    const FolderLoadResult r = loadMigrationFolder(testData(QStringLiteral("layouts/flyway")));
    EXPECT_FALSE(r.hasErrors()) << problemsOf(r).toStdString();
    EXPECT_EQ(r.format, Format::Flyway);
    // Versions numerically, then repeatables by description.
    EXPECT_EQ(versions(r), (QStringList{"1", "1.1", "1.9", "1.10", "2.0.1", "3", "R:A first view", "R:Refresh views"}));
    EXPECT_EQ(byVersion(r, QStringLiteral("1")).name, QStringLiteral("Create person table"));
    EXPECT_TRUE(byVersion(r, QStringLiteral("1.1")).down.path.endsWith(u"U1.1__Add_people.sql"));
    EXPECT_TRUE(byVersion(r, QStringLiteral("1")).down.isNull());
    // V3__...sql.conf says executeInTransaction=false.
    EXPECT_FALSE(byVersion(r, QStringLiteral("3")).transactional());
    EXPECT_TRUE(byVersion(r, QStringLiteral("1.10")).transactional());
    EXPECT_TRUE(r.migrations.last().repeatable);
}

TEST(Layouts, GolangMigrate)
{
    const FolderLoadResult r = loadMigrationFolder(testData(QStringLiteral("layouts/golang-migrate")));
    EXPECT_FALSE(r.hasErrors()) << problemsOf(r).toStdString();
    EXPECT_EQ(r.format, Format::GolangMigrate);
    EXPECT_EQ(versions(r), (QStringList{"1", "2", "10"}));
    EXPECT_EQ(r.migrations.first().name, QStringLiteral("create_users_table"));
    EXPECT_TRUE(r.migrations.first().down.path.endsWith(u"1_create_users_table.down.sql"));
    EXPECT_TRUE(r.migrations.last().down.isNull());
}

TEST(Layouts, DbmateSectionsAndOptions)
{
    const FolderLoadResult r = loadMigrationFolder(testData(QStringLiteral("layouts/dbmate")));
    EXPECT_FALSE(r.hasErrors()) << problemsOf(r).toStdString();
    EXPECT_EQ(r.format, Format::Dbmate);
    EXPECT_EQ(versions(r), (QStringList{"20151129054053", "20200101120000", "20210101000000"}));
    const Migration &first = r.migrations.at(0);
    EXPECT_EQ(first.up.path, first.down.path); // one file, two sections
    EXPECT_EQ(first.up.firstLine(), 2);
    EXPECT_EQ(first.down.firstLine(), 9);
    EXPECT_TRUE(first.transactional());
    EXPECT_FALSE(r.migrations.at(1).transactional()); // transaction:false
    EXPECT_TRUE(r.migrations.at(1).down.transactional);
    // An empty down section: no rollback, and the DBA is told.
    EXPECT_TRUE(r.migrations.at(2).down.isNull());
    ASSERT_EQ(r.problems.size(), 1);
    EXPECT_EQ(r.problems.first().severity, Problem::Severity::Warning);
    EXPECT_EQ(r.problems.first().line, 4);
}

TEST(Layouts, GooseBlocksAndNoTransaction)
{
    const FolderPlan plan = planFolder(testData(QStringLiteral("layouts/goose")), Dialect::Postgres);
    EXPECT_FALSE(plan.hasErrors()) << problemsOf(plan.folder).toStdString();
    EXPECT_EQ(plan.folder.format, Format::Goose);
    ASSERT_EQ(plan.migrations.size(), 2);
    const PlannedMigration &first = plan.migrations.at(0);
    EXPECT_EQ(first.migration.version.text(), QStringLiteral("00001"));
    EXPECT_EQ(first.migration.up.blockTag, QByteArray("goose"));
    EXPECT_EQ(first.statements, 2);      // CREATE TABLE + the whole function block
    EXPECT_EQ(first.downStatements, 2);
    EXPECT_TRUE(first.migration.transactional());
    EXPECT_FALSE(plan.migrations.at(1).migration.transactional()); // NO TRANSACTION
    EXPECT_FALSE(plan.migrations.at(1).migration.down.transactional);
}

TEST(Layouts, SqlMigrate)
{
    const FolderPlan plan = planFolder(testData(QStringLiteral("layouts/sql-migrate")), Dialect::Postgres);
    EXPECT_FALSE(plan.hasErrors()) << problemsOf(plan.folder).toStdString();
    EXPECT_EQ(plan.folder.format, Format::SqlMigrate);
    ASSERT_EQ(plan.migrations.size(), 3);
    EXPECT_EQ(plan.migrations.at(0).migration.name, QStringLiteral("initial"));
    EXPECT_EQ(plan.migrations.at(2).migration.version.text(), QStringLiteral("10_func")); // 2 < 10
    EXPECT_FALSE(plan.migrations.at(1).migration.transactional()); // notransaction
    EXPECT_TRUE(plan.migrations.at(1).migration.down.transactional);
    EXPECT_EQ(plan.migrations.at(2).statements, 1); // the StatementBegin block
    EXPECT_EQ(plan.migrations.at(2).migration.up.blockTag, QByteArray("migrate"));
}

TEST(Layouts, ForcedFormatOverridesDetection)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_a.sql"), "CREATE TABLE a(x int);\n");
    const FolderLoadResult forced = loadMigrationFolder(dir.path(), Format::Dbmate);
    EXPECT_TRUE(forced.formatForced);
    EXPECT_EQ(forced.format, Format::Dbmate);
    ASSERT_TRUE(forced.hasErrors());
    EXPECT_TRUE(problemsOf(forced).contains(u"-- migrate:up")) << problemsOf(forced).toStdString();
    const FolderLoadResult detected = loadMigrationFolder(dir.path());
    EXPECT_FALSE(detected.hasErrors());
    EXPECT_EQ(detected.format, Format::Native);
}

TEST(Layouts, ChecksumIgnoresLineEndingsAndBom)
{
    TempFolder a, b, c, d;
    a.write(QStringLiteral("001_x.sql"), "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\n");
    b.write(QStringLiteral("001_x.sql"), "\xEF\xBB\xBF" "CREATE TABLE t (id int);\r\nINSERT INTO t VALUES (1);\r\n");
    c.write(QStringLiteral("001_x.sql"), "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);"); // no final newline
    d.write(QStringLiteral("001_x.sql"), "CREATE TABLE t (id int);\nINSERT INTO t VALUES (2);\n");
    const QByteArray sa = loadMigrationFolder(a.path()).migrations.value(0).checksum;
    EXPECT_EQ(sa.size(), 64);
    EXPECT_EQ(sa, loadMigrationFolder(b.path()).migrations.value(0).checksum);
    EXPECT_EQ(sa, loadMigrationFolder(c.path()).migrations.value(0).checksum);
    EXPECT_NE(sa, loadMigrationFolder(d.path()).migrations.value(0).checksum);
}

TEST(Layouts, SectionChecksumCoversOnlyTheUpSection)
{
    TempFolder a, b;
    a.write(QStringLiteral("1_x.sql"), "-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;\n");
    b.write(QStringLiteral("1_x.sql"), "-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE IF EXISTS t;\n");
    EXPECT_EQ(loadMigrationFolder(a.path()).migrations.value(0).checksum,
              loadMigrationFolder(b.path()).migrations.value(0).checksum);
}

TEST(Layouts, FlywayReadsSubfolders)
{
    TempFolder dir;
    dir.write(QStringLiteral("V1__base.sql"), "CREATE TABLE a (id int);\n");
    dir.write(QStringLiteral("release-2/V2__more.sql"), "CREATE TABLE b (id int);\n");
    dir.write(QStringLiteral("release-2/deep/R__view.sql"), "CREATE VIEW v AS SELECT 1;\n");
    dir.write(QStringLiteral("release-2/notes.sql"), "-- not a migration, and Flyway would not read it\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    EXPECT_FALSE(r.hasErrors()) << problemsOf(r).toStdString();
    EXPECT_EQ(r.format, Format::Flyway);
    ASSERT_EQ(r.migrations.size(), 3);
    EXPECT_EQ(r.migrations[1].file, QStringLiteral("release-2/V2__more.sql"));
    EXPECT_EQ(r.migrations[2].file, QStringLiteral("release-2/deep/R__view.sql"));
}

TEST(Layouts, SqlMigrateSwitchesDirectionAtEveryAnnotation)
{
    TempFolder dir;
    dir.write(QStringLiteral("1765000000.sql"),
              "-- +migrate Up\n"
              "ALTER TABLE a ADD COLUMN b int;\n"
              "-- +migrate Up notransaction\n"
              "CREATE INDEX CONCURRENTLY a_b ON a (b);\n"
              "-- +migrate Down\n"
              "DROP INDEX a_b;\n"
              "-- +migrate Up\n"
              "UPDATE a SET b = 0;\n"
              "-- +migrate Down\n"
              "ALTER TABLE a DROP COLUMN b;\n");
    const FolderPlan plan = planFolder(dir.path(), Dialect::Postgres);
    EXPECT_FALSE(plan.hasErrors()) << problemsOf(plan.folder).toStdString();
    ASSERT_EQ(plan.migrations.size(), 1);
    const PlannedMigration &p = plan.migrations.first();
    EXPECT_EQ(p.statements, 3);
    EXPECT_EQ(p.downStatements, 2);
    EXPECT_FALSE(p.migration.transactional()); // one notransaction section covers the direction
    EXPECT_TRUE(p.migration.down.transactional);
    EXPECT_EQ(p.migration.up.spans.size(), 3);
    EXPECT_EQ(p.migration.checksum.size(), 64);
}

TEST(Layouts, SqlMigrateLegacyGorpPrefix)
{
    TempFolder dir;
    dir.write(QStringLiteral("1_initial.sql"), "-- +gorp Up\nCREATE TABLE people (id int);\n\n-- +gorp Down\nDROP TABLE people;\n");
    const FolderPlan plan = planFolder(dir.path(), Dialect::Sqlite);
    EXPECT_FALSE(plan.hasErrors()) << problemsOf(plan.folder).toStdString();
    ASSERT_EQ(plan.migrations.size(), 1);
    EXPECT_EQ(plan.folder.format, Format::SqlMigrate);
    EXPECT_EQ(plan.migrations.first().statements, 1);
    EXPECT_EQ(plan.migrations.first().downStatements, 1);
}

TEST(Layouts, UnknownToolDirectivesAreNotReadAsPlainSql)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_a.sql"), "-- +mytool Up\nCREATE TABLE a (id int);\n-- +mytool Down\nDROP TABLE a;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    ASSERT_TRUE(r.hasErrors());
    EXPECT_EQ(r.problems.first().line, 1);
    EXPECT_TRUE(r.problems.first().message.contains(u"-- +mytool Up")) << problemsOf(r).toStdString();
    EXPECT_TRUE(r.migrations.isEmpty());
}

TEST(Layouts, FlywayCallbacksAndStrayFilesInSubfolders)
{
    TempFolder dir;
    dir.write(QStringLiteral("V1__base.sql"), "CREATE TABLE a (id int);\n");
    dir.write(QStringLiteral("afterEachMigrate__Describe_tables.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("beforeMigrate.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("0.0.1/V0.0.1.34_single_underscore.sql"), "CREATE TABLE never (id int);\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    EXPECT_FALSE(r.hasErrors()) << problemsOf(r).toStdString();
    EXPECT_EQ(r.problems.size(), 3) << problemsOf(r).toStdString(); // two callbacks, one skipped file: warnings
    EXPECT_TRUE(problemsOf(r).contains(u"0.0.1/V0.0.1.34_single_underscore.sql: warning")) << problemsOf(r).toStdString();
}

TEST(Layouts, SubfoldersCountOnlyForFlyway)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_a.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("002_b.sql"), "SELECT 2;\n");
    dir.write(QStringLiteral("archive/V1__legacy.sql"), "SELECT 0;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    EXPECT_TRUE(r.problems.isEmpty()) << problemsOf(r).toStdString();
    EXPECT_EQ(r.format, Format::Native);
    EXPECT_EQ(r.migrations.size(), 2);
}

TEST(Layouts, FileNamesAsTheToolsAcceptThem)
{
    TempFolder flyway, dbmate;
    flyway.write(QStringLiteral("V1__upper.SQL"), "SELECT 1;\n");
    flyway.write(QStringLiteral("V1_1__lower.sql"), "SELECT 1;\n");
    const FolderLoadResult rf = loadMigrationFolder(flyway.path());
    EXPECT_FALSE(rf.hasErrors()) << problemsOf(rf).toStdString();
    EXPECT_EQ(versions(rf), (QStringList{"1", "1.1"})); // V1_1 shown as Flyway shows it
    dbmate.write(QStringLiteral("20240101120000-create.sql"), "-- migrate:up\nSELECT 1;\n");
    dbmate.write(QStringLiteral("20240102000000.sql"), "-- migrate:up\nSELECT 2;\n");
    const FolderLoadResult rd = loadMigrationFolder(dbmate.path());
    EXPECT_FALSE(rd.hasErrors()) << problemsOf(rd).toStdString();
    EXPECT_EQ(versions(rd), (QStringList{"20240101120000", "20240102000000"}));
    EXPECT_EQ(rd.migrations.first().name, QStringLiteral("create"));
}

TEST(Layouts, MigrationWithoutStatementsInTheDialectIsEmpty)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_semicolon.sql"), ";\n");
    dir.write(QStringLiteral("002_hash.sql"), "# just a note\n");
    const FolderPlan plan = planFolder(dir.path(), Dialect::Mysql);
    QStringList empty;
    for (const Problem &p : plan.folder.problems)
        if (p.message.contains(u"empty migration"))
            empty << p.file;
    EXPECT_EQ(empty, (QStringList{"001_semicolon.sql", "002_hash.sql"})) << problemsOf(plan.folder).toStdString();
}
