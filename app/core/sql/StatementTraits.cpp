#include "StatementTraits.h"

#include <QStringList>

#include <limits>

namespace mig {

namespace {

// The statement's words in upper case, skipping comments; quoted names and strings count as one
// word ("?") so that a table called "vacuum" is not a VACUUM. Punctuation separates words.
QStringList leadingWords(const QString &sql, int max = 48)
{
    QStringList words;
    const qsizetype n = sql.size();
    qsizetype i = 0;
    while (i < n && words.size() < max) {
        const QChar c = sql.at(i);
        if (c.isSpace()) {
            ++i;
        } else if (c == u'-' && i + 1 < n && sql.at(i + 1) == u'-') {
            while (i < n && sql.at(i) != u'\n')
                ++i;
        } else if (c == u'#') { // MySQL comment; elsewhere just punctuation
            while (i < n && sql.at(i) != u'\n')
                ++i;
        } else if (c == u'/' && i + 1 < n && sql.at(i + 1) == u'*') {
            const qsizetype end = sql.indexOf(QStringLiteral("*/"), i + 2);
            i = end < 0 ? n : end + 2;
        } else if (c == u'\'' || c == u'"' || c == u'`') {
            const qsizetype end = sql.indexOf(c, i + 1);
            i = end < 0 ? n : end + 1;
            words << QStringLiteral("?");
        } else if (c.isLetter() || c == u'_') {
            const qsizetype start = i;
            while (i < n && (sql.at(i).isLetterOrNumber() || sql.at(i) == u'_' || sql.at(i) == u'$'))
                ++i;
            words << sql.mid(start, i - start).toUpper();
        } else {
            ++i;
        }
    }
    return words;
}

StatementTraits outside(const QString &what)
{
    return StatementTraits{true, false, QStringLiteral("%1 cannot run inside a transaction").arg(what)};
}

StatementTraits control(const QStringList &w)
{
    return StatementTraits{false, true, QStringLiteral("the script manages its own transactions (%1)").arg(w.first())};
}

StatementTraits postgres(const QStringList &w, int serverVersion)
{
    const QString first = w.value(0), second = w.value(1), third = w.value(2);
    if (first == u"VACUUM")
        return outside(QStringLiteral("VACUUM"));
    // CONCURRENTLY only right after INDEX (CREATE [UNIQUE] INDEX [CONCURRENTLY] ...): anywhere
    // else it is a name ("ON t (concurrently)"), and the index builds in the transaction.
    if (first == u"CREATE" && (second == u"INDEX" || (second == u"UNIQUE" && third == u"INDEX"))
        && w.value(second == u"INDEX" ? 2 : 3) == u"CONCURRENTLY")
        return outside(QStringLiteral("CREATE INDEX CONCURRENTLY"));
    if (first == u"DROP" && second == u"INDEX" && third == u"CONCURRENTLY")
        return outside(QStringLiteral("DROP INDEX CONCURRENTLY"));
    if (first == u"REINDEX" && (w.mid(0, 8).contains(u"CONCURRENTLY") || w.mid(0, 4).contains(u"DATABASE") || w.mid(0, 4).contains(u"SYSTEM")))
        return outside(QStringLiteral("REINDEX CONCURRENTLY / DATABASE / SYSTEM"));
    if ((first == u"CREATE" || first == u"DROP") && (second == u"DATABASE" || second == u"TABLESPACE"))
        return outside(first + u' ' + second);
    if (first == u"ALTER" && second == u"SYSTEM")
        return outside(QStringLiteral("ALTER SYSTEM"));
    // PL/pgSQL may COMMIT or ROLLBACK in a DO block (batched backfills), but only when the block
    // is not inside a transaction block: golang-migrate runs such files without one, and so must
    // we. w holds every word of a DO statement (see statementTraits).
    if (first == u"DO" && (w.contains(u"COMMIT") || w.contains(u"ROLLBACK")))
        return outside(QStringLiteral("a DO block with COMMIT or ROLLBACK"));
    if (first == u"CREATE" && second == u"SUBSCRIPTION")
        return outside(QStringLiteral("CREATE SUBSCRIPTION"));
    if (first == u"ALTER" && second == u"TABLE" && w.contains(u"DETACH") && w.last() == u"CONCURRENTLY")
        return outside(QStringLiteral("DETACH PARTITION CONCURRENTLY"));
    if (first == u"ALTER" && second == u"TYPE" && w.contains(u"ADD") && w.contains(u"VALUE") && serverVersion > 0 && serverVersion < 120000)
        return outside(QStringLiteral("ALTER TYPE ... ADD VALUE (before PostgreSQL 12)"));
    if (first == u"BEGIN" || first == u"COMMIT" || first == u"END" || first == u"ABORT" || (first == u"START" && second == u"TRANSACTION")
        || (first == u"ROLLBACK" && second != u"TO") || (first == u"COMMIT" && second == u"PREPARED"))
        return control(w);
    return {};
}

StatementTraits sqlite(const QStringList &w)
{
    const QString first = w.value(0), second = w.value(1);
    if (first == u"VACUUM" || first == u"ATTACH" || first == u"DETACH")
        return outside(first);
    // These are silently ignored inside a transaction: running them there would lie.
    if (first == u"PRAGMA" && (second == u"FOREIGN_KEYS" || second == u"JOURNAL_MODE"))
        return outside(QStringLiteral("PRAGMA %1").arg(second.toLower()));
    if (first == u"BEGIN" || first == u"COMMIT" || first == u"END" || (first == u"ROLLBACK" && second != u"TO"))
        return control(w);
    return {};
}

StatementTraits mysql(const QStringList &w)
{
    const QString first = w.value(0), second = w.value(1);
    if ((first == u"LOCK" || first == u"UNLOCK") && (second == u"TABLES" || second == u"TABLE")) {
        StatementTraits t;
        t.unsupported = QStringLiteral("%1 TABLES cannot run in a migration: while tables are locked, the progress of the migration "
                                       "cannot be written to the history table (error 1100). Use ALTER TABLE ... LOCK=EXCLUSIVE or a transaction")
                            .arg(first);
        return t;
    }
    // "BEGIN NOT ATOMIC ... END" is a MariaDB compound statement, not a transaction.
    if ((first == u"BEGIN" && second != u"NOT") || first == u"COMMIT" || (first == u"ROLLBACK" && second != u"TO")
        || (first == u"START" && second == u"TRANSACTION") || (first == u"SET" && second == u"AUTOCOMMIT"))
        return control(w);
    return {};
}

} // namespace

StatementTraits statementTraits(const QString &sql, Dialect dialect, int serverVersion)
{
    QStringList w = leadingWords(sql);
    // A DO block's COMMIT can be anywhere in its body: read all of it.
    if (dialect == Dialect::Postgres && w.value(0) == u"DO")
        w = leadingWords(sql, std::numeric_limits<int>::max());
    if (w.isEmpty())
        return {};
    switch (dialect) {
    case Dialect::Postgres: return postgres(w, serverVersion);
    case Dialect::Sqlite: return sqlite(w);
    case Dialect::Mysql: return mysql(w);
    }
    return {};
}

} // namespace mig
