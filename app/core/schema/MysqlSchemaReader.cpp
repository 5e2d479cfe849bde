// MySQL / MariaDB: the current database, read from information_schema with one query per kind of
// object (the catalog views are slow to open, so never one query per table), plus count(*) per
// table and one read per MariaDB sequence (information_schema has no sequence view before 11.5).
#include "SchemaReader.h"

#include "target/TargetSession.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace mig {

namespace {

using Kind = SchemaObject::Kind;

QString text(const QVariant &v)
{
    return v.isNull() ? QString() : v.toString();
}

QString backtick(const QString &name)
{
    QString n = name;
    n.replace(u'`', QStringLiteral("``"));
    return u'`' + n + u'`';
}

// Key for things named per table (PRIMARY, a check named after its column, index names).
QString tableKey(const QString &table, const QString &name)
{
    return table + QChar(0) + name;
}

// MySQL 8 writes CURRENT_TIMESTAMP where MariaDB writes current_timestamp(): one spelling. Only
// a whole value is rewritten, never a word inside a longer expression or a string.
QString timestampFunction(const QString &expr)
{
    static const QRegularExpression now(QStringLiteral("^(current_timestamp|now|localtimestamp|localtime)(\\s*\\(\\s*(\\d*)\\s*\\))?$"),
                                        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = now.match(expr);
    return m.hasMatch() ? QStringLiteral("current_timestamp(%1)").arg(m.captured(3)) : expr;
}

// The contents of one quoted MariaDB literal ('it''s', 'a\\b'), or nullopt when `t` is not
// exactly one literal.
std::optional<QString> unquoteLiteral(const QString &t)
{
    if (t.size() < 2 || !t.startsWith(u'\'') || !t.endsWith(u'\''))
        return std::nullopt;
    QString out;
    for (qsizetype i = 1; i < t.size() - 1; ++i) {
        const QChar c = t.at(i);
        if (c == u'\'') {
            if (i + 1 < t.size() - 1 && t.at(i + 1) == u'\'') {
                out += c;
                ++i;
                continue;
            }
            return std::nullopt; // 'a' 'b': more than one literal
        }
        if (c == u'\\' && i + 1 < t.size() - 1) {
            const QChar e = t.at(++i);
            switch (e.unicode()) {
            case u'0': out += QChar(0); break;
            case u'n': out += u'\n'; break;
            case u'r': out += u'\r'; break;
            case u't': out += u'\t'; break;
            case u'b': out += u'\b'; break;
            case u'Z': out += QChar(0x1a); break;
            default: out += e; break;
            }
            continue;
        }
        out += c;
    }
    return out;
}

// COLUMN_DEFAULT as one value whatever the server: absent for no default and for DEFAULT NULL
// (the same thing to a nullable column), a literal's bare text, an expression normalised.
// MariaDB 10.2+ quotes literals and writes NULL as the text NULL; MySQL gives literals bare and
// marks expressions DEFAULT_GENERATED in EXTRA.
std::optional<QString> columnDefault(const QVariant &value, const QString &extra, bool mariadb)
{
    if (value.isNull())
        return std::nullopt;
    const QString t = value.toString().trimmed();
    if (mariadb) {
        if (t == u"NULL")
            return std::nullopt;
        if (const auto literal = unquoteLiteral(t))
            return literal;
        return timestampFunction(normalizeSql(t));
    }
    if (extra.contains(u"DEFAULT_GENERATED", Qt::CaseInsensitive)
        || t.compare(u"CURRENT_TIMESTAMP", Qt::CaseInsensitive) == 0)
        return timestampFunction(normalizeSql(t));
    return value.toString();
}

// What EXTRA says besides generation: auto_increment, on update ..., invisible.
QString columnExtra(const QString &extra)
{
    QString e = extra.toLower();
    for (const char *word : {"default_generated", "stored generated", "virtual generated", "persistent generated", "persistent"})
        e.remove(QLatin1String(word));
    e = normalizeSql(e);
    const qsizetype onUpdate = e.indexOf(QLatin1String("on update "));
    if (onUpdate >= 0)
        e = e.left(onUpdate + 10) + timestampFunction(e.mid(onUpdate + 10));
    return e;
}

// A view's text names its own database on every table (`shop`.`orders`): left out, so the same
// view in a copy of the database under another name reads the same.
QString withoutOwnDatabase(const QString &sql, const QString &database)
{
    const QString needle = backtick(database) + u'.';
    QString out;
    out.reserve(sql.size());
    QChar quote;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (!quote.isNull()) {
            out += c;
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == u'`' && QStringView(sql).mid(i).startsWith(needle)) {
            i += needle.size() - 1;
            continue;
        }
        if (c == u'\'' || c == u'"' || c == u'`')
            quote = c;
        out += c;
    }
    return out;
}

class Reader
{
public:
    Reader(TargetSession &session, const SnapshotOptions &options) : m_session(session)
    {
        for (const QString &t : options.excludeTables)
            m_excluded.insert(t.toLower());
        m_rowCounts = options.rowCounts;
    }

