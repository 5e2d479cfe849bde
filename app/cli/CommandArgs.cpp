#include "CommandArgs.h"
#include "Commands.h"
#include "ExitCode.h"

namespace mig::cli {

std::optional<int> readCommon(const QCommandLineParser &args, const QString &command, Common &c, QTextStream &err, bool needsDir)
{
    const QString target = args.value(QStringLiteral("target"));
    c.dir = args.value(QStringLiteral("dir"));
    if (target.isEmpty() || (needsDir && c.dir.isEmpty()))
        return usageError(err, needsDir ? QStringLiteral("%1 needs --target URL|PROFILE and --dir DIR").arg(command)
                                        : QStringLiteral("%1 needs --target URL|PROFILE").arg(command));
    if (args.isSet(QStringLiteral("format"))) {
        c.format = formatFromName(args.value(QStringLiteral("format")));
        if (!c.format)
            return usageError(err, QStringLiteral("unknown format '%1' (%2)").arg(args.value(QStringLiteral("format")), allFormatNames()));
    }
    c.target = resolveTarget(target, args.value(QStringLiteral("history-table")), err);
    if (!c.target.error.isEmpty()) {
        err << "migctl: " << c.target.error << '\n';
        return Usage;
    }
    return std::nullopt;
}

std::optional<int> readInt(const QCommandLineParser &args, const char *name, int &value, QTextStream &err)
{
    if (!args.isSet(QLatin1String(name)))
        return std::nullopt;
    bool ok = false;
    value = args.value(QLatin1String(name)).toInt(&ok);
    if (!ok || value < 0)
        return usageError(err, QStringLiteral("--%1 wants a whole number >= 0").arg(QLatin1String(name)));
    return std::nullopt;
}

void openStore(RunStore &store, QTextStream &err)
{
    if (const QString e = store.open(RunStore::defaultPath()); !e.isEmpty()) {
        err << "migctl: warning: " << e << "; results are not kept locally\n";
        err.flush();
    }
}

EventSink recorder(RunStore &store, QTextStream &err)
{
    return [&store, &err, failed = false](const RunEvent &e) mutable {
        if (failed)
            return;
        if (const QString problem = store.record(e); !problem.isEmpty() && !problem.contains(u"not open")) {
            failed = true;
            err << "migctl: warning: the run store stopped recording: " << problem << '\n';
        }
        if (e.type == RunEvent::Type::Message && e.status != u"info")
            err << e.toText() << '\n';
    };
}

std::unique_ptr<ScanCache> scanCache(const QCommandLineParser &args)
{
    if (args.isSet(QStringLiteral("no-cache")))
        return nullptr;
    return std::make_unique<ScanCache>(ScanCache::defaultPath());
}

} // namespace mig::cli
