#include "Commands.h"

namespace mig::cli {

int runBackup(const QCommandLineParser &, QTextStream &, QTextStream &err)
{
    return usageError(err, QStringLiteral("not built yet"));
}

int runBackups(const QCommandLineParser &, QTextStream &, QTextStream &err)
{
    return usageError(err, QStringLiteral("not built yet"));
}

int runRestore(const QStringList &, const QCommandLineParser &, QTextStream &, QTextStream &err)
{
    return usageError(err, QStringLiteral("not built yet"));
}

} // namespace mig::cli
