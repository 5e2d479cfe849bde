// status, apply, resume, rollback, mark-applied, baseline: argument checks, then the engine;
// the run's events are printed as they come (lines, or JSON lines with --json) and kept in the
// run store.
#include "CommandArgs.h"
#include "Commands.h"
#include "ExitCode.h"
#include "Interrupt.h"
#include "PreflightCommand.h"
#include "StatusCommand.h"
#include "Target.h"

#include "store/RunStore.h"
#include "store/StoredResults.h"

#include <QJsonDocument>

#include <atomic>
#include <cstdio>
#include <thread>

namespace mig::cli {

namespace {

// apply under a policy that enforces go/no-go: the checklist first, printed; the run then
// records it and refuses unless it is GO or overridden with a reason.
std::optional<int> goNoGo(RunRequest::Action action, const QCommandLineParser &args, const Common &c, RunStore &store, RunRequest &r,
                          QTextStream &err, QTextStream &out)
{
    const bool overriding = args.isSet(QStringLiteral("override"));
    const QString reason = args.value(QStringLiteral("override")).trimmed();
    if (overriding && reason.isEmpty())
        return usageError(err, QStringLiteral("--override needs a written reason"));
    if (overriding && action != RunRequest::Action::Apply)
        return usageError(err, QStringLiteral("--override is for apply (go/no-go)"));
    if (action != RunRequest::Action::Apply || r.dryRun)
        return std::nullopt;
    Policy policy;
    if (auto code = readPolicy(args, c.dir, policy, err))
        return *code;
    if (!policy.enforce) {
        if (overriding)
            err << "migctl: note: no policy enforces go/no-go here (" << (policy.source.isEmpty() ? QStringLiteral("no %1").arg(QLatin1String(Policy::FileName)) : policy.source)
                << "); --override has nothing to override\n";
        return std::nullopt;
    }
    out << "Go/no-go checklist (policy " << policy.source << "):\n";
    out.flush();
    GoDecision d = evaluateGate(c, args, policy, store, QString(), {});
    for (const CheckLine &line : d.checks)
        printCheck(line.toJson(), out);
    if (overriding && !d.go()) {
        d.override.kind = QStringLiteral("override");
        d.override.name = args.isSet(QStringLiteral("name")) ? args.value(QStringLiteral("name")) : Runner::operatorName();
        d.override.role = args.isSet(QStringLiteral("role")) ? args.value(QStringLiteral("role")) : QStringLiteral("override");
        d.override.comment = reason;
        d.override.targetKey = d.targetKey;
        d.override.plan = d.plan;
    } else if (overriding) {
        err << "migctl: note: the checklist is GO; --override is not needed and is not recorded\n";
    }
    printDecision(d, out);
    out << '\n';
    out.flush();
    r.gate = d;
    return std::nullopt;
}

// After the run: the sign-offs it went ahead on point at it, and an override is kept beside them.
void keepGate(const GoDecision &gate, const RunResult &result, RunStore &store, QTextStream &err)
{
    if (result.outcome == RunResult::Outcome::Refused || result.runId.isEmpty())
        return;
    const QString e = keepDecision(gate, result.runId, store);
    if (!e.isEmpty())
        err << "migctl: warning: the sign-offs of run " << result.runId << " were not linked in the run store: " << e << '\n';
}

} // namespace

int runStatus(const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    Common c;
    if (auto code = readCommon(args, QStringLiteral("status"), c, err))
        return *code;
    std::unique_ptr<ScanCache> cache = scanCache(args);
    const TargetInspection t = inspectTarget(c.target.profile, c.target.password, c.dir, c.format, cache.get());
    if (!t.error.isEmpty()) {
        err << "migctl: " << t.error << '\n';
        return Failure;
    }
    for (const Problem &p : t.plan.folder.problems)
        err << p.toString() << '\n';
    const bool allowOutOfOrder = args.isSet(QStringLiteral("allow-out-of-order"));
    RunStore store;
    StoredFindings found;
    if (store.open(RunStore::defaultPath()).isEmpty()) {
        found.rollbacks = rollbackVerdicts(store, c.target.profile.storeKey());
        found.driftBaseline = driftBaseline(store, c.target.profile.storeKey());
        found.recovery = recoveryAfterLastRun(store, c.target.profile.storeKey(), t.status);
    }
    if (args.isSet(QStringLiteral("json")))
        out << QJsonDocument(statusToJson(c.target.profile, t, found, allowOutOfOrder)).toJson(QJsonDocument::Indented);
    else
        printStatus(c.target.profile, t, found, allowOutOfOrder, out);
    if (t.plan.hasErrors())
        return FolderErrors;
    return t.status.blockers(allowOutOfOrder).isEmpty() ? Ok : Refused;
}

int runEngine(RunRequest::Action action, const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    Common c;
    if (auto code = readCommon(args, actionName(action), c, err))
        return *code;
    RunRequest r;
    r.action = action;
    r.profile = c.target.profile;
    r.password = c.target.password;
    r.dir = c.dir;
    r.format = c.format;
    r.toVersion = args.value(QStringLiteral("to"));
    r.version = args.value(QStringLiteral("version"));
    r.reason = args.value(QStringLiteral("reason"));
    r.dryRun = args.isSet(QStringLiteral("dry-run"));
    r.allowOutOfOrder = args.isSet(QStringLiteral("allow-out-of-order"));
    if (auto code = readInt(args, "steps", r.steps, err))
        return *code;
    if (auto code = readInt(args, "lock-wait", r.lockWaitSeconds, err))
        return *code;
    if (auto code = readInt(args, "lock-timeout", r.locks.timeoutMs, err))
        return *code;
    if (auto code = readInt(args, "lock-retries", r.locks.retries, err))
        return *code;
    if (args.isSet(QStringLiteral("from"))) {
        r.baselineFrom = formatFromName(args.value(QStringLiteral("from")));
        if (!r.baselineFrom)
            return usageError(err, QStringLiteral("--from wants flyway, golang-migrate, dbmate or goose"));
    }
    if (action == RunRequest::Action::MarkApplied && r.reason.trimmed().isEmpty())
        return usageError(err, QStringLiteral("mark-applied needs --reason TEXT: the history keeps why"));
    if (action == RunRequest::Action::Baseline && r.version.isEmpty() && !r.baselineFrom)
        return usageError(err, QStringLiteral("baseline needs --version V or --from flyway|golang-migrate|dbmate|goose"));
    if (action == RunRequest::Action::Rollback && r.steps > 0 && !r.toVersion.isEmpty())
        return usageError(err, QStringLiteral("rollback takes --to VERSION or --steps N, not both"));

    const bool json = args.isSet(QStringLiteral("json"));
    RunStore store;
    if (!r.dryRun) {
        if (const QString e = store.open(RunStore::defaultPath()); !e.isEmpty()) {
            err << "migctl: " << e << "; the run is not recorded locally (the target's history still is)\n";
            err.flush();
        }
        // The newest preview's expected schemas: each migration is held to its preview.
        r.expected = previewExpectations(store, r.profile.storeKey());
    }
    if (auto code = goNoGo(action, args, c, store, r, err, out))
        return *code;
    bool storeFailed = false;
    QString runningSql; // the statement under way, shown under the line that reports its failure
    auto print = [&](const RunEvent &e) {
        if (!r.dryRun && !storeFailed) {
            if (const QString problem = store.record(e); !problem.isEmpty()) {
                storeFailed = true;
                err << "migctl: warning: the run store stopped recording: " << problem << '\n';
            }
        }
        if (json) {
            out << QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) << '\n';
        } else if (r.dryRun && e.type == RunEvent::Type::StatementStarted) {
            out << e.toText() << '\n'; // the statement itself, as SQL
        } else if (r.dryRun) {
            out << "-- " << e.toText() << '\n';
        } else if (e.type == RunEvent::Type::StatementStarted) {
            runningSql = e.sql; // the finished line says it all; --json keeps both
        } else if (e.type == RunEvent::Type::Message && e.status != u"info") {
            err << e.toText() << '\n';
            err.flush();
        } else {
            out << e.toText() << '\n';
            // A failure names its file and line; the statement itself saves opening the file.
            if (e.type == RunEvent::Type::StatementFinished && e.status == u"failed" && !runningSql.isEmpty())
                out << "    statement: " << runningSql.simplified().left(300) << '\n';
        }
        out.flush();
    };

    Runner runner(r, print);
    std::optional<CancelOnInterrupt> interrupts(std::in_place);
    std::atomic<bool> finished{false};
    // Signal handlers may only set a flag; this thread turns it into a cancel.
    std::thread watcher([&] {
        bool told = false;
        while (!finished.load()) {
            if (!told && CancelOnInterrupt::flag()->load()) {
                told = true;
                // stderr directly: `err` belongs to the main thread, which is printing events.
                std::fputs("migctl: cancelling (the running statement is interrupted; press Ctrl-C again to stop at once)\n", stderr);
                runner.cancel();
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    const RunResult result = runner.run();
    finished.store(true);
    watcher.join();
    interrupts.reset();
    if (r.gate)
        keepGate(*r.gate, result, store, err);

    switch (result.outcome) {
    case RunResult::Outcome::Succeeded:
    case RunResult::Outcome::NothingToDo: return Ok;
    case RunResult::Outcome::Failed: return Failure;
    case RunResult::Outcome::Cancelled: return Cancelled;
    case RunResult::Outcome::Refused: return result.folderErrors ? FolderErrors : Refused;
    }
    return Failure;
}

} // namespace mig::cli
