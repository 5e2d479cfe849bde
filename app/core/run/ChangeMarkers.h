#pragma once

#include "schema/SchemaReader.h"

#include <QHash>
#include <QSet>

#include <functional>
#include <memory>

namespace mig {

class TargetSession;

// What may have changed in a schema since the last look, and so what a run re-reads after a
// migration instead of the whole schema.
struct ChangeSet {
    bool whole = false; // the markers cannot tell (a schema renamed): read everything
    ReadScope scope;    // what to read again
    // The objects of the previous snapshot that the re-read replaces (the re-read units as they
    // were named before and are named now, and the units that vanished).
    std::function<bool(const SchemaObject &)> stale;
    int units = 0; // how many units are re-read or dropped, for the run's account
};

// Cheap server-side change markers, per engine. SQLite: the sqlite_schema rows themselves,
// which hold every table's, index's, view's and trigger's text as the engine keeps it.
// PostgreSQL: per relation, sequence, routine, type, extension and schema, the xmin (the
// transaction that last wrote it) of each of its catalog rows, counted and summed: any DDL,
// wherever it ran (a DO block, a function called by a SELECT), writes catalog rows, so it moves
// a marker; statements are not parsed. MySQL/MariaDB: none (no catalog row versions to read),
// so create() returns null there and the run reads the whole schema after each migration.
class ChangeMarkers
{
public:
    virtual ~ChangeMarkers() = default;
    static std::unique_ptr<ChangeMarkers> create(TargetSession &session);

    // The markers now, as the baseline. Read before the snapshot they stand for: a change made
    // in between moves a marker and is re-read next time rather than missed.
    virtual QString start() = 0; // error text; empty on success
    // The markers now against the last ones (which they replace), as what to re-read.
    virtual std::optional<ChangeSet> changes(QString *error) = 0;

    // Tests only: changes to these units (SQLite: lower-case table names; PostgreSQL:
    // "schema.name") are not reported, to show that a run's safety net sees what a blind
    // marker missed.
    QSet<QString> blindTo;

protected:
    explicit ChangeMarkers(TargetSession &session) : m_session(session) {}
    TargetSession &m_session;
};

} // namespace mig
