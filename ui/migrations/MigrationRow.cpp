#include "MigrationRow.h"

#include <QDateTime>

namespace mig::ui {

namespace {

bool keepsAppliedRow(MigrationState s)
{
    return isApplied(s) || s == MigrationState::Modified || s == MigrationState::Missing;
}

QString durationLabel(const HistoryRow &row)
{
    if (row.status == u"applied" || row.status == u"applied_differs" || row.status == u"rolled_back")
        return row.action;
    return QStringLiteral("%1 %2").arg(row.status, row.action); // "failed apply", "dirty resume"
}

void fill(MigrationRow &r, const ProjectState &state)
{
    const MigrationStatus &s = r.status;
    r.state = s.state;
    r.stateDetail = s.detail;
    if (s.planned)
        r.checksum = QString::fromLatin1(s.planned->migration.checksum);
    else if (s.last)
        r.checksum = s.last->checksum;
    if (s.last) {
        r.durationMs = s.last->durationMs;
        r.durationOf = durationLabel(*s.last);
        if (keepsAppliedRow(s.state)) {
            r.appliedAt = s.last->finishedAt.isEmpty() ? s.last->startedAt : s.last->finishedAt;
            r.appliedBy = s.last->appliedBy;
        }
    }
    r.rollback = rollbackStatus(s, state.rollbacks);
}

void addLint(MigrationRow &r, const ProjectState &state)
{
    if (!state.lint || !r.state || !lintable(*r.state))
        return;
    r.linted = true;
    for (const lint::Finding &f : state.lint->findings) {
        if (f.version != r.version || r.version.isEmpty())
            continue;
        r.findings << f;
        if (!r.worstLint || int(f.severity) > int(*r.worstLint))
            r.worstLint = f.severity;
    }
    std::stable_sort(r.findings.begin(), r.findings.end(),
                     [](const lint::Finding &a, const lint::Finding &b) { return a.line < b.line; });
}

} // namespace

QList<MigrationRow> migrationRows(const ProjectState &state)
{
    QList<MigrationRow> out;
    const TargetInspection &in = state.inspection;
    if (in.status.migrations.isEmpty() && !in.error.isEmpty()) {
        // The target could not be read: the folder's migrations are still worth reading.
        for (const PlannedMigration &p : in.plan.migrations) {
            MigrationRow r;
            r.order = int(out.size());
            r.key = historyKey(p.migration);
            r.version = p.migration.version.text();
            r.name = p.migration.name;
            r.checksum = QString::fromLatin1(p.migration.checksum);
            r.status.version = r.version;
            r.status.name = r.name;
            r.status.planned = p;
            r.rollback = rollbackStatus(r.status, state.rollbacks);
            addLint(r, state);
            out << r;
        }
        return out;
    }
    for (const MigrationStatus &s : in.status.migrations) {
        MigrationRow r;
        r.order = int(out.size());
        r.key = s.planned ? historyKey(s.planned->migration) : s.last ? historyKey(*s.last) : s.version;
        r.version = s.version;
        r.name = s.name;
        r.status = s;
        fill(r, state);
        addLint(r, state);
        out << r;
    }
    return out;
}

bool lintable(MigrationState state)
{
    return state == MigrationState::Pending || state == MigrationState::Failed || state == MigrationState::OutOfOrder;
}

QString formatDurationMs(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 60'000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    const qint64 s = ms / 1000;
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString formatUtc(const QString &iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!t.isValid())
        return iso;
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

QString findingText(const lint::Finding &f)
{
    QString text = QStringLiteral("%1 %2 (%3:%4): %5").arg(lint::severityName(f.severity), f.rule, f.file).arg(f.line).arg(f.message);
    if (!f.evidence.isEmpty())
        text += QStringLiteral("\nEvidence: ") + f.evidence;
    if (!f.hint.isEmpty())
        text += QStringLiteral("\nFix: ") + f.hint;
    return text;
}

} // namespace mig::ui
