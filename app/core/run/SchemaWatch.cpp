#include "SchemaWatch.h"

#include "schema/SchemaDelta.h"
#include "schema/SchemaDiff.h"
#include "schema/SchemaReader.h"
#include "sql/ScriptSplitter.h"

#include <QDateTime>
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

std::optional<SchemaSnapshot> SchemaWatch::snapshot(bool rowCounts, QString *error, const std::optional<ReadScope> &scope)
{
    SnapshotOptions options;
    options.excludeTables = m_exclude;
    options.rowCounts = rowCounts;
    options.sizes = rowCounts; // measured before and after the run, not after each migration
    options.scope = scope;
    const SearchPathPin::Scope pinned(m_searchPath, m_session);
    SnapshotResult r = takeSnapshot(m_session, options);
    if (r.error) {
        *error = r.error->toString();
        return std::nullopt;
    }
    return r.snapshot;
}

void SchemaWatch::emitSnapshot(const QString &label, const SchemaSnapshot &s, const RunEvent &base)
{
    RunEvent e = base;
    e.type = RunEvent::Type::SnapshotTaken;
    e.at = s.takenAt;
    e.runId = m_runId;
    e.check = label;
    e.message = s.summary();
    e.data = QJsonObject{{QStringLiteral("snapshot"), s.toJson()}};
    m_sink(e);
}

// After a migration the event carries what it changed, not the whole schema: building the
// whole snapshot's JSON was most of a snapshot's client time, once per migration.
void SchemaWatch::emitDelta(const SchemaDiff &diff, const RunEvent &base)
{
    SchemaDelta delta = SchemaDelta::fromDiff(diff);
    delta.takenAt = m_current->takenAt;
    delta.counts = m_counts;
    RunEvent e = base;
    e.type = RunEvent::Type::SnapshotTaken;
    e.at = delta.takenAt;
    e.runId = m_runId;
    e.check = QStringLiteral("after-migration");
    e.message = SchemaSnapshot::summaryOf(m_counts);
    // How it was read: the units the markers named ("reread": n), or the whole schema.
    e.data = QJsonObject{{QStringLiteral("delta"), delta.toJson()},
                         {QStringLiteral("reread"), m_rereadUnits < 0 ? QJsonValue(QStringLiteral("whole")) : QJsonValue(m_rereadUnits)}};
    m_sink(e);
}

RunEvent SchemaWatch::checkEvent(const RunEvent &base, const QString &name, const QString &status, const QString &measured,
                                 const QString &detail, const QJsonObject &data) const
{
    RunEvent e = base;
    e.type = RunEvent::Type::CheckFinished;
    e.at = HistoryTable::nowUtc();
    e.runId = m_runId;
    e.check = name;
    e.status = status;
    e.measured = measured;
    e.message = detail;
    e.data = data;
    return e;
}

void SchemaWatch::emitCheck(const RunEvent &base, const QString &status, const QString &measured, const QString &detail,
                            const QJsonObject &data)
{
    m_sink(checkEvent(base, QStringLiteral("schema as declared"), status, measured, detail, data));
}

void SchemaWatch::blindTo(const QSet<QString> &units)
{
    if (m_markers)
        m_markers->blindTo = units;
}

std::optional<QString> SchemaWatch::start()
{
    m_searchPath.remember(m_session);
    m_defaultSchema = defaultSchema(m_session);
    m_markers = ChangeMarkers::create(m_session);
    // Markers first: whatever changes between them and the snapshot is re-read next time.
    if (m_markers && !m_markers->start().isEmpty())
        m_markers.reset(); // the whole schema after each migration, as without markers
    QString error;
    m_current = snapshot(true, &error);
    if (!m_current)
        return QStringLiteral("cannot read the schema before the run: %1").arg(error);
    // Row counts and sizes are measured before and after the run only; the merged snapshot
    // carries none, as a snapshot after a migration never did.
    m_counts = m_current->counts();
    emitSnapshot(QStringLiteral("before-run"), *m_current, RunEvent());
    for (TableStats &t : m_current->tables)
        t.rows = t.bytes = -1;
    return std::nullopt;
}

