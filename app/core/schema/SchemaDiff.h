#pragma once

#include "SchemaSnapshot.h"

#include <QJsonArray>

namespace mig {

// What changed between two snapshots, object by object. Objects are matched by key, so column
// order never shows; attributes are compared as the readers normalised them.
struct ObjectChange {
    enum class Kind { Added, Removed, Changed };
    struct Attribute {
        QString name;
        QString before; // empty when the attribute was absent
        QString after;
    };
    Kind kind = Kind::Changed;
    SchemaObject object;          // the object after (Added, Changed) or before (Removed)
    QList<Attribute> attributes;  // Changed: what differs; Added / Removed: empty
};

struct SchemaDiff {
    QList<ObjectChange> changes; // in key order

    static SchemaDiff between(const SchemaSnapshot &before, const SchemaSnapshot &after);

    bool isEmpty() const { return changes.isEmpty(); }
    int count(ObjectChange::Kind kind) const;
    // The tables that any change belongs to ("schema.table" or "table").
    QStringList tables() const;
    // One line per change: "+ index public.idx_users_email (columns: email; unique: no)",
    // "- column public.users.legacy", "~ column public.users.age: type integer -> bigint".
    // Columns, constraints, indexes, triggers and policies of an added or removed table are
    // folded into its line ("+ table public.feedback (13 columns, 2 foreign keys, 4 indexes)").
    QString toText() const;
    QJsonArray toJson() const; // [{change, kind, schema, table, name, attributes | changes}]
    // The inverse of toJson(), for diffs kept in the run store; entries it cannot read are
    // skipped (a store written by a newer version may know kinds this one does not).
    static SchemaDiff fromJson(const QJsonArray &json);
};

} // namespace mig
