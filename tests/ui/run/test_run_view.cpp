// The live run view driven by real runs (RunHarness.h): a SQLite target in a temp folder, a
// Runner on a worker thread, a HealthMonitor on another, events through the run store and an
// EventQueue. What is asserted is what the DBA sees: bars, labels, the log, chart points, the
// failure panel and its recovery buttons, the cancel confirmation.
#include "RunHarness.h"

#include <QMessageBox>
#include <QPalette>

using namespace runview;

namespace {

QString logText(RunView &view)
{
    return child<QPlainTextEdit>(view, "runLog")->toPlainText();
}

// The view as a DBA has it: a window of a usual size, on screen.
void present(RunView &view)
{
    view.resize(1280, 900);
    view.show();
}

void screenshot(RunView &view, const QString &name)
{
    QTest::qWait(50); // layouts settle first (they are updated from the event loop)
    saveScreenshot(&view, name);
}

QPushButton *confirmButton(const char *name)
{
    // The confirmation is the one modal a run may raise; it is opened, never exec()'d.
    QWidget *box = QApplication::activeModalWidget();
    if (!box)
        for (QWidget *w : QApplication::topLevelWidgets())
            if (w->objectName() == u"cancelConfirm" && w->isVisible())
                box = w;
    return box ? box->findChild<QPushButton *>(QLatin1String(name)) : nullptr;
}

TEST(RunView, ShowsARealRunFromStartToFinish)
{
    RunView view;
    present(view);
    RunHarness run(view);
    // Held at the fifth batch of 003: the view is looked at mid-run.
    run.gate().when = [](const RunEvent &e) { return e.type == RunEvent::Type::BatchProgress && e.batch == 5; };
    QSignalSpy finished(&view, &RunView::runShownFinished);
    EXPECT_EQ(child<QLabel>(view, "remainingLabel")->text(), QStringLiteral("Remaining: estimating…"));
    run.start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return run.gate().reached(); }, 30000)) << "the run never reached batch 5";

    QProgressBar *runBar = child<QProgressBar>(view, "runProgress");
    QProgressBar *migrationBar = child<QProgressBar>(view, "migrationProgress");
    QProgressBar *statementBar = child<QProgressBar>(view, "statementProgress");
    QProgressBar *batchBar = child<QProgressBar>(view, "batchProgress");
    // Two flushes later the view shows the batch the worker is held at.
    const QLocale locale; // the view writes figures as the DBA's locale does
    const QString heldAt = QStringLiteral("%1 of %2 rows").arg(locale.toString(500), locale.toString(2000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return batchBar->text().startsWith(heldAt); }, 5000)) << batchBar->text().toStdString();
    EXPECT_TRUE(view.isRunning());
    EXPECT_EQ(runBar->value(), 2);
    EXPECT_EQ(runBar->maximum(), 4);
    EXPECT_EQ(runBar->text(), QStringLiteral("2 of 4 migration(s)"));
    EXPECT_EQ(migrationBar->text(), QStringLiteral("003 mark_orders_open: 0 of 1 statement(s)"));
    EXPECT_EQ(batchBar->value(), 250);
    EXPECT_TRUE(batchBar->text().contains(u"rows/s · ETA ")) << batchBar->text().toStdString();
    // The batched statement is running: a busy bar that says for how long.
    EXPECT_EQ(statementBar->maximum(), 0);
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^statement 1 running for \\d+ ms$")).match(statementBar->text()).hasMatch())
        << statementBar->text().toStdString();
    EXPECT_TRUE(child<QLabel>(view, "remainingLabel")->text().startsWith(u"Remaining: about ")) << child<QLabel>(view, "remainingLabel")->text().toStdString();
    EXPECT_TRUE(child<QLabel>(view, "elapsedLabel")->text().startsWith(u"Elapsed: "));
    EXPECT_TRUE(child<QPushButton>(view, "cancelButton")->isEnabled());
    EXPECT_GT(view.pointCount(QStringLiteral("durationChart")), 0);
    EXPECT_GT(view.pointCount(QStringLiteral("healthChart")), 0);
    EXPECT_TRUE(logText(view).contains(u"[2/4] 002 seed_orders applied in ")) << logText(view).toStdString();
    // The bars are rebuilt at most once a second: the second one comes within that.
    EXPECT_TRUE(QTest::qWaitFor([&] { return view.pointCount(QStringLiteral("migrationChart")) == 2; }, 5000))
        << view.pointCount(QStringLiteral("migrationChart"));
    screenshot(view, QStringLiteral("run_view_during"));

    run.gate().release();
    ASSERT_TRUE(finished.wait(60000) || finished.size() == 1) << logText(view).toStdString();
    ASSERT_TRUE(run.result());
    EXPECT_EQ(run.result()->outcome, RunResult::Outcome::Succeeded) << run.result()->message.toStdString();

    for (QProgressBar *bar : {runBar, migrationBar, statementBar, batchBar})
        EXPECT_TRUE(atFull(bar)) << bar->objectName().toStdString() << ": " << bar->value() << " of " << bar->maximum() << " ("
                                 << bar->text().toStdString() << ")";
    EXPECT_EQ(runBar->text(), QStringLiteral("4 of 4 migration(s)"));
    EXPECT_EQ(migrationBar->text(), QStringLiteral("004 index_orders: 1 of 1 statement(s)"));
    EXPECT_TRUE(batchBar->text().startsWith(QStringLiteral("%1 of %1 rows").arg(locale.toString(2000)))) << batchBar->text().toStdString();
    EXPECT_EQ(child<QLabel>(view, "remainingLabel")->text(), QStringLiteral("Remaining: none, the run has ended"));
    EXPECT_TRUE(child<QLabel>(view, "runStatus")->text().startsWith(u"Succeeded in "));
    EXPECT_FALSE(child<QPushButton>(view, "cancelButton")->isEnabled());
    EXPECT_FALSE(child<QWidget>(view, "failurePanel")->isVisible());

    // Every chart got points: 6 statements (the batched one once), a throughput window or more,
    // one bar per migration, health samples.
    EXPECT_EQ(view.pointCount(QStringLiteral("durationChart")), 6);
    EXPECT_GT(view.pointCount(QStringLiteral("throughputChart")), 0);
    EXPECT_EQ(view.pointCount(QStringLiteral("migrationChart")), 4);
    EXPECT_GT(view.pointCount(QStringLiteral("healthChart")), 0);

    const QString log = logText(view);
    for (const QString &line : {QStringLiteral("apply on sqlite:"), QStringLiteral("[1/4] applying 001 create_orders: 2 statement(s)"),
                                QStringLiteral("batch 20: 2000/2000 rows"), QStringLiteral("[4/4] 004 index_orders applied in "),
                                QStringLiteral("run %1 succeeded in ").arg(run.runId())})
        EXPECT_TRUE(log.contains(line)) << "missing: " << line.toStdString() << "\n" << log.toStdString();
    screenshot(view, QStringLiteral("run_view_succeeded"));
}

