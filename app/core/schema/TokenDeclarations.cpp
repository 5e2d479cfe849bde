// SQLite and MySQL declarations, read with a small tokenizer: neither engine offers a parser
// we can link, and the statements that declare objects have a simple, stable shape.
#include "DeclarationEdits.h"
#include "DeclarationTokens.h"

#include <algorithm>
#include <initializer_list>

namespace mig::detail {

namespace {

using K = SchemaObject::Kind;

// What a column definition says, before it is declared (ADD) or applied (MODIFY, CHANGE).
struct ColumnDef {
    QString name;
    QString type;
    bool notNull = false;
    bool primaryKey = false;
    QString primaryKeyName;
    struct Named {
        QString name;
        QString type;
        QString references;
    };
    QList<Named> constraints;
};

class Extractor
{
public:
    Extractor(Dialect dialect, QList<Declaration> &list, const Statement &statement)
        : m_d(dialect), m_list(list), m_statement(statement), m_t(tokenize(statement.sql, dialect))
    {
    }

    void run()
    {
        Cursor c(m_t, {0, m_t.size()});
        if (c.kw("CREATE")) {
            create(c);
        } else if (c.kw("ALTER")) {
            while (c.isAnyKw({"ONLINE", "IGNORE"}))
                c.skip();
            if (c.kw("TABLE"))
                alterTable(c);
        } else if (c.kw("DROP")) {
            drop(c);
        } else if (c.kws({"RENAME", "TABLE"})) {
            for (const Span &pair : commaSplit(m_t, {c.pos(), c.end()})) {
                Cursor p(m_t, pair);
                const QStringList from = p.qualifiedName();
                if (!p.kw("TO"))
                    continue;
                const QStringList to = p.qualifiedName();
                if (!from.isEmpty() && !to.isEmpty())
                    renameObject(m_list, m_d, K::Table, schemaOf(from), {}, from.last(), to.last());
            }
        }
    }

private:
    bool mysql() const { return m_d == Dialect::Mysql; }

    QString text(Span s) const
    {
        if (s.end <= s.begin)
            return {};
        return m_statement.sql.mid(m_t[s.begin].begin, m_t[s.end - 1].end - m_t[s.begin].begin);
    }

    // SQLite's main database is the snapshot's unnamed one.
    QString schemaOf(const QStringList &parts) const
    {
        const QString schema = parts.size() >= 2 ? parts.at(parts.size() - 2) : QString();
        return m_d == Dialect::Sqlite && schema.compare(u"main", Qt::CaseInsensitive) == 0 ? QString() : schema;
    }
    Declaration &declare(K kind, const QString &schema, const QString &table, const QString &name, bool ifNotExists)
    {
        return declareObject(m_list, m_statement, kind, schema, table, name, ifNotExists);
    }

    void create(Cursor &c)
    {
        // CREATE [OR REPLACE] [TEMPORARY] [UNIQUE] [ALGORITHM=...] [DEFINER=...] [SQL SECURITY ...] <kind>
        bool temporary = false;
        bool unique = false;
        while (!c.atEnd() && !c.isAnyKw({"TABLE", "INDEX", "VIEW", "TRIGGER", "FUNCTION", "PROCEDURE"})) {
            if (c.isPunct(u'(') || c.isPunct(u';'))
                return;
            temporary = temporary || c.isAnyKw({"TEMP", "TEMPORARY"});
            unique = unique || c.isKw("UNIQUE");
            c.skip();
        }
        if (c.atEnd())
            return;
        const QString kind = m_t[c.pos()].text.toUpper();
        c.skip();
        const bool ifNotExists = c.kws({"IF", "NOT", "EXISTS"});
        const QStringList name = c.qualifiedName();
        // SQLite's temp schema, like TEMPORARY, holds nothing a snapshot sees.
        if (temporary || name.isEmpty()
            || (m_d == Dialect::Sqlite && name.size() >= 2 && name[name.size() - 2].startsWith(u"temp", Qt::CaseInsensitive)))
            return;
        const QString schema = schemaOf(name);
        if (kind == u"TABLE")
            createTable(c, schema, name.last(), ifNotExists);
        else if (kind == u"INDEX")
            createIndex(c, schema, name.last(), ifNotExists, unique);
        else if (kind == u"VIEW")
            declare(K::View, schema, {}, name.last(), ifNotExists);
        else if (kind == u"TRIGGER") {
            if (!c.seekKw("ON"))
                return;
            c.skip();
            const QStringList table = c.qualifiedName();
            if (!table.isEmpty())
                declare(K::Trigger, schema.isEmpty() ? schemaOf(table) : schema, table.last(), name.last(), ifNotExists);
        } else if (mysql()) {
            declare(K::Routine, schema, {}, name.last(), ifNotExists);
        }
    }

