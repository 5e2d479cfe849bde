#include "RestoreTest.h"

#include "BackupFile.h"
#include "EngineBackup.h"
#include "TableCounts.h"

#include "preview/ScratchDatabase.h"
#include "run/History.h"
#include "store/RunStore.h"

#include <QRandomGenerator>
#include <QTemporaryDir>

namespace mig {

RestoreTest::RestoreTest(RestoreTestOptions options, RunStore &store, EventSink sink, const std::atomic<bool> *cancel)
    : m_options(std::move(options))
    , m_store(store)
    , m_sink(std::move(sink))
    , m_cancel(cancel)
{
}

QString RestoreTest::restoreAndCount(JobEvents &events, QList<TableRows> &restored, bool *cancelled)
{
    const BackupRecord &b = m_options.backup;
    EngineJob job = engineJob(ConnectionProfile(), m_options.password, events, QStringLiteral("restore test"), m_cancel);
    const auto countIn = [&](const ConnectionProfile &p, const QString &password) -> QString {
        std::unique_ptr<TargetSession> s = TargetSession::create(p);
        s->setReadOnly(true);
        if (auto e = s->open(password, QStringLiteral("migctl restore test ") + events.runId()))
            return QStringLiteral("cannot connect to the scratch database: %1").arg(e->toString());
        const auto e = countRows(*s, restored, [&](int done, int total, const QString &table) {
            events.progress(QStringLiteral("restore test"), QStringLiteral("counting rows of %1").arg(table), done + 1, total, QStringLiteral("tables"));
        });
        return e ? e->toString() : QString();
    };
    std::unique_ptr<EngineBackup> engine = EngineBackup::create(m_options.server.engine);
    if (m_options.server.engine == Dialect::Sqlite) {
        QTemporaryDir dir;
        if (!dir.isValid())
            return QStringLiteral("cannot make a temporary folder for the scratch database");
        job.profile.engine = Dialect::Sqlite;
        job.profile.database = dir.filePath(QStringLiteral("restore-test.sqlite"));
        const LoadResult l = engine->load(job, b, false);
        *cancelled = l.cancelled;
        if (!l.error.isEmpty())
            return QStringLiteral("the restore failed: %1").arg(l.error);
        return countIn(job.profile, QString());
    }
    std::unique_ptr<TargetSession> server = TargetSession::create(m_options.server);
    if (auto e = server->open(m_options.password, QStringLiteral("migctl restore test ") + events.runId()))
        return QStringLiteral("cannot connect to %1: %2").arg(m_options.server.displayUrl(), e->toString());
    const QString suffix = QStringLiteral("_restoretest_") + QString::number(QRandomGenerator::global()->bounded(0x10000), 16).rightJustified(4, u'0');
    const QString name = m_options.server.database.left(63 - suffix.size()) + suffix;
    QString error;
    std::unique_ptr<ScratchDatabase> scratch = ScratchDatabase::createEmpty(*server, m_options.password, name, &error);
    if (!scratch)
        return error;
    events.message(QStringLiteral("info"), QStringLiteral("restoring into the %1 (dropped afterwards)").arg(scratch->description()));
    job.profile = scratch->profile();
    const LoadResult l = engine->load(job, b, false);
    *cancelled = l.cancelled;
    if (!l.error.isEmpty())
        return QStringLiteral("the restore failed: %1").arg(l.error);
    return countIn(job.profile, m_options.password);
}

RestoreTestResult RestoreTest::run()
{
    const BackupRecord &b = m_options.backup;
    JobEvents events(QStringLiteral("restore-test"), m_sink);
    events.started(b.target, b.targetKey, QStringLiteral("restore test of backup %1 (%2)").arg(b.id, b.path));
    RestoreTestResult result;
    const auto finish = [&](bool passed, const QString &detail) {
        result.passed = passed;
        result.record = RestoreTestRecord{HistoryTable::nowUtc(), passed ? QStringLiteral("pass") : QStringLiteral("fail"), detail, events.runId()};
        events.check(QStringLiteral("restore test"), result.record.status,
                     passed ? QStringLiteral("%1 table(s), %2 row(s)").arg(b.tables.size()).arg(b.totalRows()) : QStringLiteral("failed"), detail,
                     QJsonObject{{QStringLiteral("backup"), b.id}});
        // A failure's detail is in its checks, just told.
        QString message = passed ? QStringLiteral("restore test of %1 passed: %2").arg(b.id, detail)
                                 : QStringLiteral("restore test of %1 FAILED (see the failed checks)").arg(b.id);
        if (const QString e = BackupCatalog(m_store).recordRestoreTest(b.id, result.record); !e.isEmpty()) {
            events.message(QStringLiteral("error"), e);
            message += QStringLiteral(" (not recorded in the catalog: %1)").arg(e);
        }
        static_cast<JobResult &>(result) = events.finished(passed ? JobResult::Outcome::Succeeded : JobResult::Outcome::Failed, message);
        return result;
    };

    if (dialectName(m_options.server.engine) != b.engine) {
        static_cast<JobResult &>(result) = events.finished(JobResult::Outcome::Refused,
            QStringLiteral("backup %1 is a %2 backup; it cannot be restored on a %3 server").arg(b.id, b.engine, dialectName(m_options.server.engine)));
        return result;
    }
    // The file first: an altered or truncated file fails here, before anything is restored.
    const FileDigest d = digestFile(b.path);
    if (!d.error.isEmpty()) {
        events.check(QStringLiteral("checksum"), QStringLiteral("fail"), QStringLiteral("unreadable"), d.error);
        return finish(false, d.error);
    }
    if (d.size != b.size || d.sha256 != b.sha256) {
        const QString detail = QStringLiteral("%1 is %2 bytes with SHA-256 %3; the catalog says %4 bytes with SHA-256 %5: the file was %6 since the backup")
                                   .arg(b.path).arg(d.size).arg(d.sha256).arg(b.size).arg(b.sha256)
                                   .arg(d.size < b.size ? QStringLiteral("truncated") : QStringLiteral("altered"));
        events.check(QStringLiteral("checksum"), QStringLiteral("fail"), QStringLiteral("%1 bytes (catalog %2)").arg(d.size).arg(b.size), detail);
        return finish(false, detail);
    }
    events.check(QStringLiteral("checksum"), QStringLiteral("pass"), QStringLiteral("%1 bytes, SHA-256 as catalogued").arg(d.size), b.path);

    QList<TableRows> restored;
    bool cancelled = false;
    const QString error = restoreAndCount(events, restored, &cancelled);
    if (cancelled || (m_cancel && m_cancel->load())) {
        static_cast<JobResult &>(result) = events.finished(JobResult::Outcome::Cancelled, QStringLiteral("restore test cancelled; nothing recorded"));
        return result;
    }
    if (!error.isEmpty()) {
        events.check(QStringLiteral("restore"), QStringLiteral("fail"), QStringLiteral("failed"), error);
        return finish(false, error);
    }
    events.check(QStringLiteral("restore"), QStringLiteral("pass"), QStringLiteral("%1 table(s)").arg(restored.size()), QString());
    const int failed = compareRowCounts(b.tables, restored, true, events);
    if (failed > 0)
        return finish(false, QStringLiteral("%1 table(s) restored with other row counts than catalogued, or missing, or unexpected").arg(failed));
    return finish(true, QStringLiteral("%1 table(s), %2 row(s) restored as catalogued").arg(b.tables.size()).arg(b.totalRows()));
}

} // namespace mig
