// PostgreSQL: pg_dump -Fc read through our own pipe, row counts in pg_dump's own snapshot, and
// pg_restore.
#include "BackupFile.h"
#include "ClientTools.h"
#include "EngineBackup.h"
#include "TableCounts.h"
#include "ToolProcess.h"

#include "target/TargetSession.h"

#include <QRegularExpression>

namespace mig {

namespace {

// The table a verbose pg_dump / pg_restore line is about, or empty:
//   pg_dump: dumping contents of table "public.users"
//   pg_restore: processing data for table "public.users"
QString verboseTable(const QString &line, const QString &what)
{
    static const QRegularExpression re(QStringLiteral("^pg_\\w+: (dumping contents of|processing data for) table \"(.*)\"$"));
    const QRegularExpressionMatch m = re.match(line);
    return m.hasMatch() && m.captured(1) == what ? m.captured(2) : QString();
}

class PostgresBackup final : public EngineBackup
{
public:
    QString fileExtension() const override { return QStringLiteral("dump"); }

    QString tool(QString *error) const override
    {
        const QString path = findClientTool({QStringLiteral("pg_dump")});
        const QString version = path.isEmpty() ? QString() : toolVersion(path);
        if (version.isEmpty())
            *error = QStringLiteral("pg_dump is needed on PATH (Debian: postgresql-client)");
        return version;
    }

    DumpResult dump(const EngineJob &job, PartialFile &file) override
    {
        DumpResult r;
        const QString pgDump = findClientTool({QStringLiteral("pg_dump")});
        std::unique_ptr<TargetSession> session = TargetSession::create(job.profile);
        if (auto e = session->open(job.password, QStringLiteral("migctl backup ") + job.runId)) {
            r.error = QStringLiteral("cannot connect to %1: %2").arg(job.profile.displayUrl(), e->toString());
            return r;
        }
        r.serverVersion = session->serverVersion();
        // The counts and the dump see the same data: this transaction's snapshot is exported and
        // pg_dump takes it (--snapshot); the transaction stays open until pg_dump is done.
        if (auto e = session->exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")).error) {
            r.error = QStringLiteral("cannot begin the backup's transaction: %1").arg(e->toString());
            return r;
        }
        const QueryResult snapshot = session->query(QStringLiteral("SELECT pg_export_snapshot()"));
        if (!snapshot.ok()) {
            r.error = QStringLiteral("cannot export the backup's snapshot: %1").arg(snapshot.error->toString());
            return r;
        }
        if (auto e = countRows(*session, r.tables, [&](int done, int total, const QString &table) {
                job.progress(QStringLiteral("counting rows of %1").arg(table), done + 1, total, QStringLiteral("tables"));
            })) {
            r.error = e->message;
            return r;
        }
        const ClientLogin login(job.profile, job.password);
        ToolCall call;
        call.program = pgDump;
        call.args = login.arguments(job.profile.database)
                    << QStringLiteral("-Fc") << QStringLiteral("-v") << QStringLiteral("--snapshot=") + snapshot.scalar().toString();
        call.env = login.environment();
        call.cancel = job.cancel;
        qint64 tablesDone = 0;
        const qint64 tablesTotal = r.tables.size();
        call.onOutput = [&](const char *data, qint64 size) {
            const QString e = file.write(data, size);
            job.progress(QStringLiteral("writing"), file.size(), -1, QStringLiteral("bytes"));
            return e;
        };
        call.onErrorLine = [&](const QString &line) {
            const QString table = verboseTable(line, QStringLiteral("dumping contents of"));
            if (!table.isEmpty())
                job.progress(QStringLiteral("dumping table %1").arg(table), ++tablesDone, tablesTotal, QStringLiteral("tables"));
        };
        const ToolOutcome o = runTool(call);
        session->exec(QStringLiteral("COMMIT"));
        r.error = o.error;
        r.cancelled = o.cancelled;
        r.detail = QStringLiteral("row counts taken in the snapshot pg_dump dumped (pg_export_snapshot, pg_dump --snapshot)");
        return r;
    }

    LoadResult load(const EngineJob &job, const BackupRecord &backup, bool replace) override
    {
        LoadResult r;
        const QString pgRestore = findClientTool({QStringLiteral("pg_restore")});
        if (pgRestore.isEmpty()) {
            r.error = QStringLiteral("pg_restore is needed on PATH (Debian: postgresql-client)");
            return r;
        }
        const ClientLogin login(job.profile, job.password);
        ToolCall call;
        call.program = pgRestore;
        call.args = login.arguments(job.profile.database) << QStringLiteral("--no-owner") << QStringLiteral("--exit-on-error") << QStringLiteral("-v");
        // Over a database: what the backup has is dropped and made again, all in one
        // transaction, so a failure leaves the database as it was. Into a scratch database:
        // privileges are left out, as their roles may not exist there.
        if (replace)
            call.args << QStringLiteral("--clean") << QStringLiteral("--if-exists") << QStringLiteral("--single-transaction");
        else
            call.args << QStringLiteral("--no-acl");
        call.args << backup.path;
        call.env = login.environment();
        call.cancel = job.cancel;
        qint64 tablesDone = 0;
        call.onErrorLine = [&](const QString &line) {
            const QString table = verboseTable(line, QStringLiteral("processing data for"));
            if (!table.isEmpty())
                job.progress(QStringLiteral("restoring table %1").arg(table), ++tablesDone, backup.tables.size(), QStringLiteral("tables"));
        };
        const ToolOutcome o = runTool(call);
        r.error = o.error;
        r.cancelled = o.cancelled;
        return r;
    }
};

} // namespace

std::unique_ptr<EngineBackup> makePostgresBackup()
{
    return std::make_unique<PostgresBackup>();
}

} // namespace mig
