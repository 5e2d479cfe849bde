#include "FolderPlan.h"

#include "sql/ScriptSplitter.h"

#include <QDir>
#include <QJsonArray>

namespace mig {

namespace {

// Counts a script's statements; a script that cannot be split becomes a problem at its line.
int countStatements(const ScriptRef &script, const char *role, Dialect dialect, FolderPlan &plan, bool &ok)
{
    if (script.isNull())
        return 0;
    const ScriptSplitResult split = splitScript(script, dialect, [](Statement &&) { return true; });
    if (split.error) {
        ok = false;
        const QString file = QDir(plan.folder.dir).relativeFilePath(script.path);
        plan.folder.problems << Problem{Problem::Severity::Error, file, split.error->line,
                                        QStringLiteral("%1 script (%2): %3")
                                            .arg(QLatin1String(role), dialectName(dialect), split.error->message)};
    }
    return split.statements;
}

} // namespace

FolderPlan planFolder(const QString &dir, Dialect dialect, std::optional<Format> forced)
{
    FolderPlan plan;
    plan.folder = loadMigrationFolder(dir, forced);
    plan.dialect = dialect;
    for (const Migration &m : std::as_const(plan.folder.migrations)) {
        PlannedMigration p{m};
        p.statements = countStatements(m.up, "up", dialect, plan, p.splitOk);
        if (p.splitOk && p.statements == 0) // e.g. only ";" or, in MySQL, only "#" comments
            plan.folder.problems << Problem{Problem::Severity::Error, m.file, m.up.firstLine(),
                                            QStringLiteral("empty migration: the up script holds no %1 statement").arg(dialectName(dialect))};
        p.downStatements = countStatements(m.down, "rollback", dialect, plan, p.splitOk);
        p.verifyStatements = countStatements(m.verify, "verify", dialect, plan, p.splitOk);
        plan.migrations << p;
    }
    return plan;
}

QJsonObject planToJson(const FolderPlan &plan)
{
    QJsonArray migrations;
    const QDir dir(plan.folder.dir);
    for (const PlannedMigration &p : plan.migrations) {
        const Migration &m = p.migration;
        QJsonObject o{
            {QStringLiteral("version"), m.repeatable ? QJsonValue() : QJsonValue(m.version.text())},
            {QStringLiteral("name"), m.name},
            {QStringLiteral("format"), formatName(m.format)},
            {QStringLiteral("repeatable"), m.repeatable},
            {QStringLiteral("file"), m.file},
            {QStringLiteral("statements"), p.statements},
            {QStringLiteral("transactional"), m.transactional()},
            {QStringLiteral("hasRollback"), !m.down.isNull()},
            {QStringLiteral("rollbackFile"), m.down.isNull() ? QJsonValue() : QJsonValue(dir.relativeFilePath(m.down.path))},
            {QStringLiteral("rollbackStatements"), p.downStatements},
            {QStringLiteral("rollbackTransactional"), m.down.isNull() ? QJsonValue() : QJsonValue(m.down.transactional)},
            {QStringLiteral("hasVerify"), !m.verify.isNull()},
            {QStringLiteral("verifyFile"), m.verify.isNull() ? QJsonValue() : QJsonValue(dir.relativeFilePath(m.verify.path))},
            {QStringLiteral("checksum"), QString::fromLatin1(m.checksum)},
            {QStringLiteral("splitOk"), p.splitOk},
        };
        migrations.append(o);
    }
    QJsonArray problems;
    for (const Problem &pr : plan.folder.problems)
        problems.append(QJsonObject{
            {QStringLiteral("severity"), pr.severity == Problem::Severity::Error ? QStringLiteral("error") : QStringLiteral("warning")},
            {QStringLiteral("file"), pr.file},
            {QStringLiteral("line"), pr.line},
            {QStringLiteral("message"), pr.message},
        });
    return QJsonObject{
        {QStringLiteral("schema"), QStringLiteral("migctl.plan/1")},
        {QStringLiteral("dir"), plan.folder.dir},
        {QStringLiteral("format"), plan.folder.format ? QJsonValue(formatName(*plan.folder.format)) : QJsonValue()},
        {QStringLiteral("formatForced"), plan.folder.formatForced},
        {QStringLiteral("dialect"), dialectName(plan.dialect)},
        {QStringLiteral("ok"), !plan.hasErrors()},
        {QStringLiteral("migrations"), migrations},
        {QStringLiteral("problems"), problems},
    };
}

} // namespace mig
