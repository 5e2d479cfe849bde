// MySQL/MariaDB and SQLite statements read with the declaration tokenizer (schema/
// DeclarationTokens.h): neither engine offers a parser we can link, and the statements the rules
// look at have a simple, stable shape. Multi-clause ALTER TABLE is read clause by clause.
#include "StatementActions.h"

#include "schema/DeclarationTokens.h"
#include "schema/SchemaSnapshot.h"

namespace mig::lint::detail {

namespace {

using mig::detail::commaSplit;
using mig::detail::Cursor;
using mig::detail::Span;
using mig::detail::Token;
using Kind = Action::Kind;

// What a column definition says (ADD COLUMN, MODIFY, CHANGE, CREATE TABLE).
struct ColumnSpec {
    QString name;
    QString type;
    bool notNull = false;
    bool hasDefault = false;
    bool generated = false;
    bool primaryKey = false;
    bool unique = false;
    QStringList checks;
};

class Reader
{
public:
    Reader(Dialect dialect, const Statement &statement)
        : m_d(dialect), m_sql(statement.sql), m_t(mig::detail::tokenize(statement.sql, dialect))
    {
    }

    StatementActions read()
    {
        Cursor c(m_t, {0, m_t.size()});
        while (c.isPunct(u'('))
            c.skip(); // "(SELECT ...)" is a query
        // SQLite's "WITH x AS (...) INSERT/UPDATE/DELETE ...": the statement after it is what it does.
        const qsizetype withBegin = c.pos();
        if (c.isKw("WITH"))
            withClause(c);
        const Span with{withBegin, c.pos()};
        m_out.ddl = c.isAnyKw({"CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE"});
        m_out.writesData = c.isAnyKw({"INSERT", "UPDATE", "DELETE", "REPLACE", "LOAD"});
        if (c.kw("DROP"))
            drop(c);
        else if (c.kw("TRUNCATE"))
            truncate(c);
        else if (c.kw("DELETE"))
            remove(c);
        else if (c.kw("UPDATE"))
            update(c);
        else if (c.isAnyKw({"INSERT", "REPLACE"}))
            insert(c, with);
        else if (c.kw("LOAD") && c.seekKw("INTO") && c.kws({"INTO", "TABLE"}))
            add(Kind::WriteRows, table(c.qualifiedName()));
        else if (c.kw("CREATE"))
            create(c);
        else if (c.kw("ALTER"))
            alter(c);
        else if (c.kws({"RENAME", "TABLE"}))
            renameTables(c);
        return m_out;
    }

private:
    bool mysql() const { return m_d == Dialect::Mysql; }

    QString text(Span s) const
    {
        return s.end <= s.begin ? QString() : m_sql.mid(m_t[s.begin].begin, m_t[s.end - 1].end - m_t[s.begin].begin).trimmed();
    }
    QString quoted(const QString &name) const
    {
        const QChar q = mysql() ? u'`' : u'"';
        return q + QString(name).replace(q, QString(2, q)) + q;
    }
    TableName table(const QStringList &parts) const
    {
        QString schema = parts.size() >= 2 ? parts.at(parts.size() - 2) : QString();
        if (m_d == Dialect::Sqlite && schema.compare(u"main", Qt::CaseInsensitive) == 0)
            schema.clear();
        return {schema, parts.value(parts.size() - 1)};
    }
    Action &add(Kind kind, const TableName &table) { return m_out.add(kind, table); }
    // Whether one of the keywords (or, with commas, a ",") comes later at this depth, before
    // `until`: what narrows a DELETE or UPDATE to some rows (WHERE, LIMIT, a join).
    static bool narrowed(Cursor c, std::initializer_list<const char *> kws, bool commas, const char *until = nullptr)
    {
        while (!c.atEnd() && !(until && c.isKw(until))) {
            if (c.isAnyKw(kws) || (commas && c.isPunct(u',')))
                return true;
            if (!c.parens())
                c.skip();
        }
        return false;
    }

    void truncate(Cursor &c)
    {
        c.kw("TABLE");
        add(Kind::Truncate, table(c.qualifiedName()));
    }