    void createTable(Cursor &c, const QString &schema, const QString &table, bool ifNotExists)
    {
        declare(K::Table, schema, {}, table, ifNotExists);
        const std::optional<Span> body = c.parens();
        if (!body)
            return; // CREATE TABLE ... AS SELECT / LIKE: existence only
        for (const Span &part : commaSplit(m_t, *body)) {
            Cursor p(m_t, part);
            if (startsConstraint(p))
                tableConstraint(p, schema, table, ifNotExists, true);
            else
                declareColumn(columnDef(p), schema, table, ifNotExists);
        }
    }

    bool startsConstraint(const Cursor &p) const
    {
        if (p.isAnyKw({"CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK"}))
            return true;
        // SQLite lets a column be called key or index; MySQL reserves both words.
        return mysql() && p.isAnyKw({"KEY", "INDEX", "FULLTEXT", "SPATIAL"})
            && (p.isPunct(u'(', 1) || p.isAnyKw({"KEY", "INDEX", "IF"}, 1) || p.isPunct(u'(', 2));
    }

    ColumnDef columnDef(Cursor &p) const
    {
        ColumnDef col;
        col.name = p.name();
        if (col.name.isEmpty())
            return col;
        static const char *const stops[] = {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT",
                                            "COLLATE", "REFERENCES", "GENERATED", "AS", "AUTO_INCREMENT",
                                            "AUTOINCREMENT", "COMMENT", "CHARSET", "ON", "KEY", "INVISIBLE",
                                            "VISIBLE", "STORED", "VIRTUAL", "PERSISTENT", "COLUMN_FORMAT", "STORAGE",
                                            "FIRST", "AFTER"};
        const qsizetype typeStart = p.pos();
        const auto stop = [&] {
            for (const char *s : stops)
                if (p.isKw(s))
                    return true;
            // BINARY is a type of its own, and an attribute after another type.
            return (p.isKw("CHARACTER") && p.isKw("SET", 1)) || (p.pos() > typeStart && p.isKw("BINARY"));
        };
        while (!p.atEnd() && p.isName() && !stop()) {
            p.skip();
            if (p.isPunct(u'('))
                p.parens();
        }
        col.type = text({typeStart, p.pos()});
        if (mysql() && col.type.compare(u"serial", Qt::CaseInsensitive) == 0) {
            col.type = QStringLiteral("bigint unsigned"); // SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE
            col.notNull = true;
        }
        col.type = normalizeType(m_d, col.type);
        QString pending; // CONSTRAINT name: applies to the constraint that follows
        while (!p.atEnd()) {
            if (p.kws({"NOT", "NULL"})) {
                col.notNull = true;
                pending.clear();
            } else if (p.kw("CONSTRAINT")) {
                pending = p.isAnyKw({"PRIMARY", "UNIQUE", "CHECK", "REFERENCES", "NOT"}) ? QString() : p.name();
            } else if (p.kws({"PRIMARY", "KEY"})) {
                col.primaryKey = true;
                col.primaryKeyName = pending;
                pending.clear();
                // PRIMARY KEY implies NOT NULL in MySQL; SQLite keeps NULLs possible and says so.
                col.notNull = col.notNull || mysql();
            } else if (p.kw("UNIQUE")) {
                if (!pending.isEmpty())
                    col.constraints << ColumnDef::Named{pending, QStringLiteral("unique"), {}};
                pending.clear();
            } else if (p.kw("CHECK")) {
                if (!pending.isEmpty())
                    col.constraints << ColumnDef::Named{pending, QStringLiteral("check"), {}};
                pending.clear();
                p.parens();
            } else if (p.kw("REFERENCES")) {
                const QString reference = referenceText(p);
                // MySQL parses a column's REFERENCES and ignores it.
                if (!pending.isEmpty() && !mysql())
                    col.constraints << ColumnDef::Named{pending, QStringLiteral("foreign key"), reference};
                pending.clear();
            } else if (!p.parens()) {
                p.skip();
            }
        }
        return col;
    }

    // "REFERENCES" already read: "table(a, b)".
    QString referenceText(Cursor &p) const
    {
        const QStringList table = p.qualifiedName();
        if (table.isEmpty())
            return {};
        QString reference = table.join(u'.');
        if (const std::optional<Span> cols = p.parens())
            reference += u'(' + keyList(*cols).join(QStringLiteral(", ")) + u')';
        return reference;
    }

