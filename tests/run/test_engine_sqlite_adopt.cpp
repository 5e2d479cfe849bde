// The engine recording migrations it does not run, on a real SQLite target: mark-applied
// with its required reason, and baseline at a version or adopted from another tool's history.
#include "SqliteEngineSupport.h"

using namespace sqlitetest;
using mig::MigrationState;

// --- mark-applied, baseline -----------------------------------------------------------------

TEST(EngineSqlite, MarkAppliedNeedsAReasonAndRecordsIt)
{
    Workspace w;
    w.write("001_a.sql", "CREATE TABLE a (x);\n");
    w.write("002_b.sql", "CREATE TABLE b (x);\nINSERT INTO nowhere VALUES (1);\n");
    EXPECT_EQ(migctl(targetArgs("apply", w.db(), w.dir()), w.store()).exitCode, 1);

    MigctlRun r = migctl(targetArgs("mark-applied", w.db(), w.dir()) << "--version" << "002", w.store());
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains(u"mark-applied needs --reason TEXT: the history keeps why")) << r.err.toStdString();
    r = migctl(targetArgs("mark-applied", w.db(), w.dir()) << "--reason" << "   ", w.store());
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(history(w.db()).size(), 2);

    // Without --version: the one failed migration.
    r = migctl(targetArgs("mark-applied", w.db(), w.dir()) << "--reason" << "table b created by hand (TICKET-42)", w.store());
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(u"002 b applied in 0 ms: recorded as applied (mark-applied): table b created by hand (TICKET-42)")) << r.out.toStdString();
    EXPECT_FALSE(hasTable(w.db(), "b")); // recorded, not run
    const QList<Row> h = history(w.db());
    ASSERT_EQ(h.size(), 3);
    const Row &m = h.at(2);
    EXPECT_EQ(m.value("version").toString(), QStringLiteral("002"));
    EXPECT_EQ(m.value("action").toString(), QStringLiteral("mark-applied"));
    EXPECT_EQ(m.value("status").toString(), QStringLiteral("applied"));
    EXPECT_EQ(m.value("reason").toString(), QStringLiteral("table b created by hand (TICKET-42)"));
    EXPECT_EQ(m.value("statements_done").toInt(), 0);
    EXPECT_EQ(m.value("statements_total").toInt(), 2);
    EXPECT_TRUE(m.value("error_message").isNull());
    const mig::TargetStatus s = statusOf(w.db(), w.dir());
    EXPECT_EQ(states(s), (QStringList{"001 applied", "002 applied"}));
    EXPECT_TRUE(s.migrations.at(1).detail.startsWith(u"mark-applied ")) << s.migrations.at(1).detail.toStdString();

    r = migctl(targetArgs("mark-applied", w.db(), w.dir()) << "--version" << "001" << "--reason" << "x", w.store());
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_TRUE(r.out.contains(u"001 a is already applied")) << r.out.toStdString();
    r = migctl(targetArgs("mark-applied", w.db(), w.dir()) << "--version" << "7" << "--reason" << "x", w.store());
    EXPECT_EQ(r.exitCode, 4);
    EXPECT_TRUE(r.out.contains(u"there is no migration 7 in the folder")) << r.out.toStdString();
    r = migctl(targetArgs("mark-applied", w.db(), w.dir()) << "--reason" << "x", w.store());
    EXPECT_EQ(r.exitCode, 4);
    EXPECT_TRUE(r.out.contains(u"nothing is dirty or failed: name the migration with --version")) << r.out.toStdString();
    EXPECT_EQ(history(w.db()).size(), 3);
}

TEST(EngineSqlite, BaselineAtAVersion)
{
    Workspace w;
    EXPECT_EQ(migctl(QStringList{"baseline", "--target", "sqlite:" + w.db(), "--dir", demoDir()}, w.store()).exitCode, 2);
    const MigctlRun r = migctl(targetArgs("baseline", w.db(), demoDir()) << "--version" << "002", w.store());
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(u"recorded as applied (baseline): baseline at version 002")) << r.out.toStdString();
    const QList<Row> h = history(w.db());
    EXPECT_EQ(column(h, "version"), (QStringList{"001", "002"}));
    EXPECT_EQ(column(h, "action"), (QStringList{"baseline", "baseline"}));
    EXPECT_EQ(column(h, "status"), (QStringList{"applied", "applied"}));
    EXPECT_EQ(column(h, "reason"), (QStringList{"baseline at version 002", "baseline at version 002"}));
    EXPECT_FALSE(hasTable(w.db(), "User")); // nothing ran
    const mig::TargetStatus s = statusOf(w.db(), demoDir());
    EXPECT_EQ(states(s), (QStringList{"001 applied", "002 applied", "003 pending"}));
    EXPECT_EQ(s.currentVersion, QStringLiteral("002"));

    const MigctlRun again = migctl(targetArgs("baseline", w.db(), demoDir()) << "--version" << "001", w.store());
    EXPECT_EQ(again.exitCode, 0);
    EXPECT_TRUE(again.out.contains(u"every migration the baseline covers is already recorded")) << again.out.toStdString();
    EXPECT_EQ(migctl(targetArgs("baseline", w.db(), demoDir()) << "--version" << "8", w.store()).exitCode, 4);
    EXPECT_EQ(history(w.db()).size(), 2);
}

