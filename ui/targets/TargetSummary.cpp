#include "TargetSummary.h"

#include "run/TargetInspection.h"
#include "schema/SchemaDiff.h"
#include "source/Version.h"
#include "store/StoredResults.h"
#include "target/ConnectionCheck.h"

namespace mig::ui {

namespace {

void readDrift(const ConnectionProfile &profile, const TargetInspection &t, const QString &runStorePath, TargetSummary &out)
{
    if (!t.schema) {
        out.driftDetail = QStringLiteral("schema not read: %1").arg(t.schemaError);
        return;
    }
    RunStore store;
    if (const QString e = store.open(runStorePath); !e.isEmpty()) {
        out.driftDetail = QStringLiteral("run store not readable: %1").arg(e);
        return;
    }
    const std::optional<StoredSnapshot> baseline = driftBaseline(store, profile.storeKey());
    if (!baseline) {
        out.driftDetail = QStringLiteral("not checked: no run recorded for this target");
        return;
    }
    const SchemaDiff diff = SchemaDiff::between(baseline->snapshot, *t.schema);
    if (diff.isEmpty()) {
        out.drift = TargetSummary::Drift::None;
        out.driftDetail = QStringLiteral("no drift since run %1").arg(baseline->runId);
        return;
    }
    out.drift = TargetSummary::Drift::Changed;
    // One line per object, as the tooltip lists them (a new table's columns fold into its line).
    out.driftChanges = diff.toText().split(u'\n', Qt::SkipEmptyParts);
    out.driftDetail = QStringLiteral("%1 change(s) since run %2").arg(out.driftChanges.size()).arg(baseline->runId);
}

// Without a folder every applied migration reads as "missing": the newest of them is still the
// version the target is at.
QString newestApplied(const TargetStatus &status)
{
    std::optional<Version> newest;
    for (const MigrationStatus &s : status.migrations) {
        if (s.state != MigrationState::Missing || !s.last || s.last->direction != u"up")
            continue;
        const std::optional<Version> v = Version::parse(s.version);
        if (v && (!newest || *newest < *v))
            newest = v;
    }
    return newest ? newest->text() : QString();
}

} // namespace

TargetSummary summarizeTarget(const ConnectionProfile &profile, const QString &password, const QString &dir,
                              std::optional<Format> format, const QString &runStorePath)
{
    TargetSummary out;
    out.folderSet = !dir.isEmpty();
    if (!TargetSession::validIdentifier(profile.historyTable)) {
        out.error = QStringLiteral("'%1' is not a valid history table name").arg(profile.historyTable);
        return out;
    }
    if (const QString e = sqliteLocationProblem(profile); !e.isEmpty()) {
        out.error = e;
        return out;
    }
    std::unique_ptr<TargetSession> session = TargetSession::create(profile);
    session->setReadOnly(true);
    if (auto e = session->open(password, QStringLiteral("migration-console targets"))) {
        out.error = QStringLiteral("cannot connect: %1").arg(e->toString());
        out.passwordRejected = connectionProblem(profile.engine, *e) == ConnectionCheck::Problem::WrongPassword;
        return out;
    }
    out.reachable = true;
    const TargetInspection t = inspectTarget(*session, dir, format);
    out.serverVersion = t.serverVersion;
    const LockState lock = session->lockState();
    out.lockHolder = lock.holder;
    if (lock.error)
        out.lockError = lock.error->toString();
    if (!t.error.isEmpty()) {
        out.error = t.error;
        return out;
    }
    out.historyExists = t.historyExists;
    out.currentVersion = out.folderSet ? t.status.currentVersion : newestApplied(t.status);
    if (out.folderSet)
        for (const MigrationStatus *s : pendingSelection(t.status, std::nullopt, false))
            out.pending << (s->version.isEmpty() ? s->name : s->version);
    for (const MigrationStatus &s : t.status.migrations)
        if (s.state == MigrationState::Dirty)
            out.dirty << QStringLiteral("%1: %2").arg(s.version.isEmpty() ? s.name : s.version, s.detail);
    if (out.folderSet)
        out.blockers = t.status.blockers(false);
    readDrift(profile, t, runStorePath, out);
    return out;
}

} // namespace mig::ui
