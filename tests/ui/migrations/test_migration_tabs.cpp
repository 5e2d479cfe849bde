// The tabs of a selected migration, each reached by clicking as a DBA would: the SQL with line
// numbers and lint markers, the schema diff tree from the preview, the rollback verdict, the
// verify results, the history with the failed attempt, and the Changes diff of a modified one.
#include "MigrationsFixture.h"

#include "Screenshot.h"
#include "migrations/ChangesPage.h"
#include "migrations/CodeView.h"
#include "migrations/HistoryPage.h"
#include "migrations/SqlHighlighter.h"
#include "migrations/Tones.h"

#include <QHelpEvent>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTextBlock>
#include <QToolTip>
#include <QTreeWidget>

using namespace migtest;
using mig::ui::CodeView;

namespace {

// The format the highlighter gave to the characters [from, from + length) of a line.
QColor foregroundAt(CodeView *view, int block, int from)
{
    const QTextBlock b = view->document()->findBlockByNumber(block);
    for (const QTextLayout::FormatRange &r : b.layout()->formats())
        if (from >= r.start && from < r.start + r.length)
            return r.format.foreground().color();
    return {};
}

QTreeWidgetItem *childNamed(QTreeWidgetItem *parent, const QString &text)
{
    for (int i = 0; i < parent->childCount(); ++i)
        if (parent->child(i)->text(0) == text)
            return parent->child(i);
    return nullptr;
}

bool hasBand(CodeView *view, int block, const QColor &colour)
{
    for (const QTextEdit::ExtraSelection &s : view->extraSelections())
        if (s.cursor.block().blockNumber() == block && s.format.background().color() == colour)
            return true;
    return false;
}

} // namespace

TEST(MigrationTabs, SqlShowsLineNumbersColoursAndTheLintMarkerAtItsLine)
{
    ShownView v(sharedProject().state);
    ASSERT_TRUE(v.clickMigration(QStringLiteral("004")));
    auto *tabs = v.find<QTabWidget>("migrationDetail");
    EXPECT_EQ(tabs->currentWidget()->objectName(), QStringLiteral("sqlTab"));
    auto *sql = v.find<CodeView>("sqlView");
    ASSERT_TRUE(sql->isVisible());
    EXPECT_TRUE(sql->isReadOnly());
    EXPECT_TRUE(sql->toPlainText().startsWith(u"-- what users tell us\nCREATE TABLE feedback ("));
    EXPECT_EQ(sql->blockCount(), 9);
    EXPECT_EQ(sql->lineOfBlock(0), 1);
    EXPECT_EQ(sql->lineOfBlock(8), 9);
    EXPECT_GT(sql->margin()->width(), sql->fontMetrics().horizontalAdvance(QStringLiteral("9")));
    const QString info = v.find<QLabel>("sqlInfo")->text();
    EXPECT_TRUE(info.startsWith(u"004_feedback.sql · 3 statement(s)")) << info.toStdString();
    EXPECT_TRUE(info.contains(u"lint: 1 finding(s), worst warn")) << info.toStdString();

    // The UPDATE without WHERE is marked on line 9, with its rule, message and fix as tooltip.
    EXPECT_EQ(sql->markedLines(), QList<int>{9});
    EXPECT_EQ(sql->markerSeverity(9), mig::lint::Severity::Warn);
    const QRect marker = sql->markerRect(9);
    ASSERT_FALSE(marker.isNull());
    QHelpEvent hover(QEvent::ToolTip, marker.center(), sql->margin()->mapToGlobal(marker.center()));
    QApplication::sendEvent(sql->margin(), &hover);
    const QString tip = QToolTip::text();
    EXPECT_TRUE(tip.startsWith(u"warn update-without-where (004_feedback.sql:9): UPDATE without WHERE")) << tip.toStdString();
    EXPECT_TRUE(tip.contains(u"\nFix: ")) << tip.toStdString();
    // The marked line is tinted in the warning's colour; an unmarked one is not.
    const QColor warnBand = mig::ui::toneBackground(mig::ui::Tone::Warn, sql->palette(), 0.7);
    EXPECT_TRUE(hasBand(sql, 8, warnBand));
    EXPECT_FALSE(hasBand(sql, 7, warnBand));

    // Keywords, comments, strings and numbers each get their colour.
    const mig::ui::SqlHighlighter *h = sql->highlighter();
    EXPECT_EQ(foregroundAt(sql, 1, 0), h->keywordFormat().foreground().color()); // CREATE
    EXPECT_EQ(foregroundAt(sql, 0, 5), h->commentFormat().foreground().color());
    EXPECT_NE(h->keywordFormat().foreground().color(), h->commentFormat().foreground().color());
    EXPECT_FALSE(foregroundAt(sql, 2, 4).isValid()); // "id" is no keyword
    saveScreenshot(&v.view, QStringLiteral("migration-tab-sql"));
}

