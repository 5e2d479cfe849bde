// Declared objects: dispatch to the dialect's extractor, the bookkeeping that lets a later DROP or
// RENAME in the same script withdraw or follow a declaration, and the check against a snapshot.
#include "DeclarationEdits.h"

#include <QRegularExpression>

namespace mig {


namespace detail {

// PostgreSQL names arrive folded by the parser, so they compare exactly; MySQL and SQLite treat
// table, column and index names without regard to case.
bool sameName(Dialect dialect, const QString &a, const QString &b)
{
    return dialect == Dialect::Postgres ? a == b : a.compare(b, Qt::CaseInsensitive) == 0;
}

namespace {

// A script that does not name a schema means the default one, so an empty side matches any.
bool sameSchema(Dialect dialect, const QString &a, const QString &b)
{
    return a.isEmpty() || b.isEmpty() || sameName(dialect, a, b);
}

QString baseName(const QString &routine)
{
    return routine.section(u'(', 0, 0).trimmed();
}

bool belongsToTable(const SchemaObject &o)
{
    using K = SchemaObject::Kind;
    return o.kind == K::Column || o.kind == K::Constraint || o.kind == K::Index || o.kind == K::Trigger
        || o.kind == K::Policy;
}

} // namespace

// Splits "a, lower(b, c), d" at the commas outside parentheses and quotes.
QStringList splitList(const QString &list)
{
    QStringList out;
    QString current;
    int depth = 0;
    QChar quote;
    for (const QChar c : list) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == u'\'' || c == u'"' || c == u'`') {
            quote = c;
        } else if (c == u'(' || c == u'[') {
            ++depth;
        } else if (c == u')' || c == u']') {
            --depth;
        } else if (c == u',' && depth == 0) {
            out << current.trimmed();
            current.clear();
            continue;
        }
        current += c;
    }
    if (!current.trimmed().isEmpty() || !out.isEmpty())
        out << current.trimmed();
    return out;
}

void withdraw(QList<Declaration> &list, Dialect dialect, SchemaObject::Kind kind, const QString &schema,
              const QString &table, const QString &name)
{
    using K = SchemaObject::Kind;
    list.removeIf([&](const Declaration &d) {
        const SchemaObject &o = d.expected;
        if (!sameSchema(dialect, o.schema, schema))
            return false;
        if (kind == K::Table && belongsToTable(o) && sameName(dialect, o.table, name))
            return true; // a dropped table takes its columns, constraints, indexes and triggers along
        if (o.kind != kind)
            return false;
        if (kind == K::Routine)
            return sameName(dialect, baseName(o.name), baseName(name));
        if (!table.isEmpty() && belongsToTable(o) && !sameName(dialect, o.table, table))
            return false;
        return !o.name.isEmpty() && sameName(dialect, o.name, name);
    });
}

// Dropping a column also drops (PostgreSQL) or shrinks (MySQL) the indexes and constraints on it.
void withdrawColumn(QList<Declaration> &list, Dialect dialect, const QString &schema, const QString &table,
                    const QString &column)
{
    using K = SchemaObject::Kind;
    list.removeIf([&](const Declaration &d) {
        const SchemaObject &o = d.expected;
        if (!sameSchema(dialect, o.schema, schema) || !sameName(dialect, o.table, table))
            return false;
        if (o.kind == K::Column)
            return sameName(dialect, o.name, column);
        if (o.kind == K::Index || o.kind == K::Constraint) {
            const QStringList columns = splitList(o.attributes.value(QStringLiteral("columns")));
            for (const QString &c : columns)
                if (sameName(dialect, c, column))
                    return true;
        }
        return false;
    });
}

void withdrawPrimaryKey(QList<Declaration> &list, Dialect dialect, const QString &schema, const QString &table)
{
    list.removeIf([&](const Declaration &d) {
        const SchemaObject &o = d.expected;
        return o.kind == SchemaObject::Kind::Constraint && o.attributes.value(QStringLiteral("type")) == u"primary key"
            && sameSchema(dialect, o.schema, schema) && sameName(dialect, o.table, table);
    });
}

