// The engine against a real MariaDB 10.11, where DDL commits implicitly and every migration runs
// "tracked": applying routines and triggers, the exact history rows, a failure part-way (dirty,
// refused, resume, rollback, mark-applied), the lock-queue guard, a CALL failing after its first
// result set, a script's USE of another database, and dry runs.
// Crashes, kills, cancels and the run lock are in test_engine_mariadb_faults.cpp.
#include "EngineMariadb.h"

using namespace mig;
using namespace enginetest;
using Type = RunEvent::Type;

namespace {

// A procedure written without DELIMITER (its body is one statement for the splitter) and a
// trigger written with it.
const QByteArray Schema =
    "CREATE TABLE account (\n"
    "  id INT PRIMARY KEY AUTO_INCREMENT,\n"
    "  name VARCHAR(40) NOT NULL,\n"
    "  balance DECIMAL(10, 2) NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE TABLE audit (id INT PRIMARY KEY AUTO_INCREMENT, note VARCHAR(200) NOT NULL);\n"
    "-- without DELIMITER\n"
    "CREATE PROCEDURE open_account(IN who VARCHAR(40), IN amount DECIMAL(10, 2))\n"
    "BEGIN\n"
    "  INSERT INTO account (name, balance) VALUES (who, amount);\n"
    "  INSERT INTO audit (note) VALUES (CONCAT('opened ', who));\n"
    "END;\n"
    "DELIMITER $$\n"
    "CREATE TRIGGER account_balance BEFORE UPDATE ON account FOR EACH ROW\n"
    "BEGIN\n"
    "  IF NEW.balance < 0 THEN\n"
    "    SET NEW.balance = 0;\n"
    "  END IF;\n"
    "  INSERT INTO audit (note) VALUES (CONCAT('balance ', OLD.name, ': ', OLD.balance, ' -> ', NEW.balance));\n"
    "END$$\n"
    "DELIMITER ;\n";

const QByteArray Accounts =
    "CALL open_account('ana', 10.00);\n"
    "CALL open_account('bo', 20.50);\n"
    "UPDATE account SET balance = -5 WHERE name = 'bo';\n"
    "INSERT INTO audit (note) VALUES ('seeded');\n";

// Statement 3 of 4 (line 7) fails: its table does not exist.
const QByteArray BrokenOrders =
    "CREATE TABLE orders (\n"
    "  id INT PRIMARY KEY AUTO_INCREMENT,\n"
    "  note VARCHAR(40) NOT NULL\n"
    ");\n"
    "INSERT INTO orders (note) VALUES ('first');\n"
    "-- the table is not there\n"
    "INSERT INTO order_lines (order_id)\n"
    "  VALUES (1);\n"
    "INSERT INTO orders (note) VALUES ('last');\n";

const QByteArray FixedOrders =
    "CREATE TABLE orders (\n"
    "  id INT PRIMARY KEY AUTO_INCREMENT,\n"
    "  note VARCHAR(40) NOT NULL\n"
    ");\n"
    "INSERT INTO orders (note) VALUES ('first');\n"
    "-- fixed\n"
    "INSERT INTO orders (note)\n"
    "  VALUES ('second');\n"
    "INSERT INTO orders (note) VALUES ('last');\n";

QStringList migrationEvents(int statements)
{
    QStringList out{QStringLiteral("migration-started")};
    for (int i = 0; i < statements; ++i)
        out << QStringLiteral("statement-started") << QStringLiteral("statement-finished");
    return out << QStringLiteral("migration-finished");
}

} // namespace