    void drop(Cursor &c)
    {
        c.kw("TEMPORARY");
        if (c.isAnyKw({"DATABASE", "SCHEMA"}) && mysql()) {
            c.skip();
            c.kws({"IF", "EXISTS"});
            Action &a = add(Kind::DropSchema, {});
            a.text = c.name();
            a.database = true;
            return;
        }
        if (!c.kw("TABLE"))
            return;
        c.kws({"IF", "EXISTS"});
        for (const Span &s : commaSplit(m_t, {c.pos(), c.end()})) {
            Cursor p(m_t, s);
            if (const QStringList name = p.qualifiedName(); !name.isEmpty())
                add(Kind::DropTable, table(name));
        }
    }

    void remove(Cursor &c)
    {
        skipModifiers(c);
        if (!c.kw("FROM")) { // DELETE t1 FROM t1 JOIN ...: a join decides
            add(Kind::WriteRows, table(c.qualifiedName()));
            return;
        }
        const TableName t = table(c.qualifiedName());
        add(narrowed(c, {"WHERE", "LIMIT", "USING", "JOIN"}, true) ? Kind::WriteRows : Kind::DeleteAll, t);
    }

    void update(Cursor &c)
    {
        skipModifiers(c);
        const TableName t = table(c.qualifiedName());
        // UPDATE t1 JOIN t2 / UPDATE t1, t2 before SET; WHERE, LIMIT, FROM (SQLite) after it.
        const bool joined = narrowed(c, {"JOIN"}, true, "SET");
        add(joined || narrowed(c, {"WHERE", "LIMIT", "FROM"}, false) ? Kind::WriteRows : Kind::UpdateAll, t);
    }

    // LOW_PRIORITY, IGNORE, ... (MySQL), OR REPLACE / OR IGNORE (SQLite).
    static void skipModifiers(Cursor &c)
    {
        for (;;) {
            if (c.kw("OR"))
                c.skip();
            else if (c.isAnyKw({"LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE", "QUICK"}))
                c.skip();
            else
                return;
        }
    }

    // `with`: the WITH clause written before INSERT (SQLite), empty when there is none.
    void insert(Cursor &c, Span with)
    {
        c.skip(); // INSERT / REPLACE
        skipModifiers(c);
        c.kw("INTO");
        Action &a = add(Kind::InsertSelect, table(c.qualifiedName()));
        if (const auto columns = c.parens()) {
            for (const Span &s : commaSplit(m_t, *columns)) {
                Cursor name(m_t, s);
                a.columns << name.name();
            }
        }
        if (!c.isAnyKw({"SELECT", "WITH"}))
            return;
        // The query with its CTEs, runnable on its own (a rule wraps it as a CTE of its own).
        a.text = (with.end > with.begin ? text(with) + u' ' : QString()) + text({c.pos(), c.end()});
        QStringList ctes;
        for (qsizetype i = 0; i < m_t.size(); ++i) {
            if (m_t[i].is("WITH")) {
                Cursor w(m_t, {i, m_t.size()});
                ctes << withClause(w);
            }
        }
        tablesRead({0, m_t.size()}, ctes, a.reads);
        a.source = a.reads.value(0);
    }

    // At WITH: moves past "WITH [RECURSIVE] name [(columns)] AS [NOT] [MATERIALIZED] (query), ..."
    // and gives the names it defines.
    QStringList withClause(Cursor &c) const
    {
        QStringList names;
        c.kw("WITH");
        c.kw("RECURSIVE");
        while (c.isName()) {
            names << c.name();
            c.parens();
            if (!c.kw("AS"))
                break;
            c.kw("NOT");
            c.kw("MATERIALIZED");
            c.parens();
            if (!c.isPunct(u','))
                break;
            c.skip();
        }
        return names;
    }

    // Every table named after FROM or JOIN in a span, at any depth (subqueries, CTE bodies): what
    // a query reads. CTE names, table-valued functions and MySQL's DUAL are no tables.
    void tablesRead(Span span, const QStringList &ctes, QList<TableName> &out) const
    {
        Cursor c(m_t, span);
        while (!c.atEnd()) {
            if (const auto inner = c.parens())
                tablesRead(*inner, ctes, out);
            else if (c.kw("FROM"))
                fromList(c, ctes, out);
            else
                c.skip();
        }
    }

