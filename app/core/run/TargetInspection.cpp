#include "TargetInspection.h"

#include "History.h"
#include "SchemaWatch.h"

#include "schema/SchemaReader.h"

namespace mig {

TargetInspection inspectTarget(const ConnectionProfile &profile, const QString &password, const QString &dir,
                               std::optional<Format> format, ScanCache *cache)
{
    TargetInspection out;
    if (!TargetSession::validIdentifier(profile.historyTable)) {
        out.error = QStringLiteral("'%1' is not a valid history table name").arg(profile.historyTable);
        return out;
    }
    std::unique_ptr<TargetSession> session = TargetSession::create(profile);
    session->setReadOnly(true);
    if (auto e = session->open(password, QStringLiteral("migctl status"))) {
        out.error = QStringLiteral("cannot connect to %1: %2").arg(profile.displayUrl(), e->toString());
        return out;
    }
    return inspectTarget(*session, dir, format, cache);
}

TargetInspection inspectTarget(TargetSession &session, const QString &dir, std::optional<Format> format, ScanCache *cache)
{
    TargetInspection out;
    const ConnectionProfile &profile = session.profile();
    out.serverVersion = session.serverVersion();
    out.plan = planFolder(dir, session.dialect(), format, cache);
    HistoryTable history(session);
    const HistoryRead read = history.read();
    if (read.error) {
        out.error = QStringLiteral("cannot read the history table %1: %2").arg(profile.historyTable, read.error->toString());
        return out;
    }
    out.historyExists = read.exists;
    out.status = computeStatus(out.plan, read.rows);
    SnapshotOptions options;
    options.excludeTables = SchemaWatch::ownTables(profile.historyTable);
    options.rowCounts = false; // status must stay quick on large targets
    SnapshotResult snapshot = takeSnapshot(session, options);
    if (snapshot.error)
        out.schemaError = snapshot.error->toString();
    else
        out.schema = snapshot.snapshot;
    return out;
}

} // namespace mig
