// The go/no-go decision that let the run through, its lint findings and the sign-offs.
#include "Redact.h"
#include "ReportSections.h"

#include "policy/Signoffs.h"

#include <QJsonArray>

namespace mig::report::detail {

namespace {

// The go/no-go event of the run itself, else that of the newest pre-flight run on the target
// before it (which the run did not wait for: no policy enforced it).
std::optional<std::pair<QString, QJsonObject>> gateEvent(RunStore &store, const RunRecord &r)
{
    if (const QJsonObject *own = r.first(QStringLiteral("check-finished"), QStringLiteral("go/no-go")))
        return std::make_pair(r.row.run.id, *own);
    for (const RunRow &p : listRuns(store, r.targetKey(), 0, {QStringLiteral("preflight")})) { // newest first
        if (p.run.startedAt > r.row.run.startedAt)
            continue;
        for (const QJsonObject &e : redactedEvents(store, p.run.id))
            if (text(e, "check") == u"go/no-go")
                return std::make_pair(p.run.id, e);
        break;
    }
    return std::nullopt;
}

void fillLint(const QJsonObject &lintLine, const QString &runId, LintSection &lint)
{
    const QJsonObject report = lintLine.value(u"data").toObject();
    lint.evaluated = true;
    lint.runId = runId;
    for (const QJsonValue &v : report.value(u"findings").toArray()) {
        const QJsonObject f = v.toObject();
        lint.findings << LintFinding{text(f, "rule"), text(f, "severity"), text(f, "version"), text(f, "file"), text(f, "statement"),
                                     text(f, "message"), text(f, "evidence"), text(f, "hint"), int(number(f, "line", 0))};
    }
    for (const QJsonValue &v : report.value(u"notChecked").toArray())
        lint.notChecked << v.toString();
}

} // namespace

void fillGate(RunStore &store, const RunRecord &r, ReportModel &m)
{
    GateDecision &g = m.gate;
    if (const auto found = gateEvent(store, r)) {
        const auto &[runId, e] = *found;
        const QJsonObject d = e.value(u"data").toObject();
        g.evaluated = true;
        g.runId = runId;
        g.source = runId == r.row.run.id ? QStringLiteral("this run")
                                         : QStringLiteral("preflight run %1 (advisory: the run did not wait for it)").arg(runId);
        g.status = text(e, "status");
        g.verdict = text(d, "verdict");
        if (g.verdict.isEmpty())
            g.verdict = text(e, "measured");
        g.evaluatedAt = text(d, "evaluatedAt");
        g.policy = text(d, "policy");
        g.enforced = d.value(u"enforced").toBool();
        g.message = text(e, "message");
        for (const QJsonValue &b : d.value(u"blockers").toArray())
            g.blockers << b.toString();
        const QJsonObject o = d.value(u"override").toObject();
        g.overridden = runId == r.row.run.id && g.status == u"override";
        g.overrideBy = text(o, "name");
        g.overrideReason = text(o, "reason");
        for (const QJsonValue &v : d.value(u"checks").toArray()) {
            const QJsonObject c = v.toObject();
            g.lines << GateLine{text(c, "id"), text(c, "title"), text(c, "verdict"), text(c, "evidence"), text(c, "level"),
                                c.value(u"blocks").toBool()};
            if (text(c, "id") == u"lint")
                fillLint(c, runId, m.lint);
        }
        for (const QJsonValue &v : d.value(u"signoffs").toArray()) {
            const QJsonObject s = v.toObject();
            m.signoffs << SignoffRow{text(s, "kind"), text(s, "name"), text(s, "role"), text(s, "comment"), text(s, "at")};
        }
    }
    // Sign-offs and the override kept beside the run (they point at it once it went ahead).
    for (const Signoff &s : SignoffStore(store).forRun(r.row.run.id)) {
        const bool listed = std::any_of(m.signoffs.cbegin(), m.signoffs.cend(), [&s](const SignoffRow &x) {
            return x.kind == s.kind && x.name == redact(s.name) && x.role == redact(s.role) && x.at == s.at;
        });
        if (!listed)
            m.signoffs << SignoffRow{s.kind, redact(s.name), redact(s.role), redact(s.comment), s.at};
    }
}

} // namespace mig::report::detail
