// SQLite: sqlite3's online backup API, page by page, from the target into the backup file and
// from the backup file back into a database.
#include "BackupFile.h"
#include "EngineBackup.h"
#include "TableCounts.h"

#include "target/TargetSession.h"

#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <sqlite3.h>

namespace mig {

namespace {

struct Handle {
    sqlite3 *db = nullptr;
    ~Handle() { sqlite3_close(db); }
};

// sqlite3's message for a handle, with the system's own reason when a write failed (a full
// disk, a file-size limit) in the words fileError uses.
QString sqliteError(sqlite3 *db, const QString &path)
{
    const int sys = db ? sqlite3_system_errno(db) : 0;
    const QString message = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("out of memory");
    return sys ? QStringLiteral("%1 (%2)").arg(fileError(QStringLiteral("writing"), path, sys), message) : QStringLiteral("%1: %2").arg(path, message);
}

// Copies database `from` into `to` with the online backup API, 256 pages a step; a source or
// destination another connection holds busy is waited for (up to 30 s without progress).
// standalone: the copy leaves WAL mode, so that the file alone is the whole database (no -wal
// or -shm file beside it, ever). An empty `from` is an empty database. Error text; empty on success.
QString copyDatabase(const QString &from, const QString &to, const EngineJob &job, const QString &phase, bool standalone, bool *cancelled)
{
    Handle src, dest;
    const int srcFlags = from.isEmpty() ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(from.isEmpty() ? ":memory:" : QFile::encodeName(from).constData(), &src.db, srcFlags, nullptr) != SQLITE_OK)
        return QStringLiteral("cannot open %1: %2").arg(from, QString::fromUtf8(sqlite3_errmsg(src.db)));
    if (sqlite3_open_v2(QFile::encodeName(to).constData(), &dest.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
        return QStringLiteral("cannot open %1: %2").arg(to, QString::fromUtf8(sqlite3_errmsg(dest.db)));
    sqlite3_busy_timeout(dest.db, 5000);
    sqlite3_backup *b = sqlite3_backup_init(dest.db, "main", src.db, "main");
    if (!b)
        return sqliteError(dest.db, to);
    int rc = SQLITE_OK;
    int idleMs = 0;
    while (rc != SQLITE_DONE) {
        if (job.cancel && job.cancel->load()) {
            *cancelled = true;
            sqlite3_backup_finish(b);
            return QStringLiteral("cancelled");
        }
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            if ((idleMs += 50) > 30000)
                break;
            QThread::msleep(50);
            continue;
        }
        if (rc != SQLITE_OK && rc != SQLITE_DONE)
            break;
        idleMs = 0;
        const int total = sqlite3_backup_pagecount(b);
        job.progress(phase, total - sqlite3_backup_remaining(b), total, QStringLiteral("pages"));
    }
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        return rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? QStringLiteral("%1 stayed locked by another connection for 30 s").arg(from)
                                                        : sqliteError(dest.db, to);
    if (standalone && sqlite3_exec(dest.db, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return sqliteError(dest.db, to);
    return {};
}

class SqliteBackup final : public EngineBackup
{
public:
    QString fileExtension() const override { return QStringLiteral("sqlite"); }

    QString tool(QString *) const override
    {
        return QStringLiteral("sqlite3 backup API %1").arg(QLatin1String(sqlite3_libversion()));
    }

    DumpResult dump(const EngineJob &job, PartialFile &file) override
    {
        DumpResult r;
        r.serverVersion = QStringLiteral("SQLite %1").arg(QLatin1String(sqlite3_libversion()));
        const QString target = job.profile.database;
        const QFileInfo info(target);
        if (info.exists() && !info.isFile()) {
            r.error = QStringLiteral("%1 is not a database file").arg(target);
            return r;
        }
        // A target no migration has created yet reads as an empty database (as everywhere else):
        // its backup is an empty database, said so.
        if (!info.exists())
            r.warnings << QStringLiteral("%1 does not exist yet: the backup is of an empty database").arg(target);
        r.error = copyDatabase(info.exists() ? target : QString(), file.partialPath(), job, QStringLiteral("copying pages"), true, &r.cancelled);
        if (!r.error.isEmpty())
            return r;
        // Counted in the copy: exactly what the backup holds.
        r.error = countIn(file.partialPath(), r.tables);
        if (r.error.isEmpty())
            r.error = file.digestWritten();
        r.detail = QStringLiteral("row counts read from the backup copy itself");
        return r;
    }

    LoadResult load(const EngineJob &job, const BackupRecord &backup, bool) override
    {
        // The backup API replaces the destination's whole content, page by page, under its lock.
        LoadResult r;
        r.error = copyDatabase(backup.path, job.profile.database, job, QStringLiteral("restoring pages"), false, &r.cancelled);
        return r;
    }

private:
    static QString countIn(const QString &path, QList<TableRows> &tables)
    {
        ConnectionProfile p;
        p.engine = Dialect::Sqlite;
        p.database = path;
        std::unique_ptr<TargetSession> s = TargetSession::create(p);
        s->setReadOnly(true);
        if (auto e = s->open(QString()))
            return QStringLiteral("cannot read the copy %1: %2").arg(path, e->toString());
        if (auto e = countRows(*s, tables))
            return e->toString();
        return {};
    }
};

} // namespace

std::unique_ptr<EngineBackup> makeSqliteBackup()
{
    return std::make_unique<SqliteBackup>();
}

} // namespace mig
