#pragma once

#include "EventQueue.h"
#include "ProjectState.h"

#include "preflight/Checklist.h"
#include "run/Runner.h"
#include "verify/Verifier.h"

#include <QMutex>
#include <QObject>
#include <atomic>
#include <functional>
#include <memory>

namespace mig::ui {

// The console's controller: what the DBA asks for (refresh, preview, checklist, backup, sign-off,
// GO, cancel, recovery) becomes engine work on worker threads; what the engine tells comes back
// as values and batched events. It holds no widget; the views hold no engine. One long job at a
// time (busy() says which); a refresh may run beside it.
// The runner of a run under way, made on its worker thread; cancel() may come before it exists.
class RunHandle
{
public:
    void attach(Runner *runner)
    {
        QMutexLocker lock(&m_mutex);
        m_runner = runner;
        if (m_runner && m_cancelled)
            m_runner->cancel();
    }
    void cancel()
    {
        QMutexLocker lock(&m_mutex);
        m_cancelled = true;
        if (m_runner)
            m_runner->cancel();
    }
    bool cancelled()
    {
        QMutexLocker lock(&m_mutex);
        return m_cancelled;
    }

private:
    QMutex m_mutex;
    Runner *m_runner = nullptr;
    bool m_cancelled = false;
};

class Console : public QObject
{
    Q_OBJECT
public:
    // Hands the password of a profile to `done`, asking the keychain or the DBA; nullopt: none
    // given (the job does not start). Empty for SQLite.
    using PasswordProvider = std::function<void(const ConnectionProfile &, std::function<void(std::optional<QString>)>)>;

    explicit Console(QObject *parent = nullptr);
    ~Console() override;

    void setPasswordProvider(PasswordProvider provider) { m_passwords = std::move(provider); }
    void setProject(const Project &project); // then refresh(); refused (jobFailed) while busy
    const Project &project() const { return m_project; }
    const std::optional<ProjectState> &state() const { return m_state; }
    const std::optional<GoDecision> &decision() const { return m_decision; }
    QString busy() const { return m_busy; }
    QString lastRunId() const { return m_lastRunId; }

    // Makes the demo database of `project` (a demo folder on a new SQLite file), then says
    // demoReady; the caller opens it (ConsoleDemo.cpp).
    void prepareDemo(const Project &project);
    void refresh();
    void preview();
    void checklist();
    void backup(bool restoreTest);
    void signoff(const QString &role, const QString &name, const QString &comment);
    // GO on the last checklist; an override reason when it was NO-GO.
    void go(const QString &overrideReason, const QString &overrideName);
    void recover(const RecoveryChoice &choice);
    // Cancels the long job under way (the run view asks the DBA first); false when the job
    // cannot be cancelled (the checklist ends within its connection timeouts) or none runs.
    bool cancel();

Q_SIGNALS:
    void stateChanged(const mig::ui::ProjectState &state);
    void busyChanged(const QString &what); // empty: idle
    void eventsArrived(const QList<mig::RunEvent> &events);
    void checklistStarted();
    void decisionReady(const mig::GoDecision &decision);
    void backupFinished(bool ok, const QString &message);
    void runStarted(const QString &title);
    void runFinished(const mig::RunResult &result);
    void verified(const mig::VerifyResult &result);
    void demoReady(const mig::ui::Project &project);
    void jobFailed(const QString &what, const QString &error); // a job could not start or run
    void message(const QString &text);                         // for the status bar

private:
    struct RunOutcome;
    // The open project's password from the provider; empty at once for SQLite.
    void askPassword(std::function<void(std::optional<QString>)> done);
    // Gets the password, marks the console busy with `what`, then calls `start` with the project
    // as it was asked for (a later setProject does not redirect it) and the password.
    void withPassword(const QString &what, std::function<void(const Project &project, const QString &password)> start);
    void setBusy(const QString &what);
    void startRun(RunRequest request, const QString &title, const Project &project, const QString &password);
    void finishRun(const RunOutcome &outcome);

    Project m_project;
    std::optional<ProjectState> m_state;
    std::optional<GoDecision> m_decision;
    PasswordProvider m_passwords;
    QString m_busy;
    QString m_lastRunId;
    int m_refreshToken = 0; // answers to an older refresh are dropped
    EventQueue m_queue;
    std::shared_ptr<std::atomic<bool>> m_cancel; // the flag of the backup or restore under way
    std::function<void()> m_cancelJob;           // cancels the long job under way
    std::shared_ptr<RunHandle> m_run;            // while a run runs: cancel() reaches it from here
};

} // namespace mig::ui
