// The probes' entry points: each dispatches on the target's engine; what is the same for every
// engine (the version rule, the disk arithmetic, figures for people) lives here.
#include "ProbeSupport.h"

#include "target/TargetSession.h"

#include <QDir>
#include <QFileInfo>
#include <QStorageInfo>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <sys/statvfs.h>

namespace mig::preflight {

QString verdictName(Verdict v)
{
    switch (v) {
    case Verdict::NotApplicable: return QStringLiteral("n/a");
    case Verdict::Pass: return QStringLiteral("pass");
    case Verdict::Warn: return QStringLiteral("warn");
    case Verdict::Fail: return QStringLiteral("fail");
    }
    return {};
}

ProbeResult makeResult(const QString &name, Verdict verdict, const QString &evidence, const QJsonObject &data)
{
    ProbeResult r;
    r.name = name;
    r.verdict = verdict;
    r.evidence = evidence;
    r.data = data;
    return r;
}

Verdict severityOf(const SqlError &error)
{
    return error.kind == SqlError::Kind::ConnectionLost ? Verdict::Fail : Verdict::Warn;
}

QJsonObject errorJson(const QString &what, const SqlError &error)
{
    return QJsonObject{{QStringLiteral("reading"), what}, {QStringLiteral("message"), error.message}, {QStringLiteral("code"), error.code}};
}

ProbeResult unreadable(const QString &name, const QString &what, const SqlError &error)
{
    return makeResult(name, severityOf(error), QStringLiteral("cannot read %1: %2").arg(what, error.toString()),
                      QJsonObject{{QStringLiteral("error"), errorJson(what, error)}});
}

QString statementExcerpt(const QString &sql)
{
    const QString folded = sql.simplified();
    return folded.size() > 100 ? folded.left(100) + QStringLiteral(" ...") : folded;
}

QString listSome(const QStringList &items, int shown)
{
    QString out = items.mid(0, shown).join(QStringLiteral("; "));
    if (items.size() > shown)
        out += QStringLiteral("; and %1 more").arg(items.size() - shown);
    return out;
}

QString humanBytes(qint64 bytes)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    double value = double(bytes);
    int unit = -1;
    while (value >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', 1).arg(QLatin1String(units[unit]));
}

QString humanDuration(double seconds)
{
    // Seconds stay exact for the ages a DBA compares with a limit of a minute or two.
    if (seconds < 600)
        return QStringLiteral("%1 s").arg(qint64(std::floor(seconds)));
    if (seconds < 3 * 3600)
        return QStringLiteral("%1 min").arg(qint64(std::floor(seconds / 60)));
    return QStringLiteral("%1 h").arg(seconds / 3600, 0, 'f', 1);
}

ProbeResult probeServerVersion(TargetSession &session)
{
    const QString name = QStringLiteral("server-version");
    const QString version = session.serverVersion();
    // "PostgreSQL 15.8 (Debian 15.8-1.pgdg120+1)": the packager's part stays in data only.
    const QString shown = version.section(u' ', 0, 1);
    const int number = session.serverVersionNumber();
    // The oldest releases with what the engine relies on: PostgreSQL 12's generated columns and
    // pg_stat_replication.reply_time; MariaDB 10.5's and MySQL 8.0's information_schema and
    // replica views; SQLite 3.35's RETURNING and DROP COLUMN.
    int minimum = 0;
    QString minimumText;
    switch (session.dialect()) {
    case Dialect::Postgres: minimum = 120000; minimumText = QStringLiteral("12"); break;
    case Dialect::Sqlite: minimum = 3035000; minimumText = QStringLiteral("3.35"); break;
    case Dialect::Mysql:
        if (version.startsWith(u"MariaDB")) {
            minimum = 100500;
            minimumText = QStringLiteral("10.5");
        } else {
            minimum = 80000;
            minimumText = QStringLiteral("8.0");
        }
        break;
    }
    const QJsonObject data{{QStringLiteral("version"), version}, {QStringLiteral("versionNumber"), number},
                           {QStringLiteral("minimum"), minimumText}};
    if (number <= 0)
        return makeResult(name, Verdict::Warn, QStringLiteral("cannot tell the server's version (%1)").arg(version), data);
    if (number < minimum)
        return makeResult(name, Verdict::Fail, QStringLiteral("%1 (not supported: %2 or newer needed)").arg(shown, minimumText), data);
    return makeResult(name, Verdict::Pass, QStringLiteral("%1 (supported: %2 or newer)").arg(shown, minimumText), data);
}

namespace {

using EngineProbe = ProbeResult (*)(TargetSession &, const ProbeLimits &);

ProbeResult forEngine(TargetSession &session, const ProbeLimits &limits, EngineProbe postgres, EngineProbe mysql, EngineProbe sqlite)
{
    switch (session.dialect()) {
    case Dialect::Postgres: return postgres(session, limits);
    case Dialect::Mysql: return mysql(session, limits);
    case Dialect::Sqlite: return sqlite(session, limits);
    }
    return {};
}

} // namespace

ProbeResult probeSessions(TargetSession &session, const ProbeLimits &limits)
{
    return forEngine(session, limits, postgresSessions, mysqlSessions, sqliteSessions);
}

ProbeResult probeLongTransactions(TargetSession &session, const ProbeLimits &limits)
{
    return forEngine(session, limits, postgresLongTransactions, mysqlLongTransactions, sqliteLongTransactions);
}

ProbeResult probeReplication(TargetSession &session, const ProbeLimits &limits)
{
    return forEngine(session, limits, postgresReplication, mysqlReplication, sqliteReplication);
}

namespace {

struct Measured {
    qint64 bytes = -1;
    std::optional<SqlError> error;
};

Measured measureDatabase(TargetSession &session)
{
    Measured m;
    if (session.dialect() == Dialect::Sqlite) {
        QString error;
        m.bytes = sqliteDatabaseBytes(session, &error);
        if (m.bytes < 0)
            m.error = SqlError{SqlError::Kind::Other, QString(), error};
        return m;
    }
    const QueryResult r = session.query(session.dialect() == Dialect::Postgres
                                            ? QStringLiteral("SELECT pg_database_size(current_database())")
                                            : QStringLiteral("SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM information_schema.TABLES "
                                                             "WHERE TABLE_SCHEMA = DATABASE()"));
    if (r.ok())
        m.bytes = r.scalar().toLongLong();
    else
        m.error = r.error;
    return m;
}

} // namespace

qint64 databaseBytes(TargetSession &session, QString *error)
{
    const Measured m = measureDatabase(session);
    if (m.error && error)
        *error = m.error->toString();
    return m.bytes;
}

ProbeResult diskVerdict(qint64 dbBytes, qint64 freeBytes, const QString &backupDir)
{
    const qint64 needed = (dbBytes * 6 + 4) / 5; // 1.2 x, rounded up, in integers
    const QJsonObject data{{QStringLiteral("databaseBytes"), dbBytes}, {QStringLiteral("neededBytes"), needed},
                           {QStringLiteral("freeBytes"), freeBytes}, {QStringLiteral("backupDir"), backupDir}};
    const QString evidence = QStringLiteral("needs ~%1, %2 free on %3 (database %4; 1.2 x its size is kept free)")
                                 .arg(humanBytes(needed), humanBytes(freeBytes), backupDir, humanBytes(dbBytes));
    return makeResult(QStringLiteral("disk"), freeBytes < needed ? Verdict::Fail : Verdict::Pass, evidence, data);
}

ProbeResult probeDiskForBackup(TargetSession &session, const QString &backupDir)
{
    const QString name = QStringLiteral("disk");
    if (backupDir.isEmpty())
        return makeResult(name, Verdict::NotApplicable, QStringLiteral("no backup directory given: the room for a backup is not checked"));
    const QFileInfo dir(backupDir);
    if (dir.exists() && !dir.isDir())
        return makeResult(name, Verdict::Fail, QStringLiteral("%1 is not a directory").arg(backupDir));
    if (dir.exists() && !dir.isWritable())
        return makeResult(name, Verdict::Fail, QStringLiteral("%1 is not writable by this user").arg(backupDir));
    // A directory the backup would create: its space is that of the nearest folder that exists.
    QString existing = dir.absoluteFilePath();
    while (!QFileInfo::exists(existing) && existing != QDir::rootPath())
        existing = QFileInfo(existing).absolutePath();
    // statvfs rather than QStorageInfo: QStorageInfo matches the path against the mount table,
    // which fails where that table does not describe this root (chroots, some containers).
    struct statvfs fs;
    if (::statvfs(QFile::encodeName(existing).constData(), &fs) != 0)
        return makeResult(name, Verdict::Fail, QStringLiteral("cannot read the free space of %1: %2").arg(existing, QString::fromLocal8Bit(std::strerror(errno))));
    const qint64 freeBytes = qint64(fs.f_bavail) * qint64(fs.f_frsize);

    const Measured size = measureDatabase(session);
    if (size.error)
        return unreadable(name, QStringLiteral("the database's size"), *size.error);
    ProbeResult r = diskVerdict(size.bytes, freeBytes, backupDir);
    if (const QStorageInfo storage(existing); storage.isValid()) { // where the mount table knows it
        r.data.insert(QStringLiteral("mountPoint"), storage.rootPath());
        r.data.insert(QStringLiteral("filesystem"), QString::fromUtf8(storage.fileSystemType()));
    }
    if (existing != dir.absoluteFilePath())
        r.data.insert(QStringLiteral("measuredAt"), existing); // the directory does not exist yet
    return r;
}

} // namespace mig::preflight