TEST_F(EngineMariadb, AppliesRoutinesAndTriggersWithAndWithoutDelimiterAndRecordsExactHistory)
{
    write(QStringLiteral("001_schema.sql"), Schema);
    write(QStringLiteral("002_accounts.sql"), Accounts);
    const QString before = nowUtcSql();
    QList<RunEvent> events;
    const RunResult r = run(request(), &events);
    const QString after = nowUtcSql();
    ASSERT_EQ(r.outcome, RunResult::Outcome::Succeeded) << str(r.message);
    EXPECT_EQ(r.message, QStringLiteral("2 migration(s) done"));

    // The procedure ran whole from CALL; the trigger clamped bo's balance and logged it.
    EXPECT_EQ(column(QStringLiteral("SELECT CONCAT(name, '=', balance) FROM account ORDER BY id")),
              (QStringList{QStringLiteral("ana=10.00"), QStringLiteral("bo=0.00")}));
    EXPECT_EQ(column(QStringLiteral("SELECT note FROM audit ORDER BY id")),
              (QStringList{QStringLiteral("opened ana"), QStringLiteral("opened bo"), QStringLiteral("balance bo: 20.50 -> 0.00"),
                           QStringLiteral("seeded")}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() "
                                    "AND ROUTINE_NAME = 'open_account'")).toInt(), 1);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
                                    "AND TRIGGER_NAME = 'account_balance'")).toInt(), 1);

    const QList<HistoryRecord> h = history();
    ASSERT_EQ(h.size(), 2);
    const struct { const char *version, *name; QByteArray script; } expected[] = {
        {"001", "schema", Schema}, {"002", "accounts", Accounts}};
    for (int i = 0; i < 2; ++i) {
        SCOPED_TRACE(expected[i].version);
        EXPECT_EQ(h[i].version, QLatin1String(expected[i].version));
        EXPECT_EQ(h[i].name, QLatin1String(expected[i].name));
        EXPECT_EQ(h[i].checksum, QString::fromLatin1(sha256Hex(expected[i].script)));
        EXPECT_EQ(h[i].direction, QStringLiteral("up"));
        EXPECT_EQ(h[i].action, QStringLiteral("apply"));
        EXPECT_EQ(h[i].status, QStringLiteral("applied"));
        EXPECT_EQ(h[i].statementsTotal, 4);
        EXPECT_EQ(h[i].statementsDone, 4);
        EXPECT_EQ(h[i].batchRowsDone, 0);
        EXPECT_EQ(h[i].runId, r.runId);
        EXPECT_EQ(h[i].appliedBy, Runner::operatorName());
        EXPECT_EQ(h[i].consoleVersion, QStringLiteral(MIG_VERSION));
        // UTC, written by this run: between the clock readings around it.
        EXPECT_LE(before, h[i].startedAt);
        EXPECT_LE(h[i].startedAt, h[i].finishedAt);
        EXPECT_LE(h[i].finishedAt, after);
        EXPECT_TRUE(h[i].errorCode.isNull() && h[i].errorMessage.isNull() && h[i].errorStatement.isNull() && h[i].errorFile.isNull());
        EXPECT_TRUE(h[i].reason.isNull());
    }
    EXPECT_LE(h[0].finishedAt, h[1].startedAt);

    // The event sequence, in order.
    // The schema is read before the run, after each migration (its changes, and a check that
    // its declared objects exist), and after the run.
    const QStringList watched{QStringLiteral("snapshot-taken"), QStringLiteral("schema-changed"), QStringLiteral("check-finished")};
    QStringList expectedEvents{QStringLiteral("lock-acquired"), QStringLiteral("run-started"), QStringLiteral("snapshot-taken")};
    expectedEvents << migrationEvents(4) << watched << migrationEvents(4) << watched << QStringLiteral("snapshot-taken")
                   << QStringLiteral("run-finished");
    EXPECT_EQ(typeNames(events), expectedEvents);
    const QList<RunEvent> finished = ofType(events, Type::MigrationFinished);
    ASSERT_EQ(finished.size(), 2);
    EXPECT_EQ(finished[0].status, QStringLiteral("applied"));
    EXPECT_EQ(finished[1].status, QStringLiteral("applied"));
    const QList<RunEvent> started = ofType(events, Type::MigrationStarted);
    ASSERT_EQ(started.size(), 2);
    EXPECT_TRUE(started[0].message.startsWith(QStringLiteral("tracked statement by statement"))) << str(started[0].message);
    for (const RunEvent &e : ofType(events, Type::StatementFinished))
        EXPECT_EQ(e.status, QStringLiteral("ok")) << e.version.toStdString() << " statement " << e.statement << ": " << str(e.message);
    EXPECT_EQ(statementsStarted(events, QStringLiteral("002")), (QList<int>{1, 2, 3, 4}));
    EXPECT_EQ(ofType(events, Type::RunFinished).value(0).status, QStringLiteral("succeeded"));

    // migctl status: both applied, nothing blocks.
    const CliResult status = migctl(QStringLiteral("status"), {QStringLiteral("--json")});
    EXPECT_EQ(status.code, 0) << str(status.err);
    EXPECT_EQ(statusOf(status, QStringLiteral("001")).value(QStringLiteral("state")).toString(), QStringLiteral("applied"));
    EXPECT_EQ(statusOf(status, QStringLiteral("002")).value(QStringLiteral("state")).toString(), QStringLiteral("applied"));
    EXPECT_EQ(QJsonDocument::fromJson(status.out.toUtf8()).object().value(QStringLiteral("currentVersion")).toString(), QStringLiteral("002"));

    // Again: nothing to do, in-process and through migctl; no new history row, no change.
    QList<RunEvent> again;
    const RunResult r2 = run(request(), &again);
    EXPECT_EQ(r2.outcome, RunResult::Outcome::NothingToDo) << str(r2.message);
    EXPECT_EQ(r2.message, QStringLiteral("nothing to apply: the target is at version 002"));
    EXPECT_TRUE(ofType(again, Type::StatementStarted).isEmpty());
    const CliResult cli = migctl(QStringLiteral("apply"));
    EXPECT_EQ(cli.code, 0) << str(cli.out) << str(cli.err);
    EXPECT_TRUE(cli.out.contains(QStringLiteral("nothing-to-do"))) << str(cli.out);
    EXPECT_EQ(history().size(), 2);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM audit")).toInt(), 4);
}

