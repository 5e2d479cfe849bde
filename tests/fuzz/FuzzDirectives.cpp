// One migration file read as the folder loader reads it: FileScan finds the dbmate / goose /
// sql-migrate sections and StatementBegin/End blocks; each section is then read back through
// its byte span (LineReader) and split (ScriptSplitter), as planning and running do.
#include "FuzzTargets.h"

#include "source/FileScan.h"
#include "sql/ScriptSplitter.h"

#include <QFile>

#include <algorithm>

namespace migfuzz {

namespace {

// Each section's lines, as the scan saw them: [firstLine, lastLine].
Finding checkSections(const mig::FileScan &scan, int lineCount)
{
    if (scan.sections.isEmpty())
        return finding("no section");
    for (qsizetype i = 0; i < scan.sections.size(); ++i) {
        const mig::FileScan::Section &s = scan.sections[i];
        const bool last = i + 1 == scan.sections.size();
        if (last != (s.end < 0) || (!last && (s.end < s.begin || s.end > scan.sections[i + 1].begin)))
            return finding("section %lld spans bytes %lld-%lld", static_cast<long long>(i), s.begin, s.end);
        if (s.firstLine < 1 || (s.directiveLine && s.directiveLine != s.firstLine - 1))
            return finding("section %lld starts at line %d after a directive at line %d", static_cast<long long>(i), s.firstLine, s.directiveLine);
        if (s.firstSqlLine && (s.firstSqlLine < s.firstLine || s.firstSqlLine > lineCount))
            return finding("section %lld starting at line %d has SQL at line %d", static_cast<long long>(i), s.firstLine, s.firstSqlLine);
        if (!isSha256Hex(s.checksum))
            return finding("section %lld has checksum \"%s\"", static_cast<long long>(i), s.checksum.constData());
    }
    for (const mig::FileScan::Block &b : scan.blocks)
        if (b.beginLine < 1 || b.beginLine > lineCount || (b.endLine && (b.endLine <= b.beginLine || b.endLine > lineCount)))
            return finding("block at lines %d-%d of %d", b.beginLine, b.endLine, lineCount);
    for (const auto &[line, message] : scan.directiveErrors)
        if (line < 1 || line > lineCount || message.isEmpty())
            return finding("directive error at line %d of %d: %s", line, lineCount, qPrintable(message));
    return {};
}

} // namespace

Finding directives(const uint8_t *data, size_t size)
{
    if (size < 1)
        return {};
    // A numbered name may be native, dbmate or goose; any other name is sql-migrate or nothing.
    const QString path = scratchDir() + (data[0] % 2 ? QStringLiteral("/20240101120000_fuzz.sql") : QStringLiteral("/fuzz.sql"));
    const mig::Dialect dialect = mig::Dialect((data[0] / 2) % 3);
    const QByteArray content(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return finding("cannot write %s", qPrintable(path));
    file.close();
    const int lineCount = int(content.count('\n')) + (content.isEmpty() || content.endsWith('\n') ? 0 : 1);

    const mig::FileScan scan = mig::scanFile(path);
    if (!scan.error.isEmpty()) {
        if (scan.errorLine < 0 || scan.errorLine > lineCount)
            return finding("error at line %d of %d: %s", scan.errorLine, lineCount, qPrintable(scan.error));
        return {};
    }
    if (Finding f = checkSections(scan, lineCount))
        return f;

    const QByteArray tag = scan.directiveFormat == mig::Format::Goose ? QByteArrayLiteral("goose")
                         : scan.directiveFormat == mig::Format::SqlMigrate ? QByteArrayLiteral("migrate") : QByteArray();
    for (qsizetype i = 0; i < scan.sections.size(); ++i) {
        const mig::FileScan::Section &s = scan.sections[i];
        const int lastLine = i + 1 < scan.sections.size() ? scan.sections[i + 1].directiveLine - 1 : lineCount;
        mig::ScriptRef ref;
        ref.path = path;
        ref.spans = {mig::ScriptRef::Span{s.begin, s.end, s.firstLine}};
        ref.blockTag = tag;
        // The checksum the scan took while reading must be the one of the span read back.
        if (const QByteArray again = mig::scriptChecksum(ref); again != s.checksum)
            return finding("section %lld: checksum %s when scanned, %s when read back", static_cast<long long>(i),
                           s.checksum.constData(), again.constData());
        Finding bad;
        const mig::ScriptSplitResult split = mig::splitScript(ref, dialect, [&](mig::Statement &&st) {
            if (!bad && (st.firstLine < s.firstLine || st.lastLine < st.firstLine || st.lastLine > lastLine))
                bad = finding("section %lld (lines %d-%d): statement at lines %d-%d", static_cast<long long>(i), s.firstLine,
                              lastLine, st.firstLine, st.lastLine);
            if (!bad && st.sql.trimmed().isEmpty())
                bad = finding("section %lld: empty statement at line %d", static_cast<long long>(i), st.firstLine);
            return true;
        });
        if (bad)
            return bad;
        if (split.error && (split.error->line < s.firstLine || split.error->line > std::max(lastLine, s.firstLine)
                            || split.error->message.isEmpty()))
            return finding("section %lld (lines %d-%d): error at line %d: %s", static_cast<long long>(i), s.firstLine,
                           lastLine, split.error->line, qPrintable(split.error->message));
    }
    return {};
}

} // namespace migfuzz
