// The window itself: first launch on the demo, shortcuts, theme, window state kept.
#include "ConsoleFixture.h"

#include "Theme.h"

#include "console/Console.h"

#include <QAction>
#include <QMenuBar>
#include <QPalette>
#include <QSettings>
#include <QTableView>

using namespace mig;

class ConsoleWindow : public ConsoleFixture
{
};

TEST_F(ConsoleWindow, TheFeedbackProjectOpensWithItsMigrationsPending)
{
    copyDemo();
    open();
    const ui::ProjectState &s = *window->console()->state();
    EXPECT_TRUE(s.reachable()) << s.inspection.error.toStdString();
    EXPECT_EQ(s.inspection.status.count(MigrationState::Pending), 3);
    EXPECT_FALSE(s.lint && s.lint->blocks()) << "the demo lints clean";
}

TEST_F(ConsoleWindow, EveryMenuActionHasAShortcut)
{
    copyDemo();
    open();
    QStringList missing;
    for (QAction *menu : window->menuBar()->actions())
        for (QAction *a : menu->menu()->actions())
            if (!a->isSeparator() && !a->menu() && a->shortcut().isEmpty() && !a->objectName().startsWith(u"actionTheme_"))
                missing << a->text();
    EXPECT_TRUE(missing.isEmpty()) << missing.join(u", ").toStdString();
    // Alt+2 shows the go/no-go panel, as a person would switch.
    QTest::keyClick(window.get(), Qt::Key_2, Qt::AltModifier);
    EXPECT_EQ(find<QTabWidget>(QStringLiteral("mainTabs"))->currentIndex(), 1);
}

TEST_F(ConsoleWindow, DarkThemeAndWindowStateAreKept)
{
    copyDemo();
    open();
    auto *dark = find<QAction>(QStringLiteral("actionTheme_dark"));
    dark->trigger();
    EXPECT_TRUE(ui::isDark());
    shot(QStringLiteral("console-dark"));
    window->resize(1111, 777);
    QTest::keyClick(window.get(), Qt::Key_3, Qt::AltModifier);
    window->close();
    window.reset();
    EXPECT_EQ(QSettings().value(QStringLiteral("view/theme")).toString(), QStringLiteral("dark"));

    open(); // a new window takes the size and tab it was left with
    EXPECT_EQ(window->size(), QSize(1111, 777));
    EXPECT_EQ(find<QTabWidget>(QStringLiteral("mainTabs"))->currentIndex(), 2);
    find<QAction>(QStringLiteral("actionTheme_light"))->trigger();
    EXPECT_FALSE(ui::isDark());
}
