#include "SplitHelpers.h"

#include <gtest/gtest.h>

using namespace mig;

TEST(PostgresSplitter, NestedDollarQuotesInAFunction)
{
    const Split s = splitText(Dialect::Postgres,
                              "CREATE FUNCTION f() RETURNS text AS $a$\n"
                              "BEGIN\n"
                              "  EXECUTE $b$ SELECT 'x;'; $b$;\n"
                              "  RETURN $$;$$;\n"
                              "END;\n"
                              "$a$ LANGUAGE plpgsql;\n"
                              "SELECT f();\n");
    ASSERT_FALSE(s.error) << s.error->message.toStdString();
    ASSERT_EQ(s.statements.size(), 2);
    EXPECT_TRUE(s.statements[0].sql.endsWith(u"$a$ LANGUAGE plpgsql"));
    EXPECT_EQ(s.statements[0].firstLine, 1);
    EXPECT_EQ(s.statements[0].lastLine, 6);
    EXPECT_EQ(s.statements[1].sql, QStringLiteral("SELECT f()"));
    EXPECT_EQ(s.statements[1].firstLine, 7);
}

TEST(PostgresSplitter, EscapeStringsAndNestedComments)
{
    const Split s = splitText(Dialect::Postgres,
                              "SELECT E'it\\'s; here';\n"
                              "/* outer /* inner; */ still comment; */ SELECT 2;\n"
                              "SELECT \"odd;name\" FROM t;\n");
    ASSERT_FALSE(s.error) << s.error->message.toStdString();
    EXPECT_EQ(s.sql(), (QStringList{"SELECT E'it\\'s; here'", "SELECT 2", "SELECT \"odd;name\" FROM t"}));
    EXPECT_EQ(s.statements[1].preamble, QStringLiteral("/* outer /* inner; */ still comment; */"));
}

TEST(PostgresSplitter, CopyFromStdinTakesItsData)
{
    const Split s = splitText(Dialect::Postgres,
                              "CREATE TABLE t (a int, b text);\n"
                              "COPY t (a, b) FROM stdin;\n"
                              "1\tit's; not SQL\n"
                              "2\t'unbalanced\n"
                              "\\.\n"
                              "SELECT count(*) FROM t;\n");
    ASSERT_FALSE(s.error) << s.error->message.toStdString();
    ASSERT_EQ(s.statements.size(), 3);
    EXPECT_EQ(s.statements[1].sql, QStringLiteral("COPY t (a, b) FROM stdin"));
    EXPECT_EQ(s.statements[1].firstLine, 2);
    EXPECT_EQ(s.statements[1].copyData, QByteArray("1\tit's; not SQL\n2\t'unbalanced\n"));
    EXPECT_EQ(s.statements[2].sql, QStringLiteral("SELECT count(*) FROM t"));
    EXPECT_EQ(s.statements[2].firstLine, 6);
}

TEST(PostgresSplitter, CopyWithoutEndMarkerIsAnError)
{
    const Split s = splitText(Dialect::Postgres, "COPY t FROM STDIN;\n1\n2\n");
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->line, 1);
    EXPECT_TRUE(s.error->message.contains(u"\\.")) << s.error->message.toStdString();
}

TEST(PostgresSplitter, BeginAtomicBodyStaysWhole)
{
    const Split s = splitText(Dialect::Postgres,
                              "CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql\n"
                              "BEGIN ATOMIC\n"
                              "  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n"
                              "  SELECT 2;\n"
                              "END;\n"
                              "SELECT 3;\n");
    ASSERT_FALSE(s.error) << s.error->message.toStdString();
    ASSERT_EQ(s.statements.size(), 2);
    EXPECT_EQ(s.statements[0].lastLine, 5);
    EXPECT_EQ(s.statements[1].sql, QStringLiteral("SELECT 3"));
}

TEST(PostgresSplitter, TransactionBlocksAndRulesAreOrdinaryStatements)
{
    const Split s = splitText(Dialect::Postgres,
                              "BEGIN;\nCREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2);\nCOMMIT;\n");
    ASSERT_FALSE(s.error);
    EXPECT_EQ(s.sql(), (QStringList{"BEGIN", "CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2)", "COMMIT"}));
}

TEST(PostgresSplitter, MalformedStatementsAreKeptForTheServerToJudge)
{
    // libpg_query's own scanner split drops a statement that does not start with a keyword;
    // the console must not lose it silently.
    const Split s = splitText(Dialect::Postgres, "SELECT 1;\nSELEC oops;\nSELECT 2;\n");
    ASSERT_FALSE(s.error);
    EXPECT_EQ(s.sql(), (QStringList{"SELECT 1", "SELEC oops", "SELECT 2"}));
    EXPECT_EQ(s.statements[1].firstLine, 2);
}

TEST(PostgresSplitter, UnterminatedDollarQuoteNamesItsLine)
{
    const Split s = splitText(Dialect::Postgres, "SELECT 1;\nCREATE FUNCTION f() RETURNS int AS $body$\nSELECT 1;\n");
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->line, 2);
    EXPECT_TRUE(s.error->message.contains(u"unterminated dollar-quoted string")) << s.error->message.toStdString();
    EXPECT_EQ(s.sql(), QStringList{"SELECT 1"});
}

TEST(PostgresSplitter, UnterminatedQuoteNamesItsLineAfterMultibyteText)
{
    const Split s = splitText(Dialect::Postgres, "SELECT 'é€';\nSELECT 'ü;\n");
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->line, 2);
    EXPECT_TRUE(s.error->message.contains(u"unterminated quoted string")) << s.error->message.toStdString();
}