    // After FROM: its items, comma- or JOIN-separated, up to the clause that ends the list.
    void fromList(Cursor &c, const QStringList &ctes, QList<TableName> &out) const
    {
        bool item = true; // the next name starts an item (not an alias, a join condition)
        while (!c.atEnd() && !c.isAnyKw({"WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "FETCH", "UNION", "EXCEPT",
                                          "INTERSECT", "RETURNING", "FOR", "LOCK", "INTO", "SELECT", "VALUES", "SET"})) {
            if (const auto inner = c.parens()) {
                tablesRead(*inner, ctes, out);
                item = false;
            } else if (c.isPunct(u',') || c.isAnyKw({"JOIN", "STRAIGHT_JOIN"})) {
                c.skip();
                item = true;
            } else if (item && c.isName()) {
                const QStringList name = c.qualifiedName();
                const bool cte = name.size() == 1 && ctes.contains(name.first(), Qt::CaseInsensitive);
                const bool dual = mysql() && name.size() == 1 && name.first().compare(u"DUAL", Qt::CaseInsensitive) == 0;
                if (!cte && !dual && !c.isPunct(u'(')) // "name(": a function (LATERAL (...) too)
                    out << table(name);
                item = false;
            } else {
                c.skip();
            }
        }
    }

    void create(Cursor &c)
    {
        bool unique = false;
        while (!c.atEnd() && !c.isAnyKw({"TABLE", "INDEX"})) {
            if (c.isAnyKw({"VIEW", "TRIGGER", "FUNCTION", "PROCEDURE", "EVENT", "DATABASE", "SCHEMA"}) || c.isPunct(u'('))
                return;
            if (c.isAnyKw({"TEMP", "TEMPORARY"}))
                return; // session-local: no live data, no lock on others
            unique = unique || c.isKw("UNIQUE");
            c.skip();
        }
        if (c.kw("INDEX"))
            createIndex(c, unique);
        else if (c.kw("TABLE"))
            createTable(c);
    }

    void createIndex(Cursor &c, bool unique)
    {
        c.kws({"IF", "NOT", "EXISTS"});
        c.qualifiedName();
        while (!c.atEnd() && !c.isKw("ON"))
            c.skip();
        c.kw("ON");
        Action &index = add(Kind::CreateIndex, table(c.qualifiedName()));
        index.unique = unique;
        const std::optional<Span> keys = c.parens();
        index.algorithm = algorithm(c);
        if (!unique || !keys)
            return;
        Action u = index;
        u.kind = Kind::AddUnique;
        u.columns = keyList(*keys, &u.expressionKeys);
        if (c.kw("WHERE"))
            u.predicate = text({c.pos(), c.end()});
        m_out.actions << u;
    }

    // Key expressions ready for a GROUP BY: names quoted, MySQL prefixes as LEFT(), orders gone.
    QStringList keyList(Span keys, bool *expressions) const
    {
        QStringList out;
        for (const Span &s : commaSplit(m_t, keys)) {
            Cursor k(m_t, s);
            Span key = s;
            while (key.end > key.begin && (m_t[key.end - 1].is("ASC") || m_t[key.end - 1].is("DESC")))
                --key.end;
            if (k.isName() && !k.isPunct(u'(', 1) && k.pos() + 1 == key.end) {
                out << quoted(k.name());
            } else if (mysql() && k.isName() && k.isPunct(u'(', 1) && k.pos() + 4 == key.end) {
                const QString name = k.name(); // `code`(8): a prefix key
                out << QStringLiteral("LEFT(%1, %2)").arg(quoted(name), text({k.pos() + 1, k.pos() + 2}));
            } else {
                out << text(key);
                *expressions = *expressions || out.last().isEmpty();
            }
        }
        return out;
    }

    // ALGORITHM [=] x anywhere at this depth, upper case; empty when not given.
    static QString algorithm(Cursor c)
    {
        while (!c.atEnd()) {
            if (c.kw("ALGORITHM")) {
                if (c.isPunct(u'='))
                    c.skip();
                return c.name().toUpper();
            }
            if (!c.parens())
                c.skip();
        }
        return {};
    }