    SnapshotResult run()
    {
        m_result.snapshot.dialect = Dialect::Mysql;
        if (!database() || !features() || !tables() || !columns() || !constraints() || !indexes() || !views() || !triggers()
            || !routines() || !sequences() || !rowCounts())
            return m_result;
        m_result.snapshot.sort();
        return m_result;
    }

private:
    bool fetch(const QString &sql, QList<QVariantList> *rows)
    {
        QueryResult q = m_session.query(sql);
        if (!q.ok()) {
            m_result.error = q.error;
            return false;
        }
        *rows = std::move(q.rows);
        return true;
    }

    SchemaObject &add(Kind kind, const QString &table, const QString &name)
    {
        SchemaObject o;
        o.kind = kind;
        o.schema = m_db;
        o.table = table;
        o.name = name;
        m_result.snapshot.objects << o;
        return m_result.snapshot.objects.last();
    }

    bool excluded(const QString &table) const { return m_excluded.contains(table.toLower()); }
    bool isTable(const QString &table) const { return m_tables.contains(table); }

    bool database()
    {
        QList<QVariantList> rows;
        if (!fetch(QStringLiteral("SELECT DATABASE(), VERSION()"), &rows))
            return false;
        m_db = text(rows.value(0).value(0));
        m_mariadb = text(rows.value(0).value(1)).contains(u"MariaDB", Qt::CaseInsensitive);
        if (m_db.isEmpty()) {
            m_result.error = SqlError{SqlError::Kind::Other, {}, QStringLiteral("no database selected: the schema snapshot reads the current database")};
            return false;
        }
        m_result.snapshot.database = m_db;
        return true;
    }

    // The catalog columns that differ between servers: MySQL 8 has functional index keys
    // (STATISTICS.EXPRESSION) and names checks per schema (no CHECK_CONSTRAINTS.TABLE_NAME);
    // MariaDB names checks per table; MySQL before 8.0.16 has no CHECK_CONSTRAINTS at all.
    bool features()
    {
        QList<QVariantList> rows;
        if (!fetch(QStringLiteral("SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'information_schema' "
                                  "AND ((TABLE_NAME = 'STATISTICS' AND COLUMN_NAME = 'EXPRESSION') "
                                  "OR (TABLE_NAME = 'CHECK_CONSTRAINTS' AND COLUMN_NAME IN ('TABLE_NAME', 'CHECK_CLAUSE')))"),
                   &rows))
            return false;
        for (const QVariantList &r : rows) {
            const QString t = text(r.value(0)).toUpper(), c = text(r.value(1)).toUpper();
            if (t == u"STATISTICS")
                m_indexExpressions = true;
            else if (c == u"CHECK_CLAUSE")
                m_checks = true;
            else
                m_checkTableName = true;
        }
        return true;
    }

    bool tables()
    {
        QList<QVariantList> rows;
        if (!fetch(QStringLiteral("SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, DATA_LENGTH, INDEX_LENGTH "
                                  "FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"),
                   &rows))
            return false;
        for (const QVariantList &r : rows) {
            const QString name = text(r.value(0)), type = text(r.value(1));
            if (excluded(name))
                continue;
            if (type == u"SEQUENCE") {
                m_sequences << name;
                continue;
            }
            // System-versioned tables (MariaDB) are base tables with history kept beside them.
            if (type != u"BASE TABLE" && type != u"SYSTEM VERSIONED")
                continue; // views come from VIEWS; temporary tables are not schema
            m_tables.insert(name);
            SchemaObject &t = add(Kind::Table, {}, name);
            if (!r.value(2).isNull())
                t.attributes.insert(QStringLiteral("engine"), text(r.value(2)).toLower());
            const QString collation = text(r.value(3));
            if (!collation.isEmpty())
                t.attributes.insert(QStringLiteral("collation"), collation);
            m_tableCollation.insert(name, collation);
            TableStats st;
            st.schema = m_db;
            st.table = name;
            if (!r.value(4).isNull() && !r.value(5).isNull())
                st.bytes = r.value(4).toLongLong() + r.value(5).toLongLong();
            m_result.snapshot.tables << st;
        }
        return true;
    }

