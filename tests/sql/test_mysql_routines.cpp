// MySQL / MariaDB splitting: routine, trigger and event bodies, errors, streaming.
#include "MysqlSplit.h"

TEST(MysqlSplitter, ProcedureWithoutDelimiter)
{
    const Split r = split(Procedure + ";\nSELECT 'after';\n");
    ASSERT_TRUE(r.ok) << (r.error ? r.error->message.toStdString() : std::string());
    ASSERT_EQ(r.statements.size(), 2u) << r.sql().join(u"\n----\n"_s).toStdString();
    EXPECT_EQ(r.statements[0].sql, QString::fromUtf8(Procedure));
    const int procLines = int(Procedure.count('\n')) + 1;
    expectLines(r.statements[0], 1, procLines);
    EXPECT_EQ(r.statements[1].sql, u"SELECT 'after'"_s);
    expectLines(r.statements[1], procLines + 1, procLines + 1);
}

TEST(MysqlSplitter, ProcedureWithDelimiter)
{
    const Split r = split("DELIMITER $$\n" + Procedure + "$$\nDELIMITER ;\nSELECT 'after';\n");
    ASSERT_TRUE(r.ok);
    ASSERT_EQ(r.statements.size(), 2u);
    EXPECT_EQ(r.statements[0].sql, QString::fromUtf8(Procedure));
    const int procLines = int(Procedure.count('\n')) + 1;
    expectLines(r.statements[0], 2, procLines + 1);
    expectLines(r.statements[1], procLines + 3, procLines + 3);
}

TEST(MysqlSplitter, ExitHandlerWithBlockBody)
{
    const Split r = split("CREATE PROCEDURE safe()\n"
                          "BEGIN\n"
                          "  DECLARE EXIT HANDLER FOR SQLEXCEPTION\n"
                          "  BEGIN\n"
                          "    ROLLBACK;\n"
                          "    RESIGNAL;\n"
                          "  END;\n"
                          "  DECLARE c CURSOR FOR SELECT id FROM t FOR UPDATE;\n"
                          "  START TRANSACTION;\n"
                          "  SET @x := IF(1, 2, 3);\n"
                          "  COMMIT;\n"
                          "END;\n"
                          "SELECT 1;");
    ASSERT_TRUE(r.ok);
    ASSERT_EQ(r.statements.size(), 2u) << r.sql().join(u"\n----\n"_s).toStdString();
    expectLines(r.statements[0], 1, 12);
    EXPECT_EQ(r.statements[1].sql, u"SELECT 1"_s);
}

TEST(MysqlSplitter, TriggerWithBeginEndWithoutDelimiter)
{
    const Split r = split("CREATE TRIGGER trg_bi BEFORE INSERT ON orders\n"
                          "FOR EACH ROW\n"
                          "BEGIN\n"
                          "  IF NEW.total IS NULL THEN\n"
                          "    SET NEW.total = 0;\n"
                          "  END IF;\n"
                          "  SET NEW.updated_at = NOW();\n"
                          "END;\n"
                          "INSERT INTO orders (id) VALUES (1);\n");
    ASSERT_TRUE(r.ok);
    ASSERT_EQ(r.statements.size(), 2u);
    EXPECT_TRUE(r.statements[0].sql.startsWith(u"CREATE TRIGGER"_s));
    EXPECT_TRUE(r.statements[0].sql.endsWith(u"NOW();\nEND"_s));
    expectLines(r.statements[0], 1, 8);
    expectLines(r.statements[1], 9, 9);
}

TEST(MysqlSplitter, TriggersWithSingleStatementBody)
{
    const Split r = split("CREATE TRIGGER t1 BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1;\n"
                          "CREATE DEFINER = CURRENT_USER TRIGGER t2 AFTER UPDATE ON x FOR EACH ROW\n"
                          "  INSERT INTO log VALUES (OLD.id, IF(NEW.a > 0, 'up', 'down'));\n"
                          "CREATE TRIGGER t3 BEFORE UPDATE ON x FOR EACH ROW IF NEW.a < 0 THEN SET NEW.a = 0; END IF;\n"
                          "INSERT INTO x VALUES (1);");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"CREATE TRIGGER t1 BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1"_s,
                                    u"CREATE DEFINER = CURRENT_USER TRIGGER t2 AFTER UPDATE ON x FOR EACH ROW\n"
                                    u"  INSERT INTO log VALUES (OLD.id, IF(NEW.a > 0, 'up', 'down'))"_s,
                                    u"CREATE TRIGGER t3 BEFORE UPDATE ON x FOR EACH ROW IF NEW.a < 0 THEN SET NEW.a = 0; END IF"_s,
                                    u"INSERT INTO x VALUES (1)"_s}));
}

