#include "PostgresSplitter.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

namespace mig {

namespace {

// Lexing costs a fixed overhead per call, so lines are gathered into chunks of this size.
constexpr qsizetype ChunkSize = 64 * 1024;
// A single statement larger than this is almost surely an unterminated quote swallowing the
// rest of the file; refuse it instead of buffering gigabytes.
constexpr qsizetype MaxStatementSize = qsizetype(256) * 1024 * 1024;

// libpg_query reports error positions in characters (1-based); the buffer is UTF-8 bytes.
qsizetype byteOffsetOfChar(QByteArrayView text, int charPos)
{
    qsizetype i = 0;
    for (int c = 1; c < charPos && i < text.size(); ++c) {
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80)
            ++i;
    }
    return i;
}

// How often an error in a buffer makes consume() retry on a shorter prefix.
constexpr int MaxErrorRetreats = 16;

// Whether the text may hold a COPY statement: "copy" in any case.
bool containsCopy(QByteArrayView text)
{
    for (qsizetype i = 1; i + 2 < text.size(); ++i) {
        if ((text[i] | 0x20) == 'o' && (text[i - 1] | 0x20) == 'c' && (text[i + 1] | 0x20) == 'p'
            && (text[i + 2] | 0x20) == 'y')
            return true;
    }
    return false;
}

// libpg_query quotes the rest of the input after "at or near": keep problems to one short line.
QString oneLine(QString message)
{
    message.replace(u'\n', u' ');
    constexpr qsizetype Max = 160;
    if (message.size() > Max)
        message = message.left(Max) + QStringLiteral("…");
    return message;
}

// RAII for the lexer's results.
struct Tokens {
    PgQueryScanResult raw{};
    PgQuery__ScanResult *scan = nullptr;

    explicit Tokens(const char *text)
        : raw(pg_query_scan(text))
    {
        if (!raw.error)
            scan = pg_query__scan_result__unpack(nullptr, raw.pbuf.len,
                                                 reinterpret_cast<const uint8_t *>(raw.pbuf.data));
    }
    ~Tokens()
    {
        if (scan)
            pg_query__scan_result__free_unpacked(scan, nullptr);
        pg_query_free_scan_result(raw);
    }
    Tokens(const Tokens &) = delete;
    Tokens &operator=(const Tokens &) = delete;
};

// Follows one statement's tokens to find where it ends.
class StatementTracker
{
public:
    // Returns true when tok is the ';' that ends the statement.
    bool feed(int tok)
    {
        if (tok == PG_QUERY__TOKEN__SQL_COMMENT || tok == PG_QUERY__TOKEN__C_COMMENT)
            return false;
        const int prev = m_prev;
        m_prev = tok;
        if (m_count++ == 0)
            m_first = tok;
        switch (tok) {
        case PG_QUERY__TOKEN__ASCII_40: ++m_parens; break;
        case PG_QUERY__TOKEN__ASCII_41: if (m_parens > 0) --m_parens; break;
        case PG_QUERY__TOKEN__FUNCTION:
        case PG_QUERY__TOKEN__PROCEDURE:
            // CREATE [OR REPLACE] FUNCTION | PROCEDURE, as psql recognises it.
            if (m_first == PG_QUERY__TOKEN__CREATE && m_count <= 4)
                m_routine = true;
            break;
        case PG_QUERY__TOKEN__ATOMIC:
            // ... BEGIN ATOMIC ... END: the body holds ';'-terminated statements.
            if (prev == PG_QUERY__TOKEN__BEGIN_P && m_routine && m_parens == 0)
                ++m_blocks;
            break;
        case PG_QUERY__TOKEN__CASE: if (m_blocks > 0) ++m_blocks; break;
        case PG_QUERY__TOKEN__END_P: if (m_blocks > 0) --m_blocks; break;
        case PG_QUERY__TOKEN__STDIN:
            if (prev == PG_QUERY__TOKEN__FROM && m_first == PG_QUERY__TOKEN__COPY)
                m_copyFromStdin = true;
            break;
        case PG_QUERY__TOKEN__ASCII_59: return m_parens == 0 && m_blocks == 0;
        default: break;
        }
        return false;
    }
    bool copyFromStdin() const { return m_copyFromStdin; }
    bool insideBody() const { return m_blocks > 0; }

private:
    int m_first = 0, m_prev = 0, m_count = 0, m_parens = 0, m_blocks = 0;
    bool m_routine = false;
    bool m_copyFromStdin = false;
};

} // namespace

PostgresSplitter::PostgresSplitter(Sink sink)
    : StatementSplitter(Dialect::Postgres, std::move(sink))
{
}

