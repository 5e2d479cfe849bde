#include "RunEvent.h"

namespace mig {

QString RunEvent::typeName(Type t)
{
    switch (t) {
    case Type::RunStarted: return QStringLiteral("run-started");
    case Type::LockAcquired: return QStringLiteral("lock-acquired");
    case Type::MigrationStarted: return QStringLiteral("migration-started");
    case Type::StatementStarted: return QStringLiteral("statement-started");
    case Type::StatementFinished: return QStringLiteral("statement-finished");
    case Type::BatchProgress: return QStringLiteral("batch-progress");
    case Type::MigrationFinished: return QStringLiteral("migration-finished");
    case Type::Message: return QStringLiteral("message");
    case Type::RunFinished: return QStringLiteral("run-finished");
    case Type::SnapshotTaken: return QStringLiteral("snapshot-taken");
    case Type::SchemaChanged: return QStringLiteral("schema-changed");
    case Type::CheckFinished: return QStringLiteral("check-finished");
    case Type::Progress: return QStringLiteral("progress");
    case Type::HealthSample: return QStringLiteral("health-sample");
    }
    return {};
}

QJsonObject RunEvent::toJson() const
{
    QJsonObject o{{QStringLiteral("event"), typeName(type)}, {QStringLiteral("at"), at}, {QStringLiteral("run"), runId}};
    auto put = [&o](const char *key, const QJsonValue &v) { o.insert(QLatin1String(key), v); };
    auto putText = [&](const char *key, const QString &v) {
        if (!v.isEmpty())
            put(key, v);
    };
    const bool migration = type == Type::MigrationStarted || type == Type::MigrationFinished || type == Type::StatementStarted
                           || type == Type::StatementFinished || type == Type::BatchProgress;
    if (type == Type::RunStarted) {
        put("action", action);
        put("target", target);
        putText("targetKey", targetKey);
        putText("dir", dir);
        put("migrations", migrationCount);
        put("dryRun", dryRun);
    }
    if (migration) {
        put("version", version);
        put("name", name);
        put("direction", direction);
        putText("file", file);
        if (type == Type::MigrationStarted || type == Type::MigrationFinished) {
            put("index", migrationIndex);
            put("of", migrationCount);
        }
    }
    if (type == Type::MigrationStarted || type == Type::StatementStarted || type == Type::StatementFinished || type == Type::BatchProgress)
        put("statements", statementCount);
    if (type == Type::StatementStarted || type == Type::StatementFinished || type == Type::BatchProgress) {
        put("statement", statement);
        put("line", line);
    }
    if (type == Type::StatementStarted)
        put("sql", sql);
    if (durationMs >= 0)
        put("durationMs", durationMs);
    if (rows >= 0)
        put("rows", rows);
    if (type == Type::BatchProgress) {
        put("batch", batch);
        put("rowsDone", rowsDone);
        if (rowsTotal >= 0)
            put("rowsTotal", rowsTotal);
        put("rowsPerSecond", qRound64(rowsPerSecond * 10) / 10.0);
        if (etaMs >= 0)
            put("etaMs", etaMs);
    }
    if (type == Type::Progress) {
        put("done", rowsDone);
        if (rowsTotal >= 0)
            put("total", rowsTotal);
        putText("unit", unit);
        if (etaMs >= 0)
            put("etaMs", etaMs);
    }
    if (type == Type::SnapshotTaken || type == Type::SchemaChanged || type == Type::CheckFinished) {
        putText("version", version);
        putText("name", name);
        putText("direction", direction);
    }
    putText("check", check);
    putText("measured", measured);
    putText("status", status);
    putText("code", code);
    putText("message", message);
    if (!data.isEmpty())
        put("data", data);
    return o;
}

QString RunEvent::toText() const
{
    const QString who = version.isEmpty() ? name : QStringLiteral("%1 %2").arg(version, name);
    const QString error = code.isEmpty() ? message : QStringLiteral("%1 [%2]").arg(message, code);
    switch (type) {
    case Type::RunStarted:
        return QStringLiteral("%1%2 on %3: %4 migration(s) (run %5)")
            .arg(dryRun ? QStringLiteral("dry run: ") : QString(), action, target).arg(migrationCount).arg(runId);
    case Type::LockAcquired:
        return QStringLiteral("lock acquired: %1").arg(message);
    case Type::MigrationStarted:
        return QStringLiteral("[%1/%2] %3 %4: %5 statement(s)%6")
            .arg(migrationIndex).arg(migrationCount).arg(direction == u"down" ? QStringLiteral("rolling back") : QStringLiteral("applying"), who)
            .arg(statementCount).arg(message.isEmpty() ? QString() : QStringLiteral(", ") + message);
    case Type::StatementStarted:
        return dryRun ? sql + u';' : QStringLiteral("  statement %1/%2 (line %3)").arg(statement).arg(statementCount).arg(line);
    case Type::StatementFinished:
        if (status == u"failed")
            return QStringLiteral("  statement %1/%2 (%3:%4) failed: %5").arg(statement).arg(statementCount).arg(file).arg(line).arg(error);
        return QStringLiteral("  statement %1/%2 done in %3 ms%4")
            .arg(statement).arg(statementCount).arg(durationMs)
            .arg(rows > 0 ? QStringLiteral(", %1 row(s)").arg(rows) : QString());
    case Type::BatchProgress:
        return QStringLiteral("  batch %1: %2%3 rows, %4 rows/s%5")
            .arg(batch).arg(rowsDone).arg(rowsTotal >= 0 ? QStringLiteral("/%1").arg(rowsTotal) : QString())
            .arg(qRound64(rowsPerSecond))
            .arg(etaMs >= 0 ? QStringLiteral(", ETA %1 s").arg(etaMs / 1000.0, 0, 'f', 1) : QString());
    case Type::MigrationFinished:
        return QStringLiteral("[%1/%2] %3 %4 in %5 ms%6")
            .arg(migrationIndex).arg(migrationCount).arg(who, QString(status).replace(u'_', u' ')).arg(durationMs)
            .arg(message.isEmpty() ? QString() : QStringLiteral(": ") + error);
    case Type::Message:
        return status == u"info" ? message : QStringLiteral("%1: %2").arg(status, error);
    case Type::RunFinished:
        return QStringLiteral("run %1 %2 in %3 ms%4").arg(runId, status).arg(durationMs)
            .arg(message.isEmpty() ? QString() : QStringLiteral(": ") + message);
    case Type::SnapshotTaken:
        return QStringLiteral("  schema %1%2: %3").arg(check, version.isEmpty() ? QString() : u' ' + version, message);
    case Type::SchemaChanged: {
        QString text = message.trimmed();
        text.replace(u'\n', QStringLiteral("\n    "));
        return QStringLiteral("  schema changes of %1:\n    %2").arg(who, text);
    }
    case Type::CheckFinished:
        return QStringLiteral("  %1 %2%3%4%5")
            .arg(status == u"pass" ? QStringLiteral("PASS") : status == u"fail" ? QStringLiteral("FAIL") : status.toUpper(),
                 version.isEmpty() ? QString() : version + u' ', check,
                 measured.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(measured),
                 message.isEmpty() ? QString() : QStringLiteral(": ") + message);
    case Type::Progress:
        return QStringLiteral("  %1: %2 %3%4%5").arg(check, message).arg(rowsDone)
            .arg(rowsTotal >= 0 ? QStringLiteral("/%1").arg(rowsTotal) : QString(), unit.isEmpty() ? QString() : u' ' + unit);
    case Type::HealthSample:
        return QStringLiteral("  health: %1").arg(measured);
    }
    return {};
}

} // namespace mig
