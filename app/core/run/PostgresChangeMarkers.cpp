// PostgreSQL's change markers. Every DDL statement writes catalog rows, wherever it runs (a
// script, a DO block, a function called by a SELECT), and each row version carries the
// transaction that wrote it (xmin). Per unit of the schema (a relation with its columns,
// defaults, constraints, indexes, triggers, policies and rules; a sequence; a routine; a type;
// an extension; a schema) one query returns its catalog rows' xmins counted and summed: a row
// written, added or removed moves the marker. Objects that print another object's name (a
// view, a foreign key, a trigger's function, a column's type, a default's sequence) are
// re-read when that object changes, found through pg_depend.
#include "ChangeMarkers.h"

#include "target/TargetSession.h"

namespace mig {

namespace {

using Kind = SchemaObject::Kind;

const QString UserSchema = QStringLiteral(
    "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'");

// Per owner oid: "count/sum of xmin" of the catalog rows that describe it.
const QString RowsByOwner = QStringLiteral(
    "WITH rx AS ("
    "  SELECT attrelid AS r, xmin FROM pg_attribute WHERE attnum > 0"
    "  UNION ALL SELECT adrelid, xmin FROM pg_attrdef"
    "  UNION ALL SELECT conrelid, xmin FROM pg_constraint WHERE conrelid <> 0"
    "  UNION ALL SELECT contypid, xmin FROM pg_constraint WHERE contypid <> 0"
    "  UNION ALL SELECT indrelid, xmin FROM pg_index"
    "  UNION ALL SELECT i.indrelid, c.xmin FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
    "  UNION ALL SELECT tgrelid, xmin FROM pg_trigger"
    "  UNION ALL SELECT polrelid, xmin FROM pg_policy"
    "  UNION ALL SELECT ev_class, xmin FROM pg_rewrite"
    "  UNION ALL SELECT seqrelid, xmin FROM pg_sequence"
    "  UNION ALL SELECT objid, xmin FROM pg_depend WHERE classid = 'pg_class'::regclass AND objsubid = 0 AND deptype IN ('a', 'i', 'e')"
    "  UNION ALL SELECT enumtypid, xmin FROM pg_enum"
    "  UNION ALL SELECT rngtypid, xmin FROM pg_range"
    "), agg AS (SELECT r, count(*) || '/' || sum(xmin::text::bigint) AS m FROM rx GROUP BY r) ");

struct Unit {
    QChar kind; // r relation, S sequence, f routine, t type, e extension, n schema
    qint64 oid = 0;
    QString schema, name, marker;
    qint64 owner = 0; // a sequence's owning table (OWNED BY)
    QString key() const { return kind + QString::number(oid); }
    QString identity() const { return schema + u'\x1f' + name; }
};

class PostgresChangeMarkers final : public ChangeMarkers
{
public:
    explicit PostgresChangeMarkers(TargetSession &session) : ChangeMarkers(session) {}

    QString start() override
    {
        QString error;
        read(&m_units, &error);
        return error;
    }

