#include "Preflight.h"

#include "RollbackStatus.h"
#include "TargetProbes.h"

#include "backup/BackupCatalog.h"
#include "lint/Lint.h"
#include "run/History.h"
#include "run/Runner.h"
#include "run/SchemaWatch.h"
#include "run/TargetInspection.h"
#include "schema/SchemaDiff.h"
#include "store/StoredResults.h"

#include <QElapsedTimer>
#include <QJsonArray>

namespace mig {

namespace {

QString label(const MigrationStatus &s)
{
    return QStringLiteral("%1 %2").arg(s.version, s.name).trimmed();
}

// Builds the checklist line by line; each line is told to the sink as soon as it is known.
class Checklist
{
public:
    Checklist(const Policy &policy, const EventSink &sink, QString runId) : m_policy(policy), m_sink(sink), m_runId(std::move(runId)) {}

    CheckLine &add(const QString &id, const QString &title, const QString &verdict, const QString &evidence, QStringList details = {})
    {
        CheckLine c{id, title, verdict, evidence, std::move(details), m_policy.levelOf(id), {}};
        if (c.level == Policy::Level::Off) {
            c.verdict = QStringLiteral("off");
            c.evidence = QStringLiteral("turned off by the policy; measured: ") + evidence;
        }
        m_lines << c;
        return m_lines.last();
    }
    CheckLine &probe(const QString &id, const QString &title, const preflight::ProbeResult &r)
    {
        CheckLine &c = add(id, title, preflight::verdictName(r.verdict), r.evidence, r.details);
        c.data = r.data;
        return c;
    }
    void notRun(const QString &id, const QString &title, const QString &why) { add(id, title, QStringLiteral("not run"), why); }
    // Tells the lines added since the last flush.
    void flush()
    {
        if (!m_sink)
            return;
        for (; m_told < m_lines.size(); ++m_told)
            m_sink(m_lines.at(m_told).toEvent(m_runId));
    }
    QList<CheckLine> take() { return m_lines; }
    const Policy &policy() const { return m_policy; }

private:
    const Policy &m_policy;
    const EventSink &m_sink;
    QString m_runId;
    QList<CheckLine> m_lines;
    qsizetype m_told = 0;
};

void checkHistory(Checklist &list, const TargetStatus &status, bool allowOutOfOrder)
{
    QStringList fail = status.blockers(allowOutOfOrder);
    QStringList warn;
    for (const MigrationStatus &s : status.migrations) {
        if (s.state == MigrationState::Missing)
            fail << QStringLiteral("%1 is applied but its file is gone").arg(label(s));
        if (s.state == MigrationState::Failed)
            warn << QStringLiteral("%1: the last attempt failed and was rolled back (%2)").arg(label(s), s.detail);
        if (s.state == MigrationState::AppliedWithDifferences)
            warn << QStringLiteral("%1 was applied, but the schema is not what it declared (%2)").arg(label(s), s.detail);
    }
    const QString title = QStringLiteral("History consistent");
    if (!fail.isEmpty())
        list.add(QStringLiteral("history"), title, QStringLiteral("fail"), QStringLiteral("%1 problem(s) in the history").arg(fail.size()), fail + warn);
    else if (!warn.isEmpty())
        list.add(QStringLiteral("history"), title, QStringLiteral("warn"), QStringLiteral("%1 note(s)").arg(warn.size()), warn);
    else
        list.add(QStringLiteral("history"), title, QStringLiteral("pass"),
                 QStringLiteral("no failed, dirty, modified or missing migrations; current version %1")
                     .arg(status.currentVersion.isEmpty() ? QStringLiteral("(none)") : status.currentVersion));
}

void checkDrift(Checklist &list, RunStore &store, const TargetInspection &t, const QString &targetKey)
{
    const QString title = QStringLiteral("No drift");
    if (!t.schema) {
        list.add(QStringLiteral("drift"), title, QStringLiteral("fail"), QStringLiteral("the schema could not be read: ") + t.schemaError);
        return;
    }
    const auto baseline = driftBaseline(store, targetKey);
    if (!baseline) {
        list.add(QStringLiteral("drift"), title, QStringLiteral("warn"),
                 QStringLiteral("no run on this target is recorded in the run store: nothing to compare the schema with"));
        return;
    }
    const SchemaDiff diff = SchemaDiff::between(baseline->snapshot, *t.schema);
    if (diff.isEmpty()) {
        list.add(QStringLiteral("drift"), title, QStringLiteral("pass"), QStringLiteral("the schema is as run %1 left it (%2)").arg(baseline->runId, baseline->takenAt));
        return;
    }
    list.add(QStringLiteral("drift"), title, QStringLiteral("fail"),
             QStringLiteral("%1 change(s) made outside the console since run %2").arg(diff.changes.size()).arg(baseline->runId),
             diff.toText().trimmed().split(u'\n'));
}

void checkRollbacks(Checklist &list, RunStore &store, const QList<const MigrationStatus *> &pending, const QString &targetKey)
{
    const Policy::Rollback need = list.policy().rollback;
    const QMap<QString, StoredCheck> verdicts = rollbackVerdicts(store, targetKey);
    QStringList details;
    int bad = 0;
    QJsonArray rows;
    for (const MigrationStatus *s : pending) {
        const RollbackStatus rb = rollbackStatus(*s, verdicts);
        const bool ok = need == Policy::Rollback::None
                        || (need == Policy::Rollback::Present && rb.kind != RollbackStatus::Kind::Missing && rb.kind != RollbackStatus::Kind::Fails)
                        || rb.kind == RollbackStatus::Kind::Verified;
        bad += ok ? 0 : 1;
        details << QStringLiteral("%1: %2%3").arg(label(*s), rb.text(), rb.detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(rb.detail));
        rows << QJsonObject{{QStringLiteral("version"), s->version}, {QStringLiteral("rollback"), rb.text()}, {QStringLiteral("ok"), ok}};
    }
    const QString title = QStringLiteral("Rollbacks %1").arg(need == Policy::Rollback::Verified ? QStringLiteral("verified")
                                                               : need == Policy::Rollback::Present ? QStringLiteral("present")
                                                                                                   : QStringLiteral("(not required)"));
    CheckLine &c = pending.isEmpty()
        ? list.add(QStringLiteral("rollbacks"), title, QStringLiteral("pass"), QStringLiteral("nothing pending"))
        : bad > 0 ? list.add(QStringLiteral("rollbacks"), title, QStringLiteral("fail"),
                             QStringLiteral("%1 of %2 pending migration(s) without a %3 rollback").arg(bad).arg(pending.size())
                                 .arg(Policy::rollbackName(need)), details)
                  : list.add(QStringLiteral("rollbacks"), title, QStringLiteral("pass"),
                             QStringLiteral("%1 pending migration(s), each rollback %2").arg(pending.size()).arg(Policy::rollbackName(need)), details);
    c.data = QJsonObject{{QStringLiteral("migrations"), rows}};
}

void checkBackup(Checklist &list, RunStore &store, const QString &targetKey, const QDateTime &now, QString *backupId)
{
    const Policy &p = list.policy();
    const QString title = QStringLiteral("Fresh, restore-tested backup");
    BackupCatalog catalog(store);
    const std::optional<BackupRecord> b = catalog.latest(targetKey);
    const QString missing = p.backupRequired ? QStringLiteral("fail") : QStringLiteral("warn");
    if (!b) {
        list.add(QStringLiteral("backup"), title, missing, QStringLiteral("no backup of this target in the catalog (migctl backup --test)"));
        return;
    }
    const qint64 ageSeconds = QDateTime::fromString(b->createdAt, Qt::ISODateWithMs).secsTo(now);
    const QString age = preflight::humanDuration(double(ageSeconds));
    QStringList problems;
    if (ageSeconds > qint64(p.backupMaxAgeHours) * 3600)
        problems << QStringLiteral("older than the policy's %1 h").arg(p.backupMaxAgeHours);
    const QString tested = b->restoreTest.status.isEmpty() ? QStringLiteral("never restore-tested")
                                                          : QStringLiteral("restore test %1 at %2").arg(b->restoreTest.status, b->restoreTest.at);
    if (p.restoreTestRequired && b->restoreTest.status != u"pass")
        problems << tested;
    const QString evidence = QStringLiteral("backup %1 taken %2 ago (%3), %4").arg(b->id, age, b->createdAt, tested);
    CheckLine &c = list.add(QStringLiteral("backup"), title, problems.isEmpty() ? QStringLiteral("pass") : missing,
                            problems.isEmpty() ? evidence : evidence + QStringLiteral(": ") + problems.join(QStringLiteral("; ")));
    c.data = QJsonObject{{QStringLiteral("backup"), b->id}, {QStringLiteral("ageSeconds"), ageSeconds}};
    if (problems.isEmpty())
        *backupId = b->id;
}

void checkLint(Checklist &list, TargetSession &session, const TargetInspection &t)
{
    // The schema was read once for drift; lint reuses it.
    const lint::LintOptions options = lintOptions(list.policy(), t.schema ? &*t.schema : nullptr);
    const lint::LintReport report = lint::lintPending(session, t.status, options);
    if (!report.error.isEmpty()) {
        list.add(QStringLiteral("lint"), QStringLiteral("Lint findings within policy"), QStringLiteral("fail"),
                 QStringLiteral("the lint could not run: ") + report.error);
        return;
    }
    int blocking = 0, warnings = 0;
    QStringList details;
    for (const lint::Finding &f : report.findings) {
        blocking += f.severity == lint::Severity::Block ? 1 : 0;
        warnings += f.severity == lint::Severity::Warn ? 1 : 0;
        details << QStringLiteral("%1 %2:%3 %4: %5%6").arg(lint::severityName(f.severity).toUpper(), f.file).arg(f.line)
                       .arg(f.rule, f.message, f.evidence.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(f.evidence));
    }
    for (const QString &n : report.notChecked)
        details << QStringLiteral("not checked: ") + n;
    const QString evidence = QStringLiteral("%1 finding(s): %2 blocking, %3 warning(s)%4")
                                 .arg(report.findings.size()).arg(blocking).arg(warnings)
                                 .arg(report.notChecked.isEmpty() ? QString() : QStringLiteral("; %1 rule check(s) could not run").arg(report.notChecked.size()));
    const QString verdict = blocking > 0 ? QStringLiteral("fail") : warnings > 0 || !report.notChecked.isEmpty() ? QStringLiteral("warn") : QStringLiteral("pass");
    list.add(QStringLiteral("lint"), QStringLiteral("Lint findings within policy"), verdict, evidence, details).data = report.toJson();
}

void checkWindow(Checklist &list, const QDateTime &now)
{
    QString why;
    const bool ok = list.policy().allowsNow(now, &why);
    list.add(QStringLiteral("run-window"), QStringLiteral("Inside an allowed run window"), ok ? QStringLiteral("pass") : QStringLiteral("fail"), why);
}

void checkSignoffs(Checklist &list, const QList<Signoff> &signoffs, const QString &plan)
{
    const Policy &p = list.policy();
    QStringList missing, details;
    QHash<QString, QString> signerOfRole;
    QHash<QString, QStringList> rolesOfSigner;
    for (const Signoff &s : signoffs) {
        signerOfRole.insert(s.role.toLower(), s.name);
        rolesOfSigner[s.name.toLower()] << s.role;
        details << QStringLiteral("%1 (%2) at %3%4").arg(s.name, s.role, s.at, s.comment.isEmpty() ? QString() : QStringLiteral(": ") + s.comment);
    }
    for (const QString &role : p.requiredRoles)
        if (!signerOfRole.contains(role.toLower()))
            missing << role;
    QStringList doubled;
    if (p.distinctSigners) {
        for (auto it = rolesOfSigner.begin(); it != rolesOfSigner.end(); ++it) {
            QStringList required;
            for (const QString &r : it.value())
                if (p.requiredRoles.contains(r, Qt::CaseInsensitive))
                    required << r;
            if (required.size() > 1)
                doubled << QStringLiteral("one person signed as %1").arg(required.join(QStringLiteral(" and ")));
        }
    }
    const QString title = QStringLiteral("Sign-offs");
    if (p.requiredRoles.isEmpty()) {
        list.add(QStringLiteral("signoffs"), title, QStringLiteral("pass"),
                 QStringLiteral("the policy requires none; %1 given for plan %2").arg(signoffs.size()).arg(plan), details);
    } else if (!missing.isEmpty() || !doubled.isEmpty()) {
        QStringList why;
        if (!missing.isEmpty())
            why << QStringLiteral("missing: %1").arg(missing.join(QStringLiteral(", ")));
        why += doubled;
        list.add(QStringLiteral("signoffs"), title, QStringLiteral("fail"),
                 QStringLiteral("plan %1: %2").arg(plan, why.join(QStringLiteral("; "))), details);
    } else {
        list.add(QStringLiteral("signoffs"), title, QStringLiteral("pass"),
                 QStringLiteral("plan %1 signed by every required role (%2)").arg(plan, p.requiredRoles.join(QStringLiteral(", "))), details);
    }
}

} // namespace

lint::LintOptions lintOptions(const Policy &policy, const SchemaSnapshot *schema)
{
    lint::LintOptions options;
    options.schema = schema;
    options.largeTableRows = policy.largeTableRows;
    options.largeTableBytes = policy.largeTableBytes;
    for (auto it = policy.lintRules.begin(); it != policy.lintRules.end(); ++it) {
        if (it.value() == u"off")
            options.disabled.insert(it.key());
        else if (const auto sev = lint::severityFromName(it.value()))
            options.severity.insert(it.key(), *sev);
    }
    return options;
}

GoDecision evaluatePreflight(const PreflightRequest &r, RunStore &store, const EventSink &sink)
{
    GoDecision d;
    d.target = r.profile.displayUrl();
    d.targetKey = r.profile.storeKey();
    d.policySource = r.policy.source;
    d.enforced = r.policy.enforce;
    d.evaluatedAt = HistoryTable::nowUtc();
    const QDateTime now = r.now.isValid() ? r.now : QDateTime::currentDateTimeUtc();
    Checklist list(r.policy, sink, r.runId);

    std::unique_ptr<TargetSession> session = TargetSession::create(r.profile);
    session->setReadOnly(true);
    QElapsedTimer connectTime;
    connectTime.start();
    if (auto e = session->open(r.password, QStringLiteral("migctl preflight"))) {
        list.add(QStringLiteral("connection"), QStringLiteral("Connection"), QStringLiteral("fail"),
                 QStringLiteral("cannot connect to %1: %2").arg(d.target, e->toString()));
        for (const QString &id : Policy::checkIds().mid(1))
            list.notRun(id, id, QStringLiteral("no connection"));
        list.flush();
        d.checks = list.take();
        return d;
    }
    list.add(QStringLiteral("connection"), QStringLiteral("Connection"), QStringLiteral("pass"),
             QStringLiteral("connected to %1 in %2 ms").arg(d.target).arg(connectTime.elapsed()));
    list.probe(QStringLiteral("server-version"), QStringLiteral("Server version supported"), preflight::probeServerVersion(*session));
    list.flush();

    const LockState lock = session->lockState();
    if (lock.error)
        list.add(QStringLiteral("run-lock"), QStringLiteral("Run lock free"), QStringLiteral("fail"), QStringLiteral("cannot tell: ") + lock.error->toString());
    else if (lock.holder)
        list.add(QStringLiteral("run-lock"), QStringLiteral("Run lock free"), QStringLiteral("fail"), QStringLiteral("held by ") + lock.holder->toString());
    else
        list.add(QStringLiteral("run-lock"), QStringLiteral("Run lock free"), QStringLiteral("pass"), QStringLiteral("no run holds the lock of this target"));
    list.flush();

    const TargetInspection t = inspectTarget(*session, r.dir, r.format);
    if (!t.error.isEmpty() || t.plan.hasErrors()) {
        const QString why = !t.error.isEmpty() ? t.error : QStringLiteral("the migrations folder %1 has errors (migctl plan)").arg(r.dir);
        list.add(QStringLiteral("history"), QStringLiteral("History consistent"), QStringLiteral("fail"), why);
        for (const QString &id : Policy::checkIds().mid(4))
            list.notRun(id, id, why);
        list.flush();
        d.checks = list.take();
        return d;
    }
    checkHistory(list, t.status, r.allowOutOfOrder);
    checkDrift(list, store, t, d.targetKey);
    list.flush();

    const std::optional<Version> to = r.toVersion.isEmpty() ? std::nullopt : Version::parse(r.toVersion);
    const QList<const MigrationStatus *> pending = pendingSelection(t.status, to, r.allowOutOfOrder);
    for (const MigrationStatus *s : pending)
        d.pending << label(*s);
    d.plan = planFingerprint(d.targetKey, pending);

    checkBackup(list, store, d.targetKey, now, &d.backupId);
    checkRollbacks(list, store, pending, d.targetKey);
    list.flush();
    checkLint(list, *session, t);
    list.flush();

    const preflight::ProbeLimits limits{r.policy.longTransactionSeconds, r.policy.maxReplicationLagSeconds, r.policy.maxActiveSessions};
    list.probe(QStringLiteral("sessions"), QStringLiteral("Active sessions"), preflight::probeSessions(*session, limits));
    list.probe(QStringLiteral("long-transactions"), QStringLiteral("No long-running transactions"), preflight::probeLongTransactions(*session, limits));
    list.probe(QStringLiteral("replication"), QStringLiteral("Replication lag"), preflight::probeReplication(*session, limits));
    list.probe(QStringLiteral("disk"), QStringLiteral("Free disk for the backup"), preflight::probeDiskForBackup(*session, r.backupDir));
    checkWindow(list, now);
    SignoffStore signoffs(store);
    d.signoffs = signoffs.forPlan(d.targetKey, d.plan);
    checkSignoffs(list, d.signoffs, d.plan);
    list.flush();
    d.checks = list.take();
    return d;
}

GoDecision evaluatePreflightRun(PreflightRequest request, RunStore &store, const EventSink &sink)
{
    if (request.runId.isEmpty())
        request.runId = Runner::newRunId();
    RunEvent started;
    started.type = RunEvent::Type::RunStarted;
    started.at = HistoryTable::nowUtc();
    started.runId = request.runId;
    started.action = QStringLiteral("preflight");
    started.target = request.profile.displayUrl();
    started.targetKey = request.profile.storeKey();
    sink(started);
    const GoDecision d = evaluatePreflight(request, store, sink);
    RunEvent verdict;
    verdict.type = RunEvent::Type::CheckFinished;
    verdict.at = HistoryTable::nowUtc();
    verdict.runId = request.runId;
    verdict.check = QStringLiteral("go/no-go");
    verdict.status = d.go() ? QStringLiteral("pass") : QStringLiteral("fail");
    verdict.measured = d.verdictText();
    verdict.message = d.blockers().join(QStringLiteral("; "));
    verdict.data = d.toJson();
    sink(verdict);
    RunEvent finished;
    finished.type = RunEvent::Type::RunFinished;
    finished.at = HistoryTable::nowUtc();
    finished.runId = request.runId;
    finished.status = d.go() ? QStringLiteral("go") : QStringLiteral("no-go");
    finished.message = verdict.message;
    sink(finished);
    return d;
}

} // namespace mig
