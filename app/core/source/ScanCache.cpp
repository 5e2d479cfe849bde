#include "ScanCache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <ctime>
#include <sys/stat.h>
#include <pg_query.h>
#include <sqlite3.h>

namespace mig {

namespace {

// What the cached values depend on besides the files: this reader's code. A cache written by
// another version (or with other splitters' libraries) is emptied, never read.
QByteArray readerVersion()
{
    // The running program's own file too: every build of one version (a developer's, a patched
    // package) may split differently, and would otherwise be served another build's counts.
    QByteArray build;
    struct stat self {};
    if (::stat("/proc/self/exe", &self) == 0)
        build = QByteArray::number(qint64(self.st_size)) + '.' + QByteArray::number(qint64(self.st_mtim.tv_sec)) + '.'
                + QByteArray::number(qint64(self.st_mtim.tv_nsec));
    return QByteArrayLiteral("migctl " MIG_VERSION "; scan-cache 5; sqlite ") + sqlite3_libversion()
           + QByteArrayLiteral("; pg_query " PG_VERSION "; build ") + build;
}

// Detects damage, not an attacker (who can write the cache can write the migrations). SHA-1:
// 7 ms for the 6 MB of 20,000 files here; qHashBits, faster, is seeded per process.
QByteArray folderHash(const QByteArray &files)
{
    return QCryptographicHash::hash(files, QCryptographicHash::Sha1);
}

qint64 nowNs()
{
    timespec t{};
    clock_gettime(CLOCK_REALTIME, &t);
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}

// One statement, prepared and finalized in scope.
class Statement
{
public:
    Statement(sqlite3 *db, const char *sql) { sqlite3_prepare_v2(db, sql, -1, &m_st, nullptr); }
    ~Statement() { sqlite3_finalize(m_st); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    bool ok() const { return m_st != nullptr; }
    sqlite3_stmt *get() const { return m_st; }
    void text(int i, const QString &v)
    {
        const QByteArray u = v.toUtf8();
        sqlite3_bind_text(m_st, i, u.constData(), int(u.size()), SQLITE_TRANSIENT);
    }
    void blob(int i, const QByteArray &v) { sqlite3_bind_blob(m_st, i, v.constData(), int(v.size()), SQLITE_TRANSIENT); }
    void integer(int i, qint64 v) { sqlite3_bind_int64(m_st, i, v); }
    QByteArray columnBlob(int c) const
    {
        const auto *p = static_cast<const char *>(sqlite3_column_blob(m_st, c));
        return p ? QByteArray(p, sqlite3_column_bytes(m_st, c)) : QByteArray();
    }

private:
    sqlite3_stmt *m_st = nullptr;
};

bool exec(sqlite3 *db, const char *sql, QString &error)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return true;
    error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    return false;
}

} // namespace

QString ScanCache::defaultPath()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    return base.isEmpty() ? QString() : base + QStringLiteral("/migration-console/scan-cache.sqlite"); // no home: no cache
}

ScanCache::ScanCache(const QString &file, qint64 racyWindowNs, const QByteArray &reader)
    : m_racyWindowNs(racyWindowNs)
    , m_reader(reader.isEmpty() ? readerVersion() : reader)
{
    if (file.isEmpty()) {
        m_error = QStringLiteral("no cache folder");
        return;
    }
    // A file that is not a database (or a damaged one) is replaced once: what it held was a
    // cache, and the files it described are still there to read. Any other failure (a lock,
    // a read-only folder) leaves it alone.
    if (openAt(file) || !(m_errorCode == SQLITE_NOTADB || m_errorCode == SQLITE_CORRUPT))
        return;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(file + suffix);
    openAt(file);
}

ScanCache::~ScanCache()
{
    flush();
    close();
}

void ScanCache::close()
{
    if (m_db)
        sqlite3_close(m_db);
    m_db = nullptr;
}

bool ScanCache::fail()
{
    m_errorCode = m_db ? sqlite3_errcode(m_db) : SQLITE_CANTOPEN;
    if (m_error.isEmpty())
        m_error = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("cannot open");
    close();
    return false;
}

