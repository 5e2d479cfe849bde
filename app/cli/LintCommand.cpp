// migctl lint: the pending migrations' statements judged against the live target.
#include "CommandArgs.h"
#include "Commands.h"
#include "ExitCode.h"
#include "PreflightCommand.h"

#include "lint/Lint.h"
#include "plan/Status.h"
#include "run/History.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

namespace mig::cli {

namespace {

QString upper(lint::Severity s)
{
    return lint::severityName(s).toUpper();
}

void printReport(const lint::LintReport &r, const QString &dir, const ConnectionProfile &profile, QTextStream &out)
{
    out << "Lint of " << r.migrations << " pending migration(s), " << r.statements << " statement(s), against "
        << profile.displayUrl() << '\n';
    for (const lint::Finding &f : r.findings) {
        out << upper(f.severity) << ' ' << f.version << ' ' << QDir(dir).filePath(f.file) << ':' << f.line << ' ' << f.rule << ": "
            << f.message;
        if (!f.evidence.isEmpty())
            out << " (" << f.evidence << ')';
        out << QStringLiteral(" \u2014 fix: ") << f.hint << '\n';
    }
    if (!r.notChecked.isEmpty()) {
        out << "Not checked:\n";
        for (const QString &n : r.notChecked)
            out << "  " << n << '\n';
    }
    out << r.findings.size() << " finding(s): " << r.count(lint::Severity::Block) << " block, " << r.count(lint::Severity::Warn)
        << " warn, " << r.count(lint::Severity::Info) << " info; " << r.notChecked.size() << " not checked\n";
}

} // namespace

int runLint(const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    Common c;
    if (auto code = readCommon(args, QStringLiteral("lint"), c, err))
        return *code;
    // The policy's lint section decides severities and rules turned off, as in the checklist:
    // lint and preflight must agree on what blocks.
    Policy policy;
    if (auto code = readPolicy(args, c.dir, policy, err))
        return *code;
    std::unique_ptr<TargetSession> session = TargetSession::create(c.target.profile);
    session->setReadOnly(true);
    if (auto e = session->open(c.target.password, QStringLiteral("migctl lint"))) {
        err << "migctl: cannot connect to " << c.target.profile.displayUrl() << ": " << e->toString() << '\n';
        return Failure;
    }
    const FolderPlan plan = planFolder(c.dir, session->dialect(), c.format);
    for (const Problem &p : plan.folder.problems)
        err << p.toString() << '\n';
    HistoryTable history(*session);
    const HistoryRead read = history.read();
    if (read.error) {
        err << "migctl: cannot read the history table " << c.target.profile.historyTable << ": " << read.error->toString() << '\n';
        return Failure;
    }
    const lint::LintReport report = lint::lintPending(*session, computeStatus(plan, read.rows), lintOptions(policy));
    if (args.isSet(QStringLiteral("json"))) {
        QJsonObject json = report.toJson();
        json.insert(QStringLiteral("target"), c.target.profile.displayUrl());
        json.insert(QStringLiteral("dir"), QDir(c.dir).absolutePath());
        out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else if (report.error.isEmpty()) {
        printReport(report, c.dir, c.target.profile, out);
    }
    if (!report.error.isEmpty()) {
        err << "migctl: " << report.error << '\n';
        return Failure;
    }
    if (report.blocks())
        return Failure;
    return plan.hasErrors() ? FolderErrors : Ok;
}

} // namespace mig::cli
