// PostgreSQL statements read with libpg_query: the tree says what a statement does, with names
// folded and quoted names intact; libpg_query's own lexer gives back the text of the few parts
// the rules send to the server as written (a CHECK expression, a partial index's predicate, an
// expression key).
#include "StatementActions.h"

#include "schema/SchemaSnapshot.h"
#include "sql/PostgresParseTree.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mig::lint::detail {

namespace {

using Kind = Action::Kind;

QJsonObject obj(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toObject();
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QStringList names(const QJsonValue &list)
{
    QStringList out;
    for (const QJsonValue &v : list.toArray())
        out << v.toObject().value(QLatin1String("String")).toObject().value(QLatin1String("sval")).toString();
    return out;
}

TableName tableOf(const QJsonObject &rangeVar)
{
    return {str(rangeVar, "schemaname"), str(rangeVar, "relname")};
}

// The type as format_type() spells it, normalised: pg_catalog.int8 is bigint, varchar(10) is
// character varying(10). Empty when a modifier is not a plain number.
QString typeOf(const QJsonObject &typeName)
{
    QStringList parts = names(typeName.value(QLatin1String("names")));
    if (parts.size() == 2 && parts.first() == u"pg_catalog")
        parts.removeFirst();
    QString type = parts.join(u'.');
    QStringList mods;
    for (const QJsonValue &m : typeName.value(QLatin1String("typmods")).toArray()) {
        const QJsonObject c = obj(m.toObject(), "A_Const");
        if (!c.contains(QLatin1String("ival")))
            return {};
        mods << QString::number(obj(c, "ival").value(QLatin1String("ival")).toInt(0));
    }
    if (!mods.isEmpty())
        type += u'(' + mods.join(u',') + u')';
    if (!typeName.value(QLatin1String("arrayBounds")).toArray().isEmpty())
        type += QStringLiteral("[]");
    return normalizeType(Dialect::Postgres, type);
}

// The first function call in an expression whose result differs per row, or empty. now() and
// the other transaction timestamps are stable: PostgreSQL 11+ stores them once, without a rewrite.
QString volatileCall(const QJsonValue &node)
{
    static const QStringList volatiles{
        QStringLiteral("random"), QStringLiteral("clock_timestamp"), QStringLiteral("gen_random_uuid"),
        QStringLiteral("uuid_generate_v1"), QStringLiteral("uuid_generate_v1mc"), QStringLiteral("uuid_generate_v4"),
        QStringLiteral("timeofday"), QStringLiteral("nextval"), QStringLiteral("random_normal"), QStringLiteral("gen_random_bytes"),
    };
    if (node.isArray()) {
        for (const QJsonValue &v : node.toArray())
            if (const QString f = volatileCall(v); !f.isEmpty())
                return f;
        return {};
    }
    const QJsonObject o = node.toObject();
    if (o.contains(QLatin1String("FuncCall"))) {
        const QStringList name = names(obj(o, "FuncCall").value(QLatin1String("funcname")));
        if (!name.isEmpty() && volatiles.contains(name.last()))
            return name.last() + QStringLiteral("()");
    }
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it->isObject() || it->isArray())
            if (const QString f = volatileCall(*it); !f.isEmpty())
                return f;
    return {};
}

// The statement's tokens from libpg_query's lexer, to give back the text of parts of it.
class Lexed
{
public:
    explicit Lexed(const QByteArray &sql) : m_sql(sql)
    {
        const PgQueryScanResult raw = pg_query_scan(sql.constData());
        if (!raw.error) {
            PgQuery__ScanResult *scan = pg_query__scan_result__unpack(nullptr, raw.pbuf.len, reinterpret_cast<const uint8_t *>(raw.pbuf.data));
            for (size_t i = 0; scan && i < scan->n_tokens; ++i)
                m_tokens << Token{scan->tokens[i]->start, scan->tokens[i]->end, int(scan->tokens[i]->token)};
            if (scan)
                pg_query__scan_result__free_unpacked(scan, nullptr);
        }
        pg_query_free_scan_result(raw);
    }

