#include "SourceFiles.h"

#include "ScanCache.h"

namespace mig {

SourceFiles::SourceFiles(ScanCache *cache)
    : m_cache(cache && cache->isOpen() ? cache : nullptr)
{
}

void SourceFiles::keep(File &f, const QByteArray &bytes)
{
    if (m_keptBytes + bytes.size() > MaxKeptBytes)
        return;
    f.bytes = bytes;
    f.kept = true;
    m_keptBytes += bytes.size();
}

void SourceFiles::storeInCache()
{
    if (!m_cache)
        return;
    for (auto it = m_files.begin(); it != m_files.end(); ++it) {
        if (it->toStore && it->trusted)
            m_cache->store(it.key(), *it->identity, it->record);
        it->toStore = false;
    }
}

FileScan SourceFiles::scan(const QString &path)
{
    File &f = m_files[path];
    if (m_cache) {
        f.identity = fileIdentity(path);
        if (f.identity) {
            if (std::optional<ScanRecord> cached = m_cache->record(path, *f.identity); cached && cached->scan) {
                f.trusted = true;
                f.record = std::move(*cached);
                return *f.record.scan;
            }
        }
    }
    const WholeFile whole = readWholeFile(path, MaxKeptFileBytes);
    FileScan scan;
    if (whole.read) {
        scan = scanFile(path, &whole.bytes);
        f.identity = whole.identity;
        f.trusted = whole.stable;
        keep(f, whole.bytes);
    } else {
        // Too large to keep, or it could not be read this way: stream it (and let scanFile name
        // the error). Its identity must be the same on both sides of the read to be trusted.
        const std::optional<FileIdentity> before = whole.identity ? whole.identity : fileIdentity(path);
        scan = scanFile(path);
        f.identity = fileIdentity(path);
        f.trusted = whole.error.isEmpty() && before && f.identity && *before == *f.identity;
    }
    if (m_cache && f.trusted) {
        f.record = ScanRecord{scan, {}};
        f.toStore = true;
    }
    return scan;
}

QByteArray SourceFiles::derived(const QString &path, const QByteArray &key,
                                const std::function<QByteArray(const QByteArray *bytes)> &compute)
{
    File &f = m_files[path];
    if (m_cache && f.trusted)
        if (std::optional<QByteArray> cached = f.record.value(key))
            return *cached;
    if (f.kept) {
        const QByteArray value = compute(&f.bytes);
        if (m_cache && f.trusted) {
            f.record.setValue(key, value);
            f.toStore = true;
        }
        return value;
    }
    // Not kept (a cache hit, a large file, the budget spent): read it now. What is read may no
    // longer be what was scanned; the value is then used, as without a cache, but not stored.
    const WholeFile whole = readWholeFile(path, MaxKeptFileBytes);
    QByteArray value;
    bool sameFile = false;
    if (whole.read) {
        value = compute(&whole.bytes);
        sameFile = whole.stable && whole.identity == f.identity;
        if (sameFile)
            keep(f, whole.bytes); // an up and a down section of one file: read once
    } else {
        const std::optional<FileIdentity> before = whole.identity ? whole.identity : fileIdentity(path);
        value = compute(nullptr);
        sameFile = before && before == f.identity && fileIdentity(path) == f.identity;
    }
    if (m_cache && f.trusted && sameFile) {
        f.record.setValue(key, value);
        f.toStore = true;
    }
    return value;
}

void SourceFiles::folderListed(const QString &dir)
{
    if (m_cache)
        m_cache->markFolderListed(dir);
}

} // namespace mig
