#include "LiveTarget.h"

#include "run/SchemaWatch.h"
#include "schema/SchemaReader.h"
#include "target/TargetSession.h"

#include <QLocale>
#include <QRegularExpression>

namespace mig::lint::detail {

QString number(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

LiveTarget::LiveTarget(TargetSession &session, const LintOptions &options)
    : m_session(session)
    , m_options(options)
    , m_dialect(session.dialect())
{
}

QString LiveTarget::load()
{
    m_serverVersion = m_session.serverVersionNumber();
    if (m_options.schema) {
        m_snapshot = *m_options.schema;
    } else {
        SnapshotOptions o;
        o.excludeTables = SchemaWatch::ownTables(m_session.profile().historyTable); // the console's own
        o.rowCounts = false; // only the tables the statements touch are counted, when a rule needs it
        SnapshotResult r = takeSnapshot(m_session, o);
        if (r.error)
            return QStringLiteral("cannot read the schema of the target: %1").arg(r.error->toString());
        m_snapshot = std::move(r.snapshot);
    }
    if (m_dialect == Dialect::Postgres) {
        const QueryResult path = m_session.query(QStringLiteral("SELECT array_to_string(current_schemas(false), ',')"));
        if (!path.ok())
            return QStringLiteral("cannot read the search path: %1").arg(path.error->toString());
        m_searchPath = path.scalar().toString().split(u',', Qt::SkipEmptyParts);
    }
    for (const SchemaObject &o : std::as_const(m_snapshot.objects)) {
        if (o.kind != SchemaObject::Kind::Table)
            continue;
        LiveTable t;
        t.schema = m_dialect == Dialect::Mysql ? m_snapshot.database : o.schema;
        t.name = o.name;
        t.sql = m_dialect == Dialect::Postgres ? quote(o.schema) + u'.' + quote(o.name) : quote(o.name);
        t.shown = m_dialect == Dialect::Postgres && o.schema != m_searchPath.value(0) ? readable(o.schema) + u'.' + readable(o.name)
                                                                                    : readable(o.name);
        if (const TableStats *stats = m_snapshot.stats(o.schema, o.name))
            t.bytes = stats->bytes;
        m_byKey.insert(key({o.schema, o.name}), m_tables.size());
        m_tables << t;
    }
    return {};
}

QString LiveTarget::key(const TableName &name) const
{
    if (m_dialect != Dialect::Postgres) {
        const bool here = name.schema.isEmpty() || name.schema.compare(m_snapshot.database, Qt::CaseInsensitive) == 0
            || m_dialect == Dialect::Sqlite;
        return (here ? QString() : name.schema.toLower()) + u'.' + name.name.toLower();
    }
    if (!name.schema.isEmpty())
        return name.schema + u'.' + name.name;
    // An unqualified name is the first table of that name along the search path; a new one goes
    // to the first schema of the path.
    for (const QString &schema : m_searchPath)
        if (m_byKey.contains(schema + u'.' + name.name))
            return schema + u'.' + name.name;
    return m_searchPath.value(0, QStringLiteral("public")) + u'.' + name.name;
}

const LiveTable *LiveTarget::table(const TableName &name) const
{
    const auto it = m_byKey.constFind(key(name));
    return it == m_byKey.cend() ? nullptr : &m_tables[*it];
}

const SchemaObject *LiveTarget::column(const LiveTable &table, const QString &column) const
{
    const bool exact = m_dialect == Dialect::Postgres;
    const QString schema = m_dialect == Dialect::Mysql ? QString() : table.schema;
    for (const SchemaObject &o : m_snapshot.objects)
        if (o.kind == SchemaObject::Kind::Column && o.schema == schema && o.table == table.name
            && o.name.compare(column, exact ? Qt::CaseSensitive : Qt::CaseInsensitive) == 0)
            return &o;
    return nullptr;
}

QList<const LiveTable *> LiveTarget::tablesOf(const QString &schema) const
{
    QList<const LiveTable *> out;
    for (const LiveTable &t : m_tables)
        if (t.schema.compare(schema, m_dialect == Dialect::Postgres ? Qt::CaseSensitive : Qt::CaseInsensitive) == 0)
            out << &t;
    return out;
}

bool LiveTarget::hasSchema(const QString &schema) const
{
    if (m_dialect != Dialect::Postgres)
        return schema.compare(m_snapshot.database, Qt::CaseInsensitive) == 0;
    for (const SchemaObject &o : m_snapshot.objects)
        if (o.kind == SchemaObject::Kind::Schema && o.name == schema)
            return true;
    return !tablesOf(schema).isEmpty();
}

Measured LiveTarget::rows(const LiveTable &table)
{
    if (const auto it = m_rows.constFind(table.sql); it != m_rows.cend())
        return {*it, {}};
    const Numbers n = numbers(QStringLiteral("SELECT count(*) FROM %1").arg(table.sql));
    if (!n.ok())
        return {std::nullopt, n.error};
    m_rows.insert(table.sql, n.values.value(0));
    return {n.values.value(0), {}};
}

bool LiveTarget::large(const LiveTable &table, qint64 rows) const
{
    return rows >= m_options.largeTableRows || (table.bytes >= 0 && table.bytes >= m_options.largeTableBytes);
}

QString LiveTarget::size(const LiveTable &table, qint64 rows) const
{
    QString out = QStringLiteral("%1 row(s)").arg(number(rows));
    if (table.bytes > 0)
        out += QStringLiteral(", ") + QLocale(QLocale::English).formattedDataSize(table.bytes, 1, QLocale::DataSizeTraditionalFormat);
    return out;
}

LiveTarget::Numbers LiveTarget::numbers(const QString &sql)
{
    // The rules send the script's own expressions (a CHECK, a predicate): a read-only transaction
    // makes sure that measuring changes nothing, whatever they call.
    const bool wrap = m_dialect != Dialect::Sqlite && !m_session.inTransaction();
    Numbers out;
    if (wrap) {
        const ExecResult begin = m_session.exec(m_dialect == Dialect::Postgres ? QStringLiteral("BEGIN READ ONLY")
                                                                               : QStringLiteral("START TRANSACTION READ ONLY"));
        if (!begin.ok()) {
            out.error = begin.error->message;
            return out;
        }
    }
    const QueryResult q = m_session.query(sql);
    if (wrap)
        m_session.exec(QStringLiteral("ROLLBACK"));
    if (!q.ok()) {
        out.error = q.error->message;
        return out;
    }
    for (const QVariant &v : q.rows.value(0))
        out.values << (v.isNull() ? 0 : v.toLongLong());
    return out;
}

QString LiveTarget::readable(const QString &identifier) const
{
    static const QRegularExpression folded(QStringLiteral("^[a-z_][a-z0-9_$]*$"));
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_$]*$"));
    return (m_dialect == Dialect::Postgres ? folded : plain).match(identifier).hasMatch() ? identifier : quote(identifier);
}

QString LiveTarget::quote(const QString &identifier) const
{
    const QChar q = m_dialect == Dialect::Mysql ? u'`' : u'"';
    return q + QString(identifier).replace(q, QString(2, q)) + q;
}

} // namespace mig::lint::detail
