#pragma once

#include "StatementSplitter.h"

#include <QByteArray>

namespace mig {

// PostgreSQL: tokens come from libpg_query (the PostgreSQL 15 lexer itself), so $$ / $tag$
// bodies, E'' strings, nested comments and quoted identifiers are read exactly as the server
// reads them. On those tokens a statement ends at a ';' outside parentheses and outside a
// BEGIN ATOMIC body, as in psql. "COPY ... FROM STDIN" takes the following lines up to "\."
// as its data.
//
// Text is buffered in chunks and lexed a chunk at a time; only the unfinished statement is
// carried over. Lexing costs memory in proportion to the text lexed (libpg_query builds a token
// list), so one huge statement (a multi-megabyte INSERT) costs many times its own size.
class PostgresSplitter final : public StatementSplitter
{
public:
    explicit PostgresSplitter(Sink sink);

    bool addLine(QByteArrayView line, int lineNo) override;
    bool finish() override;

private:
    struct Cut; // a complete statement found in the buffer
    enum class Scan { Progress, NeedMore, Failed };

    Scan process(bool atEnd);
    Scan consume(qsizetype prefixLength, bool atEnd, bool &consumedAny, int depth = 0);
    bool takeCopyLine(QByteArrayView line, int lineNo);
    bool emitStatement(QByteArrayView raw, int firstLine);
    int lineAt(qsizetype offset) const;

    QByteArray m_buf;           // whole lines ('\n'-terminated) not yet part of an emitted statement
    int m_bufFirstLine = 1;
    qsizetype m_scanAt = 0;     // lex again once the buffer is at least this long

    bool m_inCopy = false;      // reading the data of a COPY ... FROM STDIN
    QByteArray m_copyRaw;
    int m_copyFirstLine = 0;
    QByteArray m_copyData;
};

} // namespace mig
