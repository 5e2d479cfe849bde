#include "SplitHelpers.h"

#include <gtest/gtest.h>

using namespace mig;

TEST(SqliteSplitter, StatementsWithLines)
{
    const Split s = splitText(Dialect::Sqlite,
                              "CREATE TABLE a (\n"
                              "  id INTEGER PRIMARY KEY\n"
                              ");\n"
                              "\n"
                              "INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);\n");
    ASSERT_FALSE(s.error);
    ASSERT_EQ(s.statements.size(), 3);
    EXPECT_EQ(s.statements[0].sql, QStringLiteral("CREATE TABLE a (\n  id INTEGER PRIMARY KEY\n)"));
    EXPECT_EQ(s.statements[0].firstLine, 1);
    EXPECT_EQ(s.statements[0].lastLine, 3);
    EXPECT_EQ(s.statements[1].sql, QStringLiteral("INSERT INTO a VALUES (1)"));
    EXPECT_EQ(s.statements[1].firstLine, 5);
    EXPECT_EQ(s.statements[2].firstLine, 5);
    EXPECT_EQ(s.statements[2].lastLine, 5);
}

TEST(SqliteSplitter, TriggerBodyStaysWhole)
{
    const Split s = splitText(Dialect::Sqlite,
                              "CREATE TRIGGER touch AFTER UPDATE ON reports\n"
                              "BEGIN\n"
                              "  UPDATE reports SET updated = 1 WHERE id = NEW.id;\n"
                              "  INSERT INTO log VALUES ('a;b');\n"
                              "END;\n"
                              "SELECT 1;\n");
    ASSERT_FALSE(s.error);
    ASSERT_EQ(s.statements.size(), 2);
    EXPECT_TRUE(s.statements[0].sql.startsWith(u"CREATE TRIGGER"));
    EXPECT_TRUE(s.statements[0].sql.endsWith(u"END"));
    EXPECT_EQ(s.statements[0].firstLine, 1);
    EXPECT_EQ(s.statements[0].lastLine, 5);
    EXPECT_EQ(s.statements[1].firstLine, 6);
}

TEST(SqliteSplitter, QuotesAndCommentsHideSemicolons)
{
    const Split s = splitText(Dialect::Sqlite,
                              "INSERT INTO t VALUES ('it''s; fine', \"a;b\", [c;d]); -- done; really\n"
                              "/* a ; comment */ SELECT 2;\n");
    ASSERT_FALSE(s.error);
    ASSERT_EQ(s.statements.size(), 2);
    EXPECT_EQ(s.statements[0].sql, QStringLiteral("INSERT INTO t VALUES ('it''s; fine', \"a;b\", [c;d])"));
    EXPECT_EQ(s.statements[1].sql, QStringLiteral("SELECT 2"));
    EXPECT_EQ(s.statements[1].preamble, QStringLiteral("-- done; really\n/* a ; comment */"));
}

TEST(SqliteSplitter, PreambleHoldsAnnotations)
{
    const Split s = splitText(Dialect::Sqlite, "-- migctl:batch size=50\nUPDATE t SET x = 1 WHERE id IN (SELECT id FROM t LIMIT :batch_size);\n");
    ASSERT_EQ(s.statements.size(), 1);
    EXPECT_EQ(s.statements[0].preamble, QStringLiteral("-- migctl:batch size=50"));
    EXPECT_EQ(s.statements[0].firstLine, 2);
}

TEST(SqliteSplitter, LastStatementMayOmitSemicolonAndTrailingCommentsAreNotStatements)
{
    const Split a = splitText(Dialect::Sqlite, "SELECT 1;\nSELECT 2\n");
    ASSERT_FALSE(a.error);
    EXPECT_EQ(a.sql(), (QStringList{"SELECT 1", "SELECT 2"}));
    const Split b = splitText(Dialect::Sqlite, "SELECT 1;\n-- the end\n");
    EXPECT_EQ(b.sql(), QStringList{"SELECT 1"});
    const Split c = splitText(Dialect::Sqlite, ";;\nSELECT 1;;\n");
    EXPECT_EQ(c.sql(), QStringList{"SELECT 1"});
}

TEST(SqliteSplitter, UnterminatedConstructsAreNamedWithTheirLine)
{
    const Split q = splitText(Dialect::Sqlite, "SELECT 1;\n\nINSERT INTO t VALUES ('oops);\nSELECT 2;\n");
    ASSERT_TRUE(q.error);
    EXPECT_EQ(q.error->line, 3);
    EXPECT_TRUE(q.error->message.contains(u"string literal")) << q.error->message.toStdString();
    EXPECT_EQ(q.statements.size(), 1);

    const Split t = splitText(Dialect::Sqlite, "CREATE TRIGGER x AFTER INSERT ON t BEGIN\n SELECT 1;\n");
    ASSERT_TRUE(t.error);
    EXPECT_EQ(t.error->line, 1);
    EXPECT_TRUE(t.error->message.contains(u"trigger body")) << t.error->message.toStdString();

    const Split c = splitText(Dialect::Sqlite, "SELECT 1; /* never closed\n");
    ASSERT_TRUE(c.error);
    EXPECT_TRUE(c.error->message.contains(u"comment")) << c.error->message.toStdString();
}

TEST(SqliteSplitter, SinkCanStopEarly)
{
    int seen = 0;
    auto splitter = StatementSplitter::create(Dialect::Sqlite, [&](Statement &&) { return ++seen < 2; });
    EXPECT_TRUE(splitter->addLine("SELECT 1;", 1));
    EXPECT_FALSE(splitter->addLine("SELECT 2; SELECT 3;", 2));
    EXPECT_FALSE(splitter->finish());
    EXPECT_EQ(seen, 2);
    EXPECT_FALSE(splitter->error());
}

TEST(SqliteSplitter, ShellDotCommandsAreRejectedByName)
{
    const Split s = splitText(Dialect::Sqlite, "SELECT 1;\n.mode csv\nSELECT 2;\n");
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->line, 2);
    EXPECT_TRUE(s.error->message.contains(u".mode csv")) << s.error->message.toStdString();
    // A '.' inside a statement is SQL: a decimal continuing the previous line.
    const Split ok = splitText(Dialect::Sqlite, "SELECT 1\n.5;\n");
    EXPECT_FALSE(ok.error);
    EXPECT_EQ(ok.sql(), QStringList{"SELECT 1\n.5"});
}
