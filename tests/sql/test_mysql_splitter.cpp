// MySQL / MariaDB splitting: comments, quotes, DELIMITER.
#include "MysqlSplit.h"

TEST(MysqlSplitter, SimpleStatements)
{
    const Split r = split("SELECT 1;\nSELECT 2;\n");
    ASSERT_TRUE(r.ok);
    EXPECT_FALSE(r.error);
    EXPECT_EQ(r.sql(), (QStringList{u"SELECT 1"_s, u"SELECT 2"_s}));
    expectLines(r.statements[0], 1, 1);
    expectLines(r.statements[1], 2, 2);
    EXPECT_TRUE(r.statements[0].preamble.isEmpty());
}

TEST(MysqlSplitter, SeveralStatementsOnOneLine)
{
    const Split r = split("SELECT 1; SELECT 2;SELECT 3;");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"SELECT 1"_s, u"SELECT 2"_s, u"SELECT 3"_s}));
    for (const Statement &s : r.statements)
        expectLines(s, 1, 1);
}

TEST(MysqlSplitter, StatementsSpanningLines)
{
    const Split r = split("\n\nSELECT a,\n       b\nFROM t\nWHERE x = 1;\nSELECT 1; SELECT\n  2;\n");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"SELECT a,\n       b\nFROM t\nWHERE x = 1"_s, u"SELECT 1"_s, u"SELECT\n  2"_s}));
    expectLines(r.statements[0], 3, 6);
    expectLines(r.statements[1], 7, 7);
    expectLines(r.statements[2], 7, 8); // text after a delimiter begins the next statement
}

TEST(MysqlSplitter, HashAndDashComments)
{
    const Split r = split("# hash ; comment\n"
                          "SELECT 1; # after ; more\n"
                          "-- dash ; comment\n"
                          "SELECT 2 -- tail ;\n"
                          ";\n"
                          "SELECT 3;--\n"
                          "SELECT 4;--\tx;\n");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"SELECT 1"_s, u"SELECT 2 -- tail ;"_s, u"SELECT 3"_s, u"SELECT 4"_s}));
    EXPECT_EQ(r.statements[0].preamble, u"# hash ; comment"_s);
    EXPECT_EQ(r.statements[1].preamble, u"# after ; more\n-- dash ; comment"_s);
    expectLines(r.statements[0], 2, 2);
    expectLines(r.statements[1], 4, 4);
    expectLines(r.statements[3], 7, 7);
}

TEST(MysqlSplitter, DoubleDashWithoutSpaceIsNotAComment)
{
    const Split r = split("SELECT 1--1;\nSELECT 2 --1;\nUPDATE t SET a=a--1 WHERE b=2;");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"SELECT 1--1"_s, u"SELECT 2 --1"_s, u"UPDATE t SET a=a--1 WHERE b=2"_s}));
}

TEST(MysqlSplitter, BlockComments)
{
    const Split r = split("/* header;\n   still ; comment */\n"
                          "SELECT /* inline; */ 1;\n"
                          "SELECT 2 /* multi\nline ; */ + 3;\n"
                          "SELECT /*/ x; */ 4;");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"SELECT /* inline; */ 1"_s, u"SELECT 2 /* multi\nline ; */ + 3"_s,
                                    u"SELECT /*/ x; */ 4"_s}));
    EXPECT_EQ(r.statements[0].preamble, u"/* header;\n   still ; comment */"_s);
    expectLines(r.statements[0], 3, 3);
    expectLines(r.statements[1], 4, 5);
    expectLines(r.statements[2], 6, 6);
}

TEST(MysqlSplitter, PreambleCapturesAnnotations)
{
    const Split r = split("-- migctl:batch size=50\n"
                          "INSERT INTO t VALUES (1);\n"
                          "\n"
                          "# note\n"
                          "/* block */\n"
                          "SELECT 1;");
    ASSERT_TRUE(r.ok);
    ASSERT_EQ(r.statements.size(), 2u);
    EXPECT_EQ(r.statements[0].preamble, u"-- migctl:batch size=50"_s);
    EXPECT_EQ(r.statements[0].sql, u"INSERT INTO t VALUES (1)"_s);
    expectLines(r.statements[0], 2, 2);
    EXPECT_EQ(r.statements[1].preamble, u"# note\n/* block */"_s);
    expectLines(r.statements[1], 6, 6);
}

TEST(MysqlSplitter, CommentsAndEmptyStatementsEmitNothing)
{
    const Split r = split("-- a\n# b\n/* c ;\n*/\n;\n  ;;\nSELECT 1; -- done\n");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), QStringList{u"SELECT 1"_s});
    expectLines(r.statements[0], 7, 7);
}

TEST(MysqlSplitter, StringsHideDelimiters)
{
    const Split r = split(R"(INSERT INTO t VALUES ('a;b', 'it''s; fine', 'back\'slash;', "dq;\"x", "d""q;", '\\');)"
                          "\nSELECT 'line one;\nline two', \"x;\ny\";\nSELECT 3;");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{
                           uR"(INSERT INTO t VALUES ('a;b', 'it''s; fine', 'back\'slash;', "dq;\"x", "d""q;", '\\'))"_s,
                           u"SELECT 'line one;\nline two', \"x;\ny\""_s, u"SELECT 3"_s}));
    expectLines(r.statements[1], 2, 4);
    expectLines(r.statements[2], 5, 5);
}

