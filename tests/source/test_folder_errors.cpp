// Bad folders: every problem is reported with its file (and line), and good files still load.
#include "TempFolder.h"
#include "source/FolderLoader.h"

#include <QFile>
#include <gtest/gtest.h>

using namespace mig;

namespace {

const Problem *findProblem(const FolderLoadResult &r, const QString &file, const QString &fragment)
{
    for (const Problem &p : r.problems)
        if (p.file == file && p.message.contains(fragment, Qt::CaseInsensitive))
            return &p;
    return nullptr;
}

QString dump(const FolderLoadResult &r)
{
    QString out;
    for (const Problem &p : r.problems)
        out += p.toString() + u'\n';
    return out;
}

QStringList loadedFiles(const FolderLoadResult &r)
{
    QStringList out;
    for (const Migration &m : r.migrations)
        out << m.file;
    return out;
}

} // namespace

TEST(FolderErrors, DuplicateVersionsAreNamedAndNeitherFileIsTrusted)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_a.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("1_b.sql"), "SELECT 2;\n");
    dir.write(QStringLiteral("002_c.sql"), "SELECT 3;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    ASSERT_TRUE(r.hasErrors());
    const Problem *p = findProblem(r, QStringLiteral("001_a.sql"), QStringLiteral("duplicate version"));
    ASSERT_NE(p, nullptr) << dump(r).toStdString();
    EXPECT_TRUE(p->message.contains(u"1_b.sql"));
    EXPECT_NE(findProblem(r, QStringLiteral("1_b.sql"), QStringLiteral("duplicate version")), nullptr);
    EXPECT_EQ(loadedFiles(r), QStringList{QStringLiteral("002_c.sql")});
}

