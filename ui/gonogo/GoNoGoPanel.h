#pragma once

#include "console/ProjectState.h"
#include "preflight/Checklist.h"

#include <QWidget>

namespace mig::ui {

class BackupCard;
class ChecklistView;
class DecisionBanner;
class GoControls;
class PolicyView;
class SignoffForm;

// The go/no-go panel: the pre-flight checklist, the decision, the latest backup, the sign-off
// form, the policy and the GO button. A view only: the console's controller runs the checklist,
// backups and sign-offs on worker threads and feeds the results here; the panel says what the
// DBA asks for through its signals.
class GoNoGoPanel : public QWidget
{
    Q_OBJECT
public:
    explicit GoNoGoPanel(QWidget *parent = nullptr);

    // The policy, the latest backup (and its age against the policy), the sign-off roles.
    void setProjectState(const ProjectState &state);
    // A checklist starts: every expected check shows "checking…" and GO waits.
    void beginChecklist();
    // One line as the engine tells it (CheckLine::fromEvent of a check-finished event).
    void addCheck(const CheckLine &line);
    // The checklist's decision; current until setStale(true) or the next beginChecklist().
    void setDecision(const GoDecision &decision);
    // The plan changed since the decision (a script edited, a migration applied): GO waits for a re-check.
    void setStale(bool stale);
    // What runs now ("checking…", "backing up…"); empty when nothing does. GO waits meanwhile.
    void setBusy(const QString &what);
    // A Progress event of the running backup or restore test.
    void setBackupProgress(const RunEvent &event);
    void backupFinished(bool ok, const QString &message);

    const std::optional<GoDecision> &decision() const { return m_decision; }

Q_SIGNALS:
    void recheckRequested();
    void backupRequested(bool restoreTest);
    void backupCancelRequested();
    void signoffRequested(const QString &role, const QString &name, const QString &comment);
    // GO: both empty. GO on a NO-GO: the written reason and who overrides.
    void goRequested(const QString &overrideReason, const QString &overrideName);
    // setDecision has updated everything.
    void decisionShown();

private:
    std::optional<GoDecision> m_decision;
    DecisionBanner *m_banner;
    ChecklistView *m_checklist;
    BackupCard *m_backup;
    SignoffForm *m_signoffs;
    PolicyView *m_policy;
    GoControls *m_go;
};

} // namespace mig::ui