bool PostgresSplitter::addLine(QByteArrayView line, int lineNo)
{
    if (stopped())
        return false;
    if (m_inCopy)
        return takeCopyLine(line, lineNo);
    if (m_buf.isEmpty())
        m_bufFirstLine = lineNo;
    m_buf.append(line);
    m_buf.append('\n');
    // No test for ';' on the line: a COPY's data must be recognised as data before it piles up.
    if (m_buf.size() < std::max(m_scanAt, ChunkSize))
        return true;
    return process(false) != Scan::Failed;
}

bool PostgresSplitter::finish()
{
    if (stopped())
        return false;
    if (process(true) == Scan::Failed)
        return false;
    if (m_inCopy)
        return fail(m_copyFirstLine, QStringLiteral("COPY ... FROM STDIN at line %1 has no end-of-data line \"\\.\"")
                                         .arg(m_copyFirstLine));
    return !stopped();
}

bool PostgresSplitter::takeCopyLine(QByteArrayView line, int lineNo)
{
    Q_UNUSED(lineNo);
    if (line == "\\.") {
        m_inCopy = false;
        QByteArray raw = std::exchange(m_copyRaw, {});
        return emitRaw(raw, m_copyFirstLine, std::exchange(m_copyData, {}));
    }
    if (m_copyData.size() + line.size() >= MaxStatementSize)
        return fail(m_copyFirstLine, QStringLiteral("the data of COPY ... FROM STDIN at line %1 exceeds %2 MB; is its "
                                                    "end-of-data line \"\\.\" missing?")
                                         .arg(m_copyFirstLine)
                                         .arg(MaxStatementSize / (1024 * 1024)));
    m_copyData.append(line);
    m_copyData.append('\n');
    return true;
}

// Lexes the buffer and emits every complete statement in it, until it needs more input.
PostgresSplitter::Scan PostgresSplitter::process(bool atEnd)
{
    for (;;) {
        if (stopped())
            return Scan::Failed;
        if (m_inCopy) { // the buffer after a COPY ... FROM STDIN is its data, up to "\."
            const QByteArray rest = std::exchange(m_buf, {});
            int lineNo = m_bufFirstLine;
            qsizetype pos = 0;
            while (pos < rest.size() && m_inCopy) {
                const qsizetype nl = rest.indexOf('\n', pos);
                if (!takeCopyLine(QByteArrayView(rest).sliced(pos, nl - pos), lineNo++))
                    return Scan::Failed;
                pos = nl + 1;
            }
            if (m_inCopy)
                return Scan::NeedMore; // finish() reports a missing "\."
            m_buf = rest.sliced(pos); // SQL again
            m_bufFirstLine = lineNo;
            continue;
        }
        if (leadingTriviaLength(m_buf) == m_buf.size()) {
            if (atEnd)
                m_buf.clear();
            return Scan::NeedMore;
        }
        bool consumedAny = false;
        const Scan s = consume(m_buf.size(), atEnd, consumedAny);
        if (s == Scan::Failed)
            return s;
        if (consumedAny) {
            m_scanAt = 0;
            continue;
        }
        if (atEnd)
            return s;
        if (m_buf.size() > MaxStatementSize) {
            const int line = lineAt(leadingTriviaLength(m_buf));
            fail(line, QStringLiteral("statement starting at line %1 is longer than %2 MB; an unterminated "
                                      "quote or dollar-quoted body probably runs to the end of the file")
                           .arg(line)
                           .arg(MaxStatementSize / (1024 * 1024)));
            return Scan::Failed;
        }
        // Nothing complete yet: lex again when the buffer has doubled, so a long body is lexed
        // O(log n) times rather than once per line.
        m_scanAt = m_buf.size() * 2;
        return Scan::NeedMore;
    }
}

