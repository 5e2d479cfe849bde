#include "ScanCache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <ctime>
#include <pg_query.h>
#include <sqlite3.h>

namespace mig {

namespace {

// What the cached values depend on besides the files: this reader's code. A cache written by
// another version (or with other splitters' libraries) is emptied, never read.
QByteArray readerVersion()
{
    return QByteArrayLiteral("migctl " MIG_VERSION "; scan-cache 2; sqlite ") + sqlite3_libversion()
           + QByteArrayLiteral("; pg_query " PG_VERSION);
}

qint64 nowNs()
{
    timespec t{};
    clock_gettime(CLOCK_REALTIME, &t);
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}

std::pair<QString, QString> splitPath(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(u'/');
    return {path.left(slash < 0 ? 0 : slash), path.mid(slash + 1)};
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
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + QStringLiteral("/migration-console/scan-cache.sqlite");
}

ScanCache::ScanCache(const QString &file, qint64 racyWindowNs)
    : m_racyWindowNs(racyWindowNs)
{
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
    const QByteArray mine = readerVersion();
    {
        Statement version(m_db, "SELECT value FROM meta WHERE key = 'reader'");
        if (!version.ok())
            return fail();
        if (sqlite3_step(version.get()) == SQLITE_ROW && version.columnBlob(0) == mine)
            return true;
    }
    // Written by another version (or new): its rows may not mean what this one reads.
    if (!exec(m_db, "BEGIN IMMEDIATE; DROP TABLE IF EXISTS files;"
                    "CREATE TABLE files (dir TEXT NOT NULL, name TEXT NOT NULL, device INTEGER NOT NULL, "
                    "inode INTEGER NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL, "
                    "record BLOB NOT NULL, PRIMARY KEY (dir, name)) WITHOUT ROWID;",
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

ScanCache::Folder &ScanCache::folder(const QString &dir)
{
    if (const auto it = m_folders.find(dir); it != m_folders.end())
        return *it;
    Folder &f = m_folders[dir];
    if (!m_db)
        return f;
    {
        Statement count(m_db, "SELECT count(*) FROM files WHERE dir = ?");
        count.text(1, dir);
        if (count.ok() && sqlite3_step(count.get()) == SQLITE_ROW)
            f.entries.reserve(sqlite3_column_int64(count.get(), 0));
    }
    // A whole folder in one query: a lookup per file would cost more than reading small files.
    Statement q(m_db, "SELECT name, device, inode, size, mtime_ns, ctime_ns, record FROM files WHERE dir = ?");
    if (!q.ok())
        return f;
    q.text(1, dir);
    while (sqlite3_step(q.get()) == SQLITE_ROW) {
        Entry e;
        e.id.device = quint64(sqlite3_column_int64(q.get(), 1));
        e.id.inode = quint64(sqlite3_column_int64(q.get(), 2));
        e.id.size = sqlite3_column_int64(q.get(), 3);
        e.id.mtimeNs = sqlite3_column_int64(q.get(), 4);
        e.id.ctimeNs = sqlite3_column_int64(q.get(), 5);
        e.blob = q.columnBlob(6);
        const auto *name = reinterpret_cast<const char *>(sqlite3_column_text(q.get(), 0));
        f.entries.emplace(QString::fromUtf8(name, sqlite3_column_bytes(q.get(), 0)), std::move(e));
    }
    return f;
}

std::optional<ScanRecord> ScanCache::record(const QString &path, const FileIdentity &id)
{
    const auto [dir, name] = splitPath(path);
    Folder &f = folder(dir);
    std::optional<ScanRecord> found;
    if (const auto it = f.entries.find(name); it != f.entries.end()) {
        it->seen = true;
        if (it->id == id)
            found = decodeScanRecord(it->blob);
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
    if (!m_db || tooRecent(id))
        return;
    const auto [dir, name] = splitPath(path);
    Entry &e = folder(dir).entries[name];
    e.id = id;
    e.blob = encodeScanRecord(record);
    e.seen = true;
    e.dirty = true;
}

void ScanCache::markFolderListed(const QString &dir)
{
    folder(dir).listed = true;
}

bool ScanCache::flush()
{
    if (!m_db)
        return false;
    bool any = false;
    for (const Folder &f : std::as_const(m_folders))
        for (const Entry &e : f.entries)
            any = any || e.dirty || (f.listed && !e.seen);
    if (!any)
        return true;
    if (!exec(m_db, "BEGIN IMMEDIATE", m_error))
        return false;
    Statement put(m_db, "INSERT OR REPLACE INTO files (dir, name, device, inode, size, mtime_ns, ctime_ns, record) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    Statement drop(m_db, "DELETE FROM files WHERE dir = ? AND name = ?");
    bool ok = put.ok() && drop.ok();
    int stored = 0;
    for (auto f = m_folders.begin(); ok && f != m_folders.end(); ++f) {
        for (auto e = f->entries.begin(); ok && e != f->entries.end();) {
            if (f->listed && !e->seen) {
                drop.text(1, f.key());
                drop.text(2, e.key());
                ok = sqlite3_step(drop.get()) == SQLITE_DONE;
                sqlite3_reset(drop.get());
                e = f->entries.erase(e);
                continue;
            }
            if (e->dirty) {
                put.text(1, f.key());
                put.text(2, e.key());
                put.integer(3, qint64(e->id.device));
                put.integer(4, qint64(e->id.inode));
                put.integer(5, e->id.size);
                put.integer(6, e->id.mtimeNs);
                put.integer(7, e->id.ctimeNs);
                put.blob(8, e->blob);
                ok = sqlite3_step(put.get()) == SQLITE_DONE;
                sqlite3_reset(put.get());
                e->dirty = false;
                ++stored;
            }
            ++e;
        }
    }
    if (!ok || !exec(m_db, "COMMIT", m_error)) {
        if (!ok)
            m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        QString ignored;
        exec(m_db, "ROLLBACK", ignored);
        return false;
    }
    m_stats.stored += stored;
    return true;
}

} // namespace mig
