// The engine against a real MariaDB when things go wrong around a run: another run holding the
// lock, migctl killed with SIGKILL, a cancel (KILL QUERY) mid-statement and between batches,
// the session killed from another connection, the server itself killed and restarted. After
// each, the history must say exactly what committed, and resume must finish the job.
#include "EngineMariadb.h"

#include <QDir>
#include <QProcess>
#include <QThreadPool>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

using namespace mig;
using namespace enginetest;
using Type = RunEvent::Type;

namespace {

// A statement that sleeps as long as the test's control table says: 20 s while the test needs
// it running, 0 once the test lets resume go through it.
QByteArray sleepStatement(const char *name)
{
    return QByteArray("SELECT SLEEP((SELECT secs FROM ctl WHERE name = '") + name + "'))";
}

QString sleepPrefix(const char *name)
{
    return QString::fromLatin1(sleepStatement(name));
}

// Four statements; the third sleeps (line 3). t ends with rows 1 and 4.
QByteArray fourWithSleep(const char *name)
{
    return "CREATE TABLE t (id INT NOT NULL);\n"
           "INSERT INTO t VALUES (1);\n"
           + sleepStatement(name) + ";\n"
           "INSERT INTO t VALUES (4);\n";
}

QList<int> startedInJson(const CliResult &r)
{
    QList<int> out;
    for (const QJsonObject &e : r.jsonLines())
        if (e.value(QStringLiteral("event")).toString() == u"statement-started")
            out << e.value(QStringLiteral("statement")).toInt();
    return out;
}

} // namespace

class EngineMariadbFaults : public EngineMariadb
{
protected:
    void SetUp() override
    {
        EngineMariadb::SetUp();
        if (HasFatalFailure())
            return;
        exec(QStringLiteral("CREATE TABLE ctl (name VARCHAR(8) PRIMARY KEY, secs INT NOT NULL)"));
        exec(QStringLiteral("INSERT INTO ctl VALUES ('a', 20), ('b', 20)"));
    }
    void setSleep(const char *name, int secs)
    {
        exec(QStringLiteral("UPDATE ctl SET secs = %1 WHERE name = '%2'").arg(secs).arg(QLatin1String(name)));
    }
};

TEST_F(EngineMariadbFaults, SecondRunIsRefusedAtOnceNamingTheHolderAndWaitsWithLockWait)
{
    setSleep("a", 3);
    write(QStringLiteral("001_slow.sql"), "CREATE TABLE slow (id INT NOT NULL);\n" + sleepStatement("a") + ";\nINSERT INTO slow VALUES (1);\n");
    QProcess holder;
    startMigctl(holder, QStringLiteral("apply"), {});
    ASSERT_NE(waitForRunning(sleepPrefix("a"), 10000), 0) << "the first run never reached its SLEEP";
    // The holder's note, beside the GET_LOCK lock.
    const QString holderRun = scalar(QStringLiteral("SELECT run_id FROM migctl_history_lock WHERE id = 1")).toString();
    ASSERT_FALSE(holderRun.isEmpty());

    const CliResult refused = migctl(QStringLiteral("apply"));
    EXPECT_EQ(refused.code, 4) << str(refused.out) << str(refused.err);
    EXPECT_LT(refused.elapsedMs, 2500);
    EXPECT_TRUE(refused.out.contains(QStringLiteral("another run holds the lock on this target: %1 (run %2, since ")
                                         .arg(Runner::operatorName(), holderRun)))
        << str(refused.out);
    EXPECT_TRUE(refused.out.contains(QStringLiteral("(use --lock-wait SECONDS to wait for it)"))) << str(refused.out);

    // The same in-process: refused, and nothing of its own recorded.
    const RunResult inProcess = run(request());
    EXPECT_EQ(inProcess.outcome, RunResult::Outcome::Refused) << str(inProcess.message);
    EXPECT_TRUE(inProcess.message.contains(QStringLiteral("(run %1,").arg(holderRun))) << str(inProcess.message);
    EXPECT_EQ(history().size(), 1); // the holder's dirty row only

    // A migration added while the holder runs: --lock-wait waits for the holder, then applies it.
    write(QStringLiteral("002_after.sql"), "INSERT INTO slow VALUES (2);\n");
    const CliResult waited = migctl(QStringLiteral("apply"), {QStringLiteral("--lock-wait"), QStringLiteral("20")});
    EXPECT_EQ(waited.code, 0) << str(waited.out) << str(waited.err);
    EXPECT_TRUE(waited.out.contains(QStringLiteral("waiting up to 20 s for the run lock held by %1 (run %2,").arg(Runner::operatorName(), holderRun)))
        << str(waited.out);
    ASSERT_TRUE(holder.waitForFinished(10000));
    EXPECT_EQ(holder.exitCode(), 0) << holder.readAllStandardOutput().toStdString();

    const QList<HistoryRecord> h = history();
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h[0].version, QStringLiteral("001"));
    EXPECT_EQ(h[0].runId, holderRun);
    EXPECT_EQ(h[0].status, QStringLiteral("applied"));
    EXPECT_EQ(h[1].version, QStringLiteral("002"));
    EXPECT_EQ(h[1].status, QStringLiteral("applied"));
    EXPECT_NE(h[1].runId, holderRun);
    EXPECT_LE(h[0].finishedAt, h[1].startedAt); // it waited for the holder
    EXPECT_EQ(column(QStringLiteral("SELECT id FROM slow ORDER BY id")), (QStringList{QStringLiteral("1"), QStringLiteral("2")}));
}

