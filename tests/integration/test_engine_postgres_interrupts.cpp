// The engine against a real PostgreSQL 15 when a run is interrupted: its progress write blocked,
// a cancel during a statement or between batches, its session terminated by a DBA, the server
// stopped under it. Afterwards the history must say exactly what was kept.
#include "PgEngineSupport.h"

#include <QScopeGuard>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

using namespace mig;
using namespace pgtest;

namespace {

using EnginePostgresInterrupts = PgEngineTest;

bool isBatch(const RunEvent &e, int atLeast)
{
    return e.type == RunEvent::Type::BatchProgress && e.batch >= atLeast;
}

// 400 readings in Celsius (001) and a batched conversion to Fahrenheit, 20 rows a batch of about
// 50 ms (002, about 1 s in all: time to interrupt it): converting a row twice would show.
void writeReadings(const TempFolder &dir)
{
    dir.write(QStringLiteral("001_readings.sql"),
              "CREATE TABLE readings (id int PRIMARY KEY, temp numeric NOT NULL, converted boolean NOT NULL DEFAULT false);\n"
              "INSERT INTO readings (id, temp) SELECT g, g FROM generate_series(1, 400) g;\n"
              "CREATE FUNCTION slow_batch() RETURNS boolean LANGUAGE plpgsql STABLE AS $$ BEGIN PERFORM pg_sleep(0.05); RETURN true; END $$;\n");
    dir.write(QStringLiteral("002_fahrenheit.sql"),
              "-- Celsius to Fahrenheit, 20 rows a batch.\n"
              "-- migctl:batch size=20\n"
              "-- migctl:total SELECT count(*) FROM readings WHERE NOT converted\n"
              "UPDATE readings SET temp = temp * 9 / 5 + 32, converted = true\n"
              " WHERE id IN (SELECT id FROM readings WHERE NOT converted ORDER BY id LIMIT :batch_size)\n"
              "   AND slow_batch();\n");
}

const char *const ConvertedOnce = "SELECT count(*) FROM readings WHERE converted AND temp = id::numeric * 9 / 5 + 32";

} // namespace