TEST(MigrationTabs, SchemaDiffTreeListsTheAddedTableAndColumnsInGreen)
{
    ShownView v(sharedProject().state);
    ASSERT_TRUE(v.clickMigration(QStringLiteral("004")));
    v.clickTab("schemaDiffTab");
    auto *tree = v.find<QTreeWidget>("schemaDiffTree");
    ASSERT_TRUE(tree->isVisible());
    ASSERT_EQ(tree->topLevelItemCount(), 1);
    QTreeWidgetItem *table = tree->topLevelItem(0);
    EXPECT_EQ(table->text(0), QStringLiteral("table feedback"));
    EXPECT_EQ(table->text(1), QStringLiteral("added"));
    EXPECT_FALSE(table->icon(0).isNull());
    const QColor green = mig::ui::toneText(mig::ui::Tone::Added, tree->palette());
    EXPECT_EQ(table->foreground(0).color(), green);
    for (const char *column : {"column id", "column user_id", "column body", "column created_at"}) {
        QTreeWidgetItem *c = childNamed(table, QLatin1String(column));
        ASSERT_NE(c, nullptr) << column;
        EXPECT_EQ(c->text(1), QStringLiteral("added"));
        EXPECT_EQ(c->foreground(0).color(), green) << column;
    }
    QTreeWidgetItem *body = childNamed(table, QStringLiteral("column body"));
    QTreeWidgetItem *nullable = childNamed(body, QStringLiteral("nullable"));
    ASSERT_NE(nullable, nullptr);
    EXPECT_EQ(nullable->text(1), QStringLiteral("no"));
    EXPECT_NE(childNamed(table, QStringLiteral("index idx_feedback_user")), nullptr);
    const QString summary = v.find<QLabel>("schemaDiffSummary")->text();
    EXPECT_TRUE(summary.startsWith(QStringLiteral("Preview run ") + sharedProject().preview.runId)) << summary.toStdString();
    EXPECT_FALSE(v.find<QPushButton>("previewButton")->isVisible());
    tree->expandAll();
    saveScreenshot(&v.view, QStringLiteral("migration-tab-schema-diff"));
}

