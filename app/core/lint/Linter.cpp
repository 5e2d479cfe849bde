#include "Linter.h"

#include "plan/Status.h"
#include "sql/ScriptSplitter.h"
#include "sql/StatementTraits.h"
#include "target/TargetSession.h"

#include <algorithm>

namespace mig::lint {

LintReport lintPending(TargetSession &session, const TargetStatus &status, const LintOptions &options)
{
    LintReport report;
    detail::LiveTarget live(session, options);
    report.error = live.load();
    if (!report.error.isEmpty())
        return report;
    detail::Linter linter(live, options, report);
    for (const MigrationStatus &s : status.migrations) {
        // What apply would run from its first statement: a failed migration left nothing behind.
        const bool pending = s.state == MigrationState::Pending || s.state == MigrationState::OutOfOrder
            || s.state == MigrationState::Failed;
        if (!pending || !s.planned)
            continue;
        ++report.migrations;
        linter.migration(*s.planned, s.version);
    }
    return report;
}

} // namespace mig::lint

namespace mig::lint::detail {

using Kind = Action::Kind;

Linter::Linter(LiveTarget &live, const LintOptions &options, LintReport &report)
    : m_live(live)
    , m_options(options)
    , m_report(report)
{
}

void Linter::migration(const PlannedMigration &m, const QString &version)
{
    const qsizetype firstFinding = m_report.findings.size();
    m_at = Place{version, m.migration.file, 0, {}};
    Transaction tx;
    const ScriptSplitResult split = splitScript(m.migration.up, m_live.dialect(), [&](Statement &&st) {
        ++m_report.statements;
        m_at.line = st.firstLine;
        m_at.statement = st.sql.section(u'\n', 0, 0).trimmed();
        statement(st, actionsOf(m_live.dialect(), st), m.migration.transactional(), tx);
        return true;
    });
    if (split.error)
        m_report.notChecked << QStringLiteral("%1 %2:%3: the script cannot be split (%4): the statements after it were not linted")
                                   .arg(version, m.migration.file).arg(split.error->line).arg(split.error->message);
    transactionRule(m, tx);
    std::stable_sort(m_report.findings.begin() + firstFinding, m_report.findings.end(),
                     [](const Finding &a, const Finding &b) { return a.line < b.line; });
}

void Linter::statement(const Statement &s, const StatementActions &actions, bool transactional, Transaction &tx)
{
    ++tx.statements;
    const StatementTraits traits = statementTraits(s.sql, m_live.dialect(), m_live.serverVersion());
    if (traits.transactionControl) {
        const QString first = s.sql.simplified().section(u' ', 0, 0).toUpper();
        tx.openBegin = first == u"BEGIN" || first == u"START" ? s.firstLine : 0;
    }
    if (traits.outsideTransaction && (transactional || tx.openBegin > 0))
        tx.outside << Transaction::Outside{m_at, traits.reason, tx.openBegin};
    if (actions.ddl && !tx.firstDdl)
        tx.firstDdl = m_at;
    if (actions.writesData)
        tx.dataLines << s.firstLine;

    const bool postgres = m_live.dialect() == Dialect::Postgres;
    for (const Action &a : actions.actions) {
        switch (a.kind) {
        case Kind::DropTable:
        case Kind::Truncate:
        case Kind::DeleteAll:
        case Kind::UpdateAll:
            destructive(a);
            break;
        case Kind::DropColumn:
            dropColumn(a);
            break;
        case Kind::DropSchema:
            dropSchema(a);
            break;
        case Kind::RenameTable:
        case Kind::RenameColumn:
            rename(a);
            break;
        case Kind::SetNotNull:
            if (!a.inCreate)
                notNull(a);
            break;
        case Kind::AddColumn:
            addColumn(a);
            break;
        case Kind::ChangeType:
            typeChange(a);
            if (a.notNull)
                notNull(a);
            break;
        case Kind::AddUnique:
        case Kind::AddCheck:
            if (!a.inCreate)
                liveConstraint(a);
            break;
        case Kind::InsertSelect:
            rebuild(a);
            break;
        default:
            break;
        }
        if (postgres || a.kind == Kind::AlterTable || a.kind == Kind::CreateIndex)
            lockImpact(a, actions);
    }
    for (const Action &a : actions.actions)
        track(a);
}

// What the statements after this one will meet.
void Linter::track(const Action &a)
{
    const QString key = m_live.key(a.table);
    const QString where = m_at.at();
    switch (a.kind) {
    case Kind::CreateTable:
        m_pending.created.insert(key, where);
        m_pending.dropped.remove(key);
        m_pending.columns.insert(key, a.columns);
        m_pending.declared.remove(key);
        break;
    case Kind::SetNotNull:
    case Kind::AddCheck:
    case Kind::AddUnique:
        if (a.inCreate)
            m_pending.declared[key] << a;
        break;
    case Kind::DropTable:
        m_pending.dropped.insert(key, where);
        m_pending.created.remove(key);
        m_pending.renamed.remove(key);
        break;
    case Kind::Truncate:
    case Kind::DeleteAll:
    case Kind::UpdateAll:
    case Kind::WriteRows:
        m_pending.written.insert(key, m_pending.written.value(key, where));
        break;
    case Kind::InsertSelect:
        m_pending.written.insert(key, m_pending.written.value(key, where));
        if (!a.source.isEmpty())
            m_pending.copied.insert(m_live.key(a.source), where);
        break;
    case Kind::AddColumn:
        m_pending.addedColumns.insert(columnKey(a.table, a.column), where);
        break;
    case Kind::RenameTable: {
        const TableName to{a.table.schema, a.newName};
        const QString toKey = m_live.key(to);
        m_pending.renamed.insert(toKey, m_pending.renamed.value(key, a.table));
        if (m_pending.created.contains(key))
            m_pending.created.insert(toKey, m_pending.created.take(key));
        if (m_pending.written.contains(key))
            m_pending.written.insert(toKey, m_pending.written.take(key));
        m_pending.dropped.remove(toKey);
        m_pending.dropped.insert(key, QStringLiteral("%1 (renamed to %2)").arg(where, a.newName));
        m_pending.renamed.remove(key);
        break;
    }
    case Kind::RenameColumn:
        m_pending.addedColumns.insert(columnKey(a.table, a.newName), where);
        break;
    default:
        break;
    }
}

Linter::Table Linter::resolve(const TableName &name) const
{
    Table t;
    const QString key = m_live.key(name);
    if (const auto created = m_pending.created.constFind(key); created != m_pending.created.cend()) {
        t.pending = true;
        t.missing = QStringLiteral("%1 does not exist yet: %2 creates it").arg(name.display(), *created);
        return t;
    }
    if (const auto dropped = m_pending.dropped.constFind(key); dropped != m_pending.dropped.cend()) {
        t.gone = true;
        t.missing = QStringLiteral("%1 is gone by then: dropped at %2").arg(name.display(), *dropped);
        return t;
    }
    t.live = m_live.table(m_pending.renamed.value(key, name));
    if (!t.live)
        t.missing = QStringLiteral("%1 does not exist on the target").arg(name.display());
    t.written = m_pending.written.value(key);
    return t;
}

QString Linter::columnKey(const TableName &table, const QString &column) const
{
    return m_live.key(table) + u'.' + (m_live.dialect() == Dialect::Postgres ? column : column.toLower());
}

void Linter::transactionRule(const PlannedMigration &m, const Transaction &tx)
{
    const char *rule = "non-transactional-in-transaction";
    if (!on(rule))
        return;
    const Place saved = m_at;
    if (m_live.dialect() == Dialect::Mysql) {
        if (!tx.firstDdl || tx.dataLines.isEmpty())
            return;
        m_at = *tx.firstDdl;
        QStringList lines;
        for (int l : tx.dataLines.mid(0, 5))
            lines << QString::number(l);
        const QString more = tx.dataLines.size() > 5 ? QStringLiteral(", ...") : QString();
        raise(rule, Severity::Warn,
              QStringLiteral("DDL commits implicitly in MySQL/MariaDB: migration %1 mixes it with data changes (line %2%3), which "
                             "cannot roll back together with it").arg(m_at.version, lines.join(QStringLiteral(", ")), more),
              QStringLiteral("%1 data statement(s) beside DDL in %2").arg(tx.dataLines.size()).arg(m.migration.file),
              QStringLiteral("split the migration: the schema change in one, the data change in another"));
    }
    for (const Transaction::Outside &o : tx.outside) {
        m_at = o.at;
        if (o.insideBegin > 0) {
            raise(rule, Severity::Block, QStringLiteral("%1, but the script's own BEGIN (line %2) opened one: the engine refuses it")
                                             .arg(o.reason).arg(o.insideBegin),
                  QStringLiteral("BEGIN at %1:%2 is still open").arg(m.migration.file).arg(o.insideBegin),
                  QStringLiteral("move the statement out of the BEGIN ... COMMIT block, into a migration of its own"));
        } else if (tx.statements > 1) {
            raise(rule, Severity::Warn,
                  QStringLiteral("%1: migration %2 runs without a transaction because of it, so its %3 other statement(s) are not "
                                 "atomic with it — a failure part-way leaves it dirty").arg(o.reason, m_at.version).arg(tx.statements - 1),
                  QStringLiteral("%1 statement(s) in %2").arg(tx.statements).arg(m.migration.file),
                  QStringLiteral("put \"%1\" in a migration of its own").arg(m_at.statement.left(80)));
        }
    }
    m_at = saved;
}

bool Linter::on(const char *rule) const
{
    return !m_options.disabled.contains(QLatin1String(rule));
}

void Linter::raise(const char *rule, Severity cap, const QString &message, const QString &evidence, const QString &hint)
{
    const QString id = QLatin1String(rule);
    const Rule *r = findRule(id);
    Q_ASSERT(r);
    Finding f;
    f.rule = id;
    f.severity = std::min(m_options.severity.value(id, r ? r->severity : Severity::Warn), cap);
    f.version = m_at.version;
    f.file = m_at.file;
    f.line = m_at.line;
    f.statement = m_at.statement;
    f.message = message;
    f.evidence = evidence;
    f.hint = hint;
    m_report.findings << f;
}

void Linter::notChecked(const char *rule, const QString &subject, const QString &reason)
{
    // Two declarations of one key (PRIMARY KEY and UNIQUE on a column) would say the same twice.
    const QString line = QStringLiteral("%1 %2 %3 %4: %5").arg(m_at.version, m_at.at(), QLatin1String(rule), subject, reason);
    if (!m_report.notChecked.contains(line))
        m_report.notChecked << line;
}

} // namespace mig::lint::detail