void renameObject(QList<Declaration> &list, Dialect dialect, SchemaObject::Kind kind, const QString &schema,
                  const QString &table, const QString &from, const QString &to)
{
    using K = SchemaObject::Kind;
    static const QRegularExpression reference(QStringLiteral("^(?:.*\\.)?([^.(]+)(\\(.*)?$"));
    for (Declaration &d : list) {
        SchemaObject &o = d.expected;
        if (!sameSchema(dialect, o.schema, schema))
            continue;
        if (kind == K::Table) {
            if (belongsToTable(o) && sameName(dialect, o.table, from))
                o.table = to;
            // Foreign keys of other declarations follow the table they point at.
            const QString ref = o.attributes.value(QStringLiteral("references"));
            const QRegularExpressionMatch m = reference.match(ref);
            if (m.hasMatch() && sameName(dialect, m.captured(1).trimmed(), from))
                o.attributes[QStringLiteral("references")] = to + m.captured(2);
        }
        if (o.kind != kind)
            continue;
        if (!table.isEmpty() && belongsToTable(o) && !sameName(dialect, o.table, table))
            continue;
        const bool match = kind == K::Routine ? sameName(dialect, baseName(o.name), baseName(from))
                                              : !o.name.isEmpty() && sameName(dialect, o.name, from);
        if (match)
            o.name = to;
    }
}

void renameColumn(QList<Declaration> &list, Dialect dialect, const QString &schema, const QString &table,
                  const QString &from, const QString &to)
{
    using K = SchemaObject::Kind;
    for (Declaration &d : list) {
        SchemaObject &o = d.expected;
        if (!sameSchema(dialect, o.schema, schema) || !sameName(dialect, o.table, table))
            continue;
        if (o.kind == K::Column && sameName(dialect, o.name, from))
            o.name = to;
        if ((o.kind == K::Index || o.kind == K::Constraint) && o.attributes.contains(QStringLiteral("columns"))) {
            QStringList columns = splitList(o.attributes.value(QStringLiteral("columns")));
            for (QString &c : columns)
                if (sameName(dialect, c, from))
                    c = to;
            o.attributes[QStringLiteral("columns")] = columns.join(QStringLiteral(", "));
        }
    }
}

// A later ALTER COLUMN TYPE / SET NOT NULL / MODIFY changes what the script means the column to be.
// notNull: -1 leaves nullability alone, 0 lifts NOT NULL, 1 sets it. An empty type keeps the type.
void alterColumn(QList<Declaration> &list, Dialect dialect, const QString &schema, const QString &table,
                 const QString &column, const QString &type, int notNull)
{
    for (Declaration &d : list) {
        SchemaObject &o = d.expected;
        if (o.kind != SchemaObject::Kind::Column || !sameSchema(dialect, o.schema, schema)
            || !sameName(dialect, o.table, table) || !sameName(dialect, o.name, column))
            continue;
        if (!type.isEmpty())
            o.attributes[QStringLiteral("type")] = type;
        if (notNull == 1)
            o.attributes[QStringLiteral("nullable")] = QStringLiteral("no");
        else if (notNull == 0)
            o.attributes.remove(QStringLiteral("nullable"));
    }
}

// Appends a declaration made by the statement; the reference is valid until the next append.
Declaration &declareObject(QList<Declaration> &list, const Statement &statement, SchemaObject::Kind kind,
                           const QString &schema, const QString &table, const QString &name, bool ifNotExists)
{
    Declaration d;
    d.expected.kind = kind;
    d.expected.schema = schema;
    d.expected.table = table;
    d.expected.name = name;
    d.ifNotExists = ifNotExists;
    d.line = statement.firstLine;
    d.statement = statement.sql.section(u'\n', 0, 0).trimmed();
    list << d;
    return list.last();
}

} // namespace detail

QList<Declaration> declaredObjects(Dialect dialect, const QList<Statement> &statements)
{
    QList<Declaration> list;
    // MySQL: "USE db" sends the unqualified names that follow into another database.
    static const QRegularExpression use(QStringLiteral("^use\\s+[`\"]?([^`\"\\s;]+)"), QRegularExpression::CaseInsensitiveOption);
    QString database;
    for (const Statement &s : statements) {
        const qsizetype first = list.size();
        if (dialect == Dialect::Postgres)
            detail::postgresDeclarations(list, s);
        else
            detail::tokenDeclarations(dialect, list, s);
        if (dialect != Dialect::Mysql)
            continue;
        if (const QRegularExpressionMatch m = use.match(s.sql.trimmed()); m.hasMatch())
            database = m.captured(1);
        for (qsizetype i = first; i < list.size(); ++i)
            if (list[i].expected.schema.isEmpty())
                list[i].expected.schema = database;
    }
    return list;
}

