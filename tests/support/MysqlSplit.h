#pragma once

// Shared by the MySQL splitter tests: feeding scripts and measuring memory.
#include "MysqlSplitter.h"

#include <gtest/gtest.h>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

// Readable QString values in gtest failure messages.
QT_BEGIN_NAMESPACE
inline void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}
QT_END_NAMESPACE

using namespace mig;
using namespace Qt::StringLiterals;

// Its own namespace: SplitHelpers.h has a Split of another shape in the same test binary.
namespace mysql_split {


struct Split {
    std::vector<Statement> statements;
    bool ok = false;
    std::optional<SplitError> error;

    QStringList sql() const
    {
        QStringList list;
        for (const Statement &s : statements)
            list.append(s.sql);
        return list;
    }
};

// Feeds a script line by line, as the script reader does: lines without their '\n', numbered
// from 1; a final '\n' does not start another line.
inline Split split(const QByteArray &script, int stopAfter = -1)
{
    Split r;
    MysqlSplitter splitter([&](Statement &&s) {
        r.statements.push_back(std::move(s));
        return stopAfter < 0 || int(r.statements.size()) < stopAfter;
    });
    QList<QByteArray> lines = script.split('\n');
    if (script.endsWith('\n'))
        lines.removeLast();
    r.ok = true;
    int lineNo = 0;
    for (const QByteArray &line : lines) {
        if (!splitter.addLine(line, ++lineNo)) {
            r.ok = false;
            break;
        }
    }
    if (r.ok)
        r.ok = splitter.finish();
    r.error = splitter.error();
    return r;
}

inline void expectLines(const Statement &s, int first, int last)
{
    EXPECT_EQ(s.firstLine, first) << s.sql.toStdString();
    EXPECT_EQ(s.lastLine, last) << s.sql.toStdString();
}

inline long residentKb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    }
    return -1;
}

// A procedure that uses every kind of block, and keywords where they are not blocks.
inline const QByteArray Procedure = R"sql(CREATE PROCEDURE fill(IN n INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  DECLARE done INT DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
  DROP TEMPORARY TABLE IF EXISTS tmp;
  CREATE TEMPORARY TABLE IF NOT EXISTS tmp (id INT, end_date DATE);
  fill_loop: LOOP
    SET i = i + 1;
    IF i > n THEN
      LEAVE fill_loop;
    ELSEIF i = 2 THEN
      ITERATE fill_loop;
    ELSE
      INSERT INTO tmp VALUES (IF(i > 1, i, 0), NULL);
    END IF;
  END LOOP fill_loop;
  WHILE i > 0 DO
    SET i = i - 1;
  END WHILE;
  REPEAT
    SET i = i + 1;
  UNTIL i >= 3 END REPEAT;
  CASE i
    WHEN 3 THEN SELECT 'three; END', REPEAT('x', 2);
    ELSE BEGIN
      SELECT t.end, t.end_date, @end FROM tmp AS t; -- END;
      SELECT id, end FROM ranges WHERE end > 0 ORDER BY end;
    END;
  END CASE;
  SET @size = CASE WHEN i > 1 THEN IF(i > 9, 'huge', 'big') ELSE 'small' END;
  inner_block: BEGIN
    IF EXISTS (SELECT 1 FROM tmp) THEN
      SELECT 1;
    END IF;
    IF (i > 0) AND NOT EXISTS (SELECT 1 FROM tmp WHERE id = i) THEN
      BEGIN
        SELECT 2;
      END;
    END IF;
  END inner_block;
END)sql";

} // namespace mysql_split

using namespace mysql_split;
