#include "Console.h"

#include "Background.h"
#include "ProjectReader.h"
#include "StoreRecorder.h"

#include "backup/BackupJob.h"
#include "backup/RestoreJob.h"
#include "backup/RestoreTest.h"
#include "policy/Signoffs.h"
#include "preflight/Preflight.h"
#include "preview/Preview.h"
#include "run/HealthMonitor.h"
#include "store/StoredResults.h"

#include <QFuture>

namespace mig::ui {

// What a run's worker hands back: the run, and the verification that followed it.
struct Console::RunOutcome {
    RunResult result;
    std::optional<VerifyResult> verify;
    QString keepError;  // sign-offs could not be linked to the run
    QString storeError; // the run store could not keep the run
};

namespace {

// Where backups go: the policy's folder, else beside the run store (as migctl without --backup-dir).
QString backupFolder(const Policy &policy, const QString &storePath)
{
    return policy.backupDir.isEmpty() ? BackupJob::defaultFolder(storePath) : policy.backupDir;
}

} // namespace

Console::Console(QObject *parent)
    : QObject(parent)
    , m_queue(this)
{
    connect(&m_queue, &EventQueue::eventsArrived, this, &Console::eventsArrived);
}

Console::~Console()
{
    // A job still running keeps its own copies of everything it uses; it is told to stop and
    // its result goes nowhere (runInBackground drops answers to a gone context).
    cancel();
}

void Console::setProject(const Project &project)
{
    if (!m_busy.isEmpty()) { // the job under way belongs to the project open now
        Q_EMIT jobFailed(tr("Open"), tr("%1 is still under way on %2").arg(m_busy, m_project.profile.displayUrl()));
        return;
    }
    m_project = project;
    m_state.reset();
    m_decision.reset();
    refresh();
}

void Console::setBusy(const QString &what)
{
    m_busy = what;
    Q_EMIT busyChanged(what);
}

void Console::askPassword(std::function<void(std::optional<QString>)> done)
{
    if (m_passwords && m_project.profile.engine != Dialect::Sqlite)
        m_passwords(m_project.profile, std::move(done));
    else
        done(QString()); // SQLite has none
}

void Console::withPassword(const QString &what, std::function<void(const Project &, const QString &)> start)
{
    if (!m_busy.isEmpty()) {
        Q_EMIT jobFailed(what, tr("%1 is still under way").arg(m_busy));
        return;
    }
    if (!m_project.isSet()) {
        Q_EMIT jobFailed(what, tr("no migrations folder and target are open"));
        return;
    }
    setBusy(what);
    auto go = [this, what, project = m_project, start = std::move(start)](std::optional<QString> password) {
        if (!password) {
            setBusy({});
            Q_EMIT jobFailed(what, tr("no password given for %1").arg(project.profile.displayUrl()));
            return;
        }
        start(project, *password);
    };
    askPassword(go);
}

void Console::refresh()
{
    if (!m_project.isSet())
        return;
    const int token = ++m_refreshToken;
    auto read = [this, token](std::optional<QString> password) {
        if (token != m_refreshToken)
            return;
        Q_EMIT message(tr("Reading %1 …").arg(m_project.profile.displayUrl()));
        // During a run, lint's reads of live rows could hold locks the run's DDL waits for.
        runInBackground(this, [p = m_project, pw = password.value_or(QString()), lint = !m_run] { return readProject(p, pw, lint); },
                        [this, token](const ProjectState &s) {
                            if (token != m_refreshToken)
                                return; // a newer refresh is under way
                            m_state = s;
                            Q_EMIT message(s.reachable() ? tr("Read %1").arg(s.project.profile.displayUrl()) : s.inspection.error);
                            Q_EMIT stateChanged(s);
                        });
    };
    askPassword(read);
}

void Console::preview()
{
    withPassword(tr("Preview"), [this](const Project &project, const QString &password) {
        PreviewRequest r;
        r.profile = project.profile;
        r.password = password;
        r.dir = project.dir;
        r.format = project.format;
        auto recorder = std::make_shared<StoreRecorder>(project.runStorePath);
        auto previewer = std::make_shared<Previewer>(r, recorder->sink(m_queue.sink()));
        // Weak: only the worker owns the previewer (and the store it records into), so the
        // store is never closed on this thread.
        m_cancelJob = [weak = std::weak_ptr<Previewer>(previewer)] {
            if (auto p = weak.lock())
                p->cancel();
        };
        runInBackground(this, [previewer, recorder] { return previewer->run(); }, [this](const PreviewResult &result) {
            m_queue.flush();
            m_cancelJob = {};
            setBusy({});
            if (!result.error.isEmpty())
                Q_EMIT jobFailed(tr("Preview"), result.error);
            else
                Q_EMIT message(tr("Preview %1: %n migration(s) previewed", nullptr, int(result.migrations.size())).arg(result.runId));
            refresh();
        });
    });
}

void Console::checklist()
{
    withPassword(tr("Pre-flight checks"), [this](const Project &project, const QString &password) {
        Q_EMIT checklistStarted();
        PreflightRequest r;
        r.profile = project.profile;
        r.password = password;
        r.dir = project.dir;
        r.format = project.format;
        r.runId = Runner::newRunId();
        const QString storePath = project.runStorePath;
        runInBackground(this, [r, storePath, sink = m_queue.sink()]() mutable -> std::pair<GoDecision, QString> {
            const PolicyLoad policy = loadPolicy(r.dir);
            if (!policy.error.isEmpty())
                return {GoDecision{}, policy.error};
            r.policy = policy.policy;
            r.backupDir = backupFolder(policy.policy, storePath);
            RunStore store;
            store.open(storePath); // a store that cannot open still lets the checks run; they say what they lack
            return {evaluatePreflightRun(r, store, recordInto(store, sink)), QString()};
        }, [this](const std::pair<GoDecision, QString> &answer) {
            m_queue.flush();
            setBusy({});
            if (!answer.second.isEmpty()) {
                m_decision.reset();
                Q_EMIT jobFailed(tr("Pre-flight checks"), tr("policy: %1").arg(answer.second));
                return;
            }
            m_decision = answer.first;
            Q_EMIT decisionReady(answer.first);
        });
    });
}

void Console::backup(bool restoreTest)
{
    withPassword(tr("Backup"), [this, restoreTest](const Project &project, const QString &password) {
        BackupOptions o;
        o.profile = project.profile;
        o.password = password;
        const QString storePath = project.runStorePath;
        const PolicyLoad policy = m_state ? m_state->policy : PolicyLoad{};
        o.folder = backupFolder(policy.policy, storePath);
        m_cancel = std::make_shared<std::atomic<bool>>(false);
        m_cancelJob = [flag = m_cancel] { flag->store(true); };
        runInBackground(this, [o, restoreTest, storePath, flag = m_cancel, sink = m_queue.sink()]() -> std::pair<bool, QString> {
            RunStore store;
            if (const QString e = store.open(storePath); !e.isEmpty())
                return {false, QStringLiteral("the run store cannot be opened, so the backup could not be catalogued: ") + e};
            const EventSink keep = recordInto(store, sink);
            const BackupResult b = BackupJob(o, store, keep, flag.get()).run();
            if (!b.record)
                return {false, b.message};
            if (!restoreTest)
                return {true, b.message};
            RestoreTestOptions t;
            t.backup = *b.record;
            t.server = o.profile;
            t.password = o.password;
            const RestoreTestResult r = RestoreTest(t, store, keep, flag.get()).run();
            return {r.passed, QStringLiteral("%1; restore test: %2").arg(b.message, r.message)};
        }, [this](const std::pair<bool, QString> &r) {
            m_queue.flush();
            m_cancelJob = {};
            setBusy({});
            Q_EMIT backupFinished(r.first, r.second);
            refresh();
        });
    });
}

void Console::signoff(const QString &role, const QString &name, const QString &comment)
{
    if (!m_decision) {
        Q_EMIT jobFailed(tr("Sign-off"), tr("run the pre-flight checks first: a sign-off approves the plan they checked"));
        return;
    }
    Signoff s;
    s.targetKey = m_decision->targetKey;
    s.plan = m_decision->plan;
    s.role = role.trimmed();
    s.name = name.trimmed();
    s.comment = comment.trimmed();
    runInBackground(this, [s, storePath = m_project.runStorePath]() mutable {
        RunStore store;
        if (const QString e = store.open(storePath); !e.isEmpty())
            return e;
        return SignoffStore(store).add(s);
    }, [this, s](const QString &error) {
        if (!error.isEmpty()) {
            Q_EMIT jobFailed(tr("Sign-off"), error);
            return;
        }
        Q_EMIT message(tr("Signed off by %1 as %2").arg(s.name, s.role));
        checklist(); // the sign-offs line changes
    });
}

void Console::go(const QString &overrideReason, const QString &overrideName)
{
    if (!m_decision) {
        Q_EMIT jobFailed(tr("GO"), tr("run the pre-flight checks first"));
        return;
    }
    GoDecision gate = *m_decision;
    if (!gate.go() && gate.enforced && overrideReason.trimmed().isEmpty()) {
        Q_EMIT jobFailed(tr("GO"), tr("NO-GO: %1").arg(gate.blockers().join(QStringLiteral("; "))));
        return;
    }
    if (!gate.go() && !overrideReason.trimmed().isEmpty()) {
        gate.override.kind = QStringLiteral("override");
        gate.override.name = overrideName.trimmed().isEmpty() ? Runner::operatorName() : overrideName.trimmed();
        gate.override.role = QStringLiteral("override");
        gate.override.comment = overrideReason.trimmed();
        gate.override.targetKey = gate.targetKey;
        gate.override.plan = gate.plan;
    }
    RunRequest r;
    r.action = RunRequest::Action::Apply;
    r.gate = gate;
    const QString title = tr("Apply %n migration(s)", nullptr, int(gate.pending.size()));
    withPassword(title, [this, r, title](const Project &p, const QString &pw) {
        if (!m_decision || p.profile.storeKey() != m_decision->targetKey) {
            setBusy({});
            Q_EMIT jobFailed(title, tr("the checklist was for another target; run it again"));
            return;
        }
        startRun(r, title, p, pw);
    });
}

void Console::recover(const RecoveryChoice &choice)
{
    // Only a choice the open project's state offers now: a button left over from another
    // target or an older state must not act here.
    const bool offered = m_state && m_state->recovery
                         && std::any_of(m_state->recovery->choices.cbegin(), m_state->recovery->choices.cend(),
                                        [&](const RecoveryChoice &c) { return c.id == choice.id && c.available && c.command == choice.command; });
    if (!offered) {
        Q_EMIT jobFailed(choice.title, tr("this choice is not offered for %1 now; refresh and choose again").arg(m_project.profile.displayUrl()));
        return;
    }
    if (choice.id == u"resume") {
        RunRequest r;
        r.action = RunRequest::Action::Resume;
        withPassword(choice.title, [this, r, title = choice.title](const Project &p, const QString &pw) { startRun(r, title, p, pw); });
    } else if (choice.id == u"rollback") {
        RunRequest r;
        r.action = RunRequest::Action::Rollback;
        r.steps = choice.steps;
        withPassword(choice.title, [this, r, title = choice.title](const Project &p, const QString &pw) { startRun(r, title, p, pw); });
    } else if (choice.id == u"restore") {
        withPassword(tr("Restore"), [this, id = choice.backupId](const Project &project, const QString &password) {
            m_cancel = std::make_shared<std::atomic<bool>>(false);
            m_cancelJob = [flag = m_cancel] { flag->store(true); };
            runInBackground(this, [id, profile = project.profile, password, storePath = project.runStorePath, flag = m_cancel,
                                   sink = m_queue.sink()]() -> std::pair<bool, QString> {
                RunStore store;
                if (const QString e = store.open(storePath); !e.isEmpty())
                    return {false, e};
                const std::optional<BackupRecord> b = BackupCatalog(store).find(id);
                if (!b)
                    return {false, QStringLiteral("backup %1 is not in the catalog").arg(id)};
                if (b->targetKey != profile.storeKey())
                    return {false, QStringLiteral("backup %1 is of %2, not of %3").arg(id, b->target, profile.displayUrl())};
                const JobResult r = RestoreJob(RestoreOptions{*b, profile, password}, recordInto(store, sink), flag.get()).run();
                return {r.outcome == JobResult::Outcome::Succeeded, r.message};
            }, [this](const std::pair<bool, QString> &r) {
                m_queue.flush();
                m_cancelJob = {};
                setBusy({});
                if (r.first)
                    Q_EMIT message(tr("Restored: %1").arg(r.second));
                else
                    Q_EMIT jobFailed(tr("Restore"), r.second);
                refresh();
            });
        });
    }
}

bool Console::cancel()
{
    if (m_run)
        m_run->cancel();
    if (m_cancelJob)
        m_cancelJob();
    return m_run || m_cancelJob;
}

void Console::startRun(RunRequest request, const QString &title, const Project &project, const QString &password)
{
    request.profile = project.profile;
    request.password = password;
    request.dir = project.dir;
    request.format = project.format;
    auto recorder = std::make_shared<StoreRecorder>(project.runStorePath);
    const EventSink sink = recorder->sink(m_queue.sink());
    m_run = std::make_shared<RunHandle>();
    Q_EMIT runStarted(title);
    runInBackground(this, [handle = m_run, recorder, request, sink]() mutable {
        RunOutcome out;
        // What previews showed each migration would leave: the run holds itself to it.
        recorder->withStore([&](RunStore &store) { request.expected = previewExpectations(store, request.profile.storeKey()); });
        Runner runner(request, sink);
        handle->attach(&runner);
        // Target health from a second connection, every second, for as long as the run lasts.
        std::atomic<bool> stop{false};
        QFuture<void> health = QtConcurrent::run(backgroundPool(), [&] {
            HealthMonitor(request.profile, request.password, runner.runId(), sink).run(stop);
        });
        out.result = runner.run();
        handle->attach(nullptr);
        stop.store(true);
        health.waitForFinished();
        const bool ran = out.result.outcome != RunResult::Outcome::Refused && out.result.outcome != RunResult::Outcome::NothingToDo;
        if (request.gate && out.result.outcome != RunResult::Outcome::Refused)
            recorder->withStore([&](RunStore &store) { out.keepError = keepDecision(*request.gate, out.result.runId, store); });
        // After it, verification runs (a read-only run of its own), unless the DBA cancelled.
        if (ran && !handle->cancelled()) {
            VerifyRequest v;
            v.profile = request.profile;
            v.password = request.password;
            v.dir = request.dir;
            v.format = request.format;
            recorder->withStore([&](RunStore &store) { v.baseline = verifyBaseline(store, request.profile.storeKey(), out.result.runId); });
            out.verify = Verifier(v, sink).run();
        }
        out.storeError = recorder->error();
        return out;
    }, [this](const RunOutcome &o) { finishRun(o); });
}

void Console::finishRun(const RunOutcome &o)
{
    m_queue.flush();
    m_run.reset();
    m_lastRunId = o.result.runId;
    m_decision.reset(); // the plan it was for is done (or changed): check again before the next GO
    setBusy({});
    if (!o.keepError.isEmpty())
        Q_EMIT jobFailed(tr("Sign-offs"), tr("the sign-offs were not linked to run %1: %2").arg(o.result.runId, o.keepError));
    if (!o.storeError.isEmpty()) // the target's history has the run; the report will not
        Q_EMIT jobFailed(tr("Run store"), tr("run %1 was not kept in the run store (%2): %3")
                                              .arg(o.result.runId, m_project.runStorePath, o.storeError));
    Q_EMIT runFinished(o.result);
    if (o.verify)
        Q_EMIT verified(*o.verify);
    refresh();
}

} // namespace mig::ui
