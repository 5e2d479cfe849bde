// The go/no-go panel as a DBA meets it, fed real decisions the engine made on a SQLite target:
// a fresh target is NO-GO with its reasons and GO disabled; a typed override reason makes it
// "GO (override)"; a backup, verified rollbacks and two sign-offs make it GO.
#include "GoNoGoProject.h"

#include "gonogo/GoNoGoPanel.h"
#include "Theme.h"

#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace gonogotest;
using mig::ui::GoNoGoPanel;

namespace {

// The panel shown at a size a console tab would give it, fed the project and a decision.
struct ShownPanel {
    GoNoGoPanel panel;
    explicit ShownPanel(GoNoGoProject &p, const mig::GoDecision &d)
    {
        panel.resize(1280, 820);
        panel.show();
        EXPECT_TRUE(QTest::qWaitForWindowExposed(&panel));
        // Shortcuts (Ctrl+Return, F5) work in the active window only.
        panel.activateWindow();
        EXPECT_TRUE(QTest::qWaitForWindowActive(&panel));
        panel.setProjectState(p.state());
        QSignalSpy shown(&panel, &GoNoGoPanel::decisionShown);
        panel.setDecision(d);
        EXPECT_EQ(shown.count(), 1);
    }
    QPushButton *go() { return child<QPushButton>(&panel, "goButton"); }
    QLabel *banner() { return child<QLabel>(&panel, "decisionLabel"); }
    QGroupBox *overrideGroup() { return child<QGroupBox>(&panel, "overrideGroup"); }
    QLineEdit *reason() { return child<QLineEdit>(&panel, "overrideReason"); }
    QLabel *goState() { return child<QLabel>(&panel, "goStateLabel"); }
};

// Everything GO needs: verified rollbacks, a fresh restore-tested backup, two sign-offs.
mig::GoDecision makeItGo(GoNoGoProject &p)
{
    p.preview();
    p.backup(true);
    const mig::GoDecision before = p.decide();
    p.signoff(before, QStringLiteral("DBA"), QStringLiteral("Ana Ruiz"), QStringLiteral("read the diff"));
    p.signoff(before, QStringLiteral("Tech Lead"), QStringLiteral("Ben Okafor"));
    return p.decide();
}

} // namespace

TEST(GoNoGoPanel, AFreshTargetIsNoGoWithItsReasonsAndGoDisabled)
{
    GoNoGoProject p;
    const mig::GoDecision d = p.decide();
    ASSERT_FALSE(d.go());
    ASSERT_EQ(d.pending.size(), 2);
    ShownPanel s(p, d);

    const QString banner = s.banner()->text();
    EXPECT_TRUE(banner.contains(u"NO-GO")) << banner.toStdString();
    EXPECT_TRUE(banner.contains(u"001 accounts, 002 accounts_index")) << "the plan is named";
    const QStringList blockers = d.blockers();
    ASSERT_GE(blockers.size(), 3); // backup, rollbacks, sign-offs
    for (const QString &b : blockers)
        EXPECT_TRUE(banner.contains(b.toHtmlEscaped())) << "missing reason " << b.toStdString() << " in " << banner.toStdString();
    EXPECT_TRUE(banner.contains(u"no backup of this target in the catalog"));

    EXPECT_FALSE(s.go()->isEnabled());
    EXPECT_EQ(s.go()->text(), u"GO (override)");
    EXPECT_TRUE(s.overrideGroup()->isVisible());
    EXPECT_TRUE(s.goState()->text().contains(u"override reason")) << s.goState()->text().toStdString();
    // Clicking a disabled GO does nothing.
    QSignalSpy go(&s.panel, &GoNoGoPanel::goRequested);
    QTest::mouseClick(s.go(), Qt::LeftButton);
    EXPECT_EQ(go.count(), 0);

    // Every check the engine measured has its row, blockers marked FAIL.
    auto *list = child<QTreeWidget>(&s.panel, "checklistView");
    EXPECT_EQ(list->topLevelItemCount(), d.checks.size());
    int failRows = 0;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        failRows += list->topLevelItem(i)->text(0) == u"FAIL" ? 1 : 0;
    EXPECT_EQ(failRows, blockers.size());
    EXPECT_FALSE(shot(&s.panel, QStringLiteral("gonogo-nogo")).isEmpty());
}

TEST(GoNoGoPanel, ATypedOverrideReasonEnablesGoOverrideAndGoesWithIt)
{
    GoNoGoProject p;
    ShownPanel s(p, p.decide());
    QSignalSpy go(&s.panel, &GoNoGoPanel::goRequested);

    // Blanks are no reason.
    QTest::keyClicks(s.reason(), QStringLiteral("   "));
    EXPECT_FALSE(s.go()->isEnabled());
    EXPECT_TRUE(s.goState()->text().contains(u"override reason"));

    s.reason()->clear();
    const QString reason = QStringLiteral("incident INC-4711: hotfix, backup taken by ops");
    QTest::keyClicks(s.reason(), reason);
    EXPECT_TRUE(s.go()->isEnabled());
    EXPECT_EQ(s.go()->text(), u"GO (override)");
    auto *name = child<QLineEdit>(&s.panel, "overrideName");
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("Ana Ruiz"));
    EXPECT_FALSE(shot(&s.panel, QStringLiteral("gonogo-override")).isEmpty());

    QTest::mouseClick(s.go(), Qt::LeftButton);
    ASSERT_EQ(go.count(), 1);
    EXPECT_EQ(go.at(0).at(0).toString(), reason);
    EXPECT_EQ(go.at(0).at(1).toString(), u"Ana Ruiz");

    // The keyboard way, from the reason field: Ctrl+Return (a shortcut clicks as the mouse does,
    // the button seen down for a moment: the signal comes from the event loop).
    s.reason()->setFocus();
    QTest::keyClick(s.reason(), Qt::Key_Return, Qt::ControlModifier);
    ASSERT_TRUE(go.wait(5000));
    ASSERT_EQ(go.count(), 2);
    EXPECT_EQ(go.at(1).at(0).toString(), reason);

    // Clearing the reason takes GO away again.
    s.reason()->selectAll();
    QTest::keyClick(s.reason(), Qt::Key_Backspace);
    EXPECT_FALSE(s.go()->isEnabled());
}

