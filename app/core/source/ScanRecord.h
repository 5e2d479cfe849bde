#pragma once

#include "FileScan.h"

#include <QByteArray>
#include <QList>
#include <optional>

namespace mig {

// Values derived from a file's bytes, each under a key naming what else it depends on.
using DerivedValues = QList<std::pair<QByteArray, QByteArray>>;

// What a ScanCache keeps for one file: its FileScan (when stored) and its derived values.
struct ScanRecord {
    std::optional<FileScan> scan;
    DerivedValues derived;

    const QByteArray *value(const QByteArrayView key) const;
    void setValue(const QByteArray &key, const QByteArray &value);
};

// The bytes kept for a record. Decoding checks everything it reads (lengths, counts, enum
// values, the end of the data): a damaged or foreign row decodes to nothing, and the file is
// read again. Written by hand, not with QDataStream: decoding 20,000 records was a visible part
// of a cached plan.
QByteArray encodeScanRecord(const ScanRecord &record);
std::optional<ScanRecord> decodeScanRecord(QByteArrayView bytes);

} // namespace mig
