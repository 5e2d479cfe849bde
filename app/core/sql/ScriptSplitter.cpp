#include "ScriptSplitter.h"

#include "source/FileScan.h"
#include "source/LineReader.h"

namespace mig {

namespace {

// Builds the statement of a StatementBegin ... StatementEnd block.
struct Block {
    QByteArray text;
    int firstLine = 0;
    int lastLine = 0;

    void add(QByteArrayView line, int lineNo)
    {
        if (firstLine == 0 && line.trimmed().isEmpty())
            return;
        if (firstLine == 0)
            firstLine = lineNo;
        if (!line.trimmed().isEmpty())
            lastLine = lineNo;
        text.append(line);
        text.append('\n');
    }
    Statement take()
    {
        Statement s;
        s.sql = QString::fromUtf8(text).trimmed();
        s.firstLine = firstLine;
        s.lastLine = lastLine;
        *this = Block();
        return s;
    }
};

} // namespace

ScriptSplitResult splitScript(const ScriptRef &script, Dialect dialect, const StatementSplitter::Sink &sink, const QByteArray *bytes)
{
    ScriptSplitResult result;
    bool sinkStopped = false;
    // Bytes read since the last statement ended, and where that text began: a splitter holds a
    // statement whole until it ends, so a file in which none ends (a CSV or a log saved as .sql,
    // an unterminated quote near the top of a large file) is refused before memory runs out.
    qint64 pending = 0;
    int pendingFrom = 1;
    auto counting = [&](Statement &&s) {
        ++result.statements;
        pending = 0;
        pendingFrom = s.lastLine + 1;
        sinkStopped = !sink(std::move(s));
        return !sinkStopped;
    };
    LineReader reader = bytes ? LineReader(script, *bytes) : LineReader(script);
    if (!reader.open()) {
        result.error = SplitError{0, QStringLiteral("cannot read the file: %1").arg(reader.errorString())};
        return result;
    }
    auto splitter = StatementSplitter::create(dialect, counting);
    auto noteSplitterError = [&] {
        if (splitter->error())
            result.error = splitter->error();
    };

    bool inBlock = false;
    int blockStart = 0;
    Block block;
    while (reader.next()) {
        pending += reader.line().size() + 1;
        if (pending > MaxStatementBytes) {
            result.error = SplitError{pendingFrom, QStringLiteral("no statement ends within %1 MiB from line %2 (line %3 read): "
                                                                  "an unterminated quote or comment, or not a SQL script?")
                                                       .arg(MaxStatementBytes >> 20).arg(pendingFrom).arg(reader.lineNumber())};
            return result;
        }
        const BlockMarker marker = script.blockTag.isEmpty() ? BlockMarker::None : blockMarker(reader.line());
        if (marker == BlockMarker::Begin && !inBlock) {
            // Whatever came before the block is complete, terminated or not.
            if (!splitter->finish()) {
                noteSplitterError();
                return result;
            }
            splitter = StatementSplitter::create(dialect, counting);
            inBlock = true;
            blockStart = reader.lineNumber();
            continue;
        }
        if (marker == BlockMarker::End && inBlock) {
            inBlock = false;
            // A block of only a stray byte order mark decodes to nothing (found by fuzzing): no statement.
            if (Statement s = block.take(); !s.sql.isEmpty() && !counting(std::move(s)))
                return result;
            continue;
        }
        if (inBlock) {
            block.add(reader.line(), reader.lineNumber());
        } else if (!splitter->addLine(reader.line(), reader.lineNumber())) {
            noteSplitterError();
            return result;
        }
    }
    if (reader.failed()) {
        result.error = SplitError{reader.errorLine(), reader.errorString()};
        return result;
    }
    if (inBlock) {
        result.error = SplitError{blockStart, QStringLiteral("StatementBegin at line %1 has no StatementEnd").arg(blockStart)};
        return result;
    }
    if (!splitter->finish())
        noteSplitterError();
    return result;
}

} // namespace mig
