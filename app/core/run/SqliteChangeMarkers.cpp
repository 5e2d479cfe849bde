// SQLite's change markers: sqlite_schema holds the text of every table, index, view and trigger
// as the engine keeps it, so comparing it with the previous read names every changed table
// exactly. PRAGMA schema_version, which SQLite bumps on every schema change, spares even that
// read after a migration that changed no schema (a data migration).
#include "ChangeMarkers.h"

#include "target/TargetSession.h"

namespace mig {

namespace {

QString sqlList(const QSet<QString> &names)
{
    QStringList quoted;
    for (const QString &n : names)
        quoted << u'\'' + QString(n).replace(u'\'', QStringLiteral("''")) + u'\'';
    return quoted.join(QStringLiteral(", "));
}

class SqliteChangeMarkers final : public ChangeMarkers
{
public:
    explicit SqliteChangeMarkers(TargetSession &session) : ChangeMarkers(session) {}

    QString start() override
    {
        QString error;
        QList<QVariantList> master;
        if (!readVersion(&m_version, &error) || !readMaster(&master, &m_groups, &error))
            return error;
        return readParents(master, {}, /*all=*/true);
    }

    std::optional<ChangeSet> changes(QString *error) override
    {
        QString version;
        if (!readVersion(&version, error))
            return std::nullopt;
        ChangeSet set;
        set.stale = [](const SchemaObject &) { return false; };
        if (version == m_version)
            return set; // no schema change at all
        QList<QVariantList> master;
        QHash<QString, QString> groups;
        if (!readMaster(&master, &groups, error))
            return std::nullopt;
        // Tables (and views) whose rows changed, came or went.
        QSet<QString> dirty;
        for (auto it = groups.cbegin(); it != groups.cend(); ++it)
            if (m_groups.value(it.key()) != it.value() || !m_groups.contains(it.key()))
                dirty.insert(it.key());
        for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it)
            if (!groups.contains(it.key()))
                dirty.insert(it.key());
        // A foreign key names its parent's primary key when it lists no columns, and the parent
        // as it is now spelt: its table reads differently when the parent changes.
        for (auto it = m_parents.cbegin(); it != m_parents.cend(); ++it)
            if (groups.contains(it.key()) && it.value().intersects(dirty))
                dirty.insert(it.key());
        dirty -= blindTo;
        QSet<QString> present;
        for (const QString &g : std::as_const(dirty)) {
            m_parents.remove(g);
            if (groups.contains(g)) {
                present.insert(g);
                set.scope.sqliteTables << g;
            }
        }
        if (QString e = readParents(master, present); !e.isEmpty()) {
            *error = e;
            return std::nullopt;
        }
        set.scope.sqliteMaster = master;
        set.units = int(dirty.size());
        set.stale = [dirty](const SchemaObject &o) {
            const bool named = o.kind == SchemaObject::Kind::Table || o.kind == SchemaObject::Kind::View;
            return (named && dirty.contains(o.name.toLower())) || (!o.table.isEmpty() && dirty.contains(o.table.toLower()));
        };
        m_version = version;
        m_groups = std::move(groups);
        return set;
    }

private:
    bool readVersion(QString *version, QString *error)
    {
        const QueryResult q = m_session.query(QStringLiteral("PRAGMA main.schema_version"));
        if (!q.ok()) {
            *error = q.error->toString();
            return false;
        }
        *version = q.scalar().toString();
        return true;
    }

    // Every row, and per lower-case tbl_name the text of its rows (sorted, so row order does
    // not matter): equal texts, equal objects.
    bool readMaster(QList<QVariantList> *rows, QHash<QString, QString> *groups, QString *error)
    {
        QueryResult q = m_session.query(QStringLiteral("SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY type, name"));
        if (!q.ok()) {
            *error = q.error->toString();
            return false;
        }
        for (const QVariantList &row : std::as_const(q.rows)) {
            QString &text = (*groups)[row.at(2).toString().toLower()];
            text += row.at(0).toString() + u'\x1f' + row.at(1).toString() + u'\x1f' + row.at(2).toString() + u'\x1f'
                    + row.at(3).toString() + u'\x1e';
        }
        *rows = std::move(q.rows);
        return true;
    }

    // The parents of the tables named (lower-case), or of all tables. The query names them as
    // sqlite_schema spells them: SQLite's lower() folds ASCII only, Qt's toLower() does not.
    QString readParents(const QList<QVariantList> &master, const QSet<QString> &tables, bool all = false)
    {
        QSet<QString> names;
        for (const QVariantList &row : master)
            if (row.at(0).toString() == u"table" && (all || tables.contains(row.at(1).toString().toLower())))
                names.insert(row.at(1).toString());
        if (names.isEmpty())
            return {};
        const QueryResult q = m_session.query(QStringLiteral("SELECT m.name, p.\"table\" FROM main.sqlite_schema m "
                                                             "JOIN pragma_foreign_key_list(m.name, 'main') p "
                                                             "WHERE m.type = 'table'%1")
                                                  .arg(all ? QString() : QStringLiteral(" AND m.name IN (%1)").arg(sqlList(names))));
        if (!q.ok())
            return q.error->toString();
        for (const QVariantList &row : q.rows)
            m_parents[row.at(0).toString().toLower()].insert(row.at(1).toString().toLower());
        return {};
    }

    QString m_version;
    QHash<QString, QString> m_groups;           // lower-case tbl_name -> its rows' text
    QHash<QString, QSet<QString>> m_parents;   // lower-case table -> lower-case parents of its foreign keys
};

} // namespace

std::unique_ptr<ChangeMarkers> makeSqliteChangeMarkers(TargetSession &session)
{
    return std::make_unique<SqliteChangeMarkers>(session);
}

} // namespace mig
