// migctl plan as a script uses it: the real binary, its exit codes, its text and its JSON.
#include "TempFolder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <gtest/gtest.h>

namespace {

struct MigctlRun {
    int exitCode = -1;
    QString out, err;
};

MigctlRun migctl(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(MIGCTL_PATH), args);
    MigctlRun r;
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

TEST(MigctlPlan, ListsAFolder)
{
    const MigctlRun r = migctl({QStringLiteral("plan"), QStringLiteral("--dir"), testData(QStringLiteral("layouts/native"))});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(u"Layout:  native (detected)")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(u"Dialect: sqlite (default")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(u"create_users")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(u"3 migration(s); 0 error(s), 0 warning(s)")) << r.out.toStdString();
    EXPECT_TRUE(r.err.isEmpty()) << r.err.toStdString();
}

TEST(MigctlPlan, JsonIsOneStableDocument)
{
    const MigctlRun r = migctl({QStringLiteral("plan"), QStringLiteral("--dir"), testData(QStringLiteral("layouts/goose")),
                          QStringLiteral("--dialect"), QStringLiteral("postgres"), QStringLiteral("--json")});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &parseError);
    ASSERT_EQ(parseError.error, QJsonParseError::NoError) << r.out.toStdString();
    const QJsonObject o = doc.object();
    EXPECT_EQ(o.value(u"schema").toString(), QStringLiteral("migctl.plan/1"));
    EXPECT_EQ(o.value(u"format").toString(), QStringLiteral("goose"));
    EXPECT_EQ(o.value(u"dialect").toString(), QStringLiteral("postgres"));
    EXPECT_TRUE(o.value(u"ok").toBool());
    const QJsonArray migrations = o.value(u"migrations").toArray();
    ASSERT_EQ(migrations.size(), 2);
    const QJsonObject first = migrations.at(0).toObject();
    EXPECT_EQ(first.value(u"version").toString(), QStringLiteral("00001"));
    EXPECT_EQ(first.value(u"name").toString(), QStringLiteral("create_users"));
    EXPECT_EQ(first.value(u"statements").toInt(), 2);
    EXPECT_TRUE(first.value(u"hasRollback").toBool());
    EXPECT_EQ(first.value(u"rollbackStatements").toInt(), 2);
    EXPECT_FALSE(first.value(u"hasVerify").toBool());
    EXPECT_TRUE(first.value(u"transactional").toBool());
    EXPECT_EQ(first.value(u"checksum").toString().size(), 64);
    EXPECT_FALSE(migrations.at(1).toObject().value(u"transactional").toBool());
    EXPECT_TRUE(o.value(u"problems").toArray().isEmpty());
}

TEST(MigctlPlan, FolderErrorsExitThreeAndListEveryProblem)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_a.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("1_dup.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("002_bad.sql"), "SELECT 1;\nSELECT 'unterminated;\n");
    dir.write(QStringLiteral("003_ok.sql"), "SELECT 3;\n");
    const MigctlRun r = migctl({QStringLiteral("plan"), QStringLiteral("--dir"), dir.path()});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_TRUE(r.err.contains(u"001_a.sql: error: duplicate version")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(u"1_dup.sql: error: duplicate version")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(u"002_bad.sql:2: error: up script (sqlite)")) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(u"003_ok") || r.out.contains(u"ok")) << r.out.toStdString();

    const MigctlRun j = migctl({QStringLiteral("plan"), QStringLiteral("--dir"), dir.path(), QStringLiteral("--json")});
    EXPECT_EQ(j.exitCode, 3);
    const QJsonObject o = QJsonDocument::fromJson(j.out.toUtf8()).object();
    EXPECT_FALSE(o.value(u"ok").toBool());
    EXPECT_EQ(o.value(u"problems").toArray().size(), 3) << j.out.toStdString();
}

TEST(MigctlPlan, UsageErrorsExitTwo)
{
    EXPECT_EQ(migctl({QStringLiteral("plan")}).exitCode, 2);
    EXPECT_EQ(migctl({}).exitCode, 2);
    EXPECT_EQ(migctl({QStringLiteral("frobnicate")}).exitCode, 2);
    EXPECT_EQ(migctl({QStringLiteral("plan"), QStringLiteral("--dir"), QStringLiteral("."), QStringLiteral("--dialect"), QStringLiteral("oracle")}).exitCode, 2);
    EXPECT_EQ(migctl({QStringLiteral("plan"), QStringLiteral("--dir"), QStringLiteral("."), QStringLiteral("--format"), QStringLiteral("liquibase")}).exitCode, 2);
    EXPECT_EQ(migctl({QStringLiteral("plan"), QStringLiteral("--bogus")}).exitCode, 2);
}

TEST(MigctlPlan, ForcedFormat)
{
    const MigctlRun r = migctl({QStringLiteral("plan"), QStringLiteral("--dir"), testData(QStringLiteral("layouts/native")),
                          QStringLiteral("--format"), QStringLiteral("flyway")});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_TRUE(r.out.contains(u"flyway (forced)")) << r.out.toStdString();
}

TEST(MigctlPlan, Version)
{
    const MigctlRun r = migctl({QStringLiteral("--version")});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(r.out.trimmed(), QStringLiteral("migctl " MIG_VERSION));
}
