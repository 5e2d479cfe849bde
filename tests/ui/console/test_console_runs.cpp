// Runs that do not go well, through the window: cancelled by the DBA, and failed then recovered.
#include "ConsoleFixture.h"

#include "console/Console.h"
#include "run/RunView.h"
#include "store/RunStore.h"

#include <QApplication>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>

using namespace mig;

class ConsoleRuns : public ConsoleFixture
{
protected:
    // Runs the checklist, presses GO and returns once the run view shows the run under way.
    void pressGo()
    {
        recheck();
        click(QStringLiteral("goButton"));
    }
    // 001 makes a table; 002 is seconds of work in one statement: cancel must interrupt it,
    // not wait for it.
    void writeSlowRun()
    {
        writeLenientPolicy();
        tmp.write(QStringLiteral("migrations/001_table.sql"), "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);\n");
        tmp.write(QStringLiteral("migrations/002_slow.sql"),
                  "INSERT INTO t (n) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000000)\n"
                  "SELECT count(*) FROM c;\n");
    }
    // Waits until the run view's log shows 002 under way.
    void waitForSlowStatement()
    {
        auto *log = find<QPlainTextEdit>(QStringLiteral("runLog"));
        for (int i = 0; i < 200 && !log->toPlainText().contains(u"002"); ++i)
            QTest::qWait(50);
        ASSERT_TRUE(log->toPlainText().contains(u"002")) << log->toPlainText().toStdString();
    }
    // The message box the window opened (open(), never exec()), once it shows.
    static QMessageBox *modalBox()
    {
        QMessageBox *box = nullptr;
        for (int i = 0; i < 100 && !box; ++i) {
            QTest::qWait(20);
            box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        }
        return box;
    }
};

TEST_F(ConsoleRuns, CancelAsksThenStopsTheRunningStatement)
{
    writeSlowRun();
    open();
    auto *runView = find<ui::RunView>(QStringLiteral("runView"));
    QSignalSpy finished(runView, &ui::RunView::runShownFinished);
    QSignalSpy done(window->console(), &ui::Console::runFinished);
    pressGo();
    ASSERT_NO_FATAL_FAILURE(waitForSlowStatement());
    shot(QStringLiteral("console-run-under-way"));

    click(QStringLiteral("cancelButton"));
    QMessageBox *box = modalBox();
    ASSERT_NE(box, nullptr) << "cancel did not ask for confirmation";
    EXPECT_TRUE(done.isEmpty()) << "the run ended before the DBA confirmed";
    shot(QStringLiteral("console-cancel-confirmation"));
    auto *yes = box->findChild<QAbstractButton *>(QStringLiteral("confirmCancel"));
    ASSERT_NE(yes, nullptr);
    QTest::mouseClick(yes, Qt::LeftButton);

    ASSERT_TRUE(finished.wait(30000));
    ASSERT_EQ(done.count(), 1);
    const RunResult r = done.at(0).at(0).value<RunResult>();
    EXPECT_EQ(r.outcome, RunResult::Outcome::Cancelled) << r.message.toStdString();
    ASSERT_TRUE(waitForState());
    const TargetStatus &st = window->console()->state()->inspection.status;
    EXPECT_EQ(st.count(MigrationState::Applied), 1);
    EXPECT_EQ(st.currentVersion, QStringLiteral("001"));
    shot(QStringLiteral("console-run-cancelled"));
}

TEST_F(ConsoleRuns, AFailedRunShowsTheErrorAndResumesAfterTheFix)
{
    writeLenientPolicy();
    tmp.write(QStringLiteral("migrations/001_people.sql"), "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT);\n");
    tmp.write(QStringLiteral("migrations/002_orders.sql"),
              "CREATE TABLE orders (id INTEGER PRIMARY KEY, person INTEGER);\n"
              "INSERT INTO customers (id) VALUES (1);\n");
    open();
    auto *runView = find<ui::RunView>(QStringLiteral("runView"));
    QSignalSpy finished(runView, &ui::RunView::runShownFinished);
    pressGo();
    ASSERT_TRUE(finished.wait(60000));
    ASSERT_TRUE(waitForState()); // the recovery choices come with the state read after the run

    auto *failure = find<QWidget>(QStringLiteral("failurePanel"));
    ASSERT_TRUE(failure->isVisible());
    QStringList texts;
    for (auto *l : failure->findChildren<QLabel *>())
        texts << l->text();
    for (auto *e : failure->findChildren<QPlainTextEdit *>())
        texts << e->toPlainText();
    const QString all = texts.join(u'\n');
    EXPECT_TRUE(all.contains(u"002_orders.sql:2")) << all.toStdString();
    EXPECT_TRUE(all.contains(u"no such table: customers")) << all.toStdString();
    EXPECT_TRUE(all.contains(u"INSERT INTO customers")) << all.toStdString();
    auto *resume = find<QAbstractButton>(QStringLiteral("recovery_resume"));
    auto *rollback = find<QAbstractButton>(QStringLiteral("recovery_rollback"));
    ASSERT_TRUE(resume && rollback);
    EXPECT_TRUE(resume->isEnabled());
    EXPECT_TRUE(rollback->isEnabled()); // 001 was applied by the run
    shot(QStringLiteral("console-run-failed"));

    // The DBA fixes the script and resumes from the failure panel.
    tmp.write(QStringLiteral("migrations/002_orders.sql"),
              "CREATE TABLE orders (id INTEGER PRIMARY KEY, person INTEGER);\n"
              "INSERT INTO people (id) VALUES (1);\n");
    finished.clear();
    click(QStringLiteral("recovery_resume"));
    ASSERT_TRUE(finished.wait(60000));
    ASSERT_TRUE(waitForState());
    const TargetStatus &st = window->console()->state()->inspection.status;
    EXPECT_EQ(st.count(MigrationState::Applied), 2);
    EXPECT_EQ(st.currentVersion, QStringLiteral("002"));
    EXPECT_FALSE(failure->isVisible());
}

TEST_F(ConsoleRuns, ClosingDuringARunAsksThenCancelsItAndCloses)
{
    writeSlowRun();
    open();
    QSignalSpy done(window->console(), &ui::Console::runFinished);
    pressGo();
    ASSERT_NO_FATAL_FAILURE(waitForSlowStatement());

    EXPECT_FALSE(window->close()) << "the window closed with a run under way";
    QMessageBox *box = modalBox();
    ASSERT_NE(box, nullptr) << "closing did not ask";
    EXPECT_EQ(box->objectName(), QStringLiteral("closeConfirmation"));
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    ASSERT_TRUE(done.count() > 0 || done.wait(30000));
    EXPECT_EQ(done.at(0).at(0).value<RunResult>().outcome, RunResult::Outcome::Cancelled);
    for (int i = 0; i < 100 && window->isVisible(); ++i)
        QTest::qWait(20);
    EXPECT_FALSE(window->isVisible()) << "the window did not close once the run had stopped";
    // The run was recorded to its end: the store has its run-finished.
    RunStore store;
    ASSERT_TRUE(store.open(project().runStorePath).isEmpty());
    const QList<QJsonObject> events = store.events(done.at(0).at(0).value<RunResult>().runId);
    ASSERT_FALSE(events.isEmpty());
    EXPECT_EQ(events.last().value(u"event").toString(), QStringLiteral("run-finished"));
}
