// The migrations table as a DBA reads it: a state per migration with its icon and what it
// means, checksum, timings, rollback and lint columns; filtered by typing and by picking a state.
#include "MigrationsFixture.h"

#include "Screenshot.h"
#include "migrations/CodeView.h"
#include "migrations/MigrationsModel.h"
#include "migrations/StateLook.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>

using namespace migtest;
using mig::ui::MigrationsModel;

namespace {

QString cell(QAbstractItemModel *m, int row, int column, int role = Qt::DisplayRole)
{
    return m->index(row, column).data(role).toString();
}

} // namespace

TEST(MigrationsTable, ShowsEachStateWithItsIconAndMeaning)
{
    MigrationsProject &p = sharedProject();
    ShownView v(p.state);
    QAbstractItemModel *m = v.table()->model();
    ASSERT_EQ(m->rowCount(), 4);
    QStringList states;
    for (int r = 0; r < 4; ++r)
        states << cell(m, r, MigrationsModel::Version) + u' ' + cell(m, r, MigrationsModel::State);
    EXPECT_EQ(states, (QStringList{"001 Applied", "002 Modified", "003 Failed", "004 Pending"}));

    // Every state has an icon, and a tooltip saying what it means and what the history says.
    for (int r = 0; r < 4; ++r) {
        const QIcon icon = m->index(r, MigrationsModel::State).data(Qt::DecorationRole).value<QIcon>();
        EXPECT_FALSE(icon.pixmap(16).isNull()) << "row " << r << ": the state icon did not load";
        EXPECT_FALSE(cell(m, r, MigrationsModel::State, Qt::ToolTipRole).isEmpty()) << "row " << r;
    }
    const QString applied = cell(m, 0, MigrationsModel::State, Qt::ToolTipRole);
    EXPECT_TRUE(applied.startsWith(u"Applied: the migration ran completely")) << applied.toStdString();
    EXPECT_TRUE(applied.contains(u"History: applied 20")) << applied.toStdString();
    const QString modified = cell(m, 1, MigrationsModel::State, Qt::ToolTipRole);
    EXPECT_TRUE(modified.contains(u"the file changed since")) << modified.toStdString();
    const QString failed = cell(m, 2, MigrationsModel::State, Qt::ToolTipRole);
    EXPECT_TRUE(failed.contains(u"nothing of it was kept")) << failed.toStdString();
    EXPECT_TRUE(failed.contains(u"stopped at statement 2 of 2 (003_audit.sql:2)")) << failed.toStdString();
    EXPECT_TRUE(failed.contains(u"no such table: audit_log")) << failed.toStdString();
    // Icons differ per state: the pixmaps of applied and failed are not the same picture.
    const QImage a = m->index(0, MigrationsModel::State).data(Qt::DecorationRole).value<QIcon>().pixmap(16).toImage();
    const QImage f = m->index(2, MigrationsModel::State).data(Qt::DecorationRole).value<QIcon>().pixmap(16).toImage();
    EXPECT_NE(a, f);

    // Checksum: short in the cell, whole in the tooltip.
    const QString full = QString::fromLatin1(p.state.inspection.status.migrations.at(0).planned->migration.checksum);
    EXPECT_EQ(full.size(), 64);
    EXPECT_EQ(cell(m, 0, MigrationsModel::Checksum), full.left(10));
    EXPECT_TRUE(cell(m, 0, MigrationsModel::Checksum, Qt::ToolTipRole).endsWith(full));

    // Applied at / by / duration for applied ones; the failed attempt's duration for 003.
    EXPECT_TRUE(cell(m, 0, MigrationsModel::AppliedAt).endsWith(u" UTC")) << cell(m, 0, MigrationsModel::AppliedAt).toStdString();
    EXPECT_EQ(cell(m, 0, MigrationsModel::AppliedBy), mig::Runner::operatorName());
    EXPECT_TRUE(cell(m, 0, MigrationsModel::Duration).endsWith(u" ms"));
    EXPECT_EQ(cell(m, 2, MigrationsModel::AppliedAt), QString());
    EXPECT_TRUE(cell(m, 2, MigrationsModel::Duration, Qt::ToolTipRole).contains(u"failed apply"));
    EXPECT_EQ(cell(m, 3, MigrationsModel::AppliedBy), QString());

    // Rollback: verified by the preview for 004; 003 has none.
    EXPECT_EQ(cell(m, 3, MigrationsModel::Rollback), QStringLiteral("rollback verified"));
    EXPECT_TRUE(cell(m, 3, MigrationsModel::Rollback, Qt::ToolTipRole).contains(u"came back exactly as it was"));
    EXPECT_EQ(cell(m, 2, MigrationsModel::Rollback), QStringLiteral("no rollback"));
    EXPECT_FALSE(m->index(3, MigrationsModel::Rollback).data(Qt::DecorationRole).value<QIcon>().isNull());

    // Lint: 004 warns (UPDATE without WHERE on a table with rows), with the finding as tooltip.
    EXPECT_EQ(cell(m, 3, MigrationsModel::Lint), QStringLiteral("warn (1)"));
    const QString lintTip = cell(m, 3, MigrationsModel::Lint, Qt::ToolTipRole);
    EXPECT_TRUE(lintTip.contains(u"update-without-where (004_feedback.sql:9)")) << lintTip.toStdString();
    EXPECT_TRUE(lintTip.contains(u"Fix: ")) << lintTip.toStdString();
    EXPECT_FALSE(m->index(3, MigrationsModel::Lint).data(Qt::DecorationRole).value<QIcon>().isNull());
    EXPECT_EQ(cell(m, 2, MigrationsModel::Lint), QStringLiteral("clean")); // failed: apply runs it again
    EXPECT_EQ(cell(m, 0, MigrationsModel::Lint), QString());                // applied: not linted, and says why
    EXPECT_TRUE(cell(m, 0, MigrationsModel::Lint, Qt::ToolTipRole).startsWith(u"Not linted: lint reads the migrations the next apply runs"));
    saveScreenshot(&v.view, QStringLiteral("migrations-table"));
}

