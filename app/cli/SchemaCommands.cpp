// preview, verify, drift, snapshot: what a run will do, did do, and what changed since.
#include "CommandArgs.h"
#include "Commands.h"
#include "ExitCode.h"

#include "preview/Preview.h"
#include "schema/SchemaReader.h"
#include "store/StoredResults.h"
#include "verify/Verifier.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace mig::cli {

namespace {

QString indent(const QString &text, const QString &by)
{
    QStringList lines = text.trimmed().split(u'\n');
    for (QString &l : lines)
        l.prepend(by);
    return lines.join(u'\n');
}

QJsonObject previewToJson(const ConnectionProfile &profile, const PreviewResult &r)
{
    QJsonArray migrations;
    for (const MigrationPreview &m : r.migrations) {
        QJsonArray rows;
        for (const StatementRows &s : m.rows)
            rows.append(QJsonObject{{QStringLiteral("line"), s.line}, {QStringLiteral("statement"), s.statement}, {QStringLiteral("rows"), s.rows}});
        migrations.append(QJsonObject{
            {QStringLiteral("version"), m.version},
            {QStringLiteral("name"), m.name},
            {QStringLiteral("ok"), m.ok},
            {QStringLiteral("error"), m.error},
            {QStringLiteral("errorStatement"), m.errorStatement},
            {QStringLiteral("changes"), m.changes.toJson()},
            {QStringLiteral("changesText"), m.changes.toText()},
            {QStringLiteral("rows"), rows},
            {QStringLiteral("rowsMeasured"), m.rowsMeasured},
            {QStringLiteral("declarationFindings"), QJsonArray::fromStringList(m.declarationFindings)},
            {QStringLiteral("rollback"), QJsonObject{{QStringLiteral("verdict"), verdictName(m.rollback)},
                                                     {QStringLiteral("detail"), m.rollbackDetail},
                                                     {QStringLiteral("differences"), QJsonArray::fromStringList(m.rollbackDifferences)}}},
        });
    }
    return QJsonObject{{QStringLiteral("schema"), QStringLiteral("migctl.preview/1")},
                       {QStringLiteral("target"), profile.displayUrl()},
                       {QStringLiteral("run"), r.runId},
                       {QStringLiteral("method"), r.method},
                       {QStringLiteral("methodReason"), r.methodReason},
                       {QStringLiteral("error"), r.error},
                       {QStringLiteral("migrations"), migrations}};
}

void printPreview(const ConnectionProfile &profile, const PreviewResult &r, QTextStream &out)
{
    out << "Preview of " << r.migrations.size() << " pending migration(s) on " << profile.displayUrl() << " (run " << r.runId << ")\n";
    out << "Method: " << r.method << (r.methodReason.isEmpty() ? QString() : QStringLiteral(", because ") + r.methodReason) << '\n';
    out << "No migration was kept on the target (the preview held the run lock, like a run).\n";
    for (const MigrationPreview &m : r.migrations) {
        out << '\n' << m.version << ' ' << m.name << '\n';
        if (!m.ok) {
            out << "  FAILED: " << m.error << '\n';
            if (!m.errorStatement.isEmpty())
                out << "  statement: " << m.errorStatement.simplified().left(300) << '\n';
            if (m.changes.isEmpty() && m.rollback == RollbackVerdict::NotRun)
                continue;
        }
        out << "  schema:\n" << indent(m.changes.toText(), QStringLiteral("    ")) << '\n';
        if (!m.rowsMeasured) {
            out << "  rows: not measured (the scratch database holds no rows)\n";
        } else if (m.rows.isEmpty()) {
            out << "  rows: no data statements\n";
        } else {
            out << "  rows:\n";
            for (const StatementRows &s : m.rows)
                out << "    line " << s.line << ": " << s.rows << " row(s)  " << s.statement.left(100) << '\n';
        }
        if (m.declarationFindings.isEmpty())
            out << "  declared objects: all present as declared\n";
        else
            for (const QString &f : m.declarationFindings)
                out << "  DECLARED OBJECT MISSING OR DIFFERENT: " << f << '\n';
        out << "  " << verdictName(m.rollback);
        if (m.rollback == RollbackVerdict::Fails)
            out << ": " << m.rollbackDetail;
        out << '\n';
        for (const QString &d : m.rollbackDifferences)
            out << "    " << d << '\n';
    }
    if (!r.error.isEmpty())
        out << "\npreview failed: " << r.error << '\n';
}

} // namespace

