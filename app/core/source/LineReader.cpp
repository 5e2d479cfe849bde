#include "LineReader.h"

#include <QStringDecoder>

#include <cstring>

namespace mig {

bool isValidUtf8(QByteArrayView text)
{
    // Plain ASCII is the common case and needs no decoding.
    bool ascii = true;
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii)
        return true;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(text);
    return !decoder.hasError();
}

namespace {

// QIODevice::readLine(maxBytes) without its allocation: Qt 6.4 allocates maxBytes up front for
// every line (64 MiB here: an mmap and munmap per line, and under AddressSanitizer megabytes of
// shadow memory written per line; found by the fuzzers). This reads the line, its end included,
// into `line`, whose capacity is reused and grows only as far as the longest line needs.
void readLineInto(QIODevice &device, QByteArray &line, qint64 maxBytes)
{
    constexpr qint64 Chunk = 16 * 1024;
    qsizetype size = 0;
    while (size < maxBytes) {
        const qint64 want = std::min(Chunk, maxBytes - size);
        if (line.size() < size + want + 1) // readLine(char *, n) reads n - 1 bytes and a '\0'
            line.resize(size + want + 1);
        const qint64 n = device.readLine(line.data() + size, want + 1);
        if (n <= 0)
            break;
        size += n;
        if (n < want || line.at(size - 1) == '\n')
            break;
    }
    line.resize(size);
}

} // namespace

LineReader::LineReader(const ScriptRef &script)
    : m_file(script.path)
    , m_spans(script.spans)
{
}

LineReader::LineReader(const ScriptRef &script, const QByteArray &bytes)
    : m_bytes(bytes)
    , m_inMemory(true)
    , m_spans(script.spans)
{
}

bool LineReader::atEnd() const
{
    return m_inMemory ? m_pos >= m_bytes.size() : m_file.atEnd();
}

// The next line, its end included, at most maxBytes of it, into m_line.
void LineReader::readLine(qint64 maxBytes)
{
    if (!m_inMemory) {
        readLineInto(m_file, m_line, maxBytes);
        return;
    }
    // As readLineInto reads a file; QBuffer's readLine would copy byte by byte.
    const qsizetype available = qMax<qsizetype>(0, m_bytes.size() - qsizetype(m_pos));
    const qsizetype limit = qsizetype(qMin<qint64>(available, maxBytes));
    const char *begin = m_bytes.constData() + m_pos;
    const auto *end = limit > 0 ? static_cast<const char *>(std::memchr(begin, '\n', size_t(limit))) : nullptr;
    const qsizetype n = end ? end - begin + 1 : limit;
    m_line.resize(n);
    if (n > 0)
        std::memcpy(m_line.data(), begin, size_t(n));
}

bool LineReader::open()
{
    if (m_inMemory)
        return m_spans.isEmpty() || enterSpan(0);
    if (!m_file.open(QIODevice::ReadOnly)) {
        m_error = m_file.errorString();
        return false;
    }
    return m_spans.isEmpty() || enterSpan(0);
}

bool LineReader::enterSpan(qsizetype index)
{
    const ScriptRef::Span &span = m_spans.at(index);
    if (!m_inMemory && !m_file.seek(span.begin)) {
        m_error = m_file.errorString();
        return false;
    }
    m_span = index;
    m_pos = span.begin;
    m_end = span.end;
    m_nextLineNo = span.firstLine;
    return true;
}

bool LineReader::next()
{
    if (!m_error.isEmpty() || m_spans.isEmpty())
        return false;
    while ((m_end >= 0 && m_pos >= m_end) || atEnd()) {
        if (m_span + 1 >= m_spans.size() || !enterSpan(m_span + 1))
            return false;
    }
    m_offset = m_pos;
    // At most MaxLineBytes (plus its end): a file without line ends (a binary, a 2 GB dump on
    // one line) must not be read whole into memory to find the first one.
    readLine(MaxLineBytes + 3);
    if (m_line.isEmpty() && !m_inMemory && m_file.error() != QFileDevice::NoError) {
        m_error = m_file.errorString();
        m_errorLine = m_nextLineNo;
        return false;
    }
    const bool cut = m_line.size() > MaxLineBytes + 1 && !m_line.endsWith('\n') && !atEnd();
    m_pos += m_line.size();
    m_lineNo = m_nextLineNo++;
    if (m_line.endsWith('\n'))
        m_line.chop(1);
    if (m_line.endsWith('\r'))
        m_line.chop(1);
    if (m_offset == 0 && m_line.startsWith("\xEF\xBB\xBF"))
        m_line.remove(0, 3);
    // SQL Server Management Studio and Windows editors save UTF-16: name it rather than
    // report its NUL bytes.
    if (m_offset == 0 && (m_line.startsWith("\xFF\xFE") || m_line.startsWith("\xFE\xFF"))) {
        m_error = QStringLiteral("the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8");
        m_errorLine = m_lineNo;
        return false;
    }
    // A NUL would end the text early for the engines' C APIs, and a lone CR ends a line for some
    // lexers (PostgreSQL's "--" comments) but not for others: refuse both rather than guess.
    if (const qsizetype nul = m_line.indexOf('\0'); nul >= 0) {
        m_error = QStringLiteral("line %1 contains a NUL byte (column %2): this is not a text file").arg(m_lineNo).arg(nul + 1);
        m_errorLine = m_lineNo;
        return false;
    }
    if (cut) {
        m_error = QStringLiteral("line %1 is longer than %2 MiB: not a script to run line by line (a binary or data file, or "
                                 "a dump written on one line?)").arg(m_lineNo).arg(MaxLineBytes >> 20);
        m_errorLine = m_lineNo;
        return false;
    }
    if (m_line.contains('\r')) {
        m_error = QStringLiteral("line %1 contains a carriage return that does not end a line (old Mac line "
                                 "endings?); save the file with LF or CRLF line endings").arg(m_lineNo);
        m_errorLine = m_lineNo;
        return false;
    }
    if (!isValidUtf8(m_line)) {
        m_error = QStringLiteral("line %1 is not valid UTF-8 text (a binary file, or text in another encoding such as Latin-1?)").arg(m_lineNo);
        m_errorLine = m_lineNo;
        return false;
    }
    return true;
}

} // namespace mig
