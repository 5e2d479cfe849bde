#pragma once

#include "FileRead.h"
#include "FileScan.h"
#include "ScanRecord.h"

#include <QHash>
#include <functional>

namespace mig {

class ScanCache;

// The migration files of a folder as one load (and the plan after it) reads them. Each file is
// read at most once: the bytes of small files are kept for what follows the scan (the split
// that counts statements), so a plan no longer opens every file twice. With a ScanCache, a file
// whose identity is unchanged since it was cached is not read at all.
class SourceFiles
{
public:
    // Files up to this size are read whole and kept; larger ones are streamed, as before.
    static constexpr qint64 MaxKeptFileBytes = qint64(1) << 20;
    // Kept bytes of all files together; past it, files are read again when needed.
    static constexpr qint64 MaxKeptBytes = qint64(64) << 20;

    explicit SourceFiles(ScanCache *cache = nullptr);

    ScanCache *cache() const { return m_cache; }

    // What reading the file yields: from the cache when its identity is unchanged, else read.
    FileScan scan(const QString &path);

    // A value derived from the file's bytes by `compute` (given the whole file's bytes, or
    // nullptr for a file to stream from disk), cached under `key` with the file's identity.
    // Stored only when the file did not change between its scan and this read.
    QByteArray derived(const QString &path, const QByteArray &key,
                       const std::function<QByteArray(const QByteArray *bytes)> &compute);

    void reserve(qsizetype files) { m_files.reserve(m_files.size() + files); }

    // Hands what was read to the cache, once per file (planFolder calls it when the plan is made,
    // after the scan and every split of the file).
    void storeInCache();

    // The loader listed `dir` whole: cache rows of files no longer in it can go.
    void folderListed(const QString &dir);

private:
    struct File {
        std::optional<FileIdentity> identity; // as scanned; unset when it could not be known
        bool trusted = false;                 // identity describes the bytes the scan saw
        ScanRecord record;                    // what the cache holds (or will) for the file
        QByteArray bytes;                     // the whole file, when kept
        bool kept = false;
        bool toStore = false;                 // read in this session: its record goes to the cache
    };
    void keep(File &f, const QByteArray &bytes);

    ScanCache *m_cache = nullptr;
    QHash<QString, File> m_files;
    qint64 m_keptBytes = 0;
};

} // namespace mig
