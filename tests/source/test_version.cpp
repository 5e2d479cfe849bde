#include "source/Version.h"

#include <gtest/gtest.h>

using mig::Version;

namespace {
Version v(const char *text)
{
    const auto parsed = Version::parse(QString::fromLatin1(text));
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed.value_or(Version());
}
} // namespace

TEST(Version, ComparesPartsNumerically)
{
    EXPECT_LT(v("1.9"), v("1.10"));
    EXPECT_LT(v("1_9_0"), v("1_10_0"));
    EXPECT_LT(v("2"), v("10"));
    EXPECT_LT(v("1.1"), v("1.1.1"));
    EXPECT_FALSE(v("1.10") < v("1.9"));
}

TEST(Version, DotAndUnderscoreAreTheSameSeparator)
{
    EXPECT_EQ(v("2.0.1"), v("2_0_1"));
}

TEST(Version, LeadingAndTrailingZerosDoNotMakeADifferentVersion)
{
    EXPECT_EQ(v("001"), v("1"));
    EXPECT_EQ(v("1"), v("1.0"));
    EXPECT_EQ(v("1.0.0"), v("1"));
    EXPECT_NE(v("1.0.1"), v("1"));
    EXPECT_EQ(v("001").text(), QStringLiteral("001")); // shown as written
}

TEST(Version, TimestampsAndVeryLongNumbersCompare)
{
    EXPECT_LT(v("20151129054053"), v("20200101120000"));
    EXPECT_LT(v("99999999999999999999999"), v("100000000000000000000000"));
}

TEST(Version, RejectsWhatIsNotAVersion)
{
    EXPECT_FALSE(Version::parse(QStringLiteral("1.a")));
    EXPECT_FALSE(Version::parse(QStringLiteral("")));
    EXPECT_FALSE(Version::parse(QStringLiteral("1..2")));
    EXPECT_FALSE(Version::parse(QStringLiteral(".1")));
}

TEST(Version, SqlMigrateIdsOrderByNumericPrefixThenName)
{
    EXPECT_LT(Version::fromId(QStringLiteral("2_b")), Version::fromId(QStringLiteral("10_a")));
    EXPECT_LT(Version::fromId(QStringLiteral("1_a")), Version::fromId(QStringLiteral("1_b")));
    EXPECT_LT(Version::fromId(QStringLiteral("alpha")), Version::fromId(QStringLiteral("beta")));
    EXPECT_NE(Version::fromId(QStringLiteral("01_a")), Version::fromId(QStringLiteral("1_a")));
}

TEST(Version, SqlMigrateOrderAsSqlMigrateSortsIt)
{
    // Numeric prefixes before all other ids; ties by the file name, ".sql" included.
    EXPECT_LT(Version::fromId(QStringLiteral("99_x.sql")), Version::fromId(QStringLiteral("(legacy).sql")));
    EXPECT_LT(Version::fromId(QStringLiteral("1_a-b.sql")), Version::fromId(QStringLiteral("1_a.sql")));
    EXPECT_EQ(Version::fromId(QStringLiteral("1_a.sql"), QStringLiteral("1_a")).text(), QStringLiteral("1_a"));
}
