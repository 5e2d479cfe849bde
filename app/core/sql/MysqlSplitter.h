#pragma once

#include "StatementSplitter.h"

#include <QByteArray>
#include <vector>

namespace mig {

// MySQL / MariaDB: a scanner that follows the mysql client's rules. It honours DELIMITER lines,
// "#" and "-- " comments, quotes with backslash escapes, backticks, and keeps the BEGIN ... END
// bodies of routines, triggers and events whole even when the script does not use DELIMITER.
//
// Each line is scanned once, as it arrives; only the statement being read is buffered.
class MysqlSplitter final : public StatementSplitter
{
public:
    explicit MysqlSplitter(Sink sink);

    bool addLine(QByteArrayView line, int lineNo) override;
    bool finish() override;

private:
    // A token as the block tracker sees it: punctuation (Symbol), a plain word, or a keyword.
    enum class Kw : char {
        Symbol, Word, Begin, End, If, Loop, While, Repeat, Case, For, Then, Else, Do, Atomic, Not,
        Exists, Create, Or, Replace, Definer, Sql, Security, Invoker, Aggregate, Procedure, Function,
        Trigger, Event
    };
    enum class Lex : char { Code, SingleQuote, DoubleQuote, Backtick, BlockComment };
    // How far the first tokens of a statement have shown whether it holds a compound body.
    enum class Head : char { Start, Label, Begin, BeginNot, Create, Compound, Plain };
    // What the previous token lets the next one be, inside a compound statement.
    enum class Prev : char { StmtStart, Operand, Operator, Name, AfterEnd };
    enum class Block : char { None, Begin, If, Loop, While, Repeat, CaseStmt, CaseExpr, For };

    static Kw keyword(QByteArrayView word);
    bool scanLine(qsizetype i, int lineNo);
    bool delimiterAt(qsizetype i) const;
    bool delimiterCommand(qsizetype argStart, int lineNo);
    bool endStatement(qsizetype at, qsizetype next, int lineNo);
    void markText(int lineNo);
    void feed(Kw kw, char sym);
    bool classify(Kw kw, char sym);
    void track(Kw kw, char sym);
    void resetStatement();
    QString describeOpen() const;

    QByteArray m_buf;             // source text since the end of the last statement
    qsizetype m_start = 0;        // start of the current statement's raw text in m_buf
    int m_startLine = 1;          // line of m_buf[m_start]
    QByteArray m_delimiter = ";";
    bool m_trackBlocks = true;    // delimiter is ';': compound bodies must be found by their keywords

    // Lexical state; it carries over from line to line.
    Lex m_lex = Lex::Code;
    bool m_inExecComment = false; // inside /*! ... */ or /*M! ... */ (quotes still count there)
    int m_openLine = 0;           // where the open quote or comment started
    int m_execLine = 0;           // where the open executable comment started

    // The current statement.
    bool m_hasText = false;       // anything but comments and whitespace seen
    int m_textLine = 0;           // line of its first token
    Head m_head = Head::Start;
    Prev m_prev = Prev::StmtStart;
    char m_prevSym = 0;           // the previous token when it was punctuation
    Block m_pending = Block::None; // IF / REPEAT whose meaning depends on the next token
    std::vector<Block> m_blocks;  // open compound blocks, innermost last
    const char *m_what = "";      // "CREATE PROCEDURE", ... for messages
};

} // namespace mig