// migctl killed outright while statement 3 runs: no chance to write anything. The server ends
// the session (and its GET_LOCK) once it notices the client is gone; the history shows the
// progress last committed: dirty, 2 of 4 done.
TEST_F(EngineMariadbFaults, SigkilledRunLeavesDirtyAtTheRunningStatementAndResumeCompletes)
{
    write(QStringLiteral("001_killed.sql"), fourWithSleep("a"));
    QProcess p;
    startMigctl(p, QStringLiteral("apply"), {});
    const qint64 session = waitForRunning(sleepPrefix("a"), 10000);
    ASSERT_NE(session, 0) << "the run never reached its SLEEP";
    const QString killedRun = scalar(QStringLiteral("SELECT run_id FROM migctl_history_lock WHERE id = 1")).toString();
    p.kill(); // SIGKILL
    ASSERT_TRUE(p.waitForFinished(5000));
    EXPECT_EQ(p.exitStatus(), QProcess::CrashExit);
    QElapsedTimer sinceKill;
    sinceKill.start();

    QList<HistoryRecord> h = history();
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h[0].status, QStringLiteral("dirty"));
    EXPECT_EQ(h[0].runId, killedRun);
    EXPECT_EQ(h[0].statementsDone, 2); // statement 3 was running
    EXPECT_EQ(h[0].statementsTotal, 4);
    EXPECT_TRUE(h[0].errorCode.isNull());
    EXPECT_EQ(column(QStringLiteral("SELECT id FROM t")), QStringList{QStringLiteral("1")});
    const CliResult status = migctl(QStringLiteral("status"), {QStringLiteral("--json")});
    EXPECT_EQ(statusOf(status, QStringLiteral("001")).value(QStringLiteral("detail")).toString(),
              QStringLiteral("stopped at statement 3 of 4, 2 statement(s) committed"));

    // resume takes the lock as soon as the server has ended the dead session, and runs 3..4.
    setSleep("a", 0);
    const CliResult resumed = migctl(QStringLiteral("resume"), {QStringLiteral("--lock-wait"), QStringLiteral("15"), QStringLiteral("--json")});
    const qint64 lockedFor = sinceKill.elapsed();
    ASSERT_EQ(resumed.code, 0) << str(resumed.out) << str(resumed.err);
    // MariaDB checks whether a sleeping client is still there every 5 s.
    EXPECT_LT(lockedFor, 8000);
    for (const QJsonObject &e : resumed.jsonLines()) {
        const QString text = e.value(QStringLiteral("message")).toString();
        if (e.value(QStringLiteral("event")).toString() == u"message" && text.startsWith(QStringLiteral("waiting up to"))) {
            EXPECT_TRUE(text.contains(QStringLiteral("(run %1,").arg(killedRun))) << str(text);
        }
    }
    EXPECT_EQ(startedInJson(resumed), (QList<int>{3, 4}));
    EXPECT_EQ(column(QStringLiteral("SELECT id FROM t ORDER BY id")), (QStringList{QStringLiteral("1"), QStringLiteral("4")}));
    h = history();
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h[1].action, QStringLiteral("resume"));
    EXPECT_EQ(h[1].status, QStringLiteral("applied"));
    EXPECT_EQ(h[1].statementsDone, 4);
}

