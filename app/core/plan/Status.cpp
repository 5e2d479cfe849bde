#include "Status.h"

#include <QHash>
#include <QSet>
#include <QRegularExpression>

namespace mig {

QString stateName(MigrationState s)
{
    switch (s) {
    case MigrationState::Applied: return QStringLiteral("applied");
    case MigrationState::AppliedWithDifferences: return QStringLiteral("applied-with-differences");
    case MigrationState::Pending: return QStringLiteral("pending");
    case MigrationState::Modified: return QStringLiteral("modified");
    case MigrationState::Missing: return QStringLiteral("missing");
    case MigrationState::Failed: return QStringLiteral("failed");
    case MigrationState::Dirty: return QStringLiteral("dirty");
    case MigrationState::OutOfOrder: return QStringLiteral("out-of-order");
    }
    return {};
}

QString historyKey(const Migration &m)
{
    return m.repeatable ? QStringLiteral("R:") + m.name : m.version.text();
}

QString historyKey(const HistoryRow &row)
{
    return row.version.isEmpty() ? QStringLiteral("R:") + row.name : row.version;
}

int TargetStatus::count(MigrationState s) const
{
    return int(std::count_if(migrations.cbegin(), migrations.cend(), [s](const MigrationStatus &m) { return m.state == s; }));
}

QStringList TargetStatus::blockers(bool allowOutOfOrder) const
{
    QStringList out;
    if (!newerWriter.isEmpty())
        out << newerWriterRefusal(QString(), newerWriter);
    for (const MigrationStatus &m : migrations) {
        const QString who = QStringLiteral("%1 %2").arg(m.version, m.name).trimmed();
        if (m.state == MigrationState::Dirty)
            out << QStringLiteral("%1 is dirty (%2): fix it, then run migctl resume, rollback or mark-applied").arg(who, m.detail);
        else if (m.state == MigrationState::Modified)
            out << QStringLiteral("%1 was modified after it was applied (checksum changed; see migctl status)").arg(who);
        else if (m.state == MigrationState::OutOfOrder && !allowOutOfOrder)
            out << QStringLiteral("%1 is older than the applied version %2 (use --allow-out-of-order to apply it)").arg(who, currentVersion);
    }
    return out;
}

namespace {

QString failureDetail(const HistoryRow &row)
{
    QString where = row.errorFile.isEmpty() ? QString() : QStringLiteral(" (%1:%2)").arg(row.errorFile).arg(row.errorLine);
    const QString error = row.errorCode.isEmpty() ? row.errorMessage : QStringLiteral("%1 [%2]").arg(row.errorMessage, row.errorCode);
    QString text = QStringLiteral("%1 at statement %2 of %3%4")
                       .arg(row.status == u"cancelled" ? QStringLiteral("cancelled") : QStringLiteral("stopped"))
                       .arg(row.statementsDone + 1).arg(row.statementsTotal).arg(where);
    // Only a dirty row kept its statements; a failed or cancelled one ran them and rolled back.
    if (row.statementsDone > 0 && row.status == u"dirty")
        text += QStringLiteral(", %1 statement(s) committed").arg(row.statementsDone);
    if (row.batchRowsDone > 0)
        text += QStringLiteral(", %1 row(s) of its batches done").arg(row.batchRowsDone);
    if (!error.isEmpty())
        text += QStringLiteral(": ") + error;
    if (!row.errorStatement.isEmpty())
        text += QStringLiteral(" -- statement: ") + row.errorStatement.simplified().left(200);
    return text;
}

} // namespace

namespace {

// "0.10.2", "1.0.0-rc1" -> its leading numbers; unset when it does not start with one.
std::optional<Version> releaseOf(const QString &consoleVersion)
{
    static const QRegularExpression numbers(QStringLiteral("^\\d+(\\.\\d+)*"));
    const QString head = numbers.match(consoleVersion.trimmed()).captured(0);
    return head.isEmpty() ? std::nullopt : Version::parse(head);
}

} // namespace

QString newerConsoleVersion(const QList<HistoryRow> &history, const QString &mine)
{
    const std::optional<Version> own = releaseOf(mine);
    if (!own)
        return {};
    QString newest;
    std::optional<Version> newestVersion;
    QString previous; // rows come in runs: most follow one with the same version, already judged
    bool first = true;
    for (const HistoryRow &row : history) {
        if (!first && row.consoleVersion == previous)
            continue;
        first = false;
        previous = row.consoleVersion;
        const std::optional<Version> v = releaseOf(row.consoleVersion);
        if (v && *own < *v && (!newestVersion || *newestVersion < *v)) {
            newestVersion = v;
            newest = row.consoleVersion;
        }
    }
    return newest;
}

QString newerWriterRefusal(const QString &historyTable, const QString &newer)
{
    return QStringLiteral("the history table%1 was written by migctl %2, this is %3: a newer version may record what this one "
                          "cannot read correctly, so it does not write to it (read-only commands such as status, verify and "
                          "drift still work); upgrade migctl")
        .arg(historyTable.isEmpty() ? QString() : u' ' + historyTable, newer, QStringLiteral(MIG_VERSION));
}

TargetStatus computeStatus(const FolderPlan &plan, const QList<HistoryRow> &history)
{
    // The latest row decides a migration's state, except a rollback that failed or was
    // cancelled before changing anything: the state stays what it was (a dirty migration stays
    // dirty, a modified one modified), and the failed attempt is told in the detail.
    // Rows by index into `history`: a HistoryRow is two dozen strings, not worth copying 10,000 times.
    QHash<QString, qsizetype> latest;
    QHash<QString, qsizetype> failedRollback;
    latest.reserve(history.size());
    QStringList historyOrder;
    for (qsizetype i = 0; i < history.size(); ++i) { // in id order
        const HistoryRow &row = history.at(i);
        const QString key = historyKey(row);
        if (!latest.contains(key) && !failedRollback.contains(key))
            historyOrder << key;
        if (row.direction == u"down" && (row.status == u"failed" || row.status == u"cancelled")) {
            failedRollback.insert(key, i);
            continue;
        }
        latest.insert(key, i);
        failedRollback.remove(key);
    }

    TargetStatus out;
    out.newerWriter = newerConsoleVersion(history);
    out.migrations.reserve(plan.migrations.size());
    std::optional<Version> newestApplied;
    QSet<QString> inFolder;
    inFolder.reserve(plan.migrations.size());
    for (const PlannedMigration &p : plan.migrations) {
        MigrationStatus s;
        s.version = p.migration.version.text();
        s.name = p.migration.name;
        s.planned = p;
        const QString key = historyKey(p.migration);
        inFolder.insert(key);
        if (const auto it = latest.constFind(key); it != latest.cend()) {
            const HistoryRow &row = history.at(*it);
            s.last = row;
            const bool up = row.direction == u"up";
            if (row.status == u"dirty") {
                s.state = MigrationState::Dirty;
                s.detail = (up ? QString() : QStringLiteral("rollback ")) + failureDetail(row);
            } else if (up && (row.status == u"applied" || row.status == HistoryTable::AppliedWithDifferences)) {
                const bool changed = row.checksum != QString::fromLatin1(p.migration.checksum);
                const bool differs = row.status == HistoryTable::AppliedWithDifferences;
                s.state = changed ? (p.migration.repeatable ? MigrationState::Pending : MigrationState::Modified)
                                  : differs ? MigrationState::AppliedWithDifferences : MigrationState::Applied;
                s.detail = QStringLiteral("%1 %2 by %3").arg(row.action == u"apply" ? QStringLiteral("applied") : row.action, row.finishedAt, row.appliedBy);
                if (differs)
                    s.detail += QStringLiteral("; the schema differs from what it declared: ") + row.errorMessage;
                if (changed && p.migration.repeatable)
                    s.detail = QStringLiteral("changed since it last ran: runs again");
            } else if (up) { // failed or cancelled before anything committed
                s.state = MigrationState::Failed;
                s.detail = failureDetail(row);
            } else { // rolled_back: the only other state a down row decides
                s.state = MigrationState::Pending;
                s.detail = QStringLiteral("rolled back %1 by %2").arg(row.finishedAt, row.appliedBy);
            }
        }
        if (const auto f = failedRollback.constFind(key); f != failedRollback.cend())
            s.detail += QStringLiteral("; then a rollback %1").arg(failureDetail(history.at(*f)));
        if (isApplied(s.state) && !p.migration.repeatable && (!newestApplied || *newestApplied < p.migration.version))
            newestApplied = p.migration.version;
        out.migrations << std::move(s);
    }
    // Pending migrations older than the newest applied one arrived out of order.
    if (newestApplied) {
        out.currentVersion = newestApplied->text();
        for (MigrationStatus &s : out.migrations)
            if ((s.state == MigrationState::Pending || s.state == MigrationState::Failed) && s.planned
                && !s.planned->migration.repeatable && s.planned->migration.version < *newestApplied)
                s.state = MigrationState::OutOfOrder;
    }
    for (const QString &key : historyOrder) {
        if (inFolder.contains(key) || !latest.contains(key))
            continue;
        const HistoryRow &row = history.at(latest.value(key));
        const bool neverKept = row.direction == u"up" && (row.status == u"failed" || row.status == u"cancelled");
        if ((row.direction == u"down" && row.status == u"rolled_back") || neverKept)
            continue; // rolled back, or never applied, and then deleted: nothing left of it
        MigrationStatus s;
        s.state = row.status == u"dirty" ? MigrationState::Dirty : MigrationState::Missing;
        s.version = row.version;
        s.name = row.name;
        s.last = row;
        s.detail = s.state == MigrationState::Dirty ? failureDetail(row) + QStringLiteral(" (its file is gone)")
                                                    : QStringLiteral("applied %1 by %2, but its file is gone").arg(row.finishedAt, row.appliedBy);
        out.migrations << std::move(s);
    }
    return out;
}

QList<const MigrationStatus *> pendingSelection(const TargetStatus &status, const std::optional<Version> &to, bool allowOutOfOrder)
{
    QList<const MigrationStatus *> out;
    for (const MigrationStatus &s : status.migrations) {
        if (!s.planned)
            continue;
        const bool wanted = s.state == MigrationState::Pending || s.state == MigrationState::Failed
                            || (s.state == MigrationState::OutOfOrder && allowOutOfOrder);
        const Migration &m = s.planned->migration;
        if (wanted && (!to || m.repeatable || !(*to < m.version)))
            out << &s;
    }
    return out;
}

} // namespace mig
