// The engine against a real PostgreSQL 15 when runs meet each other or other sessions: the run
// lock held by another run, by another session or by a killed migctl, and DDL queued behind a
// long transaction (lock_timeout, retries, the blocking session named).
#include "PgEngineSupport.h"

#include <QScopeGuard>

using namespace mig;
using namespace pgtest;

namespace {

using EnginePostgresFaults = PgEngineTest;

QString sessionCount(const QString &runId)
{
    return QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'migctl %1'").arg(runId);
}

} // namespace

// 4. While a run holds the target's lock, another is refused at once, naming the holder (user@host
// and run id); with --lock-wait it waits for the lock and then runs.
TEST_F(EnginePostgresFaults, ARunningRunRefusesOthersAtOnceAndLockWaitWaitsForIt)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_slow.sql"), "CREATE TABLE slow (id int);\nINSERT INTO slow VALUES (1);\nSELECT pg_sleep(3);\n");
    AsyncRun first(request(RunRequest::Action::Apply, dir.path()));
    ASSERT_TRUE(first.log.waitFor([](const RunEvent &e) { return isStatement(e, RunEvent::Type::StatementStarted, QStringLiteral("001"), 3); }, 10000))
        << s(first.log.dump());

    // migctl: refused at once (exit 4), the holder named.
    QElapsedTimer clock;
    clock.start();
    const MigctlRun refused = migctl(QStringList{QStringLiteral("apply")} + targetArgs(dir.path()));
    const qint64 refusedMs = clock.elapsed();
    EXPECT_EQ(refused.exitCode, 4) << s(refused.out) << s(refused.err);
    EXPECT_LT(refusedMs, 2000);
    const QString holder = QStringLiteral("another run holds the lock on this target: %1 (run %2, since ").arg(Runner::operatorName(), first.runner.runId());
    EXPECT_TRUE(refused.out.contains(holder)) << s(refused.out) << "\nexpected: " << s(holder);
    EXPECT_TRUE(refused.out.contains(u"(use --lock-wait SECONDS to wait for it)")) << s(refused.out);
    EXPECT_FALSE(refused.out.contains(u"applying")) << s(refused.out);
    EXPECT_FALSE(first.done());

    // With a lock wait: it waits for the first run, then applies what the first left pending.
    TempFolder more;
    more.write(QStringLiteral("001_slow.sql"), "CREATE TABLE slow (id int);\nINSERT INTO slow VALUES (1);\nSELECT pg_sleep(3);\n");
    more.write(QStringLiteral("002_after.sql"), "INSERT INTO slow VALUES (2);\n");
    EventLog log;
    RunRequest waiting = request(RunRequest::Action::Apply, more.path());
    waiting.lockWaitSeconds = 20;
    clock.restart();
    const RunResult second = run(waiting, log);
    const qint64 waitedMs = clock.elapsed();
    ASSERT_TRUE(first.wait(5000));
    EXPECT_EQ(outcomeName(first.result.outcome), QStringLiteral("succeeded")) << s(first.result.message);
    EXPECT_EQ(outcomeName(second.outcome), QStringLiteral("succeeded")) << s(second.message) << s(log.dump());
    EXPECT_GT(waitedMs, 300);
    EXPECT_LT(waitedMs, 8000);
    const QList<RunEvent> info = messages(log, QStringLiteral("info"));
    ASSERT_EQ(info.size(), 1) << s(log.dump());
    EXPECT_TRUE(info.first().message.startsWith(QStringLiteral("waiting up to 20 s for the run lock held by %1 (run %2")
                                                    .arg(Runner::operatorName(), first.runner.runId())))
        << s(info.first().message);
    EXPECT_EQ(column(QStringLiteral("SELECT id FROM slow ORDER BY id")), QStringList({QStringLiteral("1"), QStringLiteral("2")}));
    EXPECT_EQ(column(QStringLiteral("SELECT version || ' ' || status || ' ' || run_id FROM migctl_history ORDER BY id")),
              QStringList({QStringLiteral("001 applied ") + first.runner.runId(), QStringLiteral("002 applied ") + second.runId}));
}

