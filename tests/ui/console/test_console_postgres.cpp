// The console on a real PostgreSQL target: the password comes from the secret store through the
// console's password source, the checklist runs against the server, GO (overridden: no backup
// here) applies, health samples come from a second connection, verification follows.
#include "ConsoleFixture.h"
#include "PgEngineSupport.h"

#include "console/Console.h"
#include "run/RunView.h"

#include <QProgressBar>
#include <QTextEdit>

using namespace mig;

class ConsolePostgres : public pgtest::PgEngineTest, public ConsoleDriver
{
protected:
    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("MIG_TEST_PG_PORT"))
            qputenv("MIG_TEST_PG_PORT", MIG_TEST_PG_PORT_BUILT_IN);
        pgtest::PgEngineTest::SetUp();
        setUpConsole();
    }
    void TearDown() override
    {
        tearDownConsole();
        pgtest::PgEngineTest::TearDown();
    }
    ui::Project project() const override
    {
        ui::Project p = ConsoleDriver::project();
        p.profile.name = QStringLiteral("pg test target");
        p.profile.engine = Dialect::Postgres;
        p.profile.host = QStringLiteral("127.0.0.1");
        p.profile.port = m_port;
        p.profile.database = m_database;
        p.profile.user = QStringLiteral("postgres");
        return p;
    }
};

TEST_F(ConsolePostgres, OverriddenGoAppliesWithHealthSamplesAndVerification)
{
    bool stored = false;
    secrets.writePassword(QStringLiteral("pg test target"), QStringLiteral("s3cret-pg"), [&](const QString &e) { stored = e.isEmpty(); });
    for (int i = 0; i < 100 && !stored; ++i) // the store answers later, like a keychain
        QTest::qWait(10);
    ASSERT_TRUE(stored);
    tmp.write(QStringLiteral("migrations/001_accounts.sql"),
              "CREATE TABLE accounts (id bigserial PRIMARY KEY, email text NOT NULL);\n"
              "INSERT INTO accounts (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 5000) g;\n");
    tmp.write(QStringLiteral("migrations/001_accounts.rollback.sql"), "DROP TABLE accounts;\n");
    tmp.write(QStringLiteral("migrations/002_accounts_email.sql"), "CREATE UNIQUE INDEX accounts_email ON accounts (email);\n");
    tmp.write(QStringLiteral("migrations/002_accounts_email.rollback.sql"), "DROP INDEX accounts_email;\n");
    // The default policy with a file: enforced; no backup and no sign-offs here, so NO-GO.
    tmp.write(QStringLiteral("migrations/migctl-policy.json"), R"({"signoffs": {"required": ["DBA"]}})");
    open();
    const ui::ProjectState &s = *window->console()->state();
    ASSERT_TRUE(s.reachable()) << s.inspection.error.toStdString();
    EXPECT_TRUE(s.inspection.serverVersion.startsWith(u"PostgreSQL 15")) << s.inspection.serverVersion.toStdString();
    EXPECT_EQ(s.inspection.status.count(MigrationState::Pending), 2);

    recheck();
    auto *go = find<QAbstractButton>(QStringLiteral("goButton"));
    EXPECT_FALSE(go->isEnabled());
    auto *reason = find<QWidget>(QStringLiteral("overrideReason"));
    reason->setFocus();
    QTest::keyClicks(reason, QStringLiteral("CHG-1042: approved in the change board, backup by storage snapshot"));
    ASSERT_TRUE(go->isEnabled()) << "a written reason enables GO (override)";

    auto *runView = find<ui::RunView>(QStringLiteral("runView"));
    QSignalSpy finished(runView, &ui::RunView::runShownFinished);
    QSignalSpy verified(window->console(), &ui::Console::verified);
    QSignalSpy done(window->console(), &ui::Console::runFinished);
    click(QStringLiteral("goButton"));
    ASSERT_TRUE(finished.wait(120000));
    ASSERT_EQ(done.count(), 1);
    const RunResult r = done.at(0).at(0).value<RunResult>();
    EXPECT_EQ(r.outcome, RunResult::Outcome::Succeeded) << r.message.toStdString();
    EXPECT_GT(runView->pointCount(QStringLiteral("healthChart")), 0);
    EXPECT_GT(runView->pointCount(QStringLiteral("durationChart")), 0);
    ASSERT_TRUE(verified.count() > 0 || verified.wait(60000));
    EXPECT_TRUE(verified.at(0).at(0).value<VerifyResult>().passed());

    // The override is in the run store with its reason, as the report will show it.
    RunStore store;
    ASSERT_TRUE(store.open(project().runStorePath).isEmpty());
    bool overridden = false;
    for (const QJsonObject &e : store.events(r.runId))
        overridden |= e.value(u"check").toString() == u"go/no-go" && e.value(u"status").toString() == u"override"
                      && e.value(u"message").toString().contains(u"CHG-1042");
    EXPECT_TRUE(overridden);
    // The password reached the server through the secret store, and nothing kept it.
    QFile runs(project().runStorePath);
    ASSERT_TRUE(runs.open(QIODevice::ReadOnly));
    EXPECT_FALSE(runs.readAll().contains("s3cret-pg"));
    ASSERT_TRUE(waitForState());
    EXPECT_EQ(window->console()->state()->inspection.status.currentVersion, QStringLiteral("002"));
    shot(QStringLiteral("console-postgres-run"));
}