    void declareColumn(const ColumnDef &col, const QString &schema, const QString &table, bool ifNotExists)
    {
        if (col.name.isEmpty())
            return;
        Declaration &d = declare(K::Column, schema, table, col.name, ifNotExists);
        if (!col.type.isEmpty())
            d.expected.attributes.insert(QStringLiteral("type"), col.type);
        if (col.notNull)
            d.expected.attributes.insert(QStringLiteral("nullable"), QStringLiteral("no"));
        if (col.primaryKey)
            declareConstraint(schema, table, primaryKeyName(col.primaryKeyName), QStringLiteral("primary key"), {col.name}, {}, ifNotExists);
        for (const ColumnDef::Named &c : col.constraints)
            declareConstraint(schema, table, c.name, c.type, {col.name}, c.references, ifNotExists);
    }

    // MySQL calls every primary key PRIMARY; SQLite keeps no name (matched by type anyway).
    QString primaryKeyName(const QString &written) const
    {
        return mysql() ? QStringLiteral("PRIMARY") : written;
    }

    void declareConstraint(const QString &schema, const QString &table, const QString &name, const QString &type,
                           const QStringList &columns, const QString &references, bool ifNotExists)
    {
        Declaration &d = declare(K::Constraint, schema, table, name, ifNotExists);
        d.expected.attributes.insert(QStringLiteral("type"), type);
        if (!columns.isEmpty() && type != u"check")
            d.expected.attributes.insert(QStringLiteral("columns"), columns.join(QStringLiteral(", ")));
        if (!references.isEmpty())
            d.expected.attributes.insert(QStringLiteral("references"), references);
    }

    void declareIndex(const QString &schema, const QString &table, const QString &name, const QStringList &keys,
                      bool unique, const QString &predicate, bool ifNotExists)
    {
        Declaration &d = declare(K::Index, schema, table, name, ifNotExists);
        if (!keys.isEmpty())
            d.expected.attributes.insert(QStringLiteral("columns"), keys.join(QStringLiteral(", ")));
        d.expected.attributes.insert(QStringLiteral("unique"), unique ? QStringLiteral("yes") : QStringLiteral("no"));
        if (!predicate.isEmpty())
            d.expected.attributes.insert(QStringLiteral("predicate"), predicate);
    }

    // Key parts: plain column names as the engine reads them back (MySQL prefix lengths and
    // sort orders dropped), expressions as their normalised text.
    QStringList keyList(Span span, bool asIndex = false) const
    {
        QStringList keys;
        for (Span part : commaSplit(m_t, span)) {
            if (part.end <= part.begin)
                continue;
            const Token &last = m_t[part.end - 1];
            const bool desc = last.type == Token::Word && last.text.compare(u"DESC", Qt::CaseInsensitive) == 0;
            if (desc || (last.type == Token::Word && last.text.compare(u"ASC", Qt::CaseInsensitive) == 0))
                --part.end;
            Cursor k(m_t, part);
            QString key = normalizeSql(text(part));
            if (k.isName() && (part.end - part.begin == 1 || k.isKw("COLLATE", 1)))
                key = m_t[part.begin].text;
            else if (mysql() && k.isName() && k.isPunct(u'(', 1) && part.end - part.begin == 4) // prefix: name(10)
                key = m_t[part.begin].text + (asIndex ? u'(' + m_t[part.begin + 2].text + u')' : QString());
            // Indexes read their keys back with the order, as the snapshot readers render it.
            keys << (asIndex && desc ? key + QStringLiteral(" desc") : key);
        }
        return keys;
    }

    // Skips an index name and USING clause up to the key list.
    std::optional<Span> indexKeys(Cursor &p, QString *name) const
    {
        p.kws({"IF", "NOT", "EXISTS"});
        if (p.isName() && !p.isKw("USING") && name)
            *name = p.name();
        if (p.kw("USING"))
            p.skip();
        return p.parens();
    }

