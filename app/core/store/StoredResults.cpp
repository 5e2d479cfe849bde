#include "StoredResults.h"

#include "schema/SchemaDiff.h"

#include <QJsonArray>

namespace mig {

namespace {

const QStringList changingActions{QStringLiteral("apply"), QStringLiteral("resume"), QStringLiteral("rollback")};

} // namespace

QList<SchemaExpectation> previewExpectations(RunStore &store, const QString &targetKey)
{
    QList<SchemaExpectation> out;
    const std::optional<StoredRun> preview = store.latestRun(targetKey, {QStringLiteral("preview")}, {QStringLiteral("succeeded")});
    if (!preview)
        return out;
    for (const StoredSnapshot &s : store.snapshots(preview->id, QStringLiteral("expected")))
        out << SchemaExpectation{s.version, s.base, s.checksum, s.snapshot};
    return out;
}

QMap<QString, StoredCheck> rollbackVerdicts(RunStore &store, const QString &targetKey)
{
    return store.latestChecks(targetKey, QStringLiteral("rollback"));
}

VerifyBaseline verifyBaseline(RunStore &store, const QString &targetKey, const QString &runId)
{
    VerifyBaseline b;
    std::optional<StoredRun> run;
    if (runId.isEmpty())
        run = store.latestRun(targetKey, changingActions);
    else
        b.runId = runId;
    if (run)
        b.runId = run->id;
    if (b.runId.isEmpty())
        return b;
    const QList<StoredSnapshot> before = store.snapshots(b.runId, QStringLiteral("before-run"));
    const QList<StoredSnapshot> after = store.snapshots(b.runId, QStringLiteral("after-run"));
    if (!before.isEmpty())
        b.before = before.first().snapshot;
    if (!after.isEmpty())
        b.after = after.last().snapshot;
    for (const QJsonObject &e : store.events(b.runId)) {
        const QString type = e.value(u"event").toString();
        const QString version = e.value(u"version").toString();
        if (type == u"migration-finished" && !version.isEmpty() && !b.versions.contains(version)
            && (e.value(u"status").toString() == u"applied" || e.value(u"status").toString() == u"rolled_back"))
            b.versions << version;
    }
    if (b.before && b.after) {
        b.touchedTables = SchemaDiff::between(*b.before, *b.after).tables();
        // Data migrations change rows, not the schema: a table whose row count moved was touched.
        for (const TableStats &t : b.after->tables) {
            const TableStats *was = b.before->stats(t.schema, t.table);
            const QString name = t.schema.isEmpty() ? t.table : t.schema + u'.' + t.table;
            if (was && was->rows != t.rows && !b.touchedTables.contains(name))
                b.touchedTables << name;
        }
    }
    return b;
}

std::optional<StoredSnapshot> driftBaseline(RunStore &store, const QString &targetKey)
{
    return store.latestSnapshot(targetKey, {QStringLiteral("after-run")});
}

} // namespace mig
