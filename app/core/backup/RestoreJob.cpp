#include "RestoreJob.h"

#include "BackupFile.h"
#include "EngineBackup.h"
#include "TableCounts.h"

#include "run/History.h"
#include "run/Runner.h"

namespace mig {

RestoreTargetContents inspectRestoreTarget(const ConnectionProfile &into, const QString &password)
{
    RestoreTargetContents c;
    std::unique_ptr<TargetSession> s = TargetSession::create(into);
    s->setReadOnly(true);
    if (auto e = s->open(password, QStringLiteral("migctl restore"))) {
        c.error = QStringLiteral("cannot connect to %1: %2").arg(into.displayUrl(), e->toString());
        return c;
    }
    c.serverVersion = s->serverVersion();
    if (auto e = countRows(*s, c.tables))
        c.error = e->toString();
    return c;
}

RestoreJob::RestoreJob(RestoreOptions options, EventSink sink, const std::atomic<bool> *cancel)
    : m_options(std::move(options))
    , m_sink(std::move(sink))
    , m_cancel(cancel)
{
}

JobResult RestoreJob::run()
{
    const BackupRecord &b = m_options.backup;
    const ConnectionProfile &into = m_options.into;
    JobEvents events(QStringLiteral("restore"), m_sink);
    events.started(into, QStringLiteral("restore of backup %1 (%2, taken %3) over %4").arg(b.id, b.path, b.createdAt, into.displayUrl()));
    using Outcome = JobResult::Outcome;
    if (dialectName(into.engine) != b.engine)
        return events.finished(Outcome::Refused, QStringLiteral("backup %1 is a %2 backup; %3 is %4").arg(b.id, b.engine, into.displayUrl(), dialectName(into.engine)));
    const FileDigest d = digestFile(b.path);
    if (!d.error.isEmpty())
        return events.finished(Outcome::Failed, d.error);
    if (d.size != b.size || d.sha256 != b.sha256)
        return events.finished(Outcome::Refused, QStringLiteral("%1 is %2 bytes with SHA-256 %3, not the %4 bytes with SHA-256 %5 the catalog says: "
                                                                 "not restored")
                                                     .arg(b.path).arg(d.size).arg(d.sha256).arg(b.size).arg(b.sha256));

    std::unique_ptr<TargetSession> session = TargetSession::create(into);
    if (auto e = session->open(m_options.password, QStringLiteral("migctl restore ") + events.runId()))
        return events.finished(Outcome::Failed, QStringLiteral("cannot connect to %1: %2").arg(into.displayUrl(), e->toString()));
    const LockAttempt lock = session->tryLock(LockHolder{events.runId(), Runner::operatorName(), HistoryTable::nowUtc(), QString()});
    if (lock.error && !lock.acquired)
        return events.finished(Outcome::Failed, QStringLiteral("cannot take the run lock of %1: %2").arg(into.displayUrl(), lock.error->toString()));
    if (!lock.acquired)
        return events.finished(Outcome::Refused, QStringLiteral("another run holds the lock of %1: %2")
                                                     .arg(into.displayUrl(), lock.holder ? lock.holder->toString() : QStringLiteral("another session")));
    events.message(QStringLiteral("info"), QStringLiteral("run lock taken on %1").arg(into.displayUrl()));

    const EngineJob job = engineJob(into, m_options.password, events, QStringLiteral("restore"), m_cancel);
    const LoadResult l = EngineBackup::create(into.engine)->load(job, b, true);
    if (l.cancelled)
        return events.finished(Outcome::Cancelled, QStringLiteral("restore cancelled: %1").arg(into.engine == Dialect::Mysql
            ? QStringLiteral("the database may be part restored") : QStringLiteral("the database is as it was")));
    if (!l.error.isEmpty())
        return events.finished(Outcome::Failed, QStringLiteral("restore failed: %1").arg(l.error));

    QList<TableRows> now;
    if (auto e = countRows(*session, now))
        return events.finished(Outcome::Failed, QStringLiteral("restored, but the tables cannot be counted: %1").arg(e->toString()));
    session->unlock();
    // Our own lock note, written when the lock was taken, is no table of the user's.
    const QString note = into.historyTable.section(u'.', -1) + QStringLiteral("_lock");
    now.removeIf([&](const TableRows &t) {
        return t.table.section(u'.', -1) == note
               && std::none_of(b.tables.cbegin(), b.tables.cend(), [&](const TableRows &k) { return k.table == t.table; });
    });
    const int failed = compareRowCounts(b.tables, now, false, events);
    if (failed > 0)
        return events.finished(Outcome::Failed, QStringLiteral("restored, but %1 table(s) do not hold the rows the catalog lists").arg(failed));
    return events.finished(Outcome::Succeeded, QStringLiteral("backup %1 restored over %2: %3 table(s), %4 row(s) as catalogued")
                                                   .arg(b.id, into.displayUrl()).arg(b.tables.size()).arg(b.totalRows()));
}

} // namespace mig
