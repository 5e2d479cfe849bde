// The sign-off form: the policy's roles offered, nothing sent while role or name is empty, the
// typed values sent as typed; the sign-offs of the plan listed, the missing roles named, and
// the different-people rule explained when one person signed two required roles. The policy
// view beside it.
#include "GoNoGoProject.h"

#include "gonogo/GoNoGoPanel.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace gonogotest;
using mig::ui::GoNoGoPanel;

TEST(SignoffForm, SendsTheTypedValuesAndIsDisabledWhileEmpty)
{
    GoNoGoProject p;
    GoNoGoPanel panel;
    panel.resize(1200, 800);
    panel.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));
    panel.setProjectState(p.state());
    panel.setDecision(p.decide());

    auto *role = child<QComboBox>(&panel, "signoffRole");
    auto *name = child<QLineEdit>(&panel, "signoffName");
    auto *comment = child<QLineEdit>(&panel, "signoffComment");
    auto *sign = child<QPushButton>(&panel, "signoffButton");
    ASSERT_EQ(role->count(), 2);
    EXPECT_EQ(role->itemText(0), u"DBA");
    EXPECT_EQ(role->itemText(1), u"Tech Lead");
    EXPECT_TRUE(role->currentText().isEmpty()) << "nobody signs a role by default";
    EXPECT_FALSE(name->text().isEmpty()) << "the operator's name is offered";
    EXPECT_FALSE(sign->isEnabled());
    EXPECT_EQ(child<QLabel>(&panel, "signoffMissing")->text(), u"Still missing: DBA, Tech Lead");

    name->selectAll();
    QTest::keyClick(name, Qt::Key_Backspace);
    QTest::keyClicks(role->lineEdit(), QStringLiteral("DBA"));
    EXPECT_FALSE(sign->isEnabled()) << "no name";
    QTest::keyClicks(name, QStringLiteral("  "));
    EXPECT_FALSE(sign->isEnabled()) << "blanks are no name";
    QTest::keyClicks(name, QStringLiteral("Ana Ruiz"));
    EXPECT_TRUE(sign->isEnabled());
    QTest::keyClicks(comment, QStringLiteral("read the diff"));

    QSignalSpy requested(&panel, &GoNoGoPanel::signoffRequested);
    QTest::mouseClick(sign, Qt::LeftButton);
    ASSERT_EQ(requested.count(), 1);
    EXPECT_EQ(requested.at(0).at(0).toString(), u"DBA");
    EXPECT_EQ(requested.at(0).at(1).toString(), u"Ana Ruiz");
    EXPECT_EQ(requested.at(0).at(2).toString(), u"read the diff");

    // The controller records it and re-checks: the form lists it and names what is missing.
    mig::GoDecision d = p.decide();
    p.signoff(d, requested.at(0).at(0).toString(), requested.at(0).at(1).toString(), requested.at(0).at(2).toString());
    panel.setDecision(p.decide());
    const QString given = child<QLabel>(&panel, "signoffList")->text();
    EXPECT_TRUE(given.contains(u"Ana Ruiz (DBA)") && given.contains(u"read the diff")) << given.toStdString();
    EXPECT_EQ(child<QLabel>(&panel, "signoffMissing")->text(), u"Still missing: Tech Lead");
    EXPECT_FALSE(child<QLabel>(&panel, "signoffRule")->isVisible());

    // Ana signs the second role too: the policy wants different people, and the form says so.
    role->setCurrentIndex(1);
    QTest::keyClick(comment, Qt::Key_Return); // Return in the comment signs
    ASSERT_EQ(requested.count(), 2);
    EXPECT_EQ(requested.at(1).at(0).toString(), u"Tech Lead");
    p.signoff(d, QStringLiteral("Tech Lead"), QStringLiteral("Ana Ruiz"));
    d = p.decide();
    panel.setDecision(d);
    EXPECT_TRUE(d.blockers().join(u'\n').contains(u"one person signed as DBA and Tech Lead"));
    EXPECT_EQ(child<QLabel>(&panel, "signoffMissing")->text(), u"Every required role has a sign-off, but not each by a different person.");
    auto *rule = child<QLabel>(&panel, "signoffRule");
    EXPECT_TRUE(rule->isVisible());
    EXPECT_TRUE(rule->text().contains(u"different person for each required role")) << rule->text().toStdString();
    EXPECT_TRUE(rule->text().contains(u"Ana Ruiz signed as DBA and Tech Lead")) << rule->text().toStdString();
    EXPECT_FALSE(shot(child<QWidget>(&panel, "signoffForm"), QStringLiteral("gonogo-signoff-rule")).isEmpty());
}

TEST(PolicyView, ShowsThePolicyCompactlyAndOpensOnItsRules)
{
    GoNoGoProject p(R"({"signoffs": {"required": ["DBA", "Tech Lead"]}, "checks": {"replication": "warn", "drift": "off"},
                        "backup": {"maxAgeHours": 12}, "windows": [{"days": ["Sat", "Sun"], "from": "01:00", "to": "05:00", "timezone": "UTC"}]})");
    GoNoGoPanel panel;
    panel.resize(1200, 800);
    panel.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));
    panel.setProjectState(p.state());
    auto *toggle = child<QToolButton>(&panel, "policyToggle");
    auto *details = child<QLabel>(&panel, "policyDetails");
    EXPECT_EQ(toggle->text(), u"Policy: migctl-policy.json, enforced");
    EXPECT_FALSE(details->isVisible()) << "compact until asked";
    QTest::mouseClick(toggle, Qt::LeftButton);
    EXPECT_TRUE(details->isVisible());
    const QString text = details->text();
    for (const char *expected : {"enforced: apply waits for GO", "replication", "Checks that warn", "Checks that are off",
                                 "at most 12 h old, restore-tested", "each pending migration's rollback verified",
                                 "DBA, Tech Lead, by different people", "Sat,Sun 01:00-05:00"})
        EXPECT_TRUE(text.contains(QLatin1String(expected))) << expected << " not in " << text.toStdString();
    EXPECT_FALSE(shot(&panel, QStringLiteral("gonogo-policy")).isEmpty());

    // Without a policy file: the defaults, advisory.
    GoNoGoProject none;
    QFile::remove(none.dir() + QStringLiteral("/migctl-policy.json"));
    panel.setProjectState(none.state());
    EXPECT_EQ(toggle->text(), u"Policy: defaults, advisory");
    EXPECT_TRUE(details->text().contains(u"defaults: advisory"));

    // An unreadable one is shown open, in red.
    none.writePolicy("{\"signoffs\": {\"requird\": [\"DBA\"]}}");
    panel.setProjectState(none.state());
    EXPECT_EQ(toggle->text(), u"Policy: cannot be read");
    EXPECT_TRUE(details->isVisible());
    EXPECT_TRUE(details->text().contains(u"requird"));
}
