// The profile editor's "test connection" and the target list against the real MariaDB server
// (fixture: user mc / mcpw with real password checks).
#include "ServerTargets.h"
#include "TargetsTestSupport.h"

#include <QSignalSpy>

using namespace targetstest;
using mig::ui::ProfileDialog;
using mig::ui::TargetListModel;
using mig::ui::TargetsPanel;

namespace {

class MariadbTargets : public TargetsTest
{
protected:
    QString testIn(int port, const QString &password)
    {
        Fields f = serverFields(QStringLiteral("MySQL/MariaDB"), QStringLiteral("maria"), QStringLiteral("127.0.0.1"),
                                QStringLiteral("mc_test"), QStringLiteral("mc"), password);
        f.port = QString::number(port);
        return testedIn(f);
    }
};

} // namespace

TEST_F(MariadbTargets, TestConnectionShowsTheVersionOrTheEnginesError)
{
    const QString ok = testIn(MIG_UI_MARIADB_PORT, QStringLiteral("mcpw"));
    EXPECT_TRUE(ok.startsWith(u"Connected to MariaDB ")) << s(ok);
    const QString wrong = testIn(MIG_UI_MARIADB_PORT, QStringLiteral("wrong-pw"));
    EXPECT_TRUE(wrong.startsWith(QStringLiteral("Wrong user name or password for mc@127.0.0.1:%1: ").arg(MIG_UI_MARIADB_PORT))) << s(wrong);
    EXPECT_TRUE(wrong.contains(u"Access denied for user 'mc'@")) << s(wrong);
    EXPECT_TRUE(wrong.endsWith(u"[1045]")) << s(wrong);
    const QString unreachable = testIn(1, QStringLiteral("mcpw"));
    EXPECT_TRUE(unreachable.startsWith(u"Cannot reach mc@127.0.0.1:1: ")) << s(unreachable);
}

TEST_F(MariadbTargets, TheListShowsVersionPendingAndTheLockHolder)
{
    ServerDatabase db(fixtureProfile(Dialect::Mysql), QStringLiteral("mcpw"), QStringLiteral("mc_uitgt"));
    ASSERT_EQ(db.error(), QString()) << "the mariadb fixture must be running";
    const ConnectionProfile p = db.profile(QStringLiteral("maria-staging"));
    ProfileStore().save(p);
    // A second profile on the same database whose saved password is wrong.
    const ConnectionProfile wrong = db.profile(QStringLiteral("maria-wrong"));
    ProfileStore().save(wrong);
    int written = 0;
    secrets.writePassword(p.name, QStringLiteral("mcpw"), [&](const QString &) { ++written; });
    secrets.writePassword(wrong.name, QStringLiteral("not-mcpw"), [&](const QString &) { ++written; });
    ASSERT_TRUE(QTest::qWaitFor([&] { return written == 2; }, 5000));
    writeThreeMigrations(folder, QStringLiteral("m"));
    const QString dir = folder.file(QStringLiteral("m"));
    const QString store = folder.file(QStringLiteral("runs.sqlite"));
    const mig::RunResult r = applyRecorded(p, QStringLiteral("mcpw"), dir, QStringLiteral("001"), store);
    ASSERT_EQ(r.outcome, mig::RunResult::Outcome::Succeeded) << s(r.message);
    auto holder = openSession(p, QStringLiteral("mcpw"));
    holdLock(*holder, QStringLiteral("dba@maria-box"));

    TargetsPanel panel(&secrets);
    panel.resize(1100, 200);
    panel.setFolder(dir, std::nullopt);
    panel.setRunStorePath(store);
    panel.show();
    QSignalSpy shown(&panel, &TargetsPanel::statusesShown);
    panel.refresh();
    ASSERT_TRUE(emitted(shown, 30000));
    auto *list = child<QTableView>(&panel, "targetList");
    EXPECT_TRUE(cellOf(list, p.name, TargetListModel::Server).text.startsWith(u"MariaDB ")) << s(cellOf(list, p.name, TargetListModel::Server).text);
    EXPECT_EQ(cellOf(list, p.name, TargetListModel::Version).text, QStringLiteral("001"));
    EXPECT_EQ(cellOf(list, p.name, TargetListModel::Pending).text, QStringLiteral("2"));
    EXPECT_EQ(cellOf(list, p.name, TargetListModel::Drift).text, QStringLiteral("none"));
    const CellSeen lock = cellOf(list, p.name, TargetListModel::Lock);
    EXPECT_EQ(lock.text, QStringLiteral("dba@maria-box"));
    EXPECT_TRUE(lock.tip.startsWith(u"Held by dba@maria-box (run 20260101T000000-test")) << s(lock.tip);
    const CellSeen refused = cellOf(list, wrong.name, TargetListModel::Reachable);
    EXPECT_EQ(refused.text, QStringLiteral("wrong password"));
    EXPECT_TRUE(refused.tip.startsWith(u"Wrong password: cannot connect: Access denied for user 'mc'@")) << s(refused.tip);
    EXPECT_TRUE(refused.icon);
    saveScreenshot(&panel, QStringLiteral("targets-panel-mariadb"));
    holder.reset();
}
