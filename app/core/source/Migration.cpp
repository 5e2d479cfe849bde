#include "Migration.h"

namespace mig {

QString Problem::toString() const
{
    QString where = file.isEmpty() ? QStringLiteral("(folder)") : file;
    if (line > 0)
        where += QLatin1Char(':') + QString::number(line);
    const QString kind = severity == Severity::Error ? QStringLiteral("error") : QStringLiteral("warning");
    return where + QStringLiteral(": ") + kind + QStringLiteral(": ") + message;
}

} // namespace mig
