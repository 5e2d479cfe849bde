// The report as JSON, schema migctl.report/1: resources/report/run-report.schema.json, described
// in resources/report/README.md. A breaking change gets a new number.
#include "Exporters.h"

#include <QJsonArray>

namespace mig::report {

namespace {

QJsonValue textOrNull(const QString &t)
{
    return t.isEmpty() ? QJsonValue() : QJsonValue(t);
}

QJsonValue countOrNull(qint64 n)
{
    return n < 0 ? QJsonValue() : QJsonValue(double(n));
}

QJsonObject run(const ReportHeader &h)
{
    return {{QStringLiteral("id"), h.runId}, {QStringLiteral("action"), h.action}, {QStringLiteral("project"), textOrNull(h.project)},
            {QStringLiteral("target"), h.target}, {QStringLiteral("engine"), textOrNull(h.engine)},
            {QStringLiteral("serverVersion"), textOrNull(h.serverVersion)}, {QStringLiteral("environment"), textOrNull(h.environment)},
            {QStringLiteral("operator"), textOrNull(h.operatorName)}, {QStringLiteral("consoleVersion"), textOrNull(h.consoleVersion)},
            {QStringLiteral("startedAt"), h.startedAt}, {QStringLiteral("finishedAt"), textOrNull(h.finishedAt)}};
}

QJsonObject summary(const ReportSummary &s)
{
    return {{QStringLiteral("migrationsPlanned"), s.migrationsPlanned}, {QStringLiteral("migrationsCompleted"), s.migrationsCompleted},
            {QStringLiteral("durationMs"), countOrNull(s.durationMs)}, {QStringLiteral("outcome"), s.outcome},
            {QStringLiteral("message"), s.message}, {QStringLiteral("errors"), s.errors}, {QStringLiteral("warnings"), s.warnings},
            {QStringLiteral("decision"), s.decision}, {QStringLiteral("overridden"), s.overridden}};
}

QJsonObject gate(const GateDecision &g)
{
    QJsonArray lines;
    for (const GateLine &l : g.lines)
        lines << QJsonObject{{QStringLiteral("id"), l.id}, {QStringLiteral("title"), l.title}, {QStringLiteral("verdict"), l.verdict},
                             {QStringLiteral("evidence"), l.evidence}, {QStringLiteral("level"), l.level}, {QStringLiteral("blocks"), l.blocks}};
    return {{QStringLiteral("evaluated"), g.evaluated}, {QStringLiteral("source"), textOrNull(g.source)}, {QStringLiteral("run"), textOrNull(g.runId)},
            {QStringLiteral("status"), textOrNull(g.status)}, {QStringLiteral("verdict"), textOrNull(g.verdict)},
            {QStringLiteral("evaluatedAt"), textOrNull(g.evaluatedAt)}, {QStringLiteral("policy"), textOrNull(g.policy)},
            {QStringLiteral("enforced"), g.enforced}, {QStringLiteral("overridden"), g.overridden},
            {QStringLiteral("override"), g.overridden ? QJsonValue(QJsonObject{{QStringLiteral("by"), g.overrideBy}, {QStringLiteral("reason"), g.overrideReason}})
                                                      : QJsonValue()},
            {QStringLiteral("blockers"), QJsonArray::fromStringList(g.blockers)}, {QStringLiteral("checks"), lines}};
}

QJsonArray timeline(const QList<MigrationTiming> &list)
{
    QJsonArray a;
    for (const MigrationTiming &t : list)
        a << QJsonObject{{QStringLiteral("version"), t.version}, {QStringLiteral("name"), t.name}, {QStringLiteral("file"), t.file},
                         {QStringLiteral("direction"), t.direction}, {QStringLiteral("status"), t.status}, {QStringLiteral("mode"), t.mode},
                         {QStringLiteral("startedAt"), t.startedAt}, {QStringLiteral("finishedAt"), textOrNull(t.finishedAt)},
                         {QStringLiteral("durationMs"), countOrNull(t.durationMs)}, {QStringLiteral("statementsDone"), t.statementsDone},
                         {QStringLiteral("statementsTotal"), t.statementsTotal}, {QStringLiteral("rows"), countOrNull(t.rows)},
                         {QStringLiteral("batches"), t.batches}, {QStringLiteral("message"), t.message}};
    return a;
}

QJsonObject check(const CheckRow &c)
{
    return {{QStringLiteral("source"), c.source}, {QStringLiteral("name"), c.name}, {QStringLiteral("version"), textOrNull(c.version)},
            {QStringLiteral("status"), c.status}, {QStringLiteral("measured"), c.measured}, {QStringLiteral("detail"), c.detail},
            {QStringLiteral("at"), textOrNull(c.at)}};
}

QJsonObject schema(const ReportModel &m)
{
    QJsonArray lines;
    for (const StatLine &s : m.stats)
        lines << QJsonObject{{QStringLiteral("name"), s.name}, {QStringLiteral("applicable"), s.before != -2},
                             {QStringLiteral("before"), countOrNull(s.before)}, {QStringLiteral("after"), countOrNull(s.after)},
                             {QStringLiteral("unit"), s.bytes ? QStringLiteral("bytes") : QStringLiteral("count")}};
    return {{QStringLiteral("measured"), m.statsMeasured}, {QStringLiteral("fingerprintBefore"), textOrNull(m.schemaFingerprintBefore)},
            {QStringLiteral("fingerprintAfter"), textOrNull(m.schemaFingerprintAfter)}, {QStringLiteral("lines"), lines}};
}

QJsonObject integrity(const DataIntegrity &d)
{
    QJsonArray tables, checks;
    for (const TableRowCount &t : d.tables)
        tables << QJsonObject{{QStringLiteral("table"), t.table}, {QStringLiteral("rowsBefore"), countOrNull(t.before)},
                              {QStringLiteral("rowsAfter"), countOrNull(t.after)}, {QStringLiteral("existedBefore"), t.before != Absent},
                              {QStringLiteral("existsAfter"), t.after != Absent}};
    for (const CheckRow &c : d.orphanChecks)
        checks << check(c);
    return {{QStringLiteral("note"), textOrNull(d.note)}, {QStringLiteral("tables"), tables}, {QStringLiteral("checks"), checks}};
}

QJsonValue backup(const BackupSection &b)
{
    if (!b.found)
        return QJsonValue();
    return QJsonObject{{QStringLiteral("id"), b.id}, {QStringLiteral("how"), b.how}, {QStringLiteral("file"), b.file},
                       {QStringLiteral("createdAt"), b.createdAt}, {QStringLiteral("tool"), b.tool}, {QStringLiteral("serverVersion"), b.serverVersion},
                       {QStringLiteral("size"), countOrNull(b.size)}, {QStringLiteral("sha256"), b.sha256}, {QStringLiteral("tables"), b.tables},
                       {QStringLiteral("rows"), countOrNull(b.rows)},
                       {QStringLiteral("restoreTest"), QJsonObject{{QStringLiteral("status"), b.restoreTestStatus}, {QStringLiteral("at"), textOrNull(b.restoreTestAt)},
                                                                   {QStringLiteral("detail"), b.restoreTestDetail}}}};
}

QJsonObject rollback(const RollbackProcedure &p)
{
    QJsonArray steps;
    int n = 0;
    for (const RollbackStep &s : p.steps)
        steps << QJsonObject{{QStringLiteral("order"), ++n}, {QStringLiteral("version"), s.version}, {QStringLiteral("name"), s.name},
                             {QStringLiteral("upFile"), s.upFile}, {QStringLiteral("script"), textOrNull(s.script)}, {QStringLiteral("verdict"), s.verdict},
                             {QStringLiteral("verdictRun"), textOrNull(s.verdictRunId)}, {QStringLiteral("verifiedChecksum"), textOrNull(s.verifiedChecksum)},
                             {QStringLiteral("scriptMatches"), textOrNull(s.scriptMatches)}};
    return {{QStringLiteral("note"), textOrNull(p.note)}, {QStringLiteral("steps"), steps},
            {QStringLiteral("commands"), QJsonArray::fromStringList(p.commands)}, {QStringLiteral("restoreCommand"), textOrNull(p.restoreCommand)}};
}

QJsonObject lint(const LintSection &l)
{
    QJsonArray findings;
    for (const LintFinding &f : l.findings)
        findings << QJsonObject{{QStringLiteral("rule"), f.rule}, {QStringLiteral("severity"), f.severity}, {QStringLiteral("version"), f.version},
                                {QStringLiteral("file"), f.file}, {QStringLiteral("line"), f.line}, {QStringLiteral("statement"), f.statement},
                                {QStringLiteral("message"), f.message}, {QStringLiteral("evidence"), f.evidence}, {QStringLiteral("hint"), f.hint}};
    return {{QStringLiteral("evaluated"), l.evaluated}, {QStringLiteral("run"), textOrNull(l.runId)}, {QStringLiteral("findings"), findings},
            {QStringLiteral("notChecked"), QJsonArray::fromStringList(l.notChecked)}};
}

QJsonArray charts(const QList<ChartData> &list)
{
    QJsonArray a;
    for (const ChartData &c : list) {
        QJsonArray series;
        for (const ChartSeries &s : c.series) {
            QJsonArray points;
            for (const QPointF &p : s.points)
                points << QJsonArray{p.x(), p.y()};
            series << QJsonObject{{QStringLiteral("name"), s.name}, {QStringLiteral("points"), points}};
        }
        a << QJsonObject{{QStringLiteral("id"), c.id}, {QStringLiteral("title"), c.title}, {QStringLiteral("kind"), c.bars ? QStringLiteral("bars") : QStringLiteral("lines")},
                         {QStringLiteral("xLabel"), c.xLabel}, {QStringLiteral("yLabel"), c.yLabel},
                         {QStringLiteral("categories"), QJsonArray::fromStringList(c.categories)}, {QStringLiteral("series"), series},
                         {QStringLiteral("empty"), textOrNull(c.empty)}};
    }
    return a;
}

} // namespace

QString jsonSchemaId()
{
    return QStringLiteral("migctl.report/1");
}

QJsonObject toJson(const ReportModel &m)
{
    QJsonArray checks, signoffs, errors, statements, diffs;
    for (const CheckRow &c : m.checks)
        checks << check(c);
    for (const SignoffRow &s : m.signoffs)
        signoffs << QJsonObject{{QStringLiteral("kind"), s.kind}, {QStringLiteral("name"), s.name}, {QStringLiteral("role"), s.role},
                                {QStringLiteral("comment"), s.comment}, {QStringLiteral("at"), s.at}};
    for (const RunError &e : m.errors)
        errors << QJsonObject{{QStringLiteral("version"), textOrNull(e.version)}, {QStringLiteral("name"), textOrNull(e.name)},
                              {QStringLiteral("file"), textOrNull(e.file)}, {QStringLiteral("line"), e.line > 0 ? QJsonValue(e.line) : QJsonValue()},
                              {QStringLiteral("statement"), textOrNull(e.statement)}, {QStringLiteral("code"), textOrNull(e.code)},
                              {QStringLiteral("message"), e.message}, {QStringLiteral("at"), textOrNull(e.at)}};
    for (const StatementTiming &s : m.statements)
        statements << QJsonObject{{QStringLiteral("version"), s.version}, {QStringLiteral("statement"), s.statement}, {QStringLiteral("line"), s.line},
                                  {QStringLiteral("durationMs"), countOrNull(s.durationMs)}, {QStringLiteral("rows"), countOrNull(s.rows)},
                                  {QStringLiteral("status"), s.status}};
    for (const MigrationDiff &d : m.diffs)
        diffs << QJsonObject{{QStringLiteral("version"), d.version}, {QStringLiteral("name"), d.name}, {QStringLiteral("recorded"), d.recorded},
                             {QStringLiteral("added"), d.added}, {QStringLiteral("removed"), d.removed}, {QStringLiteral("changed"), d.changed},
                             {QStringLiteral("text"), d.text}, {QStringLiteral("changes"), d.changes}};
    return {{QStringLiteral("schema"), jsonSchemaId()},
            {QStringLiteral("generatedAt"), m.header.generatedAt},
            {QStringLiteral("run"), run(m.header)},
            {QStringLiteral("summary"), summary(m.summary)},
            {QStringLiteral("goNoGo"), gate(m.gate)},
            {QStringLiteral("timeline"), timeline(m.timeline)},
            {QStringLiteral("schemaChanges"), diffs},
            {QStringLiteral("schemaStatistics"), schema(m)},
            {QStringLiteral("verification"), QJsonObject{{QStringLiteral("verifyRun"), textOrNull(m.verifyRunId)},
                                                         {QStringLiteral("pass"), m.checkCount(QStringLiteral("pass"))},
                                                         {QStringLiteral("fail"), m.checkCount(QStringLiteral("fail"))},
                                                         {QStringLiteral("notRun"), m.checkCount(QStringLiteral("not run"))},
                                                         {QStringLiteral("checks"), checks}}},
            {QStringLiteral("dataIntegrity"), integrity(m.integrity)},
            {QStringLiteral("backup"), backup(m.backup)},
            {QStringLiteral("rollback"), rollback(m.rollback)},
            {QStringLiteral("lint"), lint(m.lint)},
            {QStringLiteral("signoffs"), signoffs},
            {QStringLiteral("errors"), errors},
            {QStringLiteral("statements"), statements},
            {QStringLiteral("charts"), charts(m.charts)}};
}

} // namespace mig::report
