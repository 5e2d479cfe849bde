// The target list on real SQLite targets: migrations applied by the engine, a dirty one, drift
// made behind the console's back and the run lock held by another session; and the actions a
// DBA uses from the keyboard: new, edit, delete (asks), open.
#include "TargetFixtures.h"
#include "TargetsTestSupport.h"

#include <QMessageBox>
#include <QSignalSpy>
#include <QToolBar>

using namespace targetstest;
using mig::ui::TargetListModel;
using mig::ui::TargetsPanel;

namespace {

class TargetsPanelTest : public TargetsTest
{
protected:
    QString storePath() const { return folder.file(QStringLiteral("runs.sqlite")); }

    ConnectionProfile sqlite(const QString &name, const QString &file)
    {
        ConnectionProfile p;
        p.name = name;
        p.engine = Dialect::Sqlite;
        p.database = folder.file(file);
        ProfileStore().save(p);
        return p;
    }

    // Refreshes and waits until the panel says it shows the results.
    void refreshAndWait(TargetsPanel &panel)
    {
        QSignalSpy shown(&panel, &TargetsPanel::statusesShown);
        auto *list = panel.findChild<QTableView *>(QStringLiteral("targetList"));
        ASSERT_NO_FATAL_FAILURE(activate(list));
        QTest::keyClick(list, Qt::Key_F5);
        ASSERT_TRUE(emitted(shown, 30000)) << "statusesShown never came";
    }
};

} // namespace

