#include "ReportText.h"
#include "ReportModel.h"

#include <QDateTime>
#include <QLocale>

namespace mig::report {

QString notMeasured()
{
    return QStringLiteral("not measured");
}

QString countText(qint64 n)
{
    if (n == -2)
        return QStringLiteral("n/a");
    if (n == Absent)
        return QStringLiteral("absent");
    if (n < 0)
        return notMeasured();
    static const QLocale english(QLocale::English, QLocale::UnitedStates); // 1,234 in every locale
    return english.toString(n);
}

QString bytesText(qint64 n)
{
    if (n == -2)
        return QStringLiteral("n/a");
    if (n < 0)
        return notMeasured();
    if (n < 1024)
        return QStringLiteral("%1 B").arg(n);
    static const char *units[] = {"KiB", "MiB", "GiB", "TiB"};
    double v = n / 1024.0;
    int u = 0;
    while (v >= 1024.0 && u < 3) {
        v /= 1024.0;
        ++u;
    }
    return QStringLiteral("%1 %2").arg(v, 0, 'f', 1).arg(QLatin1String(units[u]));
}

QString durationText(qint64 ms)
{
    if (ms < 0)
        return notMeasured();
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 60'000)
        return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 1);
    const qint64 s = ms / 1000;
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

QString timeText(const QString &iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!t.isValid())
        return iso.isEmpty() ? QStringLiteral("not recorded") : iso;
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

QString changeText(qint64 before, qint64 after)
{
    const qint64 b = before == Absent ? 0 : before, a = after == Absent ? 0 : after;
    if (b < 0 || a < 0)
        return {};
    const qint64 d = a - b;
    return d > 0 ? QStringLiteral("+%1").arg(d) : QString::number(d);
}

QString statusText(const QString &status)
{
    if (status.isEmpty())
        return QStringLiteral("NOT RUN");
    return QString(status).replace(u'_', u' ').toUpper();
}

QString orNot(const QString &value, const QString &absent)
{
    return value.trimmed().isEmpty() ? absent : value;
}

} // namespace mig::report