TEST(MigrationsTable, FiltersByTypedTextAndByPickedState)
{
    ShownView v(sharedProject().state);
    v.view.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&v.view));
    auto *text = v.find<QLineEdit>("migrationFilter");
    auto *count = v.find<QLabel>("migrationCount");
    QAbstractItemModel *m = v.table()->model();

    // Ctrl+F goes to the filter, from anywhere in the view.
    v.table()->setFocus();
    QTest::keyClick(v.table(), Qt::Key_F, Qt::ControlModifier);
    EXPECT_TRUE(text->hasFocus());
    QTest::keyClicks(text, "FEED"); // case does not matter
    ASSERT_EQ(m->rowCount(), 1);
    EXPECT_EQ(cell(m, 0, MigrationsModel::Name), QStringLiteral("feedback"));
    EXPECT_EQ(count->text(), QStringLiteral("1 of 4 migration(s)"));
    QTest::keyClick(text, Qt::Key_Escape);
    EXPECT_EQ(text->text(), QString());
    QTest::keyClicks(text, "00"); // versions match too
    EXPECT_EQ(m->rowCount(), 4);
    text->clear();

    // The state list: open it and click "Failed".
    auto *combo = v.find<QComboBox>("stateFilter");
    QTest::mouseClick(combo, Qt::LeftButton);
    QAbstractItemView *popup = combo->view();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(popup->window()));
    const int failedItem = combo->findText(QStringLiteral("Failed"));
    ASSERT_GE(failedItem, 0);
    EXPECT_FALSE(combo->itemIcon(failedItem).isNull());
    EXPECT_FALSE(combo->itemData(failedItem, Qt::ToolTipRole).toString().isEmpty());
    const QRect item = popup->visualRect(popup->model()->index(failedItem, 0));
    // The open list ignores a release within a double-click interval of opening (the release of
    // the click that opened it); a person's next click comes later.
    QTest::qWait(QApplication::doubleClickInterval() + 100);
    QTest::mouseClick(popup->viewport(), Qt::LeftButton, {}, item.center());
    ASSERT_EQ(combo->currentText(), QStringLiteral("Failed"));
    ASSERT_EQ(m->rowCount(), 1);
    EXPECT_EQ(cell(m, 0, MigrationsModel::Version), QStringLiteral("003"));

    // "Needs attention": modified and failed, not applied or pending.
    combo->setFocus();
    while (combo->currentText() != u"Needs attention" && combo->currentIndex() > 0)
        QTest::keyClick(combo, Qt::Key_Up);
    ASSERT_EQ(combo->currentText(), QStringLiteral("Needs attention"));
    QStringList shown;
    for (int r = 0; r < m->rowCount(); ++r)
        shown << cell(m, r, MigrationsModel::Version);
    EXPECT_EQ(shown, (QStringList{"002", "003"}));

    // Text and state together.
    QTest::keyClicks(text, "orders");
    ASSERT_EQ(m->rowCount(), 1);
    EXPECT_EQ(cell(m, 0, MigrationsModel::Version), QStringLiteral("002"));
    saveScreenshot(&v.view, QStringLiteral("migrations-filtered"));
}

