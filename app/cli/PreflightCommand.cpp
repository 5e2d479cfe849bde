// migctl preflight: the go/no-go checklist, each line measured now, recorded as a run.
#include "PreflightCommand.h"

#include "Commands.h"
#include "ExitCode.h"

#include "backup/BackupJob.h"
#include "run/History.h"
#include "run/Runner.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mig::cli {

std::optional<int> readPolicy(const QCommandLineParser &args, const QString &dir, Policy &policy, QTextStream &err)
{
    PolicyLoad load = loadPolicy(dir, args.value(QStringLiteral("policy")));
    if (!load.error.isEmpty()) {
        err << "migctl: policy: " << load.error << '\n';
        return FolderErrors;
    }
    policy = load.policy;
    return std::nullopt;
}

QString backupFolder(const QCommandLineParser &args, const Policy &policy)
{
    if (args.isSet(QStringLiteral("backup-dir")))
        return args.value(QStringLiteral("backup-dir"));
    return policy.backupDir.isEmpty() ? BackupJob::defaultFolder(RunStore::defaultPath()) : policy.backupDir;
}

PreflightRequest gateRequest(const Common &c, const QCommandLineParser &args, const Policy &policy, const QString &runId)
{
    PreflightRequest r;
    r.profile = c.target.profile;
    r.password = c.target.password;
    r.dir = c.dir;
    r.format = c.format;
    r.toVersion = args.value(QStringLiteral("to"));
    r.allowOutOfOrder = args.isSet(QStringLiteral("allow-out-of-order"));
    r.policy = policy;
    r.backupDir = backupFolder(args, policy);
    r.runId = runId;
    return r;
}

GoDecision evaluateGate(const Common &c, const QCommandLineParser &args, const Policy &policy, RunStore &store,
                        const QString &runId, const EventSink &sink)
{
    return evaluatePreflight(gateRequest(c, args, policy, runId), store, sink);
}

void printCheck(const QJsonObject &line, QTextStream &out)
{
    QString mark = line.value(u"verdict").toString().toUpper();
    if (mark == u"FAIL" && !line.value(u"blocks").toBool())
        mark = QStringLiteral("FAIL*");
    out << "  " << mark.leftJustified(8) << line.value(u"title").toString() << ": " << line.value(u"evidence").toString() << '\n';
    for (const QJsonValue &d : line.value(u"details").toArray())
        out << "            " << d.toString() << '\n';
    out.flush();
}

void printDecision(const GoDecision &d, QTextStream &out)
{
    out << "\n" << d.verdictText() << " for plan " << d.plan << " on " << d.target << " ("
        << (d.pending.isEmpty() ? QStringLiteral("nothing pending") : QStringLiteral("%1 migration(s): %2").arg(d.pending.size()).arg(d.pending.join(QStringLiteral(", "))))
        << ")\n";
    out << "Policy: " << (d.policySource.isEmpty() ? QStringLiteral("defaults (no %1 in the folder)").arg(QLatin1String(Policy::FileName)) : d.policySource)
        << (d.enforced ? QStringLiteral(", enforced: apply waits for GO") : QStringLiteral(", advisory: apply does not wait for GO")) << '\n';
    const QStringList blockers = d.blockers();
    if (!blockers.isEmpty()) {
        out << "Blocking:\n";
        for (const QString &b : blockers)
            out << "  - " << b << '\n';
    }
    if (std::any_of(d.checks.begin(), d.checks.end(), [](const CheckLine &c) { return c.verdict == u"fail" && !c.blocks(); }))
        out << "FAIL* fails without blocking: the policy makes it a warning.\n";
    if (d.overridden())
        out << "Overridden by " << d.override.name << ": " << d.override.comment << '\n';
}

int runPreflight(const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    Common c;
    if (auto code = readCommon(args, QStringLiteral("preflight"), c, err))
        return *code;
    Policy policy;
    if (auto code = readPolicy(args, c.dir, policy, err))
        return *code;
    RunStore store;
    openStore(store, err);
    const bool json = args.isSet(QStringLiteral("json"));
    const EventSink keep = recorder(store, err);
    const QString runId = Runner::newRunId();
    if (!json)
        out << "Pre-flight checks on " << c.target.profile.displayUrl() << " (run " << runId << ")\n";
    const EventSink sink = [&](const RunEvent &e) {
        keep(e);
        if (!json && e.type == RunEvent::Type::CheckFinished && e.check != u"go/no-go")
            printCheck(e.data, out);
    };
    const GoDecision d = evaluatePreflightRun(gateRequest(c, args, policy, runId), store, sink);
    if (json) {
        QJsonObject o = d.toJson();
        o.insert(QStringLiteral("run"), runId);
        out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        printDecision(d, out);
    }
    return d.go() ? Ok : Failure;
}

} // namespace mig::cli
