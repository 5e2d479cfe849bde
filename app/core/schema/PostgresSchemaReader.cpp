// PostgreSQL's schema from pg_catalog: one query per kind of object over every user schema, so
// the time a snapshot takes grows with the number of objects, not the number of round trips.
// Relations are read first; every later query names its relation by oid, and whatever belongs
// to a relation the snapshot leaves out (an excluded table, an extension's table) is dropped on
// the way in rather than filtered again in each query's SQL.
#include "SchemaReader.h"

#include "target/TargetSession.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <tuple>

namespace mig {

namespace {

using Kind = SchemaObject::Kind;

// System schemas: the catalogs, TOAST storage and other sessions' temporary tables.
QString userSchema(const QString &nspname)
{
    return QStringLiteral("%1 NOT IN ('pg_catalog', 'information_schema') AND %1 NOT LIKE 'pg\\_toast%' "
                          "AND %1 NOT LIKE 'pg\\_temp\\_%'")
        .arg(nspname);
}

// Objects an extension's script created belong to the extension, not to the schema under watch.
QString notFromExtension(const QString &catalog, const QString &oid)
{
    return QStringLiteral("NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '%1'::regclass AND x.objid = %2 "
                          "AND x.deptype = 'e')")
        .arg(catalog, oid);
}

// The column names of an int2[] of attribute numbers of one relation, in the array's order.
QString attributeNames(const QString &numbers, const QString &relation)
{
    return QStringLiteral("(SELECT string_agg(a.attname, ', ' ORDER BY u.ord) FROM unnest(%1) WITH ORDINALITY u(num, ord) "
                          "JOIN pg_attribute a ON a.attrelid = %2 AND a.attnum = u.num)")
        .arg(numbers, relation);
}

QString quoteIdent(const QString &name)
{
    QString q = name;
    q.replace(u'"', QStringLiteral("\"\""));
    return u'"' + q + u'"';
}

QString text(const QVariant &v)
{
    return v.isNull() ? QString() : v.toString();
}

QString yesNo(const QVariant &v)
{
    return v.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
}

QString fkAction(const QString &code)
{
    if (code == u"r")
        return QStringLiteral("restrict");
    if (code == u"c")
        return QStringLiteral("cascade");
    if (code == u"n")
        return QStringLiteral("set null");
    if (code == u"d")
        return QStringLiteral("set default");
    return QStringLiteral("no action");
}

void set(SchemaObject &o, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        o.attributes.insert(key, value);
}

SchemaObject object(Kind kind, const QString &schema, const QString &table, const QString &name)
{
    SchemaObject o;
    o.kind = kind;
    o.schema = schema;
    o.table = table;
    o.name = name;
    return o;
}

// SchemaSnapshot::sort()'s order, each key made once: comparing made-up keys dominated the time
// a snapshot of a 2,000-table schema took.
void sortByKey(SchemaSnapshot &snapshot)
{
    QList<std::pair<QString, qsizetype>> keys;
    keys.reserve(snapshot.objects.size());
    for (qsizetype i = 0; i < snapshot.objects.size(); ++i)
        keys.append({snapshot.objects.at(i).key(), i});
    std::sort(keys.begin(), keys.end());
    QList<SchemaObject> sorted;
    sorted.reserve(keys.size());
    for (const auto &k : std::as_const(keys))
        sorted.append(std::move(snapshot.objects[k.second]));
    snapshot.objects = std::move(sorted);
    std::sort(snapshot.tables.begin(), snapshot.tables.end(), [](const TableStats &a, const TableStats &b) {
        return std::tie(a.schema, a.table) < std::tie(b.schema, b.table);
    });
}

struct Relation {
    QString schema;
    QString name;
    QString kind; // relkind: r, p, v, m
};

class Reader
{
public:
    Reader(TargetSession &session, const SnapshotOptions &options) : m_session(session), m_options(options) {}

    SnapshotResult run()
    {
        (void)(database() && relations() && columns() && constraints() && indexes() && triggers() && policies()
               && routines() && sequences() && types() && extensions() && schemas() && rowCounts());
        sortByKey(m_result.snapshot);
        return m_result;
    }

private:
    SchemaSnapshot &snapshot() { return m_result.snapshot; }