TEST(RunView, FailedRunShowsTheStatementTheErrorAndTheRecoveryChoices)
{
    RunView view;
    present(view);
    RunHarness run(view, true);
    QSignalSpy finished(&view, &RunView::runShownFinished);
    QSignalSpy chosen(&view, &RunView::recoveryRequested);
    run.start();
    ASSERT_TRUE(finished.wait(60000) || finished.size() == 1);
    ASSERT_TRUE(run.result());
    EXPECT_EQ(run.result()->outcome, RunResult::Outcome::Failed);

    QWidget *panel = child<QWidget>(view, "failurePanel");
    ASSERT_TRUE(panel->isVisible());
    EXPECT_EQ(child<QLabel>(view, "failureTitle")->text(), QStringLiteral("Migration 005 broken_report failed at statement 2 of 2"));
    EXPECT_EQ(child<QLabel>(view, "failureLocation")->text(), QStringLiteral("005_broken_report.sql:2")); // as the engine names it
    const QString error = child<QLabel>(view, "failureError")->text();
    EXPECT_TRUE(error.startsWith(u"The engine said: no such table: order_totals_missing")) << error.toStdString();
    EXPECT_TRUE(error.endsWith(u" [1]")) << error.toStdString(); // SQLITE_ERROR
    EXPECT_EQ(child<QPlainTextEdit>(view, "failureSql")->toPlainText(),
              QStringLiteral("INSERT INTO report (id, total)\n  SELECT id, total FROM order_totals_missing"));
    EXPECT_TRUE(logText(view).contains(u"statement 2/2 (")) << logText(view).toStdString();
    EXPECT_TRUE(child<QLabel>(view, "runStatus")->text().startsWith(u"Failed in "));
    EXPECT_EQ(child<QProgressBar>(view, "runProgress")->text(), QStringLiteral("4 of 5 migration(s)")); // the fifth failed
    EXPECT_EQ(child<QProgressBar>(view, "statementProgress")->text().left(25), QStringLiteral("statement 2 failed after "));

    // The recovery choices, from the run store and the target's real state.
    ASSERT_TRUE(QTest::qWaitFor([&] { return run.recoveryShown(); }, 30000));
    ASSERT_TRUE(run.recovery());
    EXPECT_EQ(run.recovery()->runId, run.runId());
    QPushButton *resume = child<QPushButton>(view, "recovery_resume");
    QPushButton *rollback = child<QPushButton>(view, "recovery_rollback");
    QPushButton *restore = child<QPushButton>(view, "recovery_restore");
    for (const RecoveryChoice &c : run.recovery()->choices) {
        QPushButton *b = c.id == u"resume" ? resume : c.id == u"rollback" ? rollback : restore;
        EXPECT_EQ(b->text(), c.title);
        EXPECT_EQ(b->toolTip(), c.detail);
        EXPECT_EQ(b->isEnabled(), c.available) << c.id.toStdString();
    }
    EXPECT_EQ(resume->text(), QStringLiteral("Retry 005 broken_report after fixing it"));
    EXPECT_TRUE(resume->isEnabled());
    EXPECT_TRUE(rollback->isEnabled()); // 001-004 stayed applied
    EXPECT_FALSE(restore->isEnabled()); // no backup was taken
    EXPECT_EQ(restore->toolTip(), QStringLiteral("no backup of this target taken before the run is in the catalog"));

    QTest::mouseClick(restore, Qt::LeftButton); // disabled: nothing happens
    QTest::mouseClick(resume, Qt::LeftButton);
    ASSERT_EQ(chosen.size(), 1);
    EXPECT_EQ(chosen.first().first().value<RecoveryChoice>().id, QStringLiteral("resume"));
    screenshot(view, QStringLiteral("run_view_failed"));
}

