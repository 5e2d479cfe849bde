#pragma once
// Shared by the engine's MariaDB integration tests: a database of the test's own on the
// throwaway server (created in SetUp, dropped in TearDown, so tests run in parallel), the
// engine run in-process (mig::Runner, on this thread or another) with its events collected,
// and the real migctl binary run as a process.

#include "TempFolder.h"

#include "run/Runner.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QWaitCondition>
#include <gtest/gtest.h>

#include <functional>
#include <thread>
#include <unistd.h>

// Readable QString values in GoogleTest's failure messages.
inline void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

namespace enginetest {

inline std::string str(const QString &s) { return s.toStdString(); }

// Events of a run, collected from whatever thread the run is on.
class EventLog
{
public:
    void add(const mig::RunEvent &e)
    {
        QMutexLocker lock(&m_mutex);
        m_events << e;
        m_changed.wakeAll();
    }
    QList<mig::RunEvent> events() const
    {
        QMutexLocker lock(&m_mutex);
        return m_events;
    }
    // Waits until an event matches; false after timeoutMs, or once *done is set without a match.
    bool waitFor(const std::function<bool(const mig::RunEvent &)> &match, int timeoutMs, const std::atomic<bool> *done = nullptr)
    {
        QElapsedTimer t;
        t.start();
        QMutexLocker lock(&m_mutex);
        for (;;) {
            for (const mig::RunEvent &e : m_events)
                if (match(e))
                    return true;
            const qint64 left = timeoutMs - t.elapsed();
            if (left <= 0 || (done && done->load()))
                return false;
            m_changed.wait(&m_mutex, QDeadlineTimer(qMin<qint64>(left, 50)));
        }
    }

private:
    mutable QMutex m_mutex;
    QWaitCondition m_changed;
    QList<mig::RunEvent> m_events;
};

inline QList<mig::RunEvent> ofType(const QList<mig::RunEvent> &events, mig::RunEvent::Type t)
{
    QList<mig::RunEvent> out;
    for (const mig::RunEvent &e : events)
        if (e.type == t)
            out << e;
    return out;
}

inline QStringList typeNames(const QList<mig::RunEvent> &events)
{
    QStringList out;
    for (const mig::RunEvent &e : events)
        out << mig::RunEvent::typeName(e.type);
    return out;
}

// Statement numbers of the statement-started events (what actually ran).
inline QList<int> statementsStarted(const QList<mig::RunEvent> &events, const QString &version = QString())
{
    QList<int> out;
    for (const mig::RunEvent &e : events)
        if (e.type == mig::RunEvent::Type::StatementStarted && (version.isEmpty() || e.version == version))
            out << e.statement;
    return out;
}

// A run of the engine on a thread of its own, so that this thread can watch, cancel, kill.
class AsyncRun
{
public:
    explicit AsyncRun(const mig::RunRequest &request)
        : m_runner(request, [this](const mig::RunEvent &e) { m_log.add(e); })
    {
        m_thread = std::thread([this] {
            m_result = m_runner.run();
            m_done.store(true);
        });
    }
    ~AsyncRun()
    {
        if (!m_done.load())
            m_runner.cancel(); // a test that stopped early must not wait for a 20 s SLEEP
        if (m_thread.joinable())
            m_thread.join();
    }
    mig::Runner &runner() { return m_runner; }
    bool waitForEvent(const std::function<bool(const mig::RunEvent &)> &match, int timeoutMs)
    {
        return m_log.waitFor(match, timeoutMs, &m_done);
    }
    bool done() const { return m_done.load(); }
    // Waits for the run to end; unset after timeoutMs (the thread is still joined at destruction).
    std::optional<mig::RunResult> wait(int timeoutMs)
    {
        QElapsedTimer t;
        t.start();
        while (!m_done.load() && t.elapsed() < timeoutMs)
            QThread::msleep(10);
        if (!m_done.load())
            return std::nullopt;
        m_thread.join();
        return m_result;
    }
    QList<mig::RunEvent> events() const { return m_log.events(); }

private:
    EventLog m_log;
    mig::Runner m_runner;
    std::thread m_thread;
    std::atomic<bool> m_done{false};
    mig::RunResult m_result;
};

struct CliResult {
    int code = -1; // exit code; -1 when it did not finish in time or crashed
    QString out, err;
    qint64 elapsedMs = 0;
    QList<QJsonObject> jsonLines() const
    {
        QList<QJsonObject> out;
        for (const QString &line : this->out.split(u'\n', Qt::SkipEmptyParts)) {
            const QJsonDocument d = QJsonDocument::fromJson(line.toUtf8());
            if (d.isObject())
                out << d.object();
        }
        return out;
    }
};

struct HistoryRecord {
    qint64 id = 0;
    QString version, name, checksum, direction, action, status, startedAt, finishedAt;
    int statementsDone = -1, statementsTotal = -1;
    qint64 batchRowsDone = -1;
    QString runId, appliedBy, consoleVersion;
    QVariant errorCode, errorMessage, errorStatement, errorFile, errorLine, reason; // null when NULL
};

inline QByteArray sha256Hex(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

inline QString nowUtcSql() // the history's DATETIME(3) text, UTC
{
    return QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

inline QString serverPortText()
{
    return qEnvironmentVariable("MIG_TEST_MARIADB_PORT");
}

// Opens a connection as mc to DATABASE on 127.0.0.1:port; the error in *error.
inline QSqlDatabase openMc(const QString &connection, int port, const QString &database, QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), connection);
    db.setHostName(QStringLiteral("127.0.0.1"));
    db.setPort(port);
    db.setDatabaseName(database);
    db.setUserName(QStringLiteral("mc"));
    db.setPassword(QStringLiteral("mcpw"));
    db.setConnectOptions(QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=5"));
    if (!db.open())
        *error = db.lastError().text();
    return db;
}

// The history table as SQL reads it, in id order.
inline QList<HistoryRecord> readHistory(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    QList<HistoryRecord> out;
    const bool ok = q.exec(QStringLiteral(
        "SELECT id, version, name, checksum, direction, action, status, DATE_FORMAT(started_at, '%Y-%m-%d %H:%i:%s.%f'), "
        "DATE_FORMAT(finished_at, '%Y-%m-%d %H:%i:%s.%f'), statements_done, statements_total, batch_rows_done, run_id, "
        "applied_by, console_version, error_code, error_message, error_statement, error_file, error_line, reason "
        "FROM migctl_history ORDER BY id"));
    EXPECT_TRUE(ok) << "cannot read the history: " << str(q.lastError().text());
    while (ok && q.next()) {
        HistoryRecord h;
        int i = 0;
        h.id = q.value(i++).toLongLong();
        h.version = q.value(i++).toString();
        h.name = q.value(i++).toString();
        h.checksum = q.value(i++).toString();
        h.direction = q.value(i++).toString();
        h.action = q.value(i++).toString();
        h.status = q.value(i++).toString();
        h.startedAt = q.value(i++).toString().left(23); // microseconds -> milliseconds
        h.finishedAt = q.value(i++).toString().left(23);
        h.statementsDone = q.value(i++).toInt();
        h.statementsTotal = q.value(i++).toInt();
        h.batchRowsDone = q.value(i++).toLongLong();
        h.runId = q.value(i++).toString();
        h.appliedBy = q.value(i++).toString();
        h.consoleVersion = q.value(i++).toString();
        h.errorCode = q.value(i++);
        h.errorMessage = q.value(i++);
        h.errorStatement = q.value(i++);
        h.errorFile = q.value(i++);
        h.errorLine = q.value(i++);
        h.reason = q.value(i++);
        out << h;
    }
    return out;
}

// The id of the connection running a statement that starts with `prefix` in `database`, waiting
// up to timeoutMs for it to appear; 0 when it does not.
inline qint64 waitForRunningOn(const QSqlDatabase &db, const QString &database, const QString &prefix, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    do {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND = 'Query' AND INFO LIKE ?"));
        q.addBindValue(database);
        q.addBindValue(prefix + u'%');
        if (q.exec() && q.next())
            return q.value(0).toLongLong();
        QThread::msleep(20);
    } while (t.elapsed() < timeoutMs);
    return 0;
}

// The fixture: a database of the test's own, a connection to it for checks, a migrations folder
// and a run store in a temporary folder.
class EngineMariadb : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const QString port = serverPortText();
        ASSERT_FALSE(port.isEmpty()) << "MIG_TEST_MARIADB_PORT is not set: run the test through CTest so its MariaDB fixture starts";
        m_port = port.toInt();
        m_dbName = QStringLiteral("mc_eng_%1_%2").arg(::getpid()).arg(QRandomGenerator::global()->bounded(0x100000), 5, 16, QLatin1Char('0'));
        m_conn = QStringLiteral("check-%1").arg(m_dbName);
        QString error;
        {
            QSqlDatabase boot = openMc(m_conn + QStringLiteral("-boot"), m_port, QString(), &error);
            ASSERT_TRUE(boot.isOpen()) << "cannot reach the test MariaDB server on port " << m_port << ": " << str(error);
            QSqlQuery q(boot);
            ASSERT_TRUE(q.exec(QStringLiteral("CREATE DATABASE `%1` CHARACTER SET utf8mb4").arg(m_dbName))) << str(q.lastError().text());
            m_created = true;
            boot.close();
        }
        QSqlDatabase::removeDatabase(m_conn + QStringLiteral("-boot"));
        m_db = openMc(m_conn, m_port, m_dbName, &error);
        ASSERT_TRUE(m_db.isOpen()) << str(error);
        ASSERT_TRUE(QSqlQuery(m_db).exec(QStringLiteral("SET time_zone = '+00:00'")));
    }