    qsizetype size() const { return m_tokens.size(); }
    bool is(qsizetype i, int token) const { return i >= 0 && i < m_tokens.size() && m_tokens[i].token == token; }
    // The first token at or after a byte offset of the tree, of the given kind; -1 when none.
    qsizetype find(int offset, int token) const
    {
        for (qsizetype i = 0; i < m_tokens.size(); ++i)
            if (m_tokens[i].start >= offset && m_tokens[i].token == token)
                return i;
        return -1;
    }
    // The first token of the kind after token i at the same depth; -1 when none.
    qsizetype next(qsizetype i, int token) const
    {
        for (++i; i > 0 && i < m_tokens.size(); ++i) {
            if (m_tokens[i].token == token)
                return i;
            if (m_tokens[i].token == Open)
                i = closing(i);
        }
        return -1;
    }
    // The ')' closing the '(' at i; -1 when unbalanced.
    qsizetype closing(qsizetype i) const
    {
        int depth = 0;
        for (; i >= 0 && i < m_tokens.size(); ++i) {
            depth += m_tokens[i].token == Open ? 1 : m_tokens[i].token == Close ? -1 : 0;
            if (depth == 0)
                return i;
        }
        return -1;
    }
    // The text of tokens first..last, as written.
    QString text(qsizetype first, qsizetype last) const
    {
        if (first < 0 || last < first || last >= m_tokens.size())
            return {};
        return QString::fromUtf8(m_sql.mid(m_tokens[first].start, m_tokens[last].end - m_tokens[first].start)).trimmed();
    }
    QString textFrom(qsizetype first) const
    {
        return first < 0 || first >= m_tokens.size() ? QString() : QString::fromUtf8(m_sql.mid(m_tokens[first].start)).trimmed();
    }
    // The inside of the parenthesis at i.
    QString inside(qsizetype open) const { return is(open, Open) ? text(open + 1, closing(open) - 1) : QString(); }

    static constexpr int Open = PG_QUERY__TOKEN__ASCII_40;
    static constexpr int Close = PG_QUERY__TOKEN__ASCII_41;
    static constexpr int Comma = PG_QUERY__TOKEN__ASCII_44;

private:
    struct Token {
        int start = 0;
        int end = 0;
        int token = 0;
    };
    QByteArray m_sql;
    QList<Token> m_tokens;
};

class Reader
{
public:
    Reader(const QByteArray &sql) : m_lexed(sql) {}

    StatementActions read(const QJsonObject &stmt)
    {
        const QString type = stmt.keys().value(0);
        const QJsonObject n = stmt.value(type).toObject();
        m_out.ddl = type.startsWith(u"Create") || type.startsWith(u"Alter") || type.startsWith(u"Drop") || type == u"IndexStmt"
            || type == u"RenameStmt" || type == u"TruncateStmt" || type == u"ViewStmt" || type == u"CompositeTypeStmt";
        if (type == u"DropStmt")
            drop(n);
        else if (type == u"DropdbStmt")
            dropDatabase(str(n, "dbname"));
        else if (type == u"TruncateStmt")
            for (const QJsonValue &r : n.value(QLatin1String("relations")).toArray())
                add(Kind::Truncate, tableOf(obj(r.toObject(), "RangeVar")));
        else if (type == u"DeleteStmt")
            write(n, n.contains(QLatin1String("whereClause")) || n.contains(QLatin1String("usingClause")) ? Kind::WriteRows : Kind::DeleteAll);
        else if (type == u"UpdateStmt")
            write(n, n.contains(QLatin1String("whereClause")) || n.contains(QLatin1String("fromClause")) ? Kind::WriteRows : Kind::UpdateAll);
        else if (type == u"InsertStmt")
            insert(n);
        else if (type == u"CopyStmt" && n.value(QLatin1String("is_from")).toBool())
            write(n, Kind::WriteRows);
        else if (type == u"CreateStmt")
            createTable(tableOf(obj(n, "relation")), n.value(QLatin1String("tableElts")).toArray());
        else if (type == u"CreateTableAsStmt")
            add(Kind::CreateTable, tableOf(obj(obj(n, "into"), "rel")));
        else if (type == u"IndexStmt")
            createIndex(n);
        else if (type == u"AlterTableStmt" && str(n, "objtype") == u"OBJECT_TABLE")
            alterTable(n);
        else if (type == u"RenameStmt")
            rename(n);
        return m_out;
    }

private:
    Action &add(Kind kind, const TableName &table) { return m_out.add(kind, table); }

    void write(const QJsonObject &n, Kind kind)
    {
        m_out.writesData = true;
        add(kind, tableOf(obj(n, "relation")));
    }