    bool fetch(const QString &sql, QList<QVariantList> &rows)
    {
        QueryResult q = m_session.query(sql);
        if (!q.ok()) {
            m_result.error = q.error;
            return false;
        }
        rows = std::move(q.rows);
        return true;
    }

    // " AND column = ANY('{1,2}'::oid[])" for a scoped read; empty for a whole one.
    QString only(const QString &column, const QList<qint64> &oids) const
    {
        if (!m_options.scope)
            return {};
        QStringList numbers;
        for (qint64 oid : oids)
            numbers << QString::number(oid);
        return QStringLiteral(" AND %1 = ANY('{%2}'::oid[])").arg(column, numbers.join(u','));
    }
    // A scoped read with nothing of this kind to read.
    bool nothing(const QList<qint64> &oids) const { return m_options.scope && oids.isEmpty(); }
    QList<qint64> scoped(QList<qint64> ReadScope::*member) const { return m_options.scope ? (*m_options.scope).*member : QList<qint64>(); }

    const Relation *relation(const QVariant &oid) const
    {
        const auto it = m_relations.constFind(oid.toLongLong());
        return it == m_relations.cend() ? nullptr : &*it;
    }

    bool database()
    {
        QList<QVariantList> rows;
        if (!fetch(QStringLiteral("SELECT current_database(), current_schema()"), rows))
            return false;
        snapshot().database = text(rows.value(0).value(0));
        m_currentSchema = text(rows.value(0).value(1));
        return true;
    }

    bool relations()
    {
        QList<QVariantList> rows;
        const QString sql = QStringLiteral(
            "SELECT c.oid::bigint, n.nspname, c.relname, c.relkind::text, c.relrowsecurity, c.relforcerowsecurity, "
            "CASE WHEN c.relkind = 'r' THEN %3 END, "
            "CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm') AND %1 AND %2%4")
                                .arg(userSchema(QStringLiteral("n.nspname")),
                                     notFromExtension(QStringLiteral("pg_class"), QStringLiteral("c.oid")),
                                     m_options.sizes ? QStringLiteral("pg_total_relation_size(c.oid)") : QStringLiteral("NULL::bigint"),
                                     only(QStringLiteral("c.oid"), scoped(&ReadScope::relations)));
        if (nothing(scoped(&ReadScope::relations)))
            return true;
        if (!fetch(sql, rows))
            return false;
        QSet<QString> excluded;
        for (const QString &t : m_options.excludeTables)
            excluded.insert(t.toLower());
        for (const QVariantList &row : rows) {
            const Relation rel{text(row[1]), text(row[2]), text(row[3])};
            const bool table = rel.kind == u"r" || rel.kind == u"p";
            if (table && rel.schema == m_currentSchema && excluded.contains(rel.name.toLower()))
                continue;
            m_relations.insert(row[0].toLongLong(), rel);
            if (table) {
                SchemaObject o = object(Kind::Table, rel.schema, {}, rel.name);
                QString rls = row[4].toBool() ? QStringLiteral("enabled") : QStringLiteral("disabled");
                if (row[5].toBool())
                    rls += QStringLiteral(" forced");
                o.attributes.insert(QStringLiteral("rls"), rls);
                snapshot().objects << o;
                // A partitioned table holds no rows of its own: its partitions are measured
                // (they are tables here too), so totals do not count a row twice.
                TableStats stats{rel.schema, rel.name, -1, -1};
                if (rel.kind == u"r") {
                    stats.bytes = row[6].isNull() ? -1 : row[6].toLongLong();
                    m_counted << snapshot().tables.size();
                }
                snapshot().tables << stats;
            } else {
                SchemaObject o = object(rel.kind == u"v" ? Kind::View : Kind::MaterializedView, rel.schema, {}, rel.name);
                set(o, QStringLiteral("definition"), normalizeSql(text(row[7])));
                snapshot().objects << o;
            }
        }
        return true;
    }

