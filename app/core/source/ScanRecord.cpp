#include "ScanRecord.h"

#include <QtEndian>
#include <cstring>
#include <limits>

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

// Walks length-prefixed key/value pairs; false when they do not end exactly at the end.
bool forEachValue(QByteArrayView derived, const std::function<bool(QByteArrayView, QByteArrayView)> &pair)
{
    Reader r(derived);
    while (r.ok() && !r.atEnd()) {
        const QByteArrayView key = r.bytes();
        const QByteArrayView value = r.bytes();
        if (r.ok() && !pair(key, value))
            return true;
    }
    return r.ok();
}

} // namespace

std::optional<QByteArray> ScanRecord::value(QByteArrayView key) const
{
    std::optional<QByteArray> found;
    forEachValue(derived, [&](QByteArrayView k, QByteArrayView v) {
        if (k != key)
            return true;
        found = v.toByteArray();
        return false;
    });
    return found;
}

void ScanRecord::setValue(QByteArrayView key, QByteArrayView value)
{
    if (!this->value(key)) { // a new key (the usual case): appended
        char n[8];
        qToLittleEndian(qint64(key.size()), n);
        derived.append(n, 8).append(key.data(), key.size());
        qToLittleEndian(qint64(value.size()), n);
        derived.append(n, 8).append(value.data(), value.size());
        return;
    }
    Writer w;
    forEachValue(derived, [&](QByteArrayView k, QByteArrayView v) {
        if (k != key) {
            w.bytes(k);
            w.bytes(v);
        }
        return true;
    });
    w.bytes(key);
    w.bytes(value);
    derived = w.take();
}

QByteArray encodeScanRecord(const ScanRecord &record)
{
    Writer w;
    w.u8(RecordVersion);
    w.u8(record.scan.has_value());
    if (record.scan)
        writeScan(w, *record.scan);
    w.bytes(record.derived);
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
    const QByteArrayView derived = r.bytes();
    if (!r.ok() || !r.atEnd() || !forEachValue(derived, [](QByteArrayView, QByteArrayView) { return true; }))
        return std::nullopt;
    record.derived = derived.toByteArray();
    return record;
}

QByteArray encodeFolder(const QList<StoredFile> &files)
{
    Writer w;
    w.u8(RecordVersion);
    w.i64(files.size());
    for (const StoredFile &f : files) {
        w.bytes(f.name);
        w.i64(qint64(f.id.device));
        w.i64(qint64(f.id.inode));
        w.i64(f.id.size);
        w.i64(f.id.mtimeNs);
        w.i64(f.id.ctimeNs);
        w.bytes(f.record);
    }
    return w.take();
}

bool decodeFolder(QByteArrayView bytes, const std::function<void(const StoredFile &)> &file)
{
    // Checked whole first: a damaged value gives no file at all rather than some of them.
    for (const bool deliver : {false, true}) {
        Reader r(bytes);
        if (r.u8() != RecordVersion)
            return false;
        const qint64 n = r.count(56);
        for (qint64 i = 0; i < n && r.ok(); ++i) {
            StoredFile f;
            f.name = r.bytes();
            f.id.device = quint64(r.i64());
            f.id.inode = quint64(r.i64());
            f.id.size = r.i64();
            f.id.mtimeNs = r.i64();
            f.id.ctimeNs = r.i64();
            f.record = r.bytes();
            if (deliver && r.ok())
                file(f);
        }
        if (!r.ok() || !r.atEnd())
            return false;
    }
    return true;
}

} // namespace mig
