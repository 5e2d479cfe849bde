// The destructive rules (the rows a statement destroys, counted now), the rename rule, and the
// lock rules (the size of the table a statement locks, measured now).
#include "ColumnTypes.h"
#include "Linter.h"

namespace mig::lint::detail {

using Kind = Action::Kind;

void Linter::destructive(const Action &a)
{
    const char *rule = a.kind == Kind::DropTable ? "drop-table"
        : a.kind == Kind::Truncate               ? "truncate"
        : a.kind == Kind::DeleteAll              ? "delete-without-where"
                                                 : "update-without-where";
    qint64 rows = 0;
    const LiveTable *t = on(rule) ? lockTable(rule, a.table, &rows) : nullptr;
    if (!t)
        return; // a table the pending migrations made holds nothing the target has now
    const QString name = a.table.display(); // as the statement names it; the evidence names the live table
    const QString copied = a.kind == Kind::DropTable ? m_pending.copied.value(m_live.key(a.table)) : QString();
    const QString evidence = QStringLiteral("%1 holds %2 on the target").arg(t->display(), m_live.size(*t, rows));
    const Severity cap = rows == 0 || !copied.isEmpty() ? Severity::Info : Severity::Block;
    const QString all = QStringLiteral("all %1 row(s) of %2").arg(number(rows), name);
    switch (a.kind) {
    case Kind::DropTable:
        raise(rule, cap,
              copied.isEmpty() ? QStringLiteral("DROP TABLE %1 destroys the table and %2").arg(name, all)
                               : QStringLiteral("DROP TABLE %1 after %2 copied its rows (a table rebuild)").arg(name, copied),
              evidence,
              QStringLiteral("back up %1 first; safer: rename it aside (ALTER TABLE %1 RENAME TO %1_old) and drop it in a later "
                             "release, once nothing reads it").arg(name));
        break;
    case Kind::Truncate:
        raise(rule, cap, QStringLiteral("TRUNCATE removes %1").arg(all), evidence,
              QStringLiteral("back the rows up first (CREATE TABLE %1_backup AS SELECT * FROM %1), or DELETE only the rows that "
                             "must go").arg(name));
        break;
    case Kind::DeleteAll:
        raise(rule, cap, QStringLiteral("DELETE without WHERE removes %1").arg(all), evidence,
              QStringLiteral("add the WHERE clause that names the rows to delete; to empty %1 on purpose back it up first, and on a "
                             "large table delete in batches (-- migctl:batch size=10000)").arg(name));
        break;
    default:
        raise(rule, cap, QStringLiteral("UPDATE without WHERE changes %1").arg(all), evidence,
              QStringLiteral("add the WHERE clause that names the rows to change; on a large table update in batches "
                             "(-- migctl:batch size=10000)"));
        break;
    }
}

void Linter::dropColumn(const Action &a)
{
    const char *rule = "drop-column";
    const QString subject = a.table.display() + u'.' + a.column;
    qint64 rows = 0;
    const LiveTable *t = on(rule) && !m_pending.addedColumns.contains(columnKey(a.table, a.column)) ? lockTable(rule, a.table, &rows)
                                                                                                  : nullptr;
    if (!t)
        return;
    if (!m_live.column(*t, a.column)) {
        notChecked(rule, subject, QStringLiteral("%1 has no column %2 on the target").arg(t->display(), a.column));
        return;
    }
    const LiveTarget::Numbers n = countWhere(liveRows(*t), q(a.column) + QStringLiteral(" IS NOT NULL"));
    if (!n.ok()) {
        notChecked(rule, subject, n.error);
        return;
    }
    const qint64 values = n.values.value(0);
    raise(rule, values == 0 ? Severity::Info : Severity::Block,
          QStringLiteral("DROP COLUMN %1 destroys its values").arg(subject),
          QStringLiteral("%1 of %2 row(s) of %3 hold a value in %4").arg(number(values), number(rows), t->display(), a.column),
          QStringLiteral("stop reading and writing %1 in the code and release that first; drop the column in a later migration, "
                         "after a backup").arg(subject));
}

void Linter::dropSchema(const Action &a)
{
    const char *rule = "drop-schema";
    if (!on(rule))
        return;
    const QString what = a.database ? QStringLiteral("DROP DATABASE %1").arg(a.text) : QStringLiteral("DROP SCHEMA %1").arg(a.text);
    const QString hint = QStringLiteral("back up first; drop what must go one object at a time, in reviewed migrations");
    if (a.database && (m_live.dialect() != Dialect::Mysql || a.text.compare(m_live.database(), Qt::CaseInsensitive) != 0)) {
        raise(rule, Severity::Block, QStringLiteral("%1 destroys that database and everything in it").arg(what),
              QStringLiteral("%1 is not the target's database (%2): its contents were not measured").arg(a.text, m_live.database()), hint);
        return;
    }
    if (!m_live.hasSchema(a.text)) {
        notChecked(rule, a.text, QStringLiteral("%1 does not exist on the target").arg(a.text));
        return;
    }
    const QList<const LiveTable *> tables = m_live.tablesOf(m_live.dialect() == Dialect::Mysql ? m_live.database() : a.text);
    qint64 rows = 0;
    for (const LiveTable *t : tables) {
        const Measured m = m_live.rows(*t);
        if (!m.value) {
            notChecked(rule, a.text, QStringLiteral("cannot count the rows of %1: %2").arg(t->display(), m.error));
            return;
        }
        rows += *m.value;
    }
    raise(rule, tables.isEmpty() ? Severity::Info : Severity::Block, QStringLiteral("%1 destroys every table in it").arg(what),
          QStringLiteral("%1 holds %2 table(s) with %3 row(s)").arg(a.text).arg(tables.size()).arg(number(rows)), hint);
}

void Linter::rename(const Action &a)
{
    const char *rule = "rename-breaks-code";
    qint64 rows = 0;
    const bool column = a.kind == Kind::RenameColumn;
    // A rebuild gives the old name back to a new table: code keeps finding it.
    const bool restores = !column && m_pending.dropped.contains(m_live.key({a.table.schema, a.newName}));
    const bool added = column && m_pending.addedColumns.contains(columnKey(a.table, a.column));
    const LiveTable *t = on(rule) && !restores && !added ? lockTable(rule, a.table, &rows) : nullptr;
    if (!t)
        return; // a name only the pending migrations know: no running code uses it
    if (!column) {
        raise(rule, Severity::Warn,
              QStringLiteral("RENAME %1 TO %2: application code that still says %1 fails as soon as this runs").arg(t->display(), a.newName),
              QStringLiteral("%1 holds %2 on the target").arg(t->display(), m_live.size(*t, rows)),
              QStringLiteral("expand/contract: create %2, write to both, move the readers, drop %1 in a later release; or rename "
                             "and leave a view with the old name (CREATE VIEW %1 AS SELECT * FROM %2)").arg(t->display(), a.newName));
        return;
    }
    if (!m_live.column(*t, a.column)) {
        notChecked(rule, a.table.display() + u'.' + a.column, QStringLiteral("%1 has no column %2 on the target").arg(t->display(), a.column));
        return;
    }
    raise(rule, Severity::Warn,
          QStringLiteral("RENAME COLUMN %1.%2 TO %3: application code that still reads or writes %2 fails as soon as this runs")
              .arg(t->display(), a.column, a.newName),
          QStringLiteral("%1.%2 exists on the target, in %3 row(s)").arg(t->display(), a.column, number(rows)),
          QStringLiteral("expand/contract: add %1, write both, backfill, move the readers, drop %2 in a later release").arg(a.newName, a.column));
}

// The live table a rule measures, with its exact row count; nullptr (told as not checked where
// it is not a table of the pending migrations) when there is none or it cannot be counted.
const LiveTable *Linter::lockTable(const char *rule, const TableName &name, qint64 *rows)
{
    const Table t = resolve(name);
    if (!t.live) {
        if (!t.pending && !t.gone)
            notChecked(rule, name.display(), t.missing);
        return nullptr;
    }
    const Measured m = m_live.rows(*t.live);
    if (!m.value) {
        notChecked(rule, name.display(), QStringLiteral("cannot count its rows: %1").arg(m.error));
        return nullptr;
    }
    *rows = *m.value;
    return t.live;
}

void Linter::lockImpact(const Action &a, const StatementActions &all)
{
    const bool postgres = m_live.dialect() == Dialect::Postgres;
    if (!postgres) {
        if (a.kind == Kind::AlterTable || a.kind == Kind::CreateIndex)
            mysqlAlgorithm(a, all);
        return;
    }
    const char *rule = nullptr;
    if ((a.kind == Kind::CreateIndex && !a.concurrently) || (a.kind == Kind::AddUnique && a.constraint))
        rule = "index-without-concurrently";
    else if ((a.kind == Kind::AddCheck || a.kind == Kind::AddForeignKey) && !a.notValid && !a.inCreate)
        rule = "constraint-without-not-valid";
    else if (a.kind == Kind::ChangeType)
        rule = "rewriting-type-change";
    else if (a.kind == Kind::AddColumn && !a.volatileDefault.isEmpty())
        rule = "volatile-default";
    qint64 rows = 0;
    const LiveTable *t = rule && on(rule) ? lockTable(rule, a.table, &rows) : nullptr;
    if (!t || rows == 0)
        return;
    const bool large = m_live.large(*t, rows);
    const QString size = QStringLiteral("%1 holds %2").arg(t->display(), m_live.size(*t, rows));
    if (a.kind == Kind::CreateIndex && large) {
        raise(rule, Severity::Block, QStringLiteral("CREATE INDEX without CONCURRENTLY on %1 blocks every write to it while the index builds").arg(t->display()),
              size, QStringLiteral("CREATE %1INDEX CONCURRENTLY ... ON %2 (...) in a migration of its own, outside a transaction (it cannot run in one)")
                        .arg(a.unique ? QStringLiteral("UNIQUE ") : QString(), t->display()));
    } else if (a.kind == Kind::AddUnique && large) {
        raise(rule, Severity::Block, QStringLiteral("ADD %1 on %2 builds its index under a lock that blocks reads and writes")
                                         .arg(a.primaryKey ? QStringLiteral("PRIMARY KEY") : QStringLiteral("UNIQUE"), t->display()),
              size, QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY %1_key ON %1 (...) in a migration of its own, then ALTER TABLE %1 "
                                   "ADD CONSTRAINT ... %2 USING INDEX %1_key").arg(t->display(), a.primaryKey ? QStringLiteral("PRIMARY KEY") : QStringLiteral("UNIQUE")));
    } else if ((a.kind == Kind::AddCheck || a.kind == Kind::AddForeignKey) && large) {
        raise(rule, Severity::Block, QStringLiteral("ADD CONSTRAINT %1 on %2 without NOT VALID checks every row under a lock that blocks writes")
                                         .arg(a.kind == Kind::AddCheck ? QStringLiteral("CHECK") : QStringLiteral("FOREIGN KEY"), t->display()),
              size, QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT ... NOT VALID now, and ALTER TABLE %1 VALIDATE CONSTRAINT ... in a later "
                                   "migration (it lets writes through)").arg(t->display()));
    } else if (a.kind == Kind::AddColumn) {
        raise(rule, large ? Severity::Block : Severity::Warn,
              QStringLiteral("ADD COLUMN %1 with %2 fills every existing row: %3 is rewritten under an ACCESS EXCLUSIVE lock")
                  .arg(a.column, a.volatileDefault, t->display()),
              size, QStringLiteral("add %1 without that default, backfill it in batches (UPDATE %2 SET %1 = ... WHERE %1 IS NULL), then "
                                   "ALTER COLUMN %1 SET DEFAULT ... for new rows").arg(a.column, t->display()));
    } else if (a.kind == Kind::ChangeType) {
        const SchemaObject *old = m_live.column(*t, a.column);
        if (!old || a.type.isEmpty())
            return; // a column of the pending migrations, or a type not written back: the data rule tells
        const QString from = old->attributes.value(QStringLiteral("type"));
        if (!a.usingClause && !postgresRewrites(typeShape(Dialect::Postgres, from), typeShape(Dialect::Postgres, a.type)))
            return;
        raise(rule, large ? Severity::Block : Severity::Warn,
              QStringLiteral("ALTER COLUMN %1 TYPE %2 (from %3) rewrites %4 and its indexes under an ACCESS EXCLUSIVE lock")
                  .arg(a.column, a.type, from, t->display()),
              size, QStringLiteral("expand/contract: add a column of type %1, backfill it in batches, switch the code, drop %2 later "
                                   "(widening a varchar, or varchar to text, does not rewrite)").arg(a.type, a.column));
    }
}