TEST_F(EngineMariadb, FailureAtStatementThreeOfFourLeavesDirtyAndResumeRunsOnlyTheRest)
{
    write(QStringLiteral("001_orders.sql"), BrokenOrders);
    const CliResult failed = migctl(QStringLiteral("apply"));
    EXPECT_EQ(failed.code, 1) << str(failed.out) << str(failed.err);
    EXPECT_TRUE(failed.out.contains(QStringLiteral("statement 3/4 (001_orders.sql:7) failed: Table '%1.order_lines' doesn't exist [1146]").arg(m_dbName)))
        << str(failed.out);

    // The INSERT before it is committed, exactly once; the statement after it never ran.
    EXPECT_EQ(column(QStringLiteral("SELECT note FROM orders ORDER BY id")), QStringList{QStringLiteral("first")});
    QList<HistoryRecord> h = history();
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h[0].status, QStringLiteral("dirty"));
    EXPECT_EQ(h[0].action, QStringLiteral("apply"));
    EXPECT_EQ(h[0].statementsDone, 2);
    EXPECT_EQ(h[0].statementsTotal, 4);
    EXPECT_EQ(h[0].errorCode.toString(), QStringLiteral("1146"));
    EXPECT_EQ(h[0].errorFile.toString(), QStringLiteral("001_orders.sql"));
    EXPECT_EQ(h[0].errorLine.toInt(), 7);
    EXPECT_EQ(h[0].errorStatement.toString(), QStringLiteral("INSERT INTO order_lines (order_id)\n  VALUES (1)"));
    EXPECT_EQ(h[0].checksum, QString::fromLatin1(sha256Hex(BrokenOrders)));
    const QString brokenRun = h[0].runId;

    // status: dirty at statement 3 of 4, with the statement, file:line and the server's code.
    const CliResult status = migctl(QStringLiteral("status"), {QStringLiteral("--json")});
    EXPECT_EQ(status.code, 4) << str(status.out) << str(status.err);
    const QJsonObject s = statusOf(status, QStringLiteral("001"));
    EXPECT_EQ(s.value(QStringLiteral("state")).toString(), QStringLiteral("dirty"));
    EXPECT_EQ(s.value(QStringLiteral("detail")).toString(),
              QStringLiteral("stopped at statement 3 of 4 (001_orders.sql:7), 2 statement(s) committed: Table '%1.order_lines' "
                             "doesn't exist [1146] -- statement: INSERT INTO order_lines (order_id) VALUES (1)").arg(m_dbName));

    // apply is refused while dirty, and changes nothing.
    const CliResult refused = migctl(QStringLiteral("apply"));
    EXPECT_EQ(refused.code, 4) << str(refused.out) << str(refused.err);
    EXPECT_TRUE(refused.out.contains(QStringLiteral("001 orders is dirty (stopped at statement 3 of 4"))) << str(refused.out);
    EXPECT_EQ(history().size(), 1);

    // Fixed: resume runs statements 3 and 4 only.
    write(QStringLiteral("001_orders.sql"), FixedOrders);
    const CliResult resumed = migctl(QStringLiteral("resume"), {QStringLiteral("--json")});
    ASSERT_EQ(resumed.code, 0) << str(resumed.out) << str(resumed.err);
    QList<int> ran;
    QString resumeRun;
    for (const QJsonObject &e : resumed.jsonLines()) {
        if (e.value(QStringLiteral("event")).toString() == u"statement-started")
            ran << e.value(QStringLiteral("statement")).toInt();
        if (e.value(QStringLiteral("event")).toString() == u"run-finished")
            resumeRun = e.value(QStringLiteral("run")).toString();
    }
    EXPECT_EQ(ran, (QList<int>{3, 4}));
    // CREATE TABLE and the first INSERT did not run again.
    EXPECT_EQ(column(QStringLiteral("SELECT note FROM orders ORDER BY id")),
              (QStringList{QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("last")}));

    h = history();
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h[0].status, QStringLiteral("dirty")); // the failed attempt stays as it was
    EXPECT_EQ(h[0].runId, brokenRun);
    EXPECT_EQ(h[1].action, QStringLiteral("resume"));
    EXPECT_EQ(h[1].status, QStringLiteral("applied"));
    EXPECT_EQ(h[1].statementsDone, 4);
    EXPECT_EQ(h[1].statementsTotal, 4);
    EXPECT_EQ(h[1].checksum, QString::fromLatin1(sha256Hex(FixedOrders)));
    EXPECT_EQ(h[1].runId, resumeRun);
    EXPECT_NE(resumeRun, brokenRun);
    EXPECT_TRUE(h[1].errorCode.isNull());

    const CliResult after = migctl(QStringLiteral("status"), {QStringLiteral("--json")});
    EXPECT_EQ(after.code, 0);
    EXPECT_EQ(statusOf(after, QStringLiteral("001")).value(QStringLiteral("state")).toString(), QStringLiteral("applied"));
    const CliResult again = migctl(QStringLiteral("apply"));
    EXPECT_EQ(again.code, 0) << str(again.out);
    EXPECT_TRUE(again.out.contains(QStringLiteral("nothing to apply: the target is at version 001"))) << str(again.out);
}