TEST(MigrationsTable, SortsVersionsAsVersionsAndKeepsTheSelectionAcrossRefreshes)
{
    MigrationsProject &p = sharedProject();
    ShownView v(p.state);
    QSignalSpy selected(&v.view, &mig::ui::MigrationsView::migrationSelected);
    ASSERT_TRUE(v.clickMigration(QStringLiteral("003")));
    ASSERT_EQ(selected.count(), 1);
    EXPECT_EQ(selected.last().at(0).toString(), QStringLiteral("003"));
    EXPECT_EQ(v.view.currentKey(), QStringLiteral("003"));

    // Clicking the Version header sorts descending, then ascending again.
    QHeaderView *header = v.table()->horizontalHeader();
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                      QPoint(header->sectionViewportPosition(0) + header->sectionSize(0) / 2, header->height() / 2));
    QAbstractItemModel *m = v.table()->model();
    EXPECT_EQ(cell(m, 0, MigrationsModel::Version), QStringLiteral("004"));

    // A refresh (a new ProjectState) keeps 003 selected and fills its tabs again, without
    // telling anyone the selection changed.
    QSignalSpy shown(&v.view, &mig::ui::MigrationsView::detailShown);
    v.view.setProjectState(p.state);
    ASSERT_TRUE(shown.wait(10000));
    EXPECT_EQ(shown.last().at(0).toString(), QStringLiteral("003"));
    EXPECT_EQ(v.view.currentKey(), QStringLiteral("003"));
    EXPECT_EQ(v.table()->currentIndex().data(MigrationsModel::KeyRole).toString(), QStringLiteral("003"));
    EXPECT_EQ(selected.count(), 1);

    // selectMigration clears a filter that hides the migration.
    QTest::keyClicks(v.find<QLineEdit>("migrationFilter"), "users");
    v.view.selectMigration(QStringLiteral("004"));
    EXPECT_EQ(v.find<QLineEdit>("migrationFilter")->text(), QString());
    EXPECT_EQ(v.view.currentKey(), QStringLiteral("004"));
    EXPECT_EQ(selected.last().at(0).toString(), QStringLiteral("004"));

    // A state without that migration clears the selection.
    mig::ui::ProjectState fewer = p.state;
    fewer.inspection.status.migrations.removeLast();
    v.view.setProjectState(fewer);
    EXPECT_EQ(v.view.currentKey(), QString());
    EXPECT_EQ(selected.last().at(0).toString(), QString());
    EXPECT_EQ(m->rowCount(), 3);
}

TEST(MigrationsTable, AnUnreachableTargetStillListsTheFolderAndSaysWhy)
{
    mig::ui::ProjectState state = sharedProject().state;
    state.inspection.status = {};
    state.inspection.error = QStringLiteral("cannot connect to sqlite:/gone.db: unable to open database file");
    ShownView v(state);
    auto *banner = v.find<QLabel>("migrationsBanner");
    EXPECT_TRUE(banner->isVisible());
    EXPECT_TRUE(banner->text().contains(u"states are unknown: cannot connect to sqlite:/gone.db")) << banner->text().toStdString();
    QAbstractItemModel *m = v.table()->model();
    ASSERT_EQ(m->rowCount(), 4);
    EXPECT_EQ(cell(m, 3, MigrationsModel::State), QStringLiteral("unknown"));
    EXPECT_TRUE(cell(m, 3, MigrationsModel::State, Qt::ToolTipRole).contains(u"the target could not be read"));
    // The scripts can still be read.
    ASSERT_TRUE(v.clickMigration(QStringLiteral("004")));
    EXPECT_TRUE(v.find<mig::ui::CodeView>("sqlView")->toPlainText().startsWith(u"-- what users tell us"));
}
