#include "RunStore.h"
#include "StoreSql.h"

#include "schema/SchemaDelta.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

#include <sqlite3.h>

namespace mig {

namespace {

using namespace storesql;

constexpr const char *SnapshotColumns = "s.run_id, s.label, s.version, s.base, s.checksum, s.taken_at, s.snapshot";

std::optional<StoredSnapshot> toSnapshot(const QStringList &row)
{
    const auto snapshot = SchemaSnapshot::fromJson(parseObject(row.value(6)));
    if (!snapshot)
        return std::nullopt;
    return StoredSnapshot{row.value(0), row.value(1), row.value(2), row.value(3), row.value(4), row.value(5), *snapshot};
}

constexpr const char *CheckColumns = "c.run_id, c.version, c.name, c.status, c.measured, c.detail, c.data, c.at";

StoredCheck toCheck(const QStringList &row)
{
    return StoredCheck{row.value(0), row.value(1), row.value(2), row.value(3), row.value(4), row.value(5), parseObject(row.value(6)), row.value(7)};
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

QString RunStore::open(const QString &path)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
        return QStringLiteral("cannot open the run store %1: %2").arg(path, QString::fromUtf8(sqlite3_errmsg(m_db)));
    sqlite3_busy_timeout(m_db, 5000);
    // Several consoles and migctl processes may write at once: WAL lets them. synchronous =
    // NORMAL: in WAL mode a commit is then written but not fsync'ed (the WAL is synced at
    // checkpoints), so a killed or crashed process loses nothing and the file stays consistent;
    // only a power cut can lose the last events. With FULL, every event waited for the disk:
    // 20,000 fsyncs made a 1,000-migration run several times slower (tests/bench/RESULTS.md).
    const QString e = storesql::exec(m_db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                           "CREATE TABLE IF NOT EXISTS runs (id TEXT PRIMARY KEY, action TEXT, target TEXT, started_at TEXT, "
                           "finished_at TEXT, outcome TEXT, message TEXT, console_version TEXT);"
                           "CREATE TABLE IF NOT EXISTS events (run_id TEXT NOT NULL REFERENCES runs(id), seq INTEGER NOT NULL, "
                           "type TEXT NOT NULL, at TEXT NOT NULL, event TEXT NOT NULL, PRIMARY KEY (run_id, seq));"
                           "CREATE TABLE IF NOT EXISTS snapshots (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id), "
                           "label TEXT NOT NULL, version TEXT, base TEXT, checksum TEXT, fingerprint TEXT NOT NULL, "
                           "taken_at TEXT NOT NULL, summary TEXT, snapshot TEXT NOT NULL);"
                           "CREATE TABLE IF NOT EXISTS checks (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id), "
                           "version TEXT, name TEXT NOT NULL, status TEXT NOT NULL, measured TEXT, detail TEXT, data TEXT, at TEXT NOT NULL);"
                           "CREATE INDEX IF NOT EXISTS snapshots_run ON snapshots (run_id);"
                           "CREATE INDEX IF NOT EXISTS checks_run ON checks (run_id);");
    // Stores written before runs had a target key get the column (the error when it exists is
    // the expected answer for every later open).
    if (e.isEmpty() && !hasColumn(m_db, "runs", "target_key")) {
        if (const QString a = storesql::exec(m_db, "ALTER TABLE runs ADD COLUMN target_key TEXT;"); !a.isEmpty())
            return QStringLiteral("cannot prepare the run store %1: %2").arg(path, a);
    }
    return e.isEmpty() ? QString() : QStringLiteral("cannot prepare the run store %1: %2").arg(path, e);
}

QString RunStore::record(const RunEvent &e)
{
    if (!m_db)
        return QStringLiteral("the run store is not open");
    // One transaction per event: the event and what it carries (a snapshot, a check) are kept
    // together or not at all, in one commit instead of three. A savepoint, so that it nests in
    // a transaction a caller may have open on the handle.
    if (const QString begin = storesql::exec(m_db, "SAVEPOINT record_event"); !begin.isEmpty())
        return begin;
    const QString error = recordEvent(e);
    storesql::exec(m_db, error.isEmpty() ? "RELEASE record_event" : "ROLLBACK TO record_event; RELEASE record_event");
    if (error.isEmpty())
        m_knownRun = e.runId;
    return error;
}

QString RunStore::recordEvent(const RunEvent &e)
{
    QString error;
    // The run's row, once per run rather than once per event.
    if (e.runId != m_knownRun)
        error = run(m_db, "INSERT OR IGNORE INTO runs (id, started_at, console_version) VALUES (?, ?, ?)",
                    {e.runId.toUtf8(), e.at.toUtf8(), QByteArrayLiteral(MIG_VERSION)});
    if (error.isEmpty() && e.type == RunEvent::Type::RunStarted)
        error = run(m_db, "UPDATE runs SET action = ?, target = ?, target_key = ? WHERE id = ?",
                    {e.action.toUtf8(), e.target.toUtf8(), e.targetKey.toUtf8(), e.runId.toUtf8()});
    if (error.isEmpty() && e.type == RunEvent::Type::RunFinished)
        error = run(m_db, "UPDATE runs SET finished_at = ?, outcome = ?, message = ? WHERE id = ?",
                    {e.at.toUtf8(), e.status.toUtf8(), e.message.toUtf8(), e.runId.toUtf8()});
    if (error.isEmpty())
        error = recordPayload(e);
    // A snapshot is kept once, in its own table; its event says where it went.
    RunEvent kept = e;
    if (e.type == RunEvent::Type::SnapshotTaken)
        kept.data = QJsonObject();
    if (error.isEmpty())
        error = run(m_db, "INSERT INTO events (run_id, seq, type, at, event) VALUES (?, ?, ?, ?, ?)",
                    {e.runId.toUtf8(), QByteArray::number(++m_seq), RunEvent::typeName(e.type).toUtf8(), e.at.toUtf8(),
                     QJsonDocument(kept.toJson()).toJson(QJsonDocument::Compact)});
    return error;
}

QString RunStore::recordPayload(const RunEvent &e)
{
    if (e.type == RunEvent::Type::SnapshotTaken) {
        // After a migration, a delta (SchemaDelta) in place of the whole snapshot.
        const QJsonObject snapshot = e.data.contains(u"delta") ? e.data.value(u"delta").toObject() : e.data.value(u"snapshot").toObject();
        return run(m_db, "INSERT INTO snapshots (run_id, label, version, base, checksum, fingerprint, taken_at, summary, snapshot) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {e.runId.toUtf8(), e.check.toUtf8(), e.version.toUtf8(), e.data.value(u"base").toString().toUtf8(),
                    e.data.value(u"checksum").toString().toUtf8(), snapshot.value(u"fingerprint").toString().toUtf8(),
                    snapshot.value(u"takenAt").toString(e.at).toUtf8(), e.message.toUtf8(),
                    QJsonDocument(snapshot).toJson(QJsonDocument::Compact)});
    }
    if (e.type == RunEvent::Type::CheckFinished) {
        return run(m_db, "INSERT INTO checks (run_id, version, name, status, measured, detail, data, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   {e.runId.toUtf8(), e.version.toUtf8(), e.check.toUtf8(), e.status.toUtf8(), e.measured.toUtf8(),
                    e.message.toUtf8(), QJsonDocument(e.data).toJson(QJsonDocument::Compact), e.at.toUtf8()});
    }
    return {};
}

