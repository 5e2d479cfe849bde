#include "GoControls.h"

#include "GoNoGoLook.h"

#include "run/Runner.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace mig::ui {

GoControls::GoControls(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("goControls"));
    m_override = new QGroupBox(QStringLiteral("Override: go ahead on a NO-GO"));
    m_override->setObjectName(QStringLiteral("overrideGroup"));
    m_override->setToolTip(QStringLiteral("an override is recorded beside the sign-offs with its reason and what it overrode"));
    m_reason = new QLineEdit;
    m_reason->setObjectName(QStringLiteral("overrideReason"));
    m_reason->setPlaceholderText(QStringLiteral("why it must run now, e.g. incident INC-4711: hotfix, backup taken by ops"));
    m_name = new QLineEdit(Runner::operatorName());
    m_name->setObjectName(QStringLiteral("overrideName"));
    m_name->setPlaceholderText(QStringLiteral("who overrides"));
    auto *form = new QFormLayout(m_override);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(QStringLiteral("Rea&son:"), m_reason);
    form->addRow(QStringLiteral("Overridden &by:"), m_name);

    m_state = new QLabel;
    m_state->setObjectName(QStringLiteral("goStateLabel"));
    m_state->setWordWrap(true);
    m_recheck = new QPushButton(QStringLiteral("Re-check"));
    m_recheck->setObjectName(QStringLiteral("recheckButton"));
    m_recheck->setShortcut(QKeySequence(Qt::Key_F5));
    m_recheck->setToolTip(QStringLiteral("measure every line of the checklist again now (F5)"));
    m_goButton = new QPushButton(QStringLiteral("GO"));
    m_goButton->setObjectName(QStringLiteral("goButton"));
    m_goButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_goButton->setMinimumWidth(140);
    // Only an enabled GO is coloured: a grey one must not look like an invitation.
    m_goButton->setStyleSheet(QStringLiteral(
        "QPushButton#goButton { font-weight: bold; padding: 6px 18px; }"
        "QPushButton#goButton:enabled { color: white; background: #2e7d32; border: 1px solid #1b5e20; border-radius: 4px; }"
        "QPushButton#goButton[override=\"true\"]:enabled { background: #e65100; border-color: #bf360c; }"
        "QPushButton#goButton:enabled:focus { border: 2px solid palette(highlight); }"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_state, 1);
    bar->addWidget(m_recheck);
    bar->addWidget(m_goButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_override);
    layout->addLayout(bar);

    connect(m_reason, &QLineEdit::textChanged, this, &GoControls::refresh);
    connect(m_name, &QLineEdit::textChanged, this, &GoControls::refresh);
    connect(m_recheck, &QPushButton::clicked, this, &GoControls::recheckRequested);
    connect(m_goButton, &QPushButton::clicked, this, [this] {
        if (!goEnabled())
            return; // a shortcut may fire between a change and the repaint
        if (m_go)
            Q_EMIT goRequested(QString(), QString());
        else
            Q_EMIT goRequested(m_reason->text().trimmed(), m_name->text().trimmed());
    });
    refresh();
}

void GoControls::setDecision(bool go, bool planPending)
{
    m_decided = true;
    m_go = go;
    m_planPending = planPending;
    m_stale = false; // a decision is current when it arrives
    refresh();
}

void GoControls::clearDecision()
{
    m_decided = false;
    refresh();
}

void GoControls::setStale(bool stale)
{
    m_stale = stale;
    refresh();
}

void GoControls::setBusy(const QString &what)
{
    m_busy = what;
    refresh();
}

bool GoControls::goEnabled() const
{
    if (!m_decided || m_stale || !m_busy.isEmpty() || !m_planPending)
        return false;
    return m_go || (!m_reason->text().trimmed().isEmpty() && !m_name->text().trimmed().isEmpty());
}

QString GoControls::stateText() const
{
    return m_state->text();
}

void GoControls::refresh()
{
    const bool overriding = m_decided && !m_go;
    m_override->setVisible(overriding);
    const QString text = overriding ? QStringLiteral("GO (override)") : QStringLiteral("GO");
    if (m_goButton->text() != text) {
        m_goButton->setText(text);
        m_goButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return)); // setText() replaced it by the text's mnemonic
    }
    if (m_goButton->property("override").toBool() != overriding) {
        m_goButton->setProperty("override", overriding);
        m_goButton->style()->unpolish(m_goButton); // the style sheet reads the property on polish
        m_goButton->style()->polish(m_goButton);
    }
    m_goButton->setEnabled(goEnabled());
    m_recheck->setEnabled(m_busy.isEmpty());

    // Why GO is (not) enabled, in the order a DBA would have to act on it.
    QString state;
    bool alert = true;
    if (!m_busy.isEmpty()) {
        state = m_busy;
        alert = false;
    } else if (!m_decided) {
        state = QStringLiteral("GO waits for the checklist");
        alert = false;
    } else if (m_stale) {
        state = QStringLiteral("re-check needed: the plan changed since the checklist");
    } else if (!m_planPending) {
        state = QStringLiteral("nothing pending: nothing to run");
        alert = false;
    } else if (m_go) {
        state = QStringLiteral("GO: nothing blocks (Ctrl+Return)");
        alert = false;
    } else if (m_reason->text().trimmed().isEmpty()) {
        state = QStringLiteral("NO-GO: write an override reason to go ahead anyway");
    } else if (m_name->text().trimmed().isEmpty()) {
        state = QStringLiteral("NO-GO: say who overrides");
    } else {
        state = QStringLiteral("GO by override, recorded with its reason (Ctrl+Return)");
    }
    m_state->setText(state);
    setTone(m_state, alert ? Tone::Alert : Tone::Normal);
    m_goButton->setToolTip(goEnabled() ? state : QStringLiteral("GO is disabled: ") + state);
}

} // namespace mig::ui