bool ScanCache::openAt(const QString &file)
{
    close();
    m_error.clear();
    QDir().mkpath(QFileInfo(file).absolutePath());
    if (sqlite3_open_v2(QFile::encodeName(file).constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
        return fail();
    // Another migctl or console writing: wait a little, then go on without the cache.
    sqlite3_busy_timeout(m_db, 200);
    // WAL with synchronous = NORMAL: a crash or power cut loses at most the last writes, never
    // the file's consistency.
    if (!exec(m_db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB);",
              m_error))
        return fail();
    const QByteArray &mine = m_reader;
    {
        Statement version(m_db, "SELECT value FROM meta WHERE key = 'reader'");
        if (!version.ok())
            return fail();
        if (sqlite3_step(version.get()) == SQLITE_ROW && version.columnBlob(0) == mine)
            return true;
    }
    // Written by another version (or new): its rows may not mean what this one reads.
    // One row per folder, its files in one value: a row per file cost more to read than the
    // files it spared reading.
    if (!exec(m_db, "BEGIN IMMEDIATE; DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS folders;"
                    "CREATE TABLE folders (dir TEXT PRIMARY KEY, files BLOB NOT NULL, hash BLOB NOT NULL);",
              m_error))
        return fail();
    bool set = false;
    {
        Statement put(m_db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('reader', ?)");
        put.blob(1, mine);
        set = put.ok() && sqlite3_step(put.get()) == SQLITE_DONE;
    }
    if (!set || !exec(m_db, "COMMIT", m_error))
        return fail();
    return true;
}

int ScanCache::folderOf(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(u'/');
    if (slash < 0)
        return -1;
    const QStringView dir = QStringView(path).first(slash);
    if (m_lastFolder >= 0 && m_folders.at(m_lastFolder).dir == dir)
        return m_lastFolder;
    const QString key = dir.toString();
    const auto it = m_folderIndex.constFind(key);
    m_lastFolder = it != m_folderIndex.cend() ? *it : loadFolder(key);
    return m_lastFolder;
}

int ScanCache::loadFolder(const QString &dir)
{
    const int index = int(m_folders.size());
    m_folders.append(Folder{dir, QByteArray(), false});
    m_folderIndex.insert(dir, index);
    if (!m_db)
        return index;
    {
        Statement q(m_db, "SELECT files, hash FROM folders WHERE dir = ?");
        q.text(1, dir);
        if (!q.ok() || sqlite3_step(q.get()) != SQLITE_ROW)
            return index;
        // SQLite checks its pages' structure, not their bytes: a value damaged on disk that
        // still decodes would give wrong checksums and counts. The hash catches it; the folder
        // is then read as if never cached.
        const QByteArray files = q.columnBlob(0);
        if (folderHash(files) != q.columnBlob(1))
            return index;
        m_folders[index].stored = files;
    }
    const QByteArray &stored = m_folders.at(index).stored;
    const QString prefix = dir + u'/';
    decodeFolder(stored, [&](const StoredFile &f) {
        QString path;
        path.reserve(prefix.size() + f.name.size());
        path.append(prefix);
        const bool ascii = std::all_of(f.name.begin(), f.name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        if (ascii) // the common case, appended without a decoded copy
            path.append(QLatin1StringView(f.name.data(), f.name.size()));
        else
            path.append(QString::fromUtf8(f.name));
        Entry e;
        e.id = f.id;
        e.blob = QByteArray::fromRawData(f.record.data(), f.record.size()); // `stored` lives as long as the cache
        e.folder = index;
        m_entries.emplace(std::move(path), std::move(e));
    });
    return index;
}

std::optional<ScanRecord> ScanCache::record(const QString &path, const FileIdentity &id)
{
    std::optional<ScanRecord> found;
    if (folderOf(path) >= 0) {
        if (const auto it = m_entries.find(path); it != m_entries.end()) {
            it->seen = true;
            if (it->id == id)
                found = it->record ? it->record : decodeScanRecord(it->blob);
        }
    }
    ++(found ? m_stats.hits : m_stats.misses);
    return found;
}

bool ScanCache::tooRecent(const FileIdentity &id) const
{
    const bool wholeSeconds = id.ctimeNs % 1000000000 == 0 && id.mtimeNs % 1000000000 == 0;
    const qint64 window = m_racyWindowNs >= 0 ? m_racyWindowNs : wholeSeconds ? CoarseRacyWindowNs : FineRacyWindowNs;
    return nowNs() - id.ctimeNs < window;
}

void ScanCache::store(const QString &path, const FileIdentity &id, const ScanRecord &record)
{
    const int folder = m_db && !tooRecent(id) ? folderOf(path) : -1;
    if (folder < 0)
        return;
    // Kept as it is: encoded once, at flush.
    Entry &e = m_entries[path];
    e.id = id;
    e.record = record;
    e.blob.clear();
    e.folder = folder;
    e.seen = true;
    e.dirty = true;
}

void ScanCache::markFolderListed(const QString &dir)
{
    const auto it = m_folderIndex.constFind(dir);
    m_folders[it != m_folderIndex.cend() ? *it : loadFolder(dir)].listed = true;
}

bool ScanCache::flush()
{
    if (!m_db)
        return false;
    auto gone = [this](const Entry &e) { return m_folders.at(e.folder).listed && !e.seen; };
    QList<bool> changed(m_folders.size(), false);
    for (const Entry &e : std::as_const(m_entries))
        if (e.dirty || gone(e))
            changed[e.folder] = true;
    if (!changed.contains(true))
        return true;
    QList<QList<StoredFile>> kept(m_folders.size());
    QList<QByteArray> names, blobs; // alive until the values are encoded
    names.reserve(m_entries.size());
    blobs.reserve(m_entries.size());
    int stored = 0;
    for (auto e = m_entries.cbegin(); e != m_entries.cend(); ++e) {
        if (!changed.at(e->folder) || gone(*e))
            continue;
        names.append(QStringView(e.key()).sliced(m_folders.at(e->folder).dir.size() + 1).toUtf8());
        blobs.append(e->record ? encodeScanRecord(*e->record) : e->blob);
        kept[e->folder].append(StoredFile{names.last(), e->id, blobs.last()});
        stored += e->dirty;
    }
    if (!exec(m_db, "BEGIN IMMEDIATE", m_error))
        return false;
    bool ok = true;
    {
        Statement put(m_db, "INSERT OR REPLACE INTO folders (dir, files, hash) VALUES (?, ?, ?)");
        for (qsizetype i = 0; ok && i < m_folders.size(); ++i) {
            if (!changed.at(i))
                continue;
            put.text(1, m_folders.at(i).dir);
            const QByteArray files = encodeFolder(kept.at(i));
            put.blob(2, files);
            put.blob(3, folderHash(files));
            ok = put.ok() && sqlite3_step(put.get()) == SQLITE_DONE;
            sqlite3_reset(put.get());
        }
    }
    if (!ok || !exec(m_db, "COMMIT", m_error)) {
        if (!ok)
            m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        QString ignored;
        exec(m_db, "ROLLBACK", ignored);
        return false;
    }
    m_entries.removeIf([&](const QHash<QString, Entry>::iterator &e) { return gone(*e); });
    for (Entry &e : m_entries)
        e.dirty = false;
    m_stats.stored += stored;
    return true;
}

} // namespace mig