    bool columns()
    {
        QList<QVariantList> rows;
        if (!fetch(QStringLiteral("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLLATION_NAME, EXTRA, "
                                  "GENERATION_EXPRESSION FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"),
                   &rows))
            return false;
        for (const QVariantList &r : rows) {
            const QString table = text(r.value(0));
            if (m_sequences.contains(table) && text(r.value(1)) == u"next_not_cached_value")
                m_sequenceType.insert(table, normalizeType(Dialect::Mysql, text(r.value(2))));
            if (!isTable(table))
                continue;
            SchemaObject &c = add(Kind::Column, table, text(r.value(1)));
            c.attributes.insert(QStringLiteral("type"), normalizeType(Dialect::Mysql, text(r.value(2))));
            c.attributes.insert(QStringLiteral("nullable"), text(r.value(3)) == u"YES" ? QStringLiteral("yes") : QStringLiteral("no"));
            const QString extra = text(r.value(6));
            const QString generation = normalizeSql(text(r.value(7)));
            if (extra.contains(u"GENERATED", Qt::CaseInsensitive) && !extra.contains(u"DEFAULT_GENERATED", Qt::CaseInsensitive)
                && !generation.isEmpty()) {
                const bool stored = extra.contains(u"STORED", Qt::CaseInsensitive) || extra.contains(u"PERSISTENT", Qt::CaseInsensitive);
                c.attributes.insert(QStringLiteral("generated"), (stored ? QStringLiteral("stored: ") : QStringLiteral("virtual: ")) + generation);
            } else if (const auto def = columnDefault(r.value(4), extra, m_mariadb)) {
                c.attributes.insert(QStringLiteral("default"), *def);
            }
            const QString collation = text(r.value(5));
            if (!collation.isEmpty() && collation != m_tableCollation.value(table))
                c.attributes.insert(QStringLiteral("collation"), collation);
            const QString rest = columnExtra(extra);
            if (!rest.isEmpty())
                c.attributes.insert(QStringLiteral("extra"), rest);
        }
        return true;
    }

