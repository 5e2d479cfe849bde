#include "PolicyView.h"

#include "GoNoGoLook.h"

#include "backup/JobEvents.h"

#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QToolButton>
#include <QVBoxLayout>

namespace mig::ui {

QList<QPair<QString, QString>> describePolicy(const Policy &p)
{
    QList<QPair<QString, QString>> out;
    out << qMakePair(QStringLiteral("Source"), p.source.isEmpty() ? QStringLiteral("defaults: advisory (no %1 in the folder)").arg(QLatin1String(Policy::FileName))
                                                                  : p.source);
    out << qMakePair(QStringLiteral("Gate"), p.enforce ? QStringLiteral("enforced: apply waits for GO") : QStringLiteral("advisory: apply does not wait for GO"));

    QMap<Policy::Level, QStringList> byLevel;
    for (const QString &id : Policy::checkIds())
        byLevel[p.levelOf(id)] << id;
    for (Policy::Level l : {Policy::Level::Block, Policy::Level::Warn, Policy::Level::Off})
        if (!byLevel.value(l).isEmpty())
            out << qMakePair(QStringLiteral("Checks that %1").arg(l == Policy::Level::Block ? QStringLiteral("block") : l == Policy::Level::Warn ? QStringLiteral("warn") : QStringLiteral("are off")),
                             byLevel.value(l).join(QStringLiteral(", ")));

    if (!p.backupRequired) {
        out << qMakePair(QStringLiteral("Backup"), QStringLiteral("not required (a missing one warns)"));
    } else {
        out << qMakePair(QStringLiteral("Backup"), QStringLiteral("required, at most %1 h old%2%3")
                                                       .arg(p.backupMaxAgeHours)
                                                       .arg(p.restoreTestRequired ? QStringLiteral(", restore-tested") : QString(),
                                                            p.backupDir.isEmpty() ? QString() : QStringLiteral(", kept in ") + p.backupDir));
    }
    out << qMakePair(QStringLiteral("Rollbacks"), p.rollback == Policy::Rollback::None ? QStringLiteral("not required")
                                                  : QStringLiteral("each pending migration's rollback %1").arg(Policy::rollbackName(p.rollback)));
    out << qMakePair(QStringLiteral("Sign-offs"), p.requiredRoles.isEmpty() ? QStringLiteral("none required")
                                                  : QStringLiteral("%1%2").arg(p.requiredRoles.join(QStringLiteral(", ")),
                                                                              p.distinctSigners && p.requiredRoles.size() > 1 ? QStringLiteral(", by different people") : QString()));
    out << qMakePair(QStringLiteral("Sessions"), QStringLiteral("transactions open > %1 s fail; replication lag > %2 s fails; %3")
                                                     .arg(p.longTransactionSeconds).arg(p.maxReplicationLagSeconds)
                                                     .arg(p.maxActiveSessions < 0 ? QStringLiteral("active sessions reported only")
                                                                                  : QStringLiteral("more than %1 active session(s) fail").arg(p.maxActiveSessions)));
    QStringList windows;
    for (const RunWindow &w : p.windows)
        windows << w.text;
    out << qMakePair(QStringLiteral("Run windows"), windows.isEmpty() ? QStringLiteral("any time") : windows.join(QStringLiteral("; ")));
    QStringList rules;
    for (auto it = p.lintRules.begin(); it != p.lintRules.end(); ++it)
        rules << QStringLiteral("%1 → %2").arg(it.key(), it.value());
    rules.sort();
    out << qMakePair(QStringLiteral("Lint"), QStringLiteral("large tables: %1 rows or %2%3")
                                                 .arg(QLocale().toString(p.largeTableRows), humanSize(p.largeTableBytes),
                                                      rules.isEmpty() ? QString() : QStringLiteral("; rules: ") + rules.join(QStringLiteral(", "))));
    return out;
}

PolicyView::PolicyView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("policyView"));
    m_toggle = new QToolButton;
    m_toggle->setObjectName(QStringLiteral("policyToggle"));
    m_toggle->setCheckable(true);
    m_toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toggle->setAutoRaise(true);
    m_toggle->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_toggle->setToolTip(QStringLiteral("show or hide what the policy asks for"));
    m_details = new QLabel;
    m_details->setObjectName(QStringLiteral("policyDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setContentsMargins(18, 0, 0, 0);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_toggle);
    layout->addWidget(m_details);
    connect(m_toggle, &QToolButton::toggled, this, &PolicyView::setExpanded);
    setPolicy(PolicyLoad{});
    setExpanded(false);
}

void PolicyView::setExpanded(bool expanded)
{
    if (m_toggle->isChecked() != expanded)
        m_toggle->setChecked(expanded); // comes back here through toggled
    m_toggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    m_details->setVisible(expanded);
}

bool PolicyView::isExpanded() const
{
    return m_toggle->isChecked();
}

QString PolicyView::summary() const
{
    return m_toggle->text();
}

QString PolicyView::details() const
{
    return m_details->text();
}

void PolicyView::setPolicy(const PolicyLoad &load)
{
    const Policy &p = load.policy;
    if (!load.error.isEmpty()) {
        m_toggle->setText(QStringLiteral("Policy: cannot be read"));
        m_details->setText(QStringLiteral("<span style='color:%1'>%2</span><br>Until it is fixed, apply refuses to run and GO stays blocked.")
                               .arg(alertColour(palette()).name(), load.error.toHtmlEscaped()));
        setExpanded(true); // an unreadable policy is news, not a detail
        return;
    }
    const QString where = p.source.isEmpty() ? QStringLiteral("defaults") : p.source.section(u'/', -1);
    m_toggle->setText(QStringLiteral("Policy: %1, %2").arg(where, p.enforce ? QStringLiteral("enforced") : QStringLiteral("advisory")));
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    for (const auto &[what, rule] : describePolicy(p))
        html += QStringLiteral("<tr><td valign='top'><b>%1:</b>&nbsp;</td><td>%2</td></tr>").arg(what.toHtmlEscaped(), rule.toHtmlEscaped());
    html += QStringLiteral("</table>");
    m_details->setText(html);
}

} // namespace mig::ui