// ---- the check ----------------------------------------------------------------------------

namespace {

using detail::sameName;
using detail::splitList;
using K = SchemaObject::Kind;

QString unquote(QString name)
{
    name = name.trimmed();
    if (name.size() >= 2 && (name.front() == u'"' || name.front() == u'`') && name.back() == name.front())
        return name.mid(1, name.size() - 2);
    return name;
}

// A plain key: a column name, with a MySQL prefix length and the order as readers render them
// ("email", "`code`(8)", "placed_at desc nulls last"). Captures: name, the rest.
QRegularExpressionMatch plainKey(const QString &key)
{
    static const QRegularExpression plain(QStringLiteral(
        "^([A-Za-z_\\x{80}-\\x{ffff}][\\w$\\x{80}-\\x{ffff}]*|\"[^\"]+\"|`[^`]+`)"
        "((?:\\(\\d+\\))?(?:\\s+(?:asc|desc))?(?:\\s+nulls\\s+(?:first|last))?)$"),
                                            QRegularExpression::CaseInsensitiveOption);
    return plain.match(key.trimmed());
}

// Expressions as engines render them and as scripts write them differ in spacing, quoting, casts
// and parentheses; this removes all four so that only the substance is compared.
QString looseSql(const QString &text)
{
    QString t = text.toLower();
    static const QRegularExpression cast(QStringLiteral(
        "::\\s*[\\w.\"]+(?:\\s+(?:varying|precision|with\\s+time\\s+zone|without\\s+time\\s+zone))?"
        "(?:\\s*\\(\\s*\\d+(?:\\s*,\\s*\\d+)?\\s*\\))?(?:\\s*\\[\\s*\\])*"));
    t.remove(cast);
    t.remove(QRegularExpression(QStringLiteral("[\\s\"'`]")));
    // Grouping parentheses (not a call's) carry no meaning once the engine has parsed the text.
    QString out;
    QList<bool> kept;
    for (qsizetype i = 0; i < t.size(); ++i) {
        const QChar c = t.at(i);
        if (c == u'(') {
            const bool call = i > 0 && (t.at(i - 1).isLetterOrNumber() || t.at(i - 1) == u'_');
            kept << call;
            if (call)
                out += c;
        } else if (c == u')') {
            const bool call = kept.isEmpty() ? true : kept.takeLast();
            if (call)
                out += c;
        } else {
            out += c;
        }
    }
    return out;
}

bool sameKeys(Dialect dialect, const QString &live, const QString &declared)
{
    const QStringList a = splitList(live);
    const QStringList b = splitList(declared);
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QRegularExpressionMatch plainA = plainKey(a[i]);
        const QRegularExpressionMatch plainB = plainKey(b[i]);
        if (plainA.hasMatch() && plainB.hasMatch()) {
            const auto order = [](const QString &rest) { return rest.simplified().toLower().remove(QStringLiteral(" asc")); };
            if (!sameName(dialect, unquote(plainA.captured(1)), unquote(plainB.captured(1)))
                || order(plainA.captured(2)) != order(plainB.captured(2)))
                return false;
        } else if (looseSql(a[i]) != looseSql(b[i]) && !plainA.hasMatch() && !plainB.hasMatch()) {
            // Where only one side is an expression the renderings cannot be compared (a reader
            // that cannot render an expression key): the count must do.
            return false;
        }
    }
    return true;
}

// "public.users" -> "users", outside quotes.
QString unqualified(const QString &name)
{
    QChar quote;
    qsizetype lastDot = -1;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == u'"' || c == u'`') {
            quote = c;
        } else if (c == u'.') {
            lastDot = i;
        }
    }
    return name.mid(lastDot + 1);
}

bool sameType(Dialect dialect, const QString &live, const QString &declared)
{
    const QString a = normalizeType(dialect, live);
    const QString b = normalizeType(dialect, declared);
    if (a == b || unqualified(a) == unqualified(b))
        return true;
    // MariaDB stores JSON as LONGTEXT and reports it so.
    const auto json = [](const QString &t) { return t == u"json" || t == u"longtext"; };
    return dialect == Dialect::Mysql && json(a) && json(b);
}

