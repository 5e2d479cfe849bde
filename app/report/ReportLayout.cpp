// The report's sections as blocks: run, summary, go/no-go, timeline, schema, verification.
// The rest (integrity, backup, rollback, lint, sign-offs, errors, charts) is in
// ReportLayoutRecovery.cpp.
#include "ReportDocument.h"
#include "ReportText.h"

namespace mig::report {

namespace detail {
void layoutAfterChecks(const ReportModel &m, ReportDocument &doc); // ReportLayoutRecovery.cpp
}

void ReportDocument::heading(const QString &t) { blocks << Block{Block::Kind::Heading, t}; }
void ReportDocument::subheading(const QString &t) { blocks << Block{Block::Kind::Subheading, t}; }
void ReportDocument::paragraph(const QString &t) { blocks << Block{Block::Kind::Paragraph, t}; }
void ReportDocument::code(const QString &t) { blocks << Block{Block::Kind::Code, t}; }

void ReportDocument::facts(const QList<QStringList> &rows)
{
    Block b{Block::Kind::Facts};
    b.rows = rows;
    blocks << b;
}

void ReportDocument::table(const QStringList &headers, const QList<QStringList> &rows, int statusColumn)
{
    Block b{Block::Kind::Table};
    b.headers = headers;
    b.rows = rows;
    b.statusColumn = statusColumn;
    blocks << b;
}

void ReportDocument::chart(const ChartData &c)
{
    Block b{Block::Kind::Chart, c.title};
    b.chart = c;
    blocks << b;
}

Tone toneOf(const QString &s)
{
    const QString u = s.toUpper();
    if (u == u"PASS" || u == u"GO" || u == u"SUCCEEDED" || u == u"APPLIED" || u == u"ROLLED BACK" || u == u"OK")
        return Tone::Good;
    if (u.startsWith(u"FAIL") || u == u"NO-GO" || u == u"DIRTY" || u == u"CANCELLED" || u == u"REFUSED" || u == u"APPLIED DIFFERS"
        || u == u"BLOCK")
        return Tone::Bad;
    if (u == u"WARN" || u.contains(u"OVERRIDE") || u == u"ADVISORY")
        return Tone::Warn;
    return Tone::Neutral;
}

QStringList verificationHeaders()
{
    return {QStringLiteral("Check"), QStringLiteral("Status"), QStringLiteral("Measured"), QStringLiteral("Detail"), QStringLiteral("Source")};
}

QList<QStringList> verificationRows(const ReportModel &m)
{
    QList<QStringList> rows;
    for (const CheckRow &c : m.checks)
        rows << QStringList{c.version.isEmpty() || c.name.startsWith(c.version) ? c.name : c.version + u' ' + c.name, statusText(c.status),
                            c.measured, c.detail, c.source};
    return rows;
}

QStringList statisticsHeaders()
{
    return {QStringLiteral("Object"), QStringLiteral("Before"), QStringLiteral("After"), QStringLiteral("Change")};
}

QList<QStringList> statisticsRows(const ReportModel &m)
{
    QList<QStringList> rows;
    for (const StatLine &s : m.stats)
        rows << QStringList{s.name, s.bytes ? bytesText(s.before) : countText(s.before), s.bytes ? bytesText(s.after) : countText(s.after),
                            s.bytes ? QString() : changeText(s.before, s.after)};
    return rows;
}

namespace {

QString who(const QString &version, const QString &name)
{
    return QStringLiteral("%1 %2").arg(version, name).trimmed();
}

void layoutRun(const ReportModel &m, ReportDocument &doc)
{
    const ReportHeader &h = m.header;
    doc.heading(QStringLiteral("Run"));
    doc.facts({{QStringLiteral("Run"), h.runId},
               {QStringLiteral("Action"), h.action},
               {QStringLiteral("Project folder"), orNot(h.project)},
               {QStringLiteral("Target"), h.target},
               {QStringLiteral("Engine"), QStringLiteral("%1, server %2").arg(orNot(h.engine, QStringLiteral("unknown")), orNot(h.serverVersion))},
               {QStringLiteral("Environment"), orNot(h.environment, QStringLiteral("not labelled"))},
               {QStringLiteral("Operator"), orNot(h.operatorName)},
               {QStringLiteral("Console version"), orNot(h.consoleVersion)},
               {QStringLiteral("Started"), timeText(h.startedAt)},
               {QStringLiteral("Finished"), timeText(h.finishedAt)},
               {QStringLiteral("Report generated"), timeText(h.generatedAt)}});
}

void layoutSummary(const ReportModel &m, ReportDocument &doc)
{
    const ReportSummary &s = m.summary;
    doc.heading(QStringLiteral("Executive summary"));
    QString decision = s.decision;
    if (m.gate.evaluated && m.gate.runId != m.header.runId)
        decision += QStringLiteral(" (preflight run %1; not enforced on this run)").arg(m.gate.runId);
    doc.facts({{QStringLiteral("Outcome"), statusText(s.outcome)},
               {QStringLiteral("Migrations"), QStringLiteral("%1/%2 completed").arg(s.migrationsCompleted).arg(s.migrationsPlanned)},
               {QStringLiteral("Duration"), durationText(s.durationMs)},
               {QStringLiteral("Errors"), QString::number(s.errors)},
               {QStringLiteral("Warnings"), QString::number(s.warnings)},
               {QStringLiteral("GO decision"), decision},
               {QStringLiteral("Overridden"), s.overridden ? QStringLiteral("yes, by %1: %2").arg(m.gate.overrideBy, m.gate.overrideReason)
                                                           : QStringLiteral("no")},
               {QStringLiteral("Verification"), m.verifyRunId.isEmpty()
                                                    ? QStringLiteral("not run (no migctl verify of this run)")
                                                    : QStringLiteral("%1 pass, %2 fail, %3 not run (verify run %4)")
                                                          .arg(m.checkCount(QStringLiteral("pass"))).arg(m.checkCount(QStringLiteral("fail")))
                                                          .arg(m.checkCount(QStringLiteral("not run"))).arg(m.verifyRunId)},
               {QStringLiteral("Result"), orNot(s.message, QStringLiteral("-"))}});
}

void layoutGate(const ReportModel &m, ReportDocument &doc)
{
    const GateDecision &g = m.gate;
    doc.heading(QStringLiteral("Go / no-go"));
    if (!g.evaluated) {
        doc.paragraph(QStringLiteral("Not run: no go/no-go checklist was evaluated for this run or before it (migctl preflight)."));
        return;
    }
    QList<QStringList> facts{{QStringLiteral("Decision"), g.verdict},
                             {QStringLiteral("Evaluated by"), g.source},
                             {QStringLiteral("Evaluated at"), timeText(g.evaluatedAt)},
                             {QStringLiteral("Policy"), QStringLiteral("%1 (%2)").arg(orNot(g.policy), g.enforced ? QStringLiteral("enforced") : QStringLiteral("advisory"))}};
    if (!g.blockers.isEmpty())
        facts << QStringList{QStringLiteral("Blocked by"), g.blockers.join(QStringLiteral("; "))};
    if (g.overridden)
        facts << QStringList{QStringLiteral("Override"), QStringLiteral("%1: %2").arg(g.overrideBy, g.overrideReason)};
    doc.facts(facts);
    QList<QStringList> rows;
    for (const GateLine &l : g.lines)
        rows << QStringList{l.title, statusText(l.verdict), l.evidence, l.level + (l.blocks ? QStringLiteral(", blocks") : QString())};
    doc.table({QStringLiteral("Check"), QStringLiteral("Verdict"), QStringLiteral("Evidence"), QStringLiteral("Policy")}, rows, 1);
}

void layoutTimeline(const ReportModel &m, ReportDocument &doc)
{
    doc.heading(QStringLiteral("Timeline"));
    if (m.timeline.isEmpty()) {
        doc.paragraph(QStringLiteral("No migration ran in this run."));
        return;
    }
    // Times of day when on the run's start date (the header says which), so the table stays narrow.
    const QString day = timeText(m.header.startedAt).left(11);
    auto clock = [&day](const QString &iso) {
        const QString t = timeText(iso);
        return t.startsWith(day) ? t.mid(11) : t;
    };
    QList<QStringList> rows;
    for (const MigrationTiming &t : m.timeline)
        rows << QStringList{who(t.version, t.name), t.direction, clock(t.startedAt), clock(t.finishedAt), durationText(t.durationMs),
                            QStringLiteral("%1/%2").arg(t.statementsDone).arg(t.statementsTotal), countText(t.rows),
                            t.batches > 0 ? QString::number(t.batches) : QStringLiteral("-"), statusText(t.status)};
    doc.table({QStringLiteral("Migration"), QStringLiteral("Dir."), QStringLiteral("Start"), QStringLiteral("End"), QStringLiteral("Duration"),
               QStringLiteral("Statements"), QStringLiteral("Rows"), QStringLiteral("Batches"), QStringLiteral("Status")},
              rows, 8);
}

void layoutSchema(const ReportModel &m, ReportDocument &doc)
{
    doc.heading(QStringLiteral("Schema changes per migration"));
    if (m.diffs.isEmpty())
        doc.paragraph(QStringLiteral("No migration ran: no schema change was recorded."));
    for (const MigrationDiff &d : m.diffs) {
        doc.subheading(who(d.version, d.name));
        if (!d.recorded) {
            doc.paragraph(QStringLiteral("Not measured: no schema change was recorded for this migration (it did not finish, or the schema could not be read)."));
            continue;
        }
        doc.paragraph(QStringLiteral("%1 added, %2 removed, %3 changed").arg(d.added).arg(d.removed).arg(d.changed));
        if (!d.changes.isEmpty())
            doc.code(d.text);
    }
    doc.heading(QStringLiteral("Schema statistics before and after"));
    if (!m.statsMeasured)
        doc.paragraph(QStringLiteral("The run kept %1: what is missing reads \"not measured\".")
                          .arg(m.schemaFingerprintBefore.isEmpty() && m.schemaFingerprintAfter.isEmpty() ? QStringLiteral("no snapshot")
                                                                                                         : QStringLiteral("only one snapshot")));
    doc.table(statisticsHeaders(), statisticsRows(m));
    doc.facts({{QStringLiteral("Schema fingerprint before"), orNot(m.schemaFingerprintBefore, notMeasured())},
               {QStringLiteral("Schema fingerprint after"), orNot(m.schemaFingerprintAfter, notMeasured())}});
}

void layoutChecks(const ReportModel &m, ReportDocument &doc)
{
    doc.heading(QStringLiteral("Verification checklist"));
    doc.paragraph(m.verifyRunId.isEmpty()
                      ? QStringLiteral("The run's own checks. Verification after the run: not run.")
                      : QStringLiteral("The run's own checks, then those of verify run %1.").arg(m.verifyRunId));
    doc.table(verificationHeaders(), verificationRows(m), 1);
}

} // namespace

ReportDocument layoutReport(const ReportModel &m)
{
    ReportDocument doc;
    doc.title = QStringLiteral("Migration run report: %1 %2").arg(m.header.action, m.header.runId);
    doc.footer = QStringLiteral("Run %1 on %2").arg(m.header.runId, m.header.target);
    doc.blocks << Block{Block::Kind::Title, doc.title};
    layoutRun(m, doc);
    layoutSummary(m, doc);
    layoutGate(m, doc);
    layoutTimeline(m, doc);
    layoutSchema(m, doc);
    layoutChecks(m, doc);
    detail::layoutAfterChecks(m, doc);
    return doc;
}

} // namespace mig::report