    void insert(const QJsonObject &n)
    {
        m_out.writesData = true;
        Action &a = add(Kind::InsertSelect, tableOf(obj(n, "relation")));
        const QJsonObject select = obj(obj(n, "selectStmt"), "SelectStmt");
        const QJsonArray from = select.value(QLatin1String("fromClause")).toArray();
        if (from.isEmpty())
            return;
        // A CTE of the statement (WITH ... INSERT, or INSERT ... WITH ... SELECT) is no source table.
        const TableName first = tableOf(obj(from.first().toObject(), "RangeVar"));
        for (const QJsonObject &with : {obj(n, "withClause"), obj(select, "withClause")})
            for (const QJsonValue &cte : with.value(QLatin1String("ctes")).toArray())
                if (first.schema.isEmpty() && str(obj(cte.toObject(), "CommonTableExpr"), "ctename") == first.name)
                    return;
        a.source = first;
    }

    void drop(const QJsonObject &n)
    {
        const QString type = str(n, "removeType");
        for (const QJsonValue &v : n.value(QLatin1String("objects")).toArray()) {
            const QJsonObject o = v.toObject();
            if (type == u"OBJECT_TABLE") {
                const QStringList parts = names(obj(o, "List").value(QLatin1String("items")));
                add(Kind::DropTable, {parts.size() > 1 ? parts.at(parts.size() - 2) : QString(), parts.value(parts.size() - 1)});
            } else if (type == u"OBJECT_SCHEMA") {
                add(Kind::DropSchema, {}).text = obj(o, "String").value(QLatin1String("sval")).toString();
            }
        }
    }

    void dropDatabase(const QString &name)
    {
        Action &a = add(Kind::DropSchema, {});
        a.text = name;
        a.database = true;
    }

    void createTable(const TableName &table, const QJsonArray &elements)
    {
        Action &t = add(Kind::CreateTable, table);
        for (const QJsonValue &e : elements)
            if (const QString c = str(obj(e.toObject(), "ColumnDef"), "colname"); !c.isEmpty())
                t.columns << c;
    }

    void createIndex(const QJsonObject &n)
    {
        const QJsonObject relation = obj(n, "relation");
        Action &index = add(Kind::CreateIndex, tableOf(relation));
        index.concurrently = n.value(QLatin1String("concurrent")).toBool();
        index.unique = n.value(QLatin1String("unique")).toBool();
        if (!index.unique)
            return;
        Action u = index;
        u.kind = Kind::AddUnique;
        // The key list is the first parenthesis after the table's name (USING method has none).
        const qsizetype open = m_lexed.find(relation.value(QLatin1String("location")).toInt(), Lexed::Open);
        const qsizetype close = m_lexed.closing(open);
        qsizetype item = open + 1;
        for (const QJsonValue &p : n.value(QLatin1String("indexParams")).toArray()) {
            const QJsonObject e = obj(p.toObject(), "IndexElem");
            const QString name = str(e, "name");
            u.columns << (name.isEmpty() ? expressionKey(item) : quoted(name));
            u.expressionKeys = u.expressionKeys || (name.isEmpty() && u.columns.last().isEmpty());
            item = nextItem(item, close);
        }
        if (n.contains(QLatin1String("whereClause")) && close > 0) {
            const qsizetype where = m_lexed.next(close, PG_QUERY__TOKEN__WHERE);
            u.predicate = where > 0 ? m_lexed.textFrom(where + 1) : QString();
            u.expressionKeys = u.expressionKeys || u.predicate.isEmpty();
        }
        m_out.actions << u;
    }

    static QString quoted(const QString &name) { return u'"' + QString(name).replace(u'"', QStringLiteral("\"\"")) + u'"'; }

    // An expression key as written: "(a + b)" or "lower(email)", without its order or opclass.
    QString expressionKey(qsizetype item) const
    {
        qsizetype open = item;
        while (open < m_lexed.size() && !m_lexed.is(open, Lexed::Open))
            ++open;
        return m_lexed.text(item, m_lexed.closing(open));
    }

    // The first token of the next comma-separated item of a key list.
    qsizetype nextItem(qsizetype item, qsizetype close) const
    {
        for (qsizetype i = item; i >= 0 && i < close; ++i) {
            if (m_lexed.is(i, Lexed::Open))
                i = m_lexed.closing(i);
            else if (m_lexed.is(i, Lexed::Comma))
                return i + 1;
        }
        return close;
    }

