// SQLite's schema, read from sqlite_schema and the table-valued pragmas (one query per pragma
// for all tables at once). What the pragmas do not tell (constraint names, CHECK clauses,
// generated column expressions, collations, index expressions, view and trigger bodies) is read
// from the CREATE statements SQLite keeps, with a small tokenizer: SQLite stores them as written.
#include "SchemaReader.h"

#include "DeclarationTokens.h"

#include "target/TargetSession.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <utility>

namespace mig {

namespace {

// ---------------------------------------------------------------- tokens of a CREATE statement

using detail::Token;

struct SqlText {
    QString sql;
    QList<Token> tokens;

    // Tokens [from, to) as normalised text; comments between them read as a space.
    QString text(qsizetype from, qsizetype to) const
    {
        to = std::min(to, tokens.size());
        QString out;
        for (qsizetype i = from; i < to; ++i) {
            if (i > from && tokens.at(i).begin > tokens.at(i - 1).end)
                out += u' ';
            out += QStringView(sql).mid(tokens.at(i).begin, tokens.at(i).end - tokens.at(i).begin);
        }
        return normalizeSql(out);
    }
};

SqlText tokenize(const QString &sql)
{
    return {sql, detail::tokenize(sql, Dialect::Sqlite)};
}

// Index of the ')' matching the '(' at `open`, or the token count when unbalanced.
qsizetype closing(const QList<Token> &t, qsizetype open)
{
    return open < t.size() && t.at(open).match >= 0 ? t.at(open).match : t.size();
}

qsizetype nextParen(const QList<Token> &t, qsizetype from, qsizetype limit)
{
    for (qsizetype i = from; i < limit; ++i)
        if (t.at(i).isPunct(u'('))
            return i;
    return limit;
}

// [from, to) cut at the commas outside parentheses.
QList<std::pair<qsizetype, qsizetype>> splitTopLevel(const QList<Token> &t, qsizetype from, qsizetype to)
{
    QList<std::pair<qsizetype, qsizetype>> parts;
    for (const detail::Span &span : detail::commaSplit(t, {from, to}))
        parts.append({span.begin, span.end});
    return parts;
}

// The first word of each item of the list in parentheses at `open`: "(a COLLATE nocase, b DESC)".
QStringList columnList(const QList<Token> &t, qsizetype open)
{
    QStringList cols;
    if (open >= t.size())
        return cols;
    for (const auto &[b, e] : splitTopLevel(t, open + 1, closing(t, open)))
        if (b < e)
            cols << t.at(b).text;
    return cols;
}

QString columnsKey(const QStringList &columns)
{
    return columns.join(u',').toLower();
}

// ---------------------------------------------------------------- what the CREATE text says

struct NamedColumns {
    QString name; // CONSTRAINT name, or empty
    QStringList columns;
};

struct TableText {
    bool withoutRowid = false;
    bool strict = false;
    QString primaryKeyName;
    QList<NamedColumns> uniques, foreignKeys;
    QList<std::pair<QString, QString>> checks; // name (or empty), normalised expression
    QHash<QString, QString> generated;         // lower-case column -> expression
    QHash<QString, QString> collation;         // lower-case column -> collation
};

TableText parseCreateTable(const QString &sql)
{
    TableText d;
    const SqlText s = tokenize(sql);
    const QList<Token> &t = s.tokens;
    const qsizetype open = nextParen(t, 0, t.size());
    const qsizetype close = closing(t, open);
    for (qsizetype i = close + 1; i < t.size(); ++i) {
        if (t.at(i).is("rowid") && t.at(i - 1).is("without"))
            d.withoutRowid = true;
        if (t.at(i).is("strict"))
            d.strict = true;
    }
    for (const auto &[b, e] : splitTopLevel(t, open + 1, close)) {
        if (b >= e)
            continue;
        const Token &first = t.at(b);
        const bool tableConstraint =
            first.is("constraint") || first.is("primary") || first.is("unique") || first.is("check") || first.is("foreign");
        const QString column = tableConstraint ? QString() : first.text;
        QString pending; // a CONSTRAINT name waiting for the constraint it names
        const auto takeName = [&pending] { return std::exchange(pending, QString()); };
        bool foreignKeyNamed = false; // FOREIGN KEY (...) already recorded; its REFERENCES follows
        for (qsizetype i = tableConstraint ? b : b + 1; i < e; ++i) {
            const Token &k = t.at(i);
            if (k.isPunct(u'(')) {
                i = closing(t, i);
                continue;
            }
            if (k.type != Token::Word)
                continue;
            if (k.is("constraint") && i + 1 < e) {
                pending = t.at(++i).text;
            } else if (k.is("primary")) {
                d.primaryKeyName = takeName();
            } else if (k.is("unique")) {
                if (column.isEmpty()) {
                    const qsizetype p = nextParen(t, i, e);
                    d.uniques << NamedColumns{takeName(), columnList(t, p)};
                    i = closing(t, p);
                } else {
                    d.uniques << NamedColumns{takeName(), {column}};
                }
            } else if (k.is("check")) {
                const qsizetype p = nextParen(t, i, e);
                const qsizetype c = closing(t, p);
                d.checks.append({takeName(), s.text(p + 1, c)});
                i = c;
            } else if (k.is("foreign")) {
                const qsizetype p = nextParen(t, i, e);
                d.foreignKeys << NamedColumns{takeName(), columnList(t, p)};
                foreignKeyNamed = true;
                i = closing(t, p);
            } else if (k.is("references")) {
                if (!foreignKeyNamed && !column.isEmpty())
                    d.foreignKeys << NamedColumns{takeName(), {column}};
                foreignKeyNamed = false;
            } else if (k.is("collate") && i + 1 < e) {
                const QString name = t.at(++i).text.toLower();
                if (!column.isEmpty())
                    d.collation.insert(column.toLower(), name);
            } else if (k.is("as") && !column.isEmpty()) {
                const qsizetype p = nextParen(t, i, e);
                const qsizetype c = closing(t, p);
                d.generated.insert(column.toLower(), s.text(p + 1, c));
                i = c;
            } else if (k.is("default") && !t.at(i - 1).is("set")) {
                // The value is one literal, a signed number or a parenthesised expression; it
                // may be a word (CURRENT_TIMESTAMP) that must not read as a keyword.
                pending.clear();
                if (i + 1 < e && t.at(i + 1).isPunct(u'('))
                    i = closing(t, i + 1);
                else if (i + 1 < e && (t.at(i + 1).isPunct(u'-') || t.at(i + 1).isPunct(u'+')))
                    i += 2;
                else
                    ++i;
            } else if (k.is("not") || k.is("null") || k.is("generated")) {
                pending.clear();
            }
        }
    }
    return d;
}

struct IndexText {
    QStringList terms; // key terms as written, normalised, without ASC/DESC
    QString predicate;
};

IndexText parseCreateIndex(const QString &sql)
{
    IndexText d;
    const SqlText s = tokenize(sql);
    const QList<Token> &t = s.tokens;
    qsizetype on = 0;
    while (on < t.size() && !t.at(on).is("on"))
        ++on;
    const qsizetype open = nextParen(t, on, t.size());
    const qsizetype close = closing(t, open);
    for (auto [b, e] : splitTopLevel(t, open + 1, close)) {
        if (e > b && (t.at(e - 1).is("asc") || t.at(e - 1).is("desc")))
            --e;
        d.terms << s.text(b, e);
    }
    if (close + 1 < t.size() && t.at(close + 1).is("where"))
        d.predicate = s.text(close + 2, t.size());
    return d;
}

// The SELECT after the view's top-level AS.
QString viewDefinition(const QString &sql)
{
    const SqlText s = tokenize(sql);
    const QList<Token> &t = s.tokens;
    for (qsizetype i = 0; i < t.size(); ++i) {
        if (t.at(i).isPunct(u'('))
            i = closing(t, i);
        else if (t.at(i).is("as"))
            return s.text(i + 1, t.size() && t.last().isPunct(u';') ? t.size() - 1 : t.size());
    }
    return normalizeSql(sql);
}

struct TriggerText {
    QString timing = QStringLiteral("before"); // SQLite's default when none is written
    QString events;
    QString action;
};

TriggerText parseCreateTrigger(const QString &sql)
{
    TriggerText d;
    const SqlText s = tokenize(sql);
    const QList<Token> &t = s.tokens;
    qsizetype i = 0;
    while (i < t.size() && !t.at(i).is("trigger"))
        ++i;
    ++i;
    if (i < t.size() && t.at(i).is("if"))
        i += 3; // IF NOT EXISTS
    ++i;        // the name
    if (i < t.size() && t.at(i).isPunct(u'.'))
        i += 2;
    if (i < t.size() && (t.at(i).is("before") || t.at(i).is("after"))) {
        d.timing = t.at(i++).text.toLower();
    } else if (i < t.size() && t.at(i).is("instead")) {
        d.timing = QStringLiteral("instead of");
        i += 2;
    }
    if (i < t.size())
        d.events = t.at(i++).text.toLower();
    if (i < t.size() && t.at(i).is("of")) { // UPDATE OF a, b
        QStringList cols;
        for (++i; i < t.size() && !t.at(i).is("on"); ++i)
            if (!t.at(i).isPunct(u','))
                cols << t.at(i).text;
        d.events += QStringLiteral(" of ") + cols.join(QStringLiteral(", "));
    }
    qsizetype when = -1, begin = -1, end = t.size();
    for (; i < t.size(); ++i) {
        if (t.at(i).isPunct(u'('))
            i = closing(t, i);
        else if (t.at(i).is("when") && when < 0)
            when = i;
        else if (t.at(i).is("begin")) {
            begin = i;
            break;
        }
    }
    while (end - 1 > begin && !t.at(end - 1).is("end"))
        --end;
    end = end - 1 > begin ? end - 1 : t.size();
    d.action = s.text(begin + 1, end);
    // The condition decides whether the body runs at all: it is part of the action.
    if (when >= 0)
        d.action = QStringLiteral("when ") + s.text(when + 1, begin) + QStringLiteral(": ") + d.action;
    return d;
}

// ---------------------------------------------------------------- catalog rows

QString quoted(const QString &name)
{
    return u'"' + QString(name).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

struct ColumnRow {
    QString name, type, dflt;
    bool notNull = false, hasDefault = false;
    int pk = 0, hidden = 0;
};

struct IndexRow {
    bool unique = false;
    QString origin; // c (CREATE INDEX), u (UNIQUE), pk (PRIMARY KEY)
};

QString primaryKeyName(const TableText &text)
{
    return text.primaryKeyName.isEmpty() ? QStringLiteral("primary key") : text.primaryKeyName;
}

// "'a', 'b'": names as an SQL list, for a scoped read.
QString nameList(const QSet<QString> &names)
{
    QStringList quotedNames;
    for (const QString &n : names)
        quotedNames << u'\'' + QString(n).replace(u'\'', QStringLiteral("''")) + u'\'';
    return quotedNames.join(QStringLiteral(", "));
}

SchemaObject object(SchemaObject::Kind kind, const QString &table, const QString &name)
{
    return SchemaObject{kind, QString(), table, name, {}};
}

} // namespace

SnapshotResult readSqliteSchema(TargetSession &session, const SnapshotOptions &options)
{
    SnapshotResult r;
    SchemaSnapshot &snap = r.snapshot;
    snap.dialect = Dialect::Sqlite;
    const auto run = [&](const QString &sql, QueryResult &out) {
        out = session.query(sql);
        if (!out.ok())
            r.error = out.error;
        return out.ok();
    };

    QueryResult files;
    if (!run(QStringLiteral("SELECT file FROM pragma_database_list WHERE name = 'main'"), files))
        return r;
    snap.database = files.scalar().toString();
    if (snap.database.isEmpty()) // a read-only session on a file that does not exist reads :memory:
        snap.database = session.profile().database;

    QSet<QString> excluded;
    for (const QString &name : options.excludeTables)
        excluded.insert(name.toLower());

    // A scoped read takes sqlite_schema as the caller read it, and reads only the tables in scope.
    QSet<QString> scope;
    QueryResult master;
    if (options.scope) {
        master.rows = options.scope->sqliteMaster;
        for (const QString &t : options.scope->sqliteTables)
            scope.insert(t.toLower());
    } else if (!run(QStringLiteral("SELECT type, name, tbl_name, sql FROM main.sqlite_schema"), master)) {
        return r;
    }
    const auto inScope = [&](const QVariant &tblName) { return !options.scope || scope.contains(tblName.toString().toLower()); };
    QHash<QString, QString> tables; // lower-case name -> name, for the tables the snapshot holds
    QHash<QString, QString> allTables; // every table, for foreign keys to excluded ones
    QHash<QString, TableText> tableText;
    QList<QVariantList> indexes, views, triggers;
    for (const QVariantList &row : std::as_const(master.rows)) {
        const QString type = row.at(0).toString(), name = row.at(1).toString();
        if (type == u"table") {
            if (name.startsWith(u"sqlite_", Qt::CaseInsensitive))
                continue;
            allTables.insert(name.toLower(), name);
            if (excluded.contains(name.toLower()) || !inScope(row.at(2)))
                continue;
            tables.insert(name.toLower(), name);
            tableText.insert(name.toLower(), parseCreateTable(row.at(3).toString()));
        } else if (!inScope(row.at(2))) {
            continue;
        } else if (type == u"index") {
            indexes << row;
        } else if (type == u"view") {
            views << row;
        } else if (type == u"trigger") {
            triggers << row;
        }
    }
    const auto included = [&](const QString &table) { return tables.contains(table.toLower()); };
    // SQL conditions for the scope: on a table's name, and on an index's table. They name the
    // tables exactly as sqlite_schema spells them: SQLite's lower() folds ASCII only, so it
    // cannot meet names Qt lower-cased ("Übersicht").
    QString tableScope, indexScope;
    if (options.scope) {
        QSet<QString> scopedTables(tables.cbegin(), tables.cend()), tblNames;
        for (const QVariantList &row : std::as_const(master.rows))
            if (inScope(row.at(2)))
                tblNames.insert(row.at(2).toString());
        tableScope = QStringLiteral(" AND m.name IN (%1)").arg(nameList(scopedTables));
        indexScope = QStringLiteral(" AND m.tbl_name IN (%1)").arg(nameList(tblNames));
    }

    // Foreign keys first: a scoped read also needs the columns of the parents they name.
    QueryResult foreignKeys;
    if (!run(QStringLiteral("SELECT m.name, p.id, p.\"table\", p.\"from\", p.\"to\", p.on_update, p.on_delete "
                            "FROM main.sqlite_schema m JOIN pragma_foreign_key_list(m.name, 'main') p "
                            "WHERE m.type = 'table'%1 ORDER BY m.name, p.id, p.seq").arg(tableScope),
             foreignKeys))
        return r;
    QString columnScope = tableScope;
    if (options.scope) {
        // A foreign key spells its parent as written in the child's text: by sqlite_schema's name.
        QSet<QString> withParents(tables.cbegin(), tables.cend());
        for (const QVariantList &row : std::as_const(foreignKeys.rows))
            withParents.insert(allTables.value(row.at(2).toString().toLower(), row.at(2).toString()));
        columnScope = QStringLiteral(" AND m.name IN (%1)").arg(nameList(withParents));
    }
    // Columns of every table in one query: the table-valued pragma joined to sqlite_schema.
    QueryResult columnRows;
    if (!run(QStringLiteral("SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
                            "FROM main.sqlite_schema m JOIN pragma_table_xinfo(m.name, 'main') p "
                            "WHERE m.type = 'table'%1 ORDER BY m.name, p.cid").arg(columnScope),
             columnRows))
        return r;
    QHash<QString, QList<ColumnRow>> columns; // lower-case table -> columns
    for (const QVariantList &row : std::as_const(columnRows.rows))
        columns[row.at(0).toString().toLower()] << ColumnRow{row.at(1).toString(), row.at(2).toString(), row.at(4).toString(),
                                                             row.at(3).toInt() != 0, !row.at(4).isNull(), row.at(5).toInt(),
                                                             row.at(6).toInt()};
    const auto primaryKey = [&](const QString &table) {
        QList<ColumnRow> cols = columns.value(table.toLower());
        cols.removeIf([](const ColumnRow &c) { return c.pk == 0; });
        std::sort(cols.begin(), cols.end(), [](const ColumnRow &a, const ColumnRow &b) { return a.pk < b.pk; });
        QStringList names;
        for (const ColumnRow &c : cols)
            names << c.name;
        return names;
    };

    QueryResult indexList, indexColumns;
    if (!run(QStringLiteral("SELECT m.name, p.name, p.\"unique\", p.origin FROM main.sqlite_schema m "
                            "JOIN pragma_index_list(m.name, 'main') p WHERE m.type = 'table'%1").arg(tableScope),
             indexList)
        || !run(QStringLiteral("SELECT m.name, p.seqno, p.cid, p.name, p.\"desc\" FROM main.sqlite_schema m "
                               "JOIN pragma_index_xinfo(m.name, 'main') p WHERE m.type = 'index' AND p.\"key\" = 1%1 "
                               "ORDER BY m.name, p.seqno").arg(indexScope),
                indexColumns))
        return r;
    QHash<QString, IndexRow> indexInfo; // index name -> what index_list says
    for (const QVariantList &row : std::as_const(indexList.rows))
        indexInfo.insert(row.at(1).toString(), IndexRow{row.at(2).toInt() != 0, row.at(3).toString()});
    struct KeyColumn { int seqno, cid; QString name; bool desc; };
    QHash<QString, QList<KeyColumn>> keyColumns; // index name -> key columns in order
    for (const QVariantList &row : std::as_const(indexColumns.rows))
        keyColumns[row.at(0).toString()] << KeyColumn{row.at(1).toInt(), row.at(2).toInt(), row.at(3).toString(), row.at(4).toInt() != 0};

    // Tables and their columns.
    for (const QString &table : std::as_const(tables)) {
        const TableText &text = tableText[table.toLower()];
        SchemaObject t = object(SchemaObject::Kind::Table, {}, table);
        if (text.withoutRowid)
            t.attributes.insert(QStringLiteral("without rowid"), QStringLiteral("yes"));
        if (text.strict)
            t.attributes.insert(QStringLiteral("strict"), QStringLiteral("yes"));
        snap.objects << t;
        const QStringList pk = primaryKey(table);
        for (const ColumnRow &c : columns.value(table.toLower())) {
            if (c.hidden == 1) // a virtual table's hidden column: not part of its shape
                continue;
            SchemaObject o = object(SchemaObject::Kind::Column, table, c.name);
            const QString type = normalizeType(Dialect::Sqlite, c.type);
            if (!type.isEmpty())
                o.attributes.insert(QStringLiteral("type"), type);
            // An INTEGER PRIMARY KEY is the rowid: it never holds NULL, NOT NULL written or not.
            const bool rowid = !text.withoutRowid && pk.size() == 1 && c.pk == 1 && c.type.compare(u"integer", Qt::CaseInsensitive) == 0;
            o.attributes.insert(QStringLiteral("nullable"), c.notNull || rowid ? QStringLiteral("no") : QStringLiteral("yes"));
            if (c.hasDefault)
                o.attributes.insert(QStringLiteral("default"), normalizeSql(c.dflt));
            if (c.hidden == 2 || c.hidden == 3)
                o.attributes.insert(QStringLiteral("generated"), (c.hidden == 3 ? QStringLiteral("stored: ") : QStringLiteral("virtual: "))
                                                                     + text.generated.value(c.name.toLower()));
            if (text.collation.contains(c.name.toLower()))
                o.attributes.insert(QStringLiteral("collation"), text.collation.value(c.name.toLower()));
            snap.objects << o;
        }

        // Constraints. Unnamed ones are named by their definition, so that the same
        // constraint gets the same key however the script ordered its clauses.
        QHash<QString, bool> seen; // the same CHECK written twice is one constraint
        const auto addConstraint = [&](const SchemaObject &o) {
            if (!std::exchange(seen[o.name.toLower()], true))
                snap.objects << o;
        };
        if (!pk.isEmpty()) {
            SchemaObject o = object(SchemaObject::Kind::Constraint, table, primaryKeyName(text));
            o.attributes.insert(QStringLiteral("type"), QStringLiteral("primary key"));
            o.attributes.insert(QStringLiteral("columns"), pk.join(QStringLiteral(", ")));
            addConstraint(o);
        }
        for (const auto &[name, expression] : text.checks) {
            SchemaObject o = object(SchemaObject::Kind::Constraint, table,
                                    name.isEmpty() ? QStringLiteral("check(") + expression + u')' : name);
            o.attributes.insert(QStringLiteral("type"), QStringLiteral("check"));
            o.attributes.insert(QStringLiteral("expression"), expression);
            addConstraint(o);
        }
        // Foreign keys: one per id, its rows in seq order.
        QList<QVariantList> fkRows;
        for (const QVariantList &row : std::as_const(foreignKeys.rows))
            if (row.at(0).toString().compare(table, Qt::CaseInsensitive) == 0)
                fkRows << row;
        for (qsizetype i = 0; i < fkRows.size();) {
            const QVariantList &head = fkRows.at(i);
            const QString parent = allTables.value(head.at(2).toString().toLower(), head.at(2).toString());
            QStringList from, to;
            bool toOmitted = false;
            for (; i < fkRows.size() && fkRows.at(i).at(1) == head.at(1); ++i) {
                from << fkRows.at(i).at(3).toString();
                to << fkRows.at(i).at(4).toString();
                toOmitted = toOmitted || fkRows.at(i).at(4).isNull();
            }
            if (toOmitted) // REFERENCES parent: the parent's primary key
                to = primaryKey(parent);
            const QString references = parent + u'(' + to.join(QStringLiteral(", ")) + u')';
            QString name = QStringLiteral("fk(") + from.join(QStringLiteral(", ")) + QStringLiteral(")->") + references;
            for (const NamedColumns &f : text.foreignKeys)
                if (!f.name.isEmpty() && columnsKey(f.columns) == columnsKey(from))
                    name = f.name;
            SchemaObject o = object(SchemaObject::Kind::Constraint, table, name);
            o.attributes.insert(QStringLiteral("type"), QStringLiteral("foreign key"));
            o.attributes.insert(QStringLiteral("columns"), from.join(QStringLiteral(", ")));
            o.attributes.insert(QStringLiteral("references"), references);
            o.attributes.insert(QStringLiteral("on delete"), head.at(6).toString().toLower());
            o.attributes.insert(QStringLiteral("on update"), head.at(5).toString().toLower());
            addConstraint(o);
        }
    }

    // Indexes: CREATE INDEX ones under their names; the automatic ones behind a PRIMARY KEY or
    // UNIQUE constraint under the constraint's name, since SQLite numbers them in the order the
    // constraints were written (sqlite_autoindex_t_2), which says nothing about the schema.
    // A UNIQUE constraint is known by its index (origin 'u') only: both are made here.
    QHash<QString, QStringList> indexesOf; // lower-case table -> index names, for sizes
    for (const QVariantList &row : std::as_const(indexes)) {
        const QString name = row.at(1).toString(), table = row.at(2).toString();
        indexesOf[table.toLower()] << name;
        if (!included(table))
            continue;
        const IndexRow info = indexInfo.value(name);
        const IndexText text = parseCreateIndex(row.at(3).toString());
        QStringList keys, plain; // plain: without " desc", as the constraint names its columns
        for (const KeyColumn &k : keyColumns.value(name)) {
            // cid -2: an expression, which only the CREATE INDEX text holds.
            QString key = k.cid == -2 ? text.terms.value(k.seqno) : k.name;
            if (k.desc)
                key += QStringLiteral(" desc");
            keys << key;
            plain << k.name;
        }
        QString objectName = name;
        const TableText &tt = tableText[table.toLower()];
        if (info.origin == u"pk") {
            objectName = primaryKeyName(tt);
        } else if (info.origin == u"u") {
            objectName = QStringLiteral("unique(") + plain.join(QStringLiteral(", ")) + u')';
            for (const NamedColumns &u : tt.uniques)
                if (!u.name.isEmpty() && columnsKey(u.columns) == columnsKey(plain))
                    objectName = u.name;
            SchemaObject c = object(SchemaObject::Kind::Constraint, table, objectName);
            c.attributes.insert(QStringLiteral("type"), QStringLiteral("unique"));
            c.attributes.insert(QStringLiteral("columns"), plain.join(QStringLiteral(", ")));
            snap.objects << c;
        }
        SchemaObject o = object(SchemaObject::Kind::Index, table, objectName);
        o.attributes.insert(QStringLiteral("columns"), keys.join(QStringLiteral(", ")));
        o.attributes.insert(QStringLiteral("unique"), info.unique ? QStringLiteral("yes") : QStringLiteral("no"));
        o.attributes.insert(QStringLiteral("method"), QStringLiteral("btree"));
        if (!text.predicate.isEmpty())
            o.attributes.insert(QStringLiteral("predicate"), text.predicate);
        if (info.origin == u"u" || info.origin == u"pk")
            o.attributes.insert(QStringLiteral("constraint"), QStringLiteral("yes"));
        snap.objects << o;
    }

    for (const QVariantList &row : std::as_const(views)) {
        SchemaObject o = object(SchemaObject::Kind::View, {}, row.at(1).toString());
        o.attributes.insert(QStringLiteral("definition"), viewDefinition(row.at(3).toString()));
        snap.objects << o;
    }

    for (const QVariantList &row : std::as_const(triggers)) {
        const QString table = row.at(2).toString();
        if (excluded.contains(table.toLower()))
            continue;
        const TriggerText text = parseCreateTrigger(row.at(3).toString());
        SchemaObject o = object(SchemaObject::Kind::Trigger, tables.value(table.toLower(), table), row.at(1).toString());
        o.attributes.insert(QStringLiteral("timing"), text.timing);
        o.attributes.insert(QStringLiteral("events"), text.events);
        o.attributes.insert(QStringLiteral("level"), QStringLiteral("row"));
        o.attributes.insert(QStringLiteral("action"), text.action);
        snap.objects << o;
    }

    // Sizes: dbstat is a compile-time option of SQLite; without it sizes are unknown, not an error.
    QHash<QString, qint64> pages;
    bool sized = false;
    if (options.sizes) {
        const QueryResult stat = session.query(QStringLiteral("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"));
        for (const QVariantList &row : stat.rows)
            pages.insert(row.at(0).toString().toLower(), row.at(1).toLongLong());
        sized = stat.ok();
    }
    for (const QString &table : std::as_const(tables)) {
        TableStats st{QString(), table, -1, -1};
        if (options.rowCounts) {
            QueryResult count;
            if (!run(QStringLiteral("SELECT count(*) FROM main.%1").arg(quoted(table)), count))
                return r;
            st.rows = count.scalar().toLongLong();
        }
        if (sized) {
            st.bytes = pages.value(table.toLower());
            for (const QString &index : indexesOf.value(table.toLower()))
                st.bytes += pages.value(index.toLower());
        }
        snap.tables << st;
    }
    snap.sort();
    return r;
}

} // namespace mig
