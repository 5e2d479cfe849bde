#pragma once

#include "SchemaDiff.h"

namespace mig {

// What one migration changed, as a run keeps it instead of a whole snapshot after each
// migration: the keys of the objects that went, and the full objects that came or changed.
// The snapshot after a migration is the one before it with its delta applied, so a run store
// rebuilds any migration's snapshot from the snapshot before the run and the deltas, while a
// run of 1,000 migrations writes what each changed rather than the whole schema 1,000 times.
struct SchemaDelta {
    QString takenAt;
    QList<SchemaObject> removed;  // kind, schema, table and name of the objects that went
    QList<SchemaObject> upserted; // added or changed, whole
    QMap<QString, qint64> counts; // the snapshot's counts after the migration (for its summary)

    static SchemaDelta fromDiff(const SchemaDiff &diff);
    bool isEmpty() const { return removed.isEmpty() && upserted.isEmpty(); }

    // Applies the delta in place: objects stay sorted by key; the table list follows the tables
    // added and removed (their rows and bytes unmeasured, as after every migration).
    void applyTo(SchemaSnapshot &snapshot) const;

    // {"format": "migration-console/schema-delta", "formatVersion": 1, "takenAt", "summary",
    //  "counts", "removed": [{kind, schema, table, name}], "upserted": [object as in a snapshot's "objects"]}
    QJsonObject toJson() const;
    static bool isDeltaJson(const QJsonObject &json);
    static std::optional<SchemaDelta> fromJson(const QJsonObject &json, QString *error = nullptr);
};

// Inserts `o` at its place in a list sorted by key, replacing an object of the same key.
void upsertSorted(QList<SchemaObject> &objects, const SchemaObject &o);

} // namespace mig