TEST(MigrationTabs, WithoutAPreviewTheSchemaDiffSaysHowToGetOne)
{
    mig::ui::ProjectState state = sharedProject().state;
    state.previews.clear();
    ShownView v(state);
    QSignalSpy asked(&v.view, &mig::ui::MigrationsView::previewRequested);
    ASSERT_TRUE(v.clickMigration(QStringLiteral("004")));
    v.clickTab("schemaDiffTab");
    const QString summary = v.find<QLabel>("schemaDiffSummary")->text();
    EXPECT_TRUE(summary.startsWith(u"No preview of this migration yet. Preview the pending migrations")) << summary.toStdString();
    EXPECT_FALSE(v.find<QTreeWidget>("schemaDiffTree")->isVisible());
    auto *button = v.find<QPushButton>("previewButton");
    ASSERT_TRUE(button->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    EXPECT_EQ(asked.count(), 1);
    saveScreenshot(&v.view, QStringLiteral("migration-tab-schema-diff-none"));
}

TEST(MigrationTabs, RollbackShowsTheVerdictAndTheDownScript)
{
    ShownView v(sharedProject().state);
    ASSERT_TRUE(v.clickMigration(QStringLiteral("004")));
    v.clickTab("rollbackTab");
    EXPECT_EQ(v.find<QLabel>("rollbackVerdict")->text(), QStringLiteral("rollback verified"));
    const QString detail = v.find<QLabel>("rollbackDetail")->text();
    EXPECT_TRUE(detail.contains(QStringLiteral("Stored check: rollback verified (pass) in preview run ") + sharedProject().preview.runId))
        << detail.toStdString();
    auto *down = v.find<CodeView>("rollbackView");
    EXPECT_TRUE(down->isVisible());
    EXPECT_EQ(down->toPlainText(), QStringLiteral("DROP INDEX idx_feedback_user;\nDROP TABLE feedback;"));
    EXPECT_TRUE(v.find<QLabel>("rollbackInfo")->text().startsWith(u"004_feedback.rollback.sql · 2 statement(s)"));
    saveScreenshot(&v.view, QStringLiteral("migration-tab-rollback"));

    ASSERT_TRUE(v.clickMigration(QStringLiteral("003")));
    EXPECT_EQ(v.find<QLabel>("rollbackVerdict")->text(), QStringLiteral("no rollback"));
    EXPECT_FALSE(v.find<CodeView>("rollbackView")->isVisible());
    EXPECT_TRUE(v.find<QLabel>("rollbackMessage")->text().startsWith(u"This migration has no down script"));
}

TEST(MigrationTabs, VerifyShowsTheLatestResultsAndTheScript)
{
    ShownView v(sharedProject().state);
    ASSERT_TRUE(v.clickMigration(QStringLiteral("001")));
    v.clickTab("verifyTab");
    auto *results = v.find<QTableWidget>("verifyResults");
    ASSERT_EQ(results->rowCount(), 1);
    EXPECT_TRUE(results->item(0, 0)->text().contains(u"both users kept")) << results->item(0, 0)->text().toStdString();
    EXPECT_EQ(results->item(0, 1)->text(), QStringLiteral("pass"));
    EXPECT_FALSE(results->item(0, 1)->icon().isNull());
    EXPECT_TRUE(v.find<QLabel>("verifySummary")->text().contains(u"0 of 1 check(s) failed"));
    EXPECT_EQ(v.find<CodeView>("verifyView")->toPlainText(), QStringLiteral("-- check: both users kept\nSELECT count(*) = 2 FROM users;"));
    saveScreenshot(&v.view, QStringLiteral("migration-tab-verify"));
}

TEST(MigrationTabs, HistoryListsTheFailedAttemptWithItsError)
{
    ShownView v(sharedProject().state);
    ASSERT_TRUE(v.clickMigration(QStringLiteral("003")));
    v.clickTab("historyTab");
    auto *rows = v.find<QTableWidget>("historyRows");
    ASSERT_EQ(rows->rowCount(), 1);
    EXPECT_EQ(rows->item(0, mig::ui::HistoryPage::Action)->text(), QStringLiteral("apply"));
    EXPECT_EQ(rows->item(0, mig::ui::HistoryPage::Direction)->text(), QStringLiteral("up"));
    EXPECT_EQ(rows->item(0, mig::ui::HistoryPage::Status)->text(), QStringLiteral("failed"));
    EXPECT_FALSE(rows->item(0, mig::ui::HistoryPage::Status)->toolTip().isEmpty());
    EXPECT_EQ(rows->item(0, mig::ui::HistoryPage::By)->text(), mig::Runner::operatorName());
    EXPECT_FALSE(rows->item(0, mig::ui::HistoryPage::Run)->text().isEmpty());
    const QString error = rows->item(0, mig::ui::HistoryPage::Error)->text();
    EXPECT_TRUE(error.startsWith(u"003_audit.sql:2: ")) << error.toStdString();
    EXPECT_TRUE(error.contains(u"no such table: audit_log")) << error.toStdString();
    EXPECT_TRUE(error.endsWith(u" — INSERT INTO audit_log (note) VALUES ('start')")) << error.toStdString();
    saveScreenshot(&v.view, QStringLiteral("migration-tab-history"));

    ASSERT_TRUE(v.clickMigration(QStringLiteral("001")));
    ASSERT_EQ(rows->rowCount(), 1);
    EXPECT_EQ(rows->item(0, mig::ui::HistoryPage::Status)->text(), QStringLiteral("applied"));
    EXPECT_EQ(rows->item(0, mig::ui::HistoryPage::Error)->text(), QString());
}

TEST(MigrationTabs, ChangesOfAModifiedMigrationShowTheEditedLineSideBySide)
{
    ShownView v(sharedProject().state);
    auto *tabs = v.find<QTabWidget>("migrationDetail");
    QWidget *changesTab = v.find<QWidget>("changesTab");
    ASSERT_TRUE(v.clickMigration(QStringLiteral("004")));
    EXPECT_FALSE(tabs->isTabVisible(tabs->indexOf(changesTab))) << "only modified migrations have a Changes tab";
    ASSERT_TRUE(v.clickMigration(QStringLiteral("002")));
    ASSERT_TRUE(tabs->isTabVisible(tabs->indexOf(changesTab)));
    v.clickTab("changesTab");
    auto *before = v.find<CodeView>("changesBefore");
    auto *after = v.find<CodeView>("changesAfter");
    ASSERT_EQ(before->blockCount(), 5);
    ASSERT_EQ(after->blockCount(), 5);
    EXPECT_EQ(before->document()->findBlockByNumber(3).text(), QStringLiteral("    total NUMERIC NOT NULL DEFAULT 0"));
    EXPECT_EQ(after->document()->findBlockByNumber(3).text(), QStringLiteral("    total_cents INTEGER NOT NULL DEFAULT 0"));
    EXPECT_EQ(v.find<QLabel>("changesSummary")->text().left(60),
              QStringLiteral("Since it was applied: 1 line(s) changed, 0 added, 0 removed."));
    // The changed line is tinted on both sides, an unchanged one is not.
    const QPalette pal = before->palette();
    EXPECT_TRUE(hasBand(before, 3, mig::ui::toneBackground(mig::ui::Tone::Removed, pal)));
    EXPECT_TRUE(hasBand(after, 3, mig::ui::toneBackground(mig::ui::Tone::Added, pal)));
    EXPECT_FALSE(hasBand(after, 2, mig::ui::toneBackground(mig::ui::Tone::Added, pal)));
    saveScreenshot(&v.view, QStringLiteral("migration-tab-changes"));
}

TEST(MigrationTabs, ChangesSayWhenTheAppliedScriptWasNotKept)
{
    mig::ui::ProjectState state = sharedProject().state;
    for (mig::HistoryRow &r : state.history)
        if (r.version == u"002")
            r.script.clear(); // as for a script over 1 MiB
    ShownView v(state);
    ASSERT_TRUE(v.clickMigration(QStringLiteral("002")));
    v.clickTab("changesTab");
    const QString summary = v.find<QLabel>("changesSummary")->text();
    EXPECT_TRUE(summary.startsWith(u"The script as applied was not kept in the history")) << summary.toStdString();
    EXPECT_FALSE(v.find<CodeView>("changesBefore")->isVisible());
}

TEST(MigrationTabs, AFileThatIsNotUtf8IsNamedNotShown)
{
    TempFolder tmp;
    tmp.write(QStringLiteral("004_feedback.sql"), "-- caf\xe9\nSELECT 1;\n"); // Latin-1
    mig::ui::ProjectState state = sharedProject().state;
    state.inspection.status.migrations[3].planned->migration.up.path = tmp.file(QStringLiteral("004_feedback.sql"));
    ShownView v(state);
    ASSERT_TRUE(v.clickMigration(QStringLiteral("004")));
    const QString message = v.find<QLabel>("sqlMessage")->text();
    EXPECT_TRUE(message.startsWith(u"004_feedback.sql is not UTF-8 text (line 1 has bytes that are not UTF-8)")) << message.toStdString();
    EXPECT_FALSE(v.find<CodeView>("sqlView")->isVisible());
    EXPECT_EQ(v.find<CodeView>("sqlView")->toPlainText(), QString());
    saveScreenshot(&v.view, QStringLiteral("migration-tab-sql-not-utf8"));
}