TEST(EngineSqlite, BaselineFromFlyway)
{
    Workspace w;
    w.write("V1__Create_person.sql", "CREATE TABLE person (id INTEGER, name TEXT);\n");
    w.write("V1.1__Add_people.sql", "INSERT INTO person VALUES (1, 'Axel');\n");
    w.write("V2__Add_index.sql", "CREATE INDEX person_name ON person (name);\n");
    w.write("R__People_view.sql", "CREATE VIEW IF NOT EXISTS people AS SELECT * FROM person;\n");
    execSql(w.db(),
            "CREATE TABLE person (id INTEGER, name TEXT);"
            "CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), "
            "description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT, "
            "installed_by VARCHAR(100) NOT NULL, installed_on TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL, "
            "success BOOLEAN NOT NULL);"
            "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES "
            "(1, '1', 'Create person', 'SQL', 'V1__Create_person.sql', -1245738412, 'flyway', 12, 1),"
            "(2, '1.1', 'Add people', 'SQL', 'V1.1__Add_people.sql', 1103477238, 'flyway', 4, 1),"
            "(3, NULL, 'People view', 'SQL', 'R__People_view.sql', 99, 'flyway', 2, 1),"
            "(4, '7', 'Later work', 'SQL', 'V7__Later_work.sql', 5, 'flyway', 3, 1);");
    const MigctlRun r = migctl(targetArgs("baseline", w.db(), w.dir()) << "--from" << "flyway", w.store());
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(u"warning: flyway_schema_history records version 7 as applied, but the folder has no such migration"))
        << r.err.toStdString();
    const QList<Row> h = history(w.db());
    EXPECT_EQ(column(h, "version"), (QStringList{"1", "1.1"}));
    EXPECT_EQ(column(h, "action"), (QStringList{"baseline", "baseline"}));
    EXPECT_EQ(column(h, "reason"), (QStringList{"adopted from flyway", "adopted from flyway"}));
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM person").toInt(), 0); // V1.1 was recorded, not run
    EXPECT_EQ(states(statusOf(w.db(), w.dir())), (QStringList{"1 applied", "1.1 applied", "2 pending", " pending"}));

    // A failed Flyway migration must be repaired first.
    Workspace failed;
    copyFolder(w.dir(), failed.dir());
    execSql(failed.db(),
            "CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL, "
            "type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, "
            "installed_on TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL, success BOOLEAN NOT NULL);"
            "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, installed_by, execution_time, success) VALUES "
            "(1, '1', 'Create person', 'SQL', 'V1__Create_person.sql', 'flyway', 12, 1),"
            "(2, '1.1', 'Add people', 'SQL', 'V1.1__Add_people.sql', 'flyway', 4, 0);");
    const MigctlRun refused = migctl(targetArgs("baseline", failed.db(), failed.dir()) << "--from" << "flyway", failed.store());
    EXPECT_EQ(refused.exitCode, 4);
    EXPECT_TRUE(refused.out.contains(u"Flyway recorded a failed migration 1.1: repair it with Flyway (or by hand) before adopting"))
        << refused.out.toStdString();
    EXPECT_FALSE(hasTable(failed.db(), QStringLiteral("migctl_history"))) << "a refused run leaves no history table";
}