namespace {

void addCounts(QMap<QString, qint64> &into, const QMap<QString, qint64> &counts, int sign)
{
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        if (it.key() != u"rows" && it.key() != u"bytes")
            into[it.key()] += sign * it.value();
}

} // namespace

std::optional<SchemaDiff> SchemaWatch::updateFromMarkers(QString *error)
{
    const std::optional<ChangeSet> set = m_markers->changes(error);
    if (!set || set->whole)
        return std::nullopt;
    m_markersUsed = true;
    m_rereadUnits = set->units;
    SchemaSnapshot before, after; // the parts that may have changed, as they were and are
    before.objects.reserve(16);
    const bool anything = !set->scope.sqliteTables.isEmpty() || !set->scope.relations.isEmpty() || !set->scope.sequences.isEmpty()
                          || !set->scope.routines.isEmpty() || !set->scope.types.isEmpty() || !set->scope.extensions.isEmpty()
                          || !set->scope.schemas.isEmpty();
    if (anything) {
        std::optional<SchemaSnapshot> read = snapshot(false, error, set->scope);
        if (!read)
            return std::nullopt;
        after = std::move(*read);
    }
    if (set->units > 0) {
        m_current->objects.removeIf([&](const SchemaObject &o) {
            if (!set->stale(o))
                return false;
            before.objects << o;
            return true;
        });
        for (const SchemaObject &o : std::as_const(before.objects))
            if (o.kind == SchemaObject::Kind::Table)
                m_current->tables.removeIf([&](const TableStats &t) { return t.schema == o.schema && t.table == o.name; });
    }
    SchemaDelta merge;
    merge.upserted = after.objects;
    merge.applyTo(*m_current); // adds the tables' entries too
    addCounts(m_counts, before.counts(), -1);
    addCounts(m_counts, after.counts(), +1);
    m_current->takenAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    return SchemaDiff::between(before, after);
}

std::optional<SchemaDiff> SchemaWatch::update(QString *error)
{
    if (m_markers) {
        if (std::optional<SchemaDiff> diff = updateFromMarkers(error))
            return diff;
        // The markers or the part could not be read: the whole schema, as without markers.
        // m_current is as before the migration unless the part was merged, which it was not.
    }
    // Row counts only before and after the run: count(*) of every table per migration would
    // multiply the run's reads on a large target.
    std::optional<SchemaSnapshot> after = snapshot(false, error);
    if (!after)
        return std::nullopt;
    SchemaDiff diff = SchemaDiff::between(*m_current, *after);
    m_rereadUnits = -1;
    m_current = std::move(after);
    m_counts = m_current->counts();
    return diff;
}