TEST(MysqlSplitter, EventWithBeginEnd)
{
    const Split r = split("CREATE EVENT IF NOT EXISTS purge_sessions\n"
                          "  ON SCHEDULE EVERY 1 HOUR STARTS CURRENT_TIMESTAMP + INTERVAL 1 MINUTE\n"
                          "  ON COMPLETION PRESERVE\n"
                          "  DO BEGIN\n"
                          "    DELETE FROM sessions WHERE expires_at < NOW();\n"
                          "    UPDATE stats SET purged = purged + ROW_COUNT();\n"
                          "  END;\n"
                          "CREATE EVENT e2 ON SCHEDULE AT NOW() + INTERVAL 1 DAY DO DELETE FROM t;\n"
                          "SELECT 1;");
    ASSERT_TRUE(r.ok);
    ASSERT_EQ(r.statements.size(), 3u) << r.sql().join(u"\n----\n"_s).toStdString();
    expectLines(r.statements[0], 1, 7);
    EXPECT_EQ(r.statements[1].sql, u"CREATE EVENT e2 ON SCHEDULE AT NOW() + INTERVAL 1 DAY DO DELETE FROM t"_s);
    EXPECT_EQ(r.statements[2].sql, u"SELECT 1"_s);
}

TEST(MysqlSplitter, RoutinesWithDefiner)
{
    const Split r = split(
        "CREATE DEFINER=`root`@`localhost` FUNCTION add_one(x INT) RETURNS INT\n"
        "DETERMINISTIC\n"
        "BEGIN\n"
        "  DECLARE y INT;\n"
        "  SET y = x + 1;\n"
        "  RETURN y;\n"
        "END;\n"
        "CREATE OR REPLACE DEFINER='app'@'%' FUNCTION f2() RETURNS INT DETERMINISTIC BEGIN RETURN 2; END;\n"
        "CREATE DEFINER=CURRENT_USER() PROCEDURE p2() BEGIN SELECT 1; END;\n"
        "CREATE DEFINER = app@localhost PROCEDURE p3() SQL SECURITY INVOKER COMMENT 'x;' BEGIN SELECT 1; END;\n"
        "CREATE AGGREGATE FUNCTION agg(x INT) RETURNS INT BEGIN DECLARE s INT DEFAULT 0;"
        " DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN s; LOOP FETCH GROUP NEXT ROW; SET s = s + x; END LOOP; END;\n"
        "SELECT add_one(1);");
    ASSERT_TRUE(r.ok);
    ASSERT_EQ(r.statements.size(), 6u) << r.sql().join(u"\n----\n"_s).toStdString();
    expectLines(r.statements[0], 1, 7);
    EXPECT_TRUE(r.statements[0].sql.startsWith(u"CREATE DEFINER=`root`@`localhost` FUNCTION"_s));
    EXPECT_TRUE(r.statements[1].sql.endsWith(u"BEGIN RETURN 2; END"_s));
    EXPECT_TRUE(r.statements[2].sql.endsWith(u"BEGIN SELECT 1; END"_s));
    EXPECT_TRUE(r.statements[3].sql.endsWith(u"BEGIN SELECT 1; END"_s));
    EXPECT_TRUE(r.statements[4].sql.endsWith(u"END LOOP; END"_s));
    EXPECT_EQ(r.statements[5].sql, u"SELECT add_one(1)"_s);
}

TEST(MysqlSplitter, RoutinesWithSingleStatementBody)
{
    const Split r = split("CREATE FUNCTION f() RETURNS INT RETURN 1;\n"
                          "CREATE FUNCTION g(a INT) RETURNS TEXT DETERMINISTIC RETURN IF(a > 0, 'p', REPEAT('n', 2));\n"
                          "CREATE FUNCTION IF NOT EXISTS h() RETURNS INT RETURN CASE WHEN 1 THEN 2 END;\n"
                          "CREATE PROCEDURE p() SELECT 1;\n"
                          "SELECT f();");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"CREATE FUNCTION f() RETURNS INT RETURN 1"_s,
                                    u"CREATE FUNCTION g(a INT) RETURNS TEXT DETERMINISTIC RETURN IF(a > 0, 'p', REPEAT('n', 2))"_s,
                                    u"CREATE FUNCTION IF NOT EXISTS h() RETURNS INT RETURN CASE WHEN 1 THEN 2 END"_s,
                                    u"CREATE PROCEDURE p() SELECT 1"_s, u"SELECT f()"_s}));
}