// 5. The lock-queue guard meets the history table itself: while a session holds a SHARE lock on
// it, a batch's progress write times out; the batch rolls back with its progress, every count
// reported is what committed, and resume finishes exactly.
TEST_F(EnginePostgresInterrupts, ABlockedProgressWriteRollsTheBatchBackAndKeepsTheCountsExact)
{
    TempFolder dir;
    writeReadings(dir);
    const QString database = m_database;
    const auto closeBlocker = qScopeGuard([&] { dropConnection(QStringLiteral("blocker"), database); });
    QSqlDatabase blocker = extraConnection(QStringLiteral("blocker"));
    QSqlQuery q(blocker);

    RunRequest r = request(RunRequest::Action::Apply, dir.path());
    r.locks.timeoutMs = 300;
    r.locks.retries = 1;
    r.locks.retryDelayMs = 100;
    AsyncRun running(r);
    ASSERT_TRUE(running.log.waitFor([](const RunEvent &e) { return isBatch(e, 2); }, 15000)) << s(running.log.dump());
    ASSERT_TRUE(blocker.transaction());
    ASSERT_TRUE(q.exec(QStringLiteral("LOCK TABLE migctl_history IN SHARE MODE"))) << s(q.lastError().text());
    ASSERT_TRUE(running.wait(10000));
    EXPECT_EQ(outcomeName(running.result.outcome), QStringLiteral("failed")) << s(running.result.message) << s(running.log.dump());
    EXPECT_TRUE(running.result.message.contains(u"canceling statement due to lock timeout")) << s(running.result.message);
    EXPECT_TRUE(running.result.message.contains(u"(after 2 attempt(s); blocking: pid ")) << s(running.result.message);
    EXPECT_TRUE(running.result.message.contains(u"the history could not be updated")) << s(running.result.message);
    EXPECT_EQ(messages(running.log, QStringLiteral("warning")).size(), 1) << s(running.log.dump());

    const qint64 converted = scalar(QStringLiteral("SELECT count(*) FROM readings WHERE converted")).toLongLong();
    EXPECT_GE(converted, 40);
    EXPECT_LT(converted, 400);
    EXPECT_EQ(scalar(QLatin1String(ConvertedOnce)).toLongLong(), converted);
    // The last progress the run reported, and its failure, count only committed batches.
    const QList<RunEvent> progress = running.log.of(RunEvent::Type::BatchProgress);
    ASSERT_FALSE(progress.isEmpty());
    EXPECT_EQ(progress.last().rowsDone, converted);
    RunEvent failedBatch;
    for (const RunEvent &e : running.log.of(RunEvent::Type::StatementFinished))
        if (e.version == u"002")
            failedBatch = e;
    EXPECT_EQ(failedBatch.status, QStringLiteral("failed"));
    EXPECT_EQ(failedBatch.code, QStringLiteral("55P03"));
    EXPECT_EQ(failedBatch.rows, converted) << "rows of batches that rolled back were counted";

    ASSERT_TRUE(blocker.rollback());
    // The history kept the progress last committed: exactly the converted rows.
    const QList<QVariantMap> h = history();
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h.at(1).value(QStringLiteral("status")).toString(), QStringLiteral("dirty"));
    EXPECT_EQ(h.at(1).value(QStringLiteral("batch_rows_done")).toLongLong(), converted);

    EventLog log;
    const RunResult resumed = run(request(RunRequest::Action::Resume, dir.path()), log);
    ASSERT_EQ(outcomeName(resumed.outcome), QStringLiteral("succeeded")) << s(resumed.message) << s(log.dump());
    ASSERT_FALSE(log.of(RunEvent::Type::BatchProgress).isEmpty());
    EXPECT_EQ(log.of(RunEvent::Type::BatchProgress).last().rowsDone, 400);
    EXPECT_EQ(log.of(RunEvent::Type::BatchProgress).first().rowsTotal, 400);
    EXPECT_EQ(scalar(QLatin1String(ConvertedOnce)).toInt(), 400);
}

// 6. Cancel while a statement runs: the statement is interrupted at once, the run ends
// cancelled, nothing of the migration kept, and the history says so.
TEST_F(EnginePostgresInterrupts, CancelDuringAStatementEndsTheRunAndKeepsNothing)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_sleepy.sql"),
              "CREATE TABLE kept_not (id int);\nINSERT INTO kept_not VALUES (1);\nSELECT pg_sleep(30);\nCREATE TABLE after_sleep (id int);\n");
    AsyncRun running(request(RunRequest::Action::Apply, dir.path()));
    ASSERT_TRUE(running.log.waitFor([](const RunEvent &e) { return isStatement(e, RunEvent::Type::StatementStarted, QStringLiteral("001"), 3); }, 10000))
        << s(running.log.dump());
    QThread::msleep(200);
    QElapsedTimer clock;
    clock.start();
    running.runner.cancel();
    ASSERT_TRUE(running.wait(10000));
    EXPECT_LT(clock.elapsed(), 3000);
    EXPECT_EQ(outcomeName(running.result.outcome), QStringLiteral("cancelled")) << s(running.result.message);
    EXPECT_TRUE(running.result.message.startsWith(
        u"001 sleepy cancelled: statement 3 of 4 (001_sleepy.sql:3) cancelled: "))
        << s(running.result.message);
    const QList<RunEvent> finished = running.log.of(RunEvent::Type::MigrationFinished);
    ASSERT_EQ(finished.size(), 1);
    EXPECT_EQ(finished.first().status, QStringLiteral("cancelled"));
    EXPECT_EQ(finished.first().code, QStringLiteral("57014"));
    EXPECT_EQ(running.log.of(RunEvent::Type::RunFinished).first().status, QStringLiteral("cancelled"));
    EXPECT_FALSE(running.log.waitFor([](const RunEvent &e) { return isStatement(e, RunEvent::Type::StatementStarted, QStringLiteral("001"), 4); }, 0));

    EXPECT_FALSE(tableExists(QStringLiteral("kept_not")));
    EXPECT_FALSE(tableExists(QStringLiteral("after_sleep")));
    const QList<QVariantMap> h = history();
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h.first().value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
    EXPECT_EQ(h.first().value(QStringLiteral("statements_done")).toInt(), 2);
    EXPECT_EQ(h.first().value(QStringLiteral("error_code")).toString(), QStringLiteral("57014"));
    EXPECT_EQ(h.first().value(QStringLiteral("error_statement")).toString(), QStringLiteral("SELECT pg_sleep(30)"));
    EXPECT_EQ(h.first().value(QStringLiteral("error_line")).toInt(), 3);
    EXPECT_EQ(h.first().value(QStringLiteral("run_id")).toString(), running.result.runId);
    QJsonObject status;
    EXPECT_EQ(statusStates(dir.path(), nullptr, &status).value(QStringLiteral("001")), QStringLiteral("failed"));
    const QString detail = status.value(u"migrations").toArray().at(0).toObject().value(u"detail").toString();
    EXPECT_TRUE(detail.startsWith(u"cancelled at statement 3 of 4 (001_sleepy.sql:3)")) << s(detail);

    dir.write(QStringLiteral("001_sleepy.sql"), "CREATE TABLE kept_not (id int);\nINSERT INTO kept_not VALUES (1);\nCREATE TABLE after_sleep (id int);\n");
    EventLog log;
    ASSERT_EQ(outcomeName(apply(dir.path(), log).outcome), QStringLiteral("succeeded")) << s(log.dump());
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM kept_not")).toInt(), 1);
    EXPECT_TRUE(tableExists(QStringLiteral("after_sleep")));
}

