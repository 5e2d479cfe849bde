// The backup card: a real backup's facts as the catalog keeps them, "Back up now" asking for one
// (with or without a restore test), the bar moved by the backup's own progress events, Cancel
// visible only while it runs, and the age turning red past the policy's limit.
#include "GoNoGoProject.h"

#include "backup/JobEvents.h"
#include "gonogo/BackupCard.h"
#include "gonogo/GoNoGoPanel.h"
#include "gonogo/GoNoGoLook.h"

#include <QCheckBox>
#include <QDateTime>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace gonogotest;
using mig::ui::GoNoGoPanel;

TEST(BackupCard, ShowsTheRealBackupWithItsSizeShaAndRestoreTest)
{
    GoNoGoProject p;
    const mig::BackupRecord b = p.backup(true);
    ASSERT_EQ(b.restoreTest.status, u"pass");
    GoNoGoPanel panel;
    panel.resize(1200, 800);
    panel.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));
    panel.setProjectState(p.state());

    EXPECT_FALSE(child<QLabel>(&panel, "backupNone")->isVisible());
    EXPECT_EQ(child<QLabel>(&panel, "backupId")->text(), b.id);
    const QString size = child<QLabel>(&panel, "backupSize")->text();
    EXPECT_TRUE(size.startsWith(mig::humanSize(b.size))) << size.toStdString();
    auto *sha = child<QLabel>(&panel, "backupSha");
    ASSERT_EQ(b.sha256.size(), 64);
    EXPECT_EQ(sha->text(), b.sha256.left(16) + u'…');
    EXPECT_EQ(sha->toolTip(), b.sha256);
    // The customers table the target had, with its two rows.
    EXPECT_EQ(child<QLabel>(&panel, "backupTables")->text(), u"1 table(s), 2 row(s)");
    EXPECT_TRUE(child<QLabel>(&panel, "backupTables")->toolTip().contains(u"customers: 2"));
    const QString restore = child<QLabel>(&panel, "backupRestoreTest")->text();
    EXPECT_TRUE(restore.startsWith(u"pass at ")) << restore.toStdString();
    EXPECT_TRUE(child<QLabel>(&panel, "backupRestoreIcon")->toolTip().contains(u"restore test passed"));
    auto *age = child<QLabel>(&panel, "backupAge");
    EXPECT_TRUE(age->text().contains(u" s ago") || age->text().contains(u" min ago")) << age->text().toStdString();
    EXPECT_FALSE(age->property("tooOld").toBool());

    // The same backup two days on is older than the policy's 24 h: red, and it says why.
    mig::ui::ProjectState later = p.state();
    later.latestBackup->createdAt = QDateTime::currentDateTimeUtc().addSecs(-50 * 3600).toString(Qt::ISODateWithMs);
    panel.setProjectState(later);
    EXPECT_TRUE(age->property("tooOld").toBool());
    EXPECT_TRUE(age->text().startsWith(u"2 days 2 h ago")) << age->text().toStdString();
    EXPECT_TRUE(age->toolTip().contains(u"older than the policy's 24 h"));
    EXPECT_EQ(age->palette().color(QPalette::WindowText), mig::ui::alertColour(panel.palette()));
}

