#pragma once

#include "ChangeMarkers.h"
#include "MigrationExecutor.h"
#include "SearchPathPin.h"

#include "schema/Declarations.h"
#include "schema/SchemaDiff.h"
#include "schema/SchemaSnapshot.h"
#include "source/Migration.h"

namespace mig {

// What a preview said a migration would leave behind, to hold the real run to it.
struct SchemaExpectation {
    QString version;
    QString base;     // fingerprint of the schema the preview ran the migration on
    QString checksum; // of the script the preview ran
    SchemaSnapshot after;
};

// Watches the schema through a run: a snapshot before it, after each migration and after it,
// each migration's changes, and whether a migration left what its statements declare and what
// a preview of it showed. A migration that "succeeded" without doing what it says (an index
// silently not created) is caught here. Everything found is told as events.
class SchemaWatch
{
public:
    SchemaWatch(TargetSession &session, EventSink sink, const QString &runId, QList<SchemaExpectation> expected);

    // The snapshot before the first migration. Error text when the schema cannot be read.
    std::optional<QString> start();
    // After a migration ran to success: its changes, and (up only) its differences from what it
    // declared and from its preview. Returns those differences, one line each; empty when none.
    QStringList afterMigration(const Migration &m, const ScriptRef &script, const RunEvent &base, bool up);
    // The snapshot after the run, kept for drift detection, and the safety net: the merged
    // snapshot must equal it; where it does not, a warning says what the per-migration account
    // missed. `everyChangeWatched` false: a migration ran since the last afterMigration() (it
    // failed or was cancelled); what it left is merged first, and the net's check is told even
    // when it passes. A net that cannot run is told as "not run", with why.
    void finish(bool everyChangeWatched = true);

    // Tests only: changes to these units go unseen after each migration (ChangeMarkers::blindTo).
    void blindTo(const QSet<QString> &units);

    // The history table and its lock note, left out of every snapshot.
    static QStringList ownTables(const QString &historyTable);
    // The schema unqualified names resolve to, as snapshots name it: PostgreSQL current_schema();
    // empty for MySQL (a snapshot leaves its database's name out) and SQLite.
    static QString defaultSchema(TargetSession &session);

private:
    std::optional<SchemaSnapshot> snapshot(bool rowCounts, QString *error, const std::optional<ReadScope> &scope = {});
    // Brings m_current up to date after a migration; returns its changes, or nullopt when the
    // schema cannot be read.
    std::optional<SchemaDiff> update(QString *error);
    std::optional<SchemaDiff> updateFromMarkers(QString *error);
    void emitSnapshot(const QString &label, const SchemaSnapshot &s, const RunEvent &base);
    void emitDelta(const SchemaDiff &diff, const RunEvent &base);
    void checkMerged(const SchemaSnapshot &afterRun, bool tellPass);
    void emitNet(const QString &status, const QString &measured, const QString &message, const QJsonObject &data);
    RunEvent checkEvent(const RunEvent &base, const QString &name, const QString &status, const QString &measured,
                        const QString &detail, const QJsonObject &data) const;
    void emitCheck(const RunEvent &base, const QString &status, const QString &measured, const QString &detail, const QJsonObject &data);

    TargetSession &m_session;
    EventSink m_sink;
    QString m_runId;
    QList<SchemaExpectation> m_expected;
    QStringList m_exclude;
    QString m_defaultSchema;
    SearchPathPin m_searchPath; // every read names things as the run started
    std::optional<SchemaSnapshot> m_current; // unset once the schema could not be read
    QMap<QString, qint64> m_counts;          // m_current's counts, kept as deltas apply
    std::unique_ptr<ChangeMarkers> m_markers; // null: the whole schema after each migration
    bool m_markersUsed = false;
    int m_rereadUnits = -1; // after the last migration: units re-read, -1 for the whole schema
};

} // namespace mig