TEST_F(EngineMariadbFaults, CancelInterruptsTheRunningStatementWithKillQuery)
{
    write(QStringLiteral("001_first.sql"), fourWithSleep("a"));
    write(QStringLiteral("002_second.sql"), sleepStatement("b") + ";\nCREATE TABLE t2 (id INT);\n");
    {
        AsyncRun run(request());
        ASSERT_NE(waitForRunning(sleepPrefix("a"), 10000), 0) << "the run never reached its SLEEP";
        QElapsedTimer t;
        t.start();
        run.runner().cancel(); // from this thread, not the run's
        const auto result = run.wait(10000);
        ASSERT_TRUE(result);
        EXPECT_LT(t.elapsed(), 3000);
        EXPECT_EQ(result->outcome, RunResult::Outcome::Cancelled) << str(result->message);
        EXPECT_TRUE(result->message.startsWith(QStringLiteral("001 first dirty: statement 3 of 4 (001_first.sql:3) cancelled: "
                                                              "Query execution was interrupted")))
            << str(result->message);
        const QList<RunEvent> events = run.events();
        EXPECT_EQ(statementsStarted(events), (QList<int>{1, 2, 3})); // neither statement 4 nor 002
        const QList<RunEvent> fin = ofType(events, Type::StatementFinished);
        ASSERT_EQ(fin.size(), 3);
        EXPECT_EQ(fin[2].status, QStringLiteral("failed"));
        EXPECT_EQ(fin[2].code, QStringLiteral("1317"));
        EXPECT_EQ(ofType(events, Type::MigrationFinished).value(0).status, QStringLiteral("dirty"));
        EXPECT_EQ(ofType(events, Type::RunFinished).value(0).status, QStringLiteral("cancelled"));
    }
    // The SLEEP is gone from the server; statements 1 and 2 committed: dirty at 3.
    EXPECT_EQ(waitForRunning(sleepPrefix("a"), 0), 0);
    EXPECT_EQ(column(QStringLiteral("SELECT id FROM t")), QStringList{QStringLiteral("1")});
    QList<HistoryRecord> h = history();
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h[0].status, QStringLiteral("dirty"));
    EXPECT_EQ(h[0].statementsDone, 2);
    EXPECT_EQ(h[0].errorCode.toString(), QStringLiteral("1317"));
    EXPECT_EQ(h[0].errorLine.toInt(), 3);
    EXPECT_EQ(h[0].errorStatement.toString(), QString::fromLatin1(sleepStatement("a")));

    // Resume finishes 001, then 002 starts with its SLEEP: a cancel there keeps nothing of 002.
    setSleep("a", 0);
    {
        AsyncRun run(request(RunRequest::Action::Resume));
        ASSERT_TRUE(run.waitForEvent([](const RunEvent &e) { return e.type == Type::StatementStarted && e.version == u"002"; }, 10000));
        ASSERT_NE(waitForRunning(sleepPrefix("b"), 10000), 0);
        run.runner().cancel();
        const auto result = run.wait(10000);
        ASSERT_TRUE(result);
        EXPECT_EQ(result->outcome, RunResult::Outcome::Cancelled) << str(result->message);
        EXPECT_EQ(statementsStarted(run.events(), QStringLiteral("001")), (QList<int>{3, 4}));
        EXPECT_EQ(statementsStarted(run.events(), QStringLiteral("002")), QList<int>{1});
    }
    EXPECT_EQ(column(QStringLiteral("SELECT id FROM t ORDER BY id")), (QStringList{QStringLiteral("1"), QStringLiteral("4")}));
    h = history();
    ASSERT_EQ(h.size(), 3);
    EXPECT_EQ(h[1].version, QStringLiteral("001"));
    EXPECT_EQ(h[1].status, QStringLiteral("applied"));
    EXPECT_EQ(h[2].version, QStringLiteral("002"));
    EXPECT_EQ(h[2].status, QStringLiteral("cancelled"));
    EXPECT_EQ(h[2].statementsDone, 0);
    EXPECT_EQ(h[2].errorCode.toString(), QStringLiteral("1317"));
    const CliResult status = migctl(QStringLiteral("status"), {QStringLiteral("--json")});
    EXPECT_EQ(statusOf(status, QStringLiteral("002")).value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
    EXPECT_TRUE(statusOf(status, QStringLiteral("002")).value(QStringLiteral("detail")).toString().startsWith(
        QStringLiteral("cancelled at statement 1 of 2 (002_second.sql:1): Query execution was interrupted [1317]")));

    // A cancelled migration is applied again from the start.
    setSleep("b", 0);
    const RunResult again = run(request());
    EXPECT_EQ(again.outcome, RunResult::Outcome::Succeeded) << str(again.message);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't2'")).toInt(), 1);
    EXPECT_EQ(history().value(3).status, QStringLiteral("applied"));
}