int runPreview(const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    Common c;
    if (auto code = readCommon(args, QStringLiteral("preview"), c, err))
        return *code;
    PreviewRequest request;
    request.profile = c.target.profile;
    request.password = c.target.password;
    request.dir = c.dir;
    request.format = c.format;
    request.toVersion = args.value(QStringLiteral("to"));
    request.scratchDatabase = args.value(QStringLiteral("scratch-database"));
    RunStore store;
    openStore(store, err);
    Previewer previewer(request, recorder(store, err));
    const PreviewResult r = previewer.run();
    if (args.isSet(QStringLiteral("json")))
        out << QJsonDocument(previewToJson(c.target.profile, r)).toJson(QJsonDocument::Indented);
    else if (r.migrations.isEmpty() && r.error.isEmpty())
        out << "Nothing to preview: no pending migrations on " << c.target.profile.displayUrl() << ".\n";
    else
        printPreview(c.target.profile, r, out);
    if (!r.error.isEmpty()) {
        err << "migctl: " << r.error << '\n';
        return Failure;
    }
    for (const MigrationPreview &m : r.migrations)
        if (!m.ok)
            return Failure;
    return Ok;
}

int runVerify(const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    Common c;
    if (auto code = readCommon(args, QStringLiteral("verify"), c, err))
        return *code;
    RunStore store;
    openStore(store, err);
    VerifyRequest request;
    request.profile = c.target.profile;
    request.password = c.target.password;
    request.dir = c.dir;
    request.format = c.format;
    request.baseline = verifyBaseline(store, c.target.profile.storeKey(), args.value(QStringLiteral("run")));
    Verifier verifier(request, recorder(store, err));
    const VerifyResult r = verifier.run();
    if (args.isSet(QStringLiteral("json"))) {
        QJsonArray checks;
        for (const CheckResult &k : r.checks)
            checks.append(QJsonObject{{QStringLiteral("name"), k.name}, {QStringLiteral("version"), k.version},
                                      {QStringLiteral("status"), k.status}, {QStringLiteral("measured"), k.measured},
                                      {QStringLiteral("detail"), k.detail}});
        out << QJsonDocument(QJsonObject{{QStringLiteral("schema"), QStringLiteral("migctl.verify/1")},
                                         {QStringLiteral("target"), c.target.profile.displayUrl()},
                                         {QStringLiteral("run"), r.runId},
                                         {QStringLiteral("baselineRun"), request.baseline.runId},
                                         {QStringLiteral("passed"), r.passed()},
                                         {QStringLiteral("error"), r.error},
                                         {QStringLiteral("checks"), checks}})
                   .toJson(QJsonDocument::Indented);
    } else {
        out << "Verification of " << c.target.profile.displayUrl()
            << (request.baseline.runId.isEmpty() ? QStringLiteral(" (no recorded run to compare with)")
                                                 : QStringLiteral(" after run %1").arg(request.baseline.runId))
            << '\n';
        int pass = 0, fail = 0, notRun = 0;
        for (const CheckResult &k : r.checks) {
            pass += k.status == u"pass";
            fail += k.status == u"fail";
            notRun += k.status == u"not run";
            out << (k.status == u"pass" ? "  PASS     " : k.status == u"fail" ? "  FAIL     " : "  NOT RUN  ") << k.name;
            if (!k.measured.isEmpty())
                out << " [" << k.measured << ']';
            if (!k.detail.isEmpty())
                out << ": " << k.detail;
            out << '\n';
        }
        out << r.checks.size() << " check(s): " << pass << " pass, " << fail << " fail, " << notRun << " not run\n";
    }
    if (!r.error.isEmpty()) {
        err << "migctl: " << r.error << '\n';
        return Failure;
    }
    return r.passed() ? Ok : Failure;
}