TEST(MysqlSplitter, ProcedureIfNotExists)
{
    const Split r = split("CREATE PROCEDURE IF NOT EXISTS p()\nBEGIN\n  SELECT 1;\nEND;\nSELECT 2;");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"CREATE PROCEDURE IF NOT EXISTS p()\nBEGIN\n  SELECT 1;\nEND"_s, u"SELECT 2"_s}));
}

TEST(MysqlSplitter, BeginNotAtomic)
{
    const Split r = split("BEGIN NOT ATOMIC\n"
                          "  DECLARE x INT DEFAULT 1;\n"
                          "  IF x > 0 THEN\n"
                          "    SELECT 'positive';\n"
                          "  END IF;\n"
                          "END;\n"
                          "blk: begin not atomic select 1; select 2; end blk;\n"
                          "SELECT 3;");
    ASSERT_TRUE(r.ok);
    ASSERT_EQ(r.statements.size(), 3u) << r.sql().join(u"\n----\n"_s).toStdString();
    expectLines(r.statements[0], 1, 6);
    EXPECT_EQ(r.statements[1].sql, u"blk: begin not atomic select 1; select 2; end blk"_s);
    EXPECT_EQ(r.statements[2].sql, u"SELECT 3"_s);
}

TEST(MysqlSplitter, MariadbTopLevelCompoundStatement)
{
    const Split r = split("IF (SELECT COUNT(*) FROM t) = 0 THEN\n"
                          "  INSERT INTO t VALUES (1);\n"
                          "  INSERT INTO t VALUES (2);\n"
                          "END IF;\n"
                          "SELECT 1;");
    ASSERT_TRUE(r.ok);
    ASSERT_EQ(r.statements.size(), 2u);
    expectLines(r.statements[0], 1, 4);
}

TEST(MysqlSplitter, TransactionStatementsArePlain)
{
    const Split r = split("BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\n"
                          "BEGIN WORK;\nUPDATE t SET end = 1;\nROLLBACK;\n"
                          "START TRANSACTION;\nDELETE FROM t;\nCOMMIT;\nbegin\n;");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"BEGIN"_s, u"INSERT INTO t VALUES (1)"_s, u"COMMIT"_s, u"BEGIN WORK"_s,
                                    u"UPDATE t SET end = 1"_s, u"ROLLBACK"_s, u"START TRANSACTION"_s,
                                    u"DELETE FROM t"_s, u"COMMIT"_s, u"begin"_s}));
}

TEST(MysqlSplitter, KeywordsInPlainStatementsAreNotBlocks)
{
    const Split r = split("DROP TABLE IF EXISTS t;\n"
                          "CREATE TABLE IF NOT EXISTS t (id INT, `begin` INT, end_date DATE);\n"
                          "SELECT IF(1, 2, 3), REPEAT('a', 3), CASE WHEN 1 THEN 2 END;\n"
                          "CREATE VIEW v AS SELECT begin FROM t;\n"
                          "ALTER TABLE t ADD COLUMN IF NOT EXISTS c INT;\n"
                          "SELECT 1 FROM t FOR UPDATE;");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.statements.size(), 6u) << r.sql().join(u"\n----\n"_s).toStdString();
}

TEST(MysqlSplitter, MysqldumpExecutableComments)
{
    const Split r = split("/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
                          "/*!40101 SET NAMES utf8mb4 */;\n"
                          "/*M!100616 SET @OLD_NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0 */;\n"
                          "/*!40103 SET TIME_ZONE='+00:00' */;\n"
                          "SELECT 1 /*!50100 ; still one */;\n"
                          "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */ ;\n");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */"_s,
                                    u"/*!40101 SET NAMES utf8mb4 */"_s,
                                    u"/*M!100616 SET @OLD_NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0 */"_s,
                                    u"/*!40103 SET TIME_ZONE='+00:00' */"_s, u"SELECT 1 /*!50100 ; still one */"_s,
                                    u"/*!40101 SET SQL_MODE=@OLD_SQL_MODE */"_s}));
    expectLines(r.statements[5], 6, 6);
}