    std::optional<ChangeSet> changes(QString *error) override
    {
        QHash<QString, Unit> now;
        if (!read(&now, error))
            return std::nullopt;
        ChangeSet set;
        QSet<QString> dirty, vanished, renamedOrChanged;
        for (auto it = now.cbegin(); it != now.cend(); ++it) {
            const auto was = m_units.constFind(it.key());
            if (was == m_units.cend()) {
                dirty.insert(it.key());
            } else if (was->identity() != it->identity()) {
                if (it->kind == u'n') // a schema renamed: every name in it changed
                    set.whole = true;
                dirty.insert(it.key());
                renamedOrChanged.insert(it.key());
            } else if (was->marker != it->marker) {
                dirty.insert(it.key());
                // A schema's own row changed (a GRANT, an owner): it is read again, but what is
                // in it prints the same name (everything in it depends on it).
                if (it->kind != u'n')
                    renamedOrChanged.insert(it.key());
            }
        }
        for (auto it = m_units.cbegin(); it != m_units.cend(); ++it)
            if (!now.contains(it.key()))
                vanished.insert(it.key());
        if (!set.whole && !renamedOrChanged.isEmpty() && !addDependents(renamedOrChanged, now, &dirty, error))
            return std::nullopt;
        // A sequence is only kept when its owner is: its owner is re-read with it. Overloads
        // share a name, by which they are taken out: all of them are re-read.
        QSet<QString> routineNames;
        for (const QString &k : std::as_const(vanished))
            if (m_units[k].kind == u'f')
                routineNames.insert(m_units[k].identity());
        for (const QString &k : QSet<QString>(dirty)) {
            const Unit &u = now[k];
            if (u.kind == u'S' && u.owner != 0 && now.contains(QStringLiteral("r%1").arg(u.owner)))
                dirty.insert(QStringLiteral("r%1").arg(u.owner));
            if (u.kind == u'f') {
                routineNames.insert(u.identity());
                if (m_units.contains(k))
                    routineNames.insert(m_units[k].identity());
            }
        }
        for (auto it = now.cbegin(); it != now.cend(); ++it)
            if (it->kind == u'f' && routineNames.contains(it->identity()))
                dirty.insert(it.key());
        for (const QString &k : QSet<QString>(dirty))
            if (blindTo.contains(now[k].schema + u'.' + now[k].name))
                dirty.remove(k);

        // Names to take out: as each unit was named, and as it is named now.
        QHash<QChar, QSet<QString>> stale;
        const auto note = [&](const Unit &u) { stale[u.kind].insert(u.identity()); };
        for (const QString &k : std::as_const(dirty)) {
            const Unit &u = now[k];
            note(u);
            if (m_units.contains(k))
                note(m_units[k]);
            QList<qint64> *list = u.kind == u'r'   ? &set.scope.relations
                                  : u.kind == u'S' ? &set.scope.sequences
                                  : u.kind == u'f' ? &set.scope.routines
                                  : u.kind == u't' ? &set.scope.types
                                  : u.kind == u'e' ? &set.scope.extensions
                                                   : &set.scope.schemas;
            list->append(u.oid);
        }
        for (const QString &k : std::as_const(vanished))
            note(m_units[k]);
        set.units = int(dirty.size() + vanished.size());
        set.stale = [stale](const SchemaObject &o) {
            const auto in = [&](QChar kind, const QString &schema, const QString &name) {
                const auto it = stale.constFind(kind);
                return it != stale.cend() && it->contains(schema + u'\x1f' + name);
            };
            switch (o.kind) {
            case Kind::Table:
            case Kind::View:
            case Kind::MaterializedView: return in(u'r', o.schema, o.name);
            case Kind::Column:
            case Kind::Constraint:
            case Kind::Index:
            case Kind::Trigger:
            case Kind::Policy: return in(u'r', o.schema, o.table);
            case Kind::Sequence: return in(u'S', o.schema, o.name);
            case Kind::Routine: return in(u'f', o.schema, o.name.section(u'(', 0, 0));
            case Kind::Type: return in(u't', o.schema, o.name);
            case Kind::Extension: return in(u'e', o.schema, o.name);
            case Kind::Schema: return in(u'n', QString(), o.name);
            }
            return false;
        };
        m_units = std::move(now);
        return set;
    }

private:
    bool read(QHash<QString, Unit> *units, QString *error)
    {
        const QString sql = RowsByOwner + QStringLiteral(
            "SELECT CASE WHEN c.relkind = 'S' THEN 'S' ELSE 'r' END, c.oid::bigint, n.nspname, c.relname, "
            "  c.xmin::text || ' ' || coalesce(a.m, ''), "
            "  CASE WHEN c.relkind = 'S' THEN (SELECT d.refobjid::bigint FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
            "    AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype = 'a' LIMIT 1) END "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN agg a ON a.r = c.oid "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND %1 "
            "UNION ALL SELECT 'f', p.oid::bigint, n.nspname, p.proname, p.xmin::text, NULL "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE %1 "
            "UNION ALL SELECT 't', t.oid::bigint, n.nspname, t.typname, t.xmin::text || ' ' || coalesce(a.m, '') || ' ' || coalesce(ca.m, ''), NULL "
            "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_class c ON c.oid = t.typrelid "
            "LEFT JOIN agg a ON a.r = t.oid LEFT JOIN agg ca ON ca.r = t.typrelid "
            "WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND c.relkind = 'c')) AND %1 "
            "UNION ALL SELECT 'e', e.oid::bigint, n.nspname, e.extname, e.xmin::text, NULL "
            "FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE %1 "
            "UNION ALL SELECT 'n', n.oid::bigint, NULL, n.nspname, n.xmin::text, NULL FROM pg_namespace n WHERE %1")
                                .arg(UserSchema);
        const QueryResult q = m_session.query(sql);
        if (!q.ok()) {
            *error = q.error->toString();
            return false;
        }
        units->reserve(q.rows.size());
        for (const QVariantList &row : q.rows) {
            Unit u{row.at(0).toString().at(0), row.at(1).toLongLong(), row.at(2).toString(), row.at(3).toString(),
                   row.at(4).toString(), row.at(5).isNull() ? 0 : row.at(5).toLongLong()};
            units->insert(u.key(), u);
        }
        return true;
    }