TEST(GoNoGoPanel, ABackupVerifiedRollbacksAndTwoSignoffsMakeItGo)
{
    GoNoGoProject p;
    const mig::GoDecision d = makeItGo(p);
    ASSERT_TRUE(d.go()) << d.blockers().join(u'\n').toStdString();
    ShownPanel s(p, d);

    EXPECT_TRUE(s.banner()->text().startsWith(u"<span") && s.banner()->text().contains(u">GO<")) << s.banner()->text().toStdString();
    EXPECT_FALSE(s.banner()->text().contains(u"Blocking"));
    EXPECT_TRUE(s.go()->isEnabled());
    EXPECT_EQ(s.go()->text(), u"GO");
    EXPECT_FALSE(s.overrideGroup()->isVisible());
    const QString given = child<QLabel>(&s.panel, "signoffList")->text();
    EXPECT_TRUE(given.contains(u"Ana Ruiz (DBA)") && given.contains(u"Ben Okafor (Tech Lead)")) << given.toStdString();
    EXPECT_TRUE(child<QLabel>(&s.panel, "signoffMissing")->text().startsWith(u"Every required role has signed"));
    EXPECT_FALSE(shot(&s.panel, QStringLiteral("gonogo-go")).isEmpty());

    QSignalSpy go(&s.panel, &GoNoGoPanel::goRequested);
    QTest::mouseClick(s.go(), Qt::LeftButton);
    ASSERT_EQ(go.count(), 1);
    EXPECT_TRUE(go.at(0).at(0).toString().isEmpty()) << "a GO carries no override reason";

    // The plan changed: GO waits for a re-check, which F5 asks for.
    s.panel.setStale(true);
    EXPECT_FALSE(s.go()->isEnabled());
    EXPECT_TRUE(s.goState()->text().contains(u"re-check needed"));
    QSignalSpy recheck(&s.panel, &GoNoGoPanel::recheckRequested);
    QTest::keyClick(&s.panel, Qt::Key_F5);
    EXPECT_TRUE(recheck.wait(5000));
    EXPECT_EQ(recheck.count(), 1);
    // While the checklist runs, GO waits; its decision makes GO current again.
    s.panel.setBusy(QStringLiteral("checking…"));
    s.panel.beginChecklist();
    EXPECT_FALSE(s.go()->isEnabled());
    EXPECT_FALSE(child<QPushButton>(&s.panel, "recheckButton")->isEnabled());
    s.panel.setDecision(p.decide());
    EXPECT_FALSE(s.go()->isEnabled()) << "still busy";
    s.panel.setBusy({});
    EXPECT_TRUE(s.go()->isEnabled());
    QTest::keyClick(&s.panel, Qt::Key_Return, Qt::ControlModifier);
    EXPECT_TRUE(go.wait(5000)) << "Ctrl+Return is GO";
    EXPECT_EQ(go.count(), 2);
}

TEST(GoNoGoPanel, LooksRightInADarkPalette)
{
    DarkPalette dark;
    GoNoGoProject p;
    const mig::GoDecision go = makeItGo(p);
    {
        ShownPanel s(p, go);
        EXPECT_TRUE(mig::ui::isDark());
        EXPECT_FALSE(shot(&s.panel, QStringLiteral("gonogo-go-dark")).isEmpty());
    }
    GoNoGoProject fresh;
    ShownPanel s(fresh, fresh.decide());
    QTest::keyClicks(s.reason(), QStringLiteral("incident INC-4711"));
    EXPECT_TRUE(s.go()->isEnabled());
    EXPECT_FALSE(shot(&s.panel, QStringLiteral("gonogo-override-dark")).isEmpty());
}

TEST(GoNoGoPanel, NothingPendingIsNothingToGoFor)
{
    GoNoGoProject p(R"({"enforce": false, "backup": {"required": false}, "rollback": "none"})");
    p.apply();
    const mig::GoDecision d = p.decide();
    ASSERT_TRUE(d.pending.isEmpty());
    ShownPanel s(p, d);
    EXPECT_FALSE(s.go()->isEnabled());
    EXPECT_TRUE(s.goState()->text().contains(u"nothing pending")) << s.goState()->text().toStdString();
    EXPECT_TRUE(s.banner()->text().contains(u"nothing pending"));
    EXPECT_TRUE(s.banner()->text().contains(u"advisory policy"));
    EXPECT_FALSE(child<QPushButton>(&s.panel, "signoffButton")->isEnabled()) << "no plan to sign";
}
