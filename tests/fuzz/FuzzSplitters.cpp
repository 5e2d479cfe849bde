// The three statement splitters (SQLite: sqlite3_complete; PostgreSQL: libpg_query's lexer;
// MySQL: the DELIMITER-aware scanner), fed line by line as LineReader feeds them from a file.
// Beyond "no crash, no hang, no sanitizer report", checks what every caller relies on:
// statements in source order with lines inside the input, errors with a line and a message.
#include "FuzzTargets.h"

#include "source/LineReader.h"
#include "sql/PostgresParseTree.h"
#include "sql/StatementSplitter.h"
#include "sql/StatementTraits.h"

#include <QByteArray>
#include <QList>

namespace migfuzz {

Finding splitters(const uint8_t *data, size_t size)
{
    if (size < 1)
        return {};
    const mig::Dialect dialect = data[0] % 3 == 0 ? mig::Dialect::Sqlite
                               : data[0] % 3 == 1 ? mig::Dialect::Postgres
                                                  : mig::Dialect::Mysql;
    // The lint and declared-object checks read PostgreSQL statements' parse trees.
    const bool parseTree = dialect == mig::Dialect::Postgres && (data[0] / 3) % 2 == 1;
    const QByteArray text(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    // What LineReader guarantees to every splitter: UTF-8 text, no NUL bytes, no lone CRs.
    if (!mig::isValidUtf8(text) || text.contains('\0'))
        return {};
    const QList<QByteArray> lines = text.split('\n');

    Finding bad;
    int previousLast = 0;
    auto splitter = mig::StatementSplitter::create(dialect, [&](mig::Statement &&s) {
        // A statement starts after the previous one ends (one line may hold several).
        if (!bad && (s.firstLine < 1 || s.lastLine < s.firstLine || s.lastLine > lines.size() || s.firstLine < previousLast))
            bad = finding("statement at lines %d-%d after one ending at line %d, in %lld lines: %s", s.firstLine,
                          s.lastLine, previousLast, static_cast<long long>(lines.size()), qPrintable(s.sql.left(80)));
        if (!bad && s.sql.trimmed().isEmpty())
            bad = finding("empty statement at line %d: \"%s\" (UTF-16: %s)", s.firstLine, qPrintable(s.sql),
                          QByteArray(reinterpret_cast<const char *>(s.sql.utf16()), s.sql.size() * 2).toHex(' ').constData());
        previousLast = s.lastLine;
        // What the runner asks of every statement before running it.
        const mig::StatementTraits traits = mig::statementTraits(s.sql, dialect, 110000);
        if (!bad && traits.outsideTransaction && traits.reason.isEmpty())
            bad = finding("statement at line %d must run outside a transaction, with no reason given", s.firstLine);
        if (parseTree)
            mig::postgresParseTree(s.sql.toUtf8());
        return true;
    });
    int lineNo = 0;
    bool ok = true;
    for (QByteArray line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.contains('\r'))
            return bad;
        if (!(ok = splitter->addLine(line, ++lineNo)))
            break;
    }
    if (ok)
        splitter->finish();
    if (bad)
        return bad;
    if (const auto &e = splitter->error(); e && (e->line < 1 || e->line > lines.size() || e->message.isEmpty()))
        return finding("bad error: line %d of %lld: %s", e->line, static_cast<long long>(lines.size()), qPrintable(e->message));
    return {};
}

} // namespace migfuzz
