#include "Commands.h"

namespace mig::cli {

int runPreflight(const QCommandLineParser &, QTextStream &, QTextStream &err)
{
    return usageError(err, QStringLiteral("not built yet"));
}

} // namespace mig::cli
