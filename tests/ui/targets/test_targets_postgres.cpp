// The profile editor's "test connection" and the target list against real PostgreSQL servers:
// the shared fixture (trust authentication) and, for the wrong password, a server of the test's
// own that checks passwords (pg_password_server.sh): a trusting server accepts any password.
#include "ServerTargets.h"
#include "TargetsTestSupport.h"

#include <QProcess>
#include <QSignalSpy>

using namespace targetstest;
using mig::ui::ProfileDialog;
using mig::ui::TargetListModel;
using mig::ui::TargetsPanel;

namespace {

class PostgresTargets : public TargetsTest
{
protected:
    // The editor filled for a PostgreSQL server, its test clicked; the line it shows.
    QString testIn(const QString &host, int port, const QString &database, const QString &password, const QString &shot = {})
    {
        Fields f = serverFields(QStringLiteral("PostgreSQL"), QStringLiteral("pg"), host, database, QStringLiteral("postgres"), password);
        f.port = QString::number(port);
        return testedIn(f, shot.isEmpty() ? shot : QStringLiteral("targets-profile-dialog-postgres-") + shot);
    }
};

} // namespace

TEST_F(PostgresTargets, TestConnectionShowsTheVersionOrTheEnginesError)
{
    const QString ok = testIn(QStringLiteral("127.0.0.1"), MIG_UI_PG_PORT, QStringLiteral("mc_test"), QStringLiteral("any"), QStringLiteral("connected"));
    EXPECT_TRUE(ok.startsWith(u"Connected to PostgreSQL 15.")) << s(ok);
    EXPECT_TRUE(ok.contains(u" ms (round trip ")) << s(ok);

    const QString unreachable = testIn(QStringLiteral("127.0.0.1"), 1, QStringLiteral("mc_test"), QStringLiteral("x"), QStringLiteral("unreachable"));
    EXPECT_TRUE(unreachable.startsWith(u"Cannot reach postgres@127.0.0.1:1: ")) << s(unreachable);
    EXPECT_TRUE(unreachable.contains(u"Connection refused")) << s(unreachable);

    const QString noDatabase = testIn(QStringLiteral("127.0.0.1"), MIG_UI_PG_PORT, QStringLiteral("mc_no_such_db"), QStringLiteral("x"));
    EXPECT_TRUE(noDatabase.startsWith(u"The server has no database \"mc_no_such_db\": ")) << s(noDatabase);
}

// A server of the test's own that checks passwords, started and stopped around the test.
class PasswordServer
{
public:
    PasswordServer()
        : m_dir(QStringLiteral("%1/ui-pgpw-%2").arg(QStringLiteral(MIG_UI_SERVERS_DIR)).arg(::getpid()))
    {
        m_error = run({QStringLiteral("start"), m_dir, QString::number(MIG_UI_PG_PORT), QStringLiteral("mig-ui-pw")});
    }
    ~PasswordServer() { run({QStringLiteral("stop"), m_dir}); }
    const QString &dir() const { return m_dir; }
    const QString &error() const { return m_error; }

private:
    static QString run(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(MIG_UI_PG_PASSWORD_SCRIPT), args);
        if (!p.waitForFinished(120000))
            return QStringLiteral("pg_password_server.sh did not finish");
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return QString::fromLocal8Bit(p.readAllStandardError());
        return {};
    }
    QString m_dir;
    QString m_error;
};

