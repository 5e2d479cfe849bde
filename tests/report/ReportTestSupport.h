#pragma once
// Shared by the report tests: runs made by the real migctl (its own run store per test), then
// every format written by `migctl report` and read back the way its reader would: Markdown
// tables counted cell by cell, the JSON validated against resources/report/, JUnit parsed with
// QXmlStreamReader, the PDF's text from pdftotext and its pages rendered by pdftoppm.

#include "BackupSupport.h"
#include "JsonSchemaCheck.h"

#include <QXmlStreamReader>

namespace reporttest {

using realworld::Migctl;
using realworld::s;

inline QString sourceFile(const QString &relative)
{
    return QStringLiteral(MIG_TEST_DATA "/../../") + relative;
}

inline QJsonObject readJsonFile(const QString &path)
{
    QFile f(path);
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << s(path);
    QJsonParseError e;
    const QJsonObject o = QJsonDocument::fromJson(f.readAll(), &e).object();
    EXPECT_EQ(e.error, QJsonParseError::NoError) << s(path) << ": " << s(e.errorString());
    return o;
}

inline QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// A program's standard output (pdftotext, pdfinfo, pdftoppm).
inline QString tool(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    EXPECT_TRUE(p.waitForFinished(60000)) << s(program);
    EXPECT_EQ(p.exitCode(), 0) << s(program) << " " << s(args.join(u' ')) << ": " << p.readAllStandardError().toStdString();
    return QString::fromUtf8(p.readAllStandardOutput());
}

// Every GitHub table in a Markdown text: the delimiter row under the header, and as many cells
// (unescaped pipes) in each row as in the header. One line per problem.
inline QStringList markdownTableProblems(const QString &md)
{
    QStringList problems;
    const QStringList lines = md.split(u'\n');
    auto cells = [](const QString &line) {
        int pipes = 0;
        for (int i = 0; i < line.size(); ++i) {
            if (line.at(i) == u'\\') {
                ++i; // an escaped character, an escaped pipe included
                continue;
            }
            pipes += line.at(i) == u'|';
        }
        return pipes - 1;
    };
    bool inFence = false;
    int header = -1;
    for (int i = 0; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (line.startsWith(QStringLiteral("```"))) {
            inFence = !inFence;
            continue;
        }
        if (inFence || !line.startsWith(u'|')) {
            header = -1;
            continue;
        }
        if (header < 0) {
            header = cells(line);
            const QString delimiter = lines.value(i + 1);
            if (cells(delimiter) != header || !delimiter.contains(QStringLiteral("---")))
                problems << QStringLiteral("line %1: a table header without its delimiter row: %2").arg(i + 1).arg(line);
            if (!line.endsWith(u'|'))
                problems << QStringLiteral("line %1: row does not end with |").arg(i + 1);
            continue;
        }
        if (cells(line) != header || !line.endsWith(u'|'))
            problems << QStringLiteral("line %1: %2 cells, the header has %3: %4").arg(i + 1).arg(cells(line)).arg(header).arg(line);
    }
    return problems;
}

struct Junit {
    QString error;      // not well-formed
    int tests = 0, failures = 0, skipped = 0; // as the root element says
    int cases = 0, failureElements = 0, skippedElements = 0; // as counted
    QStringList failedNames;
};

inline Junit readJunit(const QString &path)
{
    Junit j;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        j.error = QStringLiteral("cannot open ") + path;
        return j;
    }
    QXmlStreamReader xml(&f);
    QString currentCase;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto attrs = xml.attributes();
        if (xml.name() == u"testsuites") {
            j.tests = attrs.value(QStringLiteral("tests")).toInt();
            j.failures = attrs.value(QStringLiteral("failures")).toInt();
            j.skipped = attrs.value(QStringLiteral("skipped")).toInt();
        } else if (xml.name() == u"testcase") {
            ++j.cases;
            currentCase = attrs.value(QStringLiteral("name")).toString();
        } else if (xml.name() == u"failure") {
            ++j.failureElements;
            j.failedNames << currentCase;
        } else if (xml.name() == u"skipped") {
            ++j.skippedElements;
        }
    }
    if (xml.hasError())
        j.error = xml.errorString();
    return j;
}

// A report test's run store, and migctl run with it.
class Store
{
public:
    explicit Store(const QString &path, const QString &password = {}) : m_launch{path, password, {}, 0} {}
    const QString &path() const { return m_launch.store; }

    Migctl migctl(const QStringList &args, const QMap<QString, QString> &env = {}) const
    {
        if (env.isEmpty())
            return backuptest::runMigctl(args, m_launch);
        // Extra environment: set it around the call (runMigctl starts from the system's).
        QMap<QString, QByteArray> saved;
        for (auto it = env.cbegin(); it != env.cend(); ++it) {
            saved.insert(it.key(), qgetenv(it.key().toUtf8().constData()));
            qputenv(it.key().toUtf8().constData(), it.value().toUtf8());
        }
        const Migctl r = backuptest::runMigctl(args, m_launch);
        for (auto it = saved.cbegin(); it != saved.cend(); ++it)
            qputenv(it.key().toUtf8().constData(), it.value());
        return r;
    }

