#include "ConsoleFixture.h"

#include "Screenshot.h"

#include "Theme.h"

#include "console/Console.h"
#include "gonogo/GoNoGoPanel.h"
#include "policy/Policy.h"

#include <QApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>

void ConsoleDriver::setUpConsole()
{
    QStandardPaths::setTestModeEnabled(true); // settings and profiles of the test only
    QCoreApplication::setOrganizationName(QStringLiteral("migration-console"));
    QCoreApplication::setApplicationName(QStringLiteral("migration-console-tests"));
    QSettings().clear(); // each test starts as a first launch
    mig::ui::applyTheme(mig::ui::Theme::Light);
    qputenv("MIGCTL_RUN_STORE", tmp.file(QStringLiteral("runs.sqlite")).toUtf8());
    dir = tmp.file(QStringLiteral("migrations"));
    QDir().mkpath(dir);
}

void ConsoleDriver::tearDownConsole()
{
    if (window)
        window->close();
    window.reset();
}

void ConsoleDriver::copyDemo()
{
    const QDir demo(QStringLiteral(MIG_DEMO_DIR));
    for (const QString &f : demo.entryList(QDir::Files))
        ASSERT_TRUE(QFile::copy(demo.filePath(f), QDir(dir).filePath(f))) << f.toStdString();
}

void ConsoleDriver::writeLenientPolicy()
{
    QJsonObject checks;
    for (const QString &id : mig::Policy::checkIds())
        checks.insert(id, QStringLiteral("warn"));
    tmp.write(QStringLiteral("migrations/migctl-policy.json"), QJsonDocument(QJsonObject{{QStringLiteral("checks"), checks}}).toJson());
}

mig::ui::Project ConsoleDriver::project() const
{
    mig::ui::Project p;
    p.dir = dir;
    p.profile.name = QStringLiteral("test target");
    p.profile.engine = mig::Dialect::Sqlite;
    p.profile.database = tmp.file(QStringLiteral("target.sqlite"));
    p.runStorePath = tmp.file(QStringLiteral("runs.sqlite"));
    return p;
}

void ConsoleDriver::open()
{
    window = std::make_unique<mig::ui::MainWindow>(&secrets);
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    shown = std::make_unique<QSignalSpy>(window.get(), &mig::ui::MainWindow::stateShown);
    window->openProject(project());
    ASSERT_TRUE(waitForState());
}

bool ConsoleDriver::waitForState(int ms)
{
    shown->clear();
    return shown->wait(ms);
}

void ConsoleDriver::click(const QString &buttonName)
{
    auto *b = find<QAbstractButton>(buttonName);
    ASSERT_NE(b, nullptr);
    ASSERT_TRUE(b->isEnabled()) << buttonName.toStdString() << " is disabled";
    ASSERT_TRUE(b->isVisible()) << buttonName.toStdString() << " is not visible";
    QTest::mouseClick(b, Qt::LeftButton);
}

void ConsoleDriver::recheck()
{
    auto *tabs = find<QTabWidget>(QStringLiteral("mainTabs"));
    auto *panel = find<mig::ui::GoNoGoPanel>(QStringLiteral("goNoGoPanel"));
    tabs->setCurrentWidget(panel);
    QSignalSpy decided(panel, &mig::ui::GoNoGoPanel::decisionShown);
    click(QStringLiteral("recheckButton"));
    ASSERT_TRUE(decided.wait(60000)) << "no decision shown";
}

void ConsoleDriver::shot(const QString &name)
{
    QTest::qWait(50); // let queued repaints land
    EXPECT_FALSE(saveScreenshot(window.get(), name).isEmpty());
}