    bool columns()
    {
        QList<QVariantList> rows;
        const QString sql = QStringLiteral(
            "SELECT a.attrelid::bigint, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "pg_get_expr(d.adbin, d.adrelid, true), a.attgenerated::text, a.attidentity::text, "
            "CASE WHEN a.attcollation <> t.typcollation THEN co.collname END "
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_type t ON t.oid = a.atttypid "
            "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
            "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND %1%2")
                                .arg(userSchema(QStringLiteral("n.nspname")), only(QStringLiteral("a.attrelid"), scoped(&ReadScope::relations)));
        if (nothing(scoped(&ReadScope::relations)))
            return true;
        if (!fetch(sql, rows))
            return false;
        for (const QVariantList &row : rows) {
            const Relation *rel = relation(row[0]);
            if (!rel)
                continue;
            SchemaObject o = object(Kind::Column, rel->schema, rel->name, text(row[1]));
            o.attributes.insert(QStringLiteral("type"), normalizeType(Dialect::Postgres, text(row[2])));
            o.attributes.insert(QStringLiteral("nullable"), row[3].toBool() ? QStringLiteral("no") : QStringLiteral("yes"));
            const QString expression = normalizeSql(text(row[4]));
            const QString generated = text(row[5]);
            const QString identity = text(row[6]);
            if (generated == u"s")
                set(o, QStringLiteral("generated"), QStringLiteral("stored: ") + expression);
            else if (identity == u"a")
                o.attributes.insert(QStringLiteral("generated"), QStringLiteral("identity always"));
            else if (identity == u"d")
                o.attributes.insert(QStringLiteral("generated"), QStringLiteral("identity by default"));
            else
                set(o, QStringLiteral("default"), expression);
            set(o, QStringLiteral("collation"), text(row[7]));
            snapshot().objects << o;
        }
        return true;
    }

    bool constraints()
    {
        QList<QVariantList> rows;
        const QString sql = QStringLiteral(
            "SELECT k.conrelid::bigint, k.conname, k.contype::text, %1, pg_get_expr(k.conbin, k.conrelid, true), "
            "pg_get_constraintdef(k.oid, true), fn.nspname || '.' || fc.relname || '(' || %2 || ')', "
            "k.confdeltype::text, k.confupdtype::text, k.condeferrable, k.condeferred "
            "FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace "
            "LEFT JOIN pg_class fc ON fc.oid = k.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace "
            "WHERE k.contype IN ('p', 'u', 'c', 'f', 'x') AND k.conrelid <> 0 AND %3%4")
                                .arg(attributeNames(QStringLiteral("k.conkey"), QStringLiteral("k.conrelid")),
                                     attributeNames(QStringLiteral("k.confkey"), QStringLiteral("k.confrelid")),
                                     userSchema(QStringLiteral("n.nspname")), only(QStringLiteral("k.conrelid"), scoped(&ReadScope::relations)));
        if (nothing(scoped(&ReadScope::relations)))
            return true;
        if (!fetch(sql, rows))
            return false;
        for (const QVariantList &row : rows) {
            const Relation *rel = relation(row[0]);
            if (!rel)
                continue;
            SchemaObject o = object(Kind::Constraint, rel->schema, rel->name, text(row[1]));
            const QString type = text(row[2]);
            if (type == u"c") {
                // A check's conkey lists the columns it mentions in table order: left out, so
                // the same check on a table of another column order reads the same.
                o.attributes.insert(QStringLiteral("type"), QStringLiteral("check"));
                set(o, QStringLiteral("expression"), normalizeSql(text(row[4])));
            } else if (type == u"x") {
                o.attributes.insert(QStringLiteral("type"), QStringLiteral("exclude"));
                set(o, QStringLiteral("expression"), normalizeSql(text(row[5])));
            } else {
                o.attributes.insert(QStringLiteral("type"), type == u"p"   ? QStringLiteral("primary key")
                                                            : type == u"u" ? QStringLiteral("unique")
                                                                           : QStringLiteral("foreign key"));
                set(o, QStringLiteral("columns"), text(row[3]));
            }
            if (type == u"f") {
                set(o, QStringLiteral("references"), text(row[6]));
                o.attributes.insert(QStringLiteral("on delete"), fkAction(text(row[7])));
                o.attributes.insert(QStringLiteral("on update"), fkAction(text(row[8])));
            }
            if (row[9].toBool())
                o.attributes.insert(QStringLiteral("deferrable"),
                                    row[10].toBool() ? QStringLiteral("initially deferred") : QStringLiteral("initially immediate"));
            snapshot().objects << o;
        }
        return true;
    }