// Lexes the first prefixLength bytes of the buffer, emits the complete statements found and
// removes them from the buffer.
PostgresSplitter::Scan PostgresSplitter::consume(qsizetype prefixLength, bool atEnd, bool &consumedAny, int depth)
{
    char *data = m_buf.data();
    const char saved = data[prefixLength];
    data[prefixLength] = '\0';
    Tokens tokens(data);
    data[prefixLength] = saved;

    if (tokens.raw.error) {
        const QByteArrayView text(m_buf.constData(), prefixLength);
        const qsizetype errAt = byteOffsetOfChar(text, tokens.raw.error->cursorpos);
        const QString message = oneLine(QString::fromUtf8(tokens.raw.error->message));
        // The error may lie in the data of a COPY ... FROM STDIN that is not known as such yet:
        // then lex what comes before the line it is on, to find the COPY. At the end of the
        // input the same emits the statements before a real error, as the other splitters do.
        // Only a bounded number of times, so an error costs at most a few lexes.
        if (depth < MaxErrorRetreats && (atEnd || containsCopy(text))) {
            const qsizetype lineStart = text.first(errAt).lastIndexOf('\n') + 1;
            if (lineStart > 0) {
                const Scan s = consume(lineStart, false, consumedAny, depth + 1);
                if (s == Scan::Failed || consumedAny)
                    return s;
            }
        }
        if (!atEnd && message.startsWith(u"unterminated"))
            return Scan::NeedMore;
        const int line = lineAt(errAt);
        fail(line, QStringLiteral("line %1: %2").arg(line).arg(message));
        return Scan::Failed;
    }

    // Offsets below are into the buffer as it was lexed; it is cut once, at the end.
    qsizetype counted = 0;
    int countedLine = m_bufFirstLine;
    auto lineOf = [&](qsizetype offset) {
        countedLine += int(QByteArrayView(m_buf.constData() + counted, offset - counted).count('\n'));
        counted = offset;
        return countedLine;
    };
    auto cut = [&](qsizetype length) {
        m_bufFirstLine = lineOf(length);
        m_buf.remove(0, length);
    };

    StatementTracker tracker;
    qsizetype stmtStart = 0;
    for (size_t i = 0; i < tokens.scan->n_tokens; ++i) {
        const PgQuery__ScanToken *tok = tokens.scan->tokens[i];
        if (!tracker.feed(tok->token))
            continue;
        const qsizetype semicolon = tok->start;
        const QByteArrayView raw(m_buf.constData() + stmtStart, semicolon - stmtStart);
        const int firstLine = lineOf(stmtStart);
        consumedAny = true;
        if (tracker.copyFromStdin()) {
            // As in psql, the data starts on the line after the COPY command.
            const qsizetype nl = m_buf.indexOf('\n', semicolon);
            const QByteArrayView tail(m_buf.constData() + semicolon + 1, nl - semicolon - 1);
            if (leadingTriviaLength(tail) != tail.size()) { // a comment may follow the semicolon
                const int line = lineOf(semicolon);
                fail(line, QStringLiteral("line %1: text after \"COPY ... FROM STDIN;\" on the same line; "
                                          "the data must start on the next line")
                               .arg(line));
                return Scan::Failed;
            }
            m_copyRaw = raw.toByteArray();
            m_copyFirstLine = firstLine;
            m_inCopy = true;
            cut(nl + 1);
            return Scan::Progress;
        }
        if (!emitStatement(raw, firstLine))
            return Scan::Failed;
        stmtStart = semicolon + 1;
        tracker = StatementTracker();
    }
    cut(stmtStart);
    if (!atEnd || prefixLength != m_buf.size() + stmtStart)
        return Scan::NeedMore;
    // End of input: the last statement may omit its ';', but not an END.
    if (tracker.insideBody()) {
        const int line = lineAt(leadingTriviaLength(m_buf));
        fail(line, QStringLiteral("line %1: BEGIN ATOMIC body is not closed by END").arg(line));
        return Scan::Failed;
    }
    consumedAny = true;
    const QByteArray rest = std::exchange(m_buf, {});
    return emitStatement(rest, m_bufFirstLine) ? Scan::Progress : Scan::Failed;
}

// psql scripts mix SQL with backslash commands (\connect, \set, ...); the server would only
// answer with a syntax error, so name the command instead.
bool PostgresSplitter::emitStatement(QByteArrayView raw, int firstLine)
{
    const qsizetype lead = leadingTriviaLength(raw);
    if (lead < raw.size() && raw[lead] == '\\') {
        const QByteArrayView rest = raw.sliced(lead);
        const qsizetype eol = rest.indexOf('\n');
        const int line = firstLine + int(raw.first(lead).count('\n'));
        return fail(line, QStringLiteral("line %1: psql meta-command \"%2\" is not SQL; migctl runs SQL only")
                              .arg(line)
                              .arg(QString::fromUtf8(eol < 0 ? rest : rest.first(eol))));
    }
    return emitRaw(raw, firstLine);
}

int PostgresSplitter::lineAt(qsizetype offset) const
{
    // The buffer ends with a '\n': a position at its very end still belongs to its last line.
    const qsizetype inside = std::min(offset, m_buf.size() - 1);
    return m_bufFirstLine + int(QByteArrayView(m_buf.constData(), std::max<qsizetype>(inside, 0)).count('\n'));
}

} // namespace mig
