// The schema watch on SQLite: after each migration only the tables whose sqlite_schema rows
// changed are read again, and the result must be the whole schema, step after step.
#include "WatchSupport.h"

#include "target/ConnectionProfile.h"

using namespace mig;
using namespace mig::watchtest;

namespace {

class WatchSqlite : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        const TargetUrl url = parseTargetUrl(QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("target.db")));
        ASSERT_TRUE(url.profile) << url.error.toStdString();
        m_session = TargetSession::create(*url.profile);
        const auto error = m_session->open(QString());
        ASSERT_FALSE(error) << error->toString().toStdString();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<TargetSession> m_session;
};

TEST_F(WatchSqlite, MergedSnapshotEqualsTheWholeOneAfterEveryKindOfChange)
{
    WatchedRun run(*m_session);
    ASSERT_TRUE(m_session->query(QStringLiteral("CREATE TABLE kept (id INTEGER PRIMARY KEY, label TEXT)")).ok());
    ASSERT_NO_FATAL_FAILURE(run.start());

    // A foreign key naming its parent without columns reads the parent's primary key.
    EXPECT_EQ(run.step(QStringLiteral("001"), {QStringLiteral("CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
                                               QStringLiteral("CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a, note TEXT)")}),
              QStringLiteral("+ table a (2 columns, 1 primary key)\n+ table b (3 columns, 1 foreign key, 1 primary key)\n"));
    const QString indexed = run.step(QStringLiteral("002"), {QStringLiteral("CREATE INDEX b_note ON b (note)"),
                                                             QStringLiteral("CREATE VIEW v AS SELECT a.name, b.note FROM a JOIN b ON b.a_id = a.id"),
                                                             QStringLiteral("CREATE TRIGGER b_touch AFTER UPDATE ON b BEGIN UPDATE a SET name = name WHERE id = new.a_id; END")});
    EXPECT_TRUE(indexed.contains(QStringLiteral("+ index b.b_note"))) << indexed.toStdString();
    EXPECT_TRUE(indexed.contains(QStringLiteral("+ view v"))) << indexed.toStdString();
    EXPECT_TRUE(indexed.contains(QStringLiteral("+ trigger b.b_touch"))) << indexed.toStdString();
    // Data only: no schema change, nothing re-read.
    EXPECT_EQ(run.step(QStringLiteral("003"), {QStringLiteral("INSERT INTO a (name) VALUES ('x')")}), QStringLiteral("no schema changes\n"));
    // A rename rewrites the text of what refers to it (the child's foreign key, the view).
    const QString renamed = run.step(QStringLiteral("004"), {QStringLiteral("ALTER TABLE a RENAME TO a2")});
    EXPECT_TRUE(renamed.contains(QStringLiteral("+ table a2"))) << renamed.toStdString();
    EXPECT_TRUE(renamed.contains(QStringLiteral("- table a"))) << renamed.toStdString();
    run.step(QStringLiteral("005"), {QStringLiteral("ALTER TABLE b ADD COLUMN extra TEXT DEFAULT 'x'"),
                                     QStringLiteral("ALTER TABLE b RENAME COLUMN note TO memo")});
    run.step(QStringLiteral("006"), {QStringLiteral("DROP VIEW v"), QStringLiteral("DROP INDEX b_note"), QStringLiteral("DROP TRIGGER b_touch")});
    // The parent goes: the child's foreign key now names no primary key; then it comes back.
    run.step(QStringLiteral("007"), {QStringLiteral("DROP TABLE a2")});
    run.step(QStringLiteral("008"), {QStringLiteral("CREATE TABLE a2 (id INTEGER PRIMARY KEY)")});
    // The usual SQLite rebuild of a table.
    run.step(QStringLiteral("009"), {QStringLiteral("CREATE TABLE b_new (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a2 (id), memo TEXT NOT NULL)"),
                                     QStringLiteral("INSERT INTO b_new (id, a_id, memo) SELECT id, a_id, coalesce(memo, '') FROM b"),
                                     QStringLiteral("DROP TABLE b"), QStringLiteral("ALTER TABLE b_new RENAME TO b"),
                                     QStringLiteral("CREATE UNIQUE INDEX b_memo ON b (memo)")});
    run.step(QStringLiteral("010"), {QStringLiteral("CREATE TABLE \"Mixed Case\" (\"Id\" INTEGER PRIMARY KEY, v TEXT COLLATE NOCASE)"),
                                     QStringLiteral("CREATE TRIGGER mixed_ins AFTER INSERT ON \"Mixed Case\" BEGIN SELECT 1; END")});
    run.finish();
    // Normal run: the safety net stays silent.
    EXPECT_TRUE(run.checks(QStringLiteral("schema watch complete")).isEmpty());
    run.expectStoreRebuildsEverySnapshot();
    // Only what changed was read again (a schema renamed: all of it).
    EXPECT_EQ(run.rereads(), (QStringList{"2", "2", "0", "4", "2", "2", "2", "2", "1", "1"})) << run.rereads().join(u' ').toStdString();
}

// SQLite's lower() folds ASCII only, Qt's toLower() every script: a scoped read that compared
// the two found no columns for "Übersicht". Run as scripts, so the declaration check runs on
// the merged snapshots too.
TEST_F(WatchSqlite, TablesNamedBeyondAsciiAreReadAgainWhole)
{
    WatchedRun run(*m_session);
    ASSERT_NO_FATAL_FAILURE(run.start());
    const RunEvent created = run.declaredStep(
        QStringLiteral("001"), {QStringLiteral("CREATE TABLE \"Übersicht\" (id INTEGER PRIMARY KEY, titel TEXT NOT NULL)"),
                                QStringLiteral("CREATE TABLE \"Клиенты\" (id INTEGER PRIMARY KEY, \"Übersicht_id\" INTEGER REFERENCES \"Übersicht\")"),
                                QStringLiteral("CREATE INDEX \"Клиенты_idx\" ON \"Клиенты\" (\"Übersicht_id\")")});
    EXPECT_EQ(created.check.toStdString(), "schema as declared");
    EXPECT_EQ(created.status.toStdString(), "pass") << created.message.toStdString();
    // The parent changes: the child, which reads its primary key, is read again with it.
    const RunEvent altered = run.declaredStep(QStringLiteral("002"), {QStringLiteral("ALTER TABLE \"Übersicht\" ADD COLUMN notiz TEXT"),
                                                                       QStringLiteral("ALTER TABLE \"Клиенты\" ADD COLUMN \"Имя\" TEXT")});
    EXPECT_EQ(altered.status.toStdString(), "pass") << altered.message.toStdString();
    const RunEvent renamed = run.declaredStep(QStringLiteral("003"), {QStringLiteral("ALTER TABLE \"Übersicht\" RENAME TO \"Überblick\"")});
    EXPECT_EQ(renamed.status.toStdString(), "pass") << renamed.message.toStdString();
    // Only the parent changes: the markers still know "Клиенты" names it, and read it too.
    const RunEvent parentOnly = run.declaredStep(QStringLiteral("004"), {QStringLiteral("ALTER TABLE \"Überblick\" ADD COLUMN stand TEXT")});
    EXPECT_EQ(parentOnly.status.toStdString(), "pass") << parentOnly.message.toStdString();
    run.finish();
    EXPECT_TRUE(run.checks(QStringLiteral("schema watch complete")).isEmpty());
    run.expectStoreRebuildsEverySnapshot();
    EXPECT_EQ(run.rereads(), (QStringList{"2", "2", "3", "2"})) << run.rereads().join(u' ').toStdString();
}

TEST_F(WatchSqlite, TheSafetyNetNamesWhatABlindMarkerMissed)
{
    WatchedRun run(*m_session);
    ASSERT_TRUE(m_session->query(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY)")).ok());
    ASSERT_NO_FATAL_FAILURE(run.start());
    run.watch().blindTo({QStringLiteral("t")});
    ASSERT_TRUE(m_session->query(QStringLiteral("ALTER TABLE t ADD COLUMN hidden TEXT")).ok());
    run.watchOnly(QStringLiteral("001"));
    run.finish();
    run.expectNetWarnsOf(QStringLiteral("column t.hidden"));
    run.expectNetWarnsOf(QStringLiteral("incomplete"));
    // Told as a warning too, as reports count them.
    EXPECT_TRUE(std::any_of(run.events().cbegin(), run.events().cend(), [](const RunEvent &e) {
        return e.type == RunEvent::Type::Message && e.status == u"warning" && e.message.contains(QStringLiteral("column t.hidden"));
    }));
}

} // namespace
