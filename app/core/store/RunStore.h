#pragma once

#include "run/RunEvent.h"
#include "schema/SchemaSnapshot.h"

#include <QString>

#include <functional>

struct sqlite3;

namespace mig {

// A schema snapshot as kept: which run took it, when, and what for.
struct StoredSnapshot {
    QString runId;
    QString label;    // before-run | after-migration | after-run | expected
    QString version;  // after-migration, expected: the migration
    QString base;     // expected: fingerprint of the schema the migration was previewed on
    QString checksum; // expected: the previewed script's checksum
    QString takenAt;
    SchemaSnapshot snapshot;
};

// A check's result as kept (rollback verification, verification checks).
struct StoredCheck {
    QString runId;
    QString version;
    QString name;
    QString status;
    QString measured;
    QString detail;
    QJsonObject data;
    QString at;
};

// A past run, as listed.
struct StoredRun {
    QString id, action, target, targetKey, startedAt, finishedAt, outcome, message;
};

// The local record of every run: a SQLite file per user (DESIGN.md). Each event is kept as it
// was emitted, so a report can later be built from what was measured. Written through sqlite3's
// own API: the store is not a target, and it must work from any thread that owns it.
class RunStore
{
public:
    RunStore() = default;
    ~RunStore();
    RunStore(const RunStore &) = delete;
    RunStore &operator=(const RunStore &) = delete;

    // $MIGCTL_RUN_STORE, else <generic data dir>/migration-console/runs.sqlite
    static QString defaultPath();

    QString open(const QString &path); // error text; empty on success
    QString record(const RunEvent &event); // error text; empty on success

    // Reads; an unreadable row is skipped, an unopened store answers nothing.
    // The newest run on a target whose action is one of `actions` (any when empty) and whose
    // outcome is one of `outcomes` (any when empty).
    std::optional<StoredRun> latestRun(const QString &targetKey, const QStringList &actions = {},
                                       const QStringList &outcomes = {});
    // The newest snapshot of a target with one of the labels, in any run.
    std::optional<StoredSnapshot> latestSnapshot(const QString &targetKey, const QStringList &labels);
    // A run's snapshots (all labels when `label` is empty). After each migration a run keeps
    // what it changed (SchemaDelta): those snapshots are rebuilt from the snapshot before the run
    // and the deltas, each a whole copy of the schema, so a long run's are many: to read one,
    // lastSnapshot().
    QList<StoredSnapshot> snapshots(const QString &runId, const QString &label = {});
    // The last snapshot with this label (and migration version, when given) of a run.
    std::optional<StoredSnapshot> lastSnapshot(const QString &runId, const QString &label, const QString &version = {});
    QList<StoredCheck> checks(const QString &runId);
    // The newest result of check `name` per migration version on a target.
    QMap<QString, StoredCheck> latestChecks(const QString &targetKey, const QString &name);
    // The events of a run, in order, as JSON.
    QList<QJsonObject> events(const QString &runId);

    // The open store, for the classes that keep their own tables in it (BackupCatalog,
    // SignoffStore); null when not open. Owned by this object.
    sqlite3 *handle() const { return m_db; }

private:
    QString recordEvent(const RunEvent &event);
    QString recordPayload(const RunEvent &event);
    // The run's snapshots in order (up to the row with id upToId; all when negative), deltas
    // applied: each gets the row (SnapshotColumns, s.id) and the schema it stands for.
    void replaySnapshots(const QString &runId, qint64 upToId, const std::function<void(const QStringList &, const SchemaSnapshot &)> &each);
    sqlite3 *m_db = nullptr;
    qint64 m_seq = 0;
    QString m_knownRun; // the run whose row this store has written (record() writes it once)
};

} // namespace mig