TEST(FolderErrors, FlywayVersionsEqualAfterTrailingZerosAreDuplicates)
{
    TempFolder dir;
    dir.write(QStringLiteral("V1__a.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("V1.0__b.sql"), "SELECT 2;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    EXPECT_NE(findProblem(r, QStringLiteral("V1.0__b.sql"), QStringLiteral("duplicate version")), nullptr) << dump(r).toStdString();
}

TEST(FolderErrors, DuplicateVersionsInSingleFileLayouts)
{
    TempFolder dir;
    dir.write(QStringLiteral("20240101_a.sql"), "-- migrate:up\nSELECT 1;\n");
    dir.write(QStringLiteral("020240101_b.sql"), "-- migrate:up\nSELECT 2;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    EXPECT_NE(findProblem(r, QStringLiteral("20240101_a.sql"), QStringLiteral("duplicate version")), nullptr) << dump(r).toStdString();
    EXPECT_TRUE(r.migrations.isEmpty());
}

TEST(FolderErrors, TwoLayoutsMixed)
{
    TempFolder dir;
    dir.write(QStringLiteral("V1__a.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("V2__b.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("3_c.up.sql"), "SELECT 1;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    ASSERT_TRUE(r.hasErrors());
    EXPECT_NE(findProblem(r, QString(), QStringLiteral("two layouts mixed")), nullptr) << dump(r).toStdString();
    EXPECT_NE(findProblem(r, QStringLiteral("3_c.up.sql"), QStringLiteral("golang-migrate")), nullptr) << dump(r).toStdString();
    EXPECT_EQ(r.format, Format::Flyway); // the majority
    EXPECT_EQ(r.migrations.size(), 2);
}

TEST(FolderErrors, DbmateFileWithoutDirectiveIsPointedOut)
{
    TempFolder dir;
    dir.write(QStringLiteral("1_a.sql"), "-- migrate:up\nSELECT 1;\n");
    dir.write(QStringLiteral("2_b.sql"), "-- migrate:up\nSELECT 1;\n");
    dir.write(QStringLiteral("3_c.sql"), "SELECT 1;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    const Problem *p = findProblem(r, QStringLiteral("3_c.sql"), QStringLiteral("-- migrate:up"));
    ASSERT_NE(p, nullptr) << dump(r).toStdString();
}

TEST(FolderErrors, DownWithoutUp)
{
    TempFolder native, golang, flyway, dbmate;
    native.write(QStringLiteral("001_a.sql"), "SELECT 1;\n");
    native.write(QStringLiteral("002_b.rollback.sql"), "SELECT 1;\n");
    golang.write(QStringLiteral("1_a.up.sql"), "SELECT 1;\n");
    golang.write(QStringLiteral("2_b.down.sql"), "SELECT 1;\n");
    flyway.write(QStringLiteral("V1__a.sql"), "SELECT 1;\n");
    flyway.write(QStringLiteral("U2__b.sql"), "SELECT 1;\n");
    dbmate.write(QStringLiteral("1_a.sql"), "-- migrate:up\nSELECT 1;\n");
    dbmate.write(QStringLiteral("2_b.sql"), "-- migrate:down\nSELECT 1;\n");
    const auto rn = loadMigrationFolder(native.path());
    EXPECT_NE(findProblem(rn, QStringLiteral("002_b.rollback.sql"), QStringLiteral("no up migration")), nullptr) << dump(rn).toStdString();
    EXPECT_EQ(rn.migrations.size(), 1);
    const auto rg = loadMigrationFolder(golang.path());
    EXPECT_NE(findProblem(rg, QStringLiteral("2_b.down.sql"), QStringLiteral("no up migration")), nullptr) << dump(rg).toStdString();
    const auto rf = loadMigrationFolder(flyway.path());
    EXPECT_NE(findProblem(rf, QStringLiteral("U2__b.sql"), QStringLiteral("no up migration")), nullptr) << dump(rf).toStdString();
    const auto rd = loadMigrationFolder(dbmate.path());
    const Problem *p = findProblem(rd, QStringLiteral("2_b.sql"), QStringLiteral("down section without an up"));
    ASSERT_NE(p, nullptr) << dump(rd).toStdString();
    EXPECT_EQ(p->line, 1);
}

TEST(FolderErrors, NonUtf8TextNamesTheLine)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_latin1.sql"), "-- ok\nINSERT INTO t VALUES ('caf\xE9');\n");
    dir.write(QStringLiteral("002_good.sql"), "SELECT 1;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    const Problem *p = findProblem(r, QStringLiteral("001_latin1.sql"), QStringLiteral("UTF-8"));
    ASSERT_NE(p, nullptr) << dump(r).toStdString();
    EXPECT_EQ(p->line, 2);
    EXPECT_EQ(loadedFiles(r), QStringList{QStringLiteral("002_good.sql")});
}

TEST(FolderErrors, EmptyMigrations)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_empty.sql"), "");
    dir.write(QStringLiteral("002_comments.sql"), "-- nothing here\n/* still\nnothing */\n\n");
    dir.write(QStringLiteral("003_ok.sql"), "SELECT 1; -- trailing comment\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    EXPECT_NE(findProblem(r, QStringLiteral("001_empty.sql"), QStringLiteral("empty migration")), nullptr) << dump(r).toStdString();
    EXPECT_NE(findProblem(r, QStringLiteral("002_comments.sql"), QStringLiteral("empty migration")), nullptr) << dump(r).toStdString();
    EXPECT_EQ(loadedFiles(r), QStringList{QStringLiteral("003_ok.sql")});

    TempFolder goose;
    goose.write(QStringLiteral("1_a.sql"), "-- +goose Up\n-- nothing\n-- +goose Down\nDROP TABLE a;\n");
    const FolderLoadResult rg = loadMigrationFolder(goose.path());
    const Problem *p = findProblem(rg, QStringLiteral("1_a.sql"), QStringLiteral("empty migration"));
    ASSERT_NE(p, nullptr) << dump(rg).toStdString();
    EXPECT_EQ(p->line, 1);
}

TEST(FolderErrors, UnreadableFile)
{
    TempFolder dir;
    dir.write(QStringLiteral("002_ok.sql"), "SELECT 1;\n");
    ASSERT_TRUE(QFile::link(dir.file(QStringLiteral("gone.sql")), dir.file(QStringLiteral("001_broken.sql"))));
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    EXPECT_NE(findProblem(r, QStringLiteral("001_broken.sql"), QStringLiteral("cannot read")), nullptr) << dump(r).toStdString();
    EXPECT_EQ(loadedFiles(r), QStringList{QStringLiteral("002_ok.sql")});
}

TEST(FolderErrors, UnrecognisedSqlFileIsAnErrorNotSilence)
{
    TempFolder dir;
    dir.write(QStringLiteral("V1__a.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("v2__lowercase.sql"), "SELECT 1;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    EXPECT_NE(findProblem(r, QStringLiteral("v2__lowercase.sql"), QStringLiteral("matches no migration layout")), nullptr) << dump(r).toStdString();
}

TEST(FolderErrors, SectionProblemsCarryLines)
{
    TempFolder dir;
    dir.write(QStringLiteral("1_a.sql"), "SELECT 0;\n-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose Down\nSELECT 2;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    const Problem *before = findProblem(r, QStringLiteral("1_a.sql"), QStringLiteral("outside any section"));
    ASSERT_NE(before, nullptr) << dump(r).toStdString();
    EXPECT_EQ(before->line, 1);
    const Problem *block = findProblem(r, QStringLiteral("1_a.sql"), QStringLiteral("StatementBegin"));
    ASSERT_NE(block, nullptr) << dump(r).toStdString();
    EXPECT_TRUE(r.migrations.isEmpty());
}

TEST(FolderErrors, AllProblemsOfAFolderAreReportedAtOnce)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_a.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("002_empty.sql"), "\n");
    dir.write(QStringLiteral("003_bad.sql"), "SELECT '\xFF';\n");
    dir.write(QStringLiteral("004_d.rollback.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("005_e.sql"), "SELECT 5;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    EXPECT_EQ(r.problems.size(), 3) << dump(r).toStdString();
    EXPECT_EQ(loadedFiles(r), (QStringList{QStringLiteral("001_a.sql"), QStringLiteral("005_e.sql")}));
}

TEST(FolderErrors, MissingFolder)
{
    const FolderLoadResult r = loadMigrationFolder(QStringLiteral("/nonexistent/migrations"));
    ASSERT_TRUE(r.hasErrors());
    EXPECT_TRUE(r.problems.first().message.contains(u"does not exist"));
}

TEST(FolderErrors, NulBytesAndLoneCarriageReturnsAreRefusedWithTheirLine)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_nul.sql"), QByteArray("SELECT 1;\nSELECT 2\0x;\n", 22));
    dir.write(QStringLiteral("002_cr.sql"), "SELECT 1;\n-- note\rDROP TABLE x;\n");
    dir.write(QStringLiteral("003_ok.sql"), "SELECT 3;\r\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    const Problem *nul = findProblem(r, QStringLiteral("001_nul.sql"), QStringLiteral("NUL byte"));
    ASSERT_NE(nul, nullptr) << dump(r).toStdString();
    EXPECT_EQ(nul->line, 2);
    const Problem *cr = findProblem(r, QStringLiteral("002_cr.sql"), QStringLiteral("carriage return"));
    ASSERT_NE(cr, nullptr) << dump(r).toStdString();
    EXPECT_EQ(cr->line, 2);
    EXPECT_EQ(loadedFiles(r), QStringList{QStringLiteral("003_ok.sql")});
}

TEST(FolderErrors, DuplicateFlywayRepeatables)
{
    TempFolder dir;
    dir.write(QStringLiteral("V1__a.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("a/R__views.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("b/R__views.sql"), "SELECT 2;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    EXPECT_NE(findProblem(r, QStringLiteral("a/R__views.sql"), QStringLiteral("more than one repeatable")), nullptr) << dump(r).toStdString();
    EXPECT_EQ(loadedFiles(r), QStringList{QStringLiteral("V1__a.sql")});
}

TEST(FolderErrors, GooseVersionZero)
{
    TempFolder dir;
    dir.write(QStringLiteral("0_init.sql"), "-- +goose Up\nSELECT 1;\n");
    dir.write(QStringLiteral("1_next.sql"), "-- +goose Up\nSELECT 1;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    EXPECT_NE(findProblem(r, QStringLiteral("0_init.sql"), QStringLiteral("greater than zero")), nullptr) << dump(r).toStdString();
    EXPECT_EQ(loadedFiles(r), QStringList{QStringLiteral("1_next.sql")});
}