TEST(RunView, CancelAsksFirstThenCancelsTheRealRun)
{
    RunView view;
    present(view);
    QApplication::setActiveWindow(&view);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&view));
    RunHarness run(view);
    run.gate().when = [](const RunEvent &e) { return e.type == RunEvent::Type::BatchProgress && e.batch == 3; };
    QSignalSpy cancel(&view, &RunView::cancelRequested);
    QSignalSpy finished(&view, &RunView::runShownFinished);
    run.start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return run.gate().reached(); }, 30000));

    // Esc asks; Esc again (the box's escape button) keeps the run going.
    QTest::keyClick(&view, Qt::Key_Escape);
    ASSERT_TRUE(QTest::qWaitFor([] { return confirmButton("keepRunning") != nullptr; }, 5000)) << "Esc did not ask";
    QTest::keyClick(QApplication::activeModalWidget() ? QApplication::activeModalWidget() : confirmButton("keepRunning")->window(), Qt::Key_Escape);
    ASSERT_TRUE(QTest::qWaitFor([] { return confirmButton("keepRunning") == nullptr; }, 5000));
    EXPECT_EQ(cancel.size(), 0);

    // The button asks too; "Keep running" changes nothing.
    QTest::mouseClick(child<QPushButton>(view, "cancelButton"), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([] { return confirmButton("keepRunning") != nullptr; }, 5000));
    QTest::mouseClick(confirmButton("keepRunning"), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([] { return confirmButton("keepRunning") == nullptr; }, 5000));
    EXPECT_EQ(cancel.size(), 0);
    EXPECT_TRUE(view.isRunning());

    // Confirmed: the view asks the controller, which cancels the real Runner.
    QTest::mouseClick(child<QPushButton>(view, "cancelButton"), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([] { return confirmButton("confirmCancel") != nullptr; }, 5000));
    QTest::mouseClick(confirmButton("confirmCancel"), Qt::LeftButton);
    ASSERT_EQ(cancel.size(), 1);
    EXPECT_EQ(run.cancelRequests(), 1);
    EXPECT_FALSE(child<QPushButton>(view, "cancelButton")->isEnabled());
    EXPECT_EQ(child<QPushButton>(view, "cancelButton")->text(), QStringLiteral("Cancelling…"));
    run.gate().release();

    ASSERT_TRUE(finished.wait(60000) || finished.size() == 1);
    ASSERT_TRUE(run.result());
    EXPECT_EQ(run.result()->outcome, RunResult::Outcome::Cancelled) << run.result()->message.toStdString();
    EXPECT_TRUE(child<QLabel>(view, "runStatus")->text().startsWith(u"Cancelled in "));
    EXPECT_TRUE(child<QWidget>(view, "failurePanel")->isVisible());
    EXPECT_EQ(child<QLabel>(view, "failureTitle")->text(), QStringLiteral("Migration 003 mark_orders_open cancelled at statement 1 of 1"));
    EXPECT_LT(child<QProgressBar>(view, "batchProgress")->value(), 1000); // stopped part-way
    EXPECT_TRUE(child<QProgressBar>(view, "batchProgress")->text().endsWith(u" · stopped")) << child<QProgressBar>(view, "batchProgress")->text().toStdString();
    EXPECT_TRUE(child<QProgressBar>(view, "statementProgress")->text().startsWith(u"statement 1 stopped after "))
        << child<QProgressBar>(view, "statementProgress")->text().toStdString();
    EXPECT_TRUE(logText(view).contains(QStringLiteral("run %1 cancelled").arg(run.runId()))) << logText(view).toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return run.recoveryShown(); }, 30000));
    ASSERT_TRUE(run.recovery());
    EXPECT_EQ(run.recovery()->outcome, QStringLiteral("cancelled"));
    EXPECT_TRUE(child<QPushButton>(view, "recovery_resume")->text().startsWith(u"Resume 003 mark_orders_open from statement 1"))
        << child<QPushButton>(view, "recovery_resume")->text().toStdString();
    screenshot(view, QStringLiteral("run_view_cancelled"));

    // The same in a dark palette: charts, log colours and panel follow it.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
    dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
    for (const QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        dark.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
    view.setPalette(dark);
    screenshot(view, QStringLiteral("run_view_cancelled_dark"));
}