TEST_F(EngineMariadb, DirtyMigrationRollsBackWithItsDownScript)
{
    write(QStringLiteral("001_orders.sql"), BrokenOrders);
    write(QStringLiteral("001_orders.rollback.sql"), "DROP TABLE IF EXISTS order_lines;\nDROP TABLE IF EXISTS orders;\n");
    ASSERT_EQ(migctl(QStringLiteral("apply")).code, 1);
    ASSERT_EQ(history().value(0).status, QStringLiteral("dirty"));

    const CliResult rb = migctl(QStringLiteral("rollback"));
    ASSERT_EQ(rb.code, 0) << str(rb.out) << str(rb.err);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                                    "AND TABLE_NAME IN ('orders', 'order_lines')")).toInt(), 0);
    const QList<HistoryRecord> h = history();
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h[1].version, QStringLiteral("001"));
    EXPECT_EQ(h[1].direction, QStringLiteral("down"));
    EXPECT_EQ(h[1].action, QStringLiteral("rollback"));
    EXPECT_EQ(h[1].status, QStringLiteral("rolled_back"));
    EXPECT_EQ(h[1].statementsDone, 2);
    EXPECT_EQ(h[1].statementsTotal, 2);
    EXPECT_EQ(h[1].checksum, QString::fromLatin1(sha256Hex("DROP TABLE IF EXISTS order_lines;\nDROP TABLE IF EXISTS orders;\n")));

    const CliResult status = migctl(QStringLiteral("status"), {QStringLiteral("--json")});
    EXPECT_EQ(status.code, 0);
    EXPECT_EQ(statusOf(status, QStringLiteral("001")).value(QStringLiteral("state")).toString(), QStringLiteral("pending"));

    // Rolled back, fixed, applied from the start.
    write(QStringLiteral("001_orders.sql"), FixedOrders);
    const CliResult apply = migctl(QStringLiteral("apply"));
    ASSERT_EQ(apply.code, 0) << str(apply.out) << str(apply.err);
    EXPECT_EQ(column(QStringLiteral("SELECT note FROM orders ORDER BY id")),
              (QStringList{QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("last")}));
    EXPECT_EQ(history().value(2).status, QStringLiteral("applied"));
    EXPECT_EQ(history().value(2).action, QStringLiteral("apply"));
}