    void TearDown() override
    {
        if (m_db.isOpen()) {
            if (m_created)
                QSqlQuery(m_db).exec(QStringLiteral("DROP DATABASE IF EXISTS `%1`").arg(m_dbName));
            m_db.close();
        }
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_conn);
    }

    QString url() const { return QStringLiteral("mysql://mc@127.0.0.1:%1/%2").arg(m_port).arg(m_dbName); }

    mig::RunRequest request(mig::RunRequest::Action action = mig::RunRequest::Action::Apply) const
    {
        mig::RunRequest r;
        r.action = action;
        r.profile = *mig::parseTargetUrl(url()).profile;
        r.password = QStringLiteral("mcpw");
        r.dir = m_folder.path();
        return r;
    }

    // A run on this thread; its events in *events.
    mig::RunResult run(const mig::RunRequest &r, QList<mig::RunEvent> *events = nullptr)
    {
        QList<mig::RunEvent> collected;
        mig::Runner runner(r, [&](const mig::RunEvent &e) { collected << e; });
        const mig::RunResult result = runner.run();
        if (events)
            *events = collected;
        return result;
    }

    QProcessEnvironment migctlEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("MIGCTL_PASSWORD"), QStringLiteral("mcpw"));
        env.insert(QStringLiteral("MIGCTL_RUN_STORE"), m_store.file(QStringLiteral("runs.sqlite")));
        return env;
    }

    // migctl COMMAND --target URL --dir FOLDER ARGS..., to its end.
    CliResult migctl(const QString &command, const QStringList &args = {}, int timeoutMs = 30000) const
    {
        QProcess p;
        startMigctl(p, command, args);
        CliResult r;
        QElapsedTimer t;
        t.start();
        if (p.waitForFinished(timeoutMs) && p.exitStatus() == QProcess::NormalExit)
            r.code = p.exitCode();
        else
            p.kill(), p.waitForFinished(5000);
        r.elapsedMs = t.elapsed();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    void startMigctl(QProcess &p, const QString &command, const QStringList &args) const
    {
        p.setProcessEnvironment(migctlEnvironment());
        p.start(QStringLiteral(MIGCTL_PATH), QStringList{command, QStringLiteral("--target"), url(), QStringLiteral("--dir"), m_folder.path()} + args);
    }

    void write(const QString &name, const QByteArray &content) const { m_folder.write(name, content); }

    // One value of a query on the check connection; an invalid QVariant (and a test failure) on error.
    QVariant scalar(const QString &sql) const
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql)) {
            ADD_FAILURE() << sql.toStdString() << ": " << str(q.lastError().text());
            return {};
        }
        return q.next() ? q.value(0) : QVariant();
    }
    bool exec(const QString &sql) const
    {
        QSqlQuery q(m_db);
        const bool ok = q.exec(sql);
        EXPECT_TRUE(ok) << sql.toStdString() << ": " << str(q.lastError().text());
        return ok;
    }
    QStringList column(const QString &sql) const
    {
        QSqlQuery q(m_db);
        QStringList out;
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString() << ": " << str(q.lastError().text());
        while (q.next())
            out << q.value(0).toString();
        return out;
    }
    int tableCount() const
    {
        return scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%1'").arg(m_dbName)).toInt();
    }

    // The history table as SQL reads it, in id order.
    QList<HistoryRecord> history() const { return readHistory(m_db); }

    // See waitForRunningOn: in this test's database.
    qint64 waitForRunning(const QString &prefix, int timeoutMs) const
    {
        return waitForRunningOn(m_db, m_dbName, prefix, timeoutMs);
    }

    // The "status" of migctl status --json for one version.
    QJsonObject statusOf(const CliResult &status, const QString &version) const
    {
        const QJsonObject doc = QJsonDocument::fromJson(status.out.toUtf8()).object();
        for (const QJsonValue &m : doc.value(QStringLiteral("migrations")).toArray())
            if (m.toObject().value(QStringLiteral("version")).toString() == version)
                return m.toObject();
        return {};
    }

    int m_port = 0;
    QString m_dbName;
    QString m_conn;
    QSqlDatabase m_db;
    bool m_created = false;
    TempFolder m_folder;
    TempFolder m_store;
};

} // namespace enginetest
