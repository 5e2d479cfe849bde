// Batched data migrations: the "-- migctl:batch size=N" / "-- migctl:total QUERY" annotations
// in the comments before a statement, and the :batch_size binding.
#include "run/BatchSpec.h"

#include <gtest/gtest.h>

using mig::batchSpec;
using mig::bindBatchSize;

namespace {

mig::Statement statement(const char *preamble, const char *sql = "UPDATE t SET x = 1 WHERE id IN (SELECT id FROM t LIMIT :batch_size)")
{
    mig::Statement s;
    s.preamble = QString::fromUtf8(preamble);
    s.sql = QString::fromUtf8(sql);
    s.firstLine = 3;
    return s;
}

} // namespace

TEST(BatchSpec, SizeAndTotalQuery)
{
    const mig::BatchSpecResult r = batchSpec(statement(
        "-- Week starts were stored as midnight UTC.\n"
        "-- migctl:batch size=50\n"
        "-- migctl:total SELECT COUNT(*) FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z'\n"));
    ASSERT_TRUE(r.spec.has_value()) << r.error.toStdString();
    EXPECT_TRUE(r.error.isEmpty());
    EXPECT_EQ(r.spec->size, 50);
    EXPECT_EQ(r.spec->totalQuery, QStringLiteral("SELECT COUNT(*) FROM ProgressReport WHERE weekStart LIKE '%T00:00:00.000Z'"));
}

TEST(BatchSpec, TotalIsOptionalAndItsSemicolonIsDropped)
{
    mig::BatchSpecResult r = batchSpec(statement("--migctl:batch size=1000\n"));
    ASSERT_TRUE(r.spec.has_value());
    EXPECT_EQ(r.spec->size, 1000);
    EXPECT_TRUE(r.spec->totalQuery.isEmpty());

    r = batchSpec(statement("  --   migctl:batch   size=7  \n-- migctl:total SELECT count(*) FROM t WHERE x = 0 ;  \n"));
    ASSERT_TRUE(r.spec.has_value()) << r.error.toStdString();
    EXPECT_EQ(r.spec->size, 7);
    EXPECT_EQ(r.spec->totalQuery, QStringLiteral("SELECT count(*) FROM t WHERE x = 0"));
}

TEST(BatchSpec, NoAnnotationIsAnOrdinaryStatement)
{
    for (const char *preamble : {"", "-- a comment\n", "-- migctl:total SELECT 1\n", "/* migctl:batch size=5 */\n"}) {
        const mig::BatchSpecResult r = batchSpec(statement(preamble));
        EXPECT_FALSE(r.spec.has_value()) << preamble;
        EXPECT_TRUE(r.error.isEmpty()) << preamble;
    }
}

TEST(BatchSpec, MalformedAnnotationsAreErrors)
{
    for (const char *preamble : {"-- migctl:batch\n", "-- migctl:batch size=0\n", "-- migctl:batch size=-5\n", "-- migctl:batch size=abc\n",
                                 "-- migctl:batch size=50 rows\n", "-- migctl:batch 50\n", "-- migctl:batch size=1234567890\n"}) {
        const mig::BatchSpecResult r = batchSpec(statement(preamble));
        EXPECT_FALSE(r.spec.has_value()) << preamble;
        EXPECT_TRUE(r.error.startsWith(u"malformed batch annotation '-- migctl:batch")) << preamble << ": " << r.error.toStdString();
        EXPECT_TRUE(r.error.endsWith(u"write -- migctl:batch size=N with N > 0")) << r.error.toStdString();
    }
    EXPECT_EQ(batchSpec(statement("-- migctl:batch size=0\n")).error,
              QStringLiteral("malformed batch annotation '-- migctl:batch size=0': write -- migctl:batch size=N with N > 0"));
}

TEST(BatchSpec, BindReplacesEveryPlaceholderOutsideQuotes)
{
    EXPECT_EQ(bindBatchSize(QStringLiteral("DELETE FROM t WHERE id IN (SELECT id FROM t LIMIT :batch_size)"), 50),
              QStringLiteral("DELETE FROM t WHERE id IN (SELECT id FROM t LIMIT 50)"));
    EXPECT_EQ(bindBatchSize(QStringLiteral(":batch_size + :batch_size"), 3), QStringLiteral("3 + 3"));
    // Inside strings and quoted names it is text.
    EXPECT_EQ(bindBatchSize(QStringLiteral("SELECT ':batch_size', \":batch_size\", `:batch_size` LIMIT :batch_size"), 9),
              QStringLiteral("SELECT ':batch_size', \":batch_size\", `:batch_size` LIMIT 9"));
    // A doubled quote inside a string keeps the string open.
    EXPECT_EQ(bindBatchSize(QStringLiteral("SELECT 'it''s :batch_size' LIMIT :batch_size"), 2),
              QStringLiteral("SELECT 'it''s :batch_size' LIMIT 2"));
    // Longer names and PostgreSQL casts are not the placeholder.
    EXPECT_EQ(bindBatchSize(QStringLiteral("LIMIT :batch_sizes"), 5), QStringLiteral("LIMIT :batch_sizes"));
    EXPECT_EQ(bindBatchSize(QStringLiteral("LIMIT :batch_size_max"), 5), QStringLiteral("LIMIT :batch_size_max"));
    EXPECT_EQ(bindBatchSize(QStringLiteral("SELECT x::batch_size"), 5), QStringLiteral("SELECT x::batch_size"));
    EXPECT_EQ(bindBatchSize(QStringLiteral("LIMIT :batch_size;"), 5), QStringLiteral("LIMIT 5;"));
    EXPECT_EQ(bindBatchSize(QStringLiteral("no placeholder"), 5), QStringLiteral("no placeholder"));
}
