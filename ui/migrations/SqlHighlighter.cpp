#include "SqlHighlighter.h"

#include "Tones.h"

#include <QSet>
#include <QTextBlockUserData>

namespace mig::ui {

namespace {

// The words a reader scans for, across PostgreSQL, MySQL/MariaDB and SQLite.
const QSet<QString> &keywords()
{
    static const QSet<QString> words = [] {
        const char *list[] = {
            "ADD", "AFTER", "ALGORITHM", "ALL", "ALTER", "ALWAYS", "AND", "AS", "ASC", "ATOMIC", "AUTOINCREMENT",
            "AUTO_INCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BIGINT", "BOOLEAN", "BY", "CASCADE", "CASE", "CAST",
            "CHAR", "CHECK", "COLLATE", "COLUMN", "COMMENT", "COMMIT", "CONCURRENTLY", "CONFLICT", "CONSTRAINT",
            "COPY", "CREATE", "CROSS", "CURRENT_DATE", "CURRENT_TIMESTAMP", "DATABASE", "DATE", "DECIMAL",
            "DECLARE", "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DELIMITER", "DESC", "DISTINCT", "DO",
            "DOMAIN", "DOUBLE", "DROP", "EACH", "ELSE", "END", "ENUM", "EXECUTE", "EXISTS", "EXTENSION", "FALSE",
            "FOR", "FOREIGN", "FROM", "FULL", "FUNCTION", "GENERATED", "GRANT", "GROUP", "HAVING", "IDENTITY", "IF",
            "IGNORE", "IMMEDIATE", "IN", "INDEX", "INNER", "INPLACE", "INSERT", "INSTANT", "INT", "INTEGER",
            "INTERVAL", "INTO", "IS", "JOIN", "JSON", "JSONB", "KEY", "LANGUAGE", "LEFT", "LIKE", "LIMIT", "LOCK",
            "MATERIALIZED", "MODIFY", "NOT", "NULL", "NUMERIC", "OF", "OFFSET", "ON", "OR", "ORDER", "OUTER",
            "OWNED", "PARTITION", "PLPGSQL", "POLICY", "PRAGMA", "PRIMARY", "PROCEDURE", "REAL", "REFERENCES",
            "REINDEX", "RENAME", "REPLACE", "RESTRICT", "RETURN", "RETURNING", "RETURNS", "REVOKE", "RIGHT",
            "ROLLBACK", "ROW", "SCHEMA", "SELECT", "SEQUENCE", "SERIAL", "SET", "SMALLINT", "STORED", "TABLE",
            "TEMP", "TEMPORARY", "TEXT", "THEN", "TIMESTAMP", "TIMESTAMPTZ", "TO", "TRANSACTION", "TRIGGER",
            "TRUE", "TRUNCATE", "TYPE", "UNION", "UNIQUE", "UPDATE", "USING", "UUID", "VACUUM", "VALID", "VALUES",
            "VARCHAR", "VIEW", "VIRTUAL", "WHEN", "WHERE", "WITH", "WITHOUT"};
        QSet<QString> s;
        for (const char *w : list)
            s.insert(QLatin1String(w));
        return s;
    }();
    return words;
}

// The tag of the $tag$ body a line ends inside of.
struct DollarTag : QTextBlockUserData {
    explicit DollarTag(QString t) : tag(std::move(t)) {}
    QString tag;
};

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

// "$tag$" or "$$" starting at i; empty when there is none.
QString dollarTagAt(const QString &text, int i)
{
    if (text.at(i) != u'$' || (i > 0 && isWordChar(text.at(i - 1))))
        return {};
    int j = i + 1;
    while (j < text.size() && (text.at(j).isLetter() || text.at(j) == u'_' || (j > i + 1 && text.at(j).isDigit())))
        ++j;
    if (j < text.size() && text.at(j) == u'$')
        return text.mid(i, j - i + 1);
    return {};
}

} // namespace

SqlHighlighter::SqlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setPalette(QPalette());
}