// The GUI keeps the global thread pool busy (folder scans, reports): a cancel must not queue
// behind that work while the statement it is meant to interrupt goes on running.
TEST_F(EngineMariadbFaults, CancelInterruptsEvenWhileTheGlobalThreadPoolIsBusy)
{
    setSleep("a", 6);
    write(QStringLiteral("001_first.sql"), fourWithSleep("a"));
    std::atomic<bool> release{false};
    const auto releasePool = qScopeGuard([&] {
        release.store(true);
        QThreadPool::globalInstance()->waitForDone();
    });
    AsyncRun run(request());
    ASSERT_NE(waitForRunning(sleepPrefix("a"), 10000), 0) << "the run never reached its SLEEP";
    for (int i = 0; i < QThreadPool::globalInstance()->maxThreadCount(); ++i)
        QThreadPool::globalInstance()->start([&release] {
            while (!release.load())
                QThread::msleep(10);
        });
    QElapsedTimer t;
    t.start();
    run.runner().cancel();
    const auto result = run.wait(15000);
    ASSERT_TRUE(result);
    EXPECT_LT(t.elapsed(), 3000);
    EXPECT_EQ(result->outcome, RunResult::Outcome::Cancelled) << str(result->message);
    EXPECT_TRUE(result->message.startsWith(QStringLiteral("001 first dirty: statement 3 of 4 (001_first.sql:3) cancelled: "))) << str(result->message);
    EXPECT_EQ(history().value(0).statementsDone, 2);
}