// "public.users(id)" against "users(id)": table and columns, not the schema.
bool sameReference(Dialect dialect, const QString &live, const QString &declared)
{
    const auto split = [](const QString &ref) {
        const qsizetype open = ref.indexOf(u'(');
        const QString table = unquote(unqualified((open < 0 ? ref : ref.left(open)).trimmed()));
        QString columns = open < 0 ? QString() : ref.mid(open + 1);
        if (columns.endsWith(u')'))
            columns.chop(1);
        return std::pair{table, columns.trimmed()};
    };
    const auto [liveTable, liveColumns] = split(live);
    const auto [table, columns] = split(declared);
    if (!sameName(dialect, liveTable, table))
        return false;
    return columns.isEmpty() || liveColumns.isEmpty() || sameKeys(dialect, liveColumns, columns);
}

QString describedName(const SchemaObject &o)
{
    if (o.kind == K::Column)
        return o.table + u'.' + o.name;
    if (o.kind == K::Constraint && o.name.isEmpty())
        return o.attributes.value(QStringLiteral("type")) + QStringLiteral(" (")
            + o.attributes.value(QStringLiteral("columns")) + QStringLiteral(") on ") + o.table;
    return o.name;
}

QString missingName(const SchemaObject &o, const QString &schema)
{
    if (o.kind == K::Constraint && o.name.isEmpty())
        return describedName(o);
    QStringList parts;
    if (!schema.isEmpty())
        parts << schema;
    if (o.kind == K::Column || o.kind == K::Constraint)
        parts << o.table;
    parts << o.name;
    return parts.join(u'.');
}

class Checker
{
public:
    Checker(const SchemaSnapshot &after, const QString &defaultSchema)
        : m_after(after), m_dialect(after.dialect), m_defaultSchema(defaultSchema)
    {
    }

    std::optional<QString> problem(const SchemaObject &e) const
    {
        QString schema = e.schema.isEmpty() ? m_defaultSchema : e.schema;
        if (m_dialect == Dialect::Sqlite && schema.compare(u"main", Qt::CaseInsensitive) == 0)
            schema.clear();
        // A MySQL snapshot covers its own database, without naming it: an object declared in
        // another database is out of its sight and cannot be checked here.
        if (m_dialect == Dialect::Mysql && !schema.isEmpty()) {
            if (schema.compare(m_after.database, Qt::CaseInsensitive) != 0)
                return std::nullopt;
            schema.clear();
        }
        const SchemaObject *live = find(e, schema);
        if (!live)
            return kindName(e.kind) + u' ' + missingName(e, schema) + QStringLiteral(" does not exist");
        return compare(e, *live);
    }

private:
    bool inSchema(const SchemaObject &o, const QString &schema) const
    {
        // No default schema known: the name alone decides.
        return schema.isEmpty() ? true : sameName(m_dialect, o.schema, schema);
    }

    bool onTable(const SchemaObject &o, const SchemaObject &e) const { return sameName(m_dialect, o.table, e.table); }

    const SchemaObject *find(const SchemaObject &e, const QString &schema) const
    {
        const SchemaObject *byName = nullptr;
        const SchemaObject *onSameTable = nullptr;
        const SchemaObject *byDefinition = nullptr;
        const QString type = e.attributes.value(QStringLiteral("type"));
        for (const SchemaObject &o : m_after.objects) {
            if (!inSchema(o, schema))
                continue;
            if (e.kind == K::Constraint && o.kind == K::Index) {
                // A unique constraint is a unique index to MySQL and SQLite.
                if (type == u"unique" && onTable(o, e) && o.attributes.value(QStringLiteral("unique")) == u"yes"
                    && ((!e.name.isEmpty() && sameName(m_dialect, o.name, e.name))
                        || sameKeys(m_dialect, o.attributes.value(QStringLiteral("columns")), e.attributes.value(QStringLiteral("columns")))))
                    byDefinition = byDefinition ? byDefinition : &o;
                continue;
            }
            if (o.kind != e.kind)
                continue;
            switch (e.kind) {
            case K::Column:
                if (onTable(o, e) && sameName(m_dialect, o.name, e.name))
                    return &o;
                break;
            case K::Constraint:
                if (!onTable(o, e))
                    break;
                // The primary key's name is the engine's choice (t_pkey, PRIMARY, none in SQLite).
                if (type == u"primary key") {
                    if (o.attributes.value(QStringLiteral("type")) == type)
                        return &o;
                    break;
                }
                if (!e.name.isEmpty() && sameName(m_dialect, o.name, e.name))
                    return &o;
                if (o.attributes.value(QStringLiteral("type")) == type
                    && sameKeys(m_dialect, o.attributes.value(QStringLiteral("columns")), e.attributes.value(QStringLiteral("columns")))
                    && (e.name.isEmpty() || m_dialect == Dialect::Sqlite))
                    byDefinition = &o; // unnamed in the script, or SQLite that forgets names
                break;
            case K::Routine:
                if (sameName(m_dialect, o.name.section(u'(', 0, 0).trimmed(), e.name.section(u'(', 0, 0).trimmed()))
                    return &o;
                break;
            case K::Index:
            case K::Trigger:
                if (!sameName(m_dialect, o.name, e.name))
                    break;
                if (onTable(o, e))
                    onSameTable = &o;
                // MySQL index names are per table: one on another table is not this one.
                else if (!(m_dialect == Dialect::Mysql && e.kind == K::Index))
                    byName = byName ? byName : &o;
                break;
            default:
                if (sameName(m_dialect, o.name, e.name))
                    return &o;
            }
        }
        return onSameTable ? onSameTable : byName ? byName : byDefinition;
    }