TEST_F(EngineMariadb, MarkAppliedRecordsTheReasonAndEndsTheDirtyState)
{
    write(QStringLiteral("001_orders.sql"), BrokenOrders);
    ASSERT_EQ(migctl(QStringLiteral("apply")).code, 1);
    // The DBA finishes by hand what the migration could not.
    exec(QStringLiteral("INSERT INTO orders (note) VALUES ('last')"));

    const CliResult noReason = migctl(QStringLiteral("mark-applied"));
    EXPECT_EQ(noReason.code, 2) << str(noReason.err);
    const QString reason = QStringLiteral("order_lines does not exist in this shard; finished by hand (ticket DBA-42)");
    const CliResult marked = migctl(QStringLiteral("mark-applied"), {QStringLiteral("--reason"), reason});
    ASSERT_EQ(marked.code, 0) << str(marked.out) << str(marked.err);

    const QList<HistoryRecord> h = history();
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h[1].version, QStringLiteral("001"));
    EXPECT_EQ(h[1].action, QStringLiteral("mark-applied"));
    EXPECT_EQ(h[1].status, QStringLiteral("applied"));
    EXPECT_EQ(h[1].direction, QStringLiteral("up"));
    EXPECT_EQ(h[1].reason.toString(), reason);
    EXPECT_EQ(h[1].checksum, QString::fromLatin1(sha256Hex(BrokenOrders)));
    EXPECT_EQ(h[1].statementsTotal, 4);
    EXPECT_EQ(h[1].statementsDone, 0); // recorded, not run
    EXPECT_EQ(h[1].appliedBy, Runner::operatorName());
    EXPECT_FALSE(h[1].runId.isEmpty());
    EXPECT_NE(h[1].runId, h[0].runId);

    const CliResult status = migctl(QStringLiteral("status"), {QStringLiteral("--json")});
    EXPECT_EQ(status.code, 0);
    const QJsonObject s = statusOf(status, QStringLiteral("001"));
    EXPECT_EQ(s.value(QStringLiteral("state")).toString(), QStringLiteral("applied"));
    EXPECT_EQ(s.value(QStringLiteral("last")).toObject().value(QStringLiteral("reason")).toString(), reason);
    const CliResult apply = migctl(QStringLiteral("apply"));
    EXPECT_EQ(apply.code, 0);
    EXPECT_EQ(column(QStringLiteral("SELECT note FROM orders ORDER BY id")), (QStringList{QStringLiteral("first"), QStringLiteral("last")}));
    EXPECT_EQ(history().size(), 2);
}