    bool indexes()
    {
        QList<QVariantList> rows;
        // pg_get_indexdef(oid, k, true) renders a key without its sort order: the order comes
        // from indoption (bit 1 DESC, bit 2 NULLS FIRST), spelled only where it is not the
        // default, for the access methods that sort.
        const QString sql = QStringLiteral(
            "SELECT i.indrelid::bigint, ic.relname, "
            "(SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true) || CASE WHEN NOT pg_indexam_has_property(am.oid, 'can_order') THEN '' "
            "  WHEN i.indoption[k - 1] & 3 = 1 THEN ' desc nulls last' WHEN i.indoption[k - 1] & 3 = 3 THEN ' desc' "
            "  WHEN i.indoption[k - 1] & 3 = 2 THEN ' nulls first' ELSE '' END, ', ' ORDER BY k) "
            " FROM generate_series(1, i.indnkeyatts::int) k), "
            "i.indisunique, am.amname, pg_get_expr(i.indpred, i.indrelid, true), "
            "EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid "
            "        AND k.contype IN ('p', 'u', 'x')) "
            "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam "
            "JOIN pg_namespace n ON n.oid = ic.relnamespace WHERE %1%2")
                                .arg(userSchema(QStringLiteral("n.nspname")), only(QStringLiteral("i.indrelid"), scoped(&ReadScope::relations)));
        if (nothing(scoped(&ReadScope::relations)))
            return true;
        if (!fetch(sql, rows))
            return false;
        for (const QVariantList &row : rows) {
            const Relation *rel = relation(row[0]);
            if (!rel)
                continue;
            SchemaObject o = object(Kind::Index, rel->schema, rel->name, text(row[1]));
            set(o, QStringLiteral("columns"), text(row[2]));
            o.attributes.insert(QStringLiteral("unique"), yesNo(row[3]));
            set(o, QStringLiteral("method"), text(row[4]));
            set(o, QStringLiteral("predicate"), normalizeSql(text(row[5])));
            if (row[6].toBool())
                o.attributes.insert(QStringLiteral("constraint"), QStringLiteral("yes"));
            snapshot().objects << o;
        }
        return true;
    }

    bool triggers()
    {
        QList<QVariantList> rows;
        const QString sql = QStringLiteral(
            "SELECT t.tgrelid::bigint, t.tgname, t.tgtype::int, %1, pn.nspname || '.' || p.proname, t.tgnargs::int, t.tgargs "
            "FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace "
            "WHERE NOT t.tgisinternal%2")
                                .arg(attributeNames(QStringLiteral("t.tgattr::int2[]"), QStringLiteral("t.tgrelid")),
                                     only(QStringLiteral("t.tgrelid"), scoped(&ReadScope::relations)));
        if (nothing(scoped(&ReadScope::relations)))
            return true;
        if (!fetch(sql, rows))
            return false;
        for (const QVariantList &row : rows) {
            const Relation *rel = relation(row[0]);
            if (!rel)
                continue;
            SchemaObject o = object(Kind::Trigger, rel->schema, rel->name, text(row[1]));
            // tgtype bits (pg_trigger.h): 1 row, 2 before, 4 insert, 8 delete, 16 update,
            // 32 truncate, 64 instead of.
            const int type = row[2].toInt();
            o.attributes.insert(QStringLiteral("timing"), type & 64  ? QStringLiteral("instead of")
                                                          : type & 2 ? QStringLiteral("before")
                                                                     : QStringLiteral("after"));
            QStringList events;
            if (type & 4)
                events << QStringLiteral("insert");
            if (type & 16) {
                const QString of = text(row[3]);
                events << (of.isEmpty() ? QStringLiteral("update") : QStringLiteral("update of (%1)").arg(of));
            }
            if (type & 8)
                events << QStringLiteral("delete");
            if (type & 32)
                events << QStringLiteral("truncate");
            o.attributes.insert(QStringLiteral("events"), events.join(QStringLiteral(", ")));
            o.attributes.insert(QStringLiteral("level"), type & 1 ? QStringLiteral("row") : QStringLiteral("statement"));
            // tgargs: the trigger's arguments, each ended by a NUL byte.
            QStringList args;
            const QList<QByteArray> raw = row[6].toByteArray().split('\0');
            for (int i = 0; i < row[5].toInt() && i < raw.size(); ++i)
                args << u'\'' + QString::fromUtf8(raw[i]).replace(u'\'', QStringLiteral("''")) + u'\'';
            o.attributes.insert(QStringLiteral("action"),
                                QStringLiteral("execute function %1(%2)").arg(text(row[4]), args.join(QStringLiteral(", "))));
            snapshot().objects << o;
        }
        return true;
    }