TEST_F(PostgresTargets, AWrongPasswordGetsTheEnginesError)
{
    PasswordServer server;
    ASSERT_EQ(server.error(), QString()) << "the password-checking PostgreSQL did not start";
    const QString right = testIn(server.dir(), MIG_UI_PG_PORT, QStringLiteral("postgres"), QStringLiteral("mig-ui-pw"));
    EXPECT_TRUE(right.startsWith(u"Connected to PostgreSQL ")) << s(right);
    const QString wrong = testIn(server.dir(), MIG_UI_PG_PORT, QStringLiteral("postgres"), QStringLiteral("not-the-password"),
                                QStringLiteral("wrong-password"));
    EXPECT_TRUE(wrong.startsWith(QStringLiteral("Wrong user name or password for postgres@%1:%2: ").arg(server.dir()).arg(MIG_UI_PG_PORT)))
        << s(wrong);
    EXPECT_TRUE(wrong.contains(u"password authentication failed for user \"postgres\"")) << s(wrong);
    EXPECT_FALSE(wrong.contains(u"not-the-password")) << "the password must never be shown";
    const QString none = testIn(server.dir(), MIG_UI_PG_PORT, QStringLiteral("postgres"), QString());
    EXPECT_TRUE(none.startsWith(u"Wrong user name or password for ")) << s(none);
}

TEST_F(PostgresTargets, TheListShowsVersionPendingDriftAndTheLockHolder)
{
    ServerDatabase db(fixtureProfile(Dialect::Postgres), QString(), QStringLiteral("mc_uitgt"));
    ASSERT_EQ(db.error(), QString()) << "the postgres fixture must be running";
    const ConnectionProfile p = db.profile(QStringLiteral("pg-staging"));
    ProfileStore().save(p);
    std::optional<QString> written;
    secrets.writePassword(p.name, QStringLiteral("unused-by-trust"), [&](const QString &e) { written = e; });
    ASSERT_TRUE(QTest::qWaitFor([&] { return written.has_value(); }, 5000));
    writeThreeMigrations(folder, QStringLiteral("m"));
    const QString dir = folder.file(QStringLiteral("m"));
    const QString store = folder.file(QStringLiteral("runs.sqlite"));
    const mig::RunResult r = applyRecorded(p, QString(), dir, QStringLiteral("002"), store);
    ASSERT_EQ(r.outcome, mig::RunResult::Outcome::Succeeded) << s(r.message);

    TargetsPanel panel(&secrets);
    panel.resize(1100, 200);
    panel.setFolder(dir, std::nullopt);
    panel.setRunStorePath(store);
    panel.show();
    auto *list = child<QTableView>(&panel, "targetList");
    {
        QSignalSpy shown(&panel, &TargetsPanel::statusesShown);
        panel.refresh();
        ASSERT_TRUE(emitted(shown, 30000));
    }
    EXPECT_TRUE(cellOf(list, p.name, TargetListModel::Server).text.startsWith(u"PostgreSQL 15."));
    EXPECT_EQ(cellOf(list, p.name, TargetListModel::Version).text, QStringLiteral("002"));
    EXPECT_EQ(cellOf(list, p.name, TargetListModel::Pending).text, QStringLiteral("1"));
    EXPECT_EQ(cellOf(list, p.name, TargetListModel::Pending).tip, QStringLiteral("1 pending: 003"));
    EXPECT_EQ(cellOf(list, p.name, TargetListModel::Drift).text, QStringLiteral("none"));
    EXPECT_EQ(cellOf(list, p.name, TargetListModel::Dirty).text, QStringLiteral("no"));
    EXPECT_EQ(cellOf(list, p.name, TargetListModel::Lock).text, QStringLiteral("free"));

    // Another session takes the run lock (as a migctl run would): the list names it.
    auto holder = openSession(p, QString());
    holdLock(*holder, QStringLiteral("ops@jump-host"));
    {
        QSignalSpy shown(&panel, &TargetsPanel::statusesShown);
        ASSERT_NO_FATAL_FAILURE(activate(list));
        QTest::keyClick(list, Qt::Key_F5);
        ASSERT_TRUE(emitted(shown, 30000));
    }
    const CellSeen lock = cellOf(list, p.name, TargetListModel::Lock);
    EXPECT_EQ(lock.text, QStringLiteral("ops@jump-host"));
    EXPECT_TRUE(lock.tip.startsWith(u"Held by ops@jump-host (run 20260101T000000-test, since ")) << s(lock.tip);
    EXPECT_TRUE(lock.tip.contains(u", session ")) << s(lock.tip);
    saveScreenshot(&panel, QStringLiteral("targets-panel-postgres"));
    holder.reset();
}
