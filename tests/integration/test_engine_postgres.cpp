// The engine against a real PostgreSQL 15: apply, history, status, failures in one transaction,
// tracked (non-transactional) migrations with resume and rollback, dry runs. Each test has a
// database of its own (PgEngineSupport.h) and reads back what the server holds with plain SQL.
#include "PgEngineSupport.h"

#include "plan/FolderPlan.h"

using namespace mig;
using namespace pgtest;

namespace {

// "run-started", "migration-started 001", "statement-finished 001/2 ok", ...: the shape of a run.
QStringList shape(const QList<RunEvent> &events)
{
    QStringList out;
    for (const RunEvent &e : events) {
        QString line = RunEvent::typeName(e.type);
        switch (e.type) {
        case RunEvent::Type::MigrationStarted:
            line += u' ' + e.version;
            break;
        case RunEvent::Type::StatementStarted:
            line += QStringLiteral(" %1/%2").arg(e.version).arg(e.statement);
            break;
        case RunEvent::Type::StatementFinished:
            line += QStringLiteral(" %1/%2 %3").arg(e.version).arg(e.statement).arg(e.status);
            break;
        case RunEvent::Type::MigrationFinished:
        case RunEvent::Type::RunFinished:
            line += u' ' + (e.version.isEmpty() ? QString() : e.version + u' ') + e.status;
            break;
        default:
            break;
        }
        out << line;
    }
    return out;
}

QStringList statementShape(const QString &version, int count)
{
    QStringList out;
    for (int i = 1; i <= count; ++i)
        out << QStringLiteral("statement-started %1/%2").arg(version).arg(i) << QStringLiteral("statement-finished %1/%2 ok").arg(version).arg(i);
    return out;
}

QString fileText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

using EnginePostgres = PgEngineTest;

// 1. A folder with $$ plpgsql functions, a trigger and an INSERT..SELECT: every migration applied,
// the history rows exact, status says applied, and a second apply has nothing to do.
TEST_F(EnginePostgres, ApplyRecordsExactHistoryAndASecondApplyHasNothingToDo)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_schema.sql"),
              "CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL);\n"
              "CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id int NOT NULL, note text NOT NULL);\n"
              "CREATE FUNCTION normalize_email(e text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$\n"
              "BEGIN\n"
              "  -- a comment; with a semicolon\n"
              "  RETURN lower(trim(e));\n"
              "END;\n"
              "$$;\n"
              "CREATE FUNCTION accounts_audit() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
              "BEGIN\n"
              "  NEW.email := normalize_email(NEW.email);\n"
              "  INSERT INTO audit (account_id, note) VALUES (NEW.id, 'insert ' || NEW.email || ';');\n"
              "  RETURN NEW;\n"
              "END;\n"
              "$body$;\n"
              "CREATE TRIGGER accounts_audit BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_audit();\n");
    dir.write(QStringLiteral("002_seed.sql"),
              "CREATE TABLE staging (id int, email text);\n"
              "INSERT INTO staging VALUES (1, '  Ana@Example.COM '), (2, 'bob@example.com'), (3, ' CAROL@example.com');\n"
              "INSERT INTO accounts (id, email) SELECT id, email FROM staging ORDER BY id;\n"
              "DROP TABLE staging;\n");
    // The server's zone is not UTC: the history must still hold the instants the engine saw.
    ASSERT_TRUE(exec(QStringLiteral("ALTER DATABASE %1 SET timezone = 'America/Argentina/Buenos_Aires'").arg(m_database)));

    EventLog log;
    const RunResult result = apply(dir.path(), log);
    ASSERT_EQ(outcomeName(result.outcome), QStringLiteral("succeeded")) << s(result.message) << '\n' << s(log.dump());
    EXPECT_EQ(result.message, QStringLiteral("2 migration(s) done"));

    // The run, event by event.
    // The lock comes first: what the run will do is decided under it.
    // The schema is read before the run, after each migration (its changes, and a check that
    // its declared objects exist), and after the run.
    const QStringList watched{QStringLiteral("snapshot-taken"), QStringLiteral("schema-changed"), QStringLiteral("check-finished")};
    QStringList expected{QStringLiteral("lock-acquired"), QStringLiteral("run-started"), QStringLiteral("snapshot-taken"), QStringLiteral("migration-started 001")};
    expected << statementShape(QStringLiteral("001"), 5) << QStringLiteral("migration-finished 001 applied") << watched << QStringLiteral("migration-started 002");
    expected << statementShape(QStringLiteral("002"), 4) << QStringLiteral("migration-finished 002 applied") << watched
             << QStringLiteral("snapshot-taken") << QStringLiteral("run-finished succeeded");
    const QList<RunEvent> events = log.all();
    EXPECT_EQ(shape(events), expected) << s(log.dump());
    ASSERT_GE(events.size(), 3);
    EXPECT_EQ(events.at(0).message, QStringLiteral("%1, run %2").arg(Runner::operatorName(), result.runId));
    EXPECT_EQ(events.at(1).action, QStringLiteral("apply"));
    EXPECT_EQ(events.at(1).migrationCount, 2);
    EXPECT_EQ(events.at(1).target, url());
    EXPECT_TRUE(events.at(1).message.startsWith(u"PostgreSQL 15")) << s(events.at(1).message);
    for (const RunEvent &e : events) {
        EXPECT_EQ(e.runId, result.runId);
        if (e.type == RunEvent::Type::MigrationStarted) {
            EXPECT_EQ(e.message, QStringLiteral("one transaction")) << s(e.version);
        }
    }
    // The $$ bodies reached the server whole.
    const QList<RunEvent> started = log.of(RunEvent::Type::StatementStarted);
    ASSERT_EQ(started.size(), 9);
    EXPECT_TRUE(started.at(2).sql.contains(u"-- a comment; with a semicolon\n  RETURN lower(trim(e));\nEND;\n$$")) << s(started.at(2).sql);
    EXPECT_EQ(started.at(3).line, 9);

    // What the migrations did.
    EXPECT_EQ(column(QStringLiteral("SELECT id || ' ' || email FROM accounts ORDER BY id")),
              QStringList({QStringLiteral("1 ana@example.com"), QStringLiteral("2 bob@example.com"), QStringLiteral("3 carol@example.com")}));
    EXPECT_EQ(column(QStringLiteral("SELECT account_id || ' ' || note FROM audit ORDER BY id")),
              QStringList({QStringLiteral("1 insert ana@example.com;"), QStringLiteral("2 insert bob@example.com;"),
                           QStringLiteral("3 insert carol@example.com;")}));
    EXPECT_FALSE(tableExists(QStringLiteral("staging")));

    // The history, read back with SQL.
    const FolderPlan plan = planFolder(dir.path(), Dialect::Postgres);
    ASSERT_EQ(plan.migrations.size(), 2);
    const QList<QVariantMap> h = history();
    ASSERT_EQ(h.size(), 2);
    const QStringList names{QStringLiteral("schema"), QStringLiteral("seed")};
    const QList<int> counts{5, 4};
    for (int i = 0; i < 2; ++i) {
        const QVariantMap &row = h.at(i);
        const QString version = QStringLiteral("00%1").arg(i + 1);
        SCOPED_TRACE(s(version));
        EXPECT_EQ(row.value(QStringLiteral("version")).toString(), version);
        EXPECT_EQ(row.value(QStringLiteral("name")).toString(), names.at(i));
        EXPECT_EQ(row.value(QStringLiteral("checksum")).toString(), QString::fromLatin1(plan.migrations.at(i).migration.checksum));
        EXPECT_EQ(row.value(QStringLiteral("checksum")).toString().size(), 64);
        EXPECT_EQ(row.value(QStringLiteral("script")).toString(), fileText(dir.file(version + u'_' + names.at(i) + QStringLiteral(".sql"))));
        EXPECT_EQ(row.value(QStringLiteral("direction")).toString(), QStringLiteral("up"));
        EXPECT_EQ(row.value(QStringLiteral("action")).toString(), QStringLiteral("apply"));
        EXPECT_EQ(row.value(QStringLiteral("status")).toString(), QStringLiteral("applied"));
        EXPECT_EQ(row.value(QStringLiteral("statements_done")).toInt(), counts.at(i));
        EXPECT_EQ(row.value(QStringLiteral("statements_total")).toInt(), counts.at(i));
        EXPECT_EQ(row.value(QStringLiteral("batch_rows_done")).toLongLong(), 0);
        EXPECT_EQ(row.value(QStringLiteral("run_id")).toString(), result.runId);
        EXPECT_EQ(row.value(QStringLiteral("applied_by")).toString(), Runner::operatorName());
        EXPECT_TRUE(row.value(QStringLiteral("applied_by")).toString().contains(u'@'));
        EXPECT_EQ(row.value(QStringLiteral("console_version")).toString(), QStringLiteral(MIG_VERSION));
        for (const char *empty : {"error_code", "error_message", "error_statement", "error_file", "reason"})
            EXPECT_TRUE(row.value(QLatin1String(empty)).isNull()) << empty;
        // Timestamps: the instants of the migration's own events, in UTC, in order.
        const RunEvent *began = nullptr, *ended = nullptr;
        for (const RunEvent &e : events) {
            if (e.version == version && e.type == RunEvent::Type::MigrationStarted)
                began = &e;
            if (e.version == version && e.type == RunEvent::Type::MigrationFinished)
                ended = &e;
        }
        ASSERT_TRUE(began && ended);
        EXPECT_EQ(row.value(QStringLiteral("started_utc")).toString(), began->at);
        const QString finished = row.value(QStringLiteral("finished_utc")).toString();
        EXPECT_GE(finished, began->at);
        EXPECT_LE(finished, ended->at);
        EXPECT_GE(row.value(QStringLiteral("duration_ms")).toLongLong(), 0);
    }
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM migctl_history WHERE abs(extract(epoch FROM now() - finished_at)) < 120")).toInt(), 2);

    // status: applied, at version 002.
    int code = -1;
    QJsonObject status;
    const QMap<QString, QString> states = statusStates(dir.path(), &code, &status);
    EXPECT_EQ(code, 0);
    EXPECT_EQ(states, (QMap<QString, QString>{{QStringLiteral("001"), QStringLiteral("applied")}, {QStringLiteral("002"), QStringLiteral("applied")}}));
    EXPECT_EQ(status.value(u"currentVersion").toString(), QStringLiteral("002"));
    EXPECT_TRUE(status.value(u"historyExists").toBool());
    EXPECT_EQ(status.value(u"migrations").toArray().at(1).toObject().value(u"last").toObject().value(u"runId").toString(), result.runId);

    // Again: nothing to do, through migctl; nothing written.
    const MigctlRun again = migctl(QStringList{QStringLiteral("apply")} + targetArgs(dir.path()));
    EXPECT_EQ(again.exitCode, 0) << s(again.out) << s(again.err);
    EXPECT_TRUE(again.out.contains(u"nothing-to-do") && again.out.contains(u"nothing to apply: the target is at version 002")) << s(again.out);
    EXPECT_EQ(history().size(), 2);
    EventLog log2;
    EXPECT_EQ(outcomeName(apply(dir.path(), log2).outcome), QStringLiteral("nothing-to-do"));
    EXPECT_EQ(history().size(), 2);
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM accounts")).toInt(), 3);
}