TEST_F(EngineMariadbFaults, CancelBetweenBatchesLeavesDirtyWithRowsDoneAndResumeFinishesExactly)
{
    write(QStringLiteral("001_items.sql"),
          "CREATE TABLE items (id INT PRIMARY KEY, v INT NOT NULL, done TINYINT NOT NULL DEFAULT 0);\n"
          "INSERT INTO items (id, v) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 100) SELECT n, n FROM s;\n"
          "-- migctl:batch size=10\n"
          "-- migctl:total SELECT COUNT(*) FROM items WHERE done = 0\n"
          "UPDATE items SET v = v * 2, done = 1 WHERE done = 0 ORDER BY id LIMIT :batch_size;\n"
          "CREATE TABLE summary (done_rows INT NOT NULL, total INT NOT NULL);\n"
          "INSERT INTO summary SELECT COUNT(*), SUM(v) FROM items WHERE done = 1;\n");
    QList<RunEvent> events;
    Runner *self = nullptr;
    Runner runner(request(), [&](const RunEvent &e) {
        events << e;
        if (e.type == Type::BatchProgress && e.batch == 3)
            self->cancel(); // between batch 3 and 4
    });
    self = &runner;
    const RunResult r = runner.run();
    EXPECT_EQ(r.outcome, RunResult::Outcome::Cancelled) << str(r.message);
    EXPECT_TRUE(r.message.contains(QStringLiteral("statement 3 of 5 (001_items.sql:5) cancelled: cancelled between batches"))) << str(r.message);
    const QList<RunEvent> batches = ofType(events, Type::BatchProgress);
    ASSERT_EQ(batches.size(), 3);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(batches[i].rows, 10);
        EXPECT_EQ(batches[i].rowsDone, 10 * (i + 1));
        EXPECT_EQ(batches[i].rowsTotal, 100);
    }
    // Three batches committed, each with its progress.
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM items WHERE done = 1")).toInt(), 30);
    EXPECT_EQ(scalar(QStringLiteral("SELECT SUM(v) FROM items WHERE done = 1")).toInt(), 2 * (30 * 31 / 2));
    QList<HistoryRecord> h = history();
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h[0].status, QStringLiteral("dirty"));
    EXPECT_EQ(h[0].statementsDone, 2);
    EXPECT_EQ(h[0].batchRowsDone, 30);
    const CliResult status = migctl(QStringLiteral("status"), {QStringLiteral("--json")});
    EXPECT_TRUE(statusOf(status, QStringLiteral("001")).value(QStringLiteral("detail")).toString().startsWith(
        QStringLiteral("stopped at statement 3 of 5 (001_items.sql:5), 2 statement(s) committed, 30 row(s) of its batches done")))
        << str(status.out);

    // Resume carries on from row 31: every row doubled exactly once.
    QList<RunEvent> resumed;
    const RunResult r2 = run(request(RunRequest::Action::Resume), &resumed);
    ASSERT_EQ(r2.outcome, RunResult::Outcome::Succeeded) << str(r2.message);
    EXPECT_EQ(statementsStarted(resumed), (QList<int>{3, 4, 5}));
    const QList<RunEvent> more = ofType(resumed, Type::BatchProgress);
    ASSERT_FALSE(more.isEmpty());
    EXPECT_EQ(more.first().rowsDone, 40);
    EXPECT_EQ(more.last().rowsDone, 100);
    EXPECT_EQ(more.last().rowsTotal, 100);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM items WHERE done = 1")).toInt(), 100);
    EXPECT_EQ(scalar(QStringLiteral("SELECT SUM(v) FROM items")).toInt(), 2 * 5050);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM items WHERE v <> 2 * id")).toInt(), 0);
    EXPECT_EQ(column(QStringLiteral("SELECT CONCAT(done_rows, '/', total) FROM summary")), QStringList{QStringLiteral("100/10100")});
    h = history();
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h[1].action, QStringLiteral("resume"));
    EXPECT_EQ(h[1].status, QStringLiteral("applied"));
    EXPECT_EQ(h[1].statementsDone, 5);
    EXPECT_EQ(h[1].batchRowsDone, 0);
}

// KILL <id> of the run's own connection from another session: the run fails as a lost
// connection; what committed is what the history says.
TEST_F(EngineMariadbFaults, KilledSessionFailsAsConnectionLostAndResumeCompletes)
{
    write(QStringLiteral("001_victim.sql"), fourWithSleep("a"));
    {
        AsyncRun run(request());
        const qint64 session = waitForRunning(sleepPrefix("a"), 10000);
        ASSERT_NE(session, 0) << "the run never reached its SLEEP";
        ASSERT_TRUE(exec(QStringLiteral("KILL %1").arg(session)));
        const auto result = run.wait(10000);
        ASSERT_TRUE(result);
        EXPECT_EQ(result->outcome, RunResult::Outcome::Failed) << str(result->message);
        EXPECT_TRUE(result->message.startsWith(QStringLiteral("001 victim dirty: statement 3 of 4 (001_victim.sql:3) failed: "))) << str(result->message);
        EXPECT_TRUE(result->message.contains(QStringLiteral("the history could not be updated"))) << str(result->message);
        const QList<RunEvent> fin = ofType(run.events(), Type::StatementFinished);
        ASSERT_EQ(fin.size(), 3);
        EXPECT_EQ(fin[2].status, QStringLiteral("failed"));
        // ER_CONNECTION_KILLED, or the client's "lost connection" / "gone away"
        EXPECT_TRUE(QStringList({QStringLiteral("1927"), QStringLiteral("2013"), QStringLiteral("2006")}).contains(fin[2].code))
            << str(fin[2].code) << " " << str(fin[2].message);
    }
    QList<HistoryRecord> h = history();
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h[0].status, QStringLiteral("dirty"));
    EXPECT_EQ(h[0].statementsDone, 2);
    EXPECT_TRUE(h[0].errorCode.isNull()); // its session was gone: nothing more could be written
    EXPECT_EQ(column(QStringLiteral("SELECT id FROM t")), QStringList{QStringLiteral("1")});

    // apply refuses (dirty); resume runs 3..4 at once: the killed session's lock went with it.
    EXPECT_EQ(run(request()).outcome, RunResult::Outcome::Refused);
    setSleep("a", 0);
    QList<RunEvent> events;
    const RunResult r = run(request(RunRequest::Action::Resume), &events);
    ASSERT_EQ(r.outcome, RunResult::Outcome::Succeeded) << str(r.message);
    EXPECT_EQ(statementsStarted(events), (QList<int>{3, 4}));
    EXPECT_EQ(column(QStringLiteral("SELECT id FROM t ORDER BY id")), (QStringList{QStringLiteral("1"), QStringLiteral("4")}));
    h = history();
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h[1].status, QStringLiteral("applied"));
    EXPECT_EQ(h[1].statementsDone, 4);
}