    // PRIMARY KEY / UNIQUE / FOREIGN KEY / CHECK / KEY / INDEX / FULLTEXT in CREATE TABLE or ADD.
    void tableConstraint(Cursor &p, const QString &schema, const QString &table, bool ifNotExists, bool inCreate)
    {
        QString symbol;
        if (p.kw("CONSTRAINT") && !p.isAnyKw({"PRIMARY", "UNIQUE", "FOREIGN", "CHECK"}))
            symbol = p.name();
        QString indexName;
        if (p.kws({"PRIMARY", "KEY"})) {
            const std::optional<Span> keys = indexKeys(p, nullptr);
            if (!keys)
                return;
            const QStringList columns = keyList(*keys);
            declareConstraint(schema, table, primaryKeyName(symbol), QStringLiteral("primary key"), columns, {}, ifNotExists);
            for (const QString &c : columns)
                if (mysql())
                    alterColumn(m_list, m_d, schema, table, c, {}, 1);
        } else if (p.kw("UNIQUE")) {
            p.isAnyKw({"KEY", "INDEX"}) ? p.skip() : void();
            const std::optional<Span> keys = indexKeys(p, &indexName);
            if (!keys)
                return;
            if (!symbol.isEmpty() || (indexName.isEmpty() && !inCreate))
                declareConstraint(schema, table, symbol, QStringLiteral("unique"), keyList(*keys), {}, ifNotExists);
            else if (!indexName.isEmpty())
                declareIndex(schema, table, indexName, keyList(*keys, true), true, {}, ifNotExists);
        } else if (p.kws({"FOREIGN", "KEY"})) {
            const std::optional<Span> keys = indexKeys(p, &indexName);
            if (!keys || !p.kw("REFERENCES"))
                return;
            const QString reference = referenceText(p);
            if (!symbol.isEmpty() || !inCreate)
                declareConstraint(schema, table, symbol, QStringLiteral("foreign key"), keyList(*keys), reference, ifNotExists);
        } else if (p.kw("CHECK")) {
            if (!symbol.isEmpty())
                declareConstraint(schema, table, symbol, QStringLiteral("check"), {}, {}, ifNotExists);
        } else if (p.isAnyKw({"KEY", "INDEX", "FULLTEXT", "SPATIAL"})) {
            p.skip();
            p.isAnyKw({"KEY", "INDEX"}) ? p.skip() : void();
            const bool indexIfNotExists = p.isKw("IF");
            const std::optional<Span> keys = indexKeys(p, &indexName);
            if (keys && !indexName.isEmpty())
                declareIndex(schema, table, indexName, keyList(*keys, true), false, {}, ifNotExists || indexIfNotExists);
        }
    }

    void createIndex(Cursor &c, const QString &schema, const QString &name, bool ifNotExists, bool unique)
    {
        if (c.kw("USING"))
            c.skip();
        if (!c.kw("ON"))
            return;
        const QStringList table = c.qualifiedName();
        if (table.isEmpty())
            return;
        if (c.kw("USING"))
            c.skip();
        const std::optional<Span> keys = c.parens();
        if (!keys)
            return;
        QString predicate;
        if (c.seekKw("WHERE"))
            predicate = normalizeSql(text({c.pos() + 1, c.end()}));
        declareIndex(schema.isEmpty() ? schemaOf(table) : schema, table.last(), name, keyList(*keys, true), unique, predicate,
                     ifNotExists);
    }

    void alterTable(Cursor &c)
    {
        c.kws({"IF", "EXISTS"});
        const QStringList name = c.qualifiedName();
        if (name.isEmpty())
            return;
        const QString schema = schemaOf(name);
        const QString table = name.last();
        for (const Span &action : commaSplit(m_t, {c.pos(), c.end()})) {
            Cursor a(m_t, action);
            if (a.kw("ADD"))
                add(a, schema, table);
            else if (a.kw("DROP"))
                dropFromTable(a, schema, table);
            else if (a.kw("RENAME"))
                renameInTable(a, schema, table);
            else if (a.kw("MODIFY")) {
                a.kw("COLUMN");
                a.kws({"IF", "EXISTS"});
                const ColumnDef col = columnDef(a);
                // MODIFY restates the whole column: what it leaves out is no longer so.
                if (!col.name.isEmpty())
                    alterColumn(m_list, m_d, schema, table, col.name, col.type, col.notNull ? 1 : 0);
            } else if (a.kw("CHANGE")) {
                a.kw("COLUMN");
                a.kws({"IF", "EXISTS"});
                const QString old = a.name();
                const ColumnDef col = columnDef(a);
                if (!old.isEmpty() && !col.name.isEmpty()) {
                    renameColumn(m_list, m_d, schema, table, old, col.name);
                    alterColumn(m_list, m_d, schema, table, col.name, col.type, col.notNull ? 1 : 0);
                }
            }
        }
    }

