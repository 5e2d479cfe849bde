// Shared by the SQLite engine tests: a target file in a temp folder, the engine run in-process
// (mig::Runner) or as the real migctl, and the database read back through sqlite3's own API,
// independently of the engine's Qt Sql connection.
#pragma once

#include "TempFolder.h"

#include "run/Runner.h"
#include "run/TargetInspection.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <mutex>

// Readable gtest messages for QString and QStringList comparisons.
inline void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

namespace sqlitetest {

using mig::RunEvent;
using mig::RunRequest;
using mig::RunResult;

inline QString demoDir()
{
    return QDir::cleanPath(testData(QStringLiteral("feedback-sqlite")));
}

// A copy of a folder into dest (created), so a test may edit its files.
inline void copyFolder(const QString &from, const QString &dest)
{
    QDir().mkpath(dest);
    for (const QFileInfo &fi : QDir(from).entryInfoList(QDir::Files))
        QFile::copy(fi.absoluteFilePath(), dest + u'/' + fi.fileName());
}

inline QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate)) << path.toStdString();
    f.write(bytes);
}

// --- the database, read back with sqlite3 ---------------------------------------------------

using Row = QVariantMap; // column name -> value; NULL is an invalid QVariant

inline QList<Row> query(const QString &db, const QString &sql)
{
    QList<Row> out;
    sqlite3 *h = nullptr;
    // Read-write (never created): a process killed mid-transaction leaves a hot journal that only
    // a writer may roll back; reading changes nothing else.
    if (sqlite3_open_v2(QFile::encodeName(db).constData(), &h, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << "cannot open " << db.toStdString() << ": " << sqlite3_errmsg(h);
        sqlite3_close(h);
        return out;
    }
    sqlite3_busy_timeout(h, 5000);
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(h, sql.toUtf8().constData(), -1, &st, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << sql.toStdString() << ": " << sqlite3_errmsg(h);
        sqlite3_close(h);
        return out;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Row r;
        for (int i = 0; i < sqlite3_column_count(st); ++i) {
            const QString name = QString::fromUtf8(sqlite3_column_name(st, i));
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_NULL: r.insert(name, QVariant()); break;
            case SQLITE_INTEGER: r.insert(name, qlonglong(sqlite3_column_int64(st, i))); break;
            case SQLITE_FLOAT: r.insert(name, sqlite3_column_double(st, i)); break;
            default: r.insert(name, QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, i)))); break;
            }
        }
        out << r;
    }
    if (rc != SQLITE_DONE)
        ADD_FAILURE() << sql.toStdString() << ": " << sqlite3_errmsg(h);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}

inline QVariant scalar(const QString &db, const QString &sql)
{
    const QList<Row> r = query(db, sql);
    return r.isEmpty() || r.first().isEmpty() ? QVariant() : r.first().first();
}

// Every object of the schema, "type name", sorted.
inline QStringList schema(const QString &db)
{
    QStringList out;
    for (const Row &r : query(db, QStringLiteral("SELECT type || ' ' || name AS o FROM sqlite_schema ORDER BY 1")))
        out << r.value(QStringLiteral("o")).toString();
    return out;
}

inline bool hasTable(const QString &db, const QString &name)
{
    return scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '%1'").arg(name)).toInt() == 1;
}

inline QList<Row> history(const QString &db)
{
    return query(db, QStringLiteral("SELECT * FROM migctl_history ORDER BY id"));
}

// Executes SQL on its own connection (setting up foreign tool tables, fixtures).
inline void execSql(const QString &db, const QString &sql)
{
    sqlite3 *h = nullptr;
    ASSERT_EQ(sqlite3_open(QFile::encodeName(db).constData(), &h), SQLITE_OK);
    char *error = nullptr;
    const int rc = sqlite3_exec(h, sql.toUtf8().constData(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "") << " in " << sql.toStdString();
    sqlite3_free(error);
    sqlite3_close(h);
}

inline bool isUtcIso(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));
    return re.match(s).hasMatch();
}

// --- the engine in-process ------------------------------------------------------------------

inline mig::ConnectionProfile sqliteProfile(const QString &db)
{
    mig::ConnectionProfile p;
    p.engine = mig::Dialect::Sqlite;
    p.database = db;
    return p;
}

inline RunRequest request(RunRequest::Action action, const QString &db, const QString &dir)
{
    RunRequest r;
    r.action = action;
    r.profile = sqliteProfile(db);
    r.dir = dir;
    return r;
}

struct EngineRun {
    RunResult result;
    QList<RunEvent> events;

    QList<RunEvent> of(RunEvent::Type t) const
    {
        QList<RunEvent> out;
        for (const RunEvent &e : events)
            if (e.type == t)
                out << e;
        return out;
    }
    QString text() const
    {
        QStringList lines;
        for (const RunEvent &e : events)
            lines << e.toText();
        return lines.join(u'\n');
    }
    QStringList typeNames() const
    {
        QStringList out;
        for (const RunEvent &e : events)
            out << RunEvent::typeName(e.type);
        return out;
    }
};

