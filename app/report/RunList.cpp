#include "RunList.h"

#include "store/StoreSql.h"

#include <QDateTime>

namespace mig::report {

namespace {

using namespace storesql;

constexpr const char *Columns = "SELECT id, action, target, target_key, started_at, finished_at, outcome, message, console_version FROM runs";

RunRow toRow(const QStringList &r)
{
    return RunRow{StoredRun{r.value(0), r.value(1), r.value(2), r.value(3), r.value(4), r.value(5), r.value(6), r.value(7)}, r.value(8)};
}

} // namespace

qint64 RunRow::durationMs() const
{
    const QDateTime a = QDateTime::fromString(run.startedAt, Qt::ISODateWithMs);
    const QDateTime b = QDateTime::fromString(run.finishedAt, Qt::ISODateWithMs);
    return a.isValid() && b.isValid() ? a.msecsTo(b) : -1;
}

QStringList changingActions()
{
    return {QStringLiteral("apply"), QStringLiteral("resume"), QStringLiteral("rollback")};
}

QList<RunRow> listRuns(RunStore &store, const QString &targetKey, int limit, const QStringList &actions)
{
    QByteArray sql = QByteArray(Columns) + " WHERE (? = '' OR target_key = ?)";
    if (!actions.isEmpty())
        sql += " AND action IN (" + placeholders(actions.size()) + ")";
    sql += " ORDER BY started_at DESC, rowid DESC";
    if (limit > 0)
        sql += " LIMIT " + QByteArray::number(limit);
    QList<RunRow> out;
    for (const QStringList &r : select(store.handle(), sql.constData(), QList<QByteArray>{targetKey.toUtf8(), targetKey.toUtf8()} + utf8(actions)))
        out << toRow(r);
    return out;
}

std::optional<RunRow> findRun(RunStore &store, const QString &runId)
{
    const QByteArray sql = QByteArray(Columns) + " WHERE id = ?";
    const QList<QStringList> rows = select(store.handle(), sql.constData(), {runId.toUtf8()});
    return rows.isEmpty() ? std::nullopt : std::optional<RunRow>(toRow(rows.first()));
}

std::optional<RunRow> resolveRun(RunStore &store, const QString &idOrLatest, const QString &targetKey, QString *error)
{
    if (!store.handle()) {
        *error = QStringLiteral("the run store is not open");
        return std::nullopt;
    }
    if (idOrLatest == u"latest") {
        const QList<RunRow> rows = listRuns(store, targetKey, 1, changingActions());
        if (rows.isEmpty())
            *error = targetKey.isEmpty() ? QStringLiteral("no apply, resume or rollback run is in the run store")
                                         : QStringLiteral("no apply, resume or rollback run on %1 is in the run store").arg(targetKey);
        return rows.isEmpty() ? std::nullopt : std::optional<RunRow>(rows.first());
    }
    auto row = findRun(store, idOrLatest);
    if (!row)
        *error = QStringLiteral("no run %1 in the run store").arg(idOrLatest);
    return row;
}

} // namespace mig::report
