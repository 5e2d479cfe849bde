#pragma once

#include <QWidget>

class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace mig::ui {

// The GO button and what stands between it and the DBA: enabled only on a current GO, or on a
// NO-GO with a written override reason ("GO (override)"); never while the checklist or a backup
// runs, nor once the plan changed since the checklist ("re-check needed"). Re-check (F5) asks
// for a fresh checklist.
class GoControls : public QWidget
{
    Q_OBJECT
public:
    explicit GoControls(QWidget *parent = nullptr);

    // The checklist decided: `go` nothing blocks; `planPending` there is something to run.
    void setDecision(bool go, bool planPending);
    void clearDecision(); // a new checklist is running
    void setStale(bool stale);
    void setBusy(const QString &what); // empty: idle

    bool goEnabled() const;
    QString stateText() const; // why GO is (not) enabled, as shown beside it

Q_SIGNALS:
    void goRequested(const QString &overrideReason, const QString &overrideName);
    void recheckRequested();

private:
    void refresh();

    bool m_decided = false;
    bool m_go = false;
    bool m_planPending = false;
    bool m_stale = false;
    QString m_busy;

    QGroupBox *m_override;
    QLineEdit *m_reason, *m_name;
    QLabel *m_state;
    QPushButton *m_recheck, *m_goButton;
};

} // namespace mig::ui