    std::optional<QString> compare(const SchemaObject &e, const SchemaObject &live) const
    {
        const QString what = kindName(e.kind) + u' ' + describedName(e);
        const auto declares = [&](const QString &live, const QString &declared) {
            return what + u' ' + live + QStringLiteral(", the script declares ") + declared;
        };
        if ((e.kind == K::Index || e.kind == K::Trigger) && !e.table.isEmpty() && !onTable(live, e))
            return declares(QStringLiteral("is on table ") + live.table, e.table);
        QStringList problems;
        for (auto it = e.attributes.cbegin(); it != e.attributes.cend(); ++it) {
            const QString &name = it.key();
            const QString &declared = it.value();
            const bool present = live.attributes.contains(name);
            const QString value = live.attributes.value(name);
            if (name == u"columns") {
                if (present && !sameKeys(m_dialect, value, declared))
                    problems << declares(QStringLiteral("is on (%1)").arg(value), u'(' + declared + u')');
            } else if (live.kind != e.kind) {
                continue; // a unique index standing for a unique constraint: only its columns tell
            } else if (name == u"type") {
                if (!sameType(m_dialect, value, declared))
                    problems << declares(QStringLiteral("has type ") + (present ? value : QStringLiteral("none")), declared);
            } else if (name == u"nullable") {
                if (value.isEmpty() ? declared != u"yes" : value != declared)
                    problems << declares(value == u"no" ? QStringLiteral("is NOT NULL") : QStringLiteral("allows null"),
                                         declared == u"no" ? QStringLiteral("NOT NULL") : QStringLiteral("null allowed"));
            } else if (name == u"unique") {
                const QString liveUnique = value.isEmpty() ? QStringLiteral("no") : value;
                if (liveUnique != declared)
                    problems << declares(liveUnique == u"yes" ? QStringLiteral("is unique") : QStringLiteral("is not unique"),
                                         declared == u"yes" ? QStringLiteral("it unique") : QStringLiteral("it non-unique"));
            } else if (name == u"predicate") {
                if (!present)
                    problems << declares(QStringLiteral("is not partial"), QStringLiteral("WHERE ") + declared);
                else if (looseSql(value) != looseSql(declared))
                    problems << declares(QStringLiteral("has predicate ") + value, declared);
            } else if (name == u"references") {
                if (!sameReference(m_dialect, value, declared))
                    problems << declares(QStringLiteral("references ") + (present ? value : QStringLiteral("nothing")), declared);
            } else if (normalizeSql(value).compare(normalizeSql(declared), Qt::CaseInsensitive) != 0) {
                problems << declares(QStringLiteral("has %1 %2").arg(name, present ? value : QStringLiteral("none")), declared);
            }
        }
        if (problems.isEmpty())
            return std::nullopt;
        return problems.join(QStringLiteral("; "));
    }

    const SchemaSnapshot &m_after;
    Dialect m_dialect;
    QString m_defaultSchema;
};

} // namespace

QList<DeclarationFinding> checkDeclarations(const QList<Declaration> &declarations, const SchemaSnapshot &after,
                                            const QString &defaultSchema)
{
    QList<DeclarationFinding> findings;
    const Checker checker(after, defaultSchema);
    for (const Declaration &d : declarations)
        if (const std::optional<QString> problem = checker.problem(d.expected))
            findings << DeclarationFinding{d, *problem};
    return findings;
}

} // namespace mig
