// Reports of real runs on SQLite, made by the real migctl from its run store: the demo project's
// production-style run in every format, a failed run that went ahead on an override, the
// comparison of two runs, and the command's errors.
#include "DemoProject.h"

using namespace reporttest;

namespace {

QJsonObject timelineOf(const QJsonObject &json, const QString &version)
{
    for (const QJsonValue &v : json.value(u"timeline").toArray())
        if (v[u"version"].toString() == version)
            return v.toObject();
    return {};
}

QJsonObject statOf(const QJsonObject &json, const QString &name)
{
    for (const QJsonValue &v : json[u"schemaStatistics"][u"lines"].toArray())
        if (v[u"name"].toString() == name)
            return v.toObject();
    return {};
}

} // namespace

TEST(ReportSqlite, TheDemoRunReportsWhatItMeasuredInEveryFormat)
{
    TempFolder tmp;
    const Store store(tmp.file(QStringLiteral("runs.sqlite")));
    const QString dir = copyDemo(tmp, QStringLiteral("project"));
    const QString target = QStringLiteral("sqlite:") + tmp.file(QStringLiteral("demo.db"));
    ASSERT_EQ(productionRun(store, target, dir), 0);
    const QString run = store.runOf(QStringLiteral("apply"));
    ASSERT_FALSE(run.isEmpty());

    const Reports reports = writeReports(store, QStringLiteral("latest"), tmp.path(), QStringLiteral("sqlite-demo"));
    const QJsonObject json = checkReports(reports, run, QStringLiteral("sqlite-demo"));

    // Header: what the run store knows about the run.
    EXPECT_EQ(json[u"run"][u"project"].toString(), dir);
    EXPECT_EQ(json[u"run"][u"target"].toString(), target);
    EXPECT_EQ(json[u"run"][u"engine"].toString(), QStringLiteral("sqlite"));
    EXPECT_TRUE(json[u"run"][u"serverVersion"].toString().startsWith(QStringLiteral("SQLite 3."))) << s(json[u"run"][u"serverVersion"].toString());
    EXPECT_TRUE(json[u"run"][u"operator"].toString().contains(u'@'));
    EXPECT_EQ(json[u"run"][u"consoleVersion"].toString(), QStringLiteral(MIG_VERSION));
    // Summary: 3 of 3, no error; the preflight said NO-GO (003 has no rollback), advisory.
    EXPECT_EQ(json[u"summary"][u"migrationsCompleted"].toInt(), 3);
    EXPECT_EQ(json[u"summary"][u"migrationsPlanned"].toInt(), 3);
    EXPECT_EQ(json[u"summary"][u"outcome"].toString(), QStringLiteral("succeeded"));
    EXPECT_EQ(json[u"summary"][u"errors"].toInt(), 0);
    EXPECT_EQ(json[u"summary"][u"decision"].toString(), QStringLiteral("NO-GO"));
    EXPECT_FALSE(json[u"summary"][u"overridden"].toBool());
    EXPECT_EQ(json[u"goNoGo"][u"status"].toString(), QStringLiteral("fail"));
    EXPECT_TRUE(json[u"goNoGo"][u"source"].toString().startsWith(QStringLiteral("preflight run ")));
    // Timeline: the demo's seed rows, and the batched normalisation in 50-row batches.
    EXPECT_EQ(timelineOf(json, QStringLiteral("001"))[u"rows"].toInt(), 701);
    EXPECT_EQ(timelineOf(json, QStringLiteral("001"))[u"statementsDone"].toInt(), 5);
    EXPECT_EQ(timelineOf(json, QStringLiteral("003"))[u"rows"].toInt(), 496);
    EXPECT_EQ(timelineOf(json, QStringLiteral("003"))[u"batches"].toInt(), 11);
    EXPECT_EQ(timelineOf(json, QStringLiteral("003"))[u"status"].toString(), QStringLiteral("applied"));
    // Schema: empty before, 3 tables after; SQLite has no policies (n/a), size unmeasured before.
    EXPECT_EQ(statOf(json, QStringLiteral("tables"))[u"before"].toInt(), 0);
    EXPECT_EQ(statOf(json, QStringLiteral("tables"))[u"after"].toInt(), 3);
    EXPECT_EQ(statOf(json, QStringLiteral("foreign keys"))[u"after"].toInt(), 3);
    EXPECT_EQ(statOf(json, QStringLiteral("total rows"))[u"after"].toInt(), 701);
    EXPECT_FALSE(statOf(json, QStringLiteral("policies"))[u"applicable"].toBool());
    EXPECT_TRUE(statOf(json, QStringLiteral("size"))[u"before"].isNull());
    // Verification: the verify run found, every check passed (3 schema-as-declared + 11 verify).
    EXPECT_FALSE(json[u"verification"][u"verifyRun"].isNull());
    EXPECT_EQ(json[u"verification"][u"fail"].toInt(), 0);
    EXPECT_EQ(json[u"verification"][u"pass"].toInt(), 14);
    // Backup: the preflight's pre-run backup, restore-tested.
    const QJsonArray catalog = backuptest::catalog(backuptest::Launch{store.path(), {}, {}, 0});
    ASSERT_EQ(catalog.size(), 1);
    EXPECT_EQ(json[u"backup"][u"sha256"].toString(), catalog.at(0)[u"sha256"].toString());
    EXPECT_EQ(json[u"backup"][u"restoreTest"][u"status"].toString(), QStringLiteral("pass"));
    // Rollback: newest first; 003 has no script, 001 and 002 the ones the preview verified.
    const QJsonArray steps = json[u"rollback"][u"steps"].toArray();
    ASSERT_EQ(steps.size(), 3);
    EXPECT_EQ(steps.at(0)[u"version"].toString(), QStringLiteral("003"));
    EXPECT_TRUE(steps.at(0)[u"script"].isNull());
    EXPECT_EQ(steps.at(2)[u"script"].toString(), QStringLiteral("001_base_schema.rollback.sql"));
    EXPECT_EQ(steps.at(2)[u"scriptMatches"].toString(), QStringLiteral("yes"));
    EXPECT_EQ(steps.at(2)[u"verdict"].toString(), QStringLiteral("rollback verified"));
    EXPECT_TRUE(json[u"rollback"][u"commands"].toArray().at(1).toString().startsWith(QStringLiteral("migctl rollback --target ")));
    EXPECT_TRUE(json[u"rollback"][u"restoreCommand"].toString().contains(catalog.at(0)[u"id"].toString()));
    // Charts: statement durations and batch throughput; no health sampled, said so.
    const QJsonArray charts = json.value(u"charts").toArray();
    ASSERT_EQ(charts.size(), 3);
    EXPECT_EQ(charts.at(0)[u"series"][0][u"points"].toArray().size(), 11);
    EXPECT_EQ(charts.at(1)[u"series"][0][u"points"].toArray().size(), 10) << "batches that changed rows";
    EXPECT_TRUE(charts.at(2)[u"empty"].toString().contains(QStringLiteral("no health samples")));

    const QString md = readText(reports.md);
    EXPECT_TRUE(md.contains(QStringLiteral("| 003 normalize_week_start | up |"))) << "timeline row";
    EXPECT_TRUE(md.contains(QStringLiteral("| materialized views | n/a | n/a |")));
    const QString pdf = pdfPages(reports.pdf).join(u'\n');
    EXPECT_TRUE(pdf.contains(QStringLiteral("001_base_schema.rollback.sql")));
    EXPECT_TRUE(pdf.contains(json[u"backup"][u"sha256"].toString()));
}