// 6. Cancel during a batched data migration: the batches committed stay, the history says how
// many rows (exactly what the table holds), and resume finishes with every row converted once.
TEST_F(EnginePostgresInterrupts, CancelBetweenBatchesLeavesDirtyAndResumeFinishesExactly)
{
    TempFolder dir;
    writeReadings(dir);
    AsyncRun running(request(RunRequest::Action::Apply, dir.path()));
    ASSERT_TRUE(running.log.waitFor([](const RunEvent &e) { return isBatch(e, 3); }, 15000)) << s(running.log.dump());
    running.runner.cancel();
    ASSERT_TRUE(running.wait(10000));
    EXPECT_EQ(outcomeName(running.result.outcome), QStringLiteral("cancelled")) << s(running.result.message) << s(running.log.dump());
    EXPECT_TRUE(running.result.message.startsWith(u"002 fahrenheit dirty: statement 1 of 1 (002_fahrenheit.sql:4) cancelled"))
        << s(running.result.message);

    const qint64 converted = scalar(QStringLiteral("SELECT count(*) FROM readings WHERE converted")).toLongLong();
    const QList<QVariantMap> h = history();
    ASSERT_EQ(h.size(), 2);
    const QVariantMap &dirty = h.at(1);
    EXPECT_EQ(dirty.value(QStringLiteral("version")).toString(), QStringLiteral("002"));
    EXPECT_EQ(dirty.value(QStringLiteral("status")).toString(), QStringLiteral("dirty"));
    EXPECT_EQ(dirty.value(QStringLiteral("statements_done")).toInt(), 0);
    EXPECT_EQ(dirty.value(QStringLiteral("statements_total")).toInt(), 1);
    // The history counts exactly the rows the committed batches changed.
    EXPECT_EQ(dirty.value(QStringLiteral("batch_rows_done")).toLongLong(), converted);
    EXPECT_GE(converted, 60);
    EXPECT_LT(converted, 400);
    EXPECT_EQ(converted % 20, 0);
    EXPECT_EQ(scalar(QLatin1String(ConvertedOnce)).toLongLong(), converted);
    int code = -1;
    QJsonObject status;
    EXPECT_EQ(statusStates(dir.path(), &code, &status).value(QStringLiteral("002")), QStringLiteral("dirty"));
    EXPECT_EQ(code, 4);
    const QString detail = status.value(u"migrations").toArray().at(1).toObject().value(u"detail").toString();
    EXPECT_TRUE(detail.contains(QStringLiteral("%1 row(s) of its batches done").arg(converted))) << s(detail);

    const MigctlRun resumed = migctl(QStringList{QStringLiteral("resume"), QStringLiteral("--json")} + targetArgs(dir.path()));
    ASSERT_EQ(resumed.exitCode, 0) << s(resumed.out) << s(resumed.err);
    QList<QJsonObject> progress;
    for (const QJsonObject &e : resumed.events)
        if (e.value(u"event").toString() == u"batch-progress")
            progress << e;
    ASSERT_FALSE(progress.isEmpty()) << s(resumed.out);
    EXPECT_EQ(progress.first().value(u"rowsTotal").toInteger(), 400);
    EXPECT_EQ(progress.first().value(u"rowsDone").toInteger(), converted + 20);
    EXPECT_EQ(progress.last().value(u"rowsDone").toInteger(), 400);
    EXPECT_EQ(progress.last().value(u"rows").toInteger(), 0);
    // Every row converted exactly once.
    EXPECT_EQ(scalar(QLatin1String(ConvertedOnce)).toInt(), 400);
    const QList<QVariantMap> after = history();
    ASSERT_EQ(after.size(), 3);
    EXPECT_EQ(after.at(2).value(QStringLiteral("action")).toString(), QStringLiteral("resume"));
    EXPECT_EQ(after.at(2).value(QStringLiteral("status")).toString(), QStringLiteral("applied"));
    EXPECT_EQ(after.at(2).value(QStringLiteral("statements_done")).toInt(), 1);
    EXPECT_EQ(after.at(2).value(QStringLiteral("batch_rows_done")).toLongLong(), 0);
    EXPECT_EQ(statusStates(dir.path()).value(QStringLiteral("002")), QStringLiteral("applied"));
}

