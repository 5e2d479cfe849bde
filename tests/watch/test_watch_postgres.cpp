// The schema watch on PostgreSQL: after each migration only the units whose catalog rows moved
// (and what prints their names) are read again; the result must be the whole schema, step after
// step, also where the DDL ran inside a DO block or a function called by a SELECT.
#include "PgEngineSupport.h"
#include "WatchSupport.h"

#include "target/ConnectionProfile.h"

using namespace mig;
using namespace mig::watchtest;

namespace {

class WatchPostgres : public pgtest::PgEngineTest
{
protected:
    std::unique_ptr<TargetSession> session()
    {
        const TargetUrl u = parseTargetUrl(url());
        EXPECT_TRUE(u.profile) << u.error.toStdString();
        if (!u.profile)
            return nullptr;
        auto session = TargetSession::create(*u.profile);
        const auto error = session->open(QString());
        EXPECT_FALSE(error) << (error ? error->toString().toStdString() : std::string());
        return error ? nullptr : std::move(session);
    }
};

TEST_F(WatchPostgres, MergedSnapshotEqualsTheWholeOneAfterEveryKindOfChange)
{
    std::unique_ptr<TargetSession> target = session();
    ASSERT_TRUE(target);
    ASSERT_TRUE(target->query(QStringLiteral("CREATE TABLE kept (id int PRIMARY KEY, label text)")).ok());
    WatchedRun run(*target);
    ASSERT_NO_FATAL_FAILURE(run.start());

    run.step(QStringLiteral("001"),
             {QStringLiteral("CREATE SCHEMA app"),
              QStringLiteral("CREATE TABLE app.parent (id serial PRIMARY KEY, name text NOT NULL)"),
              QStringLiteral("CREATE TABLE child (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                             "parent_id int REFERENCES app.parent (id), note text CHECK (length(note) < 100))")});
    run.step(QStringLiteral("002"),
             {QStringLiteral("CREATE INDEX child_note ON child (lower(note)) WHERE note IS NOT NULL"),
              QStringLiteral("CREATE VIEW v AS SELECT p.name, c.note FROM app.parent p JOIN child c ON c.parent_id = p.id"),
              QStringLiteral("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN new; END $$"),
              QStringLiteral("CREATE TRIGGER child_touch BEFORE UPDATE ON child FOR EACH ROW EXECUTE FUNCTION touch()"),
              QStringLiteral("CREATE TYPE mood AS ENUM ('calm', 'busy')"),
              QStringLiteral("CREATE DOMAIN short_text AS text CHECK (length(VALUE) < 10)"),
              QStringLiteral("ALTER TABLE child ADD COLUMN feeling mood, ADD COLUMN tag short_text"),
              QStringLiteral("ALTER TABLE child ENABLE ROW LEVEL SECURITY"),
              QStringLiteral("CREATE POLICY own ON child USING (parent_id > 0)"),
              QStringLiteral("CREATE SEQUENCE loose_seq START 5")});
    // DDL no statement of the script names: in a DO block, and in a function a SELECT calls.
    const QString fromDo = run.step(QStringLiteral("003"),
                                    {QStringLiteral("DO $$ BEGIN EXECUTE 'CREATE TABLE from_do (x int)'; "
                                                    "EXECUTE 'ALTER TABLE child ADD COLUMN done boolean'; END $$")});
    EXPECT_TRUE(fromDo.contains(QStringLiteral("+ table public.from_do"))) << fromDo.toStdString();
    EXPECT_TRUE(fromDo.contains(QStringLiteral("+ column public.child.done"))) << fromDo.toStdString();
    const QString fromFunction = run.step(QStringLiteral("004"),
                                          {QStringLiteral("CREATE FUNCTION make_index() RETURNS void LANGUAGE plpgsql AS "
                                                          "$$ BEGIN CREATE INDEX from_fn ON from_do (x); END $$"),
                                           QStringLiteral("SELECT make_index()")});
    EXPECT_TRUE(fromFunction.contains(QStringLiteral("+ index public.from_do.from_fn"))) << fromFunction.toStdString();
    // Renames change what other objects print: the foreign key, the view, the sequence's owner,
    // the column's type, the trigger's function.
    const QString renamed = run.step(QStringLiteral("005"),
                                     {QStringLiteral("ALTER TABLE app.parent RENAME TO mother"),
                                      QStringLiteral("ALTER TABLE child RENAME COLUMN note TO memo"),
                                      QStringLiteral("ALTER TYPE mood ADD VALUE 'tired'"),
                                      QStringLiteral("ALTER TYPE mood RENAME TO temper"),
                                      QStringLiteral("ALTER FUNCTION touch() RENAME TO touch_row"),
                                      QStringLiteral("ALTER SEQUENCE loose_seq INCREMENT 2")});
    EXPECT_TRUE(renamed.contains(QStringLiteral("references"))) << renamed.toStdString();
    EXPECT_TRUE(renamed.contains(QStringLiteral("~ trigger public.child.child_touch"))) << renamed.toStdString();
    run.step(QStringLiteral("006"),
             {QStringLiteral("CREATE FUNCTION h(int) RETURNS int LANGUAGE sql AS 'SELECT $1'"),
              QStringLiteral("CREATE FUNCTION h(text) RETURNS text LANGUAGE sql AS 'SELECT $1'")});
    run.step(QStringLiteral("007"),
             {QStringLiteral("DROP VIEW v"), QStringLiteral("DROP INDEX child_note"), QStringLiteral("DROP TABLE from_do"),
              QStringLiteral("DROP POLICY own ON child"), QStringLiteral("ALTER TABLE child DROP CONSTRAINT child_parent_id_fkey"),
              QStringLiteral("DROP FUNCTION h(int)"), QStringLiteral("ALTER TABLE child ALTER COLUMN memo SET DEFAULT 'none'")});
    EXPECT_EQ(run.step(QStringLiteral("008"), {QStringLiteral("INSERT INTO kept VALUES (1, 'data only')")}), QStringLiteral("no schema changes\n"));
    // A schema renamed renames everything in it: read whole.
    run.step(QStringLiteral("009"), {QStringLiteral("ALTER SCHEMA app RENAME TO app2")});
    run.step(QStringLiteral("010"), {QStringLiteral("DROP TABLE app2.mother CASCADE"), QStringLiteral("DROP TYPE temper CASCADE")});
    run.finish();
    EXPECT_TRUE(run.checks(QStringLiteral("schema watch complete")).isEmpty());
    run.expectStoreRebuildsEverySnapshot();
    // Only what changed was read again (a schema renamed: all of it).
    // A data-only migration reads nothing; a few units per migration otherwise (the schema holds
    // some thirty), the dependents of what was renamed among them.
    const QStringList rereads = run.rereads();
    ASSERT_EQ(rereads.size(), 10);
    for (int i : {0, 1, 2, 3, 4, 5, 6, 9})
        EXPECT_TRUE(rereads.at(i).toInt() > 0 && rereads.at(i).toInt() <= 8) << i << ": " << rereads.join(u' ').toStdString();
    EXPECT_EQ(rereads.at(7), QStringLiteral("0"));
    EXPECT_EQ(rereads.at(8), QStringLiteral("whole"));
}

// A column of type mood[] depends on the array type _mood, a column of a table's row type and a
// function RETURNS SETOF parent on the row type: not on mood or parent themselves. Renaming
// those changes what the dependents print all the same.
TEST_F(WatchPostgres, DependentsThroughArrayAndRowTypesAreReadAgain)
{
    std::unique_ptr<TargetSession> target = session();
    ASSERT_TRUE(target);
    WatchedRun run(*target);
    ASSERT_NO_FATAL_FAILURE(run.start());
    run.step(QStringLiteral("001"),
             {QStringLiteral("CREATE TYPE mood AS ENUM ('calm', 'busy')"),
              QStringLiteral("CREATE TYPE pair AS (a int, b text)"),
              QStringLiteral("CREATE TABLE parent (id int PRIMARY KEY, name text)"),
              QStringLiteral("CREATE TABLE diary (id int, moods mood[], pairs pair[], one parent, many parent[])"),
              QStringLiteral("CREATE FUNCTION parents() RETURNS SETOF parent LANGUAGE sql AS 'SELECT * FROM parent'"),
              QStringLiteral("CREATE FUNCTION first_moods(mood[]) RETURNS mood LANGUAGE sql AS 'SELECT $1[1]'")});
    const QString types = run.step(QStringLiteral("002"), {QStringLiteral("ALTER TYPE mood RENAME TO temper"),
                                                           QStringLiteral("ALTER TYPE pair RENAME TO couple")});
    EXPECT_TRUE(types.contains(QStringLiteral("~ column public.diary.moods"))) << types.toStdString();
    EXPECT_TRUE(types.contains(QStringLiteral("~ column public.diary.pairs"))) << types.toStdString();
    const QString rowType = run.step(QStringLiteral("003"), {QStringLiteral("ALTER TABLE parent RENAME TO mother")});
    EXPECT_TRUE(rowType.contains(QStringLiteral("~ column public.diary.one"))) << rowType.toStdString();
    EXPECT_TRUE(rowType.contains(QStringLiteral("~ column public.diary.many"))) << rowType.toStdString();
    EXPECT_TRUE(rowType.contains(QStringLiteral("~ routine public.parents(): returns SETOF parent -> SETOF mother"))) << rowType.toStdString();
    run.finish();
    EXPECT_TRUE(run.checks(QStringLiteral("schema watch complete")).isEmpty());
    run.expectStoreRebuildsEverySnapshot();
}

// pg_dump's header empties search_path for the rest of the session. The watch reads as the run
// started all the same (a column's type printed "public.mood" would read as changed, and with no
// current_schema() the history table would be reported as missed), and leaves the session's
// search_path as the migration set it.
TEST_F(WatchPostgres, AMigrationThatMovesSearchPathIsReadAsTheRunStarted)
{
    std::unique_ptr<TargetSession> target = session();
    ASSERT_TRUE(target);
    const QString history = target->profile().historyTable;
    ASSERT_TRUE(target->query(QStringLiteral("CREATE TABLE %1 (id int)").arg(history)).ok()) << history.toStdString();
    ASSERT_TRUE(target->query(QStringLiteral("CREATE TYPE mood AS ENUM ('calm', 'busy')")).ok());
    ASSERT_TRUE(target->query(QStringLiteral("CREATE TABLE kept (id int PRIMARY KEY, feeling mood DEFAULT 'calm')")).ok());
    WatchedRun run(*target);
    ASSERT_NO_FATAL_FAILURE(run.start());
    const QString changed = run.step(QStringLiteral("001"),
                                     {QStringLiteral("SELECT pg_catalog.set_config('search_path', '', false)"),
                                      QStringLiteral("CREATE TABLE public.dumped (id int, feeling public.mood DEFAULT 'busy'::public.mood)"),
                                      QStringLiteral("CREATE VIEW public.both AS SELECT k.id, d.feeling FROM public.kept k JOIN public.dumped d USING (id)")});
    EXPECT_EQ(changed.count(u'\n'), 2) << changed.toStdString(); // the table and the view, nothing else
    EXPECT_TRUE(changed.contains(QStringLiteral("+ table public.dumped"))) << changed.toStdString();
    EXPECT_EQ(target->query(QStringLiteral("SELECT current_setting('search_path')")).scalar().toString().toStdString(), "");
    run.finish();
    EXPECT_EQ(target->query(QStringLiteral("SELECT current_setting('search_path')")).scalar().toString().toStdString(), "");
    EXPECT_TRUE(run.checks(QStringLiteral("schema watch complete")).isEmpty());
    // The console's own table stays out of the snapshot after the run.
    int afterRun = 0;
    for (const RunEvent &e : run.events()) {
        if (e.type != RunEvent::Type::SnapshotTaken || e.check != u"after-run")
            continue;
        ++afterRun;
        const std::optional<SchemaSnapshot> after = SchemaSnapshot::fromJson(e.data.value(u"snapshot").toObject());
        ASSERT_TRUE(after);
        EXPECT_TRUE(std::any_of(after->objects.cbegin(), after->objects.cend(), [](const SchemaObject &o) { return o.name == u"dumped"; }));
        for (const SchemaObject &o : after->objects)
            EXPECT_NE(o.name, history.section(u'.', -1)) << o.qualifiedName().toStdString();
    }
    EXPECT_EQ(afterRun, 1);
    run.expectStoreRebuildsEverySnapshot();
}

// A migration that did not finish renamed a schema: the markers cannot tell what changed in it,
// so the net cannot hold the merged snapshot to the whole one, and says so.
TEST_F(WatchPostgres, TheSafetyNetThatCannotRunSaysWhy)
{
    std::unique_ptr<TargetSession> target = session();
    ASSERT_TRUE(target);
    ASSERT_TRUE(target->query(QStringLiteral("CREATE SCHEMA app")).ok());
    ASSERT_TRUE(target->query(QStringLiteral("CREATE TABLE app.t (id int)")).ok());
    WatchedRun run(*target);
    ASSERT_NO_FATAL_FAILURE(run.start());
    run.step(QStringLiteral("001"), {QStringLiteral("CREATE TABLE app.u (id int)")});
    ASSERT_TRUE(target->query(QStringLiteral("ALTER SCHEMA app RENAME TO app2")).ok()); // 002, failed after this
    run.finishAfterFailure();
    const QList<RunEvent> net = run.checks(QStringLiteral("schema watch complete"));
    ASSERT_EQ(net.size(), 1);
    EXPECT_EQ(net.first().status.toStdString(), "not run");
    EXPECT_TRUE(net.first().message.contains(QStringLiteral("a schema renamed"))) << net.first().message.toStdString();
    EXPECT_TRUE(std::any_of(run.events().cbegin(), run.events().cend(), [](const RunEvent &e) {
        return e.type == RunEvent::Type::Message && e.status == u"warning" && e.message.contains(QStringLiteral("could not be checked"));
    }));
}

// A GRANT or an owner changed on a schema writes its pg_namespace row: the schema is read again,
// not everything in it, nor the whole database.
TEST_F(WatchPostgres, AGrantOnASchemaReadsTheSchemaAgainOnly)
{
    std::unique_ptr<TargetSession> target = session();
    ASSERT_TRUE(target);
    ASSERT_TRUE(target->query(QStringLiteral("CREATE SCHEMA app")).ok());
    ASSERT_TRUE(target->query(QStringLiteral("CREATE TABLE app.t (id int PRIMARY KEY)")).ok());
    ASSERT_TRUE(target->query(QStringLiteral("CREATE VIEW app.v AS SELECT id FROM app.t")).ok());
    WatchedRun run(*target);
    ASSERT_NO_FATAL_FAILURE(run.start());
    run.step(QStringLiteral("001"), {QStringLiteral("GRANT USAGE ON SCHEMA app TO PUBLIC")});
    run.step(QStringLiteral("002"), {QStringLiteral("ALTER SCHEMA app RENAME TO app2")});
    run.finish();
    EXPECT_TRUE(run.checks(QStringLiteral("schema watch complete")).isEmpty());
    EXPECT_EQ(run.rereads(), (QStringList{"1", "whole"})) << run.rereads().join(u' ').toStdString();
}

// A role renamed changes the roles a policy names, and writes no catalog row of the schema's:
// a real blind spot of the markers, which the run's safety net must name.
TEST_F(WatchPostgres, TheSafetyNetNamesWhatTheMarkersMissed)
{
    const QString role = QStringLiteral("watch_role_%1").arg(::getpid());
    ASSERT_TRUE(exec(QStringLiteral("DROP ROLE IF EXISTS %1; DROP ROLE IF EXISTS %1_renamed; CREATE ROLE %1").arg(role)));
    std::unique_ptr<TargetSession> target = session();
    ASSERT_TRUE(target);
    ASSERT_TRUE(target->query(QStringLiteral("CREATE TABLE t (id int)")).ok());
    ASSERT_TRUE(target->query(QStringLiteral("CREATE POLICY p ON t TO %1 USING (true)").arg(role)).ok());
    {
        WatchedRun run(*target);
        ASSERT_NO_FATAL_FAILURE(run.start());
        ASSERT_TRUE(target->query(QStringLiteral("ALTER ROLE %1 RENAME TO %1_renamed").arg(role)).ok());
        run.watchOnly(QStringLiteral("001"));
        run.finish();
        run.expectNetWarnsOf(QStringLiteral("policy public.t.p"));
    }
    target.reset();
    EXPECT_TRUE(exec(QStringLiteral("DROP POLICY p ON t; DROP ROLE %1_renamed").arg(role)));
}

} // namespace
