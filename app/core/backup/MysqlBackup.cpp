// MySQL / MariaDB: mysqldump read through our own pipe, its rows counted as they stream by, and
// the mysql client fed the file.
#include "BackupFile.h"
#include "ClientTools.h"
#include "EngineBackup.h"
#include "MysqlDumpReader.h"
#include "ToolProcess.h"

#include "target/TargetSession.h"

#include <algorithm>

namespace mig {

namespace {

QString dumpTool()
{
    return findClientTool({QStringLiteral("mariadb-dump"), QStringLiteral("mysqldump")});
}

class MysqlBackup final : public EngineBackup
{
public:
    QString fileExtension() const override { return QStringLiteral("sql"); }

    QString tool(QString *error) const override
    {
        const QString path = dumpTool();
        const QString version = path.isEmpty() ? QString() : toolVersion(path);
        if (version.isEmpty())
            *error = QStringLiteral("mysqldump is needed on PATH (Debian: mariadb-client)");
        return version;
    }

    DumpResult dump(const EngineJob &job, PartialFile &file) override
    {
        DumpResult r;
        qint64 tablesTotal = -1;
        {
            std::unique_ptr<TargetSession> session = TargetSession::create(job.profile);
            session->setReadOnly(true);
            if (auto e = session->open(job.password, QStringLiteral("migctl backup ") + job.runId)) {
                r.error = QStringLiteral("cannot connect to %1: %2").arg(job.profile.displayUrl(), e->toString());
                return r;
            }
            r.serverVersion = session->serverVersion();
            // Only for progress: the counts themselves come from the dump.
            const QueryResult n = session->query(QStringLiteral("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                                                                "AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')"));
            if (n.ok())
                tablesTotal = n.scalar().toLongLong();
        }
        const ClientLogin login(job.profile, job.password);
        if (!login.error().isEmpty()) {
            r.error = login.error();
            return r;
        }
        ToolCall call;
        call.program = dumpTool();
        // One database, named without --databases: the file has no CREATE DATABASE or USE, so
        // it restores into a database of any name. utf8mb4 and --hex-blob keep every byte of
        // text and binary columns as it is.
        call.args = login.arguments(job.profile.database)
                    << QStringLiteral("--single-transaction") << QStringLiteral("--routines") << QStringLiteral("--triggers")
                    << QStringLiteral("--events") << QStringLiteral("--hex-blob") << QStringLiteral("--default-character-set=utf8mb4")
                    << job.profile.database;
        call.env = login.environment();
        call.cancel = job.cancel;
        MysqlDumpReader reader;
        reader.onTable = [&](int seen, const QString &table) {
            job.progress(QStringLiteral("dumping table %1").arg(table), seen, tablesTotal, QStringLiteral("tables"));
        };
        call.onOutput = [&](const char *data, qint64 size) {
            reader.feed(data, size);
            const QString e = file.write(data, size);
            job.progress(QStringLiteral("writing"), file.size(), -1, QStringLiteral("bytes"));
            return e;
        };
        const ToolOutcome o = runTool(call);
        r.error = o.error;
        r.cancelled = o.cancelled;
        r.tables = reader.tables();
        std::sort(r.tables.begin(), r.tables.end(), [](const TableRows &a, const TableRows &b) { return a.table < b.table; });
        r.detail = QStringLiteral("row counts read from the dump itself (mysqldump --single-transaction: one consistent snapshot "
                                  "of InnoDB tables; non-transactional tables such as MyISAM may change while they are dumped)");
        return r;
    }

    LoadResult load(const EngineJob &job, const BackupRecord &backup, bool) override
    {
        // mysqldump's file drops each table before creating it (and each routine, event), so
        // the same load serves an empty database and one to restore over.
        LoadResult r;
        const QString client = findClientTool({QStringLiteral("mariadb"), QStringLiteral("mysql")});
        if (client.isEmpty()) {
            r.error = QStringLiteral("the mysql client is needed on PATH (Debian: mariadb-client)");
            return r;
        }
        const ClientLogin login(job.profile, job.password);
        if (!login.error().isEmpty()) {
            r.error = login.error();
            return r;
        }
        ToolCall call;
        call.program = client;
        call.args = login.arguments(job.profile.database) << QStringLiteral("--default-character-set=utf8mb4") << QStringLiteral("--batch")
                                                          << job.profile.database;
        call.env = login.environment();
        call.cancel = job.cancel;
        call.inputFile = backup.path;
        call.onInputFed = [&](qint64 fed) { job.progress(QStringLiteral("loading"), fed, backup.size, QStringLiteral("bytes")); };
        const ToolOutcome o = runTool(call);
        r.error = o.error;
        r.cancelled = o.cancelled;
        return r;
    }
};

} // namespace

std::unique_ptr<EngineBackup> makeMysqlBackup()
{
    return std::make_unique<MysqlBackup>();
}

} // namespace mig
