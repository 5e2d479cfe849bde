#include "source/FileName.h"

#include <gtest/gtest.h>

using namespace mig;
using Role = FileName::Role;

namespace {
FileName classify(const char *name)
{
    const auto f = classifyFileName(QString::fromLatin1(name));
    EXPECT_TRUE(f.has_value()) << name;
    return f.value_or(FileName());
}
} // namespace

TEST(FileName, Native)
{
    const FileName up = classify("001_create_users.sql");
    EXPECT_EQ(up.role, Role::Numbered); // native, dbmate or goose: the content decides
    EXPECT_EQ(up.version, QStringLiteral("001"));
    EXPECT_EQ(up.name, QStringLiteral("create_users"));
    EXPECT_EQ(classify("001_create_users.rollback.sql").role, Role::Down);
    EXPECT_EQ(classify("001_create_users.verify.sql").role, Role::Verify);
    EXPECT_EQ(classify("001_create_users.verify.sql").format, Format::Native);
}

TEST(FileName, Flyway)
{
    const FileName v = classify("V1_10_0__Add_email_column.sql");
    EXPECT_EQ(v.format, Format::Flyway);
    EXPECT_EQ(v.role, Role::Up);
    EXPECT_EQ(v.version, QStringLiteral("1.10.0")); // as Flyway shows it
    EXPECT_EQ(v.name, QStringLiteral("Add email column"));
    EXPECT_EQ(classify("U2.1__Undo.sql").role, Role::Down);
    const FileName r = classify("R__Refresh_views.sql");
    EXPECT_EQ(r.role, Role::Repeatable);
    EXPECT_EQ(r.name, QStringLiteral("Refresh views"));
    EXPECT_TRUE(r.version.isEmpty());
}

TEST(FileName, GolangMigrate)
{
    const FileName up = classify("20240101120000_add_table.up.sql");
    EXPECT_EQ(up.format, Format::GolangMigrate);
    EXPECT_EQ(up.role, Role::Up);
    EXPECT_EQ(up.name, QStringLiteral("add_table"));
    EXPECT_EQ(classify("1_x.down.sql").role, Role::Down);
}

TEST(FileName, OtherSqlAndNonSql)
{
    EXPECT_EQ(classify("schema.sql").role, Role::Other);
    EXPECT_EQ(classify("v1__lowercase_prefix.sql").role, Role::Other);
    EXPECT_FALSE(classifyFileName(QStringLiteral("README.md")));
    EXPECT_FALSE(classifyFileName(QStringLiteral("001_x.sql.conf")));
}