    // The newest run of an action, from `migctl runs --json`.
    QString runOf(const QString &action) const
    {
        const Migctl r = migctl({QStringLiteral("runs"), QStringLiteral("--json")});
        EXPECT_EQ(r.exitCode, 0) << r.text();
        const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
        EXPECT_EQ(doc.value(u"schema").toString(), QStringLiteral("migctl.runs/1")) << r.text();
        for (const QJsonValue &v : doc.value(u"runs").toArray())
            if (v[u"action"].toString() == action)
                return v[u"id"].toString();
        return {};
    }

    // `migctl report RUN --format F -o DIR/NAME.ext [extra]`; the file's path.
    QString report(const QString &run, const QString &format, const QString &file, const QStringList &extra = {}) const
    {
        const Migctl r = migctl(QStringList{QStringLiteral("report"), run, QStringLiteral("--format"), format, QStringLiteral("-o"), file} + extra);
        EXPECT_EQ(r.exitCode, 0) << r.text();
        EXPECT_TRUE(QFile::exists(file)) << s(file) << "\n" << r.text();
        return file;
    }

private:
    backuptest::Launch m_launch;
};

// A production-style run by the real migctl on `target`: backup --test, preview, preflight (its
// verdict is advisory without a policy), apply, verify. The apply's exit code.
inline int productionRun(const Store &store, const QString &target, const QString &dir, const QMap<QString, QString> &env = {})
{
    const QStringList on{QStringLiteral("--target"), target, QStringLiteral("--dir"), dir};
    const Migctl backup = store.migctl(QStringList{QStringLiteral("backup"), QStringLiteral("--test")} + on, env);
    EXPECT_EQ(backup.exitCode, 0) << backup.text();
    const Migctl preview = store.migctl(QStringList{QStringLiteral("preview")} + on, env);
    EXPECT_EQ(preview.exitCode, 0) << preview.text();
    store.migctl(QStringList{QStringLiteral("preflight")} + on, env);
    const Migctl apply = store.migctl(QStringList{QStringLiteral("apply")} + on, env);
    EXPECT_EQ(apply.exitCode, 0) << apply.text();
    const Migctl verify = store.migctl(QStringList{QStringLiteral("verify")} + on, env);
    EXPECT_EQ(verify.exitCode, 0) << verify.text();
    return apply.exitCode;
}

// The report of one run in every format, written into `dir`.
struct Reports {
    QString md, html, json, junit, pdf, letter;
    QStringList all() const { return {md, html, json, junit, pdf, letter}; }
};

inline Reports writeReports(const Store &store, const QString &run, const QString &dir, const QString &name)
{
    Reports r;
    r.md = store.report(run, QStringLiteral("md"), dir + u'/' + name + QStringLiteral(".md"));
    r.html = store.report(run, QStringLiteral("html"), dir + u'/' + name + QStringLiteral(".html"));
    r.json = store.report(run, QStringLiteral("json"), dir + u'/' + name + QStringLiteral(".json"));
    r.junit = store.report(run, QStringLiteral("junit"), dir + u'/' + name + QStringLiteral(".xml"));
    r.pdf = store.report(run, QStringLiteral("pdf"), dir + u'/' + name + QStringLiteral(".pdf"), {QStringLiteral("--environment"), QStringLiteral("production")});
    r.letter = store.report(run, QStringLiteral("pdf"), dir + u'/' + name + QStringLiteral("-letter.pdf"), {QStringLiteral("--page-size"), QStringLiteral("Letter")});
    return r;
}

// Page i of the PDF's text (pdftotext separates pages with form feeds), in reading order: the
// -layout mode interleaves the page header with a body line that starts right under it.
inline QStringList pdfPages(const QString &pdf)
{
    QStringList pages = tool(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")}).split(u'\f');
    if (!pages.isEmpty() && pages.last().trimmed().isEmpty())
        pages.removeLast();
    return pages;
}

// pdftoppm -r 50: PNG files of every page, kept under the build's report-pages/ folder for a
// person to look at. Their paths.
inline QStringList renderPages(const QString &pdf, const QString &name)
{
    const QString dir = QStringLiteral(MIG_REPORT_PAGES_DIR);
    QDir().mkpath(dir);
    for (const QString &old : QDir(dir).entryList({name + QStringLiteral("-*.png")}))
        QFile::remove(dir + u'/' + old);
    tool(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QStringLiteral("50"), QStringLiteral("-png"), pdf, dir + u'/' + name});
    QStringList out;
    for (const QString &f : QDir(dir).entryList({name + QStringLiteral("-*.png")}, QDir::Files, QDir::Name))
        out << dir + u'/' + f;
    std::fprintf(stderr, "rendered %lld page(s) of %s into %s/%s-*.png\n", qlonglong(out.size()), qPrintable(pdf), qPrintable(dir), qPrintable(name));
    return out;
}