TEST(EngineSqlite, BaselineFromGolangMigrate)
{
    Workspace w;
    w.write("1_create_users.up.sql", "CREATE TABLE users (id INTEGER);\n");
    w.write("1_create_users.down.sql", "DROP TABLE users;\n");
    w.write("2_add_mood.up.sql", "ALTER TABLE users ADD COLUMN mood TEXT;\n");
    w.write("2_add_mood.down.sql", "ALTER TABLE users DROP COLUMN mood;\n");
    w.write("3_add_index.up.sql", "CREATE INDEX users_mood ON users (mood);\n");
    execSql(w.db(), "CREATE TABLE users (id INTEGER, mood TEXT);"
                    "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);"
                    "INSERT INTO schema_migrations VALUES (2, false);");
    const MigctlRun r = migctl(targetArgs("baseline", w.db(), w.dir()) << "--from" << "golang-migrate", w.store());
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    // golang-migrate keeps its current version only: everything up to it is applied.
    EXPECT_EQ(column(history(w.db()), "version"), (QStringList{"1", "2"}));
    EXPECT_EQ(column(history(w.db()), "reason"), (QStringList{"adopted from golang-migrate", "adopted from golang-migrate"}));
    EXPECT_EQ(states(statusOf(w.db(), w.dir())), (QStringList{"1 applied", "2 applied", "3 pending"}));
    const MigctlRun apply = migctl(targetArgs("apply", w.db(), w.dir()), w.store());
    EXPECT_EQ(apply.exitCode, 0) << apply.out.toStdString();
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM sqlite_schema WHERE name = 'users_mood'").toInt(), 1);

    Workspace dirty;
    copyFolder(w.dir(), dirty.dir());
    execSql(dirty.db(), "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);"
                        "INSERT INTO schema_migrations VALUES (2, true);");
    const MigctlRun refused = migctl(targetArgs("baseline", dirty.db(), dirty.dir()) << "--from" << "golang-migrate", dirty.store());
    EXPECT_EQ(refused.exitCode, 4);
    EXPECT_TRUE(refused.out.contains(u"golang-migrate left the database dirty at version 2: fix it and run 'migrate force' first"))
        << refused.out.toStdString();
    EXPECT_FALSE(hasTable(dirty.db(), QStringLiteral("migctl_history"))) << "a refused run leaves no history table";
}

TEST(EngineSqlite, BaselineFromDbmate)
{
    Workspace w;
    w.write("20240101000000_create_users.sql", "-- migrate:up\nCREATE TABLE users (id INTEGER);\n\n-- migrate:down\nDROP TABLE users;\n");
    w.write("20240102000000_add_email.sql", "-- migrate:up\nALTER TABLE users ADD COLUMN email TEXT;\n\n-- migrate:down\n");
    w.write("20240103000000_add_index.sql", "-- migrate:up\nCREATE INDEX users_email ON users (email);\n\n-- migrate:down\nDROP INDEX users_email;\n");
    execSql(w.db(), "CREATE TABLE users (id INTEGER, email TEXT);"
                    "CREATE TABLE schema_migrations (version varchar(128) NOT NULL PRIMARY KEY);"
                    "INSERT INTO schema_migrations VALUES ('20231201000000'), ('20240101000000'), ('20240102000000');");
    const MigctlRun r = migctl(targetArgs("baseline", w.db(), w.dir()) << "--from" << "dbmate", w.store());
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(u"warning: schema_migrations records version 20231201000000 as applied, but the folder has no such migration"))
        << r.err.toStdString();
    EXPECT_EQ(column(history(w.db()), "version"), (QStringList{"20240101000000", "20240102000000"}));
    EXPECT_EQ(states(statusOf(w.db(), w.dir())),
              (QStringList{"20240101000000 applied", "20240102000000 applied", "20240103000000 pending"}));
}

TEST(EngineSqlite, BaselineFromGoose)
{
    Workspace w;
    w.write("00001_create_users.sql", "-- +goose Up\nCREATE TABLE users (id INTEGER);\n\n-- +goose Down\nDROP TABLE users;\n");
    w.write("00002_add_name.sql", "-- +goose Up\nALTER TABLE users ADD COLUMN name TEXT;\n\n-- +goose Down\nALTER TABLE users DROP COLUMN name;\n");
    w.write("00003_add_index.sql", "-- +goose Up\nCREATE INDEX users_name ON users (name);\n\n-- +goose Down\nDROP INDEX users_name;\n");
    // goose appends a row per up and per down; version 0 is its own first row. 3 went up, then down.
    execSql(w.db(), "CREATE TABLE users (id INTEGER, name TEXT);"
                    "CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL, "
                    "is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP);"
                    "INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, 1), (1, 1), (2, 1), (3, 1), (3, 0);");
    const MigctlRun r = migctl(targetArgs("baseline", w.db(), w.dir()) << "--from" << "goose", w.store());
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.err.isEmpty()) << r.err.toStdString();
    EXPECT_EQ(column(history(w.db()), "version"), (QStringList{"00001", "00002"}));
    EXPECT_EQ(column(history(w.db()), "reason"), (QStringList{"adopted from goose", "adopted from goose"}));
    EXPECT_EQ(states(statusOf(w.db(), w.dir())), (QStringList{"00001 applied", "00002 applied", "00003 pending"}));
}

