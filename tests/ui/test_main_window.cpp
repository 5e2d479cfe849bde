// The window as a person sees it: opened offscreen on a folder, the plan shown, a screenshot kept.
#include "MainWindow.h"
#include "TempFolder.h"

#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <gtest/gtest.h>

using namespace mig;

TEST(MainWindow, OpensAndShowsTheFolderPlan)
{
    ui::MainWindow window;
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    QSignalSpy shown(&window, &ui::MainWindow::planShown);
    window.openFolder(testData(QStringLiteral("layouts/flyway")), Dialect::Postgres);
    ASSERT_TRUE(shown.wait(10000));

    EXPECT_FALSE(window.windowIcon().pixmap(32).isNull()) << "the SVG icon from resources/ did not load";
    auto *table = window.findChild<QTableView *>(QStringLiteral("migrationsTable"));
    ASSERT_NE(table, nullptr);
    EXPECT_EQ(table->model()->rowCount(), 8);
    EXPECT_EQ(table->model()->index(3, 0).data().toString(), QStringLiteral("1.10"));
    EXPECT_EQ(table->model()->index(0, 1).data().toString(), QStringLiteral("Create person table"));
    auto *summary = window.findChild<QLabel *>(QStringLiteral("summaryLabel"));
    ASSERT_NE(summary, nullptr);
    EXPECT_TRUE(summary->text().contains(u"flyway layout")) << summary->text().toStdString();

    // Selecting a row by clicking it, as a user would.
    const QRect cell = table->visualRect(table->model()->index(2, 1));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    EXPECT_EQ(table->currentIndex().row(), 2);

    const QString shot = QDir::temp().filePath(QStringLiteral("migration-console-main-window.png"));
    ASSERT_TRUE(window.grab().save(shot));
    std::cout << "screenshot: " << shot.toStdString() << std::endl;
}

TEST(MainWindow, ShowsFolderProblems)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_a.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("002_empty.sql"), "-- nothing\n");
    ui::MainWindow window;
    window.show();
    QSignalSpy shown(&window, &ui::MainWindow::planShown);
    window.openFolder(dir.path(), Dialect::Sqlite);
    ASSERT_TRUE(shown.wait(10000));
    auto *problems = window.findChild<QListWidget *>(QStringLiteral("problemsList"));
    ASSERT_NE(problems, nullptr);
    ASSERT_EQ(problems->count(), 1);
    EXPECT_TRUE(problems->item(0)->text().contains(u"002_empty.sql: error: empty migration"))
        << problems->item(0)->text().toStdString();
}
