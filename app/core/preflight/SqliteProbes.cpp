// SQLite: no server, so no session list. Who else uses the file is told by the operating
// system: SQLite's unix VFS takes POSIX locks on fixed bytes of the database file (reading,
// writing; in WAL mode every connection keeps a shared one) and, in WAL mode, of its -shm file
// (reading, writing, and the "DMS" byte every open connection holds). Linux lists them in /proc/locks by device and inode, so nothing is opened here: closing
// a descriptor of the database would drop this process's own SQLite locks on it.
#include "ProbeSupport.h"

#include "target/TargetSession.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace mig::preflight {

namespace {

// What another process is doing with the database, by the locks it holds.
enum class Use { Open, Reading, Writing };

QString useText(Use u)
{
    switch (u) {
    case Use::Open: return QStringLiteral("has the database open");
    case Use::Reading: return QStringLiteral("is reading (holds a read lock)");
    case Use::Writing: return QStringLiteral("is writing (holds the write lock)");
    }
    return {};
}

struct Holder {
    qint64 pid = 0;
    Use use = Use::Open;
    QString command; // /proc/PID/comm
};

struct LockView {
    bool readable = false; // /proc/locks could be read
    QList<Holder> holders; // other processes, one entry each
};

// The byte ranges of SQLite's unix VFS (os_unix.c; the WAL-index locks per walformat.html).
constexpr qint64 PendingByte = 0x40000000;
constexpr qint64 ReservedByte = PendingByte + 1;
constexpr qint64 SharedFirst = PendingByte + 2;
constexpr qint64 SharedLast = SharedFirst + 510 - 1;
constexpr qint64 ShmWriteLock = 120;
constexpr qint64 ShmFirstReadMark = 123;
constexpr qint64 ShmLastReadMark = 127;

bool covers(qint64 start, qint64 end, qint64 first, qint64 last)
{
    return start <= last && (end < 0 || end >= first);
}

// Whether process `pid` has `canonicalPath` open (/proc/PID/fd).
bool opens(qint64 pid, const QString &canonicalPath)
{
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    for (const QFileInfo &fd : fds.entryInfoList(QDir::System | QDir::NoDotAndDotDot))
        if (fd.symLinkTarget() == canonicalPath)
            return true;
    return false;
}

// The locks other processes hold on `path`, and what they tell.
void collectLocks(const QString &path, bool shm, bool wal, const QList<QByteArrayList> &lines, QMap<qint64, Use> &uses)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return;
    const QString device = QStringLiteral("%1:%2").arg(major(st.st_dev), 2, 16, QLatin1Char('0')).arg(minor(st.st_dev), 2, 16, QLatin1Char('0'));
    const QString canonical = QFileInfo(path).canonicalFilePath();
    for (const QByteArrayList &t : lines) {
        // "1: POSIX  ADVISORY  WRITE 4242 fd:01:1234 1073741825 1073741825"
        if (t.size() < 8 || t.at(1) != "POSIX")
            continue;
        const QList<QByteArray> id = t.at(5).split(':');
        if (id.size() != 3 || id.at(2).toULongLong() != quint64(st.st_ino))
            continue;
        const qint64 pid = t.at(4).toLongLong();
        if (pid == ::getpid())
            continue; // our own session's locks
        // The kernel names the device of the inode's superblock, which stat() does not always
        // give (btrfs subvolumes, overlay mounts): then the process must have the file open.
        if (QString::fromLatin1(id.at(0) + ':' + id.at(1)).compare(device, Qt::CaseInsensitive) != 0 && !opens(pid, canonical))
            continue;
        const bool write = t.at(3) == "WRITE";
        const qint64 start = t.at(6).toLongLong();
        const qint64 end = t.at(7) == "EOF" ? -1 : t.at(7).toLongLong();
        Use use = Use::Open;
        if (shm) {
            if (write && covers(start, end, ShmWriteLock, ShmWriteLock))
                use = Use::Writing;
            else if (covers(start, end, ShmFirstReadMark, ShmLastReadMark))
                use = Use::Reading;
        } else if (covers(start, end, PendingByte, ReservedByte) || (write && covers(start, end, SharedFirst, SharedLast))) {
            use = Use::Writing;
        } else if (covers(start, end, SharedFirst, SharedLast) && !wal) {
            use = Use::Reading; // in WAL mode every open connection keeps a shared lock on the file
        }
        uses[pid] = qMax(uses.value(pid, Use::Open), use);
    }
}

