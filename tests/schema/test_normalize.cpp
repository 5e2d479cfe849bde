// One spelling per type and per expression layout: what snapshots and declarations compare.
#include "schema/SchemaSnapshot.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

using namespace mig;

namespace {

using Cases = std::vector<std::pair<const char *, const char *>>;

void expectTypes(Dialect dialect, const Cases &cases)
{
    for (const auto &[written, canonical] : cases)
        EXPECT_EQ(normalizeType(dialect, QString::fromUtf8(written)).toStdString(), canonical)
            << dialectName(dialect).toStdString() << ": " << written;
}

TEST(NormalizeType, PostgresSynonymsGetOneName)
{
    expectTypes(Dialect::Postgres, {
                                       {"int4", "integer"},
                                       {"int", "integer"},
                                       {"INTEGER", "integer"},
                                       {"serial", "integer"},
                                       {"bigserial", "bigint"},
                                       {"int8", "bigint"},
                                       {"int2", "smallint"},
                                       {"bool", "boolean"},
                                       {"float8", "double precision"},
                                       {"float4", "real"},
                                       {"text", "text"},
                                   });
}

TEST(NormalizeType, PostgresArgumentsAndTimeZones)
{
    expectTypes(Dialect::Postgres, {
                                       {"varchar(20)", "character varying(20)"},
                                       {"VARCHAR (20)", "character varying(20)"},
                                       {"character  varying(20)", "character varying(20)"},
                                       {"char", "character(1)"},
                                       {"char(3)", "character(3)"},
                                       {"decimal(10,2)", "numeric(10,2)"},
                                       {"decimal(10, 2)", "numeric(10,2)"},
                                       {"numeric(10,2)", "numeric(10,2)"},
                                       {"timestamptz", "timestamp with time zone"},
                                       {"timestamp(3) with time zone", "timestamp(3) with time zone"},
                                       {"TIMESTAMP (3) WITH TIME ZONE", "timestamp(3) with time zone"},
                                       {"timestamptz(3)", "timestamp(3) with time zone"},
                                       {"timestamp", "timestamp without time zone"},
                                       {"timestamp without time zone", "timestamp without time zone"},
                                       {"timetz", "time with time zone"},
                                   });
}

TEST(NormalizeType, PostgresArrays)
{
    expectTypes(Dialect::Postgres, {
                                       {"int[]", "integer[]"},
                                       {"integer[]", "integer[]"},
                                       {"varchar(20)[]", "character varying(20)[]"},
                                       {"text[][]", "text[][]"},
                                   });
}

TEST(NormalizeType, MysqlDisplayWidthsAndSynonyms)
{
    expectTypes(Dialect::Mysql, {
                                    {"int(11)", "int"},
                                    {"INT", "int"},
                                    {"integer", "int"},
                                    {"bigint(20) unsigned", "bigint unsigned"},
                                    {"BIGINT UNSIGNED", "bigint unsigned"},
                                    {"int unsigned", "int unsigned"},
                                    {"smallint(6)", "smallint"},
                                    {"tinyint(1)", "tinyint(1)"},
                                    {"tinyint(4)", "tinyint"},
                                    {"boolean", "tinyint(1)"},
                                    {"bool", "tinyint(1)"},
                                    {"numeric(10,2)", "decimal(10,2)"},
                                    {"decimal", "decimal(10,0)"},
                                    {"decimal(12)", "decimal(12,0)"},
                                    {"DECIMAL(10, 2)", "decimal(10,2)"},
                                    {"varchar(255)", "varchar(255)"},
                                    {"character varying(40)", "varchar(40)"},
                                    {"double precision", "double"},
                                    {"char", "char(1)"},
                                });
}

TEST(NormalizeType, SqliteSpellingsAndWhitespace)
{
    expectTypes(Dialect::Sqlite, {
                                     {"INT", "integer"},
                                     {"int", "integer"},
                                     {"INTEGER", "integer"},
                                     {"  INTEGER  ", "integer"},
                                     {"TEXT", "text"},
                                     {"VARCHAR(200)", "varchar(200)"},
                                     {"varchar ( 200 )", "varchar(200)"},
                                     {"character varying(20)", "varchar(20)"},
                                     {"double   precision", "double"},
                                     {"NUMERIC(10,\t2)", "numeric(10,2)"},
                                     {"BOOL", "boolean"},
                                     {"", ""},
                                 });
}

TEST(NormalizeSql, CollapsesWhitespaceOutsideQuotesOnly)
{
    EXPECT_EQ(normalizeSql(QStringLiteral("  SELECT\ta,\n\n   b  FROM t  ")), u"SELECT a, b FROM t");
    // Quoted text keeps its own spaces, whatever the quote.
    EXPECT_EQ(normalizeSql(QStringLiteral("status  =  'a   b'")), u"status = 'a   b'");
    EXPECT_EQ(normalizeSql(QStringLiteral("\"two  words\"\n  = `x  y`")), u"\"two  words\" = `x  y`");
    // Case is left alone: keywords are the callers' business.
    EXPECT_EQ(normalizeSql(QStringLiteral("Lower( Name )")), u"Lower( Name )");
    EXPECT_EQ(normalizeSql(QStringLiteral("   ")), u"");
}

} // namespace