int runDrift(const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    Common c;
    if (auto code = readCommon(args, QStringLiteral("drift"), c, err, false))
        return *code;
    RunStore store;
    openStore(store, err);
    const std::optional<StoredSnapshot> baseline = driftBaseline(store, c.target.profile.storeKey());
    if (!baseline) {
        err << "migctl: no run on " << c.target.profile.displayUrl()
            << " is recorded in this run store: there is no schema to compare with (apply, or rollback, records one)\n";
        return Refused;
    }
    std::unique_ptr<TargetSession> session = TargetSession::create(c.target.profile);
    session->setReadOnly(true);
    if (auto e = session->open(c.target.password, QStringLiteral("migctl drift"))) {
        err << "migctl: cannot connect to " << c.target.profile.displayUrl() << ": " << e->toString() << '\n';
        return Failure;
    }
    SnapshotOptions options;
    options.excludeTables = SchemaWatch::ownTables(c.target.profile.historyTable);
    options.rowCounts = false;
    const SnapshotResult live = takeSnapshot(*session, options);
    if (live.error) {
        err << "migctl: cannot read the schema: " << live.error->toString() << '\n';
        return Failure;
    }
    const SchemaDiff drift = SchemaDiff::between(baseline->snapshot, live.snapshot);
    if (args.isSet(QStringLiteral("json"))) {
        out << QJsonDocument(QJsonObject{{QStringLiteral("schema"), QStringLiteral("migctl.drift/1")},
                                         {QStringLiteral("target"), c.target.profile.displayUrl()},
                                         {QStringLiteral("baselineRun"), baseline->runId},
                                         {QStringLiteral("baselineTakenAt"), baseline->takenAt},
                                         {QStringLiteral("drift"), !drift.isEmpty()},
                                         {QStringLiteral("changes"), drift.toJson()}})
                   .toJson(QJsonDocument::Indented);
    } else if (drift.isEmpty()) {
        out << "No drift: the schema of " << c.target.profile.displayUrl() << " is as run " << baseline->runId << " left it ("
            << baseline->takenAt << ").\n";
    } else {
        out << "DRIFT: " << drift.changes.size() << " change(s) to " << c.target.profile.displayUrl() << " made outside the console since run "
            << baseline->runId << " (" << baseline->takenAt << "):\n" << indent(drift.toText(), QStringLiteral("  ")) << '\n';
    }
    return drift.isEmpty() ? Ok : Failure;
}

int runSnapshot(const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    Common c;
    if (auto code = readCommon(args, QStringLiteral("snapshot"), c, err, false))
        return *code;
    QJsonObject json;
    const QString runId = args.value(QStringLiteral("run"));
    if (!runId.isEmpty()) {
        RunStore store;
        openStore(store, err);
        const QString label = args.isSet(QStringLiteral("label")) ? args.value(QStringLiteral("label")) : QStringLiteral("after-run");
        const std::optional<StoredSnapshot> kept = store.lastSnapshot(runId, label);
        if (!kept) {
            err << "migctl: run " << runId << " has no '" << label << "' snapshot in this run store\n";
            return Failure;
        }
        json = kept->snapshot.toJson();
    } else {
        std::unique_ptr<TargetSession> session = TargetSession::create(c.target.profile);
        session->setReadOnly(true);
        if (auto e = session->open(c.target.password, QStringLiteral("migctl snapshot"))) {
            err << "migctl: cannot connect to " << c.target.profile.displayUrl() << ": " << e->toString() << '\n';
            return Failure;
        }
        SnapshotOptions options;
        options.excludeTables = SchemaWatch::ownTables(c.target.profile.historyTable);
        const SnapshotResult live = takeSnapshot(*session, options);
        if (live.error) {
            err << "migctl: cannot read the schema: " << live.error->toString() << '\n';
            return Failure;
        }
        json = live.snapshot.toJson();
    }
    const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Indented);
    const QString file = args.value(QStringLiteral("output"));
    if (file.isEmpty()) {
        out << text;
        return Ok;
    }
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size()) {
        err << "migctl: cannot write " << file << ": " << f.errorString() << '\n';
        return Failure;
    }
    out << "snapshot written to " << file << " (" << json.value(u"summary").toString() << ")\n";
    return Ok;
}

} // namespace mig::cli
