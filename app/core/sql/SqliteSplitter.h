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
    QString describeUnterminated() const;

    QByteArray m_buf;           // source text since the end of the last statement
    int m_bufFirstLine = 0;     // line where m_buf starts
    qsizetype m_checkedUpTo = 0; // every ';' before this offset ends an incomplete prefix
};

} // namespace mig
