#pragma once

#include "MigrationExecutor.h"

#include "schema/Declarations.h"
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
    // The snapshot after the run, kept for drift detection.
    void finish();

    // The history table and its lock note, left out of every snapshot.
    static QStringList ownTables(const QString &historyTable);
    // The schema unqualified names resolve to, as snapshots name it: PostgreSQL current_schema();
    // empty for MySQL (a snapshot leaves its database's name out) and SQLite.
    static QString defaultSchema(TargetSession &session);

private:
    std::optional<SchemaSnapshot> snapshot(bool rowCounts, QString *error);
    // Returns the snapshot's fingerprint, as its event carries it (computed once per snapshot).
    QString emitSnapshot(const QString &label, const SchemaSnapshot &s, const RunEvent &base);
    void emitCheck(const RunEvent &base, const QString &status, const QString &measured, const QString &detail, const QJsonObject &data);

    TargetSession &m_session;
    EventSink m_sink;
    QString m_runId;
    QList<SchemaExpectation> m_expected;
    QStringList m_exclude;
    QString m_defaultSchema;
    std::optional<SchemaSnapshot> m_current; // unset once the schema could not be read
    QString m_currentFingerprint;
};

} // namespace mig