TEST_F(TargetsPanelTest, ShowsTheStateOfRealSqliteTargets)
{
    writeThreeMigrations(folder, QStringLiteral("migrations"));
    const QString dir = folder.file(QStringLiteral("migrations"));
    // "shop": 001 applied by a recorded run, then a table added outside the console, and the
    // run lock held by another session.
    const ConnectionProfile shop = sqlite(QStringLiteral("shop"), QStringLiteral("shop.db"));
    const mig::RunResult applied = applyRecorded(shop, QString(), dir, QStringLiteral("001"), storePath());
    ASSERT_EQ(applied.outcome, mig::RunResult::Outcome::Succeeded) << s(applied.message);
    {
        auto outside = openSession(shop, QString());
        ASSERT_TRUE(outside->exec(QStringLiteral("CREATE TABLE hotfix_audit (id INTEGER)")).ok());
    }
    auto holder = openSession(shop, QString());
    holdLock(*holder, QStringLiteral("ana@db-admin"));
    // "broken": 002 stopped part-way (a tracked migration whose third statement fails).
    const ConnectionProfile broken = sqlite(QStringLiteral("broken"), QStringLiteral("broken.db"));
    writeThreeMigrations(folder, QStringLiteral("dirty"));
    folder.write(QStringLiteral("dirty/002_orders.sql"),
                 "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER);\nVACUUM;\nINSERT INTO no_such_table VALUES (1);\n");
    const mig::RunResult failed = applyRecorded(broken, QString(), folder.file(QStringLiteral("dirty")), QString(), storePath());
    ASSERT_EQ(failed.outcome, mig::RunResult::Outcome::Failed) << s(failed.message);
    // "fresh": a file that does not exist yet; "gone": a folder that does not exist.
    sqlite(QStringLiteral("fresh"), QStringLiteral("fresh.db"));
    sqlite(QStringLiteral("gone"), QStringLiteral("no/such/dir/gone.db"));

    TargetsPanel panel(&secrets);
    panel.resize(1100, 300);
    panel.setFolder(dir, std::nullopt);
    panel.setRunStorePath(storePath());
    panel.setCurrent(QStringLiteral("shop"));
    panel.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));
    EXPECT_EQ(panel.objectName(), QStringLiteral("targetsPanel"));
    auto *list = child<QTableView>(&panel, "targetList");
    ASSERT_EQ(list->model()->rowCount(), 4);
    ASSERT_NO_FATAL_FAILURE(refreshAndWait(panel));

    const CellSeen reachable = cellOf(list, QStringLiteral("shop"), TargetListModel::Reachable);
    EXPECT_EQ(reachable.text, QStringLiteral("reachable"));
    EXPECT_TRUE(reachable.icon);
    EXPECT_TRUE(cellOf(list, QStringLiteral("shop"), TargetListModel::Server).text.startsWith(u"SQLite 3."));
    const CellSeen version = cellOf(list, QStringLiteral("shop"), TargetListModel::Version);
    EXPECT_EQ(version.text, QStringLiteral("001"));
    EXPECT_EQ(version.tip, QStringLiteral("Newest applied migration: 001"));
    const CellSeen pending = cellOf(list, QStringLiteral("shop"), TargetListModel::Pending);
    EXPECT_EQ(pending.text, QStringLiteral("2"));
    EXPECT_EQ(pending.tip, QStringLiteral("2 pending: 002, 003"));
    EXPECT_TRUE(pending.icon);
    const CellSeen drift = cellOf(list, QStringLiteral("shop"), TargetListModel::Drift);
    EXPECT_EQ(drift.text, QStringLiteral("1 change(s)"));
    EXPECT_TRUE(drift.tip.startsWith(QStringLiteral("Drift: 1 change(s) since run %1\n").arg(applied.runId))) << s(drift.tip);
    EXPECT_TRUE(drift.tip.contains(u"+ table hotfix_audit")) << s(drift.tip);
    EXPECT_EQ(cellOf(list, QStringLiteral("shop"), TargetListModel::Dirty).text, QStringLiteral("no"));
    const CellSeen lock = cellOf(list, QStringLiteral("shop"), TargetListModel::Lock);
    EXPECT_EQ(lock.text, QStringLiteral("ana@db-admin"));
    EXPECT_TRUE(lock.tip.startsWith(u"Held by ana@db-admin (run 20260101T000000-test, since ")) << s(lock.tip);
    EXPECT_TRUE(lock.icon);
    const CellSeen name = cellOf(list, QStringLiteral("shop"), TargetListModel::Name);
    EXPECT_TRUE(name.icon) << "the open profile is marked";
    EXPECT_EQ(name.tip, QStringLiteral("shop: open in the console"));

    const CellSeen dirty = cellOf(list, QStringLiteral("broken"), TargetListModel::Dirty);
    EXPECT_EQ(dirty.text, QStringLiteral("1"));
    EXPECT_TRUE(dirty.tip.contains(u"002: stopped at statement 3 of 3 (002_orders.sql:3), 2 statement(s) committed")) << s(dirty.tip);
    EXPECT_TRUE(dirty.tip.contains(u"no such table: no_such_table")) << s(dirty.tip);
    EXPECT_TRUE(cellOf(list, QStringLiteral("broken"), TargetListModel::Pending).tip.startsWith(u"Apply would refuse:"));
    EXPECT_EQ(cellOf(list, QStringLiteral("broken"), TargetListModel::Lock).text, QStringLiteral("free"));
    EXPECT_EQ(cellOf(list, QStringLiteral("broken"), TargetListModel::Drift).text, QStringLiteral("none"))
        << "the run that left it dirty changed it, so its snapshot is the baseline";

    EXPECT_EQ(cellOf(list, QStringLiteral("fresh"), TargetListModel::Version).text, QStringLiteral("none"));
    EXPECT_EQ(cellOf(list, QStringLiteral("fresh"), TargetListModel::Pending).text, QStringLiteral("3"));
    EXPECT_EQ(cellOf(list, QStringLiteral("fresh"), TargetListModel::Drift).tip,
              QStringLiteral("Drift not checked: no run recorded for this target"));

    const CellSeen gone = cellOf(list, QStringLiteral("gone"), TargetListModel::Reachable);
    EXPECT_EQ(gone.text, QStringLiteral("unreachable"));
    EXPECT_EQ(gone.tip, QStringLiteral("Unreachable: the folder %1 does not exist").arg(folder.file(QStringLiteral("no/such/dir"))));
    EXPECT_EQ(cellOf(list, QStringLiteral("gone"), TargetListModel::Pending).text, QStringLiteral("—"));

    // Every state icon has a tooltip.
    for (int r = 0; r < list->model()->rowCount(); ++r)
        for (int c = 0; c < list->model()->columnCount(); ++c) {
            const QModelIndex i = list->model()->index(r, c);
            if (!i.data(Qt::DecorationRole).isNull()) {
                EXPECT_FALSE(i.data(Qt::ToolTipRole).toString().isEmpty()) << "row " << r << " column " << c;
            }
        }
    EXPECT_TRUE(child<QLabel>(&panel, "targetsStatus")->text().startsWith(u"4 profile(s) checked at "));
    saveScreenshot(&panel, QStringLiteral("targets-panel-sqlite"));

    // The lock released: the next refresh shows it free.
    holder->unlock();
    ASSERT_NO_FATAL_FAILURE(refreshAndWait(panel));
    EXPECT_EQ(cellOf(list, QStringLiteral("shop"), TargetListModel::Lock).text, QStringLiteral("free"));
}

