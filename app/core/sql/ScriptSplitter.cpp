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

ScriptSplitResult splitScript(const ScriptRef &script, Dialect dialect, const StatementSplitter::Sink &sink)
{
    ScriptSplitResult result;
    bool sinkStopped = false;
    auto counting = [&](Statement &&s) {
        ++result.statements;
        sinkStopped = !sink(std::move(s));
        return !sinkStopped;
    };
    LineReader reader(script);
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
            if (block.firstLine && !counting(block.take()))
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
