#pragma once

#include "ScriptRef.h"

#include <QByteArray>
#include <QFile>

namespace mig {

// Reads a script one line at a time, in constant memory: strips line terminators (LF, CRLF)
// and a UTF-8 byte order mark, and checks that the text is UTF-8 without NUL bytes or lone CRs.
class LineReader
{
public:
    // A longer line is an error (it would have to be held whole).
    static constexpr qint64 MaxLineBytes = qint64(64) << 20;

    explicit LineReader(const ScriptRef &script);
    // The same script read from `bytes`, the whole file's content already read (see
    // readWholeFile): the same lines and the same errors as from the file itself.
    LineReader(const ScriptRef &script, const QByteArray &bytes);

    bool open();
    // The next line, or false at the end of the script or on an error (see errorString()).
    bool next();

    const QByteArray &line() const { return m_line; }
    int lineNumber() const { return m_lineNo; }
    qint64 lineOffset() const { return m_offset; } // byte offset of the current line
    qint64 position() const { return m_pos; }      // byte offset just past the current line
    bool failed() const { return !m_error.isEmpty(); }
    const QString &errorString() const { return m_error; }
    int errorLine() const { return m_errorLine; }

private:
    bool enterSpan(qsizetype index);
    bool atEnd() const;
    void readLine(qint64 maxBytes);

    QFile m_file;
    QByteArray m_bytes; // the whole file, when read from memory
    bool m_inMemory = false;
    QList<ScriptRef::Span> m_spans;
    qsizetype m_span = 0;
    qint64 m_end = -1;
    int m_nextLineNo = 1;
    QByteArray m_line;
    int m_lineNo = 0;
    qint64 m_offset = 0;
    qint64 m_pos = 0;
    QString m_error;
    int m_errorLine = 0;
};

bool isValidUtf8(QByteArrayView text);

} // namespace mig