LockView lockView(const QString &database, bool wal)
{
    LockView v;
    QFile f(QStringLiteral("/proc/locks"));
    if (!f.open(QIODevice::ReadOnly))
        return v;
    v.readable = true;
    QList<QByteArrayList> lines;
    for (const QByteArray &line : f.readAll().split('\n')) {
        QByteArrayList t = line.simplified().split(' ');
        t.removeAll("->"); // a process waiting for the lock: listed with the lock it waits for
        lines << t;
    }
    QMap<qint64, Use> uses;
    collectLocks(database, false, wal, lines, uses);
    collectLocks(database + QStringLiteral("-shm"), true, wal, lines, uses);
    for (auto it = uses.cbegin(); it != uses.cend(); ++it) {
        QFile comm(QStringLiteral("/proc/%1/comm").arg(it.key()));
        const QString command = comm.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(comm.readAll()).trimmed() : QString();
        v.holders << Holder{it.key(), it.value(), command};
    }
    return v;
}

QString holderText(const Holder &h)
{
    return QStringLiteral("process %1%2 %3").arg(h.pid).arg(h.command.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(h.command), useText(h.use));
}

QJsonArray holdersJson(const QList<Holder> &holders)
{
    static const char *const uses[] = {"open", "reading", "writing"};
    QJsonArray out;
    for (const Holder &h : holders)
        out << QJsonObject{{QStringLiteral("pid"), h.pid}, {QStringLiteral("command"), h.command},
                           {QStringLiteral("use"), QLatin1String(uses[int(h.use)])}};
    return out;
}

qint64 fileBytes(const QString &path)
{
    const QFileInfo fi(path);
    return fi.exists() ? fi.size() : -1;
}

QString journalMode(TargetSession &session)
{
    return session.query(QStringLiteral("PRAGMA journal_mode")).scalar().toString().toLower();
}

const char *const NotOurs = "locks of other connections in this same process are not told apart from its own";

} // namespace

