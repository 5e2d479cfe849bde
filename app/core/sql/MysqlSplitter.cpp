#include "MysqlSplitter.h"

#include <utility>

namespace mig {

namespace {

// A statement larger than this is almost surely an unterminated quote or comment swallowing the
// rest of the file; refuse it instead of buffering gigabytes.
constexpr qsizetype MaxStatementSize = qsizetype(256) * 1024 * 1024;
// A run of comments longer than this (a commented-out dump, say) is not kept whole as the next
// statement's preamble: only the comments from the line that crossed the limit on are.
constexpr qsizetype MaxPreambleSize = 1024 * 1024;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Identifier characters; bytes of multi-byte UTF-8 characters count too, so that a keyword
// glued to a non-ASCII letter is not taken for a keyword.
bool isIdent(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_'
        || u == '$' || u >= 0x80;
}

} // namespace

MysqlSplitter::MysqlSplitter(Sink sink)
    : StatementSplitter(Dialect::Mysql, std::move(sink))
{
}

MysqlSplitter::Kw MysqlSplitter::keyword(QByteArrayView word)
{
    static constexpr std::pair<const char *, Kw> table[] = {
        {"BEGIN", Kw::Begin}, {"END", Kw::End}, {"IF", Kw::If}, {"LOOP", Kw::Loop},
        {"WHILE", Kw::While}, {"REPEAT", Kw::Repeat}, {"CASE", Kw::Case}, {"FOR", Kw::For},
        {"THEN", Kw::Then}, {"ELSE", Kw::Else}, {"DO", Kw::Do}, {"ATOMIC", Kw::Atomic},
        {"NOT", Kw::Not}, {"EXISTS", Kw::Exists}, {"CREATE", Kw::Create}, {"OR", Kw::Or},
        {"REPLACE", Kw::Replace}, {"DEFINER", Kw::Definer}, {"SQL", Kw::Sql},
        {"SECURITY", Kw::Security}, {"INVOKER", Kw::Invoker}, {"AGGREGATE", Kw::Aggregate},
        {"PROCEDURE", Kw::Procedure}, {"FUNCTION", Kw::Function}, {"TRIGGER", Kw::Trigger},
        {"EVENT", Kw::Event},
    };
    if (word.size() > 9)
        return Kw::Word;
    for (const auto &[text, kw] : table) {
        if (word.compare(QByteArrayView(text), Qt::CaseInsensitive) == 0)
            return kw;
    }
    return Kw::Word;
}

bool MysqlSplitter::addLine(QByteArrayView line, int lineNo)
{
    if (stopped())
        return false;
    if (m_buf.isEmpty())
        m_startLine = lineNo;
    const qsizetype lineStart = m_buf.size();
    m_buf.append(line);
    m_buf.append('\n'); // every line ends in '\n', so look-ahead within a line needs no bounds checks
    bool ok = scanLine(lineStart, lineNo);

    const qsizetype pending = m_buf.size() - m_start;
    if (ok && pending > MaxStatementSize) {
        const QString open = describeOpen();
        const int where = m_hasText ? m_textLine : m_openLine;
        ok = fail(where, QStringLiteral("statement starting at line %1 is longer than %2 MB; %3")
                             .arg(where)
                             .arg(MaxStatementSize / (1024 * 1024))
                             .arg(open.isEmpty() ? QStringLiteral("is a delimiter missing?") : open));
    } else if (!m_hasText && m_lex == Lex::Code && !m_inExecComment && lineStart > m_start
               && pending > MaxPreambleSize) {
        m_start = lineStart;
        m_startLine = lineNo;
    }
    // Drop what has been emitted, once per line: many statements on one line stay linear.
    m_buf.remove(0, m_start);
    m_start = 0;
    return ok;
}

bool MysqlSplitter::finish()
{
    if (stopped())
        return false;
    const QString open = describeOpen();
    if (!open.isEmpty())
        return fail(m_lex == Lex::Code ? m_execLine : m_openLine, open);
    if (!m_blocks.empty()) {
        static const char *const names[] = {"", "BEGIN ... END", "IF ... END IF", "LOOP ... END LOOP",
                                            "WHILE ... END WHILE", "REPEAT ... END REPEAT",
                                            "CASE ... END CASE", "CASE ... END", "FOR ... END FOR"};
        return fail(m_textLine, QStringLiteral("unterminated %1 block of %2 starting at line %3")
                                    .arg(QLatin1StringView(names[int(m_blocks.front())]),
                                         QLatin1StringView(m_what))
                                    .arg(m_textLine));
    }
    // The last statement may omit its delimiter.
    const bool ok = emitRaw(QByteArrayView(m_buf).sliced(m_start), m_startLine);
    m_buf.clear();
    m_start = 0;
    resetStatement();
    return ok;
}

// The construct left open at the end of the text, or an empty string.
QString MysqlSplitter::describeOpen() const
{
    if (m_lex == Lex::SingleQuote || m_lex == Lex::DoubleQuote)
        return QStringLiteral("unterminated quoted string starting at line %1").arg(m_openLine);
    if (m_lex == Lex::Backtick)
        return QStringLiteral("unterminated `quoted identifier` starting at line %1").arg(m_openLine);
    if (m_lex == Lex::BlockComment)
        return QStringLiteral("unterminated /* comment starting at line %1").arg(m_openLine);
    if (m_inExecComment)
        return QStringLiteral("unterminated /*! executable comment starting at line %1").arg(m_execLine);
    return {};
}

bool MysqlSplitter::delimiterAt(qsizetype i) const
{
    const char c = m_buf[i];
    if (m_trackBlocks) // the common case, ';'
        return c == ';';
    // Letters match in either case. (c | 0x20) is only a quick filter; the comparison decides.
    const qsizetype n = m_delimiter.size();
    return (c | 0x20) == (m_delimiter[0] | 0x20) && i + n <= m_buf.size()
        && QByteArrayView(m_buf).sliced(i, n).compare(m_delimiter, Qt::CaseInsensitive) == 0;
}

// Scans the buffer from i (the start of the line just added) to its end.
bool MysqlSplitter::scanLine(qsizetype i, int lineNo)
{
    while (i < m_buf.size()) {
        const char *d = m_buf.constData();
        const qsizetype end = m_buf.size();
        const char c = d[i];

        if (m_lex == Lex::BlockComment) { // plain comments do not nest
            const qsizetype close = m_buf.indexOf("*/", i);
            if (close < 0)
                return true;
            m_lex = Lex::Code;
            i = close + 2;
            continue;
        }
        if (m_lex != Lex::Code) { // '...' and "..." take backslash escapes; `...` does not
            const char quote = m_lex == Lex::SingleQuote ? '\'' : m_lex == Lex::DoubleQuote ? '"' : '`';
            while (i < end && d[i] != quote)
                i += (d[i] == '\\' && quote != '`') ? 2 : 1; // '\\' is never the final '\n'
            if (i < end) {
                m_lex = Lex::Code; // a doubled quote ('it''s') simply reopens at the next character
                ++i;
            }
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') {
            m_lex = c == '\'' ? Lex::SingleQuote : c == '"' ? Lex::DoubleQuote : Lex::Backtick;
            m_openLine = lineNo;
            markText(lineNo);
            if (!m_inExecComment)
                feed(Kw::Symbol, '\''); // quoted text is one operand
            ++i;
            continue;
        }
        if (m_inExecComment) {
            // The SQL in /*! ... */ is kept as it is: neither delimiters nor keywords count there.
            if (c == '*' && d[i + 1] == '/') {
                m_inExecComment = false;
                ++i;
            }
            ++i;
            continue;
        }
        // As in the mysql client, the delimiter is looked for before anything else.
        if (delimiterAt(i)) {
            if (m_trackBlocks && m_head == Head::Compound) {
                track(Kw::Symbol, ';');
                if (!m_blocks.empty()) { // a ';' inside a BEGIN ... END body
                    ++i;
                    continue;
                }
            }
            if (!endStatement(i, i + m_delimiter.size(), lineNo))
                return false;
            i = m_start;
            continue;
        }
        if (isSpace(c)) {
            ++i;
        } else if (c == '#' || (c == '-' && d[i + 1] == '-' && static_cast<unsigned char>(d[i + 2]) <= ' ')) {
            i = end - 1; // to the end of the line; "--" needs a space or control character after it
        } else if (c == '/' && d[i + 1] == '*') {
            if (d[i + 2] == '!' || (d[i + 2] == 'M' && d[i + 3] == '!')) {
                m_inExecComment = true;
                m_execLine = lineNo;
                markText(lineNo);
                feed(Kw::Symbol, '\'');
                i += d[i + 2] == '!' ? 3 : 4;
            } else {
                m_lex = Lex::BlockComment;
                m_openLine = lineNo;
                i += 2;
            }
        } else if (isIdent(c)) {
            qsizetype j = i + 1;
            while (j < end && isIdent(d[j]) && !delimiterAt(j)) // "END$$" ends at the delimiter
                ++j;
            const QByteArrayView word(d + i, j - i);
            // DELIMITER is a client command, recognised where a statement may start.
            if (!m_hasText && isSpace(d[j]) && word.compare("DELIMITER", Qt::CaseInsensitive) == 0) {
                if (!delimiterCommand(j, lineNo))
                    return false;
                i = m_buf.size() - 1; // the command took the rest of the line
                continue;
            }
            markText(lineNo);
            if (m_trackBlocks && m_head != Head::Plain)
                feed(keyword(word), 0);
            i = j;
        } else {
            markText(lineNo);
            const bool assign = c == ':' && d[i + 1] == '='; // ":=" is not a label's ':'
            feed(Kw::Symbol, assign ? '=' : c);
            i += assign ? 2 : 1;
        }
    }
    return true;
}

// "DELIMITER xyz": the argument runs to the next whitespace, or is quoted, as in the mysql
// client's get_arg(). The command is cut from the buffer but its line break stays, so the line
// numbers of what follows hold.
bool MysqlSplitter::delimiterCommand(qsizetype argStart, int lineNo)
{
    const qsizetype eol = m_buf.size() - 1;
    const QByteArrayView arg = QByteArrayView(m_buf).sliced(argStart, eol - argStart).trimmed();
    QByteArrayView delimiter = arg;
    if (!arg.isEmpty() && (arg[0] == '\'' || arg[0] == '"' || arg[0] == '`')) {
        const qsizetype close = arg.indexOf(arg[0], 1);
        delimiter = arg.sliced(1, (close < 0 ? arg.size() : close) - 1);
    } else {
        qsizetype n = 0;
        while (n < arg.size() && !isSpace(arg[n]))
            ++n;
        delimiter = arg.first(n);
    }
    if (delimiter.isEmpty())
        return fail(lineNo, QStringLiteral("DELIMITER at line %1 must be followed by a delimiter string").arg(lineNo));
    if (delimiter.contains('\\'))
        return fail(lineNo, QStringLiteral("DELIMITER at line %1 cannot contain a backslash").arg(lineNo));
    m_delimiter = delimiter.toByteArray();
    m_trackBlocks = m_delimiter == ";";
    const qsizetype commandStart = argStart - qsizetype(sizeof("DELIMITER") - 1);
    m_buf.remove(commandStart, eol - commandStart);
    return true;
}

// Emits the text from m_start up to the delimiter at `at`; the next statement starts at `next`.
bool MysqlSplitter::endStatement(qsizetype at, qsizetype next, int lineNo)
{
    const QByteArrayView raw(m_buf.constData() + m_start, at - m_start);
    const int firstLine = m_startLine;
    m_start = next;
    m_startLine = lineNo;
    resetStatement();
    return emitRaw(raw, firstLine);
}

void MysqlSplitter::markText(int lineNo)
{
    if (!m_hasText) {
        m_hasText = true;
        m_textLine = lineNo;
    }
}

void MysqlSplitter::resetStatement()
{
    m_hasText = false;
    m_head = Head::Start;
    m_prev = Prev::StmtStart;
    m_prevSym = 0;
    m_pending = Block::None;
    m_blocks.clear();
    m_what = "";
}

// One token of a statement (a word, or punctuation; quoted text and /*! */ come as '\'').
void MysqlSplitter::feed(Kw kw, char sym)
{
    if (!m_trackBlocks || m_head == Head::Plain) // only ';' scripts need their blocks followed
        return;
    if (m_head == Head::Compound || classify(kw, sym))
        track(kw, sym);
    m_prevSym = kw == Kw::Symbol ? sym : 0;
}

// Decides from the first tokens whether the statement has a compound body, whose inner ';' do not
// end it: CREATE [OR REPLACE] [DEFINER = user] [AGGREGATE] {PROCEDURE|FUNCTION|TRIGGER|EVENT},
// MariaDB's BEGIN NOT ATOMIC, or a MariaDB top-level IF / CASE / LOOP / WHILE / REPEAT / FOR,
// possibly labelled. Returns true when the token goes on to the block tracker.
bool MysqlSplitter::classify(Kw kw, char sym)
{
    switch (m_head) {
    case Head::Start:
        switch (kw) {
        case Kw::Begin: m_head = Head::Begin; return false; // BEGIN [WORK] is a transaction...
        case Kw::Create: m_head = Head::Create; return false;
        case Kw::If: case Kw::Case: case Kw::Loop: case Kw::While: case Kw::Repeat: case Kw::For:
            m_head = Head::Compound;
            m_what = "compound statement";
            return true;
        case Kw::Symbol: break;
        default: m_head = Head::Label; return false; // "label:" may follow
        }
        break;
    case Head::Label:
        if (sym == ':') {
            m_head = Head::Start;
            return false;
        }
        break;
    case Head::Begin:
        if (kw == Kw::Not) {
            m_head = Head::BeginNot;
            return false;
        }
        break;
    case Head::BeginNot:
        if (kw == Kw::Atomic) { // ...BEGIN NOT ATOMIC is a block
            m_head = Head::Compound;
            m_what = "BEGIN NOT ATOMIC";
            m_blocks.push_back(Block::Begin);
            m_prev = Prev::StmtStart;
            return false;
        }
        break;
    case Head::Create:
        switch (kw) {
        case Kw::Procedure: m_what = "CREATE PROCEDURE"; break;
        case Kw::Function: m_what = "CREATE FUNCTION"; break;
        case Kw::Trigger: m_what = "CREATE TRIGGER"; break;
        case Kw::Event: m_what = "CREATE EVENT"; break;
        case Kw::Or: case Kw::Replace: case Kw::Definer: case Kw::Sql: case Kw::Security:
        case Kw::Invoker: case Kw::Aggregate:
            return false;
        case Kw::Symbol: // DEFINER = 'user'@'host', `user`@`host`, CURRENT_USER()
            if (sym == '=' || sym == '@' || sym == '\'' || sym == '(' || sym == ')')
                return false;
            break;
        default: // an unquoted user or host name, CURRENT_USER
            if (m_prevSym == '=' || m_prevSym == '@')
                return false;
            break;
        }
        if (*m_what) {
            m_head = Head::Compound;
            m_prev = Prev::Operand; // "PROCEDURE IF NOT EXISTS" is not an IF block
            return false;
        }
        break;
    case Head::Compound:
    case Head::Plain:
        return false;
    }
    m_head = Head::Plain;
    return false;
}

// Follows BEGIN ... END, IF ... END IF and the like in a compound statement. A keyword opens a
// block where a statement can start (after ';', a label, BEGIN, THEN, ELSE, DO, LOOP, REPEAT)
// and, less surely, after a word or ')' (a routine's or handler's body: "p() BEGIN",
// "FOR SQLEXCEPTION BEGIN"), but never after an operator, '(' or ',', nor as a name ("t.end",
// "@end"). IF and REPEAT after a word may be the functions, or "DROP TABLE IF EXISTS": the next
// token tells.
void MysqlSplitter::track(Kw kw, char sym)
{
    if (m_pending != Block::None) {
        const bool notBlock = sym == '(' || sym == ';'
            || (m_pending == Block::If && (kw == Kw::Exists || kw == Kw::Not));
        if (!notBlock) {
            m_blocks.push_back(m_pending);
            if (m_pending == Block::Repeat)
                m_prev = Prev::StmtStart;
        }
        m_pending = Block::None;
    }
    const Prev prev = std::exchange(m_prev, Prev::Operand);
    const bool atStart = prev == Prev::StmtStart;
    if (kw == Kw::Symbol) {
        if (sym == ';' || sym == ':')
            m_prev = Prev::StmtStart;
        else if (sym == '.' || sym == '@')
            m_prev = Prev::Name;
        else if (sym != ')' && sym != '\'')
            m_prev = Prev::Operator;
        return;
    }
    if (prev == Prev::Name)
        return;
    const Block top = m_blocks.empty() ? Block::None : m_blocks.back();
    switch (kw) {
    case Kw::End:
        // An END closes a block after a ';' (or in "BEGIN END"); in a CASE expression or after
        // UNTIL it follows an expression. Elsewhere it is a column named "end".
        if (top != Block::None && (atStart || top == Block::CaseExpr || top == Block::Repeat)) {
            m_blocks.pop_back();
            m_prev = Prev::AfterEnd;
        }
        break;
    case Kw::Begin: case Kw::Loop: case Kw::While: case Kw::If: case Kw::Repeat: case Kw::For:
        if (prev == Prev::AfterEnd) // END IF, END LOOP, ...
            break;
        if (atStart || (prev != Prev::Operator && kw != Kw::For)) { // not "FOR EACH ROW", "FOR UPDATE"
            const Block b = kw == Kw::Begin ? Block::Begin : kw == Kw::Loop ? Block::Loop
                : kw == Kw::While ? Block::While : kw == Kw::If ? Block::If
                : kw == Kw::Repeat ? Block::Repeat : Block::For;
            if (!atStart && (b == Block::If || b == Block::Repeat))
                m_pending = b;
            else
                m_blocks.push_back(b);
            if (b == Block::Begin || b == Block::Loop || (atStart && b == Block::Repeat))
                m_prev = Prev::StmtStart; // a statement follows
        }
        break;
    case Kw::Case: // a CASE statement where a statement starts, else a CASE expression
        if (prev != Prev::AfterEnd)
            m_blocks.push_back(atStart ? Block::CaseStmt : Block::CaseExpr);
        break;
    case Kw::Then: case Kw::Else:
        if (top != Block::CaseExpr)
            m_prev = Prev::StmtStart;
        break;
    case Kw::Do: case Kw::Atomic:
        m_prev = Prev::StmtStart;
        break;
    default:
        break;
    }
}

} // namespace mig