// 2. A migration that fails in its one transaction keeps nothing; its history row says where and
// why; once the file is fixed it applies.
TEST_F(EnginePostgres, FailureInOneTransactionKeepsNothingAndRecordsWhere)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_base.sql"), "CREATE TABLE base (id int);\nINSERT INTO base VALUES (1), (2);\n");
    dir.write(QStringLiteral("002_broken.sql"),
              "CREATE TABLE widgets (id int PRIMARY KEY, name text);\n"
              "INSERT INTO widgets VALUES (1, 'one');\n"
              "-- the next statement reads a table that does not exist\n"
              "INSERT INTO widgets SELECT g, 'w' || g FROM no_such_table g;\n"
              "CREATE INDEX widgets_name ON widgets (name);\n");

    const MigctlRun r = migctl(QStringList{QStringLiteral("apply"), QStringLiteral("--json")} + targetArgs(dir.path()));
    EXPECT_EQ(r.exitCode, 1) << s(r.out) << s(r.err);
    ASSERT_FALSE(r.events.isEmpty()) << s(r.out) << s(r.err);
    const QJsonObject last = r.events.last();
    EXPECT_EQ(last.value(u"event").toString(), QStringLiteral("run-finished"));
    EXPECT_EQ(last.value(u"status").toString(), QStringLiteral("failed"));
    const QString message = last.value(u"message").toString();
    EXPECT_TRUE(message.contains(u"statement 3 of 4 (002_broken.sql:4) failed")) << s(message);
    EXPECT_TRUE(message.contains(u"relation \"no_such_table\" does not exist")) << s(message);
    EXPECT_TRUE(message.contains(u"nothing of 002 broken was kept")) << s(message);
    // The failing statement's event carries the SQLSTATE.
    bool sawFailure = false;
    for (const QJsonObject &e : r.events)
        if (e.value(u"event").toString() == u"statement-finished" && e.value(u"status").toString() == u"failed") {
            sawFailure = true;
            EXPECT_EQ(e.value(u"version").toString(), QStringLiteral("002"));
            EXPECT_EQ(e.value(u"statement").toInt(), 3);
            EXPECT_EQ(e.value(u"line").toInt(), 4);
            EXPECT_EQ(e.value(u"code").toString(), QStringLiteral("42P01"));
        }
    EXPECT_TRUE(sawFailure) << s(r.out);

    // Nothing of 002 was kept; 001 was.
    EXPECT_FALSE(tableExists(QStringLiteral("widgets")));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM base")).toInt(), 2);
    const QList<QVariantMap> h = history();
    ASSERT_EQ(h.size(), 2);
    EXPECT_EQ(h.at(0).value(QStringLiteral("status")).toString(), QStringLiteral("applied"));
    const QVariantMap &failed = h.at(1);
    EXPECT_EQ(failed.value(QStringLiteral("version")).toString(), QStringLiteral("002"));
    EXPECT_EQ(failed.value(QStringLiteral("direction")).toString(), QStringLiteral("up"));
    EXPECT_EQ(failed.value(QStringLiteral("action")).toString(), QStringLiteral("apply"));
    EXPECT_EQ(failed.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    // How far the attempt got (statement 3 failed); the status says nothing of it was kept.
    EXPECT_EQ(failed.value(QStringLiteral("statements_done")).toInt(), 2);
    EXPECT_EQ(failed.value(QStringLiteral("statements_total")).toInt(), 4);
    EXPECT_EQ(failed.value(QStringLiteral("error_code")).toString(), QStringLiteral("42P01"));
    EXPECT_TRUE(failed.value(QStringLiteral("error_message")).toString().contains(u"relation \"no_such_table\" does not exist"));
    EXPECT_EQ(failed.value(QStringLiteral("error_statement")).toString(), QStringLiteral("INSERT INTO widgets SELECT g, 'w' || g FROM no_such_table g"));
    EXPECT_EQ(failed.value(QStringLiteral("error_file")).toString(), QStringLiteral("002_broken.sql"));
    EXPECT_EQ(failed.value(QStringLiteral("error_line")).toInt(), 4);
    EXPECT_EQ(failed.value(QStringLiteral("run_id")).toString(), h.at(0).value(QStringLiteral("run_id")).toString());
    EXPECT_FALSE(failed.value(QStringLiteral("finished_at")).isNull());

    // status: failed (not a blocker: apply runs it again), with the statement and the error.
    int code = -1;
    QJsonObject status;
    const QMap<QString, QString> states = statusStates(dir.path(), &code, &status);
    EXPECT_EQ(code, 0);
    EXPECT_EQ(states.value(QStringLiteral("001")), QStringLiteral("applied"));
    EXPECT_EQ(states.value(QStringLiteral("002")), QStringLiteral("failed"));
    const QJsonObject m2 = status.value(u"migrations").toArray().at(1).toObject();
    const QString detail = m2.value(u"detail").toString();
    EXPECT_TRUE(detail.startsWith(u"stopped at statement 3 of 4 (002_broken.sql:4): ")) << s(detail);
    EXPECT_FALSE(detail.contains(u"committed")) << s(detail);
    EXPECT_TRUE(detail.contains(u"[42P01]")) << s(detail);
    EXPECT_TRUE(detail.contains(u"-- statement: INSERT INTO widgets SELECT")) << s(detail);
    EXPECT_EQ(m2.value(u"last").toObject().value(u"error").toObject().value(u"line").toInt(), 4);

    // Fixed, it applies: the rows are those of the fixed file, once.
    dir.write(QStringLiteral("002_broken.sql"),
              "CREATE TABLE widgets (id int PRIMARY KEY, name text);\n"
              "INSERT INTO widgets VALUES (1, 'one');\n"
              "-- fixed\n"
              "INSERT INTO widgets SELECT g, 'w' || g FROM generate_series(2, 3) g;\n"
              "CREATE INDEX widgets_name ON widgets (name);\n");
    EventLog log;
    const RunResult fixed = apply(dir.path(), log);
    ASSERT_EQ(outcomeName(fixed.outcome), QStringLiteral("succeeded")) << s(fixed.message) << s(log.dump());
    EXPECT_EQ(column(QStringLiteral("SELECT id || ':' || name FROM widgets ORDER BY id")),
              QStringList({QStringLiteral("1:one"), QStringLiteral("2:w2"), QStringLiteral("3:w3")}));
    EXPECT_TRUE(tableExists(QStringLiteral("widgets_name")));
    const QList<QVariantMap> after = history();
    ASSERT_EQ(after.size(), 3);
    EXPECT_EQ(after.at(2).value(QStringLiteral("version")).toString(), QStringLiteral("002"));
    EXPECT_EQ(after.at(2).value(QStringLiteral("status")).toString(), QStringLiteral("applied"));
    EXPECT_EQ(after.at(2).value(QStringLiteral("statements_done")).toInt(), 4);
    EXPECT_EQ(after.at(2).value(QStringLiteral("run_id")).toString(), fixed.runId);
    EXPECT_EQ(statusStates(dir.path()).value(QStringLiteral("002")), QStringLiteral("applied"));
}

