// What the run did to the schema: each migration's recorded changes, and the statistics of the
// snapshots taken before and after the run.
#include "ReportSections.h"

#include <QJsonArray>
#include <QMap>

namespace mig::report::detail {

namespace {

// Object kinds an engine does not have: shown as "n/a" rather than a count of 0.
bool engineHas(const QString &engine, const QString &kind)
{
    static const QStringList noSqlite{QStringLiteral("materialized views"), QStringLiteral("functions"), QStringLiteral("procedures"),
                                      QStringLiteral("sequences"), QStringLiteral("policies")};
    static const QStringList noMysql{QStringLiteral("materialized views"), QStringLiteral("policies")};
    if (engine == u"sqlite")
        return !noSqlite.contains(kind);
    if (engine == u"mysql")
        return !noMysql.contains(kind);
    return true;
}

qint64 countIn(const StoredSnapshot *s, const QString &key)
{
    if (!s)
        return -1;
    // A schema without tables holds no rows: that is a measurement, not a gap.
    if (key == u"rows" && s->snapshot.tables.isEmpty())
        return 0;
    return s->snapshot.counts().value(key, -1);
}

QString tableName(const TableStats &t)
{
    return t.schema.isEmpty() ? t.table : t.schema + u'.' + t.table;
}

} // namespace

void fillSchema(const RunRecord &r, ReportModel &m)
{
    for (const QJsonObject &e : r.events) {
        if (text(e, "event") != u"schema-changed")
            continue;
        MigrationDiff d{text(e, "version"), text(e, "name"), true};
        d.text = text(e, "message").trimmed();
        d.changes = e.value(u"data").toObject().value(u"changes").toArray();
        for (const QJsonValue &c : d.changes) {
            const QString change = c.toObject().value(u"change").toString();
            d.added += change == u"added";
            d.removed += change == u"removed";
            d.changed += change == u"changed";
        }
        m.diffs << d;
    }
    // A migration that ran without a recorded diff is named, so its absence is seen.
    for (const MigrationTiming &t : m.timeline) {
        const bool told = std::any_of(m.diffs.cbegin(), m.diffs.cend(), [&t](const MigrationDiff &d) { return d.version == t.version; });
        if (!told)
            m.diffs << MigrationDiff{t.version, t.name, false};
    }

    const StoredSnapshot *before = r.snapshot(QStringLiteral("before-run"));
    const StoredSnapshot *after = r.snapshot(QStringLiteral("after-run"));
    m.statsMeasured = before && after;
    if (before)
        m.schemaFingerprintBefore = QString::fromLatin1(before->snapshot.fingerprint());
    if (after)
        m.schemaFingerprintAfter = QString::fromLatin1(after->snapshot.fingerprint());
    const QString engine = m.header.engine;
    static const QStringList kinds{QStringLiteral("tables"), QStringLiteral("columns"), QStringLiteral("indexes"),
                                   QStringLiteral("foreign keys"), QStringLiteral("views"), QStringLiteral("materialized views"),
                                   QStringLiteral("triggers"), QStringLiteral("functions"), QStringLiteral("procedures"),
                                   QStringLiteral("sequences"), QStringLiteral("policies")};
    for (const QString &kind : kinds) {
        if (!engineHas(engine, kind))
            m.stats << StatLine{kind, -2, -2};
        else
            m.stats << StatLine{kind, countIn(before, kind), countIn(after, kind)};
    }
    m.stats << StatLine{QStringLiteral("total rows"), countIn(before, QStringLiteral("rows")), countIn(after, QStringLiteral("rows"))};
    m.stats << StatLine{QStringLiteral("size"), countIn(before, QStringLiteral("bytes")), countIn(after, QStringLiteral("bytes")), true};

    // Row counts per table, before and after (the console's own tables are not in snapshots).
    QMap<QString, TableRowCount> tables;
    if (before)
        for (const TableStats &t : before->snapshot.tables)
            tables[tableName(t)] = TableRowCount{tableName(t), t.rows, after ? Absent : -1};
    if (after)
        for (const TableStats &t : after->snapshot.tables) {
            auto it = tables.find(tableName(t));
            if (it == tables.end())
                it = tables.insert(tableName(t), TableRowCount{tableName(t), before ? Absent : -1, -1});
            it->after = t.rows;
        }
    m.integrity.tables = tables.values();
    if (!before || !after)
        m.integrity.note = QStringLiteral("row counts not measured: the run kept no %1 snapshot")
                               .arg(!before ? QStringLiteral("before-run") : QStringLiteral("after-run"));
}

} // namespace mig::report::detail