// An ALTER TABLE behind an open transaction: the session's lock timeout stops it from queueing
// (and from blocking every reader behind it); it is retried, then fails naming the blocker.
TEST_F(EngineMariadb, LockTimeoutRetriesThenFailsNamingTheBlockingConnection)
{
    exec(QStringLiteral("CREATE TABLE stock (id INT PRIMARY KEY, qty INT NOT NULL)"));
    exec(QStringLiteral("INSERT INTO stock VALUES (1, 5), (2, 7)"));
    write(QStringLiteral("001_reserved.sql"), "ALTER TABLE stock ADD COLUMN reserved INT NOT NULL DEFAULT 0;\n");

    QString error;
    QSqlDatabase blocker = openMc(m_conn + QStringLiteral("-blocker"), m_port, m_dbName, &error);
    ASSERT_TRUE(blocker.isOpen()) << str(error);
    QSqlQuery b(blocker);
    ASSERT_TRUE(b.exec(QStringLiteral("SELECT CONNECTION_ID()")) && b.next());
    const QString blockerId = b.value(0).toString();
    ASSERT_TRUE(b.exec(QStringLiteral("START TRANSACTION")));
    ASSERT_TRUE(b.exec(QStringLiteral("SELECT qty FROM stock WHERE id = 1 FOR UPDATE")) && b.next());

    const CliResult r = migctl(QStringLiteral("apply"), {QStringLiteral("--lock-timeout"), QStringLiteral("1000"),
                                                         QStringLiteral("--lock-retries"), QStringLiteral("1"), QStringLiteral("--json")});
    EXPECT_EQ(r.code, 1) << str(r.out) << str(r.err);
    QStringList warnings;
    QString finished;
    for (const QJsonObject &e : r.jsonLines()) {
        if (e.value(QStringLiteral("event")).toString() == u"message" && e.value(QStringLiteral("status")).toString() == u"warning")
            warnings << e.value(QStringLiteral("message")).toString();
        if (e.value(QStringLiteral("event")).toString() == u"run-finished")
            finished = e.value(QStringLiteral("message")).toString();
    }
    ASSERT_EQ(warnings.size(), 1) << str(r.out);
    EXPECT_TRUE(warnings[0].startsWith(QStringLiteral("lock timeout, attempt 1 of 2: rolled back, retrying in 1000 ms; blocking: connection %1 (mc@").arg(blockerId)))
        << str(warnings[0]);
    EXPECT_TRUE(finished.contains(QStringLiteral("Lock wait timeout exceeded"))) << str(finished);
    EXPECT_TRUE(finished.contains(QStringLiteral("(after 2 attempt(s); blocking: connection %1 (mc@").arg(blockerId))) << str(finished);
    EXPECT_GE(r.elapsedMs, 2000); // two attempts of 1 s each

    // Nothing committed: failed (not dirty), the table as it was.
    QList<HistoryRecord> h = history();
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h[0].status, QStringLiteral("failed"));
    EXPECT_EQ(h[0].statementsDone, 0);
    EXPECT_EQ(h[0].errorCode.toString(), QStringLiteral("1205"));
    EXPECT_TRUE(h[0].errorMessage.toString().contains(QStringLiteral("after 2 attempt(s)"))) << str(h[0].errorMessage.toString());
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    "AND TABLE_NAME = 'stock' AND COLUMN_NAME = 'reserved'")).toInt(), 0);

    // The blocker gone, apply runs it (a failed migration is pending again).
    ASSERT_TRUE(b.exec(QStringLiteral("COMMIT")));
    const CliResult again = migctl(QStringLiteral("apply"), {QStringLiteral("--lock-timeout"), QStringLiteral("1000")});
    EXPECT_EQ(again.code, 0) << str(again.out) << str(again.err);
    EXPECT_EQ(scalar(QStringLiteral("SELECT SUM(reserved) + COUNT(reserved) FROM stock")).toInt(), 2);
    h = history();
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h[1].status, QStringLiteral("applied"));
    b = QSqlQuery();
    blocker.close();
    blocker = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_conn + QStringLiteral("-blocker"));
}