TEST(PostgresSplitter, PsqlMetaCommandsAreRejectedByName)
{
    const Split s = splitText(Dialect::Postgres, "SELECT 1;\n\\connect other\nSELECT 2;\n");
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->line, 2);
    EXPECT_TRUE(s.error->message.contains(u"\\connect other")) << s.error->message.toStdString();
}

TEST(PostgresSplitter, LongBodiesAcrossChunks)
{
    // A function body far larger than the lexing chunk, with ';' on every line.
    QByteArray script = "CREATE FUNCTION big() RETURNS void AS $fn$\nBEGIN\n";
    for (int i = 0; i < 20000; ++i)
        script += "  PERFORM " + QByteArray::number(i) + "; -- ';' inside the body\n";
    script += "END;\n$fn$ LANGUAGE plpgsql;\nSELECT big();\n";
    const Split s = splitText(Dialect::Postgres, script);
    ASSERT_FALSE(s.error) << s.error->message.toStdString();
    ASSERT_EQ(s.statements.size(), 2);
    EXPECT_EQ(s.statements[0].lastLine, 20004);
    EXPECT_EQ(s.statements[1].firstLine, 20005);
}

TEST(PostgresSplitter, ManyStatementsAcrossChunksKeepExactLines)
{
    QByteArray script;
    for (int i = 0; i < 30000; ++i)
        script += "INSERT INTO t VALUES (" + QByteArray::number(i) + ", 'x;y');\n";
    const Split s = splitText(Dialect::Postgres, script);
    ASSERT_FALSE(s.error);
    ASSERT_EQ(s.statements.size(), 30000);
    for (int i = 0; i < 30000; i += 997) {
        EXPECT_EQ(s.statements[i].firstLine, i + 1);
        EXPECT_EQ(s.statements[i].sql, QStringLiteral("INSERT INTO t VALUES (%1, 'x;y')").arg(i));
    }
}

TEST(PostgresSplitter, CopyDataLargerThanAChunk)
{
    // Data lines that would not lex as SQL (lone quotes), far more than one lexing chunk.
    QByteArray script = "SELECT 1;\nCOPY t (a, b) FROM STDIN;\n";
    for (int i = 0; i < 50000; ++i)
        script += QByteArray::number(i) + "\tO'Brien $$ /* " + QByteArray::number(i) + "\n";
    script += "\\.\nSELECT 2;\n";
    const Split s = splitText(Dialect::Postgres, script);
    ASSERT_FALSE(s.error) << s.error->message.toStdString();
    ASSERT_EQ(s.statements.size(), 3);
    EXPECT_EQ(s.statements[1].copyData.count('\n'), 50000);
    EXPECT_TRUE(s.statements[1].copyData.startsWith("0\tO'Brien $$ /* 0\n"));
    EXPECT_EQ(s.statements[2].sql, QStringLiteral("SELECT 2"));
    EXPECT_EQ(s.statements[2].firstLine, 50004);
}

TEST(PostgresSplitter, ErrorsStayOnOneLine)
{
    QByteArray script = "SELECT 1;\nSELECT $$never closed\n";
    for (int i = 0; i < 50; ++i)
        script += "more text " + QByteArray::number(i) + "\n";
    const Split s = splitText(Dialect::Postgres, script);
    ASSERT_TRUE(s.error);
    EXPECT_FALSE(s.error->message.contains(u'\n')) << s.error->message.toStdString();
    EXPECT_LT(s.error->message.size(), 200);
}

TEST(PostgresSplitter, MysqlDelimiterIsNamed)
{
    const Split s = splitText(Dialect::Postgres, "SELECT 1;\nDELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\n");
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->line, 2);
    EXPECT_TRUE(s.error->message.contains(u"--dialect mysql")) << s.error->message.toStdString();
}

TEST(PostgresSplitter, BeginAtomicOnlyInRoutines)
{
    // "begin" and "atomic" are a column and its alias here, not a routine body.
    const Split s = splitText(Dialect::Postgres, "CREATE VIEW v AS SELECT begin atomic FROM t;\nCREATE TABLE a (x int);\n");
    ASSERT_FALSE(s.error) << s.error->message.toStdString();
    EXPECT_EQ(s.statements.size(), 2);
}

TEST(PostgresSplitter, CommentAfterCopyCommand)
{
    const Split s = splitText(Dialect::Postgres, "COPY t FROM STDIN; -- rows follow\n1\n\\.\nSELECT 1;\n");
    ASSERT_FALSE(s.error) << s.error->message.toStdString();
    ASSERT_EQ(s.statements.size(), 2);
    EXPECT_EQ(s.statements[0].copyData, QByteArray("1\n"));
}

TEST(PostgresSplitter, ManyMultiLineStringsInOneStatement)
{
    // Each line closes one string and opens the next: once made the error recovery walk back
    // line by line (quadratic time, and a stack overflow at a few thousand lines).
    QByteArray script = "INSERT INTO t VALUES ('start\n";
    for (int i = 0; i < 20000; ++i)
        script += "line " + QByteArray::number(i) + " of text; ', 'next\n";
    script += "end');\nSELECT 2;\n";
    const Split s = splitText(Dialect::Postgres, script);
    ASSERT_FALSE(s.error) << s.error->message.toStdString();
    ASSERT_EQ(s.statements.size(), 2);
    EXPECT_EQ(s.statements[1].firstLine, 20003);
}