// 7. A DBA terminates the runner's session (pg_terminate_backend) mid-migration: the run fails
// saying the connection was lost, committed work stays, the migration left nothing, and the next
// apply completes.
TEST_F(EnginePostgresInterrupts, ATerminatedSessionFailsTheRunAndLosesNothingCommitted)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_base.sql"), "CREATE TABLE base (id int);\nINSERT INTO base VALUES (1), (2), (3);\n");
    dir.write(QStringLiteral("002_long.sql"), "CREATE TABLE doomed (id int);\nINSERT INTO doomed VALUES (1);\nSELECT pg_sleep(30);\n");
    AsyncRun running(request(RunRequest::Action::Apply, dir.path()));
    ASSERT_TRUE(running.log.waitFor([](const RunEvent &e) { return isStatement(e, RunEvent::Type::StatementStarted, QStringLiteral("002"), 3); }, 10000))
        << s(running.log.dump());
    const QList<QVariantList> sessions = rows(QStringLiteral(
        "SELECT pid, application_name FROM pg_stat_activity WHERE application_name LIKE 'migctl%' AND datname = current_database()"));
    ASSERT_EQ(sessions.size(), 1);
    EXPECT_EQ(sessions.first().at(1).toString(), QStringLiteral("migctl ") + running.runner.runId());
    ASSERT_TRUE(scalar(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(sessions.first().at(0).toInt())).toBool());
    ASSERT_TRUE(running.wait(10000));
    EXPECT_EQ(outcomeName(running.result.outcome), QStringLiteral("failed"));
    const QString message = running.result.message;
    EXPECT_TRUE(message.startsWith(u"002 long failed: statement 3 of 3 (002_long.sql:3) failed: ")) << s(message);
    EXPECT_TRUE(message.contains(u"terminating connection due to administrator command")) << s(message);
    EXPECT_TRUE(message.contains(u"connection to the server was lost")) << s(message);

    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM base")).toInt(), 3);
    EXPECT_FALSE(tableExists(QStringLiteral("doomed")));
    EXPECT_EQ(column(QStringLiteral("SELECT version || ' ' || status FROM migctl_history ORDER BY id")), QStringList({QStringLiteral("001 applied")}));
    EXPECT_EQ(scalar(QLatin1String(AdvisoryLocksHere)).toInt(), 0);
    EXPECT_EQ(statusStates(dir.path()).value(QStringLiteral("002")), QStringLiteral("pending"));

    dir.write(QStringLiteral("002_long.sql"), "CREATE TABLE doomed (id int);\nINSERT INTO doomed VALUES (1);\n");
    EventLog log;
    const RunResult next = apply(dir.path(), log);
    ASSERT_EQ(outcomeName(next.outcome), QStringLiteral("succeeded")) << s(next.message) << s(log.dump());
    EXPECT_EQ(column(QStringLiteral("SELECT version || ' ' || status FROM migctl_history ORDER BY id")),
              QStringList({QStringLiteral("001 applied"), QStringLiteral("002 applied")}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM doomed")).toInt(), 1);
}

namespace {

// A PostgreSQL server of the test's own (tests/servers/postgres.sh), so that it can be stopped
// and started again; removed when the test ends, whatever happened.
class DedicatedServer
{
public:
    ~DedicatedServer()
    {
        if (!m_dir.isEmpty())
            script({QStringLiteral("stop"), m_dir});
    }

    // Takes the first free port of 55440-55449.
    QString start()
    {
        for (int port = 55440; port <= 55449; ++port) {
            if (!portFree(port))
                continue;
            m_port = port;
            m_dir = QStringLiteral("/tmp/migration-console-test-servers/engine-pg-%1").arg(port);
            QString output;
            if (!script({QStringLiteral("start"), m_dir, QString::number(port)}, &output))
                return QStringLiteral("postgres.sh start failed: ") + output;
            return {};
        }
        return QStringLiteral("no free port in 55440-55449");
    }
    QString stopImmediately() { return pgCtl({QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")}); }
    QString startAgain()
    {
        return pgCtl({QStringLiteral("-l"), m_dir + QStringLiteral("/server.log"), QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"),
                      QStringLiteral("-o"),
                      QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off").arg(m_port).arg(m_dir),
                      QStringLiteral("start")});
    }
    int port() const { return m_port; }

private:
    static bool portFree(int port)
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            return false;
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(quint16(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const bool free = ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0;
        ::close(fd);
        return free;
    }
    static bool runProcess(const QString &program, const QStringList &args, QString *output)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        const bool ok = p.waitForFinished(90000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        if (output)
            *output = QString::fromLocal8Bit(p.readAll()) + p.errorString();
        return ok;
    }
    static bool script(const QStringList &args, QString *output = nullptr)
    {
        return runProcess(QStringLiteral(MIG_TEST_DATA "/../servers/postgres.sh"), args, output);
    }
    // pg_ctl as the server's user, as postgres.sh runs it.
    QString pgCtl(const QStringList &args)
    {
        QStringList versions = QDir(QStringLiteral("/usr/lib/postgresql")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        std::sort(versions.begin(), versions.end(), [](const QString &a, const QString &b) { return a.toInt() < b.toInt(); });
        if (versions.isEmpty())
            return QStringLiteral("no PostgreSQL server binaries under /usr/lib/postgresql");
        const QString pgCtl = QStringLiteral("/usr/lib/postgresql/%1/bin/pg_ctl").arg(versions.last());
        const QStringList command = QStringList{pgCtl, QStringLiteral("-D"), m_dir + QStringLiteral("/data")} + args;
        QString output;
        const bool ok = ::geteuid() == 0 ? runProcess(QStringLiteral("runuser"), QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--")} + command, &output)
                                         : runProcess(command.first(), command.mid(1), &output);
        return ok ? QString() : QStringLiteral("pg_ctl %1 failed: %2").arg(args.join(u' '), output);
    }

    int m_port = 0;
    QString m_dir;
};

class EnginePostgresServerStop : public PgEngineTest
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_store.isValid());
        const QString error = m_server.start();
        ASSERT_TRUE(error.isEmpty()) << s(error);
        m_port = m_server.port();
        m_database = QStringLiteral("mc_e_server_stop");
        ASSERT_NO_FATAL_FAILURE(createDatabase());
    }
    void TearDown() override
    {
        closeCheck(); // the server and its data go with m_server
    }

    DedicatedServer m_server;
};

} // namespace

// 8. The server stops (immediate shutdown, as a crash) in the middle of a migration: the run
// fails, and once the server is back the history is consistent (the committed migration is
// there, the interrupted one-transaction migration left nothing) and the next apply completes.
TEST_F(EnginePostgresServerStop, ServerStoppedMidRunLeavesAConsistentHistory)
{
    // Commits must reach the WAL on disk before the crash (the throwaway servers run with
    // synchronous_commit=off; a database setting wins over the command line).
    ASSERT_TRUE(exec(QStringLiteral("ALTER DATABASE %1 SET synchronous_commit = on").arg(m_database)));
    TempFolder dir;
    dir.write(QStringLiteral("001_base.sql"), "CREATE TABLE base (id int);\nINSERT INTO base VALUES (1), (2), (3);\n");
    dir.write(QStringLiteral("002_long.sql"), "CREATE TABLE doomed (id int);\nINSERT INTO doomed VALUES (1);\nSELECT pg_sleep(30);\n");
    AsyncRun running(request(RunRequest::Action::Apply, dir.path()));
    ASSERT_TRUE(running.log.waitFor([](const RunEvent &e) { return isStatement(e, RunEvent::Type::StatementStarted, QStringLiteral("002"), 3); }, 10000))
        << s(running.log.dump());
    closeCheck();

    QString error = m_server.stopImmediately();
    ASSERT_TRUE(error.isEmpty()) << s(error);
    ASSERT_TRUE(running.wait(10000));
    EXPECT_EQ(outcomeName(running.result.outcome), QStringLiteral("failed"));
    EXPECT_TRUE(running.result.message.startsWith(u"002 long failed: statement 3 of 3 (002_long.sql:3) failed: ")) << s(running.result.message);
    EXPECT_TRUE(running.result.message.contains(u"connection to the server was lost")) << s(running.result.message);

    // While the server is down: a clear connection failure, nothing else.
    EventLog down;
    const RunResult refused = apply(dir.path(), down);
    EXPECT_EQ(outcomeName(refused.outcome), QStringLiteral("failed"));
    EXPECT_TRUE(refused.message.startsWith(QStringLiteral("cannot connect to ") + url())) << s(refused.message);

    error = m_server.startAgain();
    ASSERT_TRUE(error.isEmpty()) << s(error);
    ASSERT_NO_FATAL_FAILURE(openCheck());
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM base")).toInt(), 3);
    EXPECT_FALSE(tableExists(QStringLiteral("doomed")));
    EXPECT_EQ(column(QStringLiteral("SELECT version || ' ' || status FROM migctl_history ORDER BY id")), QStringList({QStringLiteral("001 applied")}));
    EXPECT_EQ(statusStates(dir.path()).value(QStringLiteral("002")), QStringLiteral("pending"));

    dir.write(QStringLiteral("002_long.sql"), "CREATE TABLE doomed (id int);\nINSERT INTO doomed VALUES (1);\n");
    EventLog log;
    const RunResult next = apply(dir.path(), log);
    ASSERT_EQ(outcomeName(next.outcome), QStringLiteral("succeeded")) << s(next.message) << s(log.dump());
    EXPECT_EQ(column(QStringLiteral("SELECT version || ' ' || status FROM migctl_history ORDER BY id")),
              QStringList({QStringLiteral("001 applied"), QStringLiteral("002 applied")}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM doomed")).toInt(), 1);
}