    // Units whose catalog rows depend on the changed ones: they print their names.
    bool addDependents(const QSet<QString> &changed, const QHash<QString, Unit> &now, QSet<QString> *dirty, QString *error)
    {
        // Per catalog the oids that pg_depend names as depended on (refclassid, refobjid).
        QHash<QChar, QStringList> oids;
        for (const QString &k : changed)
            oids[now[k].kind] << QString::number(now[k].oid);
        const auto list = [&](std::initializer_list<QChar> kinds) {
            QStringList out;
            for (QChar kind : kinds)
                out << oids.value(kind);
            return QStringLiteral("'{%1}'::oid[]").arg(out.join(u','));
        };
        // What depends on a type through its array type (a column of mood[] depends on _mood)
        // or on a table through its row type (a column of type parent, RETURNS SETOF parent)
        // names no changed oid itself: their types' oids are asked for too.
        const QString sql = QStringLiteral(
            "WITH ref(classid, objid) AS ("
            "  SELECT 'pg_class'::regclass, unnest(%1)"
            "  UNION ALL SELECT 'pg_type'::regclass, unnest(%2)"
            "  UNION ALL SELECT 'pg_type'::regclass, t.typarray FROM pg_type t WHERE t.oid = ANY(%2) AND t.typarray <> 0"
            "  UNION ALL SELECT 'pg_type'::regclass, c.reltype FROM pg_class c WHERE c.oid = ANY(%1) AND c.reltype <> 0"
            "  UNION ALL SELECT 'pg_type'::regclass, t.typarray FROM pg_class c JOIN pg_type t ON t.oid = c.reltype "
            "    WHERE c.oid = ANY(%1) AND t.typarray <> 0"
            "  UNION ALL SELECT 'pg_proc'::regclass, unnest(%3)"
            "  UNION ALL SELECT 'pg_extension'::regclass, unnest(%4)"
            "  UNION ALL SELECT 'pg_namespace'::regclass, unnest(%5)) "
            "SELECT DISTINCT CASE d.classid "
            "  WHEN 'pg_class'::regclass THEN CASE WHEN c.relkind IN ('i', 'I') THEN 'r' || i.indrelid "
            "    WHEN c.relkind = 'S' THEN 'S' || c.oid WHEN c.relkind = 'c' THEN 't' || c.reltype ELSE 'r' || c.oid END "
            "  WHEN 'pg_rewrite'::regclass THEN 'r' || rw.ev_class "
            "  WHEN 'pg_attrdef'::regclass THEN 'r' || ad.adrelid "
            "  WHEN 'pg_constraint'::regclass THEN CASE WHEN k.conrelid <> 0 THEN 'r' || k.conrelid ELSE 't' || k.contypid END "
            "  WHEN 'pg_trigger'::regclass THEN 'r' || tg.tgrelid "
            "  WHEN 'pg_policy'::regclass THEN 'r' || po.polrelid "
            "  WHEN 'pg_proc'::regclass THEN 'f' || d.objid "
            "  WHEN 'pg_type'::regclass THEN 't' || d.objid END "
            "FROM ref JOIN pg_depend d ON d.refclassid = ref.classid AND d.refobjid = ref.objid "
            "LEFT JOIN pg_class c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid "
            "LEFT JOIN pg_index i ON i.indexrelid = c.oid "
            "LEFT JOIN pg_rewrite rw ON d.classid = 'pg_rewrite'::regclass AND rw.oid = d.objid "
            "LEFT JOIN pg_attrdef ad ON d.classid = 'pg_attrdef'::regclass AND ad.oid = d.objid "
            "LEFT JOIN pg_constraint k ON d.classid = 'pg_constraint'::regclass AND k.oid = d.objid "
            "LEFT JOIN pg_trigger tg ON d.classid = 'pg_trigger'::regclass AND tg.oid = d.objid "
            "LEFT JOIN pg_policy po ON d.classid = 'pg_policy'::regclass AND po.oid = d.objid")
                                .arg(list({u'r', u'S'}), list({u't'}), list({u'f'}), list({u'e'}), list({u'n'}));
        const QueryResult q = m_session.query(sql);
        if (!q.ok()) {
            *error = q.error->toString();
            return false;
        }
        for (const QVariantList &row : q.rows)
            if (const QString k = row.at(0).toString(); now.contains(k))
                dirty->insert(k);
        return true;
    }

    QHash<QString, Unit> m_units; // by key(): kind and oid
};

} // namespace

std::unique_ptr<ChangeMarkers> makePostgresChangeMarkers(TargetSession &session)
{
    return std::make_unique<PostgresChangeMarkers>(session);
}

std::unique_ptr<ChangeMarkers> makeSqliteChangeMarkers(TargetSession &session);

std::unique_ptr<ChangeMarkers> ChangeMarkers::create(TargetSession &session)
{
    switch (session.dialect()) {
    case Dialect::Sqlite: return makeSqliteChangeMarkers(session);
    case Dialect::Postgres: return makePostgresChangeMarkers(session);
    case Dialect::Mysql: break;
    }
    return nullptr;
}

} // namespace mig
