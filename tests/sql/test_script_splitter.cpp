// Scripts read from disk: sections of single-file layouts, StatementBegin/End blocks, encodings.
#include "TempFolder.h"
#include "source/FolderLoader.h"
#include "sql/ScriptSplitter.h"

#include <gtest/gtest.h>

using namespace mig;

namespace {

struct FileSplit {
    QList<Statement> statements;
    ScriptSplitResult result;
};

FileSplit splitFile(const ScriptRef &script, Dialect dialect)
{
    FileSplit out;
    out.result = splitScript(script, dialect, [&](Statement &&s) {
        out.statements << std::move(s);
        return true;
    });
    return out;
}

} // namespace

TEST(ScriptSplitter, SectionLinesAreLinesOfTheFile)
{
    TempFolder dir;
    dir.write(QStringLiteral("20240101_a.sql"),
              "-- migrate:up\n"
              "CREATE TABLE a (id int);\n"
              "CREATE TABLE b (id int);\n"
              "\n"
              "-- migrate:down\n"
              "DROP TABLE b;\n"
              "DROP TABLE a;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    ASSERT_EQ(r.migrations.size(), 1);
    const FileSplit up = splitFile(r.migrations[0].up, Dialect::Postgres);
    ASSERT_EQ(up.statements.size(), 2);
    EXPECT_EQ(up.statements[0].firstLine, 2);
    EXPECT_EQ(up.statements[1].firstLine, 3);
    const FileSplit down = splitFile(r.migrations[0].down, Dialect::Postgres);
    ASSERT_EQ(down.statements.size(), 2);
    EXPECT_EQ(down.statements[0].sql, QStringLiteral("DROP TABLE b"));
    EXPECT_EQ(down.statements[0].firstLine, 6);
    EXPECT_EQ(down.statements[1].lastLine, 7);
}

TEST(ScriptSplitter, StatementBlocksStayWholeInEveryDialect)
{
    TempFolder dir;
    dir.write(QStringLiteral("1_proc.sql"),
              "-- +goose Up\n"
              "CREATE TABLE t (id int);\n"
              "-- +goose StatementBegin\n"
              "CREATE PROCEDURE p()\n"
              "BEGIN\n"
              "  INSERT INTO t VALUES (1);\n"
              "  INSERT INTO t VALUES (2);\n"
              "END;\n"
              "-- +goose StatementEnd\n"
              "SELECT 1;\n"
              "-- +goose Down\n"
              "DROP PROCEDURE p;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    ASSERT_EQ(r.migrations.size(), 1);
    for (Dialect d : {Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql}) {
        const FileSplit s = splitFile(r.migrations[0].up, d);
        ASSERT_FALSE(s.result.error) << dialectName(d).toStdString() << ": " << s.result.error->message.toStdString();
        ASSERT_EQ(s.statements.size(), 3) << dialectName(d).toStdString();
        EXPECT_TRUE(s.statements[1].sql.startsWith(u"CREATE PROCEDURE p()"));
        EXPECT_TRUE(s.statements[1].sql.endsWith(u"END;"));
        EXPECT_EQ(s.statements[1].firstLine, 4);
        EXPECT_EQ(s.statements[1].lastLine, 8);
        EXPECT_EQ(s.statements[2].firstLine, 10);
        EXPECT_EQ(s.result.statements, 3);
    }
}

TEST(ScriptSplitter, FileChangedToNonUtf8AfterLoadingIsReported)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_a.sql"), "SELECT 1;\n");
    const FolderLoadResult r = loadMigrationFolder(dir.path());
    ASSERT_EQ(r.migrations.size(), 1);
    dir.write(QStringLiteral("001_a.sql"), "SELECT 1;\nSELECT '\xC3\x28';\n");
    const FileSplit s = splitFile(r.migrations[0].up, Dialect::Sqlite);
    ASSERT_TRUE(s.result.error);
    EXPECT_EQ(s.result.error->line, 2);
    EXPECT_TRUE(s.result.error->message.contains(u"UTF-8"));
}

TEST(ScriptSplitter, MissingFileIsReported)
{
    ScriptRef ref;
    ref.path = QStringLiteral("/nonexistent/001_a.sql");
    const FileSplit s = splitFile(ref, Dialect::Postgres);
    ASSERT_TRUE(s.result.error);
    EXPECT_TRUE(s.result.error->message.contains(u"cannot read"));
}

TEST(ScriptSplitter, CrlfAndBomDoNotChangeStatementsOrLines)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_a.sql"), "\xEF\xBB\xBFSELECT 1;\r\n\r\nSELECT\r\n  2;\r\n");
    ScriptRef ref;
    ref.path = dir.file(QStringLiteral("001_a.sql"));
    const FileSplit s = splitFile(ref, Dialect::Postgres);
    ASSERT_FALSE(s.result.error);
    ASSERT_EQ(s.statements.size(), 2);
    EXPECT_EQ(s.statements[0].sql, QStringLiteral("SELECT 1"));
    EXPECT_EQ(s.statements[1].sql, QStringLiteral("SELECT\n  2"));
    EXPECT_EQ(s.statements[1].firstLine, 3);
    EXPECT_EQ(s.statements[1].lastLine, 4);
}