// The lock taken by another session through TargetSession (another console, another tool built
// on the engine): refused with its note, and free again once unlocked.
TEST_F(EnginePostgresFaults, ALockTakenThroughASessionIsNamedAndReleasedByUnlock)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_a.sql"), "CREATE TABLE a (id int);\n");
    // Another project's database on the same server, its run lock (same key: same history
    // table name) held first: advisory locks are per database, and so must be the holder named.
    const QString neighbour = m_database + QStringLiteral("_nb");
    QString error;
    ASSERT_TRUE(admin(QStringLiteral("CREATE DATABASE %1").arg(neighbour), &error)) << s(error);
    const auto dropNeighbour = qScopeGuard([&] {
        QString ignored;
        admin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(neighbour), &ignored);
    });
    ConnectionProfile neighbourProfile = profile();
    neighbourProfile.database = neighbour;
    std::unique_ptr<TargetSession> elsewhere = TargetSession::create(neighbourProfile);
    ASSERT_FALSE(elsewhere->open(QString(), QStringLiteral("neighbour")).has_value());
    ASSERT_TRUE(elsewhere->tryLock(LockHolder{QStringLiteral("neighbour-run"), QStringLiteral("someone@elsewhere"), QString(), QString()}).acquired);

    std::unique_ptr<TargetSession> other = TargetSession::create(profile());
    ASSERT_FALSE(other->open(QString(), QStringLiteral("other console")).has_value());
    const LockAttempt held = other->tryLock(LockHolder{QStringLiteral("20260101T000000Z-beef"), QStringLiteral("dba@bastion"), QStringLiteral("2026-01-01T00:00:00.000Z"), QString()});
    ASSERT_TRUE(held.acquired);
    ASSERT_FALSE(held.error.has_value()) << s(held.error->toString());
    // The same session asking again still holds it; a second session is refused with the note.
    std::unique_ptr<TargetSession> third = TargetSession::create(profile());
    ASSERT_FALSE(third->open(QString()).has_value());
    const LockAttempt refusedAttempt = third->tryLock(LockHolder{QStringLiteral("x"), QStringLiteral("x@y"), QString(), QString()});
    EXPECT_FALSE(refusedAttempt.acquired);
    ASSERT_TRUE(refusedAttempt.holder.has_value());
    EXPECT_EQ(refusedAttempt.holder->who, QStringLiteral("dba@bastion"));
    EXPECT_EQ(refusedAttempt.holder->runId, QStringLiteral("20260101T000000Z-beef"));
    EXPECT_EQ(refusedAttempt.holder->session,
              scalar(QStringLiteral("SELECT pid FROM pg_stat_activity WHERE application_name = 'other console'")).toString());
    third->close();

    EventLog log;
    QElapsedTimer clock;
    clock.start();
    const RunResult refused = apply(dir.path(), log);
    EXPECT_LT(clock.elapsed(), 1500);
    EXPECT_EQ(outcomeName(refused.outcome), QStringLiteral("refused"));
    EXPECT_TRUE(refused.message.startsWith(
        u"another run holds the lock on this target: dba@bastion (run 20260101T000000Z-beef, since 2026-01-01T00:00:00.000Z, session "))
        << s(refused.message);
    EXPECT_TRUE(log.of(RunEvent::Type::MigrationStarted).isEmpty());
    EXPECT_FALSE(tableExists(QStringLiteral("a")));

    other->unlock();
    EventLog log2;
    EXPECT_EQ(outcomeName(apply(dir.path(), log2).outcome), QStringLiteral("succeeded")) << s(log2.dump());
    EXPECT_TRUE(tableExists(QStringLiteral("a")));
    other->close();
    elsewhere->unlock();
    elsewhere->close();
}