    void add(Cursor &a, const QString &schema, const QString &table)
    {
        const bool column = a.kw("COLUMN");
        if (!column && startsConstraint(a)) {
            tableConstraint(a, schema, table, false, false);
            return;
        }
        const bool ifNotExists = a.kws({"IF", "NOT", "EXISTS"});
        if (const std::optional<Span> many = a.parens()) { // MySQL: ADD (a INT, b INT)
            for (const Span &part : commaSplit(m_t, *many)) {
                Cursor p(m_t, part);
                declareColumn(columnDef(p), schema, table, ifNotExists);
            }
            return;
        }
        declareColumn(columnDef(a), schema, table, ifNotExists);
    }

    void dropFromTable(Cursor &a, const QString &schema, const QString &table)
    {
        if (a.kws({"PRIMARY", "KEY"})) {
            withdrawPrimaryKey(m_list, m_d, schema, table);
            return;
        }
        K kind = K::Column;
        bool indexToo = false;
        if (a.kw("INDEX") || a.kw("KEY")) {
            kind = K::Index;
            indexToo = true;
        } else if (a.kws({"FOREIGN", "KEY"}) || a.kw("CHECK")) {
            kind = K::Constraint;
        } else if (a.kw("CONSTRAINT")) {
            kind = K::Constraint;
            indexToo = mysql(); // a MySQL unique constraint is its index
        } else {
            a.kw("COLUMN");
        }
        a.kws({"IF", "EXISTS"});
        const QString name = a.name();
        if (name.isEmpty())
            return;
        if (kind == K::Column) {
            withdrawColumn(m_list, m_d, schema, table, name);
            return;
        }
        withdraw(m_list, m_d, K::Constraint, schema, table, name);
        if (indexToo)
            withdraw(m_list, m_d, K::Index, schema, table, name);
    }

    void renameInTable(Cursor &a, const QString &schema, const QString &table)
    {
        if (a.isAnyKw({"INDEX", "KEY"})) {
            a.skip();
            const QString from = a.name();
            if (a.kw("TO") && !from.isEmpty())
                renameObject(m_list, m_d, K::Index, schema, table, from, a.name());
            return;
        }
        // RENAME COLUMN a TO b; SQLite also RENAME a TO b; RENAME [TO|AS] t renames the table.
        const bool column = a.kw("COLUMN") || (a.isName() && a.isKw("TO", 1) && !a.isAnyKw({"TO", "AS"}));
        if (column) {
            const QString from = a.name();
            if (a.kw("TO") && !from.isEmpty())
                renameColumn(m_list, m_d, schema, table, from, a.name());
            return;
        }
        a.isAnyKw({"TO", "AS"}) ? a.skip() : void();
        const QStringList to = a.qualifiedName();
        if (!to.isEmpty())
            renameObject(m_list, m_d, K::Table, schema, {}, table, to.last());
    }

    void drop(Cursor &c)
    {
        c.kw("TEMPORARY");
        K kind;
        if (c.kw("TABLE"))
            kind = K::Table;
        else if (c.kw("INDEX"))
            kind = K::Index;
        else if (c.kw("VIEW"))
            kind = K::View;
        else if (c.kw("TRIGGER"))
            kind = K::Trigger;
        else if (c.kw("FUNCTION") || c.kw("PROCEDURE"))
            kind = K::Routine;
        else
            return;
        c.kws({"IF", "EXISTS"});
        c.isAnyKw({"ONLINE", "OFFLINE"}) ? c.skip() : void();
        if (kind == K::Index) { // DROP INDEX n [ON t]: MySQL names the table
            const QStringList name = c.qualifiedName();
            if (name.isEmpty())
                return;
            QStringList table;
            if (c.kw("ON"))
                table = c.qualifiedName();
            const QString schema = schemaOf(table.isEmpty() ? name : table);
            withdraw(m_list, m_d, K::Index, schema, table.value(table.size() - 1), name.last());
            if (mysql())
                withdraw(m_list, m_d, K::Constraint, schema, table.value(table.size() - 1), name.last());
            return;
        }
        for (const Span &part : commaSplit(m_t, {c.pos(), c.end()})) {
            Cursor p(m_t, part);
            const QStringList name = p.qualifiedName();
            if (!name.isEmpty())
                withdraw(m_list, m_d, kind, schemaOf(name), {}, name.last());
        }
    }

    Dialect m_d;
    QList<Declaration> &m_list;
    const Statement &m_statement;
    const QList<Token> m_t;
};

} // namespace

void tokenDeclarations(Dialect dialect, QList<Declaration> &list, const Statement &statement)
{
    Extractor(dialect, list, statement).run();
}

} // namespace mig::detail