// Runs the request on this thread; onEvent (optional) sees every event as it is emitted.
inline EngineRun runEngine(const RunRequest &r, const std::function<void(const RunEvent &)> &onEvent = {})
{
    EngineRun out;
    std::mutex m;
    mig::Runner runner(r, [&](const RunEvent &e) {
        {
            std::lock_guard<std::mutex> lock(m);
            out.events << e;
        }
        if (onEvent)
            onEvent(e);
    });
    out.result = runner.run();
    return out;
}

// --- migctl ---------------------------------------------------------------------------------

struct MigctlRun {
    int exitCode = -1;
    QString out, err;

    // Everything it said, for a failure message.
    std::string text() const
    {
        return QStringLiteral("exit %1\n--- out\n%2--- err\n%3").arg(exitCode).arg(out, err).toStdString();
    }
    // Its stdout as one JSON document (--json); a failure when it is not one.
    QJsonObject json() const
    {
        QJsonParseError e;
        const QJsonObject o = QJsonDocument::fromJson(out.toUtf8(), &e).object();
        EXPECT_EQ(e.error, QJsonParseError::NoError) << text();
        return o;
    }
};

// The real migctl, with its run store in `store` (a file path).
inline MigctlRun migctl(const QStringList &args, const QString &store, int timeoutMs = 30000)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MIGCTL_RUN_STORE"), store);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(MIGCTL_PATH), args);
    MigctlRun r;
    if (!p.waitForFinished(timeoutMs) || p.exitStatus() != QProcess::NormalExit) {
        p.kill();
        p.waitForFinished();
        ADD_FAILURE() << "migctl " << args.join(u' ').toStdString() << " did not finish normally";
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// A migctl started in the background, its stdout read line by line (--json events).
class MigctlProcess
{
public:
    MigctlProcess(const QStringList &args, const QString &store)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("MIGCTL_RUN_STORE"), store);
        m_p.setProcessEnvironment(env);
        m_p.start(QStringLiteral(MIGCTL_PATH), args);
        m_p.waitForStarted();
    }
    ~MigctlProcess()
    {
        if (m_p.state() != QProcess::NotRunning) {
            m_p.kill();
            m_p.waitForFinished();
        }
    }
    qint64 pid() const { return m_p.processId(); }
    // Reads stdout until a line satisfies pred; false on timeout or exit.
    bool waitForLine(const std::function<bool(const QByteArray &)> &pred, int timeoutMs = 15000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            while (m_p.canReadLine()) {
                const QByteArray line = m_p.readLine();
                m_out += QString::fromUtf8(line);
                if (pred(line))
                    return true;
            }
            if (m_p.state() == QProcess::NotRunning)
                return false;
            m_p.waitForReadyRead(100);
        }
        return false;
    }
    // The same for --json events.
    bool waitForEvent(const std::function<bool(const QJsonObject &)> &pred, int timeoutMs = 15000)
    {
        return waitForLine([&](const QByteArray &line) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            return !o.isEmpty() && pred(o);
        }, timeoutMs);
    }
    // Waits for the end; exitCode -1 if it crashed or was killed.
    MigctlRun finish(int timeoutMs = 15000)
    {
        MigctlRun r;
        if (!m_p.waitForFinished(timeoutMs))
            return r;
        m_out += QString::fromUtf8(m_p.readAllStandardOutput());
        r.out = m_out;
        r.err = QString::fromUtf8(m_p.readAllStandardError());
        r.exitCode = m_p.exitStatus() == QProcess::NormalExit ? m_p.exitCode() : -1;
        return r;
    }
    QProcess &process() { return m_p; }

private:
    QProcess m_p;
    QString m_out;
};

inline QStringList targetArgs(const QString &command, const QString &db, const QString &dir)
{
    return {command, QStringLiteral("--target"), QStringLiteral("sqlite:") + db, QStringLiteral("--dir"), dir};
}

// A fixture folder per test: the target file, the migrations and the run store live in it.
struct Workspace {
    TempFolder tmp;
    QString db() const { return tmp.file(QStringLiteral("target.db")); }
    QString store() const { return tmp.file(QStringLiteral("runs.sqlite")); }
    QString dir(const QString &name = QStringLiteral("migrations")) const { return tmp.file(name); }
    // A migration file in dir().
    void write(const QString &file, const QByteArray &content) const { tmp.write(QStringLiteral("migrations/") + file, content); }
};

// --- reading results back -----------------------------------------------------------------

inline mig::TargetStatus statusOf(const QString &db, const QString &dir)
{
    const mig::TargetInspection t = mig::inspectTarget(sqliteProfile(db), QString(), dir, std::nullopt);
    EXPECT_TRUE(t.error.isEmpty()) << t.error.toStdString();
    return t.status;
}

// "001 applied", "002 pending", ... in folder order.
inline QStringList states(const mig::TargetStatus &s)
{
    QStringList out;
    for (const mig::MigrationStatus &m : s.migrations)
        out << QStringLiteral("%1 %2").arg(m.version, mig::stateName(m.state));
    return out;
}

inline QStringList column(const QList<Row> &rows, const char *name)
{
    QStringList out;
    for (const Row &r : rows)
        out << r.value(QLatin1String(name)).toString();
    return out;
}

inline QList<RunEvent> warnings(const EngineRun &run)
{
    QList<RunEvent> out;
    for (const RunEvent &e : run.of(RunEvent::Type::Message))
        if (e.status == u"warning")
            out << e;
    return out;
}

} // namespace sqlitetest