// 4. migctl killed (SIGKILL) in the middle of a migration: the server ends its session and the
// run lock with it, the one-transaction migration left no row, and the next run completes.
TEST_F(EnginePostgresFaults, AKilledMigctlLeavesNoHalfRowAndTheServerFreesItsLock)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_half.sql"), "CREATE TABLE half (id int);\nINSERT INTO half VALUES (1);\nSELECT pg_sleep(30);\n");
    QProcess p;
    p.setProcessEnvironment(migctlEnvironment());
    p.start(QStringLiteral(MIGCTL_PATH), QStringList{QStringLiteral("apply"), QStringLiteral("--json")} + targetArgs(dir.path()));
    const auto killed = qScopeGuard([&] {
        p.kill();
        p.waitForFinished(5000);
    });
    QString runId;
    bool sleeping = false;
    QByteArray buffer;
    QElapsedTimer clock;
    clock.start();
    while (!sleeping && clock.elapsed() < 15000 && p.state() != QProcess::NotRunning) {
        p.waitForReadyRead(100);
        buffer += p.readAllStandardOutput();
        for (qsizetype nl; !sleeping && (nl = buffer.indexOf('\n')) >= 0; buffer.remove(0, nl + 1)) {
            const QJsonObject e = QJsonDocument::fromJson(buffer.left(nl)).object();
            runId = e.value(u"run").toString();
            sleeping = e.value(u"event").toString() == u"statement-started" && e.value(u"statement").toInt() == 3;
        }
    }
    ASSERT_TRUE(sleeping) << buffer.constData() << p.readAllStandardError().constData();
    ASSERT_FALSE(runId.isEmpty());
    EXPECT_EQ(scalar(sessionCount(runId)).toInt(), 1);
    EXPECT_EQ(scalar(QLatin1String(AdvisoryLocksHere)).toInt(), 1);

    p.kill();
    ASSERT_TRUE(p.waitForFinished(5000));
    EXPECT_EQ(p.exitStatus(), QProcess::CrashExit);
    // The server notices that its client is gone, ends the statement and the session: the lock
    // goes with it (not 30 s later, when pg_sleep would have returned).
    clock.restart();
    while (clock.elapsed() < 10000 && scalar(sessionCount(runId)).toInt() > 0)
        QThread::msleep(50);
    EXPECT_LT(clock.elapsed(), 3000) << "the killed run's session outlived its client";
    EXPECT_EQ(scalar(QLatin1String(AdvisoryLocksHere)).toInt(), 0);
    // No half row, no half migration.
    ASSERT_TRUE(historyExists()); // created before the migration started, in its own transaction
    EXPECT_TRUE(history().isEmpty());
    EXPECT_FALSE(tableExists(QStringLiteral("half")));

    // The next run gets the lock at once (no lock wait) and completes.
    dir.write(QStringLiteral("001_half.sql"), "CREATE TABLE half (id int);\nINSERT INTO half VALUES (1);\nSELECT pg_sleep(0.01);\n");
    EventLog log;
    const RunResult next = apply(dir.path(), log);
    ASSERT_EQ(outcomeName(next.outcome), QStringLiteral("succeeded")) << s(next.message) << s(log.dump());
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM half")).toInt(), 1);
    EXPECT_EQ(column(QStringLiteral("SELECT version || ' ' || status || ' ' || run_id FROM migctl_history ORDER BY id")),
              QStringList({QStringLiteral("001 applied ") + next.runId}));
}

// 5. DDL behind an open transaction: lock_timeout, a retry, then a clear failure naming the
// blocking session; nothing of the migration kept.
TEST_F(EnginePostgresFaults, LockTimeoutRetriesThenFailsNamingTheBlockingSession)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_t.sql"), "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1), (2);\n");
    EventLog setup;
    ASSERT_EQ(outcomeName(apply(dir.path(), setup).outcome), QStringLiteral("succeeded")) << s(setup.dump());
    dir.write(QStringLiteral("002_alter.sql"), "ALTER TABLE t ADD COLUMN note text;\n");

    const QString database = m_database;
    const auto closeBlocker = qScopeGuard([&] { dropConnection(QStringLiteral("blocker"), database); });
    QSqlDatabase blocker = extraConnection(QStringLiteral("blocker"));
    QSqlQuery q(blocker);
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT pg_backend_pid()")) && q.next());
    const QString blockerPid = q.value(0).toString();
    ASSERT_TRUE(blocker.transaction());
    ASSERT_TRUE(q.exec(QStringLiteral("UPDATE t SET id = id WHERE id = 1"))) << s(q.lastError().text());

    QElapsedTimer clock;
    clock.start();
    const MigctlRun r = migctl(QStringList{QStringLiteral("apply"), QStringLiteral("--json"), QStringLiteral("--lock-timeout"), QStringLiteral("300"),
                                           QStringLiteral("--lock-retries"), QStringLiteral("1")}
                               + targetArgs(dir.path()));
    EXPECT_LT(clock.elapsed(), 6000);
    EXPECT_EQ(r.exitCode, 1) << s(r.out) << s(r.err);
    QStringList warnings;
    for (const QJsonObject &e : r.events)
        if (e.value(u"event").toString() == u"message" && e.value(u"status").toString() == u"warning")
            warnings << e.value(u"message").toString();
    ASSERT_EQ(warnings.size(), 1) << s(r.out);
    EXPECT_TRUE(warnings.first().startsWith(QStringLiteral("lock timeout at statement 1 (line 1), attempt 1 of 2: rolled back, retrying in 1000 ms; blocking: pid ")
                                            + blockerPid + QStringLiteral(" (postgres, engine-test, idle in transaction since ")))
        << s(warnings.first());
    EXPECT_TRUE(warnings.first().contains(u"UPDATE t SET id = id WHERE id = 1")) << s(warnings.first());
    ASSERT_FALSE(r.events.isEmpty());
    const QJsonObject finished = r.events.last();
    EXPECT_EQ(finished.value(u"status").toString(), QStringLiteral("failed"));
    const QString message = finished.value(u"message").toString();
    EXPECT_TRUE(message.contains(u"canceling statement due to lock timeout")) << s(message);
    EXPECT_TRUE(message.contains(QStringLiteral("(after 2 attempt(s); blocking: pid ") + blockerPid + u' ')) << s(message);
    EXPECT_TRUE(message.contains(u"nothing of 002 alter was kept")) << s(message);

    ASSERT_TRUE(blocker.rollback());
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'note'")).toInt(), 0);
    const QList<QVariantMap> h = history();
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h.at(1).value(QStringLiteral("version")).toString(), QStringLiteral("002"));
    EXPECT_EQ(h.at(1).value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    EXPECT_EQ(h.at(1).value(QStringLiteral("error_code")).toString(), QStringLiteral("55P03"));
    EXPECT_TRUE(h.at(1).value(QStringLiteral("error_message")).toString().contains(QStringLiteral("blocking: pid ") + blockerPid));
}