    bool policies()
    {
        QList<QVariantList> rows;
        const QString sql = QStringLiteral(
            "SELECT p.polrelid::bigint, p.polname, p.polcmd::text, p.polpermissive, "
            "array_to_string(ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END "
            "                      FROM unnest(p.polroles) r ORDER BY 1), ', '), "
            "pg_get_expr(p.polqual, p.polrelid, true), pg_get_expr(p.polwithcheck, p.polrelid, true) FROM pg_policy p WHERE true%1")
                                .arg(only(QStringLiteral("p.polrelid"), scoped(&ReadScope::relations)));
        if (nothing(scoped(&ReadScope::relations)))
            return true;
        if (!fetch(sql, rows))
            return false;
        static const QHash<QString, QString> commands{
            {QStringLiteral("*"), QStringLiteral("all")},    {QStringLiteral("r"), QStringLiteral("select")},
            {QStringLiteral("a"), QStringLiteral("insert")}, {QStringLiteral("w"), QStringLiteral("update")},
            {QStringLiteral("d"), QStringLiteral("delete")},
        };
        for (const QVariantList &row : rows) {
            const Relation *rel = relation(row[0]);
            if (!rel)
                continue;
            SchemaObject o = object(Kind::Policy, rel->schema, rel->name, text(row[1]));
            o.attributes.insert(QStringLiteral("command"), commands.value(text(row[2]), text(row[2])));
            o.attributes.insert(QStringLiteral("permissive"), yesNo(row[3]));
            set(o, QStringLiteral("roles"), text(row[4]));
            set(o, QStringLiteral("using"), normalizeSql(text(row[5])));
            set(o, QStringLiteral("with check"), normalizeSql(text(row[6])));
            snapshot().objects << o;
        }
        return true;
    }

    bool routines()
    {
        QList<QVariantList> rows;
        // A SQL-standard body (BEGIN ATOMIC / RETURN, PostgreSQL 14+) is parsed at creation and
        // has no prosrc: the server renders it back.
        const QString body = m_session.serverVersionNumber() >= 140000
                                 ? QStringLiteral("CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) ELSE p.prosrc END")
                                 : QStringLiteral("p.prosrc");
        // deptype 'i': functions made along with another object (a range type's constructors).
        const QString sql = QStringLiteral(
            "SELECT n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', p.prokind::text, "
            "pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), l.lanname, %1 "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang "
            "WHERE p.prokind IN ('f', 'p') AND %2 AND NOT EXISTS (SELECT 1 FROM pg_depend x "
            "  WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype IN ('e', 'i'))%3")
                                .arg(body, userSchema(QStringLiteral("n.nspname")), only(QStringLiteral("p.oid"), scoped(&ReadScope::routines)));
        if (nothing(scoped(&ReadScope::routines)))
            return true;
        if (!fetch(sql, rows))
            return false;
        for (const QVariantList &row : rows) {
            SchemaObject o = object(Kind::Routine, text(row[0]), {}, text(row[1]));
            o.attributes.insert(QStringLiteral("kind"), text(row[2]) == u"p" ? QStringLiteral("procedure") : QStringLiteral("function"));
            set(o, QStringLiteral("arguments"), normalizeSql(text(row[3])));
            set(o, QStringLiteral("returns"), normalizeSql(text(row[4])));
            set(o, QStringLiteral("language"), text(row[5]));
            set(o, QStringLiteral("definition"), normalizeSql(text(row[6])));
            snapshot().objects << o;
        }
        return true;
    }

