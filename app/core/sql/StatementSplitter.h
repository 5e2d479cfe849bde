#pragma once

#include "Dialect.h"
#include "Statement.h"

#include <QByteArrayView>
#include <functional>
#include <memory>
#include <optional>

namespace mig {

// Cuts a script into statements as it streams in, one line at a time, so a script of any size
// is never held whole in memory (only the statement being read is buffered).
//
// Lines are UTF-8, without their terminator. Statements go to the sink as soon as they are
// complete; the sink returns false to stop early. After an error nothing more is emitted.
class StatementSplitter
{
public:
    using Sink = std::function<bool(Statement &&)>;

    virtual ~StatementSplitter() = default;

    // Returns false once the sink stopped or the text turned out malformed (see error()).
    virtual bool addLine(QByteArrayView line, int lineNo) = 0;
    // End of input: emits a last statement that has no terminator, or reports what is unterminated.
    virtual bool finish() = 0;

    const std::optional<SplitError> &error() const { return m_error; }
    bool stopped() const { return m_stopped || m_error.has_value(); }

    static std::unique_ptr<StatementSplitter> create(Dialect dialect, Sink sink);

protected:
    StatementSplitter(Dialect dialect, Sink sink);

    // Emits source text that holds one statement, possibly preceded by comments and blank lines
    // and followed by whitespace; raw starts at line firstLine. Leading comments become the
    // preamble; text that is only comments emits nothing. Returns false when the sink stopped.
    bool emitRaw(QByteArrayView raw, int firstLine, QByteArray copyData = {});
    bool fail(int line, const QString &message);

    // Length of the comments and whitespace at the start of text, by the dialect's rules.
    qsizetype leadingTriviaLength(QByteArrayView text) const;

    Dialect m_dialect;

private:
    Sink m_sink;
    bool m_stopped = false;
    std::optional<SplitError> m_error;
};

} // namespace mig