TEST_F(EngineMariadb, BlockerCommittingDuringTheRetryDelayLetsTheMigrationSucceed)
{
    exec(QStringLiteral("CREATE TABLE stock (id INT PRIMARY KEY, qty INT NOT NULL)"));
    exec(QStringLiteral("INSERT INTO stock VALUES (1, 5)"));
    write(QStringLiteral("001_reserved.sql"), "INSERT INTO stock VALUES (2, 7);\nALTER TABLE stock ADD COLUMN reserved INT NOT NULL DEFAULT 0;\n");

    QString error;
    QSqlDatabase blocker = openMc(m_conn + QStringLiteral("-blocker"), m_port, m_dbName, &error);
    ASSERT_TRUE(blocker.isOpen()) << str(error);
    {
        QSqlQuery b(blocker);
        ASSERT_TRUE(b.exec(QStringLiteral("START TRANSACTION")));
        ASSERT_TRUE(b.exec(QStringLiteral("UPDATE stock SET qty = qty + 1 WHERE id = 1"))); // uncommitted

        RunRequest req = request();
        req.locks = LockPolicy{1000, 1, 2500};
        AsyncRun run(req);
        // The first attempt times out; during the retry delay the blocker commits.
        ASSERT_TRUE(run.waitForEvent([](const RunEvent &e) { return e.type == Type::Message && e.status == u"warning"; }, 8000));
        ASSERT_TRUE(b.exec(QStringLiteral("COMMIT")));
        const auto result = run.wait(8000);
        ASSERT_TRUE(result);
        EXPECT_EQ(result->outcome, RunResult::Outcome::Succeeded) << str(result->message);

        const QList<RunEvent> events = run.events();
        QList<RunEvent> warnings;
        for (const RunEvent &e : ofType(events, Type::Message))
            if (e.status == u"warning")
                warnings << e;
        ASSERT_EQ(warnings.size(), 1);
        EXPECT_TRUE(warnings[0].message.startsWith(QStringLiteral("lock timeout, attempt 1 of 2: rolled back, retrying in 2500 ms; blocking: connection ")))
            << str(warnings[0].message);
        // Statement 2 started once, finished once, ok: the retry is inside the statement.
        EXPECT_EQ(statementsStarted(events), (QList<int>{1, 2}));
        const QList<RunEvent> fin = ofType(events, Type::StatementFinished);
        ASSERT_EQ(fin.size(), 2);
        EXPECT_EQ(fin[1].status, QStringLiteral("ok"));
        EXPECT_GE(fin[1].durationMs, 1000);
    }
    EXPECT_EQ(column(QStringLiteral("SELECT CONCAT(id, ':', qty, ':', reserved) FROM stock ORDER BY id")),
              (QStringList{QStringLiteral("1:6:0"), QStringLiteral("2:7:0")}));
    const QList<HistoryRecord> h = history();
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h[0].status, QStringLiteral("applied"));
    EXPECT_EQ(h[0].statementsDone, 2);
    blocker.close();
    blocker = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_conn + QStringLiteral("-blocker"));
}

// A CALL whose procedure SELECTs and then fails: the error comes after the first result set,
// and must fail the statement (it used to be dropped with the unread results: "applied").
TEST_F(EngineMariadb, CallOfAProcedureThatFailsAfterItsFirstResultSetFailsTheStatement)
{
    write(QStringLiteral("001_procs.sql"),
          "CREATE TABLE t (id INT NOT NULL);\n"
          "CREATE PROCEDURE report() BEGIN SELECT 'one' AS a; SELECT 'two' AS b; INSERT INTO t VALUES (1); END;\n"
          "CALL report();\n"
          "CREATE PROCEDURE fill()\n"
          "BEGIN\n"
          "  SELECT 'starting' AS note;\n"
          "  INSERT INTO t VALUES (2);\n"
          "  INSERT INTO order_lines VALUES (3);\n"
          "  INSERT INTO t VALUES (4);\n"
          "END;\n"
          "CALL fill();\n"
          "INSERT INTO t VALUES (5);\n");
    QList<RunEvent> events;
    const RunResult r = run(request(), &events);
    EXPECT_EQ(r.outcome, RunResult::Outcome::Failed) << str(r.message);
    EXPECT_TRUE(r.message.startsWith(QStringLiteral("001 procs dirty: statement 5 of 6 (001_procs.sql:11) failed: Table '%1.order_lines' doesn't exist")
                                         .arg(m_dbName))) << str(r.message);
    // The procedure stopped at its failing INSERT, and its statement's transaction rolled back
    // what it had done; the CALL before it, with two result sets, ran whole.
    EXPECT_EQ(column(QStringLiteral("SELECT id FROM t ORDER BY id")), QStringList{QStringLiteral("1")});
    QList<HistoryRecord> h = history();
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h[0].status, QStringLiteral("dirty"));
    EXPECT_EQ(h[0].statementsDone, 4);
    EXPECT_EQ(h[0].errorCode.toString(), QStringLiteral("1146"));
    EXPECT_EQ(h[0].errorStatement.toString(), QStringLiteral("CALL fill()"));

    exec(QStringLiteral("CREATE TABLE order_lines (id INT NOT NULL)"));
    const RunResult resumed = run(request(RunRequest::Action::Resume), &events);
    ASSERT_EQ(resumed.outcome, RunResult::Outcome::Succeeded) << str(resumed.message);
    EXPECT_EQ(statementsStarted(events), (QList<int>{5, 6}));
    EXPECT_EQ(column(QStringLiteral("SELECT id FROM t ORDER BY id")),
              (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("4"), QStringLiteral("5")}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM order_lines")).toInt(), 1);
    EXPECT_EQ(history().value(1).status, QStringLiteral("applied"));
}