    bool sequences()
    {
        QList<QVariantList> rows;
        // deptype 'a' on a column: OWNED BY (serial or explicit); deptype 'i': an identity
        // column's own sequence, which is part of the column and not listed.
        const QString sql = QStringLiteral(
            "SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, "
            "s.seqcycle, o.refobjid::bigint, oc.relname || '.' || oa.attname "
            "FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_depend o ON o.classid = 'pg_class'::regclass AND o.objid = c.oid AND o.refclassid = 'pg_class'::regclass "
            "  AND o.refobjsubid > 0 AND o.deptype = 'a' "
            "LEFT JOIN pg_class oc ON oc.oid = o.refobjid "
            "LEFT JOIN pg_attribute oa ON oa.attrelid = o.refobjid AND oa.attnum = o.refobjsubid "
            "WHERE %1 AND %2 AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_class'::regclass "
            "  AND i.objid = c.oid AND i.deptype = 'i')%3")
                                .arg(userSchema(QStringLiteral("n.nspname")),
                                     notFromExtension(QStringLiteral("pg_class"), QStringLiteral("c.oid")),
                                     only(QStringLiteral("c.oid"), scoped(&ReadScope::sequences)));
        if (nothing(scoped(&ReadScope::sequences)))
            return true;
        if (!fetch(sql, rows))
            return false;
        for (const QVariantList &row : rows) {
            // Owned by a column of a table left out (or one an extension holds): left out too.
            if (!row[8].isNull() && !relation(row[8]))
                continue;
            SchemaObject o = object(Kind::Sequence, text(row[0]), {}, text(row[1]));
            o.attributes.insert(QStringLiteral("type"), normalizeType(Dialect::Postgres, text(row[2])));
            o.attributes.insert(QStringLiteral("start"), text(row[3]));
            o.attributes.insert(QStringLiteral("increment"), text(row[4]));
            o.attributes.insert(QStringLiteral("min"), text(row[5]));
            o.attributes.insert(QStringLiteral("max"), text(row[6]));
            o.attributes.insert(QStringLiteral("cycle"), yesNo(row[7]));
            set(o, QStringLiteral("owned by"), text(row[9]));
            snapshot().objects << o;
        }
        return true;
    }

    bool types()
    {
        QList<QVariantList> rows;
        // Composite types of their own (relkind 'c'), not the row type every table has.
        const QString sql = QStringLiteral(
            "SELECT n.nspname, t.typname, t.typtype::text, "
            "(SELECT string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), "
            "CASE t.typtype WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod) "
            "  WHEN 'r' THEN (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid) END, "
            "t.typnotnull, t.typdefault, "
            "(SELECT string_agg(pg_get_constraintdef(k.oid, true), ', ' ORDER BY k.conname) FROM pg_constraint k "
            "  WHERE k.contypid = t.oid AND k.contype = 'c'), "
            "(SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) "
            "  FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) "
            "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_class c ON c.oid = t.typrelid "
            "WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND c.relkind = 'c')) AND %1 AND %2%3")
                                .arg(userSchema(QStringLiteral("n.nspname")),
                                     notFromExtension(QStringLiteral("pg_type"), QStringLiteral("t.oid")),
                                     only(QStringLiteral("t.oid"), scoped(&ReadScope::types)));
        if (nothing(scoped(&ReadScope::types)))
            return true;
        if (!fetch(sql, rows))
            return false;
        static const QHash<QString, QString> kinds{
            {QStringLiteral("e"), QStringLiteral("enum")}, {QStringLiteral("d"), QStringLiteral("domain")},
            {QStringLiteral("c"), QStringLiteral("composite")}, {QStringLiteral("r"), QStringLiteral("range")},
        };
        for (const QVariantList &row : rows) {
            const QString kind = kinds.value(text(row[2]));
            SchemaObject o = object(Kind::Type, text(row[0]), {}, text(row[1]));
            o.attributes.insert(QStringLiteral("kind"), kind);
            set(o, QStringLiteral("values"), text(row[3]));
            set(o, QStringLiteral("base"), normalizeType(Dialect::Postgres, text(row[4])));
            if (kind == u"domain") {
                o.attributes.insert(QStringLiteral("nullable"), row[5].toBool() ? QStringLiteral("no") : QStringLiteral("yes"));
                set(o, QStringLiteral("default"), normalizeSql(text(row[6])));
                set(o, QStringLiteral("check"), normalizeSql(text(row[7])));
            }
            set(o, QStringLiteral("columns"), normalizeSql(text(row[8])));
            snapshot().objects << o;
        }
        return true;
    }