TEST(ReportSqlite, AFailedRunThatWentAheadOnAnOverrideSaysSoWithTheFailingStatement)
{
    TempFolder tmp;
    const Store store(tmp.file(QStringLiteral("runs.sqlite")));
    const QString dir = copyDemo(tmp, QStringLiteral("project"));
    tmp.write(QStringLiteral("project/migctl-policy.json"), R"({"schema": "migctl.policy/1", "signoffs": {"required": ["DBA", "Tech Lead"]}})");
    QFile script(dir + QStringLiteral("/003_normalize_week_start.sql"));
    ASSERT_TRUE(script.open(QIODevice::Append));
    script.write("\nINSERT INTO Nope VALUES (1);\n"); // line 11
    script.close();
    const QString target = QStringLiteral("sqlite:") + tmp.file(QStringLiteral("prod.db"));
    const QStringList on{QStringLiteral("--target"), target, QStringLiteral("--dir"), dir};
    const Migctl signoff = store.migctl(QStringList{QStringLiteral("signoff"), QStringLiteral("--role"), QStringLiteral("DBA"), QStringLiteral("--name"),
                                                    QStringLiteral("Ana Ruiz"), QStringLiteral("--comment"), QStringLiteral("read the | diff")} + on);
    ASSERT_EQ(signoff.exitCode, 0) << signoff.text();
    const Migctl apply = store.migctl(QStringList{QStringLiteral("apply"), QStringLiteral("--override"), QStringLiteral("INC-4711: hotfix tonight"),
                                                  QStringLiteral("--name"), QStringLiteral("Bob Lead")} + on);
    ASSERT_EQ(apply.exitCode, 1) << apply.text();
    const QString run = store.runOf(QStringLiteral("apply"));

    const Reports reports = writeReports(store, run, tmp.path(), QStringLiteral("sqlite-override-failed"));
    const QJsonObject json = checkReports(reports, run, QStringLiteral("sqlite-override-failed"));
    EXPECT_EQ(json[u"summary"][u"outcome"].toString(), QStringLiteral("failed"));
    EXPECT_EQ(json[u"summary"][u"migrationsCompleted"].toInt(), 2);
    EXPECT_EQ(json[u"summary"][u"decision"].toString(), QStringLiteral("NO-GO, OVERRIDDEN"));
    EXPECT_TRUE(json[u"summary"][u"overridden"].toBool());
    EXPECT_EQ(json[u"goNoGo"][u"source"].toString(), QStringLiteral("this run"));
    EXPECT_EQ(json[u"goNoGo"][u"override"][u"by"].toString(), QStringLiteral("Bob Lead"));
    EXPECT_EQ(json[u"goNoGo"][u"override"][u"reason"].toString(), QStringLiteral("INC-4711: hotfix tonight"));
    EXPECT_TRUE(json[u"goNoGo"][u"blockers"].toArray().size() >= 1);
    // The error: file, line, statement and SQLite's own message.
    const QJsonArray errors = json.value(u"errors").toArray();
    ASSERT_EQ(errors.size(), 1) << s(QString::fromUtf8(QJsonDocument(errors).toJson()));
    EXPECT_EQ(errors.at(0)[u"file"].toString(), QStringLiteral("003_normalize_week_start.sql"));
    EXPECT_EQ(errors.at(0)[u"line"].toInt(), 11);
    EXPECT_EQ(errors.at(0)[u"statement"].toString(), QStringLiteral("INSERT INTO Nope VALUES (1)"));
    EXPECT_EQ(errors.at(0)[u"message"].toString(), QStringLiteral("no such table: Nope"));
    EXPECT_EQ(timelineOf(json, QStringLiteral("003"))[u"status"].toString(), QStringLiteral("dirty"));
    // Sign-offs: the DBA's, and the override beside it.
    QStringList kinds;
    for (const QJsonValue &v : json.value(u"signoffs").toArray())
        kinds << v[u"kind"].toString() + u':' + v[u"name"].toString();
    EXPECT_TRUE(kinds.contains(QStringLiteral("signoff:Ana Ruiz"))) << s(kinds.join(u','));
    EXPECT_TRUE(kinds.contains(QStringLiteral("override:Bob Lead"))) << s(kinds.join(u','));
    // Not verified after the run: a "not run" check, skipped in JUnit.
    EXPECT_TRUE(json[u"verification"][u"verifyRun"].isNull());
    EXPECT_EQ(json[u"verification"][u"notRun"].toInt(), 1);
    EXPECT_EQ(readJunit(reports.junit).skippedElements, 1);
    // Rollback: the half-applied 003 first.
    EXPECT_TRUE(json[u"rollback"][u"steps"][0][u"verdict"].toString().contains(QStringLiteral("half-applied")));

    const QString md = readText(reports.md);
    EXPECT_TRUE(md.contains(QStringLiteral("| GO decision | NO-GO, OVERRIDDEN |")));
    EXPECT_TRUE(md.contains(QStringLiteral("| Reason | INC-4711: hotfix tonight |")));
    EXPECT_TRUE(md.contains(QStringLiteral("read the \\| diff"))) << "pipes escaped in cells";
    EXPECT_TRUE(md.contains(QStringLiteral("```\nINSERT INTO Nope VALUES (1)\n```")));
    EXPECT_TRUE(md.contains(QStringLiteral("| Engine message | no such table: Nope |")));
    const QString pdf = pdfPages(reports.pdf).join(u'\n');
    EXPECT_TRUE(pdf.contains(QStringLiteral("NO-GO, OVERRIDDEN")));
    EXPECT_TRUE(pdf.contains(QStringLiteral("003_normalize_week_start.sql:11")));
    EXPECT_TRUE(pdf.contains(QStringLiteral("no such table: Nope")));
}