TEST(MysqlSplitter, MysqldumpTrigger)
{
    const Split r = split("DELIMITER ;;\n"
                          "/*!50003 SET @saved_cs_client = @@character_set_client */ ;;\n"
                          "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `trg` BEFORE INSERT ON `t` FOR EACH ROW BEGIN\n"
                          "  SET NEW.a = ';;*/';\n"
                          "  SET NEW.b = 1;\n"
                          "END */;;\n"
                          "DELIMITER ;\n"
                          "/*!40101 SET character_set_client = @saved_cs_client */;\n");
    ASSERT_TRUE(r.ok);
    ASSERT_EQ(r.statements.size(), 3u) << r.sql().join(u"\n----\n"_s).toStdString();
    EXPECT_TRUE(r.statements[1].sql.startsWith(u"/*!50003 CREATE*/"_s));
    EXPECT_TRUE(r.statements[1].sql.endsWith(u"END */"_s));
    expectLines(r.statements[1], 3, 6);
}

TEST(MysqlSplitter, LastStatementWithoutDelimiter)
{
    Split r = split("SELECT 1;\nSELECT 2\n  FROM t");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), (QStringList{u"SELECT 1"_s, u"SELECT 2\n  FROM t"_s}));
    expectLines(r.statements[1], 2, 3);

    r = split("CREATE PROCEDURE p() BEGIN SELECT 1; END\n\n");
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.sql(), QStringList{u"CREATE PROCEDURE p() BEGIN SELECT 1; END"_s});
}

TEST(MysqlSplitter, UnterminatedQuotesAreErrors)
{
    Split r = split("SELECT 1;\n\nSELECT 'abc;\nmore;\n");
    EXPECT_FALSE(r.ok);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->line, 3);
    EXPECT_EQ(r.error->message, u"unterminated quoted string starting at line 3"_s);
    EXPECT_EQ(r.sql(), QStringList{u"SELECT 1"_s});

    r = split("SELECT \"a\",\n \"b;\n");
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->line, 2);
    EXPECT_EQ(r.error->message, u"unterminated quoted string starting at line 2"_s);

    r = split("SELECT 'it''s\\';\n");
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->line, 1);

    r = split("SELECT 1;\nSELECT `col;\n;\n");
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->line, 2);
    EXPECT_EQ(r.error->message, u"unterminated `quoted identifier` starting at line 2"_s);
}

TEST(MysqlSplitter, UnterminatedCommentsAreErrors)
{
    Split r = split("SELECT 1;\n/* open\n;\n");
    EXPECT_FALSE(r.ok);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->line, 2);
    EXPECT_EQ(r.error->message, u"unterminated /* comment starting at line 2"_s);

    r = split("SELECT 1;\n\n/*!40101 SET x = 1 ;\n'*/'\n");
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->line, 3);
    EXPECT_EQ(r.error->message, u"unterminated /*! executable comment starting at line 3"_s);
}

TEST(MysqlSplitter, UnterminatedBlocksAreErrors)
{
    Split r = split("SELECT 1;\n\nCREATE PROCEDURE p()\nBEGIN\n  IF 1 THEN SELECT 1; END IF;\n  SELECT 2;\n");
    EXPECT_FALSE(r.ok);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->line, 3);
    EXPECT_EQ(r.error->message, u"unterminated BEGIN ... END block of CREATE PROCEDURE starting at line 3"_s);
    EXPECT_EQ(r.sql(), QStringList{u"SELECT 1"_s});

    r = split("-- c\nBEGIN NOT ATOMIC\n  SELECT 1;\n");
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->line, 2);
    EXPECT_EQ(r.error->message, u"unterminated BEGIN ... END block of BEGIN NOT ATOMIC starting at line 2"_s);

    r = split("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN\n  IF NEW.a THEN SET NEW.b = 1; END;\n");
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->line, 1);
    EXPECT_EQ(r.error->message, u"unterminated BEGIN ... END block of CREATE TRIGGER starting at line 1"_s);
}

