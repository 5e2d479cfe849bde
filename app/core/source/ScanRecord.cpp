#include "ScanRecord.h"

#include <QtEndian>
#include <cstring>

namespace mig {

namespace {

constexpr quint8 RecordVersion = 1;

class Writer
{
public:
    void u8(quint8 v) { m_out.append(char(v)); }
    void i64(qint64 v)
    {
        char b[8];
        qToLittleEndian(v, b);
        m_out.append(b, 8);
    }
    void bytes(QByteArrayView v)
    {
        i64(v.size());
        m_out.append(v.data(), v.size());
    }
    void text(const QString &v) { bytes(v.toUtf8()); }
    QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
};

// Reads what Writer wrote; any read past the end (or a negative length) makes it fail for good.
class Reader
{
public:
    explicit Reader(QByteArrayView in)
        : m_in(in)
    {
    }
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_pos == m_in.size(); }
    quint8 u8() { return has(1) ? quint8(m_in[m_pos++]) : 0; }
    qint64 i64()
    {
        if (!has(8))
            return 0;
        const qint64 v = qFromLittleEndian<qint64>(m_in.data() + m_pos);
        m_pos += 8;
        return v;
    }
    int i32() // an int written as i64: refused when it does not fit
    {
        const qint64 v = i64();
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
            m_ok = false;
        return m_ok ? int(v) : 0;
    }
    QByteArrayView bytes()
    {
        const qint64 n = i64();
        if (n < 0 || !has(n))
            return {};
        const QByteArrayView v = m_in.sliced(m_pos, n);
        m_pos += n;
        return v;
    }
    QString text() { return QString::fromUtf8(bytes()); }
    // A count of items each at least `minBytes` long: no more than the bytes left can hold.
    qint64 count(qint64 minBytes)
    {
        const qint64 n = i64();
        if (n < 0 || n > (m_in.size() - m_pos) / minBytes)
            m_ok = false;
        return m_ok ? n : 0;
    }
    void fail() { m_ok = false; }

private:
    bool has(qint64 n)
    {
        if (m_ok && n <= m_in.size() - m_pos)
            return true;
        m_ok = false;
        return false;
    }
    QByteArrayView m_in;
    qint64 m_pos = 0;
    bool m_ok = true;
};

void writeScan(Writer &w, const FileScan &scan)
{
    w.u8(scan.directiveFormat ? quint8(*scan.directiveFormat) + 1 : 0);
    w.i64(scan.sections.size());
    for (const FileScan::Section &x : scan.sections) {
        w.u8(quint8(x.kind));
        w.i64(x.begin);
        w.i64(x.end);
        w.i64(x.firstLine);
        w.i64(x.directiveLine);
        w.u8(x.noTransaction);
        w.i64(x.firstSqlLine);
        w.bytes(x.checksum);
    }
    w.i64(scan.blocks.size());
    for (const FileScan::Block &b : scan.blocks) {
        w.i64(b.beginLine);
        w.i64(b.endLine);
    }
    w.u8(scan.gooseNoTransaction);
    w.text(scan.error);
    w.i64(scan.errorLine);
    w.i64(scan.directiveErrors.size());
    for (const auto &[line, message] : scan.directiveErrors) {
        w.i64(line);
        w.text(message);
    }
}

bool readBool(Reader &r)
{
    const quint8 v = r.u8();
    if (v > 1)
        r.fail();
    return v == 1;
}

FileScan readScan(Reader &r)
{
    FileScan scan;
    const quint8 format = r.u8();
    if (format > quint8(Format::SqlMigrate) + 1)
        r.fail();
    else if (format > 0)
        scan.directiveFormat = Format(format - 1);
    const qint64 sections = r.count(50);
    scan.sections.reserve(sections);
    for (qint64 i = 0; i < sections && r.ok(); ++i) {
        FileScan::Section x;
        const quint8 kind = r.u8();
        if (kind > quint8(FileScan::Section::Kind::Down))
            r.fail();
        x.kind = FileScan::Section::Kind(kind);
        x.begin = r.i64();
        x.end = r.i64();
        x.firstLine = r.i32();
        x.directiveLine = r.i32();
        x.noTransaction = readBool(r);
        x.firstSqlLine = r.i32();
        x.checksum = r.bytes().toByteArray();
        scan.sections << x;
    }
    const qint64 blocks = r.count(16);
    for (qint64 i = 0; i < blocks && r.ok(); ++i) {
        const int begin = r.i32();
        scan.blocks << FileScan::Block{begin, r.i32()};
    }
    scan.gooseNoTransaction = readBool(r);
    scan.error = r.text();
    scan.errorLine = r.i32();
    const qint64 errors = r.count(16);
    for (qint64 i = 0; i < errors && r.ok(); ++i) {
        const int line = r.i32();
        scan.directiveErrors << std::pair{line, r.text()};
    }
    // A scan without sections is one that failed; it always carries its error.
    if (scan.sections.isEmpty() && scan.error.isEmpty())
        r.fail();
    return scan;
}

} // namespace

const QByteArray *ScanRecord::value(const QByteArrayView key) const
{
    for (const auto &[k, v] : derived)
        if (k == key)
            return &v;
    return nullptr;
}

void ScanRecord::setValue(const QByteArray &key, const QByteArray &value)
{
    for (auto &[k, v] : derived)
        if (k == key) {
            v = value;
            return;
        }
    derived.append({key, value});
}

QByteArray encodeScanRecord(const ScanRecord &record)
{
    Writer w;
    w.u8(RecordVersion);
    w.u8(record.scan.has_value());
    if (record.scan)
        writeScan(w, *record.scan);
    w.i64(record.derived.size());
    for (const auto &[key, value] : record.derived) {
        w.bytes(key);
        w.bytes(value);
    }
    return w.take();
}

std::optional<ScanRecord> decodeScanRecord(QByteArrayView bytes)
{
    Reader r(bytes);
    ScanRecord record;
    if (r.u8() != RecordVersion)
        return std::nullopt;
    if (readBool(r))
        record.scan = readScan(r);
    const qint64 n = r.count(16);
    record.derived.reserve(n);
    for (qint64 i = 0; i < n && r.ok(); ++i) {
        const QByteArray key = r.bytes().toByteArray();
        record.derived.append({key, r.bytes().toByteArray()});
    }
    if (!r.ok() || !r.atEnd())
        return std::nullopt;
    return record;
}

} // namespace mig