TEST(ReportSqlite, TwoRunsCompareSideBySide)
{
    TempFolder tmp;
    const Store store(tmp.file(QStringLiteral("runs.sqlite")));
    const QString dir = copyDemo(tmp, QStringLiteral("project"));
    ASSERT_EQ(productionRun(store, QStringLiteral("sqlite:") + tmp.file(QStringLiteral("staging.db")), dir), 0);
    const QString staging = store.runOf(QStringLiteral("apply"));
    ASSERT_EQ(productionRun(store, QStringLiteral("sqlite:") + tmp.file(QStringLiteral("prod.db")), dir), 0);
    const QString prod = store.runOf(QStringLiteral("apply"));
    ASSERT_NE(staging, prod);

    const QStringList compare{QStringLiteral("report"), staging, QStringLiteral("--compare"), prod, QStringLiteral("-o")};
    for (const QString &format : {QStringLiteral("md"), QStringLiteral("json"), QStringLiteral("html"), QStringLiteral("pdf")}) {
        const Migctl r = store.migctl(compare + QStringList{tmp.file(QStringLiteral("compare.") + format), QStringLiteral("--format"), format});
        ASSERT_EQ(r.exitCode, 0) << r.text();
    }
    const QJsonObject json = readJsonFile(tmp.file(QStringLiteral("compare.json")));
    const QStringList invalid = validateJson(json, readJsonFile(sourceFile(QStringLiteral("resources/report/run-comparison.schema.json"))));
    EXPECT_TRUE(invalid.isEmpty()) << s(invalid.join(u'\n'));
    EXPECT_EQ(json[u"runs"][0][u"run"][u"id"].toString(), staging);
    EXPECT_EQ(json[u"runs"][1][u"run"][u"id"].toString(), prod);
    EXPECT_EQ(json[u"migrations"].toArray().size(), 3);
    EXPECT_EQ(json[u"migrations"][2][u"a"][u"rows"].toInt(), 496);
    EXPECT_EQ(json[u"migrations"][2][u"b"][u"rows"].toInt(), 496);
    EXPECT_TRUE(json[u"sameSchemaAfter"].toBool()) << "the same migrations leave the same schema";
    const QString md = readText(tmp.file(QStringLiteral("compare.md")));
    EXPECT_TRUE(markdownTableProblems(md).isEmpty()) << s(markdownTableProblems(md).join(u'\n'));
    EXPECT_TRUE(md.contains(QStringLiteral("| Run | %1 | %2 |").arg(staging, prod)));
    EXPECT_TRUE(md.contains(QStringLiteral("Schema after both runs identical: yes")));
    const QString pdf = pdfPages(tmp.file(QStringLiteral("compare.pdf"))).join(u'\n');
    EXPECT_TRUE(pdf.contains(QStringLiteral("Run comparison: %1 vs %2").arg(staging, prod)));
    const Migctl junit = store.migctl(compare + QStringList{tmp.file(QStringLiteral("compare.xml")), QStringLiteral("--format"), QStringLiteral("junit")});
    EXPECT_EQ(junit.exitCode, 2) << junit.text();
}

