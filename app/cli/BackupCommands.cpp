// backup, backups, restore: argument checks, the confirmation before a restore over a database,
// then the engine (app/core/backup); the runs' events are kept in the run store, progress goes
// to stderr, results to stdout (or every event as a JSON line with --json).
#include "CommandArgs.h"
#include "Commands.h"
#include "ExitCode.h"
#include "Interrupt.h"
#include "PreflightCommand.h"

#include "backup/BackupJob.h"
#include "backup/RestoreJob.h"
#include "backup/RestoreTest.h"
#include "store/RunStore.h"
#include "target/ProfileStore.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <atomic>
#include <unistd.h>

namespace mig::cli {

namespace {

int exitCode(const JobResult &r)
{
    switch (r.outcome) {
    case JobResult::Outcome::Succeeded: return Ok;
    case JobResult::Outcome::Failed: return Failure;
    case JobResult::Outcome::Cancelled: return Cancelled;
    case JobResult::Outcome::Refused: return Refused;
    }
    return Failure;
}

QString amount(qint64 n, const QString &unit)
{
    return unit == u"bytes" ? humanSize(n) : QStringLiteral("%1 %2").arg(n).arg(unit);
}

// Keeps every event in the store; prints progress on stderr and the rest on stdout, or every
// event as a JSON line.
EventSink printer(RunStore &store, bool json, QTextStream &out, QTextStream &err)
{
    return [keep = recorder(store, err), json, &out, &err](const RunEvent &e) {
        keep(e); // also prints warnings and errors on stderr
        if (json) {
            out << QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) << '\n';
            out.flush();
            return;
        }
        switch (e.type) {
        case RunEvent::Type::RunStarted:
            out << e.action << " (run " << e.runId << "): " << e.message << '\n';
            break;
        case RunEvent::Type::Progress:
            err << "  " << e.check << ": " << e.message;
            if (e.rowsTotal >= 0 && e.unit != u"bytes")
                err << " [" << e.rowsDone << '/' << e.rowsTotal << ' ' << e.unit << ']';
            else if (e.rowsTotal >= 0)
                err << " [" << humanSize(e.rowsDone) << " of " << humanSize(e.rowsTotal) << ']';
            else
                err << " [" << amount(e.rowsDone, e.unit) << ']';
            err << '\n';
            err.flush();
            break;
        case RunEvent::Type::Message:
            if (e.status == u"info")
                out << "  " << e.message << '\n';
            break;
        case RunEvent::Type::CheckFinished:
            out << e.toText() << '\n';
            break;
        case RunEvent::Type::RunFinished:
            out << e.action << ' ' << e.status << " in " << e.durationMs << " ms: " << e.message << '\n';
            break;
        default:
            break;
        }
        out.flush();
    };
}

// The catalog's key of --target without asking for a password (listing needs none).
std::optional<int> targetKeyOf(const QCommandLineParser &args, QString &key, QTextStream &err)
{
    const QString target = args.value(QStringLiteral("target"));
    if (target.isEmpty())
        return std::nullopt;
    std::optional<ConnectionProfile> p;
    if (target.contains(u':')) {
        const TargetUrl t = parseTargetUrl(target);
        if (!t.profile)
            return usageError(err, t.error);
        p = t.profile;
    } else if (!(p = ProfileStore().load(target))) {
        return usageError(err, QStringLiteral("no saved profile '%1' (migctl profile list)").arg(target));
    }
    if (args.isSet(QStringLiteral("history-table")))
        p->historyTable = args.value(QStringLiteral("history-table"));
    key = p->storeKey();
    return std::nullopt;
}

// "3 min", "5 h", "2 d" since an ISO-8601 time.
QString age(const QString &at)
{
    const qint64 s = QDateTime::fromString(at, Qt::ISODateWithMs).secsTo(QDateTime::currentDateTimeUtc());
    if (s < 0 || at.isEmpty())
        return QStringLiteral("-");
    if (s < 120)
        return QStringLiteral("%1 s").arg(s);
    if (s < 7200)
        return QStringLiteral("%1 min").arg(s / 60);
    if (s < 172800)
        return QStringLiteral("%1 h").arg(s / 3600);
    return QStringLiteral("%1 d").arg(s / 86400);
}

// "pg_dump 15.8" out of "pg_dump (PostgreSQL) 15.8 (Debian ...)", "mysqldump 10.11.6-MariaDB" out of
// "mysqldump  Ver 10.19 Distrib 10.11.6-MariaDB, for ...".
QString shortTool(const QString &tool)
{
    const QStringList words = tool.split(u' ', Qt::SkipEmptyParts);
    const qsizetype distrib = words.indexOf(QStringLiteral("Distrib"));
    if (distrib >= 0)
        return words.first() + u' ' + words.value(distrib + 1).remove(u',');
    for (const QString &w : words.mid(1))
        if (!w.isEmpty() && w.front().isDigit())
            return words.first() + u' ' + w;
    return tool;
}

QString testText(const RestoreTestRecord &t)
{
    return t.at.isEmpty() ? QStringLiteral("never") : QStringLiteral("%1 %2 ago").arg(t.status == u"pass" ? QStringLiteral("pass") : QStringLiteral("FAIL"), age(t.at));
}

void printBackups(const QList<BackupRecord> &list, QTextStream &out)
{
    const QStringList head{QStringLiteral("ID"), QStringLiteral("CREATED"), QStringLiteral("AGE"), QStringLiteral("SIZE"), QStringLiteral("TOOL"),
                           QStringLiteral("TABLES"), QStringLiteral("RESTORE TEST"), QStringLiteral("PATH")};
    QList<QStringList> rows{head};
    for (const BackupRecord &b : list)
        rows << QStringList{b.id, b.createdAt, age(b.createdAt), humanSize(b.size), shortTool(b.tool),
                            QStringLiteral("%1 (%2 rows)").arg(b.tables.size()).arg(b.totalRows()), testText(b.restoreTest), b.path};
    QList<qsizetype> width(head.size(), 0);
    for (const QStringList &r : rows)
        for (qsizetype i = 0; i < r.size(); ++i)
            width[i] = qMax(width[i], r.at(i).size());
    for (const QStringList &r : rows) {
        QString line;
        for (qsizetype i = 0; i < r.size(); ++i)
            line += i + 1 < r.size() ? r.at(i).leftJustified(width[i] + 2) : r.at(i);
        out << line << '\n';
    }
}

// The confirmation a restore over a database needs: --yes, or the database's name typed on the
// terminal. Prints what will be replaced first.
bool confirmRestore(const BackupRecord &b, const ConnectionProfile &into, const RestoreTargetContents &now, bool yes, QTextStream &out,
                    QTextStream &err)
{
    out << "Restore backup " << b.id << " (" << b.engine << ", taken " << b.createdAt << " from " << b.target << ": " << b.tables.size()
        << " table(s), " << b.totalRows() << " row(s), " << humanSize(b.size) << ")\nover " << into.displayUrl() << " ("
        << now.serverVersion << "), which now has " << now.tables.size() << " table(s):\n";
    QStringList inBackup;
    for (const TableRows &t : b.tables)
        inBackup << t.table;
    const bool wholeFile = into.engine == Dialect::Sqlite;
    for (const TableRows &t : now.tables)
        out << "  " << t.table << ": " << t.rows << " row(s) -> "
            << (inBackup.contains(t.table) ? QStringLiteral("replaced by the backup's")
                : wholeFile                ? QStringLiteral("not in the backup: gone")
                                           : QStringLiteral("not in the backup, left as it is"))
            << '\n';
    out << (into.engine == Dialect::Sqlite ? "The whole database file is replaced by the backup.\n"
                                           : "Every table, view and routine the backup has is dropped and made again from it.\n");
    out.flush();
    if (yes)
        return true;
    const QString name = into.engine == Dialect::Sqlite ? QFileInfo(into.database).fileName() : into.database;
    QFile tty(QStringLiteral("/dev/tty"));
    if (!isatty(STDIN_FILENO) || !tty.open(QIODevice::ReadWrite | QIODevice::Unbuffered)) {
        err << "migctl: restoring over " << into.displayUrl() << " needs confirmation: run it again with --yes, "
            << "or from a terminal and type the database name (" << name << ") when asked\n";
        return false;
    }
    tty.write(QStringLiteral("Type the database name (%1) to restore over it: ").arg(name).toUtf8());
    const QString typed = QString::fromUtf8(tty.readLine()).trimmed();
    if (typed != name) {
        err << "migctl: not confirmed ('" << typed << "' is not " << name << "): nothing was restored\n";
        return false;
    }
    return true;
}

int restoreTest(const BackupRecord &b, const QCommandLineParser &args, RunStore &store, QTextStream &out, QTextStream &err)
{
    RestoreTestOptions o;
    o.backup = b;
    if (b.engine == u"sqlite") {
        o.server.engine = Dialect::Sqlite;
    } else {
        Common c;
        if (!args.isSet(QStringLiteral("target")))
            return usageError(err, QStringLiteral("restore --test of a %1 backup needs --target URL|PROFILE: a database on the server to make the "
                                                  "scratch database on (the backup was of %2)").arg(b.engine, b.target));
        if (auto code = readCommon(args, QStringLiteral("restore --test"), c, err, false))
            return *code;
        o.server = c.target.profile;
        o.password = c.target.password;
    }
    const CancelOnInterrupt cancel;
    RestoreTest test(o, store, printer(store, args.isSet(QStringLiteral("json")), out, err), CancelOnInterrupt::flag());
    return exitCode(test.run());
}

} // namespace

