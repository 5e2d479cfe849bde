#include "ForeignHistory.h"

namespace mig {

namespace {

ForeignHistory readFlyway(TargetSession &s)
{
    ForeignHistory h;
    h.table = QStringLiteral("flyway_schema_history");
    // Flyway writes one row per migration run (success true/false); undo rows (type UNDO_SQL)
    // cancel the version they undo. Repeatable rows have no version and are not adopted.
    const QueryResult r = s.query(QStringLiteral("SELECT version, type, success FROM flyway_schema_history "
                                                 "WHERE version IS NOT NULL ORDER BY installed_rank"));
    if (!r.ok()) {
        h.error = r.error;
        return h;
    }
    for (const QVariantList &row : r.rows) {
        const QString version = row.at(0).toString();
        const QString type = row.at(1).toString();
        if (!row.at(2).toBool()) {
            h.refusal = QStringLiteral("Flyway recorded a failed migration %1: repair it with Flyway (or by hand) before adopting").arg(version);
            continue;
        }
        // Flyway ignores migrations at or below a baseline ("below baseline"): they count as done.
        if (type == u"BASELINE")
            h.baselineVersion = version;
        if (type.startsWith(u"UNDO"))
            h.appliedVersions.removeAll(version);
        else if (type != u"BASELINE" || !h.appliedVersions.contains(version))
            h.appliedVersions << version;
    }
    return h;
}

ForeignHistory readGolangMigrate(TargetSession &s)
{
    ForeignHistory h;
    h.table = QStringLiteral("schema_migrations");
    h.cumulative = true;
    const QueryResult r = s.query(QStringLiteral("SELECT version, dirty FROM schema_migrations"));
    if (!r.ok()) {
        h.error = r.error;
        return h;
    }
    if (r.rows.size() > 1) {
        h.refusal = QStringLiteral("schema_migrations has %1 rows: not golang-migrate's (one row), maybe dbmate's").arg(r.rows.size());
        return h;
    }
    if (r.rows.isEmpty())
        return h;
    const QString version = r.rows.first().at(0).toString();
    if (r.rows.first().at(1).toBool())
        h.refusal = QStringLiteral("golang-migrate left the database dirty at version %1: fix it and run 'migrate force' first").arg(version);
    h.appliedVersions << version;
    return h;
}

ForeignHistory readDbmate(TargetSession &s)
{
    ForeignHistory h;
    h.table = QStringLiteral("schema_migrations");
    const QueryResult r = s.query(QStringLiteral("SELECT version FROM schema_migrations ORDER BY version"));
    if (!r.ok()) {
        h.error = r.error;
        return h;
    }
    for (const QVariantList &row : r.rows)
        h.appliedVersions << row.at(0).toString();
    return h;
}

ForeignHistory readGoose(TargetSession &s)
{
    ForeignHistory h;
    h.table = QStringLiteral("goose_db_version");
    // goose appends a row per up (is_applied true) and per down (false); the latest row of a
    // version decides. Version 0 is goose's own initial row.
    const QueryResult r = s.query(QStringLiteral("SELECT version_id, is_applied FROM goose_db_version ORDER BY id"));
    if (!r.ok()) {
        h.error = r.error;
        return h;
    }
    for (const QVariantList &row : r.rows) {
        const QString version = row.at(0).toString();
        if (version == u"0")
            continue;
        h.appliedVersions.removeAll(version);
        if (row.at(1).toBool())
            h.appliedVersions << version;
    }
    return h;
}

} // namespace

ForeignHistory readForeignHistory(TargetSession &session, Format tool)
{
    switch (tool) {
    case Format::Flyway: return readFlyway(session);
    case Format::GolangMigrate: return readGolangMigrate(session);
    case Format::Dbmate: return readDbmate(session);
    case Format::Goose: return readGoose(session);
    case Format::Native:
    case Format::SqlMigrate:
        break;
    }
    ForeignHistory h;
    h.error = SqlError{SqlError::Kind::Other, QString(),
                       QStringLiteral("cannot adopt from %1: choose flyway, golang-migrate, dbmate or goose").arg(formatName(tool))};
    return h;
}

} // namespace mig