// 3. CREATE INDEX CONCURRENTLY makes a migration run tracked; a failure after it leaves the
// target dirty at statement k of n; resume runs from k, never again what committed; rollback
// runs down scripts newest first.
TEST_F(EnginePostgres, TrackedMigrationResumesFromTheFailedStatementAndRollsBackInReverse)
{
    ASSERT_TRUE(exec(QStringLiteral("CREATE TABLE trace (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, what text NOT NULL)")));
    TempFolder dir;
    const QByteArray broken = "CREATE TABLE items (id int PRIMARY KEY, v text);\n"
                              "INSERT INTO trace (what) VALUES ('before index');\n"
                              "INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 100) g;\n"
                              "CREATE INDEX CONCURRENTLY items_v_idx ON items (v);\n"
                              "INSERT INTO trace (what) VALUES ('after index');\n"
                              "INSERT INTO trace (what) SELECT what FROM missing_table;\n"
                              "INSERT INTO trace (what) VALUES ('end');\n";
    dir.write(QStringLiteral("001_items.sql"), broken);
    dir.write(QStringLiteral("001_items.rollback.sql"),
              "DROP INDEX CONCURRENTLY items_v_idx;\nDROP TABLE items;\nINSERT INTO trace (what) VALUES ('down 001');\n");
    dir.write(QStringLiteral("002_tags.sql"), "CREATE TABLE tags (id int);\nINSERT INTO trace (what) VALUES ('up 002');\n");
    dir.write(QStringLiteral("002_tags.rollback.sql"), "DROP TABLE tags;\nINSERT INTO trace (what) VALUES ('down 002');\n");
    dir.write(QStringLiteral("003_notes.sql"), "CREATE TABLE notes (id int);\nINSERT INTO trace (what) VALUES ('up 003');\n");
    dir.write(QStringLiteral("003_notes.rollback.sql"), "DROP TABLE notes;\nINSERT INTO trace (what) VALUES ('down 003');\n");

    EventLog log;
    const RunResult failed = apply(dir.path(), log);
    EXPECT_EQ(outcomeName(failed.outcome), QStringLiteral("failed")) << s(log.dump());
    EXPECT_TRUE(failed.message.contains(u"001 items dirty: statement 6 of 7 (001_items.sql:6) failed")) << s(failed.message);
    EXPECT_TRUE(failed.message.contains(u"migctl resume")) << s(failed.message);
    const QList<RunEvent> started = log.of(RunEvent::Type::MigrationStarted);
    ASSERT_EQ(started.size(), 1) << s(log.dump()); // 002 and 003 wait
    EXPECT_EQ(started.first().message,
              QStringLiteral("tracked statement by statement (line 4: CREATE INDEX CONCURRENTLY cannot run inside a transaction)"));
    EXPECT_EQ(column(QStringLiteral("SELECT what FROM trace ORDER BY id")), QStringList({QStringLiteral("before index"), QStringLiteral("after index")}));
    EXPECT_TRUE(tableExists(QStringLiteral("items_v_idx")));

    QList<QVariantMap> h = history();
    ASSERT_EQ(h.size(), 1);
    EXPECT_EQ(h.at(0).value(QStringLiteral("status")).toString(), QStringLiteral("dirty"));
    EXPECT_EQ(h.at(0).value(QStringLiteral("statements_done")).toInt(), 5);
    EXPECT_EQ(h.at(0).value(QStringLiteral("statements_total")).toInt(), 7);
    EXPECT_EQ(h.at(0).value(QStringLiteral("error_code")).toString(), QStringLiteral("42P01"));
    EXPECT_EQ(h.at(0).value(QStringLiteral("error_line")).toInt(), 6);
    EXPECT_EQ(h.at(0).value(QStringLiteral("error_statement")).toString(), QStringLiteral("INSERT INTO trace (what) SELECT what FROM missing_table"));

    int code = -1;
    QJsonObject status;
    EXPECT_EQ(statusStates(dir.path(), &code, &status).value(QStringLiteral("001")), QStringLiteral("dirty"));
    EXPECT_EQ(code, 4); // apply would refuse
    const QString detail = status.value(u"migrations").toArray().at(0).toObject().value(u"detail").toString();
    EXPECT_TRUE(detail.contains(u"stopped at statement 6 of 7 (001_items.sql:6), 5 statement(s) committed")) << s(detail);
    const MigctlRun refused = migctl(QStringList{QStringLiteral("apply")} + targetArgs(dir.path()));
    EXPECT_EQ(refused.exitCode, 4) << s(refused.out) << s(refused.err);
    EXPECT_TRUE(refused.out.contains(u"001 items is dirty")) << s(refused.out);

    // Fix statement 6 and resume: statements 1-5 are not run again (one 'before index', 100 items).
    QByteArray fixed = broken;
    fixed.replace("INSERT INTO trace (what) SELECT what FROM missing_table;", "INSERT INTO trace (what) VALUES ('fixed');");
    dir.write(QStringLiteral("001_items.sql"), fixed);
    const MigctlRun resumed = migctl(QStringList{QStringLiteral("resume"), QStringLiteral("--json")} + targetArgs(dir.path()));
    ASSERT_EQ(resumed.exitCode, 0) << s(resumed.out) << s(resumed.err);
    QStringList ranIn001;
    for (const QJsonObject &e : resumed.events) {
        if (e.value(u"event").toString() == u"statement-started" && e.value(u"version").toString() == u"001")
            ranIn001 << QString::number(e.value(u"statement").toInt());
        if (e.value(u"event").toString() == u"migration-started" && e.value(u"version").toString() == u"001") {
            EXPECT_TRUE(e.value(u"message").toString().endsWith(u", resuming after statement 5")) << s(e.value(u"message").toString());
        }
    }
    EXPECT_EQ(ranIn001, QStringList({QStringLiteral("6"), QStringLiteral("7")}));
    EXPECT_EQ(column(QStringLiteral("SELECT what FROM trace ORDER BY id")),
              QStringList({QStringLiteral("before index"), QStringLiteral("after index"), QStringLiteral("fixed"), QStringLiteral("end"),
                           QStringLiteral("up 002"), QStringLiteral("up 003")}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM items")).toInt(), 100);
    EXPECT_TRUE(scalar(QStringLiteral("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_v_idx'::regclass")).toBool());
    h = history();
    ASSERT_EQ(h.size(), 4);
    EXPECT_EQ(h.at(1).value(QStringLiteral("version")).toString(), QStringLiteral("001"));
    EXPECT_EQ(h.at(1).value(QStringLiteral("action")).toString(), QStringLiteral("resume"));
    EXPECT_EQ(h.at(1).value(QStringLiteral("status")).toString(), QStringLiteral("applied"));
    EXPECT_EQ(h.at(1).value(QStringLiteral("statements_done")).toInt(), 7);
    EXPECT_EQ(h.at(1).value(QStringLiteral("checksum")).toString(),
              QString::fromLatin1(planFolder(dir.path(), Dialect::Postgres).migrations.at(0).migration.checksum));
    EXPECT_TRUE(h.at(1).value(QStringLiteral("error_code")).isNull());
    const QMap<QString, QString> applied{{QStringLiteral("001"), QStringLiteral("applied")},
                                         {QStringLiteral("002"), QStringLiteral("applied")},
                                         {QStringLiteral("003"), QStringLiteral("applied")}};
    EXPECT_EQ(statusStates(dir.path(), &code), applied);
    EXPECT_EQ(code, 0);

    // rollback --steps 2: 003 then 002.
    ASSERT_EQ(exec(QStringLiteral("TRUNCATE trace")), true);
    MigctlRun rb = migctl(QStringList{QStringLiteral("rollback"), QStringLiteral("--steps"), QStringLiteral("2")} + targetArgs(dir.path()));
    ASSERT_EQ(rb.exitCode, 0) << s(rb.out) << s(rb.err);
    EXPECT_EQ(column(QStringLiteral("SELECT what FROM trace ORDER BY id")), QStringList({QStringLiteral("down 003"), QStringLiteral("down 002")}));
    EXPECT_FALSE(tableExists(QStringLiteral("notes")));
    EXPECT_FALSE(tableExists(QStringLiteral("tags")));
    EXPECT_EQ(statusStates(dir.path()),
              (QMap<QString, QString>{{QStringLiteral("001"), QStringLiteral("applied")}, {QStringLiteral("002"), QStringLiteral("pending")},
                                      {QStringLiteral("003"), QStringLiteral("pending")}}));
    h = history();
    ASSERT_EQ(h.size(), 6);
    for (int i : {4, 5}) {
        EXPECT_EQ(h.at(i).value(QStringLiteral("version")).toString(), i == 4 ? QStringLiteral("003") : QStringLiteral("002"));
        EXPECT_EQ(h.at(i).value(QStringLiteral("direction")).toString(), QStringLiteral("down"));
        EXPECT_EQ(h.at(i).value(QStringLiteral("action")).toString(), QStringLiteral("rollback"));
        EXPECT_EQ(h.at(i).value(QStringLiteral("status")).toString(), QStringLiteral("rolled_back"));
        EXPECT_EQ(h.at(i).value(QStringLiteral("statements_done")).toInt(), 2);
    }

    // Applied again, then rollback --to 0: every down script, newest first, the tracked one too.
    ASSERT_EQ(migctl(QStringList{QStringLiteral("apply")} + targetArgs(dir.path())).exitCode, 0);
    ASSERT_EQ(exec(QStringLiteral("TRUNCATE trace")), true);
    rb = migctl(QStringList{QStringLiteral("rollback"), QStringLiteral("--to"), QStringLiteral("0")} + targetArgs(dir.path()));
    ASSERT_EQ(rb.exitCode, 0) << s(rb.out) << s(rb.err);
    EXPECT_EQ(column(QStringLiteral("SELECT what FROM trace ORDER BY id")),
              QStringList({QStringLiteral("down 003"), QStringLiteral("down 002"), QStringLiteral("down 001")}));
    EXPECT_FALSE(tableExists(QStringLiteral("items")));
    EXPECT_FALSE(tableExists(QStringLiteral("items_v_idx")));
    EXPECT_EQ(statusStates(dir.path(), &code),
              (QMap<QString, QString>{{QStringLiteral("001"), QStringLiteral("pending")}, {QStringLiteral("002"), QStringLiteral("pending")},
                                      {QStringLiteral("003"), QStringLiteral("pending")}}));
    EXPECT_EQ(code, 0);
    EXPECT_EQ(column(QStringLiteral("SELECT version || ' ' || direction || ' ' || status FROM migctl_history ORDER BY id DESC LIMIT 3")),
              QStringList({QStringLiteral("001 down rolled_back"), QStringLiteral("002 down rolled_back"), QStringLiteral("003 down rolled_back")}));
    // Nothing left to roll back.
    rb = migctl(QStringList{QStringLiteral("rollback")} + targetArgs(dir.path()));
    EXPECT_EQ(rb.exitCode, 0);
    EXPECT_TRUE(rb.out.contains(u"nothing to roll back")) << s(rb.out);
}

// 9. --dry-run prints the statements and changes nothing: no history table, no lock note, no
// objects; on a target with history, only what is pending.
TEST_F(EnginePostgres, DryRunPrintsTheStatementsAndChangesNothing)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_users.sql"),
              "CREATE TABLE users (id int PRIMARY KEY, name text);\n"
              "CREATE FUNCTION hello() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'hi;'; END $$;\n");
    dir.write(QStringLiteral("002_index.sql"),
              "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);\n"
              "-- migctl:batch size=500\n"
              "UPDATE users SET name = lower(name) WHERE id IN (SELECT id FROM users WHERE name <> lower(name) LIMIT :batch_size);\n");
    const qint64 relationsBefore = scalar(QStringLiteral("SELECT count(*) FROM pg_class")).toLongLong();

    const MigctlRun r = migctl(QStringList{QStringLiteral("apply"), QStringLiteral("--dry-run")} + targetArgs(dir.path()));
    ASSERT_EQ(r.exitCode, 0) << s(r.out) << s(r.err);
    EXPECT_TRUE(r.out.contains(u"CREATE TABLE users (id int PRIMARY KEY, name text);\n")) << s(r.out);
    EXPECT_TRUE(r.out.contains(u"CREATE FUNCTION hello() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'hi;'; END $$;\n")) << s(r.out);
    EXPECT_TRUE(r.out.contains(u"CREATE INDEX CONCURRENTLY users_name_idx ON users (name);\n")) << s(r.out);
    EXPECT_TRUE(r.out.contains(u"-- repeated in batches of 500 until no row changes\n"
                               "UPDATE users SET name = lower(name) WHERE id IN (SELECT id FROM users WHERE name <> lower(name) LIMIT 500);"))
        << s(r.out);
    EXPECT_TRUE(r.out.contains(QStringLiteral("-- dry run: apply on ") + url())) << s(r.out);
    EXPECT_TRUE(r.out.contains(u"would run (dry run: nothing was changed)")) << s(r.out);
    EXPECT_FALSE(r.out.contains(u"lock acquired")) << s(r.out);

    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname LIKE 'migctl%'")).toInt(), 0);
    EXPECT_FALSE(tableExists(QStringLiteral("users")));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM pg_proc WHERE proname = 'hello'")).toInt(), 0);
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM pg_class")).toLongLong(), relationsBefore);

    // With 001 applied, the dry run shows 002 only and writes no history row.
    EventLog log;
    RunRequest to001 = request(RunRequest::Action::Apply, dir.path());
    to001.toVersion = QStringLiteral("001");
    ASSERT_EQ(outcomeName(run(to001, log).outcome), QStringLiteral("succeeded")) << s(log.dump());
    ASSERT_EQ(history().size(), 1);
    EventLog dry;
    RunRequest dryRequest = request(RunRequest::Action::Apply, dir.path());
    dryRequest.dryRun = true;
    const RunResult d = run(dryRequest, dry);
    EXPECT_EQ(outcomeName(d.outcome), QStringLiteral("succeeded")) << s(dry.dump());
    QStringList shown;
    for (const RunEvent &e : dry.of(RunEvent::Type::StatementStarted)) {
        EXPECT_TRUE(e.dryRun);
        shown << e.version + u'/' + QString::number(e.statement);
    }
    EXPECT_EQ(shown, QStringList({QStringLiteral("002/1"), QStringLiteral("002/2")}));
    EXPECT_TRUE(dry.of(RunEvent::Type::LockAcquired).isEmpty());
    ASSERT_FALSE(dry.of(RunEvent::Type::RunStarted).isEmpty());
    EXPECT_TRUE(dry.of(RunEvent::Type::RunStarted).first().dryRun);
    EXPECT_EQ(history().size(), 1);
    EXPECT_FALSE(tableExists(QStringLiteral("users_name_idx")));
}
