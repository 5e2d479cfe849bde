// The report model built in-process from a run store written event by event: health samples
// become charts, a run without snapshots says "not measured", secrets are redacted from
// whatever text reaches the store.
#include "ReportTestSupport.h"

#include "ReportBuilder.h"
#include "ReportExport.h"
#include "Redact.h"
#include "ReportText.h"
#include "store/RunStore.h"
#include "target/ConnectionProfile.h"

using namespace reporttest;
using namespace mig;

namespace {

RunEvent event(RunEvent::Type type, int second)
{
    RunEvent e;
    e.type = type;
    e.runId = QStringLiteral("20260101T000000Z-beef");
    e.at = QStringLiteral("2026-01-01T00:00:%1.000Z").arg(second, 2, 10, QLatin1Char('0'));
    // Migration events name migration 001 (one statement); others leave it unread.
    e.version = QStringLiteral("001");
    e.name = QStringLiteral("orders");
    e.direction = QStringLiteral("up");
    e.statementCount = 1;
    return e;
}

// A run that went through the engine's event sequence without a live target: started, one
// migration, health sampled three times, finished.
void recordRun(RunStore &store, const QString &outcome)
{
    RunEvent started = event(RunEvent::Type::RunStarted, 0);
    started.action = QStringLiteral("apply");
    started.target = QStringLiteral("postgres://dba@db.example:5432/shop?api_token=***");
    started.targetKey = QStringLiteral("postgres://db.example:5432/shop#migctl_history");
    started.migrationCount = 1;
    started.message = QStringLiteral("PostgreSQL 15.8");
    ASSERT_EQ(store.record(started), QString());
    ASSERT_EQ(store.record(event(RunEvent::Type::MigrationStarted, 1)), QString());
    for (int i = 0; i < 3; ++i) {
        RunEvent h = event(RunEvent::Type::HealthSample, 2 + i);
        h.data = QJsonObject{{QStringLiteral("sessions"), 4 + i}, {QStringLiteral("lockWaits"), i}, {QStringLiteral("databaseBytes"), 1048576.0 * (10 + i)},
                             {QStringLiteral("replicationLagSeconds"), 0.5 * i}};
        h.measured = QStringLiteral("%1 sessions").arg(4 + i);
        ASSERT_EQ(store.record(h), QString());
    }
    RunEvent failed = event(RunEvent::Type::StatementFinished, 5);
    failed.file = QStringLiteral("001_orders.sql");
    failed.statement = 1;
    failed.line = 3;
    failed.durationMs = 12;
    failed.status = QStringLiteral("failed");
    failed.code = QStringLiteral("42P01");
    // An engine message quoting a connection string: the report must not repeat its secret.
    failed.message = QStringLiteral("could not reach host=db.example password=Pl4nted-engine-secret");
    ASSERT_EQ(store.record(failed), QString());
    RunEvent finished = event(RunEvent::Type::RunFinished, 6);
    finished.status = outcome;
    finished.durationMs = 6000;
    ASSERT_EQ(store.record(finished), QString());
}

} // namespace

TEST(ReportModel, HealthSamplesBecomeChartsAndMissingSnapshotsReadNotMeasured)
{
    TempFolder tmp;
    RunStore store;
    ASSERT_EQ(store.open(tmp.file(QStringLiteral("runs.sqlite"))), QString());
    recordRun(store, QStringLiteral("failed"));
    QString error;
    const auto m = report::buildReport(store, QStringLiteral("20260101T000000Z-beef"), &error, {QStringLiteral("staging")});
    ASSERT_TRUE(m) << s(error);
    EXPECT_EQ(m->header.environment, QStringLiteral("staging"));
    EXPECT_EQ(m->header.serverVersion, QStringLiteral("PostgreSQL 15.8"));
    EXPECT_EQ(m->header.engine, QStringLiteral("postgres"));
    EXPECT_TRUE(m->header.operatorName.isEmpty()) << "no lock note was recorded";

    QStringList ids;
    for (const report::ChartData &c : m->charts)
        ids << c.id;
    EXPECT_EQ(ids, (QStringList{QStringLiteral("durations"), QStringLiteral("throughput"), QStringLiteral("health-sessions"),
                                QStringLiteral("health-size"), QStringLiteral("health-lag")}));
    const report::ChartData &sessions = m->charts.at(2);
    ASSERT_EQ(sessions.series.size(), 2);
    EXPECT_EQ(sessions.series.at(0).points, (QList<QPointF>{{2, 4}, {3, 5}, {4, 6}})) << "x: seconds since the run started";
    EXPECT_EQ(sessions.series.at(1).points.last(), QPointF(4, 2));
    EXPECT_EQ(m->charts.at(3).series.at(0).points.last(), QPointF(4, 12)) << "database size in MB";

    // No snapshot was kept: every statistic reads "not measured"; PostgreSQL has policies.
    EXPECT_FALSE(m->statsMeasured);
    for (const report::StatLine &line : m->stats) {
        EXPECT_EQ(line.before, -1) << s(line.name);
        EXPECT_EQ(line.after, -1) << s(line.name);
    }
    EXPECT_EQ(report::countText(m->stats.first().before), QStringLiteral("not measured"));
    EXPECT_FALSE(m->backup.found);
    EXPECT_FALSE(m->gate.evaluated);
    ASSERT_EQ(m->errors.size(), 1);
    EXPECT_EQ(m->errors.first().code, QStringLiteral("42P01"));
    EXPECT_EQ(m->errors.first().line, 3);

    const QString md = QString::fromUtf8(report::renderText(*m, report::Format::Markdown));
    EXPECT_TRUE(markdownTableProblems(md).isEmpty()) << s(markdownTableProblems(md).join(u'\n'));
    EXPECT_TRUE(md.contains(QStringLiteral("| tables | not measured | not measured |   |")));
    EXPECT_TRUE(md.contains(QStringLiteral("| sessions | 3 | 4 | 6 | 6 |"))) << s(md);
    EXPECT_TRUE(md.contains(QStringLiteral("Go / no-go\n\nNot run")));
    EXPECT_FALSE(md.contains(QStringLiteral("Pl4nted-engine-secret")));
    EXPECT_TRUE(md.contains(QStringLiteral("password=***")));
    const QString html = QString::fromUtf8(report::renderText(*m, report::Format::Html));
    EXPECT_EQ(html.count(QStringLiteral("<svg")), 4) << "durations, sessions, size, lag (throughput is empty)";
    const QJsonObject json = QJsonDocument::fromJson(report::renderText(*m, report::Format::Json)).object();
    EXPECT_TRUE(validateJson(json, readJsonFile(sourceFile(QStringLiteral("resources/report/run-report.schema.json")))).isEmpty());
}