// The sections every report has, as Markdown headings and as PDF text.
inline QStringList sectionTitles()
{
    return {QStringLiteral("Executive summary"), QStringLiteral("Go / no-go"), QStringLiteral("Timeline"),
            QStringLiteral("Schema changes per migration"), QStringLiteral("Schema statistics before and after"),
            QStringLiteral("Verification checklist"), QStringLiteral("Data integrity"), QStringLiteral("Backup"),
            QStringLiteral("Rollback procedure"), QStringLiteral("Lint findings and overrides"), QStringLiteral("Sign-offs"),
            QStringLiteral("Errors"), QStringLiteral("Charts")};
}

// What every format of a report must satisfy, whatever the run: the JSON valid against its
// schema and naming the run; Markdown tables well formed with every section; HTML with no
// external resource; JUnit well formed and counting what the JSON counts; the PDF A4 (and
// Letter) with the header and "Page i of n" on every page and every section in its text, and
// its pages rendered. Returns the JSON for the caller's own checks.
inline QJsonObject checkReports(const Reports &r, const QString &run, const QString &name)
{
    const QJsonObject json = readJsonFile(r.json);
    EXPECT_EQ(json.value(u"schema").toString(), QStringLiteral("migctl.report/1"));
    EXPECT_EQ(json[u"run"][u"id"].toString(), run);
    const QStringList invalid = validateJson(json, readJsonFile(sourceFile(QStringLiteral("resources/report/run-report.schema.json"))));
    EXPECT_TRUE(invalid.isEmpty()) << s(invalid.join(u'\n'));

    const QString md = readText(r.md);
    EXPECT_TRUE(markdownTableProblems(md).isEmpty()) << s(markdownTableProblems(md).join(u'\n'));
    EXPECT_TRUE(md.startsWith(QStringLiteral("# Migration run report: ")));
    for (const QString &title : sectionTitles())
        EXPECT_TRUE(md.contains(QStringLiteral("\n## ") + title + u'\n')) << s(title);

    const QString html = readText(r.html);
    EXPECT_TRUE(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
    EXPECT_TRUE(html.contains(QStringLiteral("<svg"))) << "charts inline";
    EXPECT_FALSE(html.contains(QStringLiteral(" src="))) << "nothing fetched";
    EXPECT_FALSE(html.contains(QStringLiteral("<link"))) << "nothing fetched";
    EXPECT_FALSE(html.contains(QStringLiteral("<script")));

    const Junit j = readJunit(r.junit);
    const QJsonObject verification = json.value(u"verification").toObject();
    EXPECT_TRUE(j.error.isEmpty()) << s(j.error);
    EXPECT_EQ(j.tests, verification.value(u"checks").toArray().size());
    EXPECT_EQ(j.cases, j.tests);
    EXPECT_EQ(j.failures, verification.value(u"fail").toInt());
    EXPECT_EQ(j.failureElements, j.failures);
    EXPECT_EQ(j.skipped, verification.value(u"notRun").toInt());
    EXPECT_EQ(j.skippedElements, j.skipped);

    const QString info = tool(QStringLiteral("pdfinfo"), {r.pdf});
    EXPECT_TRUE(info.contains(QStringLiteral("595 x 842 pts (A4)"))) << s(info);
    EXPECT_TRUE(tool(QStringLiteral("pdfinfo"), {r.letter}).contains(QStringLiteral("612 x 792 pts (letter)")));
    const QStringList pages = pdfPages(r.pdf);
    EXPECT_GE(pages.size(), 2);
    const QString all = pages.join(u'\n');
    for (int i = 0; i < pages.size(); ++i) {
        EXPECT_TRUE(pages.at(i).contains(QStringLiteral("Page %1 of %2").arg(i + 1).arg(pages.size()))) << "page " << i + 1;
        EXPECT_TRUE(pages.at(i).contains(QStringLiteral("Migration run report:"))) << "header on page " << i + 1 << ":\n" << s(pages.at(i).left(400));
        EXPECT_TRUE(pages.at(i).contains(QStringLiteral("Run ") + run)) << "footer on page " << i + 1;
    }
    for (const QString &title : sectionTitles())
        EXPECT_TRUE(all.contains(title)) << s(title);
    EXPECT_TRUE(all.contains(QStringLiteral("production"))) << "the environment label";
    EXPECT_EQ(renderPages(r.pdf, name).size(), pages.size());
    return json;
}

} // namespace reporttest