TEST_F(TargetsPanelTest, NewEditDeleteAndOpenFromTheKeyboard)
{
    TargetsPanel panel(&secrets);
    panel.resize(900, 260);
    panel.setRunStorePath(storePath());
    panel.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));
    auto *list = child<QTableView>(&panel, "targetList");
    EXPECT_EQ(list->model()->rowCount(), 0);
    EXPECT_EQ(child<QLabel>(&panel, "targetsStatus")->text(), QStringLiteral("No saved profiles: New (Ctrl+Shift+N) adds one."));
    QSignalSpy changed(&panel, &TargetsPanel::profilesChanged);

    // New: Ctrl+Shift+N opens the editor.
    ASSERT_NO_FATAL_FAILURE(activate(list));
    QTest::keyClick(list, Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
    auto *dialog = waitForWindow<mig::ui::ProfileDialog>("profileDialog");
    ASSERT_NE(dialog, nullptr) << "Ctrl+Shift+N opened no profile editor";
    Fields f;
    f.name = QStringLiteral("local-demo");
    f.database = folder.file(QStringLiteral("demo.db"));
    ASSERT_NO_FATAL_FAILURE(fill(dialog, f));
    QSignalSpy shown(&panel, &TargetsPanel::statusesShown);
    click(child<QPushButton>(dialog, "saveButton"));
    ASSERT_TRUE(emitted(shown, 30000));
    EXPECT_EQ(changed.count(), 1);
    ASSERT_EQ(list->model()->rowCount(), 1);
    EXPECT_EQ(cellOf(list, QStringLiteral("local-demo"), TargetListModel::Reachable).text, QStringLiteral("reachable"));
    EXPECT_EQ(cellOf(list, QStringLiteral("local-demo"), TargetListModel::Pending).text, QStringLiteral("—"))
        << "no folder is open";

    // Edit: F2 opens the editor on the selected profile.
    ASSERT_NO_FATAL_FAILURE(activate(list));
    QTest::keyClick(list, Qt::Key_F2);
    auto *edit = waitForWindow<mig::ui::ProfileDialog>("profileDialog");
    ASSERT_NE(edit, nullptr);
    EXPECT_EQ(child<QLineEdit>(edit, "databaseEdit")->text(), f.database);
    EXPECT_EQ(edit->windowTitle(), QStringLiteral("Edit profile local-demo"));
    QPointer<QWidget> editAlive(edit);
    click(child<QPushButton>(edit, "cancelButton"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return editAlive.isNull() || !editAlive->isVisible(); }, 5000));

    // Open: Enter and double-click.
    QSignalSpy open(&panel, &TargetsPanel::openRequested);
    ASSERT_NO_FATAL_FAILURE(activate(list));
    QTest::keyClick(list, Qt::Key_Return);
    ASSERT_EQ(open.count(), 1);
    EXPECT_EQ(open.at(0).at(0).value<ConnectionProfile>().name, QStringLiteral("local-demo"));
    const QRect cell = list->visualRect(list->model()->index(0, 1));
    // A double-click is a click, then the second press arriving as a double-click.
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, cell.center());
    EXPECT_EQ(open.count(), 1) << "a single click must not open";
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, cell.center());
    EXPECT_EQ(open.count(), 2);

    // Delete asks first; "No" keeps the profile, "Yes" removes it.
    ASSERT_NO_FATAL_FAILURE(activate(list));
    QTest::keyClick(list, Qt::Key_Delete);
    auto *confirm = waitForWindow<QMessageBox>("deleteConfirm");
    ASSERT_NE(confirm, nullptr) << "Delete did not ask";
    EXPECT_TRUE(confirm->text().startsWith(u"Delete the profile local-demo (sqlite:")) << s(confirm->text());
    click(confirm->button(QMessageBox::No));
    QTest::qWait(0);
    EXPECT_TRUE(ProfileStore().load(QStringLiteral("local-demo")).has_value());
    ASSERT_NO_FATAL_FAILURE(activate(list));
    QTest::keyClick(list, Qt::Key_Delete);
    confirm = waitForWindow<QMessageBox>("deleteConfirm");
    ASSERT_NE(confirm, nullptr);
    QSignalSpy shownAfterDelete(&panel, &TargetsPanel::statusesShown);
    click(confirm->button(QMessageBox::Yes));
    ASSERT_TRUE(emitted(shownAfterDelete, 10000));
    EXPECT_FALSE(ProfileStore().load(QStringLiteral("local-demo")).has_value());
    EXPECT_EQ(list->model()->rowCount(), 0);
    EXPECT_EQ(changed.count(), 2);
}

