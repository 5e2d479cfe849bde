#pragma once

#include "StatementSplitter.h"
#include "source/ScriptRef.h"

namespace mig {

struct ScriptSplitResult {
    int statements = 0;              // statements handed to the sink
    std::optional<SplitError> error; // malformed SQL, unreadable file, bad encoding
};

// Streams a script from disk through the dialect's splitter, in constant memory. goose and
// sql-migrate "StatementBegin ... StatementEnd" blocks become one statement each, verbatim,
// whatever the dialect: those tools send them to the server as written.
// The most text one statement (COPY data included) may span; more is an error naming where it began.
constexpr qint64 MaxStatementBytes = qint64(64) << 20;

// `bytes`, when given, is the whole file already read (readWholeFile): it is not read again.
ScriptSplitResult splitScript(const ScriptRef &script, Dialect dialect, const StatementSplitter::Sink &sink,
                              const QByteArray *bytes = nullptr);

} // namespace mig