TEST(MysqlSplitter, SinkReturningFalseStopsSplitting)
{
    std::vector<Statement> got;
    MysqlSplitter splitter([&](Statement &&s) {
        got.push_back(std::move(s));
        return false;
    });
    EXPECT_FALSE(splitter.addLine("SELECT 1; SELECT 2;", 1));
    EXPECT_TRUE(splitter.stopped());
    EXPECT_FALSE(splitter.error());
    EXPECT_FALSE(splitter.addLine("SELECT 3;", 2));
    EXPECT_FALSE(splitter.finish());
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].sql, u"SELECT 1"_s);

    const Split r = split("SELECT 1;\nSELECT 2;\nSELECT 3", 2);
    EXPECT_FALSE(r.ok);
    EXPECT_FALSE(r.error);
    EXPECT_EQ(r.sql(), (QStringList{u"SELECT 1"_s, u"SELECT 2"_s}));
}

TEST(MysqlSplitter, ManyStatementsOnOneLineStayLinear)
{
    // Quadratic work (rescanning or shifting the line per statement) would take minutes here.
    constexpr int Count = 200000;
    QByteArray line;
    for (int i = 0; i < Count; ++i)
        line += "SELECT 'x;y';";
    int n = 0;
    MysqlSplitter splitter([&](Statement &&s) {
        ++n;
        return s.sql == u"SELECT 'x;y'"_s;
    });
    ASSERT_TRUE(splitter.addLine(line, 1));
    ASSERT_TRUE(splitter.finish());
    EXPECT_EQ(n, Count);
}

TEST(MysqlSplitter, StreamsLargeScriptInConstantMemory)
{
    constexpr qsizetype Target = qsizetype(200) * 1024 * 1024;
    constexpr qsizetype CommentRun = qsizetype(64) * 1024 * 1024; // a commented-out block mid-file
    const QByteArray padding(90, 'p');
    const QByteArray commentLine = "-- " + QByteArray(120, 'c');

    long expected = 0, got = 0, updates = 0;
    bool linesOk = true;
    int lineNo = 0;
    int updateLine = 0; // where the last multi-line UPDATE starts
    MysqlSplitter splitter([&](Statement &&s) {
        ++got;
        if (s.sql.isEmpty() || s.firstLine < 1 || s.lastLine < s.firstLine)
            linesOk = false;
        if (s.sql.startsWith(u"UPDATE"_s)) {
            ++updates;
            if (s.firstLine != updateLine || s.lastLine != updateLine + 2 || !s.preamble.startsWith(u"-- migctl:note"_s))
                linesOk = false;
        }
        return true;
    });
    const long before = residentKb();
    ASSERT_GT(before, 0);

    // Peak resident memory, sampled as lines go in: growth that is freed again by the end
    // (a buffered run of comments, say) must be caught too.
    long peak = before;
    QByteArray line;
    qsizetype fed = 0;
    long expectedUpdates = 0;
    bool ok = true;
    auto feed = [&](const QByteArray &l) {
        fed += l.size() + 1;
        ok = ok && splitter.addLine(l, ++lineNo);
        if (lineNo % 8192 == 0)
            peak = std::max(peak, residentKb());
    };
    for (long i = 0; ok; ++i) {
        if (fed >= Target)
            break;
        if (fed > Target / 2 && fed < Target / 2 + CommentRun) {
            feed(commentLine);
            continue;
        }
        line = "INSERT INTO events (id, kind, payload) VALUES (";
        line += QByteArray::number(qlonglong(i));
        line += ", 'kind;";
        line += QByteArray::number(qlonglong(i % 7));
        line += "', '";
        line += padding;
        line += "');";
        if (i % 100 == 0) { // a comment, and a statement over three lines with two on the last
            feed("-- migctl:note " + QByteArray::number(qlonglong(i)));
            updateLine = lineNo + 1;
            feed("UPDATE events");
            feed("   SET kind = 'x' /* ; */");
            feed(" WHERE id = 1; " + line);
            expected += 2;
            ++expectedUpdates;
        } else {
            feed(line);
            ++expected;
        }
    }
    ASSERT_TRUE(ok);
    ASSERT_TRUE(splitter.finish());
    peak = std::max(peak, residentKb());
    EXPECT_EQ(got, expected);
    EXPECT_EQ(updates, expectedUpdates);
    EXPECT_TRUE(linesOk);
    EXPECT_LT(peak - before, 50 * 1024) << "VmRSS grew from " << before << " kB to " << peak << " kB";
}