void Linter::mysqlAlgorithm(const Action &a, const StatementActions &all)
{
    const char *rule = "alter-without-algorithm";
    static const QStringList online{QStringLiteral("INPLACE"), QStringLiteral("INSTANT"), QStringLiteral("NOCOPY")};
    const bool onlyRenames = std::all_of(all.actions.cbegin(), all.actions.cend(), [](const Action &x) {
        return x.kind == Kind::AlterTable || x.kind == Kind::RenameTable || x.kind == Kind::RenameColumn;
    });
    if (m_live.dialect() != Dialect::Mysql || online.contains(a.algorithm) || (a.kind == Kind::AlterTable && onlyRenames) || !on(rule))
        return;
    qint64 rows = 0;
    const LiveTable *t = lockTable(rule, a.table, &rows);
    if (!t || !m_live.large(*t, rows))
        return;
    raise(rule, Severity::Warn,
          a.algorithm.isEmpty() ? QStringLiteral("%1 on %2 without ALGORITHM=INPLACE or INSTANT: the server may copy the whole table, "
                                                 "blocking writes, while it runs").arg(a.kind == Kind::CreateIndex ? QStringLiteral("CREATE INDEX") : QStringLiteral("ALTER TABLE"), t->display())
                                : QStringLiteral("ALGORITHM=%1 copies the whole table %2, blocking writes, while it runs").arg(a.algorithm, t->display()),
          QStringLiteral("%1 holds %2").arg(t->display(), m_live.size(*t, rows)),
          QStringLiteral("add ALGORITHM=INSTANT (or ALGORITHM=INPLACE, LOCK=NONE) so the server refuses instead of copying %1; where it "
                         "cannot, use an online schema change tool (pt-online-schema-change, gh-ost)").arg(t->display()));
}

} // namespace mig::lint::detail