// MySQL Workbench's forward-engineered scripts start with "CREATE SCHEMA ...; USE ...;": the
// script's USE must not take the history writes with it.
TEST_F(EngineMariadb, UseOfAnotherDatabaseInAScriptKeepsTheHistoryInTheTarget)
{
    const QString other = m_dbName + QStringLiteral("_o");
    const auto dropOther = qScopeGuard([&] { QSqlQuery(m_db).exec(QStringLiteral("DROP DATABASE IF EXISTS `%1`").arg(other)); });
    write(QStringLiteral("001_workbench.sql"),
          QStringLiteral("CREATE SCHEMA IF NOT EXISTS `%1` DEFAULT CHARACTER SET utf8mb4;\n"
                         "USE `%1`;\n"
                         "CREATE TABLE IF NOT EXISTS `%1`.`customer` (id INT PRIMARY KEY);\n"
                         "INSERT INTO customer VALUES (1);\n").arg(other).toUtf8());
    QList<RunEvent> events;
    const RunResult r = run(request(), &events);
    ASSERT_EQ(r.outcome, RunResult::Outcome::Succeeded) << str(r.message);
    EXPECT_EQ(statementsStarted(events), (QList<int>{1, 2, 3, 4}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM `%1`.customer").arg(other)).toInt(), 1);
    const QList<HistoryRecord> h = history();
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h[0].status, QStringLiteral("applied"));
    EXPECT_EQ(h[0].statementsDone, 4);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%1'").arg(other)).toInt(), 1);
    EXPECT_EQ(run(request()).outcome, RunResult::Outcome::NothingToDo);
}

TEST_F(EngineMariadb, DryRunChangesNothing)
{
    write(QStringLiteral("001_schema.sql"), Schema);
    write(QStringLiteral("002_accounts.sql"), Accounts);
    RunRequest req = request();
    req.dryRun = true;
    QList<RunEvent> events;
    const RunResult r = run(req, &events);
    EXPECT_EQ(r.outcome, RunResult::Outcome::Succeeded) << str(r.message);
    EXPECT_TRUE(r.message.contains(QStringLiteral("dry run: nothing was changed"))) << str(r.message);
    ASSERT_FALSE(ofType(events, Type::RunStarted).isEmpty());
    EXPECT_TRUE(ofType(events, Type::RunStarted).first().dryRun);
    EXPECT_TRUE(ofType(events, Type::LockAcquired).isEmpty()); // no lock, so no lock note either
    EXPECT_EQ(statementsStarted(events), (QList<int>{1, 2, 3, 4, 1, 2, 3, 4}));
    EXPECT_TRUE(ofType(events, Type::StatementStarted).value(2).sql.startsWith(QStringLiteral("CREATE PROCEDURE open_account")));

    // No history table, no lock note, no object of the scripts.
    EXPECT_EQ(tableCount(), 0);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()")).toInt(), 0);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")).toInt(), 0);

    // migctl apply --dry-run prints the SQL, changes nothing either.
    const CliResult cli = migctl(QStringLiteral("apply"), {QStringLiteral("--dry-run")});
    EXPECT_EQ(cli.code, 0) << str(cli.out) << str(cli.err);
    EXPECT_TRUE(cli.out.contains(QStringLiteral("CALL open_account('bo', 20.50);"))) << str(cli.out);
    EXPECT_EQ(tableCount(), 0);

    // With 001 applied, a dry run of 002 adds no history row and runs nothing.
    ASSERT_TRUE(QFile::remove(m_folder.file(QStringLiteral("002_accounts.sql"))));
    ASSERT_EQ(run(request()).outcome, RunResult::Outcome::Succeeded);
    write(QStringLiteral("002_accounts.sql"), Accounts);
    const RunResult dry2 = run(req, &events);
    EXPECT_EQ(dry2.outcome, RunResult::Outcome::Succeeded) << str(dry2.message);
    EXPECT_EQ(statementsStarted(events), (QList<int>{1, 2, 3, 4}));
    EXPECT_EQ(history().size(), 1);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM account")).toInt(), 0);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM audit")).toInt(), 0);
}
