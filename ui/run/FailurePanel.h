#pragma once

#include "RunTracker.h"

#include "preflight/Recovery.h"

#include <QFrame>
#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace mig::ui {

// What a DBA needs when a run stops part-way ("failurePanel"): the statement it stopped at
// (file:line and its SQL), the engine's error and code, and the ways out: resume, roll back,
// restore the pre-run backup ("recovery_resume", "recovery_rollback", "recovery_restore"),
// each enabled only when available and explained in its tooltip.
class FailurePanel : public QFrame
{
    Q_OBJECT
public:
    explicit FailurePanel(QWidget *parent = nullptr);

    void showFailure(const RunFailure &failure);
    // The choices from the run store and the target's status now; unset: none is needed.
    void setRecovery(const std::optional<Recovery> &recovery);
    void clear();

Q_SIGNALS:
    void recoveryRequested(const mig::RecoveryChoice &choice);

private:
    QPushButton *addChoice(const QString &id, const QString &text);

    QLabel *m_icon, *m_title, *m_location, *m_error, *m_hint;
    QPlainTextEdit *m_sql;
    QList<QPushButton *> m_buttons;
    QList<RecoveryChoice> m_choices; // parallel to m_buttons
};

} // namespace mig::ui
