#pragma once

#include "StatementSplitter.h"

#include <QByteArray>

namespace mig {

// SQLite: statement ends are decided by sqlite3's own sqlite3_complete(), the function the
// sqlite3 shell uses, so trigger bodies (BEGIN ... END;) and quoted text stay whole.
class SqliteSplitter final : public StatementSplitter
{
public:
    explicit SqliteSplitter(Sink sink);

    bool addLine(QByteArrayView line, int lineNo) override;
    bool finish() override;

private:
    bool emitCompleteStatements();
    void lexUpTo(qsizetype end);
    QString describeUnterminated() const;

    QByteArray m_buf;           // source text since the end of the last statement
    int m_bufFirstLine = 0;     // line where m_buf starts
    qsizetype m_checkedUpTo = 0; // every ';' before this offset ends an incomplete prefix
    // Where m_buf's quotes and comments are, read up to m_lexPos as sqlite3_complete() reads
    // them: a ';' inside one cannot end the statement and is not tested.
    enum class Lex { Code, Quoted, LineComment, BlockComment };
    Lex m_lex = Lex::Code;
    char m_closer = 0;           // Quoted: the character that closes it
    qsizetype m_lexPos = 0;
};

} // namespace mig