// 5. The same, but the blocker lets go before the retry: the retry succeeds.
TEST_F(EnginePostgresFaults, LockTimeoutRetrySucceedsOnceTheBlockerLetsGo)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_t.sql"), "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1), (2);\n");
    EventLog setup;
    ASSERT_EQ(outcomeName(apply(dir.path(), setup).outcome), QStringLiteral("succeeded")) << s(setup.dump());
    dir.write(QStringLiteral("002_alter.sql"), "ALTER TABLE t ADD COLUMN note text;\nUPDATE t SET note = 'n' || id;\n");

    const QString database = m_database;
    const auto closeBlocker = qScopeGuard([&] { dropConnection(QStringLiteral("blocker"), database); });
    QSqlDatabase blocker = extraConnection(QStringLiteral("blocker"));
    QSqlQuery q(blocker);
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT pg_backend_pid()")) && q.next());
    const QString blockerPid = q.value(0).toString();
    ASSERT_TRUE(blocker.transaction());
    ASSERT_TRUE(q.exec(QStringLiteral("LOCK TABLE t IN ACCESS SHARE MODE"))) << s(q.lastError().text());

    RunRequest r = request(RunRequest::Action::Apply, dir.path());
    r.locks.timeoutMs = 300;
    r.locks.retries = 1;
    r.locks.retryDelayMs = 1500;
    AsyncRun running(r);
    ASSERT_TRUE(running.log.waitFor([](const RunEvent &e) { return e.type == RunEvent::Type::Message && e.status == u"warning"; }, 5000))
        << s(running.log.dump());
    ASSERT_TRUE(blocker.rollback());
    ASSERT_TRUE(running.wait(10000));
    EXPECT_EQ(outcomeName(running.result.outcome), QStringLiteral("succeeded")) << s(running.result.message) << s(running.log.dump());

    const QList<RunEvent> warnings = messages(running.log, QStringLiteral("warning"));
    ASSERT_EQ(warnings.size(), 1);
    EXPECT_TRUE(warnings.first().message.contains(QStringLiteral("attempt 1 of 2: rolled back, retrying in 1500 ms; blocking: pid ") + blockerPid + u' '))
        << s(warnings.first().message);
    QStringList attempts;
    for (const RunEvent &e : running.log.of(RunEvent::Type::StatementFinished))
        attempts << QStringLiteral("%1/%2 %3 %4").arg(e.version).arg(e.statement).arg(e.status, e.code).trimmed();
    EXPECT_EQ(attempts, QStringList({QStringLiteral("002/1 failed 55P03"), QStringLiteral("002/1 ok"), QStringLiteral("002/2 ok")}));
    EXPECT_EQ(column(QStringLiteral("SELECT note FROM t ORDER BY id")), QStringList({QStringLiteral("n1"), QStringLiteral("n2")}));
    // The failed attempt rolled back with its transaction: one row for 002, applied.
    EXPECT_EQ(column(QStringLiteral("SELECT version || ' ' || status FROM migctl_history ORDER BY id")),
              QStringList({QStringLiteral("001 applied"), QStringLiteral("002 applied")}));
}