    void alterTable(const QJsonObject &n)
    {
        const TableName table = tableOf(obj(n, "relation"));
        add(Kind::AlterTable, table);
        for (const QJsonValue &v : n.value(QLatin1String("cmds")).toArray()) {
            const QJsonObject cmd = obj(v.toObject(), "AlterTableCmd");
            const QString subtype = str(cmd, "subtype");
            const QJsonObject def = obj(cmd, "def");
            if (subtype == u"AT_AddColumn") {
                addColumn(table, obj(def, "ColumnDef"));
            } else if (subtype == u"AT_DropColumn") {
                add(Kind::DropColumn, table).column = str(cmd, "name");
            } else if (subtype == u"AT_SetNotNull") {
                add(Kind::SetNotNull, table).column = str(cmd, "name");
            } else if (subtype == u"AT_AlterColumnType") {
                Action &a = add(Kind::ChangeType, table);
                a.column = str(cmd, "name");
                a.type = typeOf(obj(obj(def, "ColumnDef"), "typeName"));
                a.usingClause = obj(def, "ColumnDef").contains(QLatin1String("raw_default"));
            } else if (subtype == u"AT_AddConstraint") {
                addConstraint(table, obj(def, "Constraint"));
            }
        }
    }

    void addColumn(const TableName &table, const QJsonObject &def)
    {
        Action &a = add(Kind::AddColumn, table);
        a.column = str(def, "colname");
        const QJsonObject typeName = obj(def, "typeName");
        a.type = typeOf(typeName);
        static const QStringList serials{QStringLiteral("serial"), QStringLiteral("bigserial"), QStringLiteral("smallserial"),
                                         QStringLiteral("serial2"), QStringLiteral("serial4"), QStringLiteral("serial8")};
        const QStringList typeNames = names(typeName.value(QLatin1String("names")));
        const QString base = typeNames.isEmpty() ? QString() : typeNames.last();
        if (serials.contains(base)) {
            a.generated = true;
            a.volatileDefault = base + QStringLiteral(" (nextval() for every row)");
        }
        for (const QJsonValue &v : def.value(QLatin1String("constraints")).toArray()) {
            const QJsonObject c = obj(v.toObject(), "Constraint");
            const QString type = str(c, "contype");
            if (type == u"CONSTR_NOTNULL" || type == u"CONSTR_PRIMARY") {
                a.notNull = true;
            } else if (type == u"CONSTR_DEFAULT") {
                a.hasDefault = true;
                if (const QString f = volatileCall(c.value(QLatin1String("raw_expr"))); !f.isEmpty())
                    a.volatileDefault = f;
            } else if (type == u"CONSTR_IDENTITY" || type == u"CONSTR_GENERATED") {
                a.generated = true;
                a.volatileDefault = type == u"CONSTR_IDENTITY" ? QStringLiteral("GENERATED AS IDENTITY (a sequence value for every row)")
                                                               : QStringLiteral("GENERATED ALWAYS AS (...) STORED (computed for every row)");
            }
        }
    }

    void addConstraint(const TableName &table, const QJsonObject &c)
    {
        const QString type = str(c, "contype");
        const bool notValid = c.value(QLatin1String("skip_validation")).toBool();
        if (type == u"CONSTR_CHECK") {
            Action &a = add(Kind::AddCheck, table);
            a.notValid = notValid;
            const qsizetype check = m_lexed.find(c.value(QLatin1String("location")).toInt(), PG_QUERY__TOKEN__CHECK);
            a.text = check < 0 ? QString() : m_lexed.inside(check + 1); // CHECK is followed by its "("
        } else if (type == u"CONSTR_FOREIGN") {
            add(Kind::AddForeignKey, table).notValid = notValid;
        } else if ((type == u"CONSTR_UNIQUE" || type == u"CONSTR_PRIMARY") && !c.contains(QLatin1String("indexname"))) {
            Action &a = add(Kind::AddUnique, table);
            for (const QString &k : names(c.value(QLatin1String("keys"))))
                a.columns << quoted(k);
            a.primaryKey = type == u"CONSTR_PRIMARY";
            a.constraint = true;
            a.unique = true;
        }
    }

    void rename(const QJsonObject &n)
    {
        const QString type = str(n, "renameType");
        const TableName table = tableOf(obj(n, "relation"));
        if (type == u"OBJECT_TABLE") {
            add(Kind::RenameTable, table).newName = str(n, "newname");
        } else if (type == u"OBJECT_COLUMN" && str(n, "relationType") == u"OBJECT_TABLE") {
            Action &a = add(Kind::RenameColumn, table);
            a.column = str(n, "subname");
            a.newName = str(n, "newname");
        }
    }

    Lexed m_lexed;
    StatementActions m_out;
};

} // namespace

StatementActions postgresActions(const Statement &statement)
{
    const QByteArray sql = statement.sql.toUtf8();
    const QJsonArray stmts = postgresParseTree(sql);
    if (stmts.size() != 1)
        return {}; // unparsable (the run will say why), or a statement the splitter left whole
    return Reader(sql).read(obj(stmts.first().toObject(), "stmt"));
}

} // namespace mig::lint::detail