std::optional<StoredRun> RunStore::latestRun(const QString &targetKey, const QStringList &actions, const QStringList &outcomes)
{
    QByteArray sql = "SELECT id, action, target, target_key, started_at, finished_at, outcome, message FROM runs WHERE target_key = ?";
    if (!actions.isEmpty())
        sql += " AND action IN (" + placeholders(actions.size()) + ")";
    if (!outcomes.isEmpty())
        sql += " AND outcome IN (" + placeholders(outcomes.size()) + ")";
    sql += " ORDER BY started_at DESC, rowid DESC LIMIT 1";
    const QList<QStringList> rows = select(m_db, sql.constData(), QList<QByteArray>{targetKey.toUtf8()} + utf8(actions) + utf8(outcomes));
    if (rows.isEmpty())
        return std::nullopt;
    const QStringList &r = rows.first();
    return StoredRun{r.value(0), r.value(1), r.value(2), r.value(3), r.value(4), r.value(5), r.value(6), r.value(7)};
}

std::optional<StoredSnapshot> RunStore::latestSnapshot(const QString &targetKey, const QStringList &labels)
{
    const QByteArray sql = QByteArray("SELECT ") + SnapshotColumns + " FROM snapshots s JOIN runs r ON r.id = s.run_id "
                           "WHERE r.target_key = ? AND s.label IN (" + placeholders(labels.size()) + ") ORDER BY s.id DESC LIMIT 1";
    const QList<QStringList> rows = select(m_db, sql.constData(), QList<QByteArray>{targetKey.toUtf8()} + utf8(labels));
    return rows.isEmpty() ? std::nullopt : toSnapshot(rows.first());
}

