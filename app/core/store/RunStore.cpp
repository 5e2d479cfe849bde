#include "RunStore.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

#include <sqlite3.h>

namespace mig {

namespace {

// Binds text parameters in order and steps the statement once.
QString run(sqlite3 *db, const char *sql, const QList<QByteArray> &params)
{
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK)
        return QString::fromUtf8(sqlite3_errmsg(db));
    for (int i = 0; i < params.size(); ++i)
        sqlite3_bind_text(st, i + 1, params.at(i).constData(), int(params.at(i).size()), SQLITE_TRANSIENT);
    const int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? QString() : QString::fromUtf8(sqlite3_errmsg(db));
}

} // namespace

RunStore::~RunStore()
{
    if (m_db)
        sqlite3_close(m_db);
}

QString RunStore::defaultPath()
{
    const QString env = qEnvironmentVariable("MIGCTL_RUN_STORE");
    if (!env.isEmpty())
        return env;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/migration-console/runs.sqlite");
}

QString RunStore::exec(const char *sql)
{
    char *error = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &error) == SQLITE_OK)
        return {};
    const QString text = QString::fromUtf8(error);
    sqlite3_free(error);
    return text;
}

QString RunStore::open(const QString &path)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
        return QStringLiteral("cannot open the run store %1: %2").arg(path, QString::fromUtf8(sqlite3_errmsg(m_db)));
    sqlite3_busy_timeout(m_db, 5000);
    // Several consoles and migctl processes may write at once: WAL lets them.
    const QString e = exec("PRAGMA journal_mode = WAL;"
                           "CREATE TABLE IF NOT EXISTS runs (id TEXT PRIMARY KEY, action TEXT, target TEXT, started_at TEXT, "
                           "finished_at TEXT, outcome TEXT, message TEXT, console_version TEXT);"
                           "CREATE TABLE IF NOT EXISTS events (run_id TEXT NOT NULL REFERENCES runs(id), seq INTEGER NOT NULL, "
                           "type TEXT NOT NULL, at TEXT NOT NULL, event TEXT NOT NULL, PRIMARY KEY (run_id, seq));");
    return e.isEmpty() ? QString() : QStringLiteral("cannot prepare the run store %1: %2").arg(path, e);
}

QString RunStore::record(const RunEvent &e)
{
    if (!m_db)
        return QStringLiteral("the run store is not open");
    QString error = run(m_db, "INSERT OR IGNORE INTO runs (id, started_at, console_version) VALUES (?, ?, ?)",
                        {e.runId.toUtf8(), e.at.toUtf8(), QByteArrayLiteral(MIG_VERSION)});
    if (error.isEmpty() && e.type == RunEvent::Type::RunStarted)
        error = run(m_db, "UPDATE runs SET action = ?, target = ? WHERE id = ?", {e.action.toUtf8(), e.target.toUtf8(), e.runId.toUtf8()});
    if (error.isEmpty() && e.type == RunEvent::Type::RunFinished)
        error = run(m_db, "UPDATE runs SET finished_at = ?, outcome = ?, message = ? WHERE id = ?",
                    {e.at.toUtf8(), e.status.toUtf8(), e.message.toUtf8(), e.runId.toUtf8()});
    if (error.isEmpty())
        error = run(m_db, "INSERT INTO events (run_id, seq, type, at, event) VALUES (?, ?, ?, ?, ?)",
                    {e.runId.toUtf8(), QByteArray::number(++m_seq), RunEvent::typeName(e.type).toUtf8(), e.at.toUtf8(),
                     QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact)});
    return error;
}

} // namespace mig
