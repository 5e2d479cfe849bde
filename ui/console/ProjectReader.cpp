#include "ProjectReader.h"

#include "preflight/Preflight.h"
#include "store/StoredResults.h"

#include <QDateTime>
#include <QJsonArray>

namespace mig::ui {

QList<HistoryRow> ProjectState::historyOf(const QString &key) const
{
    QList<HistoryRow> rows;
    for (const HistoryRow &r : history)
        if (historyKey(r) == key)
            rows.append(r);
    return rows;
}

namespace {

// The target's side: one read-only session for status, history, the lock and lint.
void readTarget(ProjectState &s, const QString &password, bool lint)
{
    const Project &p = s.project;
    std::unique_ptr<TargetSession> session = TargetSession::create(p.profile);
    session->setReadOnly(true);
    if (!TargetSession::validIdentifier(p.profile.historyTable)) {
        s.inspection.error = QStringLiteral("'%1' is not a valid history table name").arg(p.profile.historyTable);
        return;
    }
    if (auto e = session->open(password, QStringLiteral("migration-console"))) {
        s.inspection.error = QStringLiteral("cannot connect to %1: %2").arg(p.profile.displayUrl(), e->toString());
        s.inspection.plan = planFolder(p.dir, p.profile.engine, p.format); // the folder still shows
        return;
    }
    s.inspection = inspectTarget(*session, p.dir, p.format);
    if (!s.inspection.error.isEmpty())
        return;
    const HistoryRead read = HistoryTable(*session).read();
    if (!read.error)
        s.history = read.rows;
    const LockState lock = session->lockState();
    s.lockHolder = lock.holder;
    if (lock.error)
        s.lockError = lock.error->toString();
    if (s.inspection.plan.hasErrors()) {
        s.lintError = QStringLiteral("the folder has errors");
        return;
    }
    if (!lint) {
        s.lintError = QStringLiteral("not run while a run is under way");
        return;
    }
    const Policy policy = s.policy.error.isEmpty() ? s.policy.policy : Policy{};
    lint::LintReport report = lint::lintPending(*session, s.inspection.status,
                                                lintOptions(policy, s.inspection.schema ? &*s.inspection.schema : nullptr));
    if (report.error.isEmpty())
        s.lint = report;
    else
        s.lintError = report.error;
}

// The latest preview's schema changes per migration.
QMap<QString, PreviewedChanges> previewsOf(RunStore &store, const QString &targetKey)
{
    QMap<QString, PreviewedChanges> out;
    const std::optional<StoredRun> run = store.latestRun(targetKey, {QStringLiteral("preview")});
    if (!run)
        return out;
    for (const QJsonObject &e : store.events(run->id)) {
        if (e.value(u"event").toString() != u"schema-changed")
            continue;
        PreviewedChanges p;
        p.runId = run->id;
        p.at = e.value(u"at").toString();
        p.changesJson = e.value(u"data").toObject().value(u"changes").toArray();
        p.changes = SchemaDiff::fromJson(p.changesJson);
        p.text = e.value(u"message").toString();
        out.insert(e.value(u"version").toString(), p);
    }
    return out;
}

void readStore(ProjectState &s)
{
    RunStore store;
    if (const QString e = store.open(s.project.runStorePath); !e.isEmpty()) {
        s.storeError = e;
        return;
    }
    const QString key = s.project.profile.storeKey();
    s.rollbacks = rollbackVerdicts(store, key);
    s.previews = previewsOf(store, key);
    if (const std::optional<StoredRun> verify = store.latestRun(key, {QStringLiteral("verify")}))
        for (const StoredCheck &c : store.checks(verify->id))
            s.verifyChecks[c.version].append(c);
    s.latestBackup = BackupCatalog(store).latest(key);
    if (s.reachable())
        s.recovery = recoveryAfterLastRun(store, key, s.inspection.status);
}

} // namespace

ProjectState readProject(const Project &project, const QString &password, bool lint)
{
    ProjectState s;
    s.project = project;
    s.readAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    s.policy = loadPolicy(project.dir);
    readTarget(s, password, lint);
    readStore(s);
    return s;
}

} // namespace mig::ui
