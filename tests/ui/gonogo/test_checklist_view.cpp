// The checklist fills live from the engine's check-finished events (CheckLine::fromEvent, one by
// one, as the controller hands them on), and each verdict shows its mark, word and tooltip.
#include "GoNoGoProject.h"

#include "gonogo/GoNoGoPanel.h"
#include "gonogo/GoNoGoLook.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace gonogotest;
using mig::CheckLine;
using mig::ui::GoNoGoPanel;

namespace {

QTreeWidgetItem *row(QTreeWidget *list, const QString &id)
{
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        if (list->topLevelItem(i)->data(0, Qt::UserRole).toString() == id)
            return list->topLevelItem(i);
    throw std::runtime_error("no row for " + id.toStdString());
}

// The panel fed the project and its decision, as the controller does; its checklist.
QTreeWidget *showDecision(GoNoGoPanel &panel, GoNoGoProject &p, const mig::GoDecision &d)
{
    panel.setProjectState(p.state());
    panel.setDecision(d);
    return child<QTreeWidget>(&panel, "checklistView");
}

const CheckLine &line(const mig::GoDecision &d, const QString &id)
{
    for (const CheckLine &c : d.checks)
        if (c.id == id)
            return c;
    throw std::runtime_error("no check " + id.toStdString());
}

} // namespace

TEST(CheckLine, FromEventIsTheInverseOfToEvent)
{
    GoNoGoProject p;
    QList<mig::RunEvent> told;
    const mig::GoDecision d = p.decide(&told);
    ASSERT_EQ(told.size(), d.checks.size());
    for (int i = 0; i < told.size(); ++i) {
        const CheckLine back = CheckLine::fromEvent(told.at(i));
        const CheckLine &orig = d.checks.at(i);
        EXPECT_EQ(back.id, orig.id);
        EXPECT_EQ(back.title, orig.title);
        EXPECT_EQ(back.verdict, orig.verdict);
        EXPECT_EQ(back.evidence, orig.evidence);
        EXPECT_EQ(back.details, orig.details);
        EXPECT_EQ(back.level, orig.level);
        EXPECT_EQ(back.data, orig.data);
        EXPECT_EQ(back.blocks(), orig.blocks());
    }
    // An event as kept by the run store and read back as JSON carries the same line.
    mig::CheckLine warnLine = d.checks.first();
    warnLine.level = mig::Policy::Level::Warn;
    warnLine.verdict = QStringLiteral("fail");
    EXPECT_EQ(CheckLine::fromEvent(warnLine.toEvent(QStringLiteral("r"))).level, mig::Policy::Level::Warn);
    EXPECT_FALSE(CheckLine::fromEvent(warnLine.toEvent(QStringLiteral("r"))).blocks());
}

TEST(ChecklistView, FillsLiveAsTheEngineTellsEachCheck)
{
    GoNoGoProject p;
    QList<mig::RunEvent> told;
    const mig::GoDecision d = p.decide(&told);

    GoNoGoPanel panel;
    panel.resize(1200, 800);
    panel.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));
    panel.setProjectState(p.state());
    panel.beginChecklist();
    auto *list = child<QTreeWidget>(&panel, "checklistView");
    ASSERT_EQ(list->topLevelItemCount(), mig::Policy::checkIds().size());
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        EXPECT_EQ(list->topLevelItem(i)->text(0), u"checking…");
        EXPECT_EQ(list->topLevelItem(i)->text(2), u"checking…");
    }
    EXPECT_TRUE(child<QLabel>(&panel, "decisionLabel")->text().contains(u"Checking"));

    for (int n = 0; n < told.size(); ++n) {
        const CheckLine c = CheckLine::fromEvent(told.at(n));
        panel.addCheck(c);
        QTreeWidgetItem *r = row(list, c.id);
        EXPECT_EQ(r->text(1), c.title);
        EXPECT_EQ(r->text(2), c.evidence);
        EXPECT_NE(r->text(0), u"checking…") << c.id.toStdString();
        // What the engine has not told yet still says so.
        int waiting = 0;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            waiting += list->topLevelItem(i)->text(0) == u"checking…" ? 1 : 0;
        EXPECT_EQ(waiting, list->topLevelItemCount() - (n + 1)) << "after " << c.id.toStdString();
        if (n == 6) {
            EXPECT_FALSE(shot(&panel, QStringLiteral("gonogo-checklist-live")).isEmpty());
        }
    }
    EXPECT_EQ(list->topLevelItemCount(), d.checks.size());

    QSignalSpy shown(&panel, &GoNoGoPanel::decisionShown);
    panel.setDecision(d);
    EXPECT_EQ(shown.count(), 1);
    EXPECT_EQ(list->topLevelItemCount(), d.checks.size());
}

