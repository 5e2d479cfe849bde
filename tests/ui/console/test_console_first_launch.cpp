// First launch as a new user meets it: the console makes a fresh demo database (the engine's
// generator, on a worker), opens the SQLite demo on it with every migration pending, and GO can
// be pressed at once; the run shows the demo's silent failure being caught.
#include "ConsoleFixture.h"

#include "DemoProject.h"
#include "console/Console.h"
#include "run/RunView.h"
#include "target/ProfileStore.h"

#include <QFileInfo>
#include <QLabel>
#include <QTabWidget>

using namespace mig;

class ConsoleFirstLaunch : public ConsoleFixture
{
protected:
    // Opens the window as main() does on first launch, and waits for the demo to show.
    void launch()
    {
        window = std::make_unique<ui::MainWindow>(&secrets);
        window->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
        shown = std::make_unique<QSignalSpy>(window.get(), &ui::MainWindow::stateShown);
        window->setDemoFolder(QStringLiteral(MIG_SQLITE_DEMO_DIR));
        window->openFreshDemo();
        ASSERT_TRUE(shown->wait(60000)) << "the fresh demo never showed";
    }
};

TEST_F(ConsoleFirstLaunch, AFreshDemoDatabaseIsReadyForGoAtOnce)
{
    launch();
    ui::Console *console = window->console();
    const ui::ProjectState &s = *console->state();
    ASSERT_TRUE(s.reachable()) << s.inspection.error.toStdString();
    EXPECT_EQ(s.inspection.status.count(MigrationState::Pending), 4);
    const QString database = s.project.profile.database;
    EXPECT_TRUE(QFileInfo::exists(database)) << database.toStdString();
    // Saved as the demo profile, pointing at the new database, so the next launch reopens it.
    const std::optional<ConnectionProfile> saved = ProfileStore().load(ui::demoProfileName());
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->database, database);
    shot(QStringLiteral("first-launch-1-demo"));

    // The checklist under the demo's policy: GO without an override.
    recheck();
    auto *go = find<QAbstractButton>(QStringLiteral("goButton"));
    auto *banner = find<QLabel>(QStringLiteral("decisionLabel"));
    EXPECT_TRUE(go->isEnabled()) << banner->text().toStdString();
    EXPECT_FALSE(banner->text().contains(u"NO-GO")) << banner->text().toStdString();
    EXPECT_FALSE(go->text().contains(u"override", Qt::CaseInsensitive)) << go->text().toStdString();
    shot(QStringLiteral("first-launch-2-go"));

    // GO: 001-003 apply, 004's silent failure stops the run and the failure panel says so.
    auto *runView = find<ui::RunView>(QStringLiteral("runView"));
    QSignalSpy finished(runView, &ui::RunView::runShownFinished);
    QSignalSpy ran(console, &ui::Console::runFinished);
    click(QStringLiteral("goButton"));
    ASSERT_TRUE(finished.wait(120000));
    ASSERT_TRUE(ran.count() > 0 || ran.wait(10000));
    auto *error = find<QLabel>(QStringLiteral("failureError"));
    EXPECT_TRUE(error->isVisible());
    EXPECT_TRUE(error->text().contains(u"004 performance_indexes applied with differences")) << error->text().toStdString();
    EXPECT_TRUE(error->text().contains(u"idx_feedback_student_week")) << error->text().toStdString();
    shot(QStringLiteral("first-launch-3-silent-failure"));
    for (int i = 0; i < 3 && console->state()->inspection.status.count(MigrationState::Applied) < 3; ++i)
        ASSERT_TRUE(waitForState());
    EXPECT_EQ(console->state()->inspection.status.count(MigrationState::Applied), 3);

    // File > Fresh Demo Database (Ctrl+Shift+D): a new database, everything pending again, the
    // old one gone.
    QTest::keyClick(window.get(), Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
    ASSERT_TRUE(waitForState(60000));
    EXPECT_NE(console->state()->project.profile.database, database);
    EXPECT_EQ(console->state()->inspection.status.count(MigrationState::Pending), 4);
    EXPECT_FALSE(QFileInfo::exists(database)) << "the old demo database is removed";
}
