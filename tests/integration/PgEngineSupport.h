#pragma once
// Shared by the engine's PostgreSQL integration tests (test_engine_postgres*.cpp): a database of
// the test's own on the fixture server, the engine's events collected across threads, a Runner
// on a thread of its own, and the real migctl binary.

#include "TempFolder.h"
#include "run/Runner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QThread>
#include <QWaitCondition>

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <unistd.h>

// Readable QStrings in GoogleTest's messages (QStringList and QMap print through it too).
inline void PrintTo(const QString &text, std::ostream *os)
{
    *os << '"' << text.toStdString() << '"';
}

namespace pgtest {

using namespace mig;

inline std::string s(const QString &text)
{
    return text.toStdString();
}

// Every event of a run, in order, safe to read while the run goes on on another thread.
class EventLog
{
public:
    EventSink sink()
    {
        return [this](const RunEvent &e) {
            QMutexLocker lock(&m_mutex);
            m_events << e;
            m_changed.wakeAll();
        };
    }
    // Waits until an event matches; false after timeoutMs.
    bool waitFor(const std::function<bool(const RunEvent &)> &match, int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        QMutexLocker lock(&m_mutex);
        for (;;) {
            for (const RunEvent &e : std::as_const(m_events))
                if (match(e))
                    return true;
            const qint64 left = timeoutMs - clock.elapsed();
            if (left <= 0)
                return false;
            m_changed.wait(&m_mutex, QDeadlineTimer(left));
        }
    }
    QList<RunEvent> all() const
    {
        QMutexLocker lock(&m_mutex);
        return m_events;
    }
    QList<RunEvent> of(RunEvent::Type type) const
    {
        QList<RunEvent> out;
        for (const RunEvent &e : all())
            if (e.type == type)
                out << e;
        return out;
    }
    // "migration-started 001 ...": one line per event, for failure messages.
    QString dump() const
    {
        QString out;
        for (const RunEvent &e : all())
            out += RunEvent::typeName(e.type) + QStringLiteral(": ") + e.toText() + u'\n';
        return out;
    }

private:
    mutable QMutex m_mutex;
    QWaitCondition m_changed;
    QList<RunEvent> m_events;
};

// The run's messages of one status (info, warning, error).
inline QList<RunEvent> messages(const EventLog &log, const QString &status)
{
    QList<RunEvent> out;
    for (const RunEvent &e : log.of(RunEvent::Type::Message))
        if (e.status == status)
            out << e;
    return out;
}

// Advisory locks (the run lock) held in the current database.
inline const char *const AdvisoryLocksHere =
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

inline bool isStatement(const RunEvent &e, RunEvent::Type type, const QString &version, int statement)
{
    return e.type == type && e.version == version && e.statement == statement;
}

// A Runner on a thread of its own, as the GUI runs it. If the test ends early, the run is
// cancelled and joined.
class AsyncRun
{
public:
    explicit AsyncRun(RunRequest request)
        : runner(std::move(request), log.sink())
    {
        m_thread = std::thread([this] {
            result = runner.run();
            m_done.store(true);
        });
    }
    ~AsyncRun()
    {
        if (!m_done.load())
            runner.cancel();
        if (m_thread.joinable())
            m_thread.join();
    }
    // Waits for the run to end; false after timeoutMs (the run goes on).
    bool wait(int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        while (!m_done.load() && clock.elapsed() < timeoutMs)
            QThread::msleep(20);
        if (!m_done.load())
            return false;
        m_thread.join();
        return true;
    }
    bool done() const { return m_done.load(); }