TEST(ChecklistView, EachVerdictHasItsMarkAndTooltip)
{
    GoNoGoProject p;
    const mig::GoDecision d = p.decide();
    GoNoGoPanel panel;
    QTreeWidget *list = showDecision(panel, p, d);

    // backup: fails and blocks (the policy requires one), with its evidence in the tooltip.
    QTreeWidgetItem *backup = row(list, QStringLiteral("backup"));
    EXPECT_EQ(backup->text(0), u"FAIL");
    EXPECT_TRUE(backup->toolTip(0).contains(u"this blocks GO")) << backup->toolTip(0).toStdString();
    EXPECT_TRUE(backup->toolTip(0).contains(u"no backup of this target in the catalog"));
    EXPECT_FALSE(backup->icon(0).isNull());
    // connection: passes.
    QTreeWidgetItem *connection = row(list, QStringLiteral("connection"));
    EXPECT_EQ(connection->text(0), u"PASS");
    EXPECT_TRUE(connection->toolTip(0).startsWith(u"<p><b>Pass:"));
    // drift: warns (no run recorded yet).
    EXPECT_EQ(row(list, QStringLiteral("drift"))->text(0), u"WARN");
    EXPECT_TRUE(row(list, QStringLiteral("drift"))->toolTip(0).contains(u"it does not block"));
    // sessions on SQLite: n/a.
    EXPECT_EQ(row(list, QStringLiteral("sessions"))->text(0), u"N/A");
    EXPECT_TRUE(row(list, QStringLiteral("sessions"))->toolTip(0).contains(u"does not apply"));
    // The marks differ by verdict.
    const QImage pass = connection->icon(0).pixmap(16).toImage();
    const QImage fail = backup->icon(0).pixmap(16).toImage();
    EXPECT_NE(pass, fail);
    EXPECT_EQ(pass.pixelColor(8, 3), mig::ui::verdictIcon(mig::ui::VerdictMark::Pass).pixmap(16).toImage().pixelColor(8, 3));

    // rollbacks: details (one per migration) are child rows, open because the line blocks.
    QTreeWidgetItem *rollbacks = row(list, QStringLiteral("rollbacks"));
    const CheckLine &rb = line(d, QStringLiteral("rollbacks"));
    ASSERT_EQ(rollbacks->childCount(), rb.details.size());
    ASSERT_EQ(rb.details.size(), 2);
    EXPECT_EQ(rollbacks->child(0)->text(0), rb.details.first());
    EXPECT_TRUE(rollbacks->isExpanded());
    EXPECT_TRUE(rollbacks->toolTip(2).contains(rb.details.last().toHtmlEscaped()));
}

TEST(ChecklistView, AFailureThePolicyMakesAWarningSaysSo)
{
    GoNoGoProject p(R"({"signoffs": {"required": ["DBA"]}, "checks": {"signoffs": "warn", "replication": "off"},
                        "backup": {"required": false}, "rollback": "none"})");
    const mig::GoDecision d = p.decide();
    const CheckLine &signoffs = line(d, QStringLiteral("signoffs"));
    ASSERT_EQ(signoffs.verdict, u"fail");
    ASSERT_FALSE(signoffs.blocks());
    GoNoGoPanel panel;
    QTreeWidget *list = showDecision(panel, p, d);
    QTreeWidgetItem *r = row(list, QStringLiteral("signoffs"));
    EXPECT_EQ(r->text(0), u"FAIL*");
    EXPECT_TRUE(r->toolTip(0).contains(u"fails without blocking: the policy makes it a warning")) << r->toolTip(0).toStdString();
    QTreeWidgetItem *off = row(list, QStringLiteral("replication"));
    EXPECT_EQ(off->text(0), u"OFF");
    EXPECT_TRUE(off->toolTip(0).contains(u"the policy turns this check off"));
    EXPECT_FALSE(child<QLabel>(&panel, "decisionLabel")->text().contains(u"Sign-offs:")) << "a warning is no reason for NO-GO";
}
