#include "ScriptFile.h"

#include "source/LineReader.h"

#include <QFile>
#include <QFileInfo>

namespace mig::ui {

namespace {

// The first line of `bytes` that is not UTF-8, counted from `firstLine`; 0 when all are.
int firstInvalidLine(const QByteArray &bytes, int firstLine)
{
    int line = firstLine;
    qsizetype start = 0;
    while (start <= bytes.size()) {
        qsizetype end = bytes.indexOf('\n', start);
        if (end < 0)
            end = bytes.size();
        if (!isValidUtf8(QByteArrayView(bytes).sliced(start, end - start)))
            return line;
        start = end + 1;
        ++line;
    }
    return 0;
}

} // namespace

ScriptFile readScriptFile(const ScriptRef &script, qint64 maxBytes)
{
    ScriptFile out;
    if (script.isNull())
        return out;
    out.present = true;
    out.path = script.path;
    const QString name = QFileInfo(script.path).fileName();
    QFile f(script.path);
    if (!f.open(QIODevice::ReadOnly)) {
        out.error = QStringLiteral("%1 cannot be read: %2").arg(name, f.errorString());
        return out;
    }
    qint64 budget = maxBytes;
    for (const ScriptRef::Span &span : script.spans) {
        const qint64 end = span.end < 0 ? f.size() : span.end;
        if (!f.seek(span.begin)) {
            out.error = QStringLiteral("%1 cannot be read: %2").arg(name, f.errorString());
            return out;
        }
        QByteArray bytes = f.read(std::min(end - span.begin, budget));
        if (bytes.size() < end - span.begin) {
            // Cut at a line end, so no character is split and every line shown is whole.
            const qsizetype lastLf = bytes.lastIndexOf('\n');
            bytes.truncate(lastLf < 0 ? 0 : lastLf + 1);
            out.note = QStringLiteral("%1 is %2 MB: only its first %3 MB are shown.")
                           .arg(name).arg(double(f.size()) / (1 << 20), 0, 'f', 1).arg(double(maxBytes) / (1 << 20), 0, 'f', 1);
        }
        budget -= bytes.size();
        if (span.begin == 0 && bytes.startsWith("\xEF\xBB\xBF"))
            bytes.remove(0, 3);
        if (const int bad = firstInvalidLine(bytes, span.firstLine)) {
            out.error = QStringLiteral("%1 is not UTF-8 text (line %2 has bytes that are not UTF-8), so it is not shown. "
                                       "Save it as UTF-8: the engine refuses it as it is.").arg(name).arg(bad);
            out.text.clear();
            out.lineNumbers.clear();
            return out;
        }
        QString text = QString::fromUtf8(bytes);
        text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        if (text.endsWith(u'\n'))
            text.chop(1);
        const int lines = int(text.count(u'\n')) + 1;
        for (int i = 0; i < lines; ++i)
            out.lineNumbers << span.firstLine + i;
        if (!out.text.isEmpty())
            out.text += u'\n';
        out.text += text;
        if (budget <= 0 || !out.note.isEmpty())
            break;
    }
    return out;
}

} // namespace mig::ui
