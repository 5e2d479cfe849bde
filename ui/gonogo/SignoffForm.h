#pragma once

#include "policy/Policy.h"
#include "policy/Signoffs.h"

#include <QGroupBox>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace mig::ui {

// Signing the plan: role (the policy's required roles, or any other), name, comment; the
// sign-offs already given for this plan, the required roles still missing, and the policy's
// different-people rule explained when it is what fails.
class SignoffForm : public QGroupBox
{
    Q_OBJECT
public:
    explicit SignoffForm(QWidget *parent = nullptr);

    void setPolicy(const Policy &policy);
    // The sign-offs of the plan the checklist decided on; `planPending`: there is a plan to sign.
    void setSignoffs(const QList<Signoff> &signoffs, bool planPending);

    QStringList missingRoles() const;
    // "one person signed as DBA and Tech Lead", per person, when the policy wants different people.
    QStringList doubledSigners() const;

Q_SIGNALS:
    void signoffRequested(const QString &role, const QString &name, const QString &comment);

private:
    void showStatus();
    void updateButton();

    Policy m_policy;
    QList<Signoff> m_signoffs;
    bool m_planPending = false;
    bool m_decided = false;

    QComboBox *m_role;
    QLineEdit *m_name, *m_comment;
    QPushButton *m_sign;
    QLabel *m_given, *m_missing, *m_rule;
};

} // namespace mig::ui