TEST(RunView, IgnoresEventsOfOtherRunsOnceItsOwnIsNamed)
{
    RunView view;
    view.startRun(QStringLiteral("synthetic"));
    RunEvent started;
    started.type = RunEvent::Type::RunStarted;
    started.at = QStringLiteral("2026-01-02T03:04:05.000Z");
    started.runId = QStringLiteral("mine");
    started.action = QStringLiteral("apply");
    started.migrationCount = 2;
    RunEvent stale = started;
    stale.type = RunEvent::Type::MigrationFinished;
    stale.runId = QStringLiteral("an-older-run");
    stale.version = QStringLiteral("001");
    stale.migrationIndex = 2;
    stale.migrationCount = 2;
    stale.status = QStringLiteral("applied");
    stale.durationMs = 5;
    RunEvent foreignStart = started;
    foreignStart.runId = QStringLiteral("another-run");
    foreignStart.migrationCount = 7;
    view.addEvents({started, stale, foreignStart});
    RunResult result;
    result.outcome = RunResult::Outcome::Succeeded;
    result.runId = QStringLiteral("mine");
    view.finishRun(result);
    EXPECT_EQ(child<QProgressBar>(view, "runProgress")->text(), QStringLiteral("0 of 2 migration(s)"));
    EXPECT_EQ(view.pointCount(QStringLiteral("migrationChart")), 0);
    EXPECT_EQ(view.pointCount(QStringLiteral("nonsense")), -1);
    EXPECT_FALSE(logText(view).contains(u"another-run"));
}

} // namespace
