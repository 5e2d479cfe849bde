// The go/no-go policy file (migctl-policy.json), read strictly: either an error naming the file
// (and a line inside it), or a policy whose every value is in its documented range, whose run
// windows answer for any moment.
#include "FuzzTargets.h"

#include "policy/Policy.h"

#include <QDateTime>

namespace migfuzz {

Finding policy(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString source = QStringLiteral("fuzz.json");
    const mig::PolicyLoad load = mig::parsePolicy(json, source);
    if (!load.error.isEmpty()) {
        if (!load.error.startsWith(source + u':'))
            return finding("error does not name the file: %s", qPrintable(load.error));
        // "fuzz.json:LINE: ..." when it names a line: one of the file's.
        const QString rest = load.error.sliced(source.size() + 1);
        bool isLine = false;
        const int line = rest.section(u':', 0, 0).toInt(&isLine);
        if (isLine && (line < 1 || line > json.count('\n') + 1))
            return finding("error names line %d of %lld: %s", line, static_cast<long long>(json.count('\n') + 1), qPrintable(load.error));
        return {};
    }
    const mig::Policy &p = load.policy;
    if (p.largeTableRows < 0 || p.largeTableBytes < 0 || p.backupMaxAgeHours < 1 || p.longTransactionSeconds < 1
        || p.maxReplicationLagSeconds < 0 || p.maxActiveSessions < -1)
        return finding("a value out of range was accepted");
    for (const QString &role : p.requiredRoles)
        if (role.trimmed().isEmpty())
            return finding("an empty sign-off role was accepted");
    for (const mig::RunWindow &w : p.windows)
        if (!w.from.isValid() || !w.to.isValid() || !w.zone.isValid() || w.text.isEmpty())
            return finding("an invalid window was accepted: %s", qPrintable(w.text));
    // Every window answers for a few moments, across a day and a daylight-saving change.
    for (const qint64 secs : {qint64(0), qint64(1711846800), qint64(1729990800), qint64(253402300799)}) {
        QString why;
        const bool allowed = p.allowsNow(QDateTime::fromSecsSinceEpoch(secs, QTimeZone::utc()), &why);
        if (why.isEmpty() || (allowed && !p.windows.isEmpty() && !why.startsWith(u"inside")))
            return finding("run window answer without a reason: %s", qPrintable(why));
    }
    return {};
}

} // namespace migfuzz
