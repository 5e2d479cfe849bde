// The verification checklist: the run's own checks, then those of the newest verify run made
// of this run; the integrity checks among them also feed "data integrity".
#include "ReportSections.h"

#include <QDir>
#include <QFileInfo>

namespace mig::report::detail {

namespace {

bool gateCheck(const QString &name)
{
    return name == u"go/no-go" || name.startsWith(u"preflight: ");
}

bool integrityCheck(const QString &name)
{
    return name.startsWith(u"foreign-key orphans") || name == u"foreign_key_check" || name == u"integrity_check"
           || name.startsWith(u"row count");
}

CheckRow toRow(const QString &source, const QJsonObject &e)
{
    return CheckRow{source, text(e, "check"), text(e, "version"), text(e, "status"), text(e, "measured"), text(e, "message"), text(e, "at")};
}

// The newest verify run on the target that verified this run: the verifier names its baseline
// in its drift check ("drift since run ID").
std::optional<std::pair<QString, QList<QJsonObject>>> verifyRunOf(RunStore &store, const RunRecord &r)
{
    const QString drift = QStringLiteral("drift since run ") + r.row.run.id;
    for (const RunRow &v : listRuns(store, r.targetKey(), 0, {QStringLiteral("verify")})) { // newest first
        if (v.run.startedAt < r.row.run.startedAt)
            break;
        QList<QJsonObject> events = redactedEvents(store, v.run.id);
        const bool ofThisRun = std::any_of(events.cbegin(), events.cend(), [&drift](const QJsonObject &e) { return text(e, "check") == drift; });
        if (ofThisRun)
            return std::make_pair(v.run.id, events);
    }
    return std::nullopt;
}

} // namespace

void fillChecks(RunStore &store, const RunRecord &r, ReportModel &m)
{
    for (const QJsonObject &e : r.events)
        if (text(e, "event") == u"check-finished" && !gateCheck(text(e, "check")))
            m.checks << toRow(QStringLiteral("run"), e);

    const auto verify = verifyRunOf(store, r);
    if (!verify) {
        m.checks << CheckRow{QStringLiteral("verify"), QStringLiteral("verification after the run (migctl verify)"), {},
                             QStringLiteral("not run"), {}, QStringLiteral("no verify run of this run is in the run store"), {}};
        m.integrity.orphanChecks << CheckRow{QStringLiteral("verify"), QStringLiteral("foreign-key orphans"), {}, QStringLiteral("not run"), {},
                                             QStringLiteral("measured by migctl verify, which has not verified this run"), {}};
        return;
    }
    m.verifyRunId = verify->first;
    const QString source = QStringLiteral("verify ") + verify->first;
    for (const QJsonObject &e : verify->second) {
        if (text(e, "event") != u"check-finished")
            continue;
        const CheckRow row = toRow(source, e);
        m.checks << row;
        if (integrityCheck(row.name))
            m.integrity.orphanChecks << row;
        // Verify scripts are named with their absolute path: the project folder of a run
        // recorded before runs named it.
        const QString file = e.value(u"data").toObject().value(u"file").toString();
        if (m.header.project.isEmpty() && QFileInfo(file).isAbsolute())
            m.header.project = QFileInfo(file).absolutePath();
    }
}

} // namespace mig::report::detail
