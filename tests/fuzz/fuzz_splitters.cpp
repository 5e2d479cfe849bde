// libFuzzer target for the three statement splitters. The first byte picks the dialect; the
// rest is fed line by line, as a file would be. Beyond "no crash, no hang, no sanitizer report",
// it checks what every caller relies on: statements come in source order with sane lines.
#include "source/LineReader.h"
#include "sql/StatementSplitter.h"

#include <QByteArray>
#include <QList>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const mig::Dialect dialect = data[0] % 3 == 0 ? mig::Dialect::Sqlite
                               : data[0] % 3 == 1 ? mig::Dialect::Postgres
                                                  : mig::Dialect::Mysql;
    const QByteArray text(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    // What LineReader guarantees to every splitter: UTF-8 text, no NUL bytes, no lone CRs.
    if (!mig::isValidUtf8(text) || text.contains('\0'))
        return 0;
    const QList<QByteArray> lines = text.split('\n');

    int previousFirst = 0;
    auto splitter = mig::StatementSplitter::create(dialect, [&](mig::Statement &&s) {
        if (s.firstLine < 1 || s.lastLine < s.firstLine || s.lastLine > lines.size() || s.firstLine < previousFirst
            || s.sql.isEmpty())
            std::abort();
        previousFirst = s.firstLine;
        return true;
    });
    int lineNo = 0;
    bool ok = true;
    for (QByteArray line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.contains('\r'))
            return 0;
        if (!(ok = splitter->addLine(line, ++lineNo)))
            break;
    }
    if (ok)
        splitter->finish();
    if (const auto &e = splitter->error(); e && (e->line < 1 || e->line > lines.size() || e->message.isEmpty())) {
        fprintf(stderr, "bad error: line %d of %lld: %s\n", e->line, static_cast<long long>(lines.size()), qPrintable(e->message));
        std::abort();
    }
    return 0;
}