    void createTable(Cursor &c)
    {
        c.kws({"IF", "NOT", "EXISTS"});
        const TableName t = table(c.qualifiedName());
        Action created;
        created.kind = Kind::CreateTable;
        created.table = t;
        QList<Action> constraints;
        if (const auto body = c.parens()) {
            for (const Span &part : commaSplit(m_t, *body)) {
                Cursor p(m_t, part);
                if (startsConstraint(p)) {
                    const qsizetype before = constraints.size();
                    tableConstraint(p, t, constraints);
                    for (qsizetype i = before; i < constraints.size(); ++i)
                        constraints[i].inCreate = true;
                    continue;
                }
                const ColumnSpec col = columnSpec(p);
                created.columns << col.name;
                inlineConstraints(col, t, constraints);
            }
        }
        m_out.actions << created << constraints;
    }

    bool startsConstraint(const Cursor &p) const
    {
        return p.isAnyKw({"CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK"})
            || (mysql() && p.isAnyKw({"KEY", "INDEX", "FULLTEXT", "SPATIAL"}));
    }

    void inlineConstraints(const ColumnSpec &col, const TableName &t, QList<Action> &out) const
    {
        const auto make = [&](Kind kind) {
            Action a;
            a.kind = kind;
            a.table = t;
            a.column = col.name;
            a.inCreate = true;
            return a;
        };
        if (col.notNull && !col.generated)
            out << make(Kind::SetNotNull);
        if ((col.unique || col.primaryKey) && !col.generated) {
            Action u = make(Kind::AddUnique);
            u.columns << quoted(col.name);
            u.primaryKey = col.primaryKey;
            out << u;
        }
        for (const QString &check : col.checks) {
            Action a = make(Kind::AddCheck);
            a.text = check;
            out << a;
        }
    }

    // CONSTRAINT name PRIMARY KEY (...) | UNIQUE (...) | CHECK (...) | FOREIGN KEY ...; in CREATE
    // TABLE and after ALTER TABLE ... ADD.
    void tableConstraint(Cursor &p, const TableName &t, QList<Action> &out) const
    {
        if (p.kw("CONSTRAINT") && !p.isAnyKw({"PRIMARY", "UNIQUE", "CHECK", "FOREIGN"}))
            p.name();
        Action a;
        a.table = t;
        if (p.kw("CHECK")) {
            a.kind = Kind::AddCheck;
            if (const auto e = p.parens())
                a.text = text(*e);
        } else if (p.kw("FOREIGN")) {
            a.kind = Kind::AddForeignKey;
        } else if (p.isAnyKw({"PRIMARY", "UNIQUE"})) {
            a.kind = Kind::AddUnique;
            a.primaryKey = p.isKw("PRIMARY");
            a.unique = true;
            while (!p.atEnd() && !p.isPunct(u'('))
                p.skip(); // KEY, INDEX, IF NOT EXISTS, a name, USING BTREE
            if (const auto keys = p.parens())
                a.columns = keyList(*keys, &a.expressionKeys);
        } else {
            return;
        }
        out << a;
    }

    ColumnSpec columnSpec(Cursor &p) const
    {
        ColumnSpec col;
        col.name = p.name();
        const qsizetype first = p.pos();
        while (!p.atEnd() && p.isName()
               && !p.isAnyKw({"NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "CHECK", "CONSTRAINT", "REFERENCES", "COLLATE",
                              "GENERATED", "AS", "AUTO_INCREMENT", "AUTOINCREMENT", "COMMENT", "CHARACTER", "CHARSET", "ON",
                              "FIRST", "AFTER", "INVISIBLE", "KEY"})) {
            p.skip();
            if (p.isPunct(u'('))
                p.parens();
        }
        col.type = normalizeType(m_d, text({first, p.pos()}));
        while (!p.atEnd()) {
            if (p.kws({"NOT", "NULL"})) {
                col.notNull = true;
            } else if (p.kw("DEFAULT")) {
                col.hasDefault = true;
            } else if (p.isAnyKw({"AUTO_INCREMENT", "AUTOINCREMENT", "GENERATED", "AS"})) {
                col.generated = true;
                p.skip();
            } else if (p.kws({"PRIMARY", "KEY"})) {
                col.primaryKey = true;
            } else if (p.kw("UNIQUE")) {
                col.unique = true;
            } else if (p.kw("CHECK")) {
                if (const auto e = p.parens())
                    col.checks << text(*e);
            } else if (!p.parens()) {
                p.skip();
            }
        }
        // MySQL: a primary key is NOT NULL, SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT.
        // SQLite: an INTEGER PRIMARY KEY is the rowid, given a value when none is.
        col.notNull = col.notNull || (mysql() && col.primaryKey);
        col.generated = col.generated || (mysql() && col.type == u"serial")
            || (m_d == Dialect::Sqlite && col.primaryKey && col.type == u"integer");
        return col;
    }

