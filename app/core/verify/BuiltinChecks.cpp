// The checks every target gets whatever its migrations say: the engine's own consistency checks,
// foreign keys that point nowhere, tables that lost rows, and schema changed behind our back.
#include "Verifier.h"

#include "plan/FolderPlan.h"
#include "schema/SchemaDiff.h"
#include "source/LineReader.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace mig {

namespace {

const QString Pass = QStringLiteral("pass");
const QString Fail = QStringLiteral("fail");
const QString NotRun = QStringLiteral("not run");

bool sameName(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

// A table a run touched ("schema.table" or "table") is this one; an unqualified name stands
// for the table of that name in any schema.
bool touches(const QStringList &touched, const QString &schema, const QString &table)
{
    for (const QString &t : touched) {
        const qsizetype dot = t.lastIndexOf(u'.');
        const QString tSchema = dot < 0 ? QString() : t.left(dot);
        const QString tTable = dot < 0 ? t : t.mid(dot + 1);
        if (sameName(tTable, table) && (tSchema.isEmpty() || schema.isEmpty() || sameName(tSchema, schema)))
            return true;
    }
    return false;
}

struct TableRef {
    QString schema;
    QString table;
    QStringList columns;
    QString display() const { return schema.isEmpty() ? table : schema + u'.' + table; }
};

// "schema.table(a, b)" / "table(a)". Matched against the snapshot's own tables first, so a
// name holding a dot or a parenthesis still resolves.
std::optional<TableRef> parseReference(const QString &references, const SchemaSnapshot &snapshot)
{
    if (!references.endsWith(u')'))
        return std::nullopt;
    TableRef ref;
    qsizetype best = -1;
    for (const SchemaObject &o : snapshot.objects) {
        if (o.kind != SchemaObject::Kind::Table)
            continue;
        const QString q = o.qualifiedName();
        if (references.startsWith(q + u'(') && q.size() > best) {
            best = q.size();
            ref.schema = o.schema;
            ref.table = o.name;
        }
    }
    if (best < 0) { // another database (MySQL) or a table the snapshot leaves out
        best = references.indexOf(u'(');
        if (best <= 0)
            return std::nullopt;
        const QString name = references.left(best);
        const qsizetype dot = name.indexOf(u'.');
        ref.schema = dot < 0 ? QString() : name.left(dot);
        ref.table = dot < 0 ? name : name.mid(dot + 1);
    }
    ref.columns = references.mid(best + 1, references.size() - best - 2).split(QStringLiteral(", "), Qt::SkipEmptyParts);
    return ref;
}

// The tables a script declares it empties or shrinks: "-- migctl:expect-row-loss TABLE" lines,
// anywhere in the script; several names per line are allowed.
QStringList expectedRowLoss(const ScriptRef &script)
{
    QStringList names;
    if (script.isNull())
        return names;
    static const QRegularExpression line(QStringLiteral("^\\s*--\\s*migctl:expect-row-loss\\b(.*)$"));
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    LineReader reader(script);
    if (!reader.open())
        return names;
    while (reader.next()) {
        if (!reader.line().contains("migctl:expect-row-loss"))
            continue;
        const QRegularExpressionMatch m = line.match(QString::fromUtf8(reader.line()));
        if (!m.hasMatch())
            continue;
        for (QString name : m.captured(1).split(separators, Qt::SkipEmptyParts)) {
            name.remove(u'"').remove(u'`').remove(u'[').remove(u']');
            if (!name.isEmpty())
                names << name;
        }
    }
    return names;
}

// Whether a declared name is this table. A qualified name must match the schema, except where
// the snapshot has no schemas (SQLite's main, MySQL's own database).
bool declares(const QString &declared, const TableStats &t)
{
    const qsizetype dot = declared.lastIndexOf(u'.');
    const QString schema = dot < 0 ? QString() : declared.left(dot);
    const QString table = dot < 0 ? declared : declared.mid(dot + 1);
    return sameName(table, t.table) && (schema.isEmpty() || t.schema.isEmpty() || sameName(schema, t.schema));
}

} // namespace

QString Verifier::quoteIdent(const QString &name) const
{
    if (m_session->dialect() == Dialect::Mysql)
        return u'`' + QString(name).replace(u'`', QStringLiteral("``")) + u'`';
    return u'"' + QString(name).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

QString Verifier::quoteTable(const QString &schema, const QString &table) const
{
    return schema.isEmpty() ? quoteIdent(table) : quoteIdent(schema) + u'.' + quoteIdent(table);
}

void Verifier::sqliteChecks()
{
    {
        const QueryResult r = checkQuery(QStringLiteral("PRAGMA integrity_check"));
        CheckResult c{QStringLiteral("integrity_check"), QString(), Pass, QStringLiteral("ok"), QString()};
        QStringList problems;
        for (const QVariantList &row : r.rows)
            if (!row.isEmpty() && row.first().toString() != u"ok")
                problems << row.first().toString();
        if (r.error) {
            c.status = Fail;
            c.measured = QStringLiteral("error");
            c.detail = r.error->toString();
        } else if (!problems.isEmpty()) {
            c.status = Fail;
            c.measured = QStringLiteral("%1 problem(s)").arg(problems.size());
            c.detail = problems.mid(0, 10).join(QStringLiteral("; "));
        }
        addCheck(c, QJsonObject{{QStringLiteral("problems"), QJsonArray::fromStringList(problems)}});
    }
    {
        // Rows: child table, its rowid, parent table, foreign key id.
        const QueryResult r = checkQuery(QStringLiteral("PRAGMA foreign_key_check"));
        CheckResult c{QStringLiteral("foreign_key_check"), QString(), Pass, QStringLiteral("0 violation(s)"), QString()};
        if (r.error) {
            c.status = Fail;
            c.measured = QStringLiteral("error");
            c.detail = r.error->toString();
            addCheck(c);
            return;
        }
        QMap<QString, QStringList> rowids; // "child -> parent" -> rowids
        QJsonArray violations;
        for (const QVariantList &row : r.rows) {
            const QString child = row.value(0).toString(), parent = row.value(2).toString();
            const QString rowid = row.value(1).isNull() ? QStringLiteral("?") : row.value(1).toString();
            rowids[QStringLiteral("%1 -> %2").arg(child, parent)] << rowid;
            violations.append(QJsonObject{{QStringLiteral("table"), child}, {QStringLiteral("rowid"), rowid},
                                          {QStringLiteral("parent"), parent}, {QStringLiteral("fkid"), row.value(3).toInt()}});
        }
        if (!r.rows.isEmpty()) {
            QStringList parts;
            for (auto it = rowids.cbegin(); it != rowids.cend(); ++it) {
                const QStringList shown = it.value().mid(0, 5);
                parts << QStringLiteral("%1: %2 row(s) without a parent (rowid %3%4)")
                             .arg(it.key())
                             .arg(it.value().size())
                             .arg(shown.join(QStringLiteral(", ")), it.value().size() > shown.size() ? QStringLiteral(", ...") : QString());
            }
            c.status = Fail;
            c.measured = QStringLiteral("%1 violation(s)").arg(r.rows.size());
            c.detail = parts.join(QStringLiteral("; "));
        }
        addCheck(c, QJsonObject{{QStringLiteral("violations"), violations}});
    }
}

void Verifier::orphanChecks(const SchemaSnapshot &live)
{
    const VerifyBaseline &baseline = m_request.baseline;
    const bool everyKey = baseline.runId.isEmpty();
    // Rows the run added or removed touch a table too: a data migration run with the engine's
    // key checks off (MySQL's foreign_key_checks = 0) leaves orphans without changing the schema.
    QStringList touched = baseline.touchedTables;
    if (baseline.before && baseline.after)
        for (const TableStats &b : baseline.before->tables)
            if (const TableStats *a = baseline.after->stats(b.schema, b.table); a && a->rows != b.rows)
                touched << (b.schema.isEmpty() ? b.table : b.schema + u'.' + b.table);
    for (const SchemaObject &fk : live.objects) {
        if (m_connectionLost)
            return;
        if (fk.kind != SchemaObject::Kind::Constraint || fk.attributes.value(QStringLiteral("type")) != u"foreign key")
            continue;
        const TableRef child{fk.schema, fk.table, fk.attributes.value(QStringLiteral("columns")).split(QStringLiteral(", "), Qt::SkipEmptyParts)};
        const QString references = fk.attributes.value(QStringLiteral("references"));
        const std::optional<TableRef> parent = parseReference(references, live);
        if (!everyKey && !touches(touched, child.schema, child.table) && !(parent && touches(touched, parent->schema, parent->table)))
            continue;
        CheckResult c;
        c.name = QStringLiteral("foreign-key orphans: %1 (%2 -> %3)").arg(fk.name, child.display(), parent ? parent->display() : references);
        if (!parent || parent->columns.size() != child.columns.size() || child.columns.isEmpty()) {
            c.status = NotRun;
            c.detail = QStringLiteral("cannot read the key's columns from \"%1\" -> \"%2\"").arg(fk.attributes.value(QStringLiteral("columns")), references);
            addCheck(c);
            continue;
        }
        QStringList notNull, match;
        for (int i = 0; i < child.columns.size(); ++i) {
            const QString col = QStringLiteral("c.") + quoteIdent(child.columns.at(i));
            notNull << col + QStringLiteral(" IS NOT NULL");
            match << QStringLiteral("p.%1 = %2").arg(quoteIdent(parent->columns.at(i)), col);
        }
        // A key with a NULL part references nothing (MATCH SIMPLE, the default everywhere).
        const QString sql = QStringLiteral("SELECT count(*) FROM %1 c WHERE (%2) AND NOT EXISTS (SELECT 1 FROM %3 p WHERE %4)")
                                .arg(quoteTable(child.schema, child.table), notNull.join(QStringLiteral(" AND ")),
                                     quoteTable(parent->schema, parent->table), match.join(QStringLiteral(" AND ")));
        const QueryResult r = checkQuery(sql);
        if (r.error) {
            c.status = Fail;
            c.measured = QStringLiteral("error");
            c.detail = r.error->toString();
        } else {
            const qint64 orphans = r.scalar().toLongLong();
            c.status = orphans == 0 ? Pass : Fail;
            c.measured = QStringLiteral("%1 orphan row(s)").arg(orphans);
            if (orphans > 0)
                c.detail = QStringLiteral("%1 row(s) of %2 (%3) reference no row of %4 (%5)")
                               .arg(orphans)
                               .arg(child.display(), child.columns.join(QStringLiteral(", ")), parent->display(),
                                    parent->columns.join(QStringLiteral(", ")));
        }
        addCheck(c, QJsonObject{{QStringLiteral("constraint"), fk.name}, {QStringLiteral("table"), child.display()},
                                {QStringLiteral("references"), references}, {QStringLiteral("sql"), sql}});
    }
}

void Verifier::rowCountChecks(const FolderPlan &plan, const SchemaSnapshot *live, const QString &liveError)
{
    const VerifyBaseline &baseline = m_request.baseline;
    if (!baseline.before) {
        addCheck({QStringLiteral("row counts"), QString(), NotRun, QString(),
                  baseline.runId.isEmpty() ? QStringLiteral("no run recorded for this target to compare with")
                                           : QStringLiteral("run %1 recorded no snapshot before it").arg(baseline.runId)});
        return;
    }
    // Who declared which loss: the up and down scripts of the run's migrations (a rollback that
    // drops a table loses its rows as surely as an up script that deletes them).
    QList<std::pair<QString, QString>> declared; // migration, table
    for (const PlannedMigration &p : plan.migrations) {
        const Migration &m = p.migration;
        const QString key = m.repeatable ? QStringLiteral("R:") + m.name : m.version.text();
        bool inRun = false;
        for (const QString &v : baseline.versions)
            inRun = inRun || v == key || (m.repeatable && v == m.name) || (!m.repeatable && Version::parse(v) == m.version);
        if (!inRun)
            continue;
        const QString who = QStringLiteral("%1 %2").arg(m.repeatable ? QString() : m.version.text(), m.name).trimmed();
        for (const QString &t : expectedRowLoss(m.up) + expectedRowLoss(m.down))
            declared.append({who, t});
    }
    for (const TableStats &before : baseline.before->tables) {
        if (before.rows < 0)
            continue;
        const QString table = before.schema.isEmpty() ? before.table : before.schema + u'.' + before.table;
        CheckResult c;
        c.name = QStringLiteral("row count: %1").arg(table);
        if (!live) {
            c.status = NotRun;
            c.measured = QStringLiteral("%1 -> ?").arg(before.rows);
            c.detail = liveError;
            addCheck(c);
            continue;
        }
        const TableStats *after = live->stats(before.schema, before.table);
        if (after && after->rows < 0) {
            c.status = NotRun;
            c.measured = QStringLiteral("%1 -> ?").arg(before.rows);
            c.detail = QStringLiteral("the table could not be counted");
            addCheck(c);
            continue;
        }
        const qint64 rows = after ? after->rows : -1;
        c.measured = QStringLiteral("%1 -> %2").arg(before.rows).arg(after ? QString::number(rows) : QStringLiteral("gone"));
        QString declaredBy;
        for (const auto &[who, name] : declared)
            if (declares(name, before))
                declaredBy = who;
        if (after && rows >= before.rows) {
            c.status = Pass;
        } else if (!declaredBy.isEmpty()) {
            c.status = Pass;
            c.detail = QStringLiteral("row loss expected: %1 declares -- migctl:expect-row-loss %2").arg(declaredBy, table);
        } else {
            c.status = Fail;
            c.detail = (after ? QStringLiteral("%1 row(s) fewer than before run %2").arg(before.rows - rows).arg(baseline.runId)
                              : QStringLiteral("the table is gone since run %1").arg(baseline.runId))
                       + QStringLiteral(": possible data loss (a migration that means it declares -- migctl:expect-row-loss %1)").arg(table);
        }
        addCheck(c, QJsonObject{{QStringLiteral("before"), before.rows}, {QStringLiteral("after"), rows},
                                {QStringLiteral("expectedBy"), declaredBy}});
    }
}

void Verifier::driftCheck(const SchemaSnapshot *live, const QString &liveError)
{
    const VerifyBaseline &baseline = m_request.baseline;
    CheckResult c;
    c.name = baseline.runId.isEmpty() ? QStringLiteral("drift") : QStringLiteral("drift since run %1").arg(baseline.runId);
    if (!baseline.after) {
        c.status = NotRun;
        c.detail = baseline.runId.isEmpty() ? QStringLiteral("no run recorded for this target to compare with")
                                            : QStringLiteral("run %1 recorded no snapshot after it").arg(baseline.runId);
        addCheck(c);
        return;
    }
    if (!live) {
        c.status = NotRun;
        c.detail = liveError;
        addCheck(c);
        return;
    }
    const SchemaDiff diff = SchemaDiff::between(*baseline.after, *live);
    c.status = diff.isEmpty() ? Pass : Fail;
    c.measured = QStringLiteral("%1 change(s)").arg(diff.changes.size());
    if (!diff.isEmpty())
        c.detail = QStringLiteral("the schema changed outside the console: ") + diff.toText().split(u'\n', Qt::SkipEmptyParts).join(QStringLiteral("; "));
    addCheck(c, QJsonObject{{QStringLiteral("changes"), diff.toJson()}});
}

} // namespace mig