    EventLog log; // before runner: the runner's sink points into it
    Runner runner;
    RunResult result;

private:
    std::atomic<bool> m_done{false};
    std::thread m_thread;
};

struct MigctlRun {
    int exitCode = -1; // -1: did not finish, or crashed
    QString out, err;
    QList<QJsonObject> events; // --json lines
};

inline QString outcomeName(RunResult::Outcome o)
{
    static const char *const names[] = {"succeeded", "nothing-to-do", "failed", "cancelled", "refused"};
    return QLatin1String(names[int(o)]);
}

// A database of the test's own on the PostgreSQL server the CTest fixture started (port in
// MIG_TEST_PG_PORT, or a dedicated server's port), created in SetUp and dropped in TearDown,
// so that tests run in parallel. Without a server the test fails: never skips.
class PgEngineTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const QByteArray port = qgetenv("MIG_TEST_PG_PORT");
        ASSERT_FALSE(port.isEmpty()) << "MIG_TEST_PG_PORT is not set: run the test through CTest so its PostgreSQL fixture starts";
        m_port = port.toInt();
        ASSERT_GT(m_port, 0) << "MIG_TEST_PG_PORT=" << port.constData();
        ASSERT_TRUE(m_store.isValid());
        const ::testing::TestInfo *info = ::testing::UnitTest::GetInstance()->current_test_info();
        QString test = QString::fromLatin1(info->name()).toLower().left(40);
        test.replace(QRegularExpression(QStringLiteral("[^a-z0-9_]")), QStringLiteral("_"));
        m_database = QStringLiteral("mc_e_%1_%2").arg(test).arg(::getpid());
        ASSERT_NO_FATAL_FAILURE(createDatabase());
    }

    void TearDown() override
    {
        closeCheck();
        dropDatabase();
    }

    // CREATE DATABASE on the server at m_port, and the test's own connection to it.
    void createDatabase()
    {
        QString error;
        ASSERT_TRUE(admin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_database), &error)
                    && admin(QStringLiteral("CREATE DATABASE %1").arg(m_database), &error))
            << "cannot reach the test PostgreSQL server on 127.0.0.1:" << m_port << ": " << s(error);
        ASSERT_NO_FATAL_FAILURE(openCheck());
    }

    // The test's own connection to its database (checks with plain SQL).
    void openCheck()
    {
        closeCheck();
        m_checkName = QStringLiteral("check-") + m_database;
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_checkName);
        configure(db, m_database);
        ASSERT_TRUE(db.open()) << s(db.lastError().text());
        ASSERT_TRUE(exec(QStringLiteral("SET TIME ZONE 'UTC'")));
    }

    void dropDatabase()
    {
        if (m_database.isEmpty() || m_port <= 0)
            return;
        QString error;
        EXPECT_TRUE(admin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_database), &error)) << s(error);
    }

    void closeCheck()
    {
        if (m_checkName.isEmpty())
            return;
        {
            QSqlDatabase db = QSqlDatabase::database(m_checkName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_checkName);
        m_checkName.clear();
    }

    void configure(QSqlDatabase &db, const QString &database) const
    {
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setDatabaseName(database);
        db.setUserName(QStringLiteral("postgres"));
        db.setConnectOptions(QStringLiteral("connect_timeout=5;application_name=engine-test"));
    }

    // One statement on the maintenance database mc_test, on a connection of its own.
    bool admin(const QString &sql, QString *error)
    {
        const QString name = QStringLiteral("admin-") + m_database;
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            configure(db, QStringLiteral("mc_test"));
            if (!db.open()) {
                *error = db.lastError().text();
            } else {
                QSqlQuery q(db);
                q.exec(QStringLiteral("SET client_min_messages = warning")); // no "does not exist, skipping"
                ok = q.exec(sql);
                if (!ok)
                    *error = q.lastError().text();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return ok;
    }

    QSqlDatabase check() const { return QSqlDatabase::database(m_checkName, false); }

    // A further connection to the test's database (a blocker, an observer); closed by the caller.
    QSqlDatabase extraConnection(const QString &tag)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), tag + u'-' + m_database);
        configure(db, m_database);
        EXPECT_TRUE(db.open()) << s(db.lastError().text());
        return db;
    }
    static void dropConnection(const QString &tag, const QString &database)
    {
        {
            QSqlDatabase db = QSqlDatabase::database(tag + u'-' + database, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(tag + u'-' + database);
    }

    bool exec(const QString &sql)
    {
        QSqlQuery q(check());
        const bool ok = q.exec(sql);
        EXPECT_TRUE(ok) << s(sql) << ": " << s(q.lastError().text());
        return ok;
    }

    QList<QVariantList> rows(const QString &sql)
    {
        QSqlQuery q(check());
        QList<QVariantList> out;
        if (!q.exec(sql)) {
            ADD_FAILURE() << s(sql) << ": " << s(q.lastError().text());
            return out;
        }
        while (q.next()) {
            QVariantList row;
            for (int i = 0; i < q.record().count(); ++i)
                row << q.value(i);
            out << row;
        }
        return out;
    }

    QVariant scalar(const QString &sql)
    {
        const QList<QVariantList> r = rows(sql);
        return r.isEmpty() || r.first().isEmpty() ? QVariant() : r.first().first();
    }

    QStringList column(const QString &sql)
    {
        QStringList out;
        for (const QVariantList &row : rows(sql))
            out << row.value(0).toString();
        return out;
    }

    bool tableExists(const QString &name)
    {
        return scalar(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = '%1' AND relkind IN ('r', 'p', 'i')").arg(name)).toInt() > 0;
    }

    // The history table as the server holds it, read with plain SQL: one map per row, in id
    // order; timestamps as UTC text with milliseconds.
    QList<QVariantMap> history(const QString &table = QStringLiteral("migctl_history"))
    {
        QSqlQuery q(check());
        QList<QVariantMap> out;
        const QString sql = QStringLiteral(
            "SELECT *, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS started_utc, "
            "to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS finished_utc FROM %1 ORDER BY id").arg(table);
        if (!q.exec(sql)) {
            ADD_FAILURE() << s(sql) << ": " << s(q.lastError().text());
            return out;
        }
        while (q.next()) {
            QVariantMap row;
            for (int i = 0; i < q.record().count(); ++i)
                row.insert(q.record().fieldName(i), q.value(i));
            out << row;
        }
        return out;
    }

    bool historyExists()
    {
        return scalar(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'migctl_history'")).toInt() > 0;
    }

    ConnectionProfile profile() const
    {
        ConnectionProfile p;
        p.engine = Dialect::Postgres;
        p.host = QStringLiteral("127.0.0.1");
        p.port = m_port;
        p.database = m_database;
        p.user = QStringLiteral("postgres");
        return p;
    }

    QString url() const { return QStringLiteral("postgres://postgres@127.0.0.1:%1/%2").arg(m_port).arg(m_database); }

    RunRequest request(RunRequest::Action action, const QString &dir) const
    {
        RunRequest r;
        r.action = action;
        r.profile = profile();
        r.dir = dir;
        return r;
    }

    RunResult run(const RunRequest &r, EventLog &log)
    {
        Runner runner(r, log.sink());
        return runner.run();
    }

    RunResult apply(const QString &dir, EventLog &log) { return run(request(RunRequest::Action::Apply, dir), log); }

    // The real migctl: a fresh run store, no password prompt.
    QProcessEnvironment migctlEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("MIGCTL_RUN_STORE"), m_store.filePath(QStringLiteral("runs.sqlite")));
        env.insert(QStringLiteral("MIGCTL_PASSWORD"), QString());
        return env;
    }

    QStringList targetArgs(const QString &dir) const
    {
        return {QStringLiteral("--target"), url(), QStringLiteral("--dir"), dir};
    }

    MigctlRun migctl(const QStringList &args, int timeoutMs = 30000) const
    {
        QProcess p;
        p.setProcessEnvironment(migctlEnvironment());
        p.start(QStringLiteral(MIGCTL_PATH), args);
        MigctlRun r;
        const bool finished = p.waitForFinished(timeoutMs);
        if (!finished)
            p.kill();
        p.waitForFinished(5000);
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        if (finished && p.exitStatus() == QProcess::NormalExit)
            r.exitCode = p.exitCode();
        if (args.contains(QStringLiteral("--json"))) {
            for (const QString &line : r.out.split(u'\n', Qt::SkipEmptyParts)) {
                const QJsonDocument d = QJsonDocument::fromJson(line.toUtf8());
                if (d.isObject())
                    r.events << d.object();
            }
        }
        return r;
    }

    // migctl status --json: the state of each migration by version.
    QMap<QString, QString> statusStates(const QString &dir, int *exitCode = nullptr, QJsonObject *document = nullptr)
    {
        const MigctlRun r = migctl(QStringList{QStringLiteral("status"), QStringLiteral("--json")} + targetArgs(dir));
        if (exitCode)
            *exitCode = r.exitCode;
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        EXPECT_EQ(o.value(u"schema").toString(), QStringLiteral("migctl.status/1")) << s(r.out) << s(r.err);
        if (document)
            *document = o;
        QMap<QString, QString> out;
        for (const QJsonValue &m : o.value(u"migrations").toArray())
            out.insert(m.toObject().value(u"version").toString(), m.toObject().value(u"state").toString());
        return out;
    }

    int m_port = 0;
    QString m_database;
    QString m_checkName;
    QTemporaryDir m_store;
};

} // namespace pgtest
