#include "SqliteSplitter.h"

#include <sqlite3.h>

namespace mig {

SqliteSplitter::SqliteSplitter(Sink sink)
    : StatementSplitter(Dialect::Sqlite, std::move(sink))
{
}

bool SqliteSplitter::addLine(QByteArrayView line, int lineNo)
{
    if (stopped())
        return false;
    // sqlite3 shell scripts mix SQL with dot-commands (.mode, .import); those are not SQL.
    if (line.trimmed().startsWith('.') && leadingTriviaLength(m_buf) == m_buf.size())
        return fail(lineNo, QStringLiteral("line %1: sqlite3 shell command \"%2\" is not SQL; migctl runs SQL only")
                                .arg(lineNo)
                                .arg(QString::fromUtf8(line.trimmed())));
    if (m_buf.isEmpty())
        m_bufFirstLine = lineNo;
    m_buf.append(line);
    m_buf.append('\n');
    // A statement can only end on a line that holds a ';'.
    return line.contains(';') ? emitCompleteStatements() : true;
}

bool SqliteSplitter::emitCompleteStatements()
{
    // Whether a prefix is complete does not depend on what follows it, so each ';' is tested
    // once: sqlite3_complete() on the text up to and including it. The byte after the ';' is
    // swapped for a NUL while testing instead of copying the prefix, and consumed statements
    // are cut off once at the end, so a long line of many statements stays linear. Each test
    // reads the statement from its start, so a ';' inside a quote or a comment, which cannot
    // end it, is not tested: a data load with ';' in its strings made splitting quadratic (a
    // 200 MB script took three minutes, tests/bench/RESULTS.md). Only a trigger body's own ';'
    // are still each tested from the statement's start.
    qsizetype start = 0;
    bool ok = true;
    for (qsizetype p = m_buf.indexOf(';', m_checkedUpTo); p >= 0; p = m_buf.indexOf(';', m_checkedUpTo)) {
        m_checkedUpTo = p + 1;
        lexUpTo(p);
        const bool outside = m_lex == Lex::Code;
        lexUpTo(p + 1);
        if (!outside)
            continue;
        char *data = m_buf.data();
        const char saved = data[p + 1];
        data[p + 1] = '\0';
        const bool complete = sqlite3_complete(data + start) != 0;
        data[p + 1] = saved;
        if (!complete)
            continue;
        const QByteArrayView raw(data + start, p - start);
        const int firstLine = m_bufFirstLine;
        m_bufFirstLine += int(raw.count('\n'));
        start = p + 1;
        if (!emitRaw(raw, firstLine)) {
            ok = false;
            break;
        }
    }
    m_buf.remove(0, start);
    m_checkedUpTo -= start;
    m_lexPos -= start; // a statement ends outside quotes and comments: the state carries over
    return ok;
}

// Quotes and comments as sqlite3_complete() (complete.c) tells them: '...', "...", `...` and
// [...] run to the next closing character (a doubled quote reads as two quotes in a row, which
// leaves the same state), -- to the end of the line, /* to */.
void SqliteSplitter::lexUpTo(qsizetype end)
{
    const char *d = m_buf.constData();
    const qsizetype size = m_buf.size();
    qsizetype i = m_lexPos;
    for (; i < end; ++i) {
        const char c = d[i];
        switch (m_lex) {
        case Lex::Code:
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                m_lex = Lex::Quoted;
                m_closer = c == '[' ? ']' : c;
            } else if (c == '-' && i + 1 < size && d[i + 1] == '-') {
                m_lex = Lex::LineComment;
                ++i;
            } else if (c == '/' && i + 1 < size && d[i + 1] == '*') {
                m_lex = Lex::BlockComment;
                ++i;
            }
            break;
        case Lex::Quoted:
            if (c == m_closer)
                m_lex = Lex::Code;
            break;
        case Lex::LineComment:
            if (c == '\n')
                m_lex = Lex::Code;
            break;
        case Lex::BlockComment:
            if (c == '*' && i + 1 < size && d[i + 1] == '/') {
                m_lex = Lex::Code;
                ++i;
            }
            break;
        }
    }
    m_lexPos = qMax(m_lexPos, i);
}

bool SqliteSplitter::finish()
{
    if (stopped())
        return false;
    if (leadingTriviaLength(m_buf) == m_buf.size())
        return true;
    QByteArray closed = m_buf + ';';
    if (sqlite3_complete(closed.constData()))
        return emitRaw(m_buf, m_bufFirstLine); // the last statement may omit its ';'
    const int line = m_bufFirstLine + int(m_buf.first(leadingTriviaLength(m_buf)).count('\n'));
    return fail(line, QStringLiteral("unterminated statement starting at line %1: %2")
                          .arg(line)
                          .arg(describeUnterminated()));
}

// Names what is left open by trying the closers one at a time.
QString SqliteSplitter::describeUnterminated() const
{
    struct Closer {
        const char *text;
        const char *what;
    };
    static const Closer closers[] = {
        {"';", "a string literal ('...') is not closed"},
        {"\";", "a quoted identifier (\"...\") is not closed"},
        {"`;", "a quoted identifier (`...`) is not closed"},
        {"];", "a bracketed identifier ([...]) is not closed"},
        {"*/;", "a /* comment is not closed"},
        {";END;", "a trigger body (BEGIN ... END) is not closed"},
    };
    for (const Closer &c : closers) {
        const QByteArray attempt = m_buf + c.text;
        if (sqlite3_complete(attempt.constData()))
            return QString::fromLatin1(c.what);
    }
    return QStringLiteral("the statement is not complete");
}

} // namespace mig
