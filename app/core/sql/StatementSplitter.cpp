#include "StatementSplitter.h"

namespace mig {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// MySQL only treats "--" as a comment when a space or control character follows it.
bool isMysqlDashComment(QByteArrayView t, qsizetype i)
{
    return i + 2 >= t.size() || static_cast<unsigned char>(t[i + 2]) <= ' ';
}

} // namespace

StatementSplitter::StatementSplitter(Dialect dialect, Sink sink)
    : m_dialect(dialect)
    , m_sink(std::move(sink))
{
}

qsizetype StatementSplitter::leadingTriviaLength(QByteArrayView t) const
{
    qsizetype i = 0;
    const qsizetype n = t.size();
    while (i < n) {
        const char c = t[i];
        if (isSpace(c)) {
            ++i;
        } else if (c == '-' && i + 1 < n && t[i + 1] == '-'
                   && (m_dialect != Dialect::Mysql || isMysqlDashComment(t, i))) {
            while (i < n && t[i] != '\n')
                ++i;
        } else if (c == '#' && m_dialect == Dialect::Mysql) {
            while (i < n && t[i] != '\n')
                ++i;
        } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
            // MySQL's /*! ... */ and MariaDB's /*M! ... */ are executable code, not comments.
            if (m_dialect == Dialect::Mysql && i + 2 < n
                && (t[i + 2] == '!' || (t[i + 2] == 'M' && i + 3 < n && t[i + 3] == '!')))
                return i;
            // PostgreSQL block comments nest; SQLite's and MySQL's do not.
            const bool nests = m_dialect == Dialect::Postgres;
            int depth = 1;
            qsizetype j = i + 2;
            while (j < n && depth > 0) {
                if (t[j] == '*' && j + 1 < n && t[j + 1] == '/') {
                    --depth;
                    j += 2;
                } else if (nests && t[j] == '/' && j + 1 < n && t[j + 1] == '*') {
                    ++depth;
                    j += 2;
                } else {
                    ++j;
                }
            }
            if (depth > 0)
                return i; // unterminated: leave it to the statement so the engine reports it
            i = j;
        } else {
            return i;
        }
    }
    return i;
}

bool StatementSplitter::emitRaw(QByteArrayView raw, int firstLine, QByteArray copyData)
{
    if (stopped())
        return false;
    const qsizetype start = leadingTriviaLength(raw);
    qsizetype end = raw.size();
    while (end > start && isSpace(raw[end - 1]))
        --end;
    if (start >= end)
        return true; // only comments and whitespace: nothing to run

    // DELIMITER is a command of the mysql client, not SQL of any server: a script that uses it
    // is a MySQL script being split in another dialect.
    if (m_dialect != Dialect::Mysql && raw.sliced(start).first(std::min<qsizetype>(10, end - start)).toByteArray().toUpper() == "DELIMITER ") {
        const int line = firstLine + int(raw.first(start).count('\n'));
        return fail(line, QStringLiteral("line %1: DELIMITER is a mysql client command; is this a MySQL script "
                                         "(--dialect mysql)?").arg(line));
    }

    Statement s;
    const QByteArrayView preamble = raw.first(start);
    s.preamble = QString::fromUtf8(preamble).trimmed();
    const QByteArrayView body = raw.sliced(start, end - start);
    s.sql = QString::fromUtf8(body);
    // fromUtf8 drops a leading byte order mark: a stray BOM (two files pasted together, found by
    // fuzzing) would otherwise come out as an empty statement. Alone it is no statement, like ';'.
    if (s.sql.trimmed().isEmpty())
        return true;
    s.firstLine = firstLine + int(preamble.count('\n'));
    s.lastLine = s.firstLine + int(body.count('\n'));
    s.copyData = std::move(copyData);
    if (!m_sink(std::move(s)))
        m_stopped = true;
    return !m_stopped;
}

bool StatementSplitter::fail(int line, const QString &message)
{
    if (!m_error)
        m_error = SplitError{line, message};
    return false;
}

} // namespace mig
