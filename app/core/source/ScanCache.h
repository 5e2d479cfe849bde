#pragma once

#include "FileRead.h"
#include "ScanRecord.h"

#include <QHash>
#include <QString>
#include <optional>

struct sqlite3;

namespace mig {

// What reading a migration file yielded (its FileScan, and values derived from its bytes such
// as a split's statement count), kept between runs in one SQLite file under the user's cache
// folder and keyed by the file's identity: device, inode, size, modification and change time in
// nanoseconds. An unchanged file is then not read at all by `migctl plan` and `status`.
//
// Only for what is shown: commands that execute scripts (apply, preview, rollback, verify) do
// not use it; they read the bytes they run.
//
// Every failure (no cache folder, a read-only one, a file that is not a database, a row that
// does not decode, a lock held by another process) only makes the cache miss: the caller reads
// the file as it would without a cache. Nothing here reports an error to the user.
class ScanCache
{
public:
    // $XDG_CACHE_HOME/migration-console/scan-cache.sqlite (~/.cache/... when unset); empty when
    // there is no such folder (no home), and then there is no cache.
    static QString defaultPath();

    // A file whose change time is this recent is not stored: a second write within the same
    // timestamp tick of the file system would leave the identity unchanged. 50 ms covers a
    // kernel tick (file systems with nanosecond times); files with whole-second times (FAT, some
    // NFS servers) wait 2 s.
    static constexpr qint64 FineRacyWindowNs = 50'000'000;
    static constexpr qint64 CoarseRacyWindowNs = 2'000'000'000;

    // Opens (or creates) the cache at `file`; a cache that cannot be opened stays closed and
    // every lookup misses. `racyWindowNs` < 0: the windows above. `reader`: who the cache is
    // for (its values are only read by the same reader); empty: this program, as built.
    explicit ScanCache(const QString &file, qint64 racyWindowNs = -1, const QByteArray &reader = {});
    ~ScanCache(); // writes what was stored (flush)
    ScanCache(const ScanCache &) = delete;
    ScanCache &operator=(const ScanCache &) = delete;

    bool isOpen() const { return m_db != nullptr; }
    QString lastError() const { return m_error; } // why it is closed or why a write failed; diagnostics only

    // The record of the file at `path` when it was stored with this identity.
    std::optional<ScanRecord> record(const QString &path, const FileIdentity &id);
    // Keeps the record for the next runs (written by flush). Not kept when the file's change
    // time is too recent to tell a later write from this one (see the windows above).
    void store(const QString &path, const FileIdentity &id, const ScanRecord &record);

    // The folder was listed whole by the reader: at flush, its rows for files that were not
    // looked up in this session (deleted or renamed files) are removed.
    void markFolderListed(const QString &dir);

    // Writes the entries stored since the last flush, in one transaction. False (with
    // lastError()) when they could not be written: they are dropped, the next run reads again.
    bool flush();

    struct Stats {
        int hits = 0;   // records found
        int misses = 0; // records not found: no row, another identity, a row that does not decode
        int stored = 0; // entries written by flush
    };
    Stats stats() const { return m_stats; }

private:
    struct Entry {
        FileIdentity id;
        QByteArray blob;    // the record as stored (while unchanged, a view into its folder's value)
        std::optional<ScanRecord> record; // stored in this session: encoded at flush, once
        int folder = 0;     // index into m_folders
        bool seen = false;  // looked up or stored in this session
        bool dirty = false; // to be written
    };
    struct Folder {
        QString dir;
        QByteArray stored; // the folder's value as read: its entries' blobs point into it
        bool listed = false;
    };

    bool openAt(const QString &file);
    bool fail(); // notes the error, closes; always false
    void close();
    // The folder of `path` (its rows loaded on first use); -1 for a path without one.
    int folderOf(const QString &path);
    int loadFolder(const QString &dir);
    bool tooRecent(const FileIdentity &id) const;

    sqlite3 *m_db = nullptr;
    QString m_error;
    int m_errorCode = 0;
    qint64 m_racyWindowNs = -1;
    QByteArray m_reader; // the reader the values are for (see the constructor)
    QHash<QString, Entry> m_entries; // by absolute file path: one lookup per file
    QList<Folder> m_folders;         // loaded folders
    QHash<QString, int> m_folderIndex;
    int m_lastFolder = -1;           // files come folder by folder: most lookups need no hash for it
    Stats m_stats;
};

} // namespace mig
