// Reports of real runs on PostgreSQL: the goose billing project's production-style run in every
// format, and a failed migration reported with its SQLSTATE, file, line and statement.
#include "ServerReportTest.h"

using namespace reporttest;

using PostgresReport = PostgresReportTest;

TEST_F(PostgresReport, TheBillingProjectRunReportsWhatItMeasuredInEveryFormat)
{
    const QString dir = realworld::project(QStringLiteral("postgres-goose-billing"));
    ASSERT_EQ(productionRun(store(), m_target, dir), 0);
    const QString run = store().runOf(QStringLiteral("apply"));
    const Reports reports = writeReports(store(), run, m_store.path(), QStringLiteral("postgres-billing"));
    const QJsonObject json = checkReports(reports, run, QStringLiteral("postgres-billing"));

    EXPECT_EQ(json[u"run"][u"engine"].toString(), QStringLiteral("postgres"));
    EXPECT_TRUE(json[u"run"][u"serverVersion"].toString().startsWith(QStringLiteral("PostgreSQL 15"))) << s(json[u"run"][u"serverVersion"].toString());
    EXPECT_EQ(json[u"run"][u"target"].toString(), m_target);
    EXPECT_EQ(json[u"summary"][u"migrationsCompleted"].toInt(), 8);
    EXPECT_EQ(statusCount(json.value(u"timeline").toArray(), QStringLiteral("applied")), 8);
    // PostgreSQL measures functions, views and sizes; its schema statistics say so.
    EXPECT_TRUE(lineOf(json, "schemaStatistics", QStringLiteral("functions"))[u"applicable"].toBool());
    EXPECT_GT(lineOf(json, "schemaStatistics", QStringLiteral("functions"))[u"after"].toInt(), 0);
    EXPECT_GT(lineOf(json, "schemaStatistics", QStringLiteral("views"))[u"after"].toInt(), 0);
    EXPECT_GT(lineOf(json, "schemaStatistics", QStringLiteral("size"))[u"after"].toDouble(), 0);
    // The verify run's orphan scan is in the data integrity section.
    bool orphans = false;
    for (const QJsonValue &c : json[u"dataIntegrity"][u"checks"].toArray())
        orphans = orphans || (c[u"name"].toString().startsWith(QStringLiteral("foreign-key orphans")) && c[u"status"].toString() == u"pass");
    EXPECT_TRUE(orphans) << s(QString::fromUtf8(QJsonDocument(json[u"dataIntegrity"].toObject()).toJson()));
    EXPECT_EQ(json[u"verification"][u"fail"].toInt(), 0);
    EXPECT_TRUE(json[u"backup"][u"tool"].toString().startsWith(QStringLiteral("pg_dump")));
    EXPECT_EQ(json[u"backup"][u"restoreTest"][u"status"].toString(), QStringLiteral("pass"));
    EXPECT_EQ(json[u"rollback"][u"steps"].toArray().size(), 8);
    EXPECT_EQ(json[u"rollback"][u"steps"][0][u"scriptMatches"].toString(), QStringLiteral("yes")) << "goose down sections, verified by the preview";
}

TEST_F(PostgresReport, AFailedMigrationIsReportedWithItsSqlstateFileLineAndStatement)
{
    const QString dir = realworld::copyProject(QStringLiteral("postgres-goose-billing"), m_store);
    QFile broken(dir + QStringLiteral("/20230401000000_broken.sql"));
    ASSERT_TRUE(broken.open(QIODevice::WriteOnly));
    broken.write("-- +goose Up\nALTER TABLE billing.customers ADD COLUMN tier text;\nUPDATE billing.no_such_table SET x = 1;\n"
                 "-- +goose Down\nALTER TABLE billing.customers DROP COLUMN tier;\n");
    broken.close();
    const Migctl apply = store().migctl({QStringLiteral("apply"), QStringLiteral("--target"), m_target, QStringLiteral("--dir"), dir});
    ASSERT_EQ(apply.exitCode, 1) << apply.text();
    const QString run = store().runOf(QStringLiteral("apply"));
    const Reports reports = writeReports(store(), run, m_store.path(), QStringLiteral("postgres-failed"));
    const QJsonObject json = checkReports(reports, run, QStringLiteral("postgres-failed"));
    EXPECT_EQ(json[u"summary"][u"outcome"].toString(), QStringLiteral("failed"));
    EXPECT_EQ(json[u"summary"][u"migrationsCompleted"].toInt(), 8);
    EXPECT_EQ(json[u"summary"][u"decision"].toString(), QStringLiteral("not evaluated"));
    const QJsonArray errors = json.value(u"errors").toArray();
    ASSERT_EQ(errors.size(), 1) << s(QString::fromUtf8(QJsonDocument(errors).toJson()));
    EXPECT_EQ(errors.at(0)[u"code"].toString(), QStringLiteral("42P01"));
    EXPECT_EQ(errors.at(0)[u"file"].toString(), QStringLiteral("20230401000000_broken.sql"));
    EXPECT_EQ(errors.at(0)[u"line"].toInt(), 3);
    EXPECT_EQ(errors.at(0)[u"statement"].toString(), QStringLiteral("UPDATE billing.no_such_table SET x = 1"));
    EXPECT_TRUE(errors.at(0)[u"message"].toString().contains(QStringLiteral("billing.no_such_table"))) << s(errors.at(0)[u"message"].toString());
    // One transaction on PostgreSQL: the failed migration left nothing; nothing of it to undo.
    EXPECT_EQ(json[u"rollback"][u"steps"].toArray().size(), 8);
    EXPECT_EQ(json[u"rollback"][u"steps"][0][u"version"].toString(), QStringLiteral("20230315170000"));
    const QString pdf = pdfPages(reports.pdf).join(u'\n');
    EXPECT_TRUE(pdf.contains(QStringLiteral("20230401000000_broken.sql:3")));
    EXPECT_TRUE(pdf.contains(QStringLiteral("42P01")));
}