TEST(BackupCard, BackUpNowAsksForABackupAndItsProgressMovesTheBar)
{
    GoNoGoProject p;
    QList<mig::RunEvent> progress;
    p.backup(true, &progress);
    ASSERT_FALSE(progress.isEmpty());

    GoNoGoPanel panel;
    panel.resize(1200, 800);
    panel.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));
    panel.activateWindow(); // for Ctrl+B
    ASSERT_TRUE(QTest::qWaitForWindowActive(&panel));
    panel.setProjectState(p.state());
    auto *start = child<QPushButton>(&panel, "backupButton");
    auto *cancel = child<QPushButton>(&panel, "backupCancelButton");
    auto *bar = child<QProgressBar>(&panel, "backupProgress");
    auto *restoreTest = child<QCheckBox>(&panel, "restoreTestCheck");
    EXPECT_FALSE(cancel->isVisible()) << "nothing runs";
    EXPECT_FALSE(bar->isVisible());
    EXPECT_TRUE(restoreTest->isChecked());

    QSignalSpy requested(&panel, &GoNoGoPanel::backupRequested);
    QTest::mouseClick(restoreTest, Qt::LeftButton);
    EXPECT_FALSE(restoreTest->isChecked());
    QTest::mouseClick(start, Qt::LeftButton);
    ASSERT_EQ(requested.count(), 1);
    EXPECT_FALSE(requested.at(0).at(0).toBool()) << "no restore test was asked for";
    EXPECT_TRUE(cancel->isVisible());
    EXPECT_TRUE(bar->isVisible());
    EXPECT_FALSE(start->isEnabled()) << "one backup at a time";

    // The real backup's and restore test's events, as the controller hands them on.
    for (const mig::RunEvent &e : progress) {
        panel.setBackupProgress(e);
        EXPECT_TRUE(bar->format().contains(e.message)) << bar->format().toStdString();
        if (e.rowsTotal > 0) {
            EXPECT_EQ(bar->value(), int(e.rowsDone * 1000 / e.rowsTotal)) << e.message.toStdString();
        }
    }
    // A big dump, part way: the bar counts per mille of the bytes.
    mig::RunEvent half = progress.first();
    half.message = QStringLiteral("writing");
    half.rowsDone = 3 * (qint64(1) << 30);
    half.rowsTotal = 4 * (qint64(1) << 30);
    half.unit = QStringLiteral("bytes");
    panel.setBackupProgress(half);
    EXPECT_EQ(bar->value(), 750);
    EXPECT_TRUE(bar->format().contains(u"writing, 3.0 GB of 4.0 GB")) << bar->format().toStdString();
    EXPECT_FALSE(shot(child<QWidget>(&panel, "backupCard"), QStringLiteral("gonogo-backup-running")).isEmpty());

    QSignalSpy cancelled(&panel, &GoNoGoPanel::backupCancelRequested);
    QTest::mouseClick(cancel, Qt::LeftButton);
    EXPECT_EQ(cancelled.count(), 1);
    panel.backupFinished(false, QStringLiteral("backup cancelled: no file is left"));
    EXPECT_FALSE(cancel->isVisible());
    EXPECT_FALSE(bar->isVisible());
    EXPECT_TRUE(start->isEnabled());
    auto *message = child<QLabel>(&panel, "backupMessage");
    EXPECT_TRUE(message->isVisible());
    EXPECT_EQ(message->text(), u"backup cancelled: no file is left");

    // While the checklist runs, no backup starts.
    panel.setBusy(QStringLiteral("checking…"));
    EXPECT_FALSE(start->isEnabled());
    panel.setBusy({});
    EXPECT_TRUE(start->isEnabled());
    // Ctrl+B is "Back up now", with a restore test when it is ticked again.
    QTest::mouseClick(restoreTest, Qt::LeftButton);
    EXPECT_TRUE(restoreTest->isChecked());
    QTest::keyClick(&panel, Qt::Key_B, Qt::ControlModifier);
    EXPECT_TRUE(requested.wait(5000));
    EXPECT_EQ(requested.count(), 2);
    EXPECT_TRUE(requested.at(1).at(0).toBool()) << "the restore test is asked for again";
}

TEST(BackupCard, WithoutABackupItSaysSo)
{
    GoNoGoProject p;
    GoNoGoPanel panel;
    panel.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));
    panel.setProjectState(p.state());
    EXPECT_TRUE(child<QLabel>(&panel, "backupNone")->isVisible());
    EXPECT_FALSE(child<QLabel>(&panel, "backupSha")->isVisible());
    EXPECT_EQ(mig::ui::BackupCard::humanAge(42), u"42 s");
    EXPECT_EQ(mig::ui::BackupCard::humanAge(3 * 3600 + 5 * 60), u"3 h 5 min");
    EXPECT_EQ(mig::ui::BackupCard::humanAge(3 * 86400), u"3 days");
}
