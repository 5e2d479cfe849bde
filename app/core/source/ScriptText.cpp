#include "ScriptText.h"

#include <QFile>

namespace mig {

std::optional<QString> readScriptText(const ScriptRef &script, qint64 maxBytes)
{
    if (script.isNull())
        return std::nullopt;
    QFile f(script.path);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    QByteArray bytes;
    for (const ScriptRef::Span &span : script.spans) {
        const qint64 end = span.end < 0 ? f.size() : span.end;
        if (bytes.size() + (end - span.begin) > maxBytes || !f.seek(span.begin))
            return std::nullopt;
        bytes += f.read(end - span.begin);
    }
    return QString::fromUtf8(bytes);
}

QString normalizedScriptText(const QString &text)
{
    QString s = text;
    if (s.startsWith(QChar(0xfeff)))
        s.remove(0, 1);
    s.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    return s;
}

} // namespace mig
