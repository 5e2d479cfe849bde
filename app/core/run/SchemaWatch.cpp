#include "SchemaWatch.h"

#include "schema/SchemaDiff.h"
#include "schema/SchemaReader.h"
#include "sql/ScriptSplitter.h"

#include <QJsonArray>

namespace mig {

namespace {

// "type integer (preview) / bigint (now)" for each attribute that differs.
QString attributeChanges(const ObjectChange &c)
{
    QStringList parts;
    for (const ObjectChange::Attribute &a : c.attributes)
        parts << QStringLiteral("%1 %2 (preview) / %3 (now)")
                     .arg(a.name, a.before.isEmpty() ? QStringLiteral("(none)") : a.before, a.after.isEmpty() ? QStringLiteral("(none)") : a.after);
    return parts.join(QStringLiteral(", "));
}

// Plain data statements create, drop and rename nothing, so the declaration check need not
// keep them: a data load of a gigabyte would otherwise be held in memory whole after it ran.
bool declaresNothing(const QString &sql)
{
    qsizetype i = 0;
    while (i < sql.size() && (sql.at(i).isSpace() || sql.at(i) == u'('))
        ++i;
    qsizetype end = i;
    while (end < sql.size() && sql.at(end).isLetter())
        ++end;
    const QStringView word = QStringView(sql).mid(i, end - i);
    for (const char *dml : {"insert", "update", "delete", "replace", "copy", "select", "values"})
        if (word.compare(QLatin1String(dml), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

} // namespace

SchemaWatch::SchemaWatch(TargetSession &session, EventSink sink, const QString &runId, QList<SchemaExpectation> expected)
    : m_session(session)
    , m_sink(std::move(sink))
    , m_runId(runId)
    , m_expected(std::move(expected))
    , m_exclude(ownTables(session.profile().historyTable))
{
}

QStringList SchemaWatch::ownTables(const QString &historyTable)
{
    const QString table = historyTable.section(u'.', -1);
    return {table, table + QStringLiteral("_lock")};
}

QString SchemaWatch::defaultSchema(TargetSession &session)
{
    switch (session.dialect()) {
    case Dialect::Postgres:
        return session.query(QStringLiteral("SELECT current_schema()")).scalar().toString();
    case Dialect::Mysql: // snapshots leave their own database's name out
    case Dialect::Sqlite:
        break;
    }
    return {};
}

std::optional<SchemaSnapshot> SchemaWatch::snapshot(bool rowCounts, QString *error)
{
    SnapshotOptions options;
    options.excludeTables = m_exclude;
    options.rowCounts = rowCounts;
    options.sizes = rowCounts; // measured before and after the run, not after each migration
    SnapshotResult r = takeSnapshot(m_session, options);
    if (r.error) {
        *error = r.error->toString();
        return std::nullopt;
    }
    return r.snapshot;
}

QString SchemaWatch::emitSnapshot(const QString &label, const SchemaSnapshot &s, const RunEvent &base)
{
    RunEvent e = base;
    e.type = RunEvent::Type::SnapshotTaken;
    e.at = s.takenAt;
    e.runId = m_runId;
    e.check = label;
    e.message = s.summary();
    const QJsonObject json = s.toJson();
    e.data = QJsonObject{{QStringLiteral("snapshot"), json}};
    m_sink(e);
    return json.value(u"fingerprint").toString();
}

void SchemaWatch::emitCheck(const RunEvent &base, const QString &status, const QString &measured, const QString &detail,
                            const QJsonObject &data)
{
    RunEvent e = base;
    e.type = RunEvent::Type::CheckFinished;
    e.at = HistoryTable::nowUtc();
    e.runId = m_runId;
    e.check = QStringLiteral("schema as declared");
    e.status = status;
    e.measured = measured;
    e.message = detail;
    e.data = data;
    m_sink(e);
}

std::optional<QString> SchemaWatch::start()
{
    m_defaultSchema = defaultSchema(m_session);
    QString error;
    m_current = snapshot(true, &error);
    if (!m_current)
        return QStringLiteral("cannot read the schema before the run: %1").arg(error);
    RunEvent base;
    m_currentFingerprint = emitSnapshot(QStringLiteral("before-run"), *m_current, base);
    return std::nullopt;
}

QStringList SchemaWatch::afterMigration(const Migration &m, const ScriptRef &script, const RunEvent &base, bool up)
{
    QStringList differences;
    if (!m_current)
        return differences;
    QString error;
    // Row counts only before and after the run: count(*) of every table per migration would
    // multiply the run's reads on a large target.
    const std::optional<SchemaSnapshot> after = snapshot(false, &error);
    if (!after) {
        RunEvent e = base;
        e.type = RunEvent::Type::Message;
        e.at = HistoryTable::nowUtc();
        e.runId = m_runId;
        e.status = QStringLiteral("warning");
        e.message = QStringLiteral("cannot read the schema after %1: %2; its changes are not verified").arg(base.version, error);
        m_sink(e);
        m_current.reset();
        return differences;
    }
    const QString baseFingerprint = m_currentFingerprint;
    const SchemaDiff diff = SchemaDiff::between(*m_current, *after);
    const QString afterFingerprint = emitSnapshot(QStringLiteral("after-migration"), *after, base);
    RunEvent changed = base;
    changed.type = RunEvent::Type::SchemaChanged;
    changed.at = HistoryTable::nowUtc();
    changed.runId = m_runId;
    changed.message = diff.toText();
    changed.data = QJsonObject{{QStringLiteral("changes"), diff.toJson()}};
    m_sink(changed);

    if (up) {
        // What the statements declare must exist, as declared.
        QList<Statement> statements;
        splitScript(script, m_session.dialect(), [&](Statement &&st) {
            if (declaresNothing(st.sql))
                return true;
            st.copyData.clear(); // rows of COPY ... FROM STDIN declare nothing
            statements << std::move(st);
            return true;
        });
        const QList<Declaration> declared = declaredObjects(m_session.dialect(), statements);
        const QList<DeclarationFinding> findings = checkDeclarations(declared, *after, m_defaultSchema);
        QJsonArray found;
        for (const DeclarationFinding &f : findings) {
            differences << QStringLiteral("line %1: %2").arg(f.declaration.line).arg(f.problem);
            found.append(QJsonObject{{QStringLiteral("line"), f.declaration.line},
                                     {QStringLiteral("statement"), f.declaration.statement},
                                     {QStringLiteral("problem"), f.problem}});
        }
        // And the schema must be what a preview of the same script on the same schema showed.
        const SchemaExpectation *expected = nullptr;
        for (const SchemaExpectation &x : m_expected)
            if (x.version == base.version && x.base == baseFingerprint && x.checksum == QString::fromLatin1(m.checksum))
                expected = &x;
        QString previewNote;
        if (expected) {
            const SchemaDiff unexpected = SchemaDiff::between(expected->after, *after);
            for (const ObjectChange &c : unexpected.changes) {
                const QString what = kindName(c.object.kind) + u' ' + c.object.qualifiedName();
                differences << (c.kind == ObjectChange::Kind::Added     ? QStringLiteral("%1 exists, the preview did not have it").arg(what)
                                : c.kind == ObjectChange::Kind::Removed ? QStringLiteral("%1 is missing, the preview had it").arg(what)
                                                                        : QStringLiteral("%1 differs from the preview: %2").arg(what, attributeChanges(c)));
            }
            previewNote = QStringLiteral("compared with the preview");
        } else {
            previewNote = QStringLiteral("no preview of this script on this schema to compare with (migctl preview)");
        }
        const QString measured = QStringLiteral("%1 declared object(s) checked; %2").arg(declared.size()).arg(previewNote);
        emitCheck(base, differences.isEmpty() ? QStringLiteral("pass") : QStringLiteral("fail"), measured,
                  differences.isEmpty() ? QStringLiteral("the schema is as the migration declared") : differences.join(QStringLiteral("; ")),
                  QJsonObject{{QStringLiteral("findings"), found}, {QStringLiteral("previewCompared"), expected != nullptr}});
    }
    m_current = after;
    m_currentFingerprint = afterFingerprint;
    return differences;
}

void SchemaWatch::finish()
{
    if (!m_current)
        return;
    QString error;
    const std::optional<SchemaSnapshot> after = snapshot(true, &error);
    if (after)
        emitSnapshot(QStringLiteral("after-run"), *after, RunEvent());
}

} // namespace mig
