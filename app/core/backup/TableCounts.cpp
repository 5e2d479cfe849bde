#include "TableCounts.h"

#include "JobEvents.h"

#include <QMap>

namespace mig {

namespace {

QString quotedPart(Dialect d, const QString &name)
{
    const QChar q = d == Dialect::Mysql ? u'`' : u'"';
    return q + QString(name).replace(q, QString(q) + q) + q;
}

QString tableListQuery(Dialect d)
{
    switch (d) {
    case Dialect::Postgres:
        return QStringLiteral("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                              "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' "
                              "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
                              "AND d.objid = c.oid AND d.deptype = 'e') ORDER BY 1, 2");
    case Dialect::Mysql:
        return QStringLiteral("SELECT '', TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                              "AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY 2");
    case Dialect::Sqlite:
        return QStringLiteral("SELECT '', name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                              "ORDER BY 2");
    }
    return {};
}

QString rowsText(qint64 n)
{
    return n == 1 ? QStringLiteral("1 row") : QStringLiteral("%1 rows").arg(n);
}

} // namespace

std::optional<SqlError> countRows(TargetSession &session, QList<TableRows> &out, const std::function<void(int, int, const QString &)> &onTable)
{
    out.clear();
    const Dialect d = session.dialect();
    const QueryResult list = session.query(tableListQuery(d));
    if (!list.ok())
        return list.error;
    int done = 0;
    for (const QVariantList &row : list.rows) {
        const QString schema = row.value(0).toString(), table = row.value(1).toString();
        const QString name = schema.isEmpty() ? table : schema + u'.' + table;
        if (onTable)
            onTable(done, int(list.rows.size()), name);
        const QString quoted = schema.isEmpty() ? quotedPart(d, table) : quotedPart(d, schema) + u'.' + quotedPart(d, table);
        const QueryResult n = session.query(QStringLiteral("SELECT count(*) FROM %1").arg(quoted));
        if (!n.ok()) {
            SqlError e = *n.error;
            e.message = QStringLiteral("counting the rows of %1: %2").arg(name, e.message);
            return e;
        }
        out << TableRows{name, n.scalar().toLongLong()};
        ++done;
    }
    return std::nullopt;
}

int compareRowCounts(const QList<TableRows> &catalogued, const QList<TableRows> &restored, bool extraFails, JobEvents &events)
{
    QMap<QString, qint64> found;
    for (const TableRows &t : restored)
        found.insert(t.table, t.rows);
    int failed = 0;
    for (const TableRows &t : catalogued) {
        const QJsonObject data{{QStringLiteral("table"), t.table}, {QStringLiteral("expected"), t.rows}};
        const auto it = found.constFind(t.table);
        if (it == found.cend()) {
            ++failed;
            events.check(QStringLiteral("row count"), QStringLiteral("fail"), QStringLiteral("missing (catalog %1)").arg(rowsText(t.rows)),
                         QStringLiteral("%1: the table is not there after the restore").arg(t.table), data);
            continue;
        }
        const bool same = *it == t.rows;
        failed += !same;
        QJsonObject d = data;
        d.insert(QStringLiteral("rows"), *it);
        events.check(QStringLiteral("row count"), same ? QStringLiteral("pass") : QStringLiteral("fail"),
                     QStringLiteral("%1 (catalog %2)").arg(rowsText(*it)).arg(t.rows), t.table, d);
        found.remove(t.table);
    }
    for (auto it = found.cbegin(); it != found.cend(); ++it) {
        const QJsonObject data{{QStringLiteral("table"), it.key()}, {QStringLiteral("rows"), it.value()}};
        if (extraFails) {
            ++failed;
            events.check(QStringLiteral("row count"), QStringLiteral("fail"), QStringLiteral("%1 (not in the catalog)").arg(rowsText(it.value())),
                         QStringLiteral("%1: a table the backup's catalog does not list").arg(it.key()), data);
        } else {
            events.message(QStringLiteral("warning"),
                           QStringLiteral("%1 (%2) is not in the backup: left as it was").arg(it.key(), rowsText(it.value())));
        }
    }
    return failed;
}

} // namespace mig
