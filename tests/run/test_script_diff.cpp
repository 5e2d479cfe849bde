// The difference between the script text stored in the history and the file now.
#include "plan/ScriptDiff.h"

#include <QStringList>

#include <gtest/gtest.h>

using mig::diffScripts;
using mig::ScriptDiff;

namespace {

ScriptDiff diff(const QString &stored, const QString &current)
{
    return diffScripts(stored, current, QStringLiteral("applied"), QStringLiteral("001_users.sql"));
}

} // namespace

TEST(ScriptDiff, SameTextIsSame)
{
    const ScriptDiff d = diff(QStringLiteral("CREATE TABLE t (x);\n"), QStringLiteral("CREATE TABLE t (x);\n"));
    EXPECT_EQ(d.kind, ScriptDiff::Kind::Same);
    EXPECT_TRUE(d.unified.isEmpty());
}

TEST(ScriptDiff, NoStoredTextCannotBeCompared)
{
    const ScriptDiff d = diff(QString(), QStringLiteral("CREATE TABLE t (x);\n"));
    EXPECT_EQ(d.kind, ScriptDiff::Kind::StoredTextMissing);
    EXPECT_TRUE(d.unified.isEmpty());
}

TEST(ScriptDiff, LineEndingsOrBomOnly)
{
    const QString lf = QStringLiteral("CREATE TABLE t (x);\nINSERT INTO t VALUES (1);\n");
    const QString crlf = QStringLiteral("CREATE TABLE t (x);\r\nINSERT INTO t VALUES (1);\r\n");
    const QString bom = QChar(0xfeff) + lf;
    for (const auto &[a, b] : {std::pair{lf, crlf}, std::pair{crlf, lf}, std::pair{lf, bom}, std::pair{bom, crlf}}) {
        const ScriptDiff d = diff(a, b);
        EXPECT_EQ(d.kind, ScriptDiff::Kind::LineEndingsOrBomOnly);
        EXPECT_TRUE(d.unified.isEmpty());
    }
}

TEST(ScriptDiff, ChangedGivesAUnifiedDiff)
{
    const QString stored = QStringLiteral("CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  name TEXT\n);\n");
    const QString current = QStringLiteral("CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL\n);\n");
    const ScriptDiff d = diff(stored, current);
    EXPECT_EQ(d.kind, ScriptDiff::Kind::Changed);
    EXPECT_EQ(d.unified, QStringLiteral("--- applied\n"
                                        "+++ 001_users.sql\n"
                                        "@@ -1,4 +1,4 @@\n"
                                        " CREATE TABLE users (\n"
                                        "   id INTEGER PRIMARY KEY,\n"
                                        "-  name TEXT\n"
                                        "+  name TEXT NOT NULL\n"
                                        " );\n"));
}

TEST(ScriptDiff, AddedLinesAndHunksFarApart)
{
    QStringList lines;
    for (int i = 1; i <= 20; ++i)
        lines << QStringLiteral("SELECT %1;").arg(i);
    const QString stored = lines.join(u'\n') + u'\n';
    QStringList changed = lines;
    changed[1] = QStringLiteral("SELECT 200;");
    changed.insert(18, QStringLiteral("SELECT 'new';"));
    const ScriptDiff d = diff(stored, changed.join(u'\n') + u'\n');
    ASSERT_EQ(d.kind, ScriptDiff::Kind::Changed);
    EXPECT_EQ(d.unified, QStringLiteral("--- applied\n+++ 001_users.sql\n"
                                        "@@ -1,5 +1,5 @@\n SELECT 1;\n-SELECT 2;\n+SELECT 200;\n SELECT 3;\n SELECT 4;\n SELECT 5;\n"
                                        "@@ -16,5 +16,6 @@\n SELECT 16;\n SELECT 17;\n SELECT 18;\n+SELECT 'new';\n SELECT 19;\n SELECT 20;\n"));
}

TEST(ScriptDiff, ARealChangeInACrlfFileShowsOnlyTheChangedLines)
{
    // Stored with CRLF, edited and saved with LF: the diff is about the edit, not every line.
    const ScriptDiff d = diff(QStringLiteral("SELECT 1;\r\nSELECT 2;\r\n"), QStringLiteral("SELECT 1;\nSELECT 3;\n"));
    ASSERT_EQ(d.kind, ScriptDiff::Kind::Changed);
    EXPECT_EQ(d.unified, QStringLiteral("--- applied\n+++ 001_users.sql\n@@ -1,2 +1,2 @@\n SELECT 1;\n-SELECT 2;\n+SELECT 3;\n"));
    EXPECT_FALSE(d.unified.contains(u'\r'));
}