namespace {

// A MariaDB server of the test's own (tests/servers/mariadb.sh), stopped and removed however
// the test ends.
class DedicatedServer
{
public:
    ~DedicatedServer()
    {
        if (!m_dir.isEmpty())
            script({QStringLiteral("stop"), m_dir});
    }
    QString start()
    {
        m_port = freePort();
        if (m_port == 0)
            return QStringLiteral("no free port in 53310-53319");
        m_dir = QStringLiteral(MIG_TEST_SERVERS_DIR "/engine-crash-%1").arg(m_port);
        return script({QStringLiteral("start"), m_dir, QString::number(m_port)});
    }
    QString restart() { return script({QStringLiteral("restart"), m_dir, QString::number(m_port)}); }
    // kill -9 of mariadbd; true once it is gone (or a zombie: its files, port and locks are free).
    bool kill9()
    {
        QFile f(m_dir + QStringLiteral("/mysqld.pid"));
        if (!f.open(QIODevice::ReadOnly))
            return false;
        const pid_t pid = f.readAll().trimmed().toInt();
        if (pid <= 0 || ::kill(pid, SIGKILL) != 0)
            return false;
        for (int i = 0; i < 200; ++i) {
            QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
            if (!stat.open(QIODevice::ReadOnly) || stat.readAll().contains(") Z "))
                return true;
            QThread::msleep(25);
        }
        return false;
    }
    // SQL as root through the socket.
    QString rootSql(const QString &sql)
    {
        QProcess p;
        p.start(QStringLiteral("mariadb"), {QStringLiteral("--no-defaults"), QStringLiteral("--socket=") + m_dir + QStringLiteral("/mysqld.sock"),
                                            QStringLiteral("-uroot"), QStringLiteral("-e"), sql});
        if (!p.waitForFinished(20000) || p.exitCode() != 0)
            return QStringLiteral("mariadb -e failed: ") + QString::fromUtf8(p.readAllStandardError());
        return {};
    }
    int port() const { return m_port; }

private:
    static int freePort()
    {
        for (int port = 53310; port <= 53319; ++port) {
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_port = htons(quint16(port));
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            const bool free = ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0;
            ::close(fd);
            if (free && !QDir(QStringLiteral(MIG_TEST_SERVERS_DIR "/engine-crash-%1").arg(port)).exists())
                return port;
        }
        return 0;
    }
    QString script(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(MIG_TEST_MARIADB_SCRIPT), args);
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return QStringLiteral("mariadb.sh %1 failed: %2").arg(args.join(u' '), QString::fromUtf8(p.readAllStandardError()));
        return {};
    }

    QString m_dir;
    int m_port = 0;
};

} // namespace