TEST_F(TargetsPanelTest, AServerProfileWithoutAPasswordAsksAndACancelShowsWhy)
{
    ConnectionProfile p;
    p.name = QStringLiteral("warehouse");
    p.engine = Dialect::Postgres;
    p.host = QStringLiteral("127.0.0.1");
    p.port = 1;
    p.database = QStringLiteral("dw");
    p.user = QStringLiteral("etl");
    ProfileStore().save(p);
    TargetsPanel panel(&secrets);
    panel.show();
    auto *list = child<QTableView>(&panel, "targetList");
    QSignalSpy shown(&panel, &TargetsPanel::statusesShown);
    panel.refresh();
    auto *prompt = waitForWindow<QInputDialog>("passwordPrompt");
    ASSERT_NE(prompt, nullptr);
    EXPECT_TRUE(prompt->labelText().startsWith(u"No password saved for profile warehouse.")) << s(prompt->labelText());
    QTest::keyClick(prompt, Qt::Key_Escape);
    ASSERT_TRUE(emitted(shown, 10000));
    const CellSeen c = cellOf(list, QStringLiteral("warehouse"), TargetListModel::Reachable);
    EXPECT_EQ(c.text, QStringLiteral("no password"));
    EXPECT_EQ(c.tip, QStringLiteral("Not checked: no password (no password saved for profile warehouse)"));

    // Test (Ctrl+T) with a typed password: an unreachable port gets a clear message.
    ASSERT_NO_FATAL_FAILURE(activate(list));
    QTest::keyClick(list, Qt::Key_T, Qt::ControlModifier);
    prompt = waitForWindow<QInputDialog>("passwordPrompt");
    ASSERT_NE(prompt, nullptr);
    QTest::keyClicks(prompt->findChild<QLineEdit *>(), QStringLiteral("x"));
    QTest::keyClick(prompt->findChild<QLineEdit *>(), Qt::Key_Return);
    auto *message = child<QLabel>(&panel, "targetsMessage");
    ASSERT_TRUE(QTest::qWaitFor([&] { return message->text().startsWith(u"warehouse: "); }, 30000)) << s(message->text());
    EXPECT_TRUE(message->text().startsWith(u"warehouse: Cannot reach etl@127.0.0.1:1: ")) << s(message->text());
    EXPECT_TRUE(message->text().contains(u"Connection refused")) << s(message->text());
}