int runBackup(const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    Common c;
    if (auto code = readCommon(args, QStringLiteral("backup"), c, err, false))
        return *code;
    // The folder's policy may say where backups go.
    Policy policy;
    if (!c.dir.isEmpty())
        if (auto code = readPolicy(args, c.dir, policy, err))
            return *code;
    RunStore store;
    openStore(store, err);
    BackupOptions o;
    o.profile = c.target.profile;
    o.password = c.target.password;
    o.folder = backupFolder(args, policy);
    const bool json = args.isSet(QStringLiteral("json"));
    const CancelOnInterrupt cancel;
    BackupJob job(o, store, printer(store, json, out, err), CancelOnInterrupt::flag());
    const BackupResult r = job.run();
    if (!r.record || !args.isSet(QStringLiteral("test")))
        return exitCode(r);
    RestoreTestOptions t;
    t.backup = *r.record;
    t.server = c.target.profile;
    t.password = c.target.password;
    RestoreTest test(t, store, printer(store, json, out, err), CancelOnInterrupt::flag());
    return exitCode(test.run());
}

int runBackups(const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    QString key;
    if (auto code = targetKeyOf(args, key, err))
        return *code;
    RunStore store;
    if (const QString e = store.open(RunStore::defaultPath()); !e.isEmpty()) {
        err << "migctl: " << e << '\n';
        return Failure;
    }
    const QList<BackupRecord> list = BackupCatalog(store).list(key);
    if (args.isSet(QStringLiteral("json"))) {
        QJsonArray a;
        for (const BackupRecord &b : list)
            a.append(b.toJson());
        out << QJsonDocument(QJsonObject{{QStringLiteral("schema"), QStringLiteral("migctl.backups/1")},
                                         {QStringLiteral("targetKey"), key.isEmpty() ? QJsonValue() : QJsonValue(key)},
                                         {QStringLiteral("backups"), a}})
                   .toJson(QJsonDocument::Indented);
        return Ok;
    }
    if (list.isEmpty()) {
        out << "No backups in the catalog" << (key.isEmpty() ? QString() : QStringLiteral(" for ") + key) << " (" << RunStore::defaultPath() << ").\n";
        return Ok;
    }
    printBackups(list, out);
    return Ok;
}