TEST(ReportModel, PdfNeedsAGuiApplicationAndSaysSoInsteadOfCrashing)
{
    TempFolder tmp;
    RunStore store;
    ASSERT_EQ(store.open(tmp.file(QStringLiteral("runs.sqlite"))), QString());
    recordRun(store, QStringLiteral("failed"));
    const QString e = report::exportReport(store, QStringLiteral("latest"), report::Format::Pdf, tmp.file(QStringLiteral("r.pdf")));
    EXPECT_TRUE(e.contains(QStringLiteral("QGuiApplication"))) << s(e);
    EXPECT_FALSE(QFile::exists(tmp.file(QStringLiteral("r.pdf"))));
    EXPECT_TRUE(report::exportReport(store, QStringLiteral("nope"), report::Format::Json, tmp.file(QStringLiteral("r.json"))).contains(QStringLiteral("no run nope")));
    EXPECT_EQ(report::exportReport(store, QStringLiteral("latest"), report::Format::Json, tmp.file(QStringLiteral("r.json"))), QString());
}

TEST(Redaction, SecretsAreRemovedFromUrlsConninfoAndOptions)
{
    qputenv("MIGCTL_PASSWORD", "env-Secret-99");
    EXPECT_EQ(report::redact(QStringLiteral("postgres://ana:S3cret@db:5432/shop?sslmode=require")), QStringLiteral("postgres://ana@db:5432/shop?sslmode=require"));
    EXPECT_EQ(report::redact(QStringLiteral("mysql://root:p%40ss@127.0.0.1/x")), QStringLiteral("mysql://root@127.0.0.1/x"));
    EXPECT_EQ(report::redact(QStringLiteral("host=db password=abc user=x")), QStringLiteral("host=db password=*** user=x"));
    EXPECT_EQ(report::redact(QStringLiteral("sslpassword='a b c' dbname=x")), QStringLiteral("sslpassword=*** dbname=x"));
    EXPECT_EQ(report::redact(QStringLiteral("x?api_token=tok123&application_name=y")), QStringLiteral("x?api_token=***&application_name=y"));
    EXPECT_EQ(report::redact(QStringLiteral("PGPASSWORD=hunter2;SSL_KEY=/k.pem")), QStringLiteral("PGPASSWORD=***;SSL_KEY=/k.pem"));
    EXPECT_EQ(report::redact(QStringLiteral("login failed for env-Secret-99")), QStringLiteral("login failed for ***"));
    EXPECT_EQ(report::redact(QStringLiteral("author=Ana rows=3")), QStringLiteral("author=Ana rows=3")) << "ordinary pairs stay";
    qunsetenv("MIGCTL_PASSWORD");

    EXPECT_TRUE(isSecretOptionName(QStringLiteral("sslkey_passphrase")));
    EXPECT_TRUE(isSecretOptionName(QStringLiteral("client-secret")));
    EXPECT_FALSE(isSecretOptionName(QStringLiteral("sslrootcert")));
    const TargetUrl url = parseTargetUrl(QStringLiteral("postgres://ana:pw@db/shop?api_token=tok-XYZ&application_name=console"));
    ASSERT_TRUE(url.profile);
    EXPECT_EQ(url.profile->displayUrl(), QStringLiteral("postgres://ana@db:5432/shop?api_token=***&application_name=console"));
}
