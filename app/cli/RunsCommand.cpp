// migctl runs: the runs the run store keeps, newest first (the ids `migctl report` takes).
#include "CommandArgs.h"
#include "Commands.h"
#include "ExitCode.h"

#include "RunList.h"
#include "Redact.h"
#include "ReportText.h"
#include "target/ProfileStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mig::cli {

namespace {

// The store key of --target, read without a password (listing needs none).
std::optional<int> storeKeyOf(const QString &target, const QString &historyTable, QString &key, QTextStream &err)
{
    std::optional<ConnectionProfile> profile = target.contains(u':') ? parseTargetUrl(target).profile : ProfileStore().load(target);
    if (!profile)
        return usageError(err, QStringLiteral("--target %1 is neither a valid URL nor a saved profile").arg(report::redact(target)));
    if (!historyTable.isEmpty())
        profile->historyTable = historyTable;
    key = profile->storeKey();
    return std::nullopt;
}

} // namespace

std::optional<int> reportTargetKey(const QCommandLineParser &args, QString &key, QTextStream &err)
{
    if (!args.isSet(QStringLiteral("target")))
        return std::nullopt;
    return storeKeyOf(args.value(QStringLiteral("target")), args.value(QStringLiteral("history-table")), key, err);
}

int runRuns(const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    QString key;
    if (auto code = reportTargetKey(args, key, err))
        return *code;
    int limit = 0;
    if (auto code = readInt(args, "limit", limit, err))
        return *code;
    RunStore store;
    if (const QString e = store.open(RunStore::defaultPath()); !e.isEmpty()) {
        err << "migctl: " << e << '\n';
        return Failure;
    }
    const QList<report::RunRow> runs = report::listRuns(store, key, limit);
    if (args.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const report::RunRow &r : runs)
            list << QJsonObject{{QStringLiteral("id"), r.run.id}, {QStringLiteral("action"), r.run.action},
                                {QStringLiteral("target"), report::redact(r.run.target)}, {QStringLiteral("targetKey"), r.run.targetKey},
                                {QStringLiteral("startedAt"), r.run.startedAt},
                                {QStringLiteral("finishedAt"), r.run.finishedAt.isEmpty() ? QJsonValue() : QJsonValue(r.run.finishedAt)},
                                {QStringLiteral("durationMs"), r.durationMs() < 0 ? QJsonValue() : QJsonValue(double(r.durationMs()))},
                                {QStringLiteral("outcome"), r.run.outcome.isEmpty() ? QJsonValue() : QJsonValue(r.run.outcome)},
                                {QStringLiteral("message"), report::redact(r.run.message)},
                                {QStringLiteral("consoleVersion"), r.consoleVersion}};
        out << QJsonDocument(QJsonObject{{QStringLiteral("schema"), QStringLiteral("migctl.runs/1")},
                                         {QStringLiteral("store"), RunStore::defaultPath()},
                                         {QStringLiteral("runs"), list}})
                   .toJson(QJsonDocument::Indented);
        return Ok;
    }
    if (runs.isEmpty()) {
        out << "No runs in " << RunStore::defaultPath() << (key.isEmpty() ? QString() : QStringLiteral(" on ") + key) << ".\n";
        return Ok;
    }
    out << QStringLiteral("%1  %2  %3  %4  %5  %6\n").arg(QStringLiteral("RUN").leftJustified(21), QStringLiteral("ACTION").leftJustified(12),
                                                         QStringLiteral("STARTED (UTC)").leftJustified(23), QStringLiteral("DURATION").leftJustified(9),
                                                         QStringLiteral("OUTCOME").leftJustified(13), QStringLiteral("TARGET"));
    for (const report::RunRow &r : runs)
        out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                   .arg(r.run.id.leftJustified(21), r.run.action.leftJustified(12), report::timeText(r.run.startedAt).leftJustified(23),
                        report::durationText(r.durationMs()).leftJustified(9), report::orNot(r.run.outcome, QStringLiteral("unfinished")).leftJustified(13),
                        report::redact(r.run.target));
    return Ok;
}

} // namespace mig::cli