int runRestore(const QStringList &positional, const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    if (positional.size() != 2)
        return usageError(err, QStringLiteral("restore needs one backup id: restore ID --test, or restore ID --into TARGET [--yes]"));
    const bool test = args.isSet(QStringLiteral("test")), into = args.isSet(QStringLiteral("into"));
    if (test == into)
        return usageError(err, QStringLiteral("restore ID takes --test (into a scratch database) or --into TARGET (over a database)"));
    RunStore store;
    if (const QString e = store.open(RunStore::defaultPath()); !e.isEmpty()) {
        err << "migctl: " << e << '\n';
        return Failure;
    }
    const std::optional<BackupRecord> b = BackupCatalog(store).find(positional.at(1));
    if (!b) {
        err << "migctl: no backup " << positional.at(1) << " in the catalog of " << RunStore::defaultPath() << " (migctl backups lists them)\n";
        return Failure;
    }
    if (test)
        return restoreTest(*b, args, store, out, err);

    const ResolvedTarget target = resolveTarget(args.value(QStringLiteral("into")), args.value(QStringLiteral("history-table")), err);
    if (!target.error.isEmpty())
        return usageError(err, target.error);
    if (dialectName(target.profile.engine) != b->engine)
        return usageError(err, QStringLiteral("backup %1 is a %2 backup; %3 is a %4 database").arg(b->id, b->engine, target.profile.displayUrl(),
                                                                                              dialectName(target.profile.engine)));
    const RestoreTargetContents now = inspectRestoreTarget(target.profile, target.password);
    if (!now.error.isEmpty()) {
        err << "migctl: " << now.error << '\n';
        return Failure;
    }
    if (!confirmRestore(*b, target.profile, now, args.isSet(QStringLiteral("yes")), out, err))
        return Refused;
    RestoreOptions o;
    o.backup = *b;
    o.into = target.profile;
    o.password = target.password;
    const CancelOnInterrupt cancel;
    RestoreJob job(o, printer(store, args.isSet(QStringLiteral("json")), out, err), CancelOnInterrupt::flag());
    return exitCode(job.run());
}

} // namespace mig::cli
