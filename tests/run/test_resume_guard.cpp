// Resume skips the statements that committed before the failure. If the DBA's fix changed one
// of those, skipping by count would run the wrong statements: resume must refuse, say which
// statement changed, and leave the migration dirty exactly as it was.
#include "SqliteEngineSupport.h"

using namespace sqlitetest;

TEST(ResumeGuard, RefusesWhenACommittedStatementChangedAndResumesWhenOnlyTheFailedOneDid)
{
    Workspace w;
    // VACUUM cannot run in a transaction: the migration is tracked statement by statement.
    w.write(QStringLiteral("001_accounts.sql"), "CREATE TABLE a (x INTEGER);\nVACUUM;\nINSERT INTO a VALUES (1);\nINSERT INTO nope VALUES (1);\n");
    const EngineRun first = runEngine(request(RunRequest::Action::Apply, w.db(), w.dir()));
    ASSERT_EQ(first.result.outcome, mig::RunResult::Outcome::Failed) << first.text().toStdString();
    ASSERT_EQ(scalar(w.db(), QStringLiteral("SELECT status || ' ' || statements_done FROM migctl_history")).toString(), QStringLiteral("dirty 3"));

    // The "fix" also edits statement 1, which already ran.
    w.write(QStringLiteral("001_accounts.sql"), "CREATE TABLE a (x INTEGER, y INTEGER);\nVACUUM;\nINSERT INTO a VALUES (1);\nINSERT INTO a VALUES (2);\n");
    const EngineRun refused = runEngine(request(RunRequest::Action::Resume, w.db(), w.dir()));
    EXPECT_EQ(refused.result.outcome, mig::RunResult::Outcome::Failed);
    EXPECT_TRUE(refused.result.message.contains(u"statement 1 of the script changed since it ran")) << refused.result.message.toStdString();
    EXPECT_TRUE(refused.result.message.contains(u"nothing was run")) << refused.result.message.toStdString();
    EXPECT_EQ(scalar(w.db(), QStringLiteral("SELECT count(*) FROM migctl_history")).toInt(), 1); // nothing written
    EXPECT_EQ(scalar(w.db(), QStringLiteral("SELECT status || ' ' || statements_done FROM migctl_history")).toString(), QStringLiteral("dirty 3"));
    EXPECT_EQ(scalar(w.db(), QStringLiteral("SELECT count(*) FROM a")).toInt(), 1);

    // Only the failed statement fixed: resume runs statement 4 alone.
    w.write(QStringLiteral("001_accounts.sql"), "CREATE TABLE a (x INTEGER);\nVACUUM;\nINSERT INTO a VALUES (1);\nINSERT INTO a VALUES (2);\n");
    const EngineRun resumed = runEngine(request(RunRequest::Action::Resume, w.db(), w.dir()));
    EXPECT_EQ(resumed.result.outcome, mig::RunResult::Outcome::Succeeded) << resumed.text().toStdString();
    EXPECT_EQ(resumed.of(RunEvent::Type::StatementFinished).size(), 1);
    EXPECT_EQ(scalar(w.db(), QStringLiteral("SELECT group_concat(x) FROM (SELECT x FROM a ORDER BY x)")).toString(), QStringLiteral("1,2"));
    EXPECT_EQ(scalar(w.db(), QStringLiteral("SELECT action || ' ' || status FROM migctl_history ORDER BY id DESC LIMIT 1")).toString(),
              QStringLiteral("resume applied"));
}
