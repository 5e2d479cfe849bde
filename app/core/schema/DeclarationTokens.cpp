#include "DeclarationTokens.h"

namespace mig::detail {

namespace {

bool wordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

// Index of the character after a quoted run that starts at i, doubled quotes staying inside;
// MySQL strings also take backslash escapes.
qsizetype quotedEnd(const QString &s, qsizetype i, QChar close, bool backslash)
{
    for (qsizetype j = i + 1; j < s.size(); ++j) {
        const bool doubled = close != u']' && j + 1 < s.size() && s.at(j + 1) == close;
        if ((backslash && s.at(j) == u'\\') || (s.at(j) == close && doubled))
            ++j;
        else if (s.at(j) == close)
            return j + 1;
    }
    return -1;
}

} // namespace

QList<Token> tokenize(const QString &s, Dialect dialect)
{
    const bool mysql = dialect == Dialect::Mysql;
    QList<Token> tokens;
    QList<qsizetype> open; // unmatched "(" so far
    qsizetype i = 0;
    while (i < s.size()) {
        const QChar c = s.at(i);
        const QChar next = i + 1 < s.size() ? s.at(i + 1) : QChar();
        if (c.isSpace()) {
            ++i;
        } else if ((c == u'-' && next == u'-') || (mysql && c == u'#')) {
            const qsizetype end = s.indexOf(u'\n', i);
            i = end < 0 ? s.size() : end + 1;
        } else if (c == u'/' && next == u'*') {
            const qsizetype end = s.indexOf(QStringLiteral("*/"), i + 2);
            i = end < 0 ? s.size() : end + 2;
        } else if (c == u'\'' || c == u'"' || c == u'`' || (c == u'[' && !mysql)) {
            const QChar close = c == u'[' ? QChar(u']') : c;
            const qsizetype end = quotedEnd(s, i, close, mysql && c != u'`');
            if (end < 0)
                break; // unterminated: the statement is cut off here
            Token t{c == u'\'' ? Token::String : Token::Quoted, {}, i, end};
            t.text = s.mid(i + 1, end - i - 2);
            if (close != u']')
                t.text.replace(QString(2, close), QString(close));
            tokens << t;
            i = end;
        } else if (wordChar(c)) {
            qsizetype j = i;
            while (j < s.size() && wordChar(s.at(j)))
                ++j;
            tokens << Token{Token::Word, s.mid(i, j - i), i, j};
            i = j;
        } else {
            if (c == u')' && !open.isEmpty())
                tokens[open.takeLast()].match = tokens.size();
            if (c == u'(')
                open << tokens.size();
            tokens << Token{Token::Punct, QString(c), i, i + 1};
            ++i;
        }
    }
    return tokens;
}

QList<Span> commaSplit(const QList<Token> &t, Span span)
{
    QList<Span> out;
    qsizetype start = span.begin;
    for (qsizetype i = span.begin; i < span.end; ++i) {
        if (t[i].type == Token::Punct && t[i].match > i)
            i = t[i].match;
        else if (t[i].type == Token::Punct && t[i].text == u",") {
            out << Span{start, i};
            start = i + 1;
        }
    }
    if (start < span.end)
        out << Span{start, span.end};
    return out;
}

} // namespace mig::detail
