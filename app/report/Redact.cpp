#include "Redact.h"

#include "target/ConnectionProfile.h"

#include <QRegularExpression>

namespace mig::report {

QString redact(const QString &text)
{
    if (text.isEmpty())
        return text;
    QString out = text;
    // scheme://user:password@host -> scheme://user@host
    static const QRegularExpression userInfo(QStringLiteral(R"re(([A-Za-z][A-Za-z0-9+.-]*://[^\s/:@?#]*):[^\s@/?#]*@)re"));
    out.replace(userInfo, QStringLiteral("\\1@"));
    // name=value pairs whose name says secret, in URLs (?a=b&c=d), conninfo (a=b c=d) and
    // option lists (a=b;c=d); quoted values whole.
    static const QRegularExpression pair(QStringLiteral(R"re(([A-Za-z0-9_.-]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s&;,)"']+))re"));
    QString result;
    qsizetype last = 0;
    for (auto it = pair.globalMatch(out); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (!isSecretOptionName(m.captured(1)) || m.captured(3) == u"***")
            continue;
        result += QStringView(out).mid(last, m.capturedStart(3) - last);
        result += QStringLiteral("***");
        last = m.capturedEnd(3);
    }
    if (last > 0) {
        result += QStringView(out).mid(last);
        out = result;
    }
    // The password migctl was given through the environment: too short a value would blank out
    // ordinary words, and such a password is weak anyway.
    const QString env = qEnvironmentVariable("MIGCTL_PASSWORD");
    if (env.size() >= 4)
        out.replace(env, QStringLiteral("***"));
    return out;
}

} // namespace mig::report