TEST(ReportSqlite, RunsAreListedAndUnknownRunsAndBadArgumentsAreClearErrors)
{
    TempFolder tmp;
    const Store store(tmp.file(QStringLiteral("runs.sqlite")));
    const Migctl none = store.migctl({QStringLiteral("report"), QStringLiteral("latest"), QStringLiteral("-o"), tmp.file(QStringLiteral("x.md"))});
    EXPECT_EQ(none.exitCode, 1) << none.text();
    EXPECT_TRUE(none.err.contains(QStringLiteral("no apply, resume or rollback run is in the run store"))) << none.text();

    const QString dir = copyDemo(tmp, QStringLiteral("project"));
    const QString target = QStringLiteral("sqlite:") + tmp.file(QStringLiteral("demo.db"));
    ASSERT_EQ(store.migctl({QStringLiteral("apply"), QStringLiteral("--target"), target, QStringLiteral("--dir"), dir}).exitCode, 0);
    const Migctl list = store.migctl({QStringLiteral("runs")});
    EXPECT_EQ(list.exitCode, 0);
    EXPECT_TRUE(list.out.contains(QStringLiteral("apply"))) << list.text();
    EXPECT_TRUE(list.out.contains(target)) << list.text();
    const Migctl other = store.migctl({QStringLiteral("runs"), QStringLiteral("--target"), QStringLiteral("sqlite:") + tmp.file(QStringLiteral("other.db"))});
    EXPECT_TRUE(other.out.startsWith(QStringLiteral("No runs"))) << other.text();
    const Migctl limited = store.migctl({QStringLiteral("runs"), QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("1"),
                                         QStringLiteral("--target"), target});
    EXPECT_EQ(QJsonDocument::fromJson(limited.out.toUtf8())[u"runs"].toArray().size(), 1) << limited.text();

    const Migctl unknown = store.migctl({QStringLiteral("report"), QStringLiteral("20990101T000000Z-dead"), QStringLiteral("--format"),
                                         QStringLiteral("pdf"), QStringLiteral("-o"), tmp.file(QStringLiteral("x.pdf"))});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_TRUE(unknown.err.contains(QStringLiteral("no run 20990101T000000Z-dead in the run store"))) << unknown.text();
    EXPECT_FALSE(QFile::exists(tmp.file(QStringLiteral("x.pdf"))));
    const Migctl page = store.migctl({QStringLiteral("report"), QStringLiteral("latest"), QStringLiteral("--format"), QStringLiteral("pdf"),
                                      QStringLiteral("--page-size"), QStringLiteral("Tabloid"), QStringLiteral("-o"), tmp.file(QStringLiteral("x.pdf"))});
    EXPECT_EQ(page.exitCode, 2) << page.text();
    const Migctl noFormat = store.migctl({QStringLiteral("report"), QStringLiteral("latest"), QStringLiteral("-o"), tmp.file(QStringLiteral("x.txt"))});
    EXPECT_EQ(noFormat.exitCode, 2) << noFormat.text();
    // -o - prints a text format; the suffix of -o picks the format when --format is absent.
    const Migctl stdoutMd = store.migctl({QStringLiteral("report"), QStringLiteral("latest"), QStringLiteral("--format"), QStringLiteral("md"),
                                          QStringLiteral("-o"), QStringLiteral("-")});
    EXPECT_EQ(stdoutMd.exitCode, 0) << stdoutMd.text();
    EXPECT_TRUE(stdoutMd.out.startsWith(QStringLiteral("# Migration run report: apply "))) << stdoutMd.text();
    const Migctl bySuffix = store.migctl({QStringLiteral("report"), QStringLiteral("latest"), QStringLiteral("-o"), tmp.file(QStringLiteral("r.xml"))});
    EXPECT_EQ(bySuffix.exitCode, 0) << bySuffix.text();
    EXPECT_TRUE(readJunit(tmp.file(QStringLiteral("r.xml"))).error.isEmpty());
    EXPECT_GT(readJunit(tmp.file(QStringLiteral("r.xml"))).cases, 0);
}
