// The data rules: each counts, with a query on the live rows, the rows a statement would fail on
// (NULLs under NOT NULL, repeated keys under UNIQUE, rows a CHECK rejects, values a narrower type
// cannot hold). A count that cannot be made is told as not checked, with the reason.
#include "ColumnTypes.h"
#include "Linter.h"

namespace mig::lint::detail {

using Kind = Action::Kind;

namespace {

// Keys as a person reads them: a quoted plain name without its quotes.
QString shownKeys(const QStringList &keys)
{
    QStringList out;
    for (const QString &k : keys) {
        const bool quoted = k.size() > 2 && (k.front() == u'"' || k.front() == u'`') && k.back() == k.front()
            && k.count(k.front()) == 2;
        out << (quoted ? k.mid(1, k.size() - 2) : k);
    }
    return out.join(QStringLiteral(", "));
}

} // namespace

std::optional<Source> Linter::liveSource(const char *rule, const TableName &table, const QString &column, const QString &subject)
{
    const Table t = resolve(table);
    if (!t.live) {
        notChecked(rule, subject, t.missing);
        return std::nullopt;
    }
    if (!column.isEmpty() && !m_live.column(*t.live, column)) {
        const QString added = m_pending.addedColumns.value(columnKey(table, column));
        notChecked(rule, subject, added.isEmpty() ? QStringLiteral("%1 has no column %2 on the target").arg(t.live->display(), column)
                                                  : QStringLiteral("column %1 does not exist yet: %2 adds it").arg(column, added));
        return std::nullopt;
    }
    if (!t.written.isEmpty()) {
        notChecked(rule, subject, QStringLiteral("the rows of %1 are changed at %2 before this statement runs: the live rows are not "
                                                 "the ones it will meet").arg(t.live->display(), t.written));
        return std::nullopt;
    }
    return liveRows(*t.live);
}

LiveTarget::Numbers Linter::countWhere(const Source &src, const QString &condition)
{
    return m_live.numbers(QStringLiteral("%1SELECT sum(CASE WHEN %2 THEN 1 ELSE 0 END), count(*) FROM %3").arg(src.with, condition, src.from));
}

void Linter::liveConstraint(const Action &a)
{
    const bool isUnique = a.kind == Kind::AddUnique;
    const char *rule = isUnique ? "unique-over-duplicates" : "check-violated";
    if (!on(rule) || (!isUnique && a.notValid))
        return; // NOT VALID: existing rows are not checked when it is added
    const QString subject = isUnique ? QStringLiteral("%1 (%2)").arg(a.table.display(), shownKeys(a.columns))
                                     : QStringLiteral("%1 CHECK (%2)").arg(a.table.display(), a.text);
    if (isUnique && (a.expressionKeys || a.columns.isEmpty())) {
        notChecked(rule, subject, QStringLiteral("the key expressions could not be read from the statement"));
        return;
    }
    if (!isUnique && a.text.isEmpty()) {
        notChecked(rule, subject, QStringLiteral("the CHECK expression could not be read from the statement"));
        return;
    }
    const std::optional<Source> src = liveSource(rule, a.table, {}, subject);
    if (!src)
        return;
    if (isUnique)
        unique(a, *src, m_at.statement);
    else
        check(a, *src, QStringLiteral("ADD CHECK (%1) on %2").arg(a.text, src->table));
}

void Linter::unique(const Action &a, const Source &src, const QString &what)
{
    const char *rule = "unique-over-duplicates";
    const QString keys = a.columns.join(QStringLiteral(", "));
    const QString shown = shownKeys(a.columns);
    const QString subject = QStringLiteral("%1 (%2)").arg(src.table, shown);
    QStringList present, absent;
    for (const QString &k : a.columns) {
        present << k + QStringLiteral(" IS NOT NULL");
        absent << k + QStringLiteral(" IS NULL");
    }
    if (!a.predicate.isEmpty())
        present << u'(' + a.predicate + u')';
    const LiveTarget::Numbers d = m_live.numbers(
        QStringLiteral("%1SELECT count(*), sum(n) FROM (SELECT count(*) AS n FROM %2 WHERE %3 GROUP BY %4 HAVING count(*) > 1) d")
            .arg(src.with, src.from, present.join(QStringLiteral(" AND ")), keys));
    // A primary key is NOT NULL too: a NULL in the key fails it as surely as a repeat.
    const LiveTarget::Numbers nulls = a.primaryKey ? countWhere(src, absent.join(QStringLiteral(" OR "))) : LiveTarget::Numbers{{0, 0}, {}};
    if (!d.ok() || !nulls.ok()) {
        notChecked(rule, subject, d.ok() ? nulls.error : d.error);
        return;
    }
    const qint64 groups = d.values.value(0), rows = d.values.value(1), nullRows = nulls.values.value(0);
    if (groups == 0 && nullRows == 0)
        return;
    QStringList evidence;
    if (groups > 0)
        evidence << QStringLiteral("%1 value(s) of (%2) appear more than once in the %3, %4 row(s) in all").arg(number(groups), shown, src.rows, number(rows));
    if (nullRows > 0)
        evidence << QStringLiteral("%1 row(s) have NULL in the key").arg(number(nullRows));
    raise(rule, Severity::Block,
          QStringLiteral("%1 fails: the %2 (%3) %4").arg(what.left(120), a.primaryKey ? QStringLiteral("primary key") : QStringLiteral("unique key"), shown,
                                                        groups > 0 ? QStringLiteral("repeats") : QStringLiteral("holds NULL")),
          evidence.join(QStringLiteral("; ")),
          // The rows of an INSERT's SELECT (a rebuild) are not in a table the hint could name.
          src.with.isEmpty()
              ? QStringLiteral("remove or merge the duplicates first (SELECT %1, count(*) FROM %2 GROUP BY %1 HAVING count(*) > 1)%3, then add the key")
                    .arg(keys, src.table, nullRows > 0 ? QStringLiteral(" and fill the NULLs") : QString())
              : QStringLiteral("make the SELECT give each (%1) once: merge or drop the repeats in it, or in the rows it reads%2")
                    .arg(shown, nullRows > 0 ? QStringLiteral(", and give the key a value in every row") : QString()));
}

void Linter::check(const Action &a, const Source &src, const QString &what)
{
    const char *rule = "check-violated";
    const LiveTarget::Numbers n = countWhere(src, QStringLiteral("NOT (%1)").arg(a.text));
    if (!n.ok()) {
        notChecked(rule, QStringLiteral("%1 CHECK (%2)").arg(src.table, a.text), n.error);
        return;
    }
    const qint64 bad = n.values.value(0);
    if (bad == 0)
        return;
    const QString find = QStringLiteral("SELECT * FROM %1 WHERE NOT (%2)").arg(src.table, a.text);
    raise(rule, Severity::Block, QStringLiteral("%1 fails: %2 row(s) violate it").arg(what, number(bad)),
          QStringLiteral("%1 of %2 %3 violate CHECK (%4)").arg(number(bad), number(n.values.value(1)), src.rows, a.text),
          !src.with.isEmpty() ? QStringLiteral("make every row the SELECT gives pass CHECK (%1): fix the rows it reads, or convert the values in it").arg(a.text)
          : m_live.dialect() == Dialect::Postgres
              ? QStringLiteral("fix them first (%1), or add the constraint NOT VALID and VALIDATE it after the fix").arg(find)
              : QStringLiteral("fix them first (%1), then add the constraint").arg(find));
}

void Linter::notNull(const Action &a)
{
    const char *rule = "not-null-with-nulls";
    const QString subject = a.table.display() + u'.' + a.column;
    const std::optional<Source> src = on(rule) ? liveSource(rule, a.table, a.column, subject) : std::nullopt;
    if (!src)
        return;
    const LiveTarget::Numbers n = countWhere(*src, q(a.column) + QStringLiteral(" IS NULL"));
    if (!n.ok()) {
        notChecked(rule, subject, n.error);
        return;
    }
    const qint64 nulls = n.values.value(0);
    if (nulls == 0)
        return;
    raise(rule, Severity::Block,
          a.kind == Kind::SetNotNull
              ? QStringLiteral("SET NOT NULL on %1.%2 fails: %3 row(s) hold NULL").arg(src->table, a.column, number(nulls))
              : QStringLiteral("MODIFY %2 ... NOT NULL on %1 meets %3 NULL(s): an error in strict mode, else they silently become 0 or ''")
                    .arg(src->table, a.column, number(nulls)),
          QStringLiteral("%1 of %2 %3 have NULL %4").arg(number(nulls), number(n.values.value(1)), src->rows, a.column),
          QStringLiteral("backfill first: UPDATE %1 SET %2 = ... WHERE %2 IS NULL; then add NOT NULL").arg(src->table, a.column));
}

void Linter::addColumn(const Action &a)
{
    const char *rule = "not-null-with-nulls";
    if (!a.notNull || a.hasDefault || a.generated || !on(rule))
        return;
    const QString subject = a.table.display() + u'.' + a.column;
    const QString hint = QStringLiteral("add it with a DEFAULT (ADD COLUMN %1 ... NOT NULL DEFAULT ...), or add it nullable, backfill it, "
                                        "then set NOT NULL").arg(a.column);
    const Dialect d = m_live.dialect();
    if (d == Dialect::Sqlite) { // refused whatever the rows: no count needed
        const Table t = resolve(a.table);
        const Measured rows = t.live ? m_live.rows(*t.live) : Measured{};
        raise(rule, Severity::Block, QStringLiteral("SQLite refuses ADD COLUMN %1 NOT NULL without a non-NULL DEFAULT, even on an empty table").arg(a.column),
              rows.value ? QStringLiteral("%1 holds %2 row(s)").arg(t.live->display(), number(*rows.value)) : t.missing, hint);
        return;
    }
    const std::optional<Source> src = liveSource(rule, a.table, {}, subject);
    if (!src)
        return;
    const Measured rows = m_live.rows(*resolve(a.table).live);
    if (!rows.value) {
        notChecked(rule, subject, rows.error);
        return;
    }
    if (*rows.value == 0)
        return;
    const QString evidence = QStringLiteral("%1 holds %2 row(s)").arg(src->table, number(*rows.value));
    if (d == Dialect::Mysql)
        raise(rule, Severity::Warn, QStringLiteral("ADD COLUMN %1 NOT NULL without DEFAULT gives the %2 existing row(s) of %3 the type's implicit "
                                                   "default (0, '', ...), not a value anyone chose").arg(a.column, number(*rows.value), src->table),
              evidence, hint);
    else
        raise(rule, Severity::Block, QStringLiteral("ADD COLUMN %1 NOT NULL without DEFAULT fails: the %2 existing row(s) of %3 would hold NULL")
                                         .arg(a.column, number(*rows.value), src->table),
              evidence, hint);
}

void Linter::typeChange(const Action &a)
{
    const char *rule = "narrowing-type-change";
    const QString subject = a.table.display() + u'.' + a.column;
    if (!on(rule))
        return;
    if (a.type.isEmpty() || a.usingClause) {
        notChecked(rule, subject, a.usingClause ? QStringLiteral("a USING expression computes the new values")
                                                : QStringLiteral("the new type could not be read from the statement"));
        return;
    }
    const std::optional<Source> src = liveSource(rule, a.table, a.column, subject);
    if (!src)
        return;
    const Table t = resolve(a.table);
    const QString from = m_live.column(*t.live, a.column)->attributes.value(QStringLiteral("type"));
    const Narrowing narrow = narrowing(m_live.dialect(), typeShape(m_live.dialect(), from), typeShape(m_live.dialect(), a.type), q(a.column));
    if (narrow.condition.isEmpty())
        return;
    const LiveTarget::Numbers n = countWhere(*src, narrow.condition);
    if (!n.ok()) {
        notChecked(rule, subject, n.error);
        return;
    }
    const qint64 bad = n.values.value(0);
    if (bad == 0)
        return;
    const QString verb = m_live.dialect() == Dialect::Postgres ? QStringLiteral("ALTER COLUMN %1 TYPE %2") : QStringLiteral("MODIFY %1 %2");
    raise(rule, Severity::Block,
          QStringLiteral("%1 (from %2) on %3: %4 value(s) do not fit").arg(verb.arg(a.column, a.type), from, src->table, number(bad)),
          QStringLiteral("%1 of %2 %3 hold %4 %5").arg(number(bad), number(n.values.value(1)), src->rows, a.column, narrow.what),
          QStringLiteral("shorten or move those values first (SELECT * FROM %1 WHERE %2), or keep %3").arg(src->table, narrow.condition, from));
}

// A table rebuild: CREATE TABLE new (... NOT NULL, CHECK, UNIQUE ...), then INSERT INTO new
// SELECT ... FROM old. The new table's constraints are counted over the rows the SELECT gives: it
// runs on the live target, wrapped with its own WITH clause, when every table it reads is there
// with the rows it will read. A SELECT over CTEs, VALUES or constants only reads no table: its
// rows are counted all the same.
void Linter::rebuild(const Action &insert)
{
    const QString key = m_live.key(insert.table);
    const QList<Action> declared = m_pending.declared.value(key);
    if (insert.text.isEmpty() || !m_pending.created.contains(key) || declared.isEmpty())
        return;
    const QStringList columns = insert.columns.isEmpty() ? m_pending.columns.value(key) : insert.columns;
    QString why;
    for (const TableName &read : insert.reads) {
        const Table from = resolve(read);
        if (from.live && !from.written.isEmpty())
            why = QStringLiteral("the rows of %1 are changed at %2 before they are copied").arg(from.live->display(), from.written);
        else
            why = from.missing;
        if (!why.isEmpty())
            break;
    }
    if (columns.isEmpty())
        why = QStringLiteral("the columns the rows go to are not known");
    QStringList quoted;
    for (const QString &c : columns)
        quoted << q(c);
    const bool copy = !insert.source.isEmpty();
    const Source src{QStringLiteral("WITH migctl_src(%1) AS (%2) ").arg(quoted.join(QStringLiteral(", ")), insert.text), QStringLiteral("migctl_src"),
                     copy ? QStringLiteral("rows copied from ") + insert.source.display() : QStringLiteral("rows its SELECT gives"),
                     insert.table.display()};
    const QString what = copy ? QStringLiteral("INSERT INTO %1 ... SELECT FROM %2").arg(insert.table.display(), insert.source.display())
                              : QStringLiteral("INSERT INTO %1 ... SELECT").arg(insert.table.display());
    QSet<QString> seen; // a key declared twice (UNIQUE on the column and UNIQUE (column)) is counted once
    for (const Action &c : declared) {
        const char *rule = c.kind == Kind::SetNotNull ? "not-null-with-nulls" : c.kind == Kind::AddCheck ? "check-violated" : "unique-over-duplicates";
        const bool notNull = c.kind == Kind::SetNotNull;
        const QString subject = notNull ? src.table + u'.' + c.column
            : c.kind == Kind::AddCheck  ? QStringLiteral("%1 CHECK (%2)").arg(src.table, c.text)
                                        : QStringLiteral("%1 (%2)").arg(src.table, shownKeys(c.columns));
        const QString once = QLatin1String(rule) + subject + (c.primaryKey ? QStringLiteral(" pk") : QString());
        if (!on(rule) || (notNull && !columns.contains(c.column, Qt::CaseInsensitive)) || seen.contains(once))
            continue;
        seen.insert(once);
        if (!why.isEmpty()) {
            notChecked(rule, subject, why);
        } else if (c.kind == Kind::AddCheck) {
            check(c, src, QStringLiteral("%1 (CHECK (%2) of %3)").arg(what, c.text, src.table));
        } else if (c.kind == Kind::AddUnique) {
            unique(c, src, what);
        } else {
            const LiveTarget::Numbers n = countWhere(src, q(c.column) + QStringLiteral(" IS NULL"));
            if (!n.ok())
                notChecked(rule, subject, n.error);
            else if (n.values.value(0) > 0)
                raise(rule, Severity::Block,
                      QStringLiteral("%1 %2 NULL into %3.%4, declared NOT NULL: the %5 fails")
                          .arg(what, copy ? QStringLiteral("copies") : QStringLiteral("puts"), src.table, c.column,
                               copy ? QStringLiteral("rebuild") : QStringLiteral("INSERT")),
                      QStringLiteral("%1 of %2 %3 have NULL %4").arg(number(n.values.value(0)), number(n.values.value(1)), src.rows, c.column),
                      copy ? QStringLiteral("backfill %1 first (UPDATE %1 SET ... WHERE ... IS NULL), or COALESCE the value in the SELECT")
                                 .arg(insert.source.display())
                           : QStringLiteral("give %1 a value in every row the SELECT gives (COALESCE(..., ...))").arg(c.column));
        }
    }
}

} // namespace mig::lint::detail