TEST(EngineSqlite, BaselineFromFlywayCoversEverythingBelowItsBaselineRow)
{
    // Flyway adopted an existing database at version 2 (its BASELINE row), then ran V3: V1 and
    // V2 are "below baseline" for Flyway, done; only V4 is left.
    Workspace w;
    w.write("V1__Create_person.sql", "CREATE TABLE person (id INTEGER, name TEXT);\n");
    w.write("V2__Add_email.sql", "ALTER TABLE person ADD COLUMN email TEXT;\n");
    w.write("V3__Add_index.sql", "CREATE INDEX person_name ON person (name);\n");
    w.write("V4__Add_phone.sql", "ALTER TABLE person ADD COLUMN phone TEXT;\n");
    execSql(w.db(),
            "CREATE TABLE person (id INTEGER, name TEXT, email TEXT);"
            "CREATE INDEX person_name ON person (name);"
            "CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL, "
            "type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, "
            "installed_on TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL, success BOOLEAN NOT NULL);"
            "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES "
            "(1, '2', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', NULL, 'flyway', 0, 1),"
            "(2, '3', 'Add index', 'SQL', 'V3__Add_index.sql', 1502399316, 'flyway', 7, 1);");
    const MigctlRun r = migctl(targetArgs("baseline", w.db(), w.dir()) << "--from" << "flyway", w.store());
    ASSERT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.err.isEmpty()) << r.err.toStdString();
    EXPECT_EQ(column(history(w.db()), "version"), (QStringList{"1", "2", "3"}));
    const mig::TargetStatus s = statusOf(w.db(), w.dir());
    EXPECT_EQ(states(s), (QStringList{"1 applied", "2 applied", "3 applied", "4 pending"}));
    EXPECT_TRUE(s.blockers(false).isEmpty());
    const MigctlRun apply = migctl(targetArgs("apply", w.db(), w.dir()), w.store());
    EXPECT_EQ(apply.exitCode, 0) << apply.out.toStdString();
    EXPECT_TRUE(apply.out.contains(u"[1/1] 4 Add phone applied in ")) << apply.out.toStdString();
    EXPECT_EQ(scalar(w.db(), "SELECT count(*) FROM pragma_table_info('person')").toInt(), 4);

    // A baseline version without a file of its own (Flyway's default "1" before V2...) is no warning.
    Workspace later;
    later.write("V2__Add_email.sql", "ALTER TABLE person ADD COLUMN email TEXT;\n");
    later.write("V3__Add_index.sql", "CREATE INDEX person_name ON person (name);\n");
    execSql(later.db(),
            "CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL, "
            "type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, "
            "installed_on TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL, success BOOLEAN NOT NULL);"
            "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES "
            "(1, '1', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', NULL, 'flyway', 0, 1),"
            "(2, '2', 'Add email', 'SQL', 'V2__Add_email.sql', 77, 'flyway', 7, 1);");
    const MigctlRun l = migctl(targetArgs("baseline", later.db(), later.dir()) << "--from" << "flyway", later.store());
    ASSERT_EQ(l.exitCode, 0) << l.out.toStdString() << l.err.toStdString();
    EXPECT_TRUE(l.err.isEmpty()) << l.err.toStdString();
    EXPECT_EQ(column(history(later.db()), "version"), QStringList{"2"});
}

TEST(EngineSqlite, BaselineFromGolangMigrateAtAVersionTheFolderLacksIsRefused)
{
    // golang-migrate keeps one version; without that migration in the folder it stops itself
    // ("no migration found for version 5"): adopting "everything up to it" would be a guess.
    Workspace w;
    w.write("1_create_users.up.sql", "CREATE TABLE users (id INTEGER);\n");
    w.write("2_add_mood.up.sql", "ALTER TABLE users ADD COLUMN mood TEXT;\n");
    execSql(w.db(), "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);"
                    "INSERT INTO schema_migrations VALUES (5, false);");
    const MigctlRun r = migctl(targetArgs("baseline", w.db(), w.dir()) << "--from" << "golang-migrate", w.store());
    EXPECT_EQ(r.exitCode, 4) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(u"schema_migrations records version 5, but the folder has no such migration")) << r.out.toStdString();
    EXPECT_FALSE(r.out.contains(u"already recorded")) << r.out.toStdString();
    EXPECT_FALSE(hasTable(w.db(), QStringLiteral("migctl_history"))) << "a refused run leaves no history table";
}
