#pragma once
// A small SQL tokenizer for the SQLite and MySQL declaration reader (TokenDeclarations.cpp) and
// the SQLite schema reader (the CREATE text of tables, indexes, triggers):
// words, quoted names, strings and punctuation, comments dropped, each "(" knowing its ")".

#include "sql/Dialect.h"

#include <QList>
#include <QString>

#include <algorithm>
#include <initializer_list>
#include <optional>

namespace mig::detail {

struct Token {
    enum Type { Word, Quoted, String, Punct };
    Type type = Word;
    QString text; // Quoted: the name without its quotes
    qsizetype begin = 0;
    qsizetype end = 0;
    qsizetype match = -1; // "(": the index of its ")"

    bool is(const char *keyword) const { return type == Word && text.compare(QLatin1String(keyword), Qt::CaseInsensitive) == 0; }
    bool isPunct(char16_t c) const { return type == Punct && text.size() == 1 && text.at(0) == c; }
};

QList<Token> tokenize(const QString &s, Dialect dialect);

struct Span {
    qsizetype begin = 0;
    qsizetype end = 0;
};

// A reading position over a span of tokens.
class Cursor
{
public:
    Cursor(const QList<Token> &tokens, Span span) : m_t(tokens), m_pos(span.begin), m_end(span.end) {}

    bool atEnd() const { return m_pos >= m_end; }
    qsizetype pos() const { return m_pos; }
    qsizetype end() const { return m_end; }
    void skip() { m_pos = qMin(m_pos + 1, m_end); }
    const Token *at(qsizetype k) const { return m_pos + k < m_end ? &m_t[m_pos + k] : nullptr; }

    bool isKw(const char *kw, qsizetype k = 0) const
    {
        const Token *t = at(k);
        return t && t->type == Token::Word && t->text.compare(QLatin1String(kw), Qt::CaseInsensitive) == 0;
    }
    bool isAnyKw(std::initializer_list<const char *> kws, qsizetype k = 0) const
    {
        return std::any_of(kws.begin(), kws.end(), [&](const char *kw) { return isKw(kw, k); });
    }
    bool kw(const char *kw) { return kws({kw}); }
    bool kws(std::initializer_list<const char *> seq)
    {
        qsizetype k = 0;
        for (const char *kw : seq)
            if (!isKw(kw, k++))
                return false;
        m_pos += k;
        return true;
    }
    bool isPunct(QChar c, qsizetype k = 0) const
    {
        const Token *t = at(k);
        return t && t->type == Token::Punct && t->text.at(0) == c;
    }
    bool isName(qsizetype k = 0) const
    {
        const Token *t = at(k);
        return t && (t->type == Token::Word || t->type == Token::Quoted) && !t->text.isEmpty();
    }
    QString name() { return isName() ? m_t[m_pos++].text : QString(); }
    // "a", "db.a": the parts, last one the name.
    QStringList qualifiedName()
    {
        QStringList parts;
        if (isName())
            parts << name();
        for (; !parts.isEmpty() && isPunct(u'.') && isName(1); parts << name())
            skip();
        return parts;
    }
    // At "(": the span inside the matching ")", and moves past it.
    std::optional<Span> parens()
    {
        if (!isPunct(u'(') || m_t[m_pos].match < 0 || m_t[m_pos].match >= m_end)
            return std::nullopt;
        const Span inner{m_pos + 1, m_t[m_pos].match};
        m_pos = inner.end + 1;
        return inner;
    }
    // Moves to the first occurrence of the keyword outside parentheses; false when there is none.
    bool seekKw(const char *kw)
    {
        while (m_pos < m_end && !isKw(kw))
            if (!parens())
                ++m_pos;
        return m_pos < m_end;
    }

private:
    const QList<Token> &m_t;
    qsizetype m_pos;
    qsizetype m_end;
};

// The comma-separated parts of a span, commas inside parentheses left alone.
QList<Span> commaSplit(const QList<Token> &t, Span span);

} // namespace mig::detail