TEST(MysqlSplitter, BackticksHideDelimiters)
{
    // No backslash escapes in backticks: `back\` is a complete identifier.
    const Split r = split(R"(SELECT `we;ird`, `a``b;c` FROM `t;
x`;
SELECT `back\` FROM t;)");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"SELECT `we;ird`, `a``b;c` FROM `t;\nx`"_s, uR"(SELECT `back\` FROM t)"_s}));
    expectLines(r.statements[0], 1, 2);
}

TEST(MysqlSplitter, DelimiterDollarsWithProcedure)
{
    const Split r = split("DELIMITER $$\n"
                          "CREATE PROCEDURE p()\n"
                          "BEGIN\n"
                          "  SELECT 1;\n"
                          "  SELECT 'x$$y'; -- $$\n"
                          "END$$\n"
                          "DELIMITER ;\n"
                          "SELECT 2;\n");
    ASSERT_TRUE(r.ok) << (r.error ? r.error->message.toStdString() : std::string());
    EXPECT_EQ(r.sql(), (QStringList{u"CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 'x$$y'; -- $$\nEND"_s,
                                    u"SELECT 2"_s}));
    expectLines(r.statements[0], 2, 6);
    expectLines(r.statements[1], 8, 8);
}

TEST(MysqlSplitter, DelimiterSlashesAndDoubleSemicolon)
{
    const Split r = split("delimiter //\n"
                          "CREATE FUNCTION f() RETURNS INT\n"
                          "BEGIN\n"
                          "  RETURN 1;\n"
                          "END //\n"
                          "SELECT 1 // SELECT 2//\n"
                          "DELIMITER ;;\n"
                          "SELECT 3;; SELECT 4; SELECT 5;;\n"
                          "  Delimiter   ;   \n"
                          "SELECT 6;\n");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"CREATE FUNCTION f() RETURNS INT\nBEGIN\n  RETURN 1;\nEND"_s, u"SELECT 1"_s,
                                    u"SELECT 2"_s, u"SELECT 3"_s, u"SELECT 4; SELECT 5"_s, u"SELECT 6"_s}));
    expectLines(r.statements[5], 10, 10);
}

TEST(MysqlSplitter, DelimiterMatchesAnyCaseOutsideQuotesAndComments)
{
    const Split r = split("DELIMITER go\n"
                          "SELECT 'go', `go`, \"go\" GO\n"
                          "SELECT 1 /* go */ -- go\n"
                          "# go\n"
                          "Go\n"
                          "DELIMITER ;\n");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"SELECT 'go', `go`, \"go\""_s, u"SELECT 1 /* go */ -- go\n# go"_s}));
}

TEST(MysqlSplitter, CustomDelimiterAloneEndsStatements)
{
    const Split r = split("DELIMITER $$\n"
                          "SELECT 1; SELECT 2$$\n"
                          "BEGIN; COMMIT $$\n"
                          "CREATE PROCEDURE p() BEGIN SELECT 1; END $$ DELIMITER ;\n"
                          "SELECT 3;\n");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"SELECT 1; SELECT 2"_s, u"BEGIN; COMMIT"_s,
                                    u"CREATE PROCEDURE p() BEGIN SELECT 1; END"_s, u"SELECT 3"_s}));
}

TEST(MysqlSplitter, DelimiterCommandAfterStatementOnSameLine)
{
    const Split r = split("SELECT 1; DELIMITER $$\nSELECT 2; SELECT 3$$ DELIMITER ;\nSELECT 4;");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"SELECT 1"_s, u"SELECT 2; SELECT 3"_s, u"SELECT 4"_s}));
    expectLines(r.statements[2], 3, 3);
}

TEST(MysqlSplitter, DelimiterWordInsideStatementIsText)
{
    // DELIMITER is a command only where a statement may start.
    const Split r = split("SELECT 1 AS\nDELIMITER;\nSELECT 2;");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"SELECT 1 AS\nDELIMITER"_s, u"SELECT 2"_s}));
}

TEST(MysqlSplitter, DelimiterLineKeepsLineNumbersAndPreamble)
{
    const Split r = split("-- migctl:batch size=10\n"
                          "DELIMITER $$\n"
                          "\n"
                          "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW\n"
                          "BEGIN\n"
                          "  SET NEW.a = 1;\n"
                          "END$$\n");
    ASSERT_TRUE(r.ok);
    ASSERT_EQ(r.statements.size(), 1u);
    EXPECT_EQ(r.statements[0].preamble, u"-- migctl:batch size=10"_s);
    expectLines(r.statements[0], 4, 7);
}

TEST(MysqlSplitter, DelimiterWithoutArgumentIsAnError)
{
    const Split r = split("SELECT 1;\nDELIMITER   \nSELECT 2;");
    EXPECT_FALSE(r.ok);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->line, 2);
    EXPECT_TRUE(r.error->message.contains(u"DELIMITER"_s)) << r.error->message.toStdString();
    EXPECT_EQ(r.sql(), QStringList{u"SELECT 1"_s});
}
