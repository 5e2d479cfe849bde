#include "BackupCatalog.h"

#include "store/RunStore.h"
#include "store/StoreSql.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mig {

namespace {

using namespace storesql;

constexpr const char *Columns = "id, run_id, target_key, target, engine, created_at, tool, server_version, path, size, sha256, "
                                "tables, detail, test_at, test_status, test_detail, test_run_id";

QByteArray tablesJson(const QList<TableRows> &tables)
{
    QJsonArray a;
    for (const TableRows &t : tables)
        a.append(QJsonObject{{QStringLiteral("table"), t.table}, {QStringLiteral("rows"), t.rows}});
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

BackupRecord toRecord(const QStringList &r)
{
    BackupRecord b;
    int i = 0;
    b.id = r.value(i++);
    b.runId = r.value(i++);
    b.targetKey = r.value(i++);
    b.target = r.value(i++);
    b.engine = r.value(i++);
    b.createdAt = r.value(i++);
    b.tool = r.value(i++);
    b.serverVersion = r.value(i++);
    b.path = r.value(i++);
    b.size = r.value(i++).toLongLong();
    b.sha256 = r.value(i++);
    for (const QJsonValue &v : QJsonDocument::fromJson(r.value(i++).toUtf8()).array())
        b.tables << TableRows{v[u"table"].toString(), v[u"rows"].toInteger()};
    b.detail = r.value(i++);
    b.restoreTest.at = r.value(i++);
    b.restoreTest.status = r.value(i++);
    b.restoreTest.detail = r.value(i++);
    b.restoreTest.runId = r.value(i++);
    return b;
}

} // namespace

qint64 BackupRecord::totalRows() const
{
    qint64 n = 0;
    for (const TableRows &t : tables)
        n += t.rows;
    return n;
}

QJsonObject BackupRecord::toJson() const
{
    QJsonArray t;
    for (const TableRows &r : tables)
        t.append(QJsonObject{{QStringLiteral("table"), r.table}, {QStringLiteral("rows"), r.rows}});
    QJsonObject test;
    if (!restoreTest.at.isEmpty())
        test = QJsonObject{{QStringLiteral("at"), restoreTest.at}, {QStringLiteral("status"), restoreTest.status},
                           {QStringLiteral("detail"), restoreTest.detail}, {QStringLiteral("run"), restoreTest.runId}};
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("run"), runId},
                       {QStringLiteral("targetKey"), targetKey},
                       {QStringLiteral("target"), target},
                       {QStringLiteral("engine"), engine},
                       {QStringLiteral("createdAt"), createdAt},
                       {QStringLiteral("tool"), tool},
                       {QStringLiteral("serverVersion"), serverVersion},
                       {QStringLiteral("path"), path},
                       {QStringLiteral("size"), size},
                       {QStringLiteral("sha256"), sha256},
                       {QStringLiteral("tables"), t},
                       {QStringLiteral("rows"), totalRows()},
                       {QStringLiteral("detail"), detail},
                       {QStringLiteral("restoreTest"), test.isEmpty() ? QJsonValue() : QJsonValue(test)}};
}

BackupCatalog::BackupCatalog(RunStore &store)
    : m_store(store)
{
}

QString BackupCatalog::prepare()
{
    if (m_ready)
        return {};
    if (!m_store.handle())
        return QStringLiteral("the run store is not open: the backup catalog lives in it");
    const QString e = exec(m_store.handle(),
                           "CREATE TABLE IF NOT EXISTS backups (id TEXT PRIMARY KEY, run_id TEXT, target_key TEXT NOT NULL, "
                           "target TEXT, engine TEXT NOT NULL, created_at TEXT NOT NULL, tool TEXT, server_version TEXT, "
                           "path TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, tables TEXT NOT NULL, detail TEXT, "
                           "test_at TEXT, test_status TEXT, test_detail TEXT, test_run_id TEXT);"
                           "CREATE INDEX IF NOT EXISTS backups_target ON backups (target_key, created_at);");
    if (!e.isEmpty())
        return QStringLiteral("cannot prepare the backup catalog: %1").arg(e);
    m_ready = true;
    return {};
}

QString BackupCatalog::add(const BackupRecord &b)
{
    if (const QString e = prepare(); !e.isEmpty())
        return e;
    const QString e = run(m_store.handle(),
                          "INSERT INTO backups (id, run_id, target_key, target, engine, created_at, tool, server_version, path, size, "
                          "sha256, tables, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          {b.id.toUtf8(), b.runId.toUtf8(), b.targetKey.toUtf8(), b.target.toUtf8(), b.engine.toUtf8(),
                           b.createdAt.toUtf8(), b.tool.toUtf8(), b.serverVersion.toUtf8(), b.path.toUtf8(), QByteArray::number(b.size),
                           b.sha256.toUtf8(), tablesJson(b.tables), b.detail.toUtf8()});
    return e.isEmpty() ? QString() : QStringLiteral("cannot add backup %1 to the catalog: %2").arg(b.id, e);
}

QString BackupCatalog::recordRestoreTest(const QString &id, const RestoreTestRecord &t)
{
    if (const QString e = prepare(); !e.isEmpty())
        return e;
    const QString e = run(m_store.handle(), "UPDATE backups SET test_at = ?, test_status = ?, test_detail = ?, test_run_id = ? WHERE id = ?",
                          {t.at.toUtf8(), t.status.toUtf8(), t.detail.toUtf8(), t.runId.toUtf8(), id.toUtf8()});
    return e.isEmpty() ? QString() : QStringLiteral("cannot record the restore test of backup %1: %2").arg(id, e);
}

std::optional<BackupRecord> BackupCatalog::find(const QString &id)
{
    if (!prepare().isEmpty())
        return std::nullopt;
    const QByteArray sql = QByteArray("SELECT ") + Columns + " FROM backups WHERE id = ?";
    const QList<QStringList> rows = select(m_store.handle(), sql.constData(), {id.toUtf8()});
    return rows.isEmpty() ? std::nullopt : std::optional<BackupRecord>(toRecord(rows.first()));
}

QList<BackupRecord> BackupCatalog::list(const QString &targetKey)
{
    QList<BackupRecord> out;
    if (!prepare().isEmpty())
        return out;
    const QByteArray sql = QByteArray("SELECT ") + Columns + " FROM backups WHERE ? = '' OR target_key = ? ORDER BY created_at DESC, rowid DESC";
    for (const QStringList &row : select(m_store.handle(), sql.constData(), {targetKey.toUtf8(), targetKey.toUtf8()}))
        out << toRecord(row);
    return out;
}

std::optional<BackupRecord> BackupCatalog::latest(const QString &targetKey)
{
    const QList<BackupRecord> all = list(targetKey);
    if (targetKey.isEmpty() || all.isEmpty())
        return std::nullopt;
    return all.first();
}

} // namespace mig