ProbeResult sqliteSessions(TargetSession &session, const ProbeLimits &)
{
    const QString name = QStringLiteral("sessions");
    const QString path = session.profile().database;
    if (!QFileInfo::exists(path))
        return makeResult(name, Verdict::NotApplicable, QStringLiteral("SQLite has no server sessions, and %1 does not exist yet").arg(path));
    // The files first: the session's next read rolls a hot journal back (and removes it).
    const qint64 wal = fileBytes(path + QStringLiteral("-wal"));
    const qint64 journal = fileBytes(path + QStringLiteral("-journal"));
    const QString mode = journalMode(session);
    const LockView locks = lockView(path, mode == u"wal");
    bool writer = false;
    for (const Holder &h : locks.holders)
        writer = writer || h.use == Use::Writing;

    Findings f;
    for (const Holder &h : locks.holders)
        f.add(Verdict::Warn, holderText(h));
    if (wal > 0)
        f.add(Verdict::Warn, QStringLiteral("a -wal file of %1 is beside the database: changes not yet checkpointed into it, by a connection "
                                            "that is open or ended without closing the database")
                                 .arg(humanBytes(wal)));
    if (journal > 0)
        f.add(Verdict::Warn, writer ? QStringLiteral("a -journal file of %1 is beside the database: a write transaction is in progress").arg(humanBytes(journal))
                                    : QStringLiteral("a -journal file of %1 is beside the database: a hot journal if its writer ended mid-"
                                                     "transaction (the next writer rolls it back)").arg(humanBytes(journal)));
    const QJsonObject data{{QStringLiteral("file"), path}, {QStringLiteral("journalMode"), mode}, {QStringLiteral("walBytes"), wal},
                           {QStringLiteral("journalBytes"), journal}, {QStringLiteral("processes"), holdersJson(locks.holders)},
                           {QStringLiteral("locksReadable"), locks.readable}};
    if (!f.isEmpty())
        return makeResult(name, f.worst(), QStringLiteral("SQLite has no server sessions, but %1").arg(f.text()), data);
    QString evidence = QStringLiteral("SQLite has no server sessions; no -wal or -journal file is beside %1").arg(path);
    if (!locks.readable)
        evidence += QStringLiteral(" (other processes' locks cannot be read here: /proc/locks)");
    else if (mode == u"wal")
        evidence += QStringLiteral(" and no other process has it open (WAL mode: every open connection holds a lock on its -shm; %1)").arg(QLatin1String(NotOurs));
    else
        evidence += QStringLiteral(" and no other process holds a lock on it now (%1 mode: an idle connection holds none and is not seen)").arg(mode);
    return makeResult(name, Verdict::NotApplicable, evidence, data);
}

ProbeResult sqliteLongTransactions(TargetSession &session, const ProbeLimits &)
{
    const QString name = QStringLiteral("long-transactions");
    const QString path = session.profile().database;
    if (!QFileInfo::exists(path))
        return makeResult(name, Verdict::NotApplicable, QStringLiteral("%1 does not exist yet").arg(path));
    const bool wal = journalMode(session) == u"wal";
    const LockView locks = lockView(path, wal);
    if (!locks.readable)
        return makeResult(name, Verdict::NotApplicable,
                          QStringLiteral("SQLite keeps no list of transactions, and other processes' locks cannot be read here (/proc/locks)"));
    // A writer makes a migration wait (busy timeout) and then fail; in rollback-journal mode a
    // reader does too, at commit. In WAL mode readers do not block a writer.
    QList<Holder> blocking;
    for (const Holder &h : locks.holders)
        if (h.use == Use::Writing || (!wal && h.use == Use::Reading))
            blocking << h;
    QStringList lines;
    for (const Holder &h : std::as_const(blocking))
        lines << holderText(h);
    ProbeResult r = makeResult(name, Verdict::Pass, QString(), QJsonObject{{QStringLiteral("processes"), holdersJson(blocking)}});
    r.details = lines;
    if (blocking.isEmpty()) {
        r.evidence = QStringLiteral("no other process holds a lock on %1 that a migration would wait for (%2)").arg(path, QLatin1String(NotOurs));
        return r;
    }
    r.verdict = Verdict::Warn;
    r.evidence = QStringLiteral("%1: a migration would wait for it up to the busy timeout, then fail (SQLite keeps no transaction start "
                                "times, so its age is unknown)").arg(listSome(lines));
    return r;
}

ProbeResult sqliteReplication(TargetSession &, const ProbeLimits &)
{
    return makeResult(QStringLiteral("replication"), Verdict::NotApplicable,
                      QStringLiteral("SQLite has no replication of its own (file-level replication such as Litestream is not seen)"));
}

qint64 sqliteDatabaseBytes(TargetSession &session, QString *error)
{
    const QString path = session.profile().database;
    const QFileInfo fi(path);
    if (!fi.exists())
        return 0; // read as an empty database (a read-only session does not create it)
    if (!fi.isReadable()) {
        if (error)
            *error = QStringLiteral("%1 is not readable").arg(path);
        return -1;
    }
    return fi.size() + qMax<qint64>(0, fileBytes(path + QStringLiteral("-wal")));
}

} // namespace mig::preflight
