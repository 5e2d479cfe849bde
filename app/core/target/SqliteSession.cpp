// SQLite targets: a database file, through Qt's QSQLITE driver (built on the system libsqlite3,
// the same library we link, so the driver's handle is a real sqlite3*).
#include "TargetSession.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

namespace mig {

namespace {

class SqliteSession final : public TargetSession
{
public:
    explicit SqliteSession(const ConnectionProfile &p) : TargetSession(p) {}
    ~SqliteSession() override { unlock(); }

    QString serverVersion() override { return QStringLiteral("SQLite %1").arg(QLatin1String(sqlite3_libversion())); }
    int serverVersionNumber() override { return sqlite3_libversion_number(); }
    bool transactionalDdl() const override { return true; }
    // Take the write lock at BEGIN, so a busy database is noticed before any work is done.
    QString beginStatement() const override { return QStringLiteral("BEGIN IMMEDIATE"); }

    bool inTransaction() override
    {
        sqlite3 *h = nativeHandle();
        return h && sqlite3_get_autocommit(h) == 0;
    }

    std::optional<SqlError> setLockTimeout(int milliseconds) override
    {
        return exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(milliseconds)).error;
    }

    QString describeBlockers() override
    {
        return QStringLiteral("another connection holds a write lock on %1").arg(profile().database);
    }

    // SQLite has no session-scoped server lock, so the run lock is an OS file lock (flock) on
    // DATABASE-migctl.lock: the kernel drops it when the holder exits, however it exits. The
    // file's content names the holder; it may be stale, but the lock itself never is.
    LockAttempt tryLock(const LockHolder &me) override
    {
        LockAttempt a;
        const QByteArray path = QFile::encodeName(lockPath());
        const int fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) {
            a.error = SqlError{SqlError::Kind::Other, QString(),
                               QStringLiteral("cannot open the lock file %1: %2").arg(lockPath(), QString::fromLocal8Bit(std::strerror(errno)))};
            return a;
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            a.holder = readNote(fd);
            ::close(fd);
            return a;
        }
        const QJsonObject note{{QStringLiteral("run"), me.runId}, {QStringLiteral("who"), me.who},
                               {QStringLiteral("since"), me.since}, {QStringLiteral("pid"), QString::number(::getpid())}};
        const QByteArray bytes = QJsonDocument(note).toJson(QJsonDocument::Compact);
        if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, bytes.constData(), bytes.size(), 0) != bytes.size()) {
            // The lock holds without the note; a refused runner just learns less.
        }
        m_lockFd = fd;
        a.acquired = true;
        return a;
    }

    void unlock() override
    {
        if (m_lockFd < 0)
            return;
        if (::ftruncate(m_lockFd, 0) != 0) {
            // A stale note is harmless: the flock is what counts.
        }
        ::flock(m_lockFd, LOCK_UN);
        ::close(m_lockFd);
        m_lockFd = -1;
    }

    std::function<void()> interrupter() override
    {
        // sqlite3_interrupt is thread-safe, but not on a closed handle: the runner keeps the
        // session open until every interrupt it started has returned.
        sqlite3 *handle = nativeHandle();
        return [handle] {
            if (handle)
                sqlite3_interrupt(handle);
        };
    }

protected:
    QString driverName() const override { return QStringLiteral("QSQLITE"); }

    void configure(QSqlDatabase &db, const QString &, const QString &) override
    {
        if (readOnly() && !QFileInfo::exists(profile().database)) {
            db.setDatabaseName(QStringLiteral(":memory:"));
            return;
        }
        db.setDatabaseName(profile().database);
        if (readOnly())
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    }

    std::optional<SqlError> afterOpen() override
    {
        if (!nativeHandle())
            return SqlError{SqlError::Kind::Other, QString(), QStringLiteral("the QSQLITE driver gave no sqlite3 handle")};
        // The driver opens files that do not exist yet; it must not open a file that is not a
        // database (it would only fail later, mid-run).
        return query(QStringLiteral("SELECT count(*) FROM sqlite_schema")).error;
    }

    SqlError::Kind classify(const QString &code, const QString &) const override
    {
        const int rc = code.toInt() & 0xff; // primary result code of an extended one
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            return SqlError::Kind::LockTimeout;
        if (rc == SQLITE_INTERRUPT)
            return SqlError::Kind::Interrupted;
        if (rc == SQLITE_IOERR || rc == SQLITE_CANTOPEN || rc == SQLITE_NOTADB)
            return SqlError::Kind::ConnectionLost;
        return SqlError::Kind::Other;
    }

    // sqlite3_changes keeps the count of the last INSERT/UPDATE/DELETE even after DDL; the total
    // tells whether a statement changed anything at all.
    qint64 changeCounter() override
    {
        sqlite3 *h = nativeHandle();
        return h ? sqlite3_total_changes64(h) : -1;
    }

private:
    sqlite3 *nativeHandle() const
    {
        const QVariant v = database().driver() ? database().driver()->handle() : QVariant();
        if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
            return nullptr;
        return *static_cast<sqlite3 *const *>(v.constData());
    }

    LockState lockState() override
    {
        LockState s;
        // Read-only and never created: a lock file that does not exist is a lock nobody holds.
        const int fd = ::open(QFile::encodeName(lockPath()).constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return s;
        if (m_lockFd < 0 && ::flock(fd, LOCK_SH | LOCK_NB) != 0)
            s.holder = readNote(fd);
        ::close(fd);
        return s;
    }

    // The holder's note in the lock file: run, who, since, pid.
    static LockHolder readNote(int fd)
    {
        LockHolder h;
        QFile f;
        if (f.open(fd, QIODevice::ReadOnly, QFileDevice::DontCloseHandle)) {
            const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
            h.runId = o.value(QStringLiteral("run")).toString();
            h.who = o.value(QStringLiteral("who")).toString();
            h.since = o.value(QStringLiteral("since")).toString();
            h.session = o.value(QStringLiteral("pid")).toString();
        }
        return h;
    }

    QString lockPath() const { return QFileInfo(profile().database).absoluteFilePath() + QStringLiteral("-migctl.lock"); }

    int m_lockFd = -1;
};

} // namespace

std::unique_ptr<TargetSession> makeSqliteSession(const ConnectionProfile &profile)
{
    return std::unique_ptr<TargetSession>(new SqliteSession(profile));
}

} // namespace mig
