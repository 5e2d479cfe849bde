// The pieces under the tabs, on their own: line alignment for the side-by-side diff, reading a
// script section with its own line numbers, and the SQL colouring of constructs spanning lines.
#include "migrations/CodeView.h"
#include "migrations/LineAlignment.h"
#include "migrations/ScriptFile.h"
#include "migrations/SqlHighlighter.h"

#include "TempFolder.h"

#include <QTextBlock>
#include <gtest/gtest.h>

using namespace mig::ui;
using Kind = AlignedLine::Kind;

namespace {

QStringList kinds(const AlignedText &t)
{
    QStringList out;
    for (const AlignedLine &l : t.lines)
        out << QStringLiteral("%1:%2:%3").arg(l.kind == Kind::Same ? u"=" : l.kind == Kind::Changed ? u"~" : l.kind == Kind::Removed ? u"-" : u"+")
                   .arg(l.leftLine).arg(l.rightLine);
    return out;
}

bool formatted(const QTextBlock &b, int at, const QTextCharFormat &f)
{
    for (const QTextLayout::FormatRange &r : b.layout()->formats())
        if (at >= r.start && at < r.start + r.length)
            return r.format.foreground() == f.foreground();
    return false;
}

} // namespace

TEST(LineAlignment, PairsReplacedLinesAndFillsTheRest)
{
    const AlignedText t = alignLines({"a", "b", "c", "d", "e"}, {"a", "B", "c", "e", "f", "g"});
    EXPECT_EQ(kinds(t), (QStringList{"=:1:1", "~:2:2", "=:3:3", "-:4:0", "=:5:4", "+:0:5", "+:0:6"}));
    EXPECT_EQ(t.changed, 1);
    EXPECT_EQ(t.removed, 1);
    EXPECT_EQ(t.added, 2);
    // The left side longer than the right (dtl swaps them internally).
    const AlignedText u = alignLines({"x", "y", "z", "w"}, {"x", "w"});
    EXPECT_EQ(kinds(u), (QStringList{"=:1:1", "-:2:0", "-:3:0", "=:4:2"}));
}

TEST(LineAlignment, MarksTheCharactersThatChanged)
{
    const AlignedText t = alignLines({"total NUMERIC DEFAULT 0"}, {"total_cents INTEGER DEFAULT 0"});
    ASSERT_EQ(t.lines.size(), 1);
    const AlignedLine &l = t.lines.first();
    EXPECT_EQ(l.left.mid(l.leftFrom, l.leftLength), QStringLiteral(" NUMERIC"));
    EXPECT_EQ(l.right.mid(l.rightFrom, l.rightLength), QStringLiteral("_cents INTEGER"));
    EXPECT_TRUE(alignLines({"same"}, {"same"}).identical());
}

TEST(ScriptFile, ASectionKeepsItsFileLineNumbers)
{
    TempFolder tmp;
    const QByteArray text = "-- migrate:up\r\nCREATE TABLE t (id INT);\r\nINSERT INTO t VALUES (1);\r\n-- migrate:down\r\nDROP TABLE t;\r\n";
    tmp.write(QStringLiteral("1_t.sql"), "\xEF\xBB\xBF" + text);
    mig::ScriptRef ref;
    ref.path = tmp.file(QStringLiteral("1_t.sql"));
    const qint64 downStart = 3 + text.indexOf("-- migrate:down");
    ref.spans = {mig::ScriptRef::Span{downStart, -1, 4}};
    const ScriptFile down = readScriptFile(ref);
    ASSERT_TRUE(down.shown()) << down.error.toStdString();
    EXPECT_EQ(down.text, QStringLiteral("-- migrate:down\nDROP TABLE t;"));
    EXPECT_EQ(down.lineNumbers, (QList<int>{4, 5}));
    ref.spans = {mig::ScriptRef::Span{0, downStart, 1}};
    const ScriptFile up = readScriptFile(ref);
    EXPECT_TRUE(up.text.startsWith(u"-- migrate:up\nCREATE")) << "the BOM and CRs are gone";
    EXPECT_EQ(up.lineNumbers, (QList<int>{1, 2, 3}));

    // Too large: shown in part, whole lines only, and said so.
    const ScriptFile part = readScriptFile(ref, 30);
    EXPECT_EQ(part.text, QStringLiteral("-- migrate:up"));
    EXPECT_EQ(part.lineNumbers, QList<int>{1});
    EXPECT_TRUE(part.note.contains(u"only its first")) << part.note.toStdString();
    EXPECT_FALSE(readScriptFile(mig::ScriptRef{}).present);
}

TEST(ScriptFile, BytesThatAreNotUtf8AreRefusedWithTheirLine)
{
    TempFolder tmp;
    tmp.write(QStringLiteral("a.sql"), "SELECT 1;\nSELECT 'na\xefve';\n");
    mig::ScriptRef ref;
    ref.path = tmp.file(QStringLiteral("a.sql"));
    const ScriptFile f = readScriptFile(ref);
    EXPECT_TRUE(f.present);
    EXPECT_FALSE(f.shown());
    EXPECT_TRUE(f.error.startsWith(u"a.sql is not UTF-8 text (line 2 ")) << f.error.toStdString();
    EXPECT_EQ(f.text, QString());
    ref.path = tmp.file(QStringLiteral("gone.sql"));
    EXPECT_TRUE(readScriptFile(ref).error.startsWith(u"gone.sql cannot be read")) << readScriptFile(ref).error.toStdString();
}

TEST(SqlHighlighter, ColoursConstructsThatSpanLines)
{
    CodeView view;
    view.setCode(QStringLiteral("CREATE FUNCTION f() RETURNS int AS $body$\n"
                                "  SELECT 42 -- not a comment here\n"
                                "$body$ LANGUAGE sql;\n"
                                "/* a comment\n"
                                "   SELECT still comment */ SELECT 'it''s', 7;"));
    const SqlHighlighter *h = view.highlighter();
    QTextDocument *d = view.document();
    EXPECT_TRUE(formatted(d->findBlockByNumber(0), 0, h->keywordFormat()));      // CREATE
    EXPECT_TRUE(formatted(d->findBlockByNumber(0), 35, h->stringFormat()));      // $body$
    EXPECT_TRUE(formatted(d->findBlockByNumber(1), 2, h->stringFormat()));       // inside the body
    EXPECT_TRUE(formatted(d->findBlockByNumber(1), 14, h->stringFormat()));      // "--" inside the body
    EXPECT_TRUE(formatted(d->findBlockByNumber(2), 7, h->keywordFormat()));      // LANGUAGE, after the body
    EXPECT_TRUE(formatted(d->findBlockByNumber(3), 0, h->commentFormat()));
    const QTextBlock last = d->findBlockByNumber(4);
    EXPECT_TRUE(formatted(last, 3, h->commentFormat()));                         // still in the comment
    EXPECT_TRUE(formatted(last, 27, h->keywordFormat()));                        // SELECT after */
    EXPECT_TRUE(formatted(last, 34, h->stringFormat()));                         // 'it''s'
    EXPECT_TRUE(formatted(last, 38, h->stringFormat()));
    EXPECT_TRUE(formatted(last, 43, h->numberFormat()));                         // 7
}