void SqlHighlighter::setPalette(const QPalette &palette)
{
    m_keyword = {};
    m_keyword.setForeground(toneText(Tone::Keyword, palette));
    m_keyword.setFontWeight(QFont::Bold);
    m_string = {};
    m_string.setForeground(toneText(Tone::String, palette));
    m_comment = {};
    m_comment.setForeground(toneText(Tone::Comment, palette));
    m_comment.setFontItalic(true);
    m_number = {};
    m_number.setForeground(toneText(Tone::Number, palette));
    rehighlight();
}

int SqlHighlighter::scanBlockComment(const QString &text, int from, int contentFrom)
{
    const int end = text.indexOf(QStringLiteral("*/"), contentFrom);
    const int stop = end < 0 ? int(text.size()) : end + 2;
    setFormat(from, stop - from, m_comment);
    setCurrentBlockState(end < 0 ? InBlockComment : Normal);
    return stop;
}

int SqlHighlighter::scanString(const QString &text, int from, int contentFrom, QChar quote)
{
    int i = contentFrom;
    while (i < text.size()) {
        if (text.at(i) == u'\\' && quote != u'"') { // MySQL escapes; harmless elsewhere
            i += 2;
            continue;
        }
        if (text.at(i) == quote) {
            if (i + 1 < text.size() && text.at(i + 1) == quote) { // '' inside a string
                i += 2;
                continue;
            }
            setFormat(from, i + 1 - from, m_string);
            setCurrentBlockState(Normal);
            return i + 1;
        }
        ++i;
    }
    setFormat(from, int(text.size()) - from, m_string);
    setCurrentBlockState(InString);
    return int(text.size());
}

int SqlHighlighter::scanDollarBody(const QString &text, int from, int contentFrom, const QString &tag)
{
    const int end = text.indexOf(tag, contentFrom);
    const int stop = end < 0 ? int(text.size()) : end + int(tag.size());
    setFormat(from, stop - from, m_string);
    if (end < 0) {
        setCurrentBlockState(InDollarBody);
        setCurrentBlockUserData(new DollarTag(tag));
    } else {
        setCurrentBlockState(Normal);
    }
    return stop;
}

void SqlHighlighter::highlightBlock(const QString &text)
{
    setCurrentBlockState(Normal);
    int i = 0;
    switch (previousBlockState()) {
    case InBlockComment: i = scanBlockComment(text, 0, 0); break;
    case InString: i = scanString(text, 0, 0, u'\''); break;
    case InDollarBody: {
        const auto *tag = static_cast<DollarTag *>(currentBlock().previous().userData());
        i = scanDollarBody(text, 0, 0, tag ? tag->tag : QStringLiteral("$$"));
        break;
    }
    default: break;
    }
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == u'-' && text.mid(i, 2) == u"--") {
            setFormat(i, int(text.size()) - i, m_comment);
            return;
        }
        if (c == u'#' && (i == 0 || text.at(i - 1).isSpace())) { // MySQL comment
            setFormat(i, int(text.size()) - i, m_comment);
            return;
        }
        if (c == u'/' && text.mid(i, 2) == u"/*") {
            i = scanBlockComment(text, i, i + 2);
            continue;
        }
        if (c == u'\'') {
            i = scanString(text, i, i + 1, c);
            continue;
        }
        if (c == u'$') {
            const QString tag = dollarTagAt(text, i);
            if (!tag.isEmpty()) {
                i = scanDollarBody(text, i, i + int(tag.size()), tag);
                continue;
            }
        }
        if (c == u'"' || c == u'`') { // quoted identifiers: skipped, never keywords
            const int end = text.indexOf(c, i + 1);
            i = end < 0 ? int(text.size()) : end + 1;
            continue;
        }
        if (c.isDigit() && (i == 0 || !isWordChar(text.at(i - 1)))) {
            int j = i;
            while (j < text.size() && (text.at(j).isDigit() || text.at(j) == u'.'))
                ++j;
            if (j >= text.size() || !isWordChar(text.at(j)))
                setFormat(i, j - i, m_number);
            i = j;
            continue;
        }
        if (isWordChar(c)) {
            int j = i;
            while (j < text.size() && isWordChar(text.at(j)))
                ++j;
            if (keywords().contains(text.mid(i, j - i).toUpper()))
                setFormat(i, j - i, m_keyword);
            i = j;
            continue;
        }
        ++i;
    }
}

} // namespace mig::ui
