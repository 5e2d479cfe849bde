// Targets given as URLs on the command line: every form, defaults, errors, and the password
// kept out of the profile and of every displayed form.
#include "target/ConnectionProfile.h"

#include <gtest/gtest.h>

using namespace mig;

TEST(TargetUrl, Sqlite)
{
    const TargetUrl rel = parseTargetUrl(QStringLiteral("sqlite:db/demo.sqlite3"));
    ASSERT_TRUE(rel.profile) << rel.error.toStdString();
    EXPECT_EQ(rel.profile->engine, Dialect::Sqlite);
    EXPECT_EQ(rel.profile->database, QStringLiteral("db/demo.sqlite3"));
    const TargetUrl abs = parseTargetUrl(QStringLiteral("sqlite:///tmp/x.db"));
    ASSERT_TRUE(abs.profile);
    EXPECT_EQ(abs.profile->database, QStringLiteral("/tmp/x.db"));
    EXPECT_EQ(abs.profile->displayUrl(), QStringLiteral("sqlite:/tmp/x.db"));
    EXPECT_FALSE(parseTargetUrl(QStringLiteral("sqlite:")).profile);
}

TEST(TargetUrl, PostgresWithDefaultsAndOptions)
{
    const TargetUrl t = parseTargetUrl(QStringLiteral("postgresql://dba@db.internal/orders?sslmode=verify-full&application_name=migctl&history-table=ops.history"));
    ASSERT_TRUE(t.profile) << t.error.toStdString();
    const ConnectionProfile &p = *t.profile;
    EXPECT_EQ(p.engine, Dialect::Postgres);
    EXPECT_EQ(p.user, QStringLiteral("dba"));
    EXPECT_EQ(p.host, QStringLiteral("db.internal"));
    EXPECT_EQ(p.effectivePort(), 5432);
    EXPECT_EQ(p.database, QStringLiteral("orders"));
    EXPECT_EQ(p.tlsMode, QStringLiteral("verify-full"));
    EXPECT_EQ(p.historyTable, QStringLiteral("ops.history"));
    EXPECT_EQ(p.options.value(QStringLiteral("application_name")), QStringLiteral("migctl"));
    EXPECT_FALSE(t.password);
    EXPECT_EQ(p.displayUrl(), QStringLiteral("postgres://dba@db.internal:5432/orders?sslmode=verify-full&application_name=migctl"));
}

TEST(TargetUrl, MysqlAndMariadb)
{
    const TargetUrl t = parseTargetUrl(QStringLiteral("mariadb://app@127.0.0.1:53306/shop?ssl-mode=REQUIRED"));
    ASSERT_TRUE(t.profile) << t.error.toStdString();
    EXPECT_EQ(t.profile->engine, Dialect::Mysql);
    EXPECT_EQ(t.profile->port, 53306);
    EXPECT_EQ(t.profile->tlsMode, QStringLiteral("required"));
    const TargetUrl d = parseTargetUrl(QStringLiteral("mysql://root@[::1]/shop"));
    ASSERT_TRUE(d.profile) << d.error.toStdString();
    EXPECT_EQ(d.profile->host, QStringLiteral("::1"));
    EXPECT_EQ(d.profile->effectivePort(), 3306);
}

TEST(TargetUrl, PasswordIsSeparatedAndNeverDisplayed)
{
    const TargetUrl t = parseTargetUrl(QStringLiteral("postgres://dba:s%40cret%2Fpw@db:6432/orders"));
    ASSERT_TRUE(t.profile) << t.error.toStdString();
    ASSERT_TRUE(t.password);
    EXPECT_EQ(*t.password, QStringLiteral("s@cret/pw"));
    EXPECT_EQ(t.profile->user, QStringLiteral("dba"));
    EXPECT_FALSE(t.profile->displayUrl().contains(u"cret")) << t.profile->displayUrl().toStdString();

    // An invalid URL's error must not quote the password either.
    const TargetUrl bad = parseTargetUrl(QStringLiteral("postgres://dba:topsecret@db:notaport/orders"));
    EXPECT_FALSE(bad.profile);
    EXPECT_FALSE(bad.error.isEmpty());
    EXPECT_FALSE(bad.error.contains(u"topsecret")) << bad.error.toStdString();
    const TargetUrl param = parseTargetUrl(QStringLiteral("postgres://dba@db/orders?password=topsecret"));
    EXPECT_FALSE(param.profile);
    EXPECT_FALSE(param.error.contains(u"topsecret"));
}

TEST(TargetUrl, Errors)
{
    EXPECT_TRUE(parseTargetUrl(QStringLiteral("oracle://x@y/z")).error.contains(u"unsupported target \"oracle\""));
    EXPECT_TRUE(parseTargetUrl(QStringLiteral("/just/a/path.db")).error.contains(u"no scheme"));
    EXPECT_TRUE(parseTargetUrl(QStringLiteral("postgres://dba@db")).error.contains(u"one database"));
    EXPECT_TRUE(parseTargetUrl(QStringLiteral("postgres://dba@db/orders?sslmode=maybe")).error.contains(u"verify-full"));
    EXPECT_FALSE(parseTargetUrl(QStringLiteral("mysql://u@h:70000/d")).profile);
}