    bool constraints()
    {
        QList<QVariantList> defs, keys, refs, checks;
        if (!fetch(QStringLiteral("SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS "
                                  "WHERE CONSTRAINT_SCHEMA = DATABASE()"),
                   &defs)
            || !fetch(QStringLiteral("SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, "
                                     "REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE CONSTRAINT_SCHEMA = DATABASE() "
                                     "ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION"),
                      &keys)
            || !fetch(QStringLiteral("SELECT TABLE_NAME, CONSTRAINT_NAME, DELETE_RULE, UPDATE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS "
                                     "WHERE CONSTRAINT_SCHEMA = DATABASE()"),
                      &refs))
            return false;
        if (m_checks) {
            // MySQL names checks per schema and leaves the table out of CHECK_CONSTRAINTS.
            const QString sql = m_checkTableName
                ? QStringLiteral("SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                                 "WHERE CONSTRAINT_SCHEMA = DATABASE()")
                : QStringLiteral("SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS cc "
                                 "JOIN information_schema.TABLE_CONSTRAINTS tc ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA "
                                 "AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME AND tc.CONSTRAINT_TYPE = 'CHECK' "
                                 "WHERE cc.CONSTRAINT_SCHEMA = DATABASE()");
            if (!fetch(sql, &checks))
                return false;
        }

        struct Keys {
            QStringList columns, referenced;
            QString refSchema, refTable;
        };
        QHash<QString, Keys> keyColumns;
        for (const QVariantList &r : keys) {
            Keys &k = keyColumns[tableKey(text(r.value(0)), text(r.value(1)))];
            k.columns << text(r.value(2));
            if (!r.value(4).isNull()) {
                k.refSchema = text(r.value(3));
                k.refTable = text(r.value(4));
                k.referenced << text(r.value(5));
            }
        }
        QHash<QString, std::pair<QString, QString>> rules; // delete, update
        for (const QVariantList &r : refs)
            rules.insert(tableKey(text(r.value(0)), text(r.value(1))), {text(r.value(2)).toLower(), text(r.value(3)).toLower()});
        QHash<QString, QString> clauses;
        for (const QVariantList &r : checks)
            clauses.insert(tableKey(text(r.value(0)), text(r.value(1))), text(r.value(2)));

        for (const QVariantList &r : defs) {
            const QString table = text(r.value(0)), name = text(r.value(1)), type = text(r.value(2)).toLower();
            if (!isTable(table))
                continue;
            const QString key = tableKey(table, name);
            SchemaObject &c = add(Kind::Constraint, table, name);
            c.attributes.insert(QStringLiteral("type"), type);
            if (type == u"primary key" || type == u"unique")
                m_constraintIndexes.insert(key);
            const Keys k = keyColumns.value(key);
            if (!k.columns.isEmpty() && type != u"check")
                c.attributes.insert(QStringLiteral("columns"), k.columns.join(QStringLiteral(", ")));
            if (type == u"foreign key") {
                // The own database is implied, as in a script: a copy under another name compares equal.
                const QString target = k.refSchema.isEmpty() || k.refSchema == m_db ? k.refTable : k.refSchema + u'.' + k.refTable;
                c.attributes.insert(QStringLiteral("references"), target + u'(' + k.referenced.join(QStringLiteral(", ")) + u')');
                const auto rule = rules.value(key);
                c.attributes.insert(QStringLiteral("on delete"), rule.first);
                c.attributes.insert(QStringLiteral("on update"), rule.second);
            }
            if (type == u"check")
                c.attributes.insert(QStringLiteral("expression"), normalizeSql(clauses.value(key)));
        }
        return true;
    }

    bool indexes()
    {
        QList<QVariantList> rows;
        const QString expression = m_indexExpressions ? QStringLiteral("EXPRESSION") : QStringLiteral("NULL");
        if (!fetch(QStringLiteral("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, INDEX_TYPE, COLLATION, %1 "
                                  "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                                  "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")
                       .arg(expression),
                   &rows))
            return false;
        QString current;
        SchemaObject *index = nullptr;
        QStringList keys;
        const auto finish = [&] {
            if (index)
                index->attributes.insert(QStringLiteral("columns"), keys.join(QStringLiteral(", ")));
            keys.clear();
        };
        for (const QVariantList &r : rows) {
            const QString table = text(r.value(0)), name = text(r.value(1));
            if (!isTable(table))
                continue;
            const QString key = tableKey(table, name);
            if (key != current) {
                finish();
                current = key;
                // add() may grow the list: the pointer is taken afresh for each index.
                index = &add(Kind::Index, table, name);
                index->attributes.insert(QStringLiteral("unique"), r.value(2).toInt() == 0 ? QStringLiteral("yes") : QStringLiteral("no"));
                index->attributes.insert(QStringLiteral("method"), text(r.value(5)).toLower());
                if (m_constraintIndexes.contains(key))
                    index->attributes.insert(QStringLiteral("constraint"), QStringLiteral("yes"));
            }
            QString part = r.value(3).isNull() ? u'(' + normalizeSql(text(r.value(7))) + u')' : text(r.value(3));
            if (!r.value(4).isNull())
                part += u'(' + text(r.value(4)) + u')';
            if (text(r.value(6)) == u"D")
                part += QStringLiteral(" desc");
            keys << part;
        }
        finish();
        return true;
    }

    bool views()
    {
        QList<QVariantList> rows;
        if (!fetch(QStringLiteral("SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()"), &rows))
            return false;
        for (const QVariantList &r : rows) {
            SchemaObject &v = add(Kind::View, {}, text(r.value(0)));
            v.attributes.insert(QStringLiteral("definition"), normalizeSql(withoutOwnDatabase(text(r.value(1)), m_db)));
        }
        return true;
    }

    bool triggers()
    {
        QList<QVariantList> rows;
        if (!fetch(QStringLiteral("SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORIENTATION, "
                                  "ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"),
                   &rows))
            return false;
        for (const QVariantList &r : rows) {
            const QString table = text(r.value(1));
            if (excluded(table))
                continue;
            SchemaObject &t = add(Kind::Trigger, table, text(r.value(0)));
            t.attributes.insert(QStringLiteral("timing"), text(r.value(2)).toLower());
            t.attributes.insert(QStringLiteral("events"), text(r.value(3)).toLower());
            t.attributes.insert(QStringLiteral("level"), text(r.value(4)).toLower());
            t.attributes.insert(QStringLiteral("action"), normalizeSql(text(r.value(5))));
        }
        return true;
    }

    bool routines()
    {
        QList<QVariantList> rows, params;
        if (!fetch(QStringLiteral("SELECT ROUTINE_TYPE, SPECIFIC_NAME, ROUTINE_NAME, DTD_IDENTIFIER, ROUTINE_BODY, ROUTINE_DEFINITION "
                                  "FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() "
                                  "AND ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE')"),
                   &rows)
            || !fetch(QStringLiteral("SELECT ROUTINE_TYPE, SPECIFIC_NAME, PARAMETER_MODE, PARAMETER_NAME, DTD_IDENTIFIER "
                                     "FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = DATABASE() AND ORDINAL_POSITION > 0 "
                                     "ORDER BY ROUTINE_TYPE, SPECIFIC_NAME, ORDINAL_POSITION"),
                      &params))
            return false;
        // A function and a procedure may share a name: parameters are keyed by both.
        QHash<QString, QStringList> types, arguments;
        for (const QVariantList &r : params) {
            const QString key = tableKey(text(r.value(0)), text(r.value(1)));
            const QString type = normalizeType(Dialect::Mysql, text(r.value(4)));
            const QString mode = text(r.value(2)).toLower();
            types[key] << type;
            arguments[key] << ((mode.isEmpty() || mode == u"in") ? QString() : mode + u' ') + text(r.value(3)) + u' ' + type;
        }
        for (const QVariantList &r : rows) {
            const QString routineType = text(r.value(0));
            const QString key = tableKey(routineType, text(r.value(1)));
            const QString name = text(r.value(2)) + u'(' + types.value(key).join(QStringLiteral(", ")) + u')';
            SchemaObject &o = add(Kind::Routine, {}, name);
            const bool function = routineType == u"FUNCTION";
            o.attributes.insert(QStringLiteral("kind"), function ? QStringLiteral("function") : QStringLiteral("procedure"));
            o.attributes.insert(QStringLiteral("arguments"), arguments.value(key).join(QStringLiteral(", ")));
            if (function)
                o.attributes.insert(QStringLiteral("returns"), normalizeType(Dialect::Mysql, text(r.value(3))));
            o.attributes.insert(QStringLiteral("language"), text(r.value(4)).toLower());
            o.attributes.insert(QStringLiteral("definition"), normalizeSql(text(r.value(5))));
        }
        return true;
    }

    // MariaDB keeps a sequence's settings in its one-row table; reading it does not advance it.
    bool sequences()
    {
        for (const QString &name : std::as_const(m_sequences)) {
            QList<QVariantList> rows;
            if (!fetch(QStringLiteral("SELECT start_value, increment, minimum_value, maximum_value, cycle_option FROM %1.%2")
                           .arg(backtick(m_db), backtick(name)),
                       &rows))
                return false;
            SchemaObject &s = add(Kind::Sequence, {}, name);
            s.attributes.insert(QStringLiteral("type"), m_sequenceType.value(name, QStringLiteral("bigint")));
            if (rows.isEmpty())
                continue;
            const QVariantList &r = rows.first();
            s.attributes.insert(QStringLiteral("start"), text(r.value(0)));
            s.attributes.insert(QStringLiteral("increment"), text(r.value(1)));
            s.attributes.insert(QStringLiteral("min"), text(r.value(2)));
            s.attributes.insert(QStringLiteral("max"), text(r.value(3)));
            s.attributes.insert(QStringLiteral("cycle"), r.value(4).toInt() != 0 ? QStringLiteral("yes") : QStringLiteral("no"));
        }
        return true;
    }

    bool rowCounts()
    {
        if (!m_rowCounts)
            return true;
        for (TableStats &t : m_result.snapshot.tables) {
            const QueryResult q = m_session.query(QStringLiteral("SELECT count(*) FROM %1.%2").arg(backtick(m_db), backtick(t.table)));
            if (!q.ok()) {
                m_result.error = q.error;
                return false;
            }
            t.rows = q.scalar().toLongLong();
        }
        return true;
    }

    TargetSession &m_session;
    SnapshotResult m_result;
    QSet<QString> m_excluded; // lower case
    bool m_rowCounts = true;
    QString m_db;
    bool m_mariadb = false;
    bool m_indexExpressions = false, m_checks = false, m_checkTableName = false;
    QSet<QString> m_tables;
    QStringList m_sequences;
    QHash<QString, QString> m_sequenceType;
    QHash<QString, QString> m_tableCollation;
    QSet<QString> m_constraintIndexes; // tableKey of primary keys and unique constraints
};

} // namespace

SnapshotResult readMysqlSchema(TargetSession &session, const SnapshotOptions &options)
{
    return Reader(session, options).run();
}

} // namespace mig
