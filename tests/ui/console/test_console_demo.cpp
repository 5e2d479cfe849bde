// The demo as a DBA goes through it: open, preview, see a migration's diff, back up, sign off,
// GO, watch the run reach 100% with live charts, export the report.
#include "ConsoleFixture.h"

#include "afterrun/RunSummaryPanel.h"
#include "console/Console.h"
#include "gonogo/GoNoGoPanel.h"
#include "migrations/MigrationsView.h"
#include "ReportFormat.h"
#include "run/RunView.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>

using namespace mig;

namespace {

void expectFull(QProgressBar *bar)
{
    ASSERT_NE(bar, nullptr);
    EXPECT_GT(bar->maximum(), 0) << bar->objectName().toStdString();
    EXPECT_EQ(bar->value(), bar->maximum()) << bar->objectName().toStdString() << ": " << bar->text().toStdString();
}

} // namespace

class ConsoleDemo : public ConsoleFixture
{
};

TEST_F(ConsoleDemo, FromOpeningTheDemoToTheExportedReport)
{
    copyDemo();
    // The demo's run under a policy: a restore-tested backup and a DBA's sign-off are required.
    tmp.write(QStringLiteral("migrations/migctl-policy.json"),
              R"({"signoffs": {"required": ["DBA"]}, "backup": {"maxAgeHours": 24, "restoreTest": true}, "rollback": "none"})");
    open();
    ui::Console *console = window->console();
    auto *table = find<QTableView>(QStringLiteral("migrationsTable"));
    ASSERT_NE(table, nullptr);
    ASSERT_EQ(table->model()->rowCount(), 3);
    shot(QStringLiteral("console-1-migrations"));

    // Preview (Ctrl+P), as the "no preview yet" hint says; the console reads the project again.
    QTest::keyClick(window.get(), Qt::Key_P, Qt::ControlModifier);
    for (int i = 0; i < 5 && console->state()->previews.size() < 3; ++i)
        ASSERT_TRUE(waitForState(60000));
    ASSERT_EQ(console->state()->previews.size(), 3);

    // Selecting 002 (the Feedback table) by clicking shows what it will add.
    auto *view = find<ui::MigrationsView>(QStringLiteral("migrationsView"));
    QSignalSpy detail(view, &ui::MigrationsView::detailShown);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(table->model()->index(1, 1)).center());
    ASSERT_TRUE(detail.count() > 0 || detail.wait(10000));
    EXPECT_EQ(view->currentKey(), QStringLiteral("002"));
    auto *tabs = find<QTabWidget>(QStringLiteral("migrationDetail"));
    auto *diffTab = find<QWidget>(QStringLiteral("schemaDiffTab"));
    tabs->setCurrentWidget(diffTab);
    auto *tree = diffTab->findChild<QTreeWidget *>();
    ASSERT_NE(tree, nullptr);
    ASSERT_GT(tree->topLevelItemCount(), 0);
    QStringList added;
    for (QTreeWidgetItemIterator it(tree); *it; ++it)
        added << (*it)->text(0);
    EXPECT_TRUE(added.join(u' ').contains(u"Feedback", Qt::CaseInsensitive)) << added.join(u'|').toStdString();
    shot(QStringLiteral("console-2-schema-diff"));

    // The checklist: NO-GO (no backup, no sign-off), GO disabled, the reasons shown.
    recheck();
    auto *go = find<QAbstractButton>(QStringLiteral("goButton"));
    auto *banner = find<QLabel>(QStringLiteral("decisionLabel"));
    EXPECT_FALSE(go->isEnabled());
    EXPECT_TRUE(banner->text().contains(u"NO-GO")) << banner->text().toStdString();
    EXPECT_TRUE(banner->text().contains(u"backup", Qt::CaseInsensitive)) << banner->text().toStdString();
    shot(QStringLiteral("console-3-no-go"));

    // Back up now, restore-tested.
    QSignalSpy backedUp(console, &ui::Console::backupFinished);
    auto *restoreTest = find<QAbstractButton>(QStringLiteral("restoreTestCheck"));
    if (!restoreTest->isChecked())
        QTest::mouseClick(restoreTest, Qt::LeftButton);
    click(QStringLiteral("backupButton"));
    ASSERT_TRUE(backedUp.wait(60000));
    ASSERT_TRUE(backedUp.at(0).at(0).toBool()) << backedUp.at(0).at(1).toString().toStdString();
    for (int i = 0; i < 3 && !console->state()->latestBackup; ++i)
        ASSERT_TRUE(waitForState());
    ASSERT_TRUE(console->state()->latestBackup);
    EXPECT_EQ(console->state()->latestBackup->restoreTest.status, QStringLiteral("pass"));

    // Sign off as the DBA, by typing; the console checks again: GO.
    recheck();
    auto *panel = find<ui::GoNoGoPanel>(QStringLiteral("goNoGoPanel"));
    auto *role = panel->findChild<QComboBox *>(QStringLiteral("signoffRole"));
    auto *name = panel->findChild<QLineEdit *>(QStringLiteral("signoffName"));
    ASSERT_TRUE(role && name) << "sign-off form fields";
    role->setFocus();
    role->lineEdit()->clear();
    QTest::keyClicks(role->lineEdit(), QStringLiteral("DBA"));
    name->clear();
    QTest::keyClicks(name, QStringLiteral("Ana Pereira"));
    QSignalSpy decided(panel, &ui::GoNoGoPanel::decisionShown);
    click(QStringLiteral("signoffButton"));
    ASSERT_TRUE(decided.wait(60000));
    EXPECT_TRUE(go->isEnabled()) << banner->text().toStdString();
    EXPECT_TRUE(banner->text().startsWith(u"GO") || banner->text().contains(u">GO<")) << banner->text().toStdString();
    shot(QStringLiteral("console-4-go"));

    // GO: the run view takes over; every bar reaches 100% and the charts receive points.
    auto *runView = find<ui::RunView>(QStringLiteral("runView"));
    QSignalSpy finished(runView, &ui::RunView::runShownFinished);
    QSignalSpy verified(console, &ui::Console::verified);
    click(QStringLiteral("goButton"));
    ASSERT_TRUE(finished.wait(120000));
    EXPECT_EQ(find<QTabWidget>(QStringLiteral("mainTabs"))->currentWidget(), runView);
    expectFull(find<QProgressBar>(QStringLiteral("runProgress")));
    expectFull(find<QProgressBar>(QStringLiteral("migrationProgress")));
    expectFull(find<QProgressBar>(QStringLiteral("batchProgress")));
    EXPECT_GT(runView->pointCount(QStringLiteral("durationChart")), 10);
    EXPECT_EQ(runView->pointCount(QStringLiteral("migrationChart")), 3);
    EXPECT_GT(runView->pointCount(QStringLiteral("throughputChart")), 0);
    EXPECT_GT(runView->pointCount(QStringLiteral("healthChart")), 0);
    ASSERT_TRUE(verified.count() > 0 || verified.wait(60000));
    const VerifyResult v = verified.at(0).at(0).value<VerifyResult>();
    EXPECT_TRUE(v.passed()) << v.error.toStdString();
    shot(QStringLiteral("console-5-run"));

    // The target and its history: everything applied.
    for (int i = 0; i < 3 && console->state()->inspection.status.count(MigrationState::Applied) < 3; ++i)
        ASSERT_TRUE(waitForState());
    EXPECT_EQ(console->state()->inspection.status.count(MigrationState::Applied), 3);
    EXPECT_EQ(console->state()->inspection.status.currentVersion, QStringLiteral("003"));

    // Export the report from the Report tab, as PDF.
    auto *summary = find<ui::RunSummaryPanel>(QStringLiteral("runSummaryPanel"));
    find<QTabWidget>(QStringLiteral("mainTabs"))->setCurrentWidget(summary);
    const QString pdf = tmp.file(QStringLiteral("report.pdf"));
    summary->setExportPathChooser([pdf](report::Format) { return pdf; });
    QSignalSpy exported(summary, &ui::RunSummaryPanel::exported);
    QTest::qWait(200);
    click(QStringLiteral("exportPdfButton"));
    ASSERT_TRUE(exported.wait(60000));
    QFile f(pdf);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_TRUE(f.read(5).startsWith("%PDF")) << "not a PDF";
    shot(QStringLiteral("console-6-report"));
}
