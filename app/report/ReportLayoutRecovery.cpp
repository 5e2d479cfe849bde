// The report's later sections as blocks: data integrity, backup, rollback procedure, lint and
// overrides, sign-offs, errors and charts.
#include "ReportDocument.h"
#include "ReportText.h"

namespace mig::report::detail {

namespace {

void layoutIntegrity(const ReportModel &m, ReportDocument &doc)
{
    doc.heading(QStringLiteral("Data integrity"));
    doc.subheading(QStringLiteral("Row counts before and after"));
    if (!m.integrity.note.isEmpty())
        doc.paragraph(m.integrity.note);
    QList<QStringList> rows;
    for (const TableRowCount &t : m.integrity.tables)
        rows << QStringList{t.table, countText(t.before), countText(t.after), changeText(t.before, t.after)};
    if (!rows.isEmpty())
        doc.table({QStringLiteral("Table"), QStringLiteral("Rows before"), QStringLiteral("Rows after"), QStringLiteral("Change")}, rows);
    else if (m.integrity.note.isEmpty())
        doc.paragraph(QStringLiteral("The target had no tables before or after the run."));
    doc.subheading(QStringLiteral("Orphans and integrity checks"));
    QList<QStringList> checks;
    for (const CheckRow &c : m.integrity.orphanChecks)
        checks << QStringList{c.name, statusText(c.status), c.measured, c.detail};
    doc.table({QStringLiteral("Check"), QStringLiteral("Status"), QStringLiteral("Measured"), QStringLiteral("Detail")}, checks, 1);
}

void layoutBackup(const ReportModel &m, ReportDocument &doc)
{
    const BackupSection &b = m.backup;
    doc.heading(QStringLiteral("Backup"));
    if (!b.found) {
        doc.paragraph(QStringLiteral("Not run: no backup of this target taken before the run is in the catalog."));
        return;
    }
    doc.facts({{QStringLiteral("Backup"), b.id},
               {QStringLiteral("Why this one"), b.how},
               {QStringLiteral("File"), b.file},
               {QStringLiteral("Taken"), timeText(b.createdAt)},
               {QStringLiteral("Tool"), orNot(b.tool)},
               {QStringLiteral("Server"), orNot(b.serverVersion)},
               {QStringLiteral("Size"), bytesText(b.size)},
               {QStringLiteral("SHA-256"), b.sha256},
               {QStringLiteral("Contents"), QStringLiteral("%1 table(s), %2 row(s)").arg(b.tables).arg(countText(b.rows))},
               {QStringLiteral("Restore test"), b.restoreTestAt.isEmpty() ? statusText(b.restoreTestStatus)
                                                                          : QStringLiteral("%1 at %2: %3").arg(statusText(b.restoreTestStatus),
                                                                                                                timeText(b.restoreTestAt), b.restoreTestDetail)}});
}

void layoutRollback(const ReportModel &m, ReportDocument &doc)
{
    const RollbackProcedure &p = m.rollback;
    doc.heading(QStringLiteral("Rollback procedure"));
    if (!p.note.isEmpty())
        doc.paragraph(p.note);
    if (!p.steps.isEmpty()) {
        QList<QStringList> rows;
        int n = 0;
        for (const RollbackStep &s : p.steps)
            rows << QStringList{QString::number(++n), QStringLiteral("%1 %2").arg(s.version, s.name), orNot(s.script, QStringLiteral("none found")),
                                s.verdict + (s.verdictRunId.isEmpty() ? QString() : QStringLiteral(" (preview %1)").arg(s.verdictRunId)),
                                s.scriptMatches};
        doc.table({QStringLiteral("Order"), QStringLiteral("Migration"), QStringLiteral("Rollback script"), QStringLiteral("Verdict"),
                   QStringLiteral("Script is the one verified")},
                  rows);
    }
    if (!p.commands.isEmpty()) {
        doc.paragraph(QStringLiteral("Commands, in order (look at the dry run first):"));
        doc.code(p.commands.join(u'\n'));
    }
    doc.paragraph(p.restoreCommand.isEmpty() ? QStringLiteral("Restore of the pre-run backup: not possible, no backup taken before the run is catalogued.")
                                             : QStringLiteral("Or restore the pre-run backup (replaces the whole database, also what others wrote since):"));
    if (!p.restoreCommand.isEmpty())
        doc.code(p.restoreCommand);
}

void layoutLint(const ReportModel &m, ReportDocument &doc)
{
    doc.heading(QStringLiteral("Lint findings and overrides"));
    if (!m.lint.evaluated) {
        doc.paragraph(QStringLiteral("Lint: not run (no go/no-go checklist linted this run's migrations)."));
    } else if (m.lint.findings.isEmpty()) {
        doc.paragraph(QStringLiteral("Lint (checklist of run %1): no finding.").arg(m.lint.runId));
    } else {
        QList<QStringList> rows;
        for (const LintFinding &f : m.lint.findings)
            rows << QStringList{f.rule, statusText(f.severity), QStringLiteral("%1:%2").arg(f.file).arg(f.line), f.message, f.evidence, f.hint};
        doc.paragraph(QStringLiteral("Lint (checklist of run %1):").arg(m.lint.runId));
        doc.table({QStringLiteral("Rule"), QStringLiteral("Severity"), QStringLiteral("Where"), QStringLiteral("Finding"), QStringLiteral("Evidence"),
                   QStringLiteral("Fix")},
                  rows, 1);
    }
    for (const QString &n : m.lint.notChecked)
        doc.paragraph(QStringLiteral("Not checked: ") + n);
    if (m.gate.overridden)
        doc.facts({{QStringLiteral("Override"), QStringLiteral("GO given by %1 although checks blocked").arg(m.gate.overrideBy)},
                   {QStringLiteral("Reason"), m.gate.overrideReason},
                   {QStringLiteral("What blocked"), m.gate.blockers.join(QStringLiteral("; "))}});
    else
        doc.paragraph(QStringLiteral("Overrides: none."));
}

void layoutSignoffs(const ReportModel &m, ReportDocument &doc)
{
    doc.heading(QStringLiteral("Sign-offs"));
    if (m.signoffs.isEmpty()) {
        doc.paragraph(QStringLiteral("None recorded for this run."));
        return;
    }
    QList<QStringList> rows;
    for (const SignoffRow &s : m.signoffs)
        rows << QStringList{s.kind, s.role, s.name, timeText(s.at), s.comment};
    doc.table({QStringLiteral("Kind"), QStringLiteral("Role"), QStringLiteral("Name"), QStringLiteral("At"), QStringLiteral("Comment / reason")}, rows);
}

void layoutErrors(const ReportModel &m, ReportDocument &doc)
{
    doc.heading(QStringLiteral("Errors"));
    if (m.errors.isEmpty()) {
        doc.paragraph(QStringLiteral("None."));
        return;
    }
    int n = 0;
    for (const RunError &e : m.errors) {
        doc.subheading(QStringLiteral("Error %1%2").arg(++n).arg(e.version.isEmpty() ? QString() : QStringLiteral(": %1 %2").arg(e.version, e.name)));
        doc.facts({{QStringLiteral("File"), e.file.isEmpty() ? QStringLiteral("-") : e.line > 0 ? QStringLiteral("%1:%2").arg(e.file).arg(e.line) : e.file},
                   {QStringLiteral("Engine code"), orNot(e.code, QStringLiteral("-"))},
                   {QStringLiteral("Engine message"), e.message},
                   {QStringLiteral("At"), timeText(e.at)}});
        if (!e.statement.isEmpty())
            doc.code(e.statement);
    }
}

void layoutCharts(const ReportModel &m, ReportDocument &doc)
{
    doc.heading(QStringLiteral("Charts"));
    for (const ChartData &c : m.charts) {
        if (c.isEmpty()) {
            doc.subheading(c.title);
            doc.paragraph(QStringLiteral("Not measured: %1.").arg(c.empty));
        } else {
            doc.chart(c);
        }
    }
}

} // namespace

void layoutAfterChecks(const ReportModel &m, ReportDocument &doc)
{
    layoutIntegrity(m, doc);
    layoutBackup(m, doc);
    layoutRollback(m, doc);
    layoutLint(m, doc);
    layoutSignoffs(m, doc);
    layoutErrors(m, doc);
    layoutCharts(m, doc);
}

} // namespace mig::report::detail
