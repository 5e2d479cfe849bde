#include "SignoffForm.h"

#include "GoNoGoLook.h"

#include "run/Runner.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

namespace mig::ui {

SignoffForm::SignoffForm(QWidget *parent) : QGroupBox(QStringLiteral("Sign-off"), parent)
{
    setObjectName(QStringLiteral("signoffForm"));
    m_role = new QComboBox;
    m_role->setObjectName(QStringLiteral("signoffRole"));
    m_role->setEditable(true);
    m_role->setInsertPolicy(QComboBox::NoInsert);
    m_role->lineEdit()->setPlaceholderText(QStringLiteral("role, e.g. DBA"));
    m_role->setToolTip(QStringLiteral("the role you sign in; the policy's required roles are listed"));
    m_name = new QLineEdit(Runner::operatorName());
    m_name->setObjectName(QStringLiteral("signoffName"));
    m_name->setPlaceholderText(QStringLiteral("your name"));
    m_comment = new QLineEdit;
    m_comment->setObjectName(QStringLiteral("signoffComment"));
    m_comment->setPlaceholderText(QStringLiteral("what you looked at (optional)"));
    m_sign = new QPushButton(QStringLiteral("&Sign off"));
    m_sign->setObjectName(QStringLiteral("signoffButton"));

    m_given = selectableLabel("signoffList");
    m_missing = selectableLabel("signoffMissing");
    m_rule = selectableLabel("signoffRule");

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(QStringLiteral("&Role:"), m_role);
    form->addRow(QStringLiteral("&Name:"), m_name);
    form->addRow(QStringLiteral("Co&mment:"), m_comment);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_given);
    layout->addWidget(m_missing);
    layout->addWidget(m_rule);
    layout->addLayout(form);
    layout->addWidget(m_sign, 0, Qt::AlignRight);

    connect(m_role, &QComboBox::editTextChanged, this, &SignoffForm::updateButton);
    connect(m_name, &QLineEdit::textChanged, this, &SignoffForm::updateButton);
    connect(m_sign, &QPushButton::clicked, this, [this] {
        Q_EMIT signoffRequested(m_role->currentText().trimmed(), m_name->text().trimmed(), m_comment->text().trimmed());
        m_comment->clear();
    });
    connect(m_comment, &QLineEdit::returnPressed, m_sign, &QPushButton::click);
    setPolicy(Policy{});
}

void SignoffForm::setPolicy(const Policy &policy)
{
    m_policy = policy;
    const QString typed = m_role->currentText();
    m_role->clear();
    m_role->addItems(policy.requiredRoles);
    // Nobody signs a role by default: choosing it is part of signing.
    m_role->setCurrentIndex(-1);
    m_role->setEditText(typed);
    showStatus();
}

void SignoffForm::setSignoffs(const QList<Signoff> &signoffs, bool planPending)
{
    m_signoffs = signoffs;
    m_planPending = planPending;
    m_decided = true;
    showStatus();
}

QStringList SignoffForm::missingRoles() const
{
    QStringList missing;
    for (const QString &role : m_policy.requiredRoles)
        if (std::none_of(m_signoffs.begin(), m_signoffs.end(), [&](const Signoff &s) { return s.role.compare(role, Qt::CaseInsensitive) == 0; }))
            missing << role;
    return missing;
}

QStringList SignoffForm::doubledSigners() const
{
    QStringList out;
    if (!m_policy.distinctSigners)
        return out;
    QHash<QString, QStringList> rolesOf; // by name, case-insensitively, as the engine counts them
    QHash<QString, QString> shownName;
    for (const Signoff &s : m_signoffs) {
        if (!m_policy.requiredRoles.contains(s.role, Qt::CaseInsensitive))
            continue;
        rolesOf[s.name.toLower()] << s.role;
        shownName.insert(s.name.toLower(), s.name);
    }
    for (auto it = rolesOf.begin(); it != rolesOf.end(); ++it)
        if (it.value().size() > 1)
            out << QStringLiteral("%1 signed as %2").arg(shownName.value(it.key()), it.value().join(QStringLiteral(" and ")));
    out.sort();
    return out;
}

void SignoffForm::showStatus()
{
    if (m_signoffs.isEmpty()) {
        m_given->setText(m_decided ? QStringLiteral("No sign-offs for this plan yet.") : QStringLiteral("Sign-offs show once the checklist has run."));
    } else {
        QString html = QStringLiteral("<b>Signed for this plan:</b>");
        for (const Signoff &s : m_signoffs) {
            html += QStringLiteral("<br>✓ %1 (%2), %3%4")
                        .arg(s.name.toHtmlEscaped(), s.role.toHtmlEscaped(),
                             localTime(s.at),
                             s.comment.isEmpty() ? QString() : QStringLiteral(": ") + s.comment.toHtmlEscaped());
        }
        m_given->setText(html);
    }

    const QStringList missing = missingRoles();
    const QStringList doubled = doubledSigners();
    if (m_policy.requiredRoles.isEmpty()) {
        m_missing->setText(QStringLiteral("The policy requires no sign-offs."));
        setTone(m_missing, Tone::Normal);
    } else if (!missing.isEmpty()) {
        m_missing->setText(QStringLiteral("Still missing: %1").arg(missing.join(QStringLiteral(", "))));
        setTone(m_missing, Tone::Alert);
    } else if (!doubled.isEmpty()) {
        m_missing->setText(QStringLiteral("Every required role has a sign-off, but not each by a different person."));
        setTone(m_missing, Tone::Alert);
    } else {
        m_missing->setText(QStringLiteral("Every required role has signed (%1).").arg(m_policy.requiredRoles.join(QStringLiteral(", "))));
        setTone(m_missing, Tone::Good);
    }

    m_rule->setVisible(!doubled.isEmpty());
    if (!doubled.isEmpty()) {
        m_rule->setText(QStringLiteral("The policy wants a different person for each required role, but %1: that blocks GO "
                                       "for this plan, even after someone else signs one of those roles.")
                            .arg(doubled.join(QStringLiteral("; "))));
        setTone(m_rule, Tone::Alert);
    }
    updateButton();
}

void SignoffForm::updateButton()
{
    const bool filled = !m_role->currentText().trimmed().isEmpty() && !m_name->text().trimmed().isEmpty();
    const bool nothingToSign = m_decided && !m_planPending;
    m_sign->setEnabled(filled && !nothingToSign);
    m_sign->setToolTip(nothingToSign ? QStringLiteral("nothing is pending: there is no plan to sign")
                       : filled      ? QStringLiteral("sign the plan the checklist decided on, as this role")
                                     : QStringLiteral("fill in the role and your name to sign"));
}

} // namespace mig::ui