QList<StoredSnapshot> RunStore::snapshots(const QString &runId, const QString &label)
{
    QList<StoredSnapshot> out;
    if (!label.isEmpty() && label != u"after-migration") { // kept whole: no deltas to replay
        const QByteArray sql = QByteArray("SELECT ") + SnapshotColumns + " FROM snapshots s WHERE s.run_id = ? AND s.label = ? ORDER BY s.id";
        for (const QStringList &row : select(m_db, sql.constData(), {runId.toUtf8(), label.toUtf8()}))
            if (auto s = toSnapshot(row))
                out << *s;
        return out;
    }
    replaySnapshots(runId, -1, [&](const QStringList &row, const SchemaSnapshot &state) {
        if (label.isEmpty() || row.value(1) == label)
            out << StoredSnapshot{row.value(0), row.value(1), row.value(2), row.value(3), row.value(4), row.value(5), state};
    });
    return out;
}

std::optional<StoredSnapshot> RunStore::lastSnapshot(const QString &runId, const QString &label, const QString &version)
{
    // The row wanted, found by SQL; a whole one is read as it is, a delta rebuilt up to it.
    const QByteArray sql = QByteArray("SELECT ") + SnapshotColumns + ", s.id FROM snapshots s WHERE s.run_id = ? AND s.label = ? "
                                                                     "AND (? = '' OR s.version = ?) ORDER BY s.id DESC LIMIT 1";
    const QList<QStringList> rows = select(m_db, sql.constData(), {runId.toUtf8(), label.toUtf8(), version.toUtf8(), version.toUtf8()});
    if (rows.isEmpty())
        return std::nullopt;
    const QStringList &target = rows.first();
    if (!SchemaDelta::isDeltaJson(parseObject(target.value(6))))
        return toSnapshot(target);
    std::optional<StoredSnapshot> found;
    replaySnapshots(runId, target.value(7).toLongLong(), [&](const QStringList &row, const SchemaSnapshot &state) {
        if (row.value(7) == target.value(7))
            found = StoredSnapshot{row.value(0), row.value(1), row.value(2), row.value(3), row.value(4), row.value(5), state};
    });
    return found;
}

void RunStore::replaySnapshots(const QString &runId, qint64 upToId, const std::function<void(const QStringList &, const SchemaSnapshot &)> &each)
{
    const QByteArray sql = QByteArray("SELECT ") + SnapshotColumns + ", s.id FROM snapshots s WHERE s.run_id = ? AND (CAST(? AS INTEGER) < 0 OR s.id <= ?) ORDER BY s.id";
    std::optional<SchemaSnapshot> state; // the schema as the run's snapshots and deltas have it so far
    const QByteArray upTo = QByteArray::number(upToId);
    for (const QStringList &row : select(m_db, sql.constData(), {runId.toUtf8(), upTo, upTo})) {
        const QJsonObject json = parseObject(row.value(6));
        if (SchemaDelta::isDeltaJson(json)) {
            const std::optional<SchemaDelta> delta = SchemaDelta::fromJson(json);
            if (!delta || !state) // unreadable, or nothing to apply it to: the later ones cannot be rebuilt
            {
                state.reset();
                continue;
            }
            delta->applyTo(*state);
            each(row, *state);
            continue;
        }
        std::optional<SchemaSnapshot> whole = SchemaSnapshot::fromJson(json);
        if (!whole)
            continue;
        each(row, *whole);
        if (row.value(1) == u"expected")
            continue; // a preview's, not the run's schema
        state = std::move(whole);
        // Rows and bytes are measured before and after the run only.
        for (TableStats &t : state->tables)
            t.rows = t.bytes = -1;
    }
}

QList<StoredCheck> RunStore::checks(const QString &runId)
{
    const QByteArray sql = QByteArray("SELECT ") + CheckColumns + " FROM checks c WHERE c.run_id = ? ORDER BY c.id";
    QList<StoredCheck> out;
    for (const QStringList &row : select(m_db, sql.constData(), {runId.toUtf8()}))
        out << toCheck(row);
    return out;
}

QMap<QString, StoredCheck> RunStore::latestChecks(const QString &targetKey, const QString &name)
{
    const QByteArray sql = QByteArray("SELECT ") + CheckColumns + " FROM checks c JOIN runs r ON r.id = c.run_id "
                           "WHERE r.target_key = ? AND c.name = ? ORDER BY c.id";
    QMap<QString, StoredCheck> out;
    for (const QStringList &row : select(m_db, sql.constData(), {targetKey.toUtf8(), name.toUtf8()}))
        out.insert(row.value(1), toCheck(row)); // later rows replace earlier ones
    return out;
}

QList<QJsonObject> RunStore::events(const QString &runId)
{
    QList<QJsonObject> out;
    for (const QStringList &row : select(m_db, "SELECT event FROM events WHERE run_id = ? ORDER BY seq", {runId.toUtf8()}))
        out << parseObject(row.value(0));
    return out;
}

} // namespace mig
