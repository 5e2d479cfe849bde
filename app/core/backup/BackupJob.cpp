#include "BackupJob.h"

#include "BackupFile.h"
#include "EngineBackup.h"

#include "run/History.h"
#include "store/RunStore.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace mig {

std::unique_ptr<EngineBackup> EngineBackup::create(Dialect engine)
{
    switch (engine) {
    case Dialect::Postgres: return makePostgresBackup();
    case Dialect::Mysql: return makeMysqlBackup();
    case Dialect::Sqlite: return makeSqliteBackup();
    }
    return nullptr;
}

EngineJob engineJob(const ConnectionProfile &profile, const QString &password, JobEvents &events, const QString &task,
                    const std::atomic<bool> *cancel)
{
    EngineJob job;
    job.profile = profile;
    job.password = password;
    job.runId = events.runId();
    job.cancel = cancel;
    job.progress = [&events, task](const QString &phase, qint64 done, qint64 total, const QString &unit) {
        events.progress(task, phase, done, total, unit);
    };
    return job;
}

namespace {

// The database's name as part of a file name: "shop" for shop, /srv/shop.db and shop.sqlite.
QString fileStem(const ConnectionProfile &p)
{
    QString stem = p.engine == Dialect::Sqlite ? QFileInfo(p.database).completeBaseName() : p.database;
    stem.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
    return stem.left(60);
}

} // namespace

BackupJob::BackupJob(BackupOptions options, RunStore &store, EventSink sink, const std::atomic<bool> *cancel)
    : m_options(std::move(options))
    , m_store(store)
    , m_sink(std::move(sink))
    , m_cancel(cancel)
{
}

QString BackupJob::defaultFolder(const QString &runStorePath)
{
    return QFileInfo(runStorePath).absolutePath() + QStringLiteral("/backups");
}

BackupResult BackupJob::run()
{
    const ConnectionProfile &profile = m_options.profile;
    const QString folder = QDir(m_options.folder).absolutePath();
    JobEvents events(QStringLiteral("backup"), m_sink);
    events.started(profile, QStringLiteral("backup into %1").arg(folder));
    BackupResult result;
    const auto finish = [&](JobResult::Outcome outcome, const QString &message) {
        static_cast<JobResult &>(result) = events.finished(outcome, message);
        return result;
    };
    if (!m_store.handle())
        return finish(JobResult::Outcome::Failed, QStringLiteral("the run store is not open: a backup that cannot be catalogued is not made"));
    std::unique_ptr<EngineBackup> engine = EngineBackup::create(profile.engine);
    QString error;
    const QString tool = engine->tool(&error);
    if (tool.isEmpty())
        return finish(JobResult::Outcome::Failed, error);
    if (const QString e = makePrivateFolder(folder); !e.isEmpty())
        return finish(JobResult::Outcome::Failed, e);

    BackupRecord b;
    b.id = u'b' + events.runId();
    b.runId = events.runId();
    b.targetKey = profile.storeKey();
    ConnectionProfile anonymous = profile;
    anonymous.user.clear();
    if (profile.engine == Dialect::Sqlite)
        anonymous.database = QFileInfo(profile.database).absoluteFilePath();
    b.target = anonymous.displayUrl();
    b.engine = dialectName(profile.engine);
    b.tool = tool;
    PartialFile file;
    if (const QString e = file.create(QStringLiteral("%1/%2-%3.%4").arg(folder, fileStem(profile), b.id, engine->fileExtension())); !e.isEmpty())
        return finish(JobResult::Outcome::Failed, e);
    events.message(QStringLiteral("info"), QStringLiteral("writing %1 with %2").arg(file.partialPath(), tool));

    const DumpResult d = engine->dump(engineJob(profile, m_options.password, events, QStringLiteral("backup"), m_cancel), file);
    for (const QString &w : d.warnings)
        events.message(QStringLiteral("warning"), w);
    if (d.cancelled || (m_cancel && m_cancel->load())) {
        file.discard();
        return finish(JobResult::Outcome::Cancelled, QStringLiteral("backup cancelled; no file was kept"));
    }
    if (!d.error.isEmpty()) {
        file.discard();
        return finish(JobResult::Outcome::Failed, QStringLiteral("backup failed, no file was kept: %1").arg(d.error));
    }
    if (const QString e = file.commit(); !e.isEmpty()) {
        file.discard();
        return finish(JobResult::Outcome::Failed, QStringLiteral("backup failed, no file was kept: %1").arg(e));
    }
    b.createdAt = HistoryTable::nowUtc();
    b.serverVersion = d.serverVersion;
    b.path = file.finalPath();
    b.size = file.size();
    b.sha256 = file.sha256();
    b.tables = d.tables;
    b.detail = d.detail;
    if (const QString e = BackupCatalog(m_store).add(b); !e.isEmpty()) {
        // A file the catalog does not know cannot be tested or restored by us: not kept.
        QFile::remove(b.path);
        return finish(JobResult::Outcome::Failed, e + QStringLiteral("; the file was removed"));
    }
    result.record = b;
    const QString summary = QStringLiteral("backup %1: %2 (%3, %4 table(s), %5 row(s), sha256 %6)")
                                .arg(b.id, b.path, humanSize(b.size)).arg(b.tables.size()).arg(b.totalRows()).arg(b.sha256);
    events.progress(QStringLiteral("backup"), QStringLiteral("done"), b.size, b.size, QStringLiteral("bytes"));
    return finish(JobResult::Outcome::Succeeded, summary);
}

} // namespace mig
