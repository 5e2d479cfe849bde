// PostgreSQL declarations, read from libpg_query's parse tree (JSON): the same grammar as the
// server, so identifiers arrive folded and quoted names intact.
#include "DeclarationEdits.h"

#include "sql/PostgresParseTree.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace mig::detail {

namespace {

using K = SchemaObject::Kind;
constexpr Dialect PG = Dialect::Postgres;

QString sval(const QJsonValue &node)
{
    return node.toObject().value(QLatin1String("String")).toObject().value(QLatin1String("sval")).toString();
}

QStringList svals(const QJsonValue &list)
{
    QStringList out;
    for (const QJsonValue &v : list.toArray())
        out << sval(v);
    return out;
}

// {"A_Const":{"ival":{"ival":20}}}; a zero is written as an empty object.
std::optional<int> intConst(const QJsonValue &node)
{
    const QJsonObject c = node.toObject().value(QLatin1String("A_Const")).toObject();
    if (!c.contains(QLatin1String("ival")))
        return std::nullopt;
    return c.value(QLatin1String("ival")).toObject().value(QLatin1String("ival")).toInt(0);
}

// Written back the way format_type() would show it: quoted only where the name needs it.
QString quoteIdent(const QString &name)
{
    static const QRegularExpression plain(QStringLiteral("^[a-z_][a-z0-9_$]*$"));
    if (plain.match(name).hasMatch())
        return name;
    QString quoted = name;
    return u'"' + quoted.replace(u'"', QStringLiteral("\"\"")) + u'"';
}

const QStringList &serialTypes()
{
    static const QStringList names{QStringLiteral("serial"), QStringLiteral("serial4"), QStringLiteral("serial8"),
                                   QStringLiteral("bigserial"), QStringLiteral("smallserial"), QStringLiteral("serial2")};
    return names;
}

// The declared type, normalised; empty where the tree cannot be written back faithfully
// (interval field restrictions, %TYPE, non-constant modifiers): such a type is not declared.
QString typeText(const QJsonObject &typeName, bool *serial = nullptr)
{
    if (typeName.value(QLatin1String("pct_type")).toBool() || typeName.value(QLatin1String("setof")).toBool())
        return {};
    QStringList names = svals(typeName.value(QLatin1String("names")));
    if (names.isEmpty())
        return {};
    QString base;
    if (names.size() == 2 && names.first() == u"pg_catalog") {
        base = names.last();
    } else {
        for (QString &n : names)
            n = quoteIdent(n);
        base = names.join(u'.');
    }
    if (serial)
        *serial = serialTypes().contains(base);
    const QJsonArray mods = typeName.value(QLatin1String("typmods")).toArray();
    if (!mods.isEmpty()) {
        if (base == u"interval")
            return {};
        QStringList values;
        for (const QJsonValue &m : mods) {
            const std::optional<int> v = intConst(m);
            if (!v)
                return {};
            values << QString::number(*v);
        }
        base += u'(' + values.join(u',') + u')';
    }
    if (!typeName.value(QLatin1String("arrayBounds")).toArray().isEmpty())
        base += QStringLiteral("[]");
    return normalizeType(PG, base);
}

struct Relation {
    QString schema;
    QString name;
    bool temporary = false;
};

Relation relation(const QJsonValue &rangeVar)
{
    const QJsonObject r = rangeVar.toObject();
    return {r.value(QLatin1String("schemaname")).toString(), r.value(QLatin1String("relname")).toString(),
            r.value(QLatin1String("relpersistence")).toString() == u"t"};
}

// "schema.name" lists, as DROP and CREATE TYPE give them.
Relation qualified(const QStringList &parts)
{
    Relation r;
    if (!parts.isEmpty())
        r.name = parts.last();
    if (parts.size() >= 2)
        r.schema = parts.at(parts.size() - 2);
    return r;
}

// Byte-level scanning of the statement text, for what the tree only locates: an index's
// expression keys and its predicate. Quotes and comments are stepped over.
qsizetype skipQuoted(const QByteArray &s, qsizetype i)
{
    const char c = s.at(i);
    if (c == '-' && i + 1 < s.size() && s.at(i + 1) == '-') {
        const qsizetype end = s.indexOf('\n', i);
        return end < 0 ? s.size() : end + 1;
    }
    if (c == '/' && i + 1 < s.size() && s.at(i + 1) == '*') {
        const qsizetype end = s.indexOf("*/", i + 2);
        return end < 0 ? s.size() : end + 2;
    }
    if (c == '\'' || c == '"') {
        qsizetype j = i + 1;
        while (j < s.size()) {
            if (s.at(j) == c) {
                if (j + 1 < s.size() && s.at(j + 1) == c) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            ++j;
        }
        return s.size();
    }
    return i;
}

// The index of the parenthesis closing the one at `open`, or -1.
qsizetype closing(const QByteArray &s, qsizetype open)
{
    int depth = 0;
    for (qsizetype i = open; i < s.size();) {
        const qsizetype next = skipQuoted(s, i);
        if (next != i) {
            i = next;
            continue;
        }
        if (s.at(i) == '(')
            ++depth;
        else if (s.at(i) == ')' && --depth == 0)
            return i;
        ++i;
    }
    return -1;
}

struct KeyText {
    QList<QByteArray> items;
    QByteArray rest; // after the closing parenthesis
    bool ok = false;
};

// The key list is the first parenthesis after the table name (USING method has none).
KeyText keyText(const QByteArray &s, qsizetype from)
{
    KeyText k;
    qsizetype open = -1;
    for (qsizetype i = qMax<qsizetype>(from, 0); i < s.size();) {
        const qsizetype next = skipQuoted(s, i);
        if (next != i) {
            i = next;
            continue;
        }
        if (s.at(i) == '(') {
            open = i;
            break;
        }
        ++i;
    }
    const qsizetype close = open < 0 ? -1 : closing(s, open);
    if (close < 0)
        return k;
    qsizetype start = open + 1;
    int depth = 0;
    for (qsizetype i = start; i < close;) {
        const qsizetype next = skipQuoted(s, i);
        if (next != i) {
            i = next;
            continue;
        }
        const char c = s.at(i);
        if (c == '(')
            ++depth;
        else if (c == ')')
            --depth;
        else if (c == ',' && depth == 0) {
            k.items << s.mid(start, i - start).trimmed();
            start = i + 1;
        }
        ++i;
    }
    k.items << s.mid(start, close - start).trimmed();
    k.rest = s.mid(close + 1);
    k.ok = true;
    return k;
}

// An expression key is "(expr)" or "func(args)", followed by collation, operator class, order.
QString expressionText(const QByteArray &item)
{
    for (qsizetype i = 0; i < item.size();) {
        const qsizetype next = skipQuoted(item, i);
        if (next != i) {
            i = next;
            continue;
        }
        if (item.at(i) == '(') {
            const qsizetype close = closing(item, i);
            return normalizeSql(QString::fromUtf8(close < 0 ? item : item.left(close + 1)));
        }
        ++i;
    }
    return normalizeSql(QString::fromUtf8(item));
}

// The text after the WHERE that follows an index's key list (INCLUDE, WITH, TABLESPACE first).
QString predicateText(const QByteArray &rest)
{
    static const QRegularExpression where(QStringLiteral("^where\\b"), QRegularExpression::CaseInsensitiveOption);
    int depth = 0;
    for (qsizetype i = 0; i < rest.size();) {
        const qsizetype next = skipQuoted(rest, i);
        if (next != i) {
            i = next;
            continue;
        }
        const char c = rest.at(i);
        if (c == '(')
            ++depth;
        else if (c == ')')
            --depth;
        else if (depth == 0 && (c == 'w' || c == 'W') && (i == 0 || !QChar::fromLatin1(rest.at(i - 1)).isLetterOrNumber())
                 && where.match(QString::fromUtf8(rest.mid(i, 6))).hasMatch())
            return normalizeSql(QString::fromUtf8(rest.mid(i + 5)));
        ++i;
    }
    return {};
}

class Extractor
{
public:
    Extractor(QList<Declaration> &list, const Statement &statement, const QByteArray &utf8)
        : m_list(list), m_statement(statement), m_sql(utf8)
    {
    }

    void statement(const QJsonObject &stmt)
    {
        const QString type = stmt.keys().value(0);
        const QJsonObject n = stmt.value(type).toObject();
        if (type == u"CreateStmt")
            createTable(n);
        else if (type == u"IndexStmt")
            createIndex(n);
        else if (type == u"ViewStmt")
            simple(K::View, relation(n.value(QLatin1String("view"))), false);
        else if (type == u"CreateTableAsStmt")
            simple(n.value(QLatin1String("objtype")).toString() == u"OBJECT_MATVIEW" ? K::MaterializedView : K::Table,
                   relation(n.value(QLatin1String("into")).toObject().value(QLatin1String("rel"))),
                   n.value(QLatin1String("if_not_exists")).toBool());
        else if (type == u"CreateTrigStmt")
            createTrigger(n);
        else if (type == u"CreateFunctionStmt")
            simple(K::Routine, qualified(svals(n.value(QLatin1String("funcname")))), false);
        else if (type == u"CreateSeqStmt")
            simple(K::Sequence, relation(n.value(QLatin1String("sequence"))), n.value(QLatin1String("if_not_exists")).toBool());
        else if (type == u"CreateEnumStmt" || type == u"CreateRangeStmt")
            simple(K::Type, qualified(svals(n.value(QLatin1String("typeName")))), false);
        else if (type == u"CreateDomainStmt")
            simple(K::Type, qualified(svals(n.value(QLatin1String("domainname")))), false);
        else if (type == u"CompositeTypeStmt")
            simple(K::Type, relation(n.value(QLatin1String("typevar"))), false);
        else if (type == u"AlterTableStmt")
            alterTable(n);
        else if (type == u"DropStmt")
            drop(n);
        else if (type == u"RenameStmt")
            rename(n);
    }

private:
    Declaration &declare(K kind, const QString &schema, const QString &table, const QString &name, bool ifNotExists)
    {
        return declareObject(m_list, m_statement, kind, schema, table, name, ifNotExists);
    }

    void simple(K kind, const Relation &r, bool ifNotExists)
    {
        if (!r.name.isEmpty() && !r.temporary)
            declare(kind, r.schema, {}, r.name, ifNotExists);
    }

    void createTable(const QJsonObject &n)
    {
        const Relation r = relation(n.value(QLatin1String("relation")));
        if (r.name.isEmpty() || r.temporary)
            return;
        const bool ifNotExists = n.value(QLatin1String("if_not_exists")).toBool();
        declare(K::Table, r.schema, {}, r.name, ifNotExists);
        QStringList primaryKey;
        for (const QJsonValue &element : n.value(QLatin1String("tableElts")).toArray()) {
            const QJsonObject e = element.toObject();
            if (e.contains(QLatin1String("ColumnDef")))
                column(r, e.value(QLatin1String("ColumnDef")).toObject(), ifNotExists);
            else if (e.contains(QLatin1String("Constraint"))) {
                const QJsonObject c = e.value(QLatin1String("Constraint")).toObject();
                if (c.value(QLatin1String("contype")).toString() == u"CONSTR_PRIMARY")
                    primaryKey = svals(c.value(QLatin1String("keys")));
                constraint(r, c, {}, ifNotExists, true);
            }
        }
        for (const QString &c : primaryKey)
            alterColumn(m_list, PG, r.schema, r.name, c, {}, 1);
    }

    void column(const Relation &r, const QJsonObject &def, bool ifNotExists)
    {
        const QString name = def.value(QLatin1String("colname")).toString();
        if (name.isEmpty())
            return;
        bool serial = false;
        const QString type = typeText(def.value(QLatin1String("typeName")).toObject(), &serial);
        Declaration &d = declare(K::Column, r.schema, r.name, name, ifNotExists);
        if (!type.isEmpty())
            d.expected.attributes.insert(QStringLiteral("type"), type);
        bool notNull = serial;
        QList<QJsonObject> constraints;
        for (const QJsonValue &v : def.value(QLatin1String("constraints")).toArray()) {
            const QJsonObject c = v.toObject().value(QLatin1String("Constraint")).toObject();
            const QString contype = c.value(QLatin1String("contype")).toString();
            if (contype == u"CONSTR_NOTNULL" || contype == u"CONSTR_PRIMARY" || contype == u"CONSTR_IDENTITY")
                notNull = true;
            constraints << c;
        }
        if (notNull)
            d.expected.attributes.insert(QStringLiteral("nullable"), QStringLiteral("no"));
        // Appending may move the list's storage: `d` is not used past this point.
        for (const QJsonObject &c : constraints)
            constraint(r, c, name, ifNotExists, true);
    }

    // A table or column constraint. In CREATE TABLE only named ones and the primary key are
    // declared (an unnamed one's name is the engine's choice); ALTER TABLE ... ADD declares all
    // but an unnamed CHECK, which has nothing to be found by.
    void constraint(const Relation &r, const QJsonObject &c, const QString &column, bool ifNotExists, bool inCreate)
    {
        static const QHash<QString, QString> types{
            {QStringLiteral("CONSTR_PRIMARY"), QStringLiteral("primary key")},
            {QStringLiteral("CONSTR_UNIQUE"), QStringLiteral("unique")},
            {QStringLiteral("CONSTR_CHECK"), QStringLiteral("check")},
            {QStringLiteral("CONSTR_FOREIGN"), QStringLiteral("foreign key")},
        };
        const QString type = types.value(c.value(QLatin1String("contype")).toString());
        if (type.isEmpty())
            return;
        QString name = c.value(QLatin1String("conname")).toString();
        const bool primary = type == u"primary key";
        if (name.isEmpty() && ((inCreate && !primary) || type == u"check"))
            return;
        if (name.isEmpty() && primary)
            name = r.name + QStringLiteral("_pkey");
        QStringList columns = svals(c.value(type == u"foreign key" ? QLatin1String("fk_attrs") : QLatin1String("keys")));
        if (columns.isEmpty() && !column.isEmpty())
            columns << column;
        Declaration &d = declare(K::Constraint, r.schema, r.name, name, ifNotExists);
        d.expected.attributes.insert(QStringLiteral("type"), type);
        if (!columns.isEmpty() && type != u"check")
            d.expected.attributes.insert(QStringLiteral("columns"), columns.join(QStringLiteral(", ")));
        if (type == u"foreign key") {
            const Relation target = relation(c.value(QLatin1String("pktable")));
            QString reference = target.schema.isEmpty() ? target.name : target.schema + u'.' + target.name;
            const QStringList targetColumns = svals(c.value(QLatin1String("pk_attrs")));
            if (!targetColumns.isEmpty())
                reference += u'(' + targetColumns.join(QStringLiteral(", ")) + u')';
            d.expected.attributes.insert(QStringLiteral("references"), reference);
        }
    }

    void createIndex(const QJsonObject &n)
    {
        const QString name = n.value(QLatin1String("idxname")).toString();
        const QJsonObject rel = n.value(QLatin1String("relation")).toObject();
        const Relation r = relation(rel);
        if (name.isEmpty() || r.name.isEmpty() || r.temporary)
            return; // an unnamed index's name is the engine's choice
        QStringList keys;
        QStringList orders; // as the reader renders them: " desc", " desc nulls last", " nulls first"
        bool expressions = false;
        const QJsonArray params = n.value(QLatin1String("indexParams")).toArray();
        for (const QJsonValue &p : params) {
            const QJsonObject e = p.toObject().value(QLatin1String("IndexElem")).toObject();
            keys << e.value(QLatin1String("name")).toString();
            expressions = expressions || keys.last().isEmpty();
            const bool desc = e.value(QLatin1String("ordering")).toString() == u"SORTBY_DESC";
            const QString nulls = e.value(QLatin1String("nulls_ordering")).toString();
            const bool nullsFirst = nulls == u"SORTBY_NULLS_FIRST" || (desc && nulls != u"SORTBY_NULLS_LAST");
            orders << (desc ? (nullsFirst ? QStringLiteral(" desc") : QStringLiteral(" desc nulls last"))
                            : (nullsFirst ? QStringLiteral(" nulls first") : QString()));
        }
        const KeyText text = keyText(m_sql, rel.value(QLatin1String("location")).toInt(-1));
        const bool textFits = text.ok && text.items.size() == keys.size();
        for (qsizetype i = 0; i < keys.size(); ++i) {
            if (keys[i].isEmpty() && textFits)
                keys[i] = expressionText(text.items[i]);
            keys[i] += orders[i];
        }
        // An index in PostgreSQL lives in its table's schema.
        Declaration &d = declare(K::Index, r.schema, r.name, name, n.value(QLatin1String("if_not_exists")).toBool());
        if (!keys.isEmpty() && (!expressions || textFits))
            d.expected.attributes.insert(QStringLiteral("columns"), keys.join(QStringLiteral(", ")));
        d.expected.attributes.insert(QStringLiteral("unique"), n.value(QLatin1String("unique")).toBool() ? QStringLiteral("yes") : QStringLiteral("no"));
        if (n.contains(QLatin1String("whereClause")) && text.ok) {
            const QString predicate = predicateText(text.rest);
            if (!predicate.isEmpty())
                d.expected.attributes.insert(QStringLiteral("predicate"), predicate);
        }
    }

    void createTrigger(const QJsonObject &n)
    {
        const Relation r = relation(n.value(QLatin1String("relation")));
        const QString name = n.value(QLatin1String("trigname")).toString();
        if (!name.isEmpty() && !r.name.isEmpty())
            declare(K::Trigger, r.schema, r.name, name, false);
    }

    void alterTable(const QJsonObject &n)
    {
        if (n.value(QLatin1String("objtype")).toString() != u"OBJECT_TABLE")
            return;
        const Relation r = relation(n.value(QLatin1String("relation")));
        if (r.name.isEmpty())
            return;
        for (const QJsonValue &v : n.value(QLatin1String("cmds")).toArray()) {
            const QJsonObject cmd = v.toObject().value(QLatin1String("AlterTableCmd")).toObject();
            const QString subtype = cmd.value(QLatin1String("subtype")).toString();
            const QString name = cmd.value(QLatin1String("name")).toString();
            const QJsonObject def = cmd.value(QLatin1String("def")).toObject();
            if (subtype == u"AT_AddColumn") {
                column(r, def.value(QLatin1String("ColumnDef")).toObject(), cmd.value(QLatin1String("missing_ok")).toBool());
            } else if (subtype == u"AT_AddConstraint") {
                const QJsonObject c = def.value(QLatin1String("Constraint")).toObject();
                constraint(r, c, {}, false, false);
                if (c.value(QLatin1String("contype")).toString() == u"CONSTR_PRIMARY")
                    for (const QString &key : svals(c.value(QLatin1String("keys"))))
                        alterColumn(m_list, PG, r.schema, r.name, key, {}, 1);
            } else if (subtype == u"AT_DropColumn") {
                withdrawColumn(m_list, PG, r.schema, r.name, name);
            } else if (subtype == u"AT_DropConstraint") {
                withdraw(m_list, PG, K::Constraint, r.schema, r.name, name);
            } else if (subtype == u"AT_AlterColumnType") {
                const QString type = typeText(def.value(QLatin1String("ColumnDef")).toObject().value(QLatin1String("typeName")).toObject());
                if (type.isEmpty()) // a type we cannot write back: stop vouching for the old one
                    withdrawColumn(m_list, PG, r.schema, r.name, name);
                else
                    alterColumn(m_list, PG, r.schema, r.name, name, type, -1);
            } else if (subtype == u"AT_SetNotNull") {
                alterColumn(m_list, PG, r.schema, r.name, name, {}, 1);
            } else if (subtype == u"AT_DropNotNull") {
                alterColumn(m_list, PG, r.schema, r.name, name, {}, 0);
            }
        }
    }

    void drop(const QJsonObject &n)
    {
        static const QHash<QString, K> kinds{
            {QStringLiteral("OBJECT_TABLE"), K::Table}, {QStringLiteral("OBJECT_INDEX"), K::Index},
            {QStringLiteral("OBJECT_VIEW"), K::View}, {QStringLiteral("OBJECT_MATVIEW"), K::MaterializedView},
            {QStringLiteral("OBJECT_SEQUENCE"), K::Sequence}, {QStringLiteral("OBJECT_TYPE"), K::Type},
            {QStringLiteral("OBJECT_DOMAIN"), K::Type}, {QStringLiteral("OBJECT_TRIGGER"), K::Trigger},
            {QStringLiteral("OBJECT_FUNCTION"), K::Routine}, {QStringLiteral("OBJECT_PROCEDURE"), K::Routine},
            {QStringLiteral("OBJECT_ROUTINE"), K::Routine},
        };
        const auto kind = kinds.constFind(n.value(QLatin1String("removeType")).toString());
        if (kind == kinds.cend())
            return;
        for (const QJsonValue &v : n.value(QLatin1String("objects")).toArray()) {
            const QJsonObject o = v.toObject();
            QStringList parts;
            if (o.contains(QLatin1String("List")))
                parts = svals(o.value(QLatin1String("List")).toObject().value(QLatin1String("items")));
            else if (o.contains(QLatin1String("TypeName")))
                parts = svals(o.value(QLatin1String("TypeName")).toObject().value(QLatin1String("names")));
            else if (o.contains(QLatin1String("ObjectWithArgs")))
                parts = svals(o.value(QLatin1String("ObjectWithArgs")).toObject().value(QLatin1String("objname")));
            if (parts.isEmpty())
                continue;
            if (*kind == K::Trigger) { // [schema.]table.trigger
                const QString name = parts.takeLast();
                const Relation table = qualified(parts);
                withdraw(m_list, PG, K::Trigger, table.schema, table.name, name);
            } else {
                const Relation r = qualified(parts);
                withdraw(m_list, PG, *kind, r.schema, {}, r.name);
            }
        }
    }

    void rename(const QJsonObject &n)
    {
        const QString type = n.value(QLatin1String("renameType")).toString();
        const QString to = n.value(QLatin1String("newname")).toString();
        const QString from = n.value(QLatin1String("subname")).toString();
        const Relation r = relation(n.value(QLatin1String("relation")));
        if (to.isEmpty())
            return;
        static const QStringList relations{QStringLiteral("OBJECT_TABLE"), QStringLiteral("OBJECT_INDEX"),
                                           QStringLiteral("OBJECT_VIEW"), QStringLiteral("OBJECT_MATVIEW"),
                                           QStringLiteral("OBJECT_SEQUENCE"), QStringLiteral("OBJECT_FOREIGN_TABLE")};
        if (relations.contains(type)) {
            // ALTER TABLE renames any relation: tables, indexes, views and sequences share names.
            for (const K kind : {K::Table, K::Index, K::View, K::MaterializedView, K::Sequence})
                renameObject(m_list, PG, kind, r.schema, {}, r.name, to);
        } else if (type == u"OBJECT_COLUMN") {
            renameColumn(m_list, PG, r.schema, r.name, from, to);
        } else if (type == u"OBJECT_TABCONSTRAINT") {
            renameObject(m_list, PG, K::Constraint, r.schema, r.name, from, to);
        } else if (type == u"OBJECT_TRIGGER") {
            renameObject(m_list, PG, K::Trigger, r.schema, r.name, from, to);
        } else if (type == u"OBJECT_FUNCTION" || type == u"OBJECT_PROCEDURE" || type == u"OBJECT_ROUTINE") {
            const Relation f = qualified(svals(n.value(QLatin1String("object")).toObject().value(QLatin1String("ObjectWithArgs"))
                                                   .toObject().value(QLatin1String("objname"))));
            renameObject(m_list, PG, K::Routine, f.schema, {}, f.name, to);
        } else if (type == u"OBJECT_TYPE" || type == u"OBJECT_DOMAIN") {
            const QJsonObject object = n.value(QLatin1String("object")).toObject();
            const QJsonValue names = object.contains(QLatin1String("List"))
                ? object.value(QLatin1String("List")).toObject().value(QLatin1String("items"))
                : object.value(QLatin1String("TypeName")).toObject().value(QLatin1String("names"));
            const Relation t = qualified(svals(names));
            renameObject(m_list, PG, K::Type, t.schema, {}, t.name, to);
        }
    }

    QList<Declaration> &m_list;
    const Statement &m_statement;
    const QByteArray &m_sql;
};

} // namespace

void postgresDeclarations(QList<Declaration> &list, const Statement &statement)
{
    const QByteArray sql = statement.sql.toUtf8();
    Extractor extractor(list, statement, sql);
    for (const QJsonValue &s : postgresParseTree(sql))
        extractor.statement(s.toObject().value(QLatin1String("stmt")).toObject());
}

} // namespace mig::detail