    void alter(Cursor &c)
    {
        while (c.isAnyKw({"ONLINE", "IGNORE"}))
            c.skip();
        if (!c.kw("TABLE"))
            return;
        c.kws({"IF", "EXISTS"});
        const TableName t = table(c.qualifiedName());
        Action &alterTable = add(Kind::AlterTable, t);
        alterTable.algorithm = algorithm(c);
        for (const Span &clause : commaSplit(m_t, {c.pos(), c.end()})) {
            Cursor p(m_t, clause);
            alterClause(p, t);
        }
    }

    void alterClause(Cursor &p, const TableName &t)
    {
        if (p.kw("ADD")) {
            if (startsConstraint(p)) {
                QList<Action> constraints;
                tableConstraint(p, t, constraints);
                for (Action &a : constraints)
                    a.constraint = true;
                m_out.actions << constraints;
                return;
            }
            if (p.isAnyKw({"INDEX", "KEY", "FULLTEXT", "SPATIAL", "PARTITION", "PERIOD", "SYSTEM"}))
                return;
            p.kw("COLUMN");
            p.kws({"IF", "NOT", "EXISTS"});
            const ColumnSpec col = columnSpec(p);
            Action &a = add(Kind::AddColumn, t);
            a.column = col.name;
            a.type = col.type;
            a.notNull = col.notNull;
            a.hasDefault = col.hasDefault;
            a.generated = col.generated;
        } else if (p.isAnyKw({"MODIFY", "CHANGE"}) && mysql()) {
            const bool change = p.isKw("CHANGE");
            p.skip();
            p.kw("COLUMN");
            p.kws({"IF", "EXISTS"});
            const QString old = change ? p.name() : QString();
            const ColumnSpec col = columnSpec(p);
            Action &a = add(Kind::ChangeType, t);
            a.column = change ? old : col.name;
            a.type = col.type;
            a.notNull = col.notNull;
            if (change && old.compare(col.name, Qt::CaseInsensitive) != 0) {
                Action &r = add(Kind::RenameColumn, t);
                r.column = old;
                r.newName = col.name;
            }
        } else if (p.kw("DROP")) {
            if (p.isAnyKw({"PRIMARY", "INDEX", "KEY", "FOREIGN", "CONSTRAINT", "CHECK", "PARTITION", "SYSTEM", "PERIOD"}))
                return;
            p.kw("COLUMN");
            p.kws({"IF", "EXISTS"});
            add(Kind::DropColumn, t).column = p.name();
        } else if (p.kw("RENAME")) {
            if (p.isAnyKw({"INDEX", "KEY"}))
                return;
            if (p.kw("COLUMN") || !p.isAnyKw({"TO", "AS"})) {
                Action &r = add(Kind::RenameColumn, t);
                r.column = p.name();
                p.kw("TO");
                r.newName = p.name();
                return;
            }
            p.skip();
            add(Kind::RenameTable, t).newName = table(p.qualifiedName()).name;
        }
    }

    void renameTables(Cursor &c)
    {
        for (const Span &pair : commaSplit(m_t, {c.pos(), c.end()})) {
            Cursor p(m_t, pair);
            const QStringList from = p.qualifiedName();
            if (!from.isEmpty() && p.kw("TO"))
                add(Kind::RenameTable, table(from)).newName = table(p.qualifiedName()).name;
        }
    }

    Dialect m_d;
    const QString &m_sql;
    QList<Token> m_t;
    StatementActions m_out;
};

} // namespace

StatementActions tokenActions(Dialect dialect, const Statement &statement)
{
    return Reader(dialect, statement).read();
}

} // namespace mig::lint::detail