    bool extensions()
    {
        QList<QVariantList> rows;
        // plpgsql lives in pg_catalog and is left out with it.
        const QString sql = QStringLiteral("SELECT n.nspname, e.extname, e.extversion FROM pg_extension e "
                                           "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE %1%2")
                                .arg(userSchema(QStringLiteral("n.nspname")), only(QStringLiteral("e.oid"), scoped(&ReadScope::extensions)));
        if (nothing(scoped(&ReadScope::extensions)))
            return true;
        if (!fetch(sql, rows))
            return false;
        for (const QVariantList &row : rows) {
            SchemaObject o = object(Kind::Extension, text(row[0]), {}, text(row[1]));
            set(o, QStringLiteral("version"), text(row[2]));
            snapshot().objects << o;
        }
        return true;
    }

    bool schemas()
    {
        QList<QVariantList> rows;
        const QString sql = QStringLiteral("SELECT n.nspname FROM pg_namespace n WHERE %1 AND %2%3")
                                .arg(userSchema(QStringLiteral("n.nspname")),
                                     notFromExtension(QStringLiteral("pg_namespace"), QStringLiteral("n.oid")),
                                     only(QStringLiteral("n.oid"), scoped(&ReadScope::schemas)));
        if (nothing(scoped(&ReadScope::schemas)))
            return true;
        if (!fetch(sql, rows))
            return false;
        for (const QVariantList &row : rows)
            snapshot().objects << object(Kind::Schema, {}, {}, text(row[0]));
        return true;
    }

    // Exact counts, many tables per statement: a round trip per table would dominate the time
    // a snapshot of a large schema takes.
    bool rowCounts()
    {
        if (!m_options.rowCounts)
            return true;
        constexpr int batch = 100;
        for (qsizetype from = 0; from < m_counted.size(); from += batch) {
            QStringList parts;
            const qsizetype to = std::min<qsizetype>(from + batch, m_counted.size());
            for (qsizetype i = from; i < to; ++i) {
                const TableStats &t = snapshot().tables.at(m_counted.at(i));
                parts << QStringLiteral("SELECT %1, count(*) FROM %2.%3").arg(i).arg(quoteIdent(t.schema), quoteIdent(t.table));
            }
            QList<QVariantList> rows;
            if (!fetch(parts.join(QStringLiteral(" UNION ALL ")), rows))
                return false;
            for (const QVariantList &row : rows)
                snapshot().tables[m_counted.at(row[0].toLongLong())].rows = row[1].toLongLong();
        }
        return true;
    }

    TargetSession &m_session;
    const SnapshotOptions &m_options;
    SnapshotResult m_result;
    QString m_currentSchema;
    QHash<qint64, Relation> m_relations; // by oid: the tables, views and materialized views read
    QList<qsizetype> m_counted;          // indexes into snapshot().tables of the tables to count
};

} // namespace

SnapshotResult readPostgresSchema(TargetSession &session, const SnapshotOptions &options)
{
    return Reader(session, options).run();
}

} // namespace mig