QStringList SchemaWatch::afterMigration(const Migration &m, const ScriptRef &script, const RunEvent &base, bool up)
{
    QStringList differences;
    if (!m_current)
        return differences;
    // The schema's fingerprint before the migration, only where a preview needs it: hashing the
    // whole schema after each migration would cost what the merged read saves.
    QString baseFingerprint;
    for (const SchemaExpectation &x : std::as_const(m_expected))
        if (up && x.version == base.version && x.checksum == QString::fromLatin1(m.checksum) && baseFingerprint.isEmpty())
            baseFingerprint = QString::fromLatin1(m_current->fingerprint());
    QString error;
    const std::optional<SchemaDiff> diff = update(&error);
    if (!diff) {
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
    const SchemaSnapshot &after = *m_current;
    emitDelta(*diff, base);
    RunEvent changed = base;
    changed.type = RunEvent::Type::SchemaChanged;
    changed.at = HistoryTable::nowUtc();
    changed.runId = m_runId;
    changed.message = diff->toText();
    changed.data = QJsonObject{{QStringLiteral("changes"), diff->toJson()}};
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
        const QList<DeclarationFinding> findings = checkDeclarations(declared, after, m_defaultSchema);
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
            const SchemaDiff unexpected = SchemaDiff::between(expected->after, after);
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
    return differences;
}

void SchemaWatch::emitNet(const QString &status, const QString &measured, const QString &message, const QJsonObject &data)
{
    const RunEvent check = checkEvent(RunEvent(), QStringLiteral("schema watch complete"), status, measured, message, data);
    m_sink(check);
    if (status == u"pass")
        return;
    // Told as a warning too, as reports count them.
    RunEvent warning = check;
    warning.type = RunEvent::Type::Message;
    warning.status = QStringLiteral("warning");
    warning.check.clear();
    warning.measured.clear();
    warning.data = {};
    m_sink(warning);
}

// The safety net under the merged snapshots: the whole schema after the run must be the merged
// one. Where it is not, a change went unseen by the markers after some migration, and the
// per-migration account (each migration's changes, its declaration check) is incomplete.
void SchemaWatch::checkMerged(const SchemaSnapshot &afterRun, bool tellPass)
{
    const QString measured = QStringLiteral("merged snapshot %1, snapshot after the run %2")
                                 .arg(QString::fromLatin1(m_current->fingerprint().left(12)), QString::fromLatin1(afterRun.fingerprint().left(12)));
    if (m_current->fingerprint() == afterRun.fingerprint()) {
        if (tellPass)
            emitNet(QStringLiteral("pass"), measured,
                    QStringLiteral("the schema after the run is the one merged after each migration and after the one that did not finish"), {});
        return;
    }
    const SchemaDiff missed = SchemaDiff::between(*m_current, afterRun);
    QStringList names;
    for (const ObjectChange &c : missed.changes)
        names << kindName(c.object.kind) + u' ' + c.object.qualifiedName();
    const QString what = QStringLiteral("the schema after the run differs from the one merged after each migration: %1 change(s) "
                                        "the per-migration watch did not see (%2); the changes told per migration are incomplete")
                             .arg(missed.changes.size()).arg(names.mid(0, 20).join(QStringLiteral(", ")) + (names.size() > 20 ? QStringLiteral(", ...") : QString()));
    emitNet(QStringLiteral("warning"), measured, what, QJsonObject{{QStringLiteral("missed"), missed.toJson()}});
}

void SchemaWatch::finish(bool everyChangeWatched)
{
    // The net holds the markers' account to the whole schema; without markers every migration
    // was read whole, and there is nothing to hold.
    const auto notRun = [&](const QString &why) {
        emitNet(QStringLiteral("not run"), QString(), QStringLiteral("the schema watch could not be checked: %1; the changes told per migration are not verified").arg(why), {});
    };
    if (!m_current) {
        if (m_markers)
            notRun(QStringLiteral("the schema could not be read after a migration"));
        return;
    }
    // A migration failed or was cancelled after the watch last looked: what it left (a dirty
    // one's statements) is merged now, told as no migration's changes, so that the net still
    // checks what the markers told of the migrations before it.
    QString unmerged;
    if (!everyChangeWatched && m_markers) {
        QString error;
        if (!updateFromMarkers(&error))
            unmerged = error.isEmpty() ? QStringLiteral("the markers cannot tell what the migration that did not finish changed (a schema renamed)")
                                       : QStringLiteral("cannot read what the migration that did not finish changed: %1").arg(error);
    }
    QString error;
    const std::optional<SchemaSnapshot> after = snapshot(true, &error);
    if (!after) {
        if (m_markersUsed)
            notRun(QStringLiteral("cannot read the schema after the run: %1").arg(error));
        return;
    }
    emitSnapshot(QStringLiteral("after-run"), *after, RunEvent());
    if (!unmerged.isEmpty())
        notRun(unmerged);
    else if (m_markersUsed)
        checkMerged(*after, !everyChangeWatched); // after a failure, said either way
}

} // namespace mig
