#include "StatusCommand.h"

#include "plan/ScriptDiff.h"
#include "preflight/RollbackStatus.h"
#include "schema/SchemaDiff.h"
#include "source/FileScan.h"
#include "source/ScriptText.h"

#include <QJsonArray>

namespace mig::cli {

namespace {

// The difference between what was applied and the file now, for a modified migration.
ScriptDiff changeOf(const MigrationStatus &s)
{
    if (!s.planned || !s.last || s.last->direction != u"up")
        return {};
    const auto current = readScriptText(s.planned->migration.up, HistoryTable::MaxScriptBytes);
    if (!current)
        return ScriptDiff{ScriptDiff::Kind::StoredTextMissing, QString()};
    return diffScripts(s.last->script, *current, QStringLiteral("applied %1 (run %2)").arg(s.last->finishedAt, s.last->runId),
                       s.planned->migration.file);
}

QString changeNote(const ScriptDiff &d)
{
    switch (d.kind) {
    case ScriptDiff::Kind::LineEndingsOrBomOnly:
        return QStringLiteral("only line endings or a BOM differ from the applied script (the checksum ignores them)");
    case ScriptDiff::Kind::StoredTextMissing:
        return QStringLiteral("no text to compare: the applied script was too large to store, or the file cannot be read");
    case ScriptDiff::Kind::Same:
    case ScriptDiff::Kind::Changed:
        break;
    }
    return {};
}

// Drift: the live schema against what the last run left, in one line.
QString driftLine(const TargetInspection &t, const StoredFindings &found, SchemaDiff *diff)
{
    if (!t.schema)
        return QStringLiteral("schema not read (%1): drift not checked").arg(t.schemaError);
    if (!found.driftBaseline)
        return QStringLiteral("%1; drift not checked: no run recorded for this target").arg(t.schema->summary());
    *diff = SchemaDiff::between(found.driftBaseline->snapshot, *t.schema);
    if (diff->isEmpty())
        return QStringLiteral("%1; no drift since run %2").arg(t.schema->summary(), found.driftBaseline->runId);
    return QStringLiteral("%1; DRIFT: %2 change(s) since run %3 (migctl drift)").arg(t.schema->summary()).arg(diff->changes.size()).arg(found.driftBaseline->runId);
}

QJsonObject driftJson(const TargetInspection &t, const StoredFindings &found)
{
    SchemaDiff diff;
    const QString line = driftLine(t, found, &diff);
    QJsonObject j{{QStringLiteral("summary"), line},
                  {QStringLiteral("checked"), t.schema.has_value() && found.driftBaseline.has_value()},
                  {QStringLiteral("drift"), !diff.isEmpty()}};
    if (found.driftBaseline)
        j.insert(QStringLiteral("baselineRun"), found.driftBaseline->runId);
    if (!diff.isEmpty())
        j.insert(QStringLiteral("changes"), diff.toJson());
    return j;
}

} // namespace

void printStatus(const ConnectionProfile &profile, const TargetInspection &t, const StoredFindings &found, bool allowOutOfOrder,
                 QTextStream &out)
{
    const TargetStatus &st = t.status;
    out << "Target:  " << profile.displayUrl() << " (" << t.serverVersion << "), history table " << profile.historyTable
        << (t.historyExists ? QString() : QStringLiteral(" (not created yet)")) << '\n';
    out << "Folder:  " << t.plan.folder.dir << " (" << (t.plan.folder.format ? formatName(*t.plan.folder.format) : QStringLiteral("no migrations")) << ", " << t.plan.migrations.size() << " migrations)\n\n";
    int wv = 7, wn = 4, ws = 5;
    for (const MigrationStatus &s : st.migrations) {
        wv = qMax(wv, int(s.version.size()));
        wn = qMax(wn, int(qMin<qsizetype>(s.name.size(), 40)));
        ws = qMax(ws, int(stateName(s.state).size()));
    }
    out << QStringLiteral("VERSION").leftJustified(wv) << "  " << QStringLiteral("NAME").leftJustified(wn) << "  "
        << QStringLiteral("STATE").leftJustified(ws) << "  DETAIL\n";
    QStringList diffs;
    for (const MigrationStatus &s : st.migrations) {
        QString detail = s.detail;
        if (s.state == MigrationState::Modified || (isApplied(s.state) && s.last && s.last->action != u"baseline")) {
            const ScriptDiff d = changeOf(s);
            if (d.kind == ScriptDiff::Kind::Changed)
                diffs << QStringLiteral("%1 %2 was modified after it was applied:\n%3").arg(s.version, s.name, d.unified);
            else if (!changeNote(d).isEmpty() && (s.state == MigrationState::Modified || d.kind == ScriptDiff::Kind::LineEndingsOrBomOnly))
                detail += QStringLiteral("; ") + changeNote(d);
        }
        const RollbackStatus rb = rollbackStatus(s, found.rollbacks);
        if (!isApplied(s.state) && s.planned)
            detail += (detail.isEmpty() ? QString() : QStringLiteral("; ")) + rb.text()
                      + (rb.detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(rb.detail));
        out << s.version.leftJustified(wv) << "  " << s.name.left(40).leftJustified(wn) << "  " << stateName(s.state).leftJustified(ws)
            << "  " << detail << '\n';
    }
    out << "\n" << st.count(MigrationState::Applied) << " applied, " << st.count(MigrationState::Pending) << " pending";
    for (MigrationState s : {MigrationState::AppliedWithDifferences, MigrationState::Modified, MigrationState::Missing, MigrationState::Failed, MigrationState::Dirty, MigrationState::OutOfOrder})
        if (st.count(s) > 0)
            out << ", " << st.count(s) << ' ' << stateName(s);
    out << "; current version " << (st.currentVersion.isEmpty() ? QStringLiteral("(none)") : st.currentVersion) << '\n';
    SchemaDiff drift;
    out << "Schema: " << driftLine(t, found, &drift) << '\n';
    for (const QString &d : diffs)
        out << '\n' << d;
    const QStringList blockers = st.blockers(allowOutOfOrder);
    if (!blockers.isEmpty()) {
        out << "\napply would refuse:\n";
        for (const QString &b : blockers)
            out << "  " << b << '\n';
    }
    if (found.recovery) {
        const Recovery &r = *found.recovery;
        out << "\nRun " << r.runId << ' ' << r.outcome << (r.message.isEmpty() ? QString() : QStringLiteral(": ") + r.message) << "\nRecovery choices:\n";
        for (const RecoveryChoice &c : r.choices)
            out << "  " << (c.available ? QStringLiteral("- ") : QStringLiteral("- (not available) ")) << c.title
                << (c.command.isEmpty() ? QString() : QStringLiteral(": ") + c.command) << "\n      " << c.detail << '\n';
    }
}

QJsonObject statusToJson(const ConnectionProfile &profile, const TargetInspection &t, const StoredFindings &found, bool allowOutOfOrder)
{
    QJsonArray migrations;
    for (const MigrationStatus &s : t.status.migrations) {
        QJsonObject m{{QStringLiteral("version"), s.version}, {QStringLiteral("name"), s.name},
                      {QStringLiteral("state"), stateName(s.state)}, {QStringLiteral("detail"), s.detail}};
        if (s.planned) {
            m.insert(QStringLiteral("file"), s.planned->migration.file);
            m.insert(QStringLiteral("checksum"), QString::fromLatin1(s.planned->migration.checksum));
            m.insert(QStringLiteral("hasRollback"), !s.planned->migration.down.isNull());
            const RollbackStatus rb = rollbackStatus(s, found.rollbacks);
            QJsonObject rollback{{QStringLiteral("verdict"), rb.text()}, {QStringLiteral("detail"), rb.detail}};
            if (rb.check) {
                rollback.insert(QStringLiteral("checkedBy"), rb.check->runId);
                rollback.insert(QStringLiteral("checkedAt"), rb.check->at);
                rollback.insert(QStringLiteral("current"), rb.current);
                rollback.insert(QStringLiteral("differences"), rb.check->data.value(u"differences"));
            }
            m.insert(QStringLiteral("rollback"), rollback);
        }
        if (s.last) {
            const HistoryRow &h = *s.last;
            QJsonObject last{{QStringLiteral("action"), h.action}, {QStringLiteral("direction"), h.direction},
                             {QStringLiteral("status"), h.status}, {QStringLiteral("startedAt"), h.startedAt},
                             {QStringLiteral("finishedAt"), h.finishedAt}, {QStringLiteral("durationMs"), h.durationMs},
                             {QStringLiteral("statementsDone"), h.statementsDone}, {QStringLiteral("statementsTotal"), h.statementsTotal},
                             {QStringLiteral("runId"), h.runId}, {QStringLiteral("appliedBy"), h.appliedBy},
                             {QStringLiteral("checksum"), h.checksum}};
            if (!h.errorMessage.isEmpty()) {
                last.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), h.errorCode}, {QStringLiteral("message"), h.errorMessage},
                                                                 {QStringLiteral("file"), h.errorFile}, {QStringLiteral("line"), h.errorLine},
                                                                 {QStringLiteral("statement"), h.errorStatement}});
            }
            if (!h.reason.isEmpty())
                last.insert(QStringLiteral("reason"), h.reason);
            m.insert(QStringLiteral("last"), last);
        }
        if (s.state == MigrationState::Modified) {
            const ScriptDiff d = changeOf(s);
            if (d.kind == ScriptDiff::Kind::Changed)
                m.insert(QStringLiteral("diff"), d.unified);
            else if (!changeNote(d).isEmpty())
                m.insert(QStringLiteral("change"), changeNote(d));
        }
        migrations << m;
    }
    return QJsonObject{{QStringLiteral("schema"), QStringLiteral("migctl.status/1")},
                       {QStringLiteral("target"), profile.displayUrl()},
                       {QStringLiteral("serverVersion"), t.serverVersion},
                       {QStringLiteral("historyTable"), profile.historyTable},
                       {QStringLiteral("historyExists"), t.historyExists},
                       {QStringLiteral("currentVersion"), t.status.currentVersion},
                       {QStringLiteral("blockers"), QJsonArray::fromStringList(t.status.blockers(allowOutOfOrder))},
                       {QStringLiteral("migrations"), migrations},
                       {QStringLiteral("schemaSummary"), t.schema ? t.schema->summary() : QString()},
                       {QStringLiteral("drift"), driftJson(t, found)},
                       {QStringLiteral("recovery"), found.recovery ? QJsonValue(found.recovery->toJson()) : QJsonValue()}};
}

} // namespace mig::cli
