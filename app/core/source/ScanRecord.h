#pragma once

#include "FileRead.h"
#include "FileScan.h"

#include <QByteArray>
#include <functional>
#include <optional>

namespace mig {

// What a ScanCache keeps for one file: its FileScan (when stored) and values derived from its
// bytes, each under a key naming what else it depends on (a split's dialect and byte ranges).
struct ScanRecord {
    std::optional<FileScan> scan;

    std::optional<QByteArray> value(QByteArrayView key) const;
    void setValue(QByteArrayView key, QByteArrayView value);

    // The derived values as encoded (length-prefixed key, value, key, ...): looked up in place,
    // not decoded into a list of strings for every file of a folder.
    QByteArray derived;
};

// The bytes kept for a record. Decoding checks everything it reads (lengths, counts, enum
// values, the end of the data): a damaged or foreign row decodes to nothing, and the file is
// read again. Written by hand, not with QDataStream: decoding 20,000 records was a visible part
// of a cached plan.
QByteArray encodeScanRecord(const ScanRecord &record);
std::optional<ScanRecord> decodeScanRecord(QByteArrayView bytes);

// The files of one folder as the cache keeps them, in one value: name (UTF-8), identity, record.
struct StoredFile {
    QByteArrayView name;
    FileIdentity id;
    QByteArrayView record;
};
QByteArray encodeFolder(const QList<StoredFile> &files);
// Calls `file` for each stored file (views into `bytes`); false, having called it for none,
// when the value is damaged.
bool decodeFolder(QByteArrayView bytes, const std::function<void(const StoredFile &)> &file);

} // namespace mig
