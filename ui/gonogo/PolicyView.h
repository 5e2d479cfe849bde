#pragma once

#include "policy/Policy.h"

#include <QWidget>

class QLabel;
class QToolButton;

namespace mig::ui {

// The folder's go/no-go policy, read-only and compact: a one-line header (source, enforced or
// advisory) that opens on what each check does and what backups, rollbacks, sign-offs and run
// windows must be.
class PolicyView : public QWidget
{
    Q_OBJECT
public:
    explicit PolicyView(QWidget *parent = nullptr);

    void setPolicy(const PolicyLoad &load);
    void setExpanded(bool expanded);
    bool isExpanded() const;
    QString summary() const;  // the header line
    QString details() const;  // the body, as text

private:
    QToolButton *m_toggle;
    QLabel *m_details;
};

// The policy as lines of "what: rule" (also what the view shows), for a tooltip or a report.
QList<QPair<QString, QString>> describePolicy(const Policy &policy);

} // namespace mig::ui