// The server killed (kill -9) while statement 3 of 4 runs, then started again on the same data:
// after crash recovery the history says dirty at statement 3, and resume completes.
TEST(EngineMariadbServer, ServerKilledMidRunThenRestartedShowsDirtyAndResumeCompletes)
{
    ASSERT_FALSE(serverPortText().isEmpty()) << "MIG_TEST_MARIADB_PORT is not set: run the test through CTest";
    DedicatedServer server;
    const QString started = server.start();
    ASSERT_TRUE(started.isEmpty()) << str(started);
    // Durable commits, as on a production server (the test servers trade them for speed).
    const QString durable = server.rootSql(QStringLiteral("SET GLOBAL innodb_flush_log_at_trx_commit = 1"));
    ASSERT_TRUE(durable.isEmpty()) << str(durable);

    const QString conn = QStringLiteral("crash-check");
    const auto connect = [&] {
        QString error;
        QSqlDatabase db = openMc(conn, server.port(), QStringLiteral("mc_test"), &error);
        EXPECT_TRUE(db.isOpen()) << str(error);
        return db;
    };
    const auto drop = [&] {
        { QSqlDatabase::database(conn, false).close(); }
        QSqlDatabase::removeDatabase(conn);
    };
    const auto cleanup = qScopeGuard(drop);
    {
        QSqlDatabase db = connect();
        ASSERT_TRUE(db.isOpen());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral("CREATE TABLE ctl (name VARCHAR(8) PRIMARY KEY, secs INT NOT NULL)")));
        ASSERT_TRUE(q.exec(QStringLiteral("INSERT INTO ctl VALUES ('a', 20)")));
    }
    TempFolder folder, store;
    folder.write(QStringLiteral("001_crash.sql"), fourWithSleep("a"));
    const QString url = QStringLiteral("mysql://mc@127.0.0.1:%1/mc_test").arg(server.port());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MIGCTL_PASSWORD"), QStringLiteral("mcpw"));
    env.insert(QStringLiteral("MIGCTL_RUN_STORE"), store.file(QStringLiteral("runs.sqlite")));
    const auto migctl = [&](const QString &command, QProcess &p) {
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(MIGCTL_PATH), {command, QStringLiteral("--target"), url, QStringLiteral("--dir"), folder.path(), QStringLiteral("--json")});
    };

    QProcess apply;
    migctl(QStringLiteral("apply"), apply);
    ASSERT_NE(waitForRunningOn(QSqlDatabase::database(conn, false), QStringLiteral("mc_test"), sleepPrefix("a"), 10000), 0)
        << "the run never reached its SLEEP";
    ASSERT_TRUE(server.kill9());
    ASSERT_TRUE(apply.waitForFinished(10000));
    EXPECT_EQ(apply.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(apply.exitCode(), 1);
    const QString out = QString::fromUtf8(apply.readAllStandardOutput());
    EXPECT_TRUE(out.contains(QStringLiteral("\"event\":\"statement-finished\""))) << str(out);
    EXPECT_TRUE(out.contains(QStringLiteral("001 crash dirty: statement 3 of 4 (001_crash.sql:3) failed: "))) << str(out);

    drop();
    const QString restarted = server.restart();
    ASSERT_TRUE(restarted.isEmpty()) << str(restarted);
    QSqlDatabase db = connect();
    ASSERT_TRUE(db.isOpen());
    QList<HistoryRecord> h = readHistory(db);
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h[0].status, QStringLiteral("dirty"));
    EXPECT_EQ(h[0].statementsDone, 2);
    EXPECT_EQ(h[0].statementsTotal, 4);
    QSqlQuery q(db);
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT GROUP_CONCAT(id ORDER BY id) FROM t")) && q.next());
    EXPECT_EQ(q.value(0).toString(), QStringLiteral("1"));

    ASSERT_TRUE(q.exec(QStringLiteral("UPDATE ctl SET secs = 0")));
    QProcess resume;
    migctl(QStringLiteral("resume"), resume);
    ASSERT_TRUE(resume.waitForFinished(20000));
    const CliResult resumed{resume.exitCode(), QString::fromUtf8(resume.readAllStandardOutput()), QString::fromUtf8(resume.readAllStandardError())};
    ASSERT_EQ(resumed.code, 0) << str(resumed.out) << str(resumed.err);
    EXPECT_EQ(startedInJson(resumed), (QList<int>{3, 4}));
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT GROUP_CONCAT(id ORDER BY id) FROM t")) && q.next());
    EXPECT_EQ(q.value(0).toString(), QStringLiteral("1,4"));
    h = readHistory(db);
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h[1].action, QStringLiteral("resume"));
    EXPECT_EQ(h[1].status, QStringLiteral("applied"));
    EXPECT_EQ(h[1].statementsDone, 4);
    q = QSqlQuery();
    db = QSqlDatabase();
}
