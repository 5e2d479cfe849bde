#include "DecisionBanner.h"

#include "GoNoGoLook.h"

namespace mig::ui {

namespace {

QString headline(const QString &verdict, const QString &rest)
{
    return QStringLiteral("<span style='font-size:15pt; font-weight:bold'>%1</span>&nbsp;&nbsp;%2").arg(verdict.toHtmlEscaped(), rest);
}

} // namespace

DecisionBanner::DecisionBanner(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("decisionLabel"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    showNothingYet();
}

void DecisionBanner::paint(const QString &state, const QString &background, const QString &html)
{
    m_state = state;
    // Fixed colours with white text: the verdict must read the same in light and dark palettes.
    setStyleSheet(QStringLiteral("QLabel#decisionLabel { background: %1; color: white; border-radius: 4px; padding: 8px; }").arg(background));
    setText(html);
}

void DecisionBanner::showNothingYet()
{
    paint(QStringLiteral("none"), QStringLiteral("#546e7a"),
          headline(QStringLiteral("No checklist yet"), QStringLiteral("press Re-check (F5) to measure every line of it now")));
    setToolTip(QStringLiteral("GO needs a current checklist"));
}

void DecisionBanner::showChecking()
{
    paint(QStringLiteral("checking"), QStringLiteral("#1565c0"),
          headline(QStringLiteral("Checking…"), QStringLiteral("each line is measured on the target now")));
    setToolTip(QStringLiteral("the checklist is running; GO waits for its decision"));
}

void DecisionBanner::showDecision(const GoDecision &d)
{
    const QString plan = d.pending.isEmpty()
        ? QStringLiteral("nothing pending on %1").arg(d.target.toHtmlEscaped())
        : QStringLiteral("%1 migration(s) for %2: %3").arg(d.pending.size()).arg(d.target.toHtmlEscaped(), d.pending.join(QStringLiteral(", ")).toHtmlEscaped());
    QString html = headline(d.verdictText(), plan);
    html += QStringLiteral("<br>plan %1, checked %2%3")
                .arg(d.plan.isEmpty() ? QStringLiteral("-") : d.plan, localTime(d.evaluatedAt, true),
                     d.enforced ? QString() : QStringLiteral(" (advisory policy: apply does not wait for GO)"));
    const QStringList blockers = d.blockers();
    if (!blockers.isEmpty()) {
        html += QStringLiteral("<br><b>Blocking:</b>");
        for (const QString &b : blockers)
            html += QStringLiteral("<br>&nbsp;&nbsp;•&nbsp;%1").arg(b.toHtmlEscaped());
    }
    if (d.overridden())
        html += QStringLiteral("<br><b>Overridden by %1:</b> %2").arg(d.override.name.toHtmlEscaped(), d.override.comment.toHtmlEscaped());
    if (d.go())
        paint(QStringLiteral("go"), QStringLiteral("#2e7d32"), html);
    else if (d.overridden())
        paint(QStringLiteral("overridden"), QStringLiteral("#e65100"), html);
    else
        paint(QStringLiteral("no-go"), QStringLiteral("#c62828"), html);
    setToolTip(d.go() ? QStringLiteral("GO: nothing blocks under the policy")
                      : QStringLiteral("NO-GO: %1 check(s) block under the policy").arg(blockers.size()));
}

} // namespace mig::ui
