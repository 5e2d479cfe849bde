#pragma once

#include "ScriptPlayer.h"

#include "run/MigrationExecutor.h"
#include "schema/SchemaDiff.h"
#include "source/Format.h"

namespace mig {

struct PreviewRequest {
    ConnectionProfile profile;
    QString password;
    QString dir;
    std::optional<Format> format;
    QString toVersion;          // preview up to this version; all pending when empty
    QString scratchDatabase;    // name of the scratch database when one is needed; default
                                // "<target database>_preview_<4 hex>"
};

// The four answers to "can this migration be rolled back?", checked by running it up and down.
enum class RollbackVerdict { Verified, LeavesDifferences, Fails, NoRollback, NotRun };
QString verdictName(RollbackVerdict v); // "rollback verified", "rollback leaves differences", ...

struct MigrationPreview {
    QString version;
    QString name;
    QString method;              // how it was previewed (see PreviewResult::method)
    bool ok = false;             // the up script ran
    QString error;               // file:line: engine message, when it did not
    QString errorStatement;
    SchemaDiff changes;          // its effect on the schema
    QList<StatementRows> rows;   // rows its data statements changed
    bool rowsMeasured = true;    // false on a scratch database without rows
    QStringList declarationFindings; // declared objects the schema afterwards does not have
    RollbackVerdict rollback = RollbackVerdict::NotRun;
    QString rollbackDetail;      // the failing statement and error, or the differences
    QStringList rollbackDifferences;
};

struct PreviewResult {
    QString error;               // the preview could not be made at all
    QString runId;
    QString method;              // "rolled-back transaction on the target" or the scratch's description
    QString methodReason;        // why a scratch database was needed
    QList<MigrationPreview> migrations;
};

// Shows what each pending migration will do without changing the target: runs them inside a
// transaction that is rolled back where DDL is transactional (PostgreSQL, SQLite), otherwise on
// a scratch database built from the target's schema. For each: its schema changes, the rows its
// data statements touch, whether its declared objects come to be, and whether its rollback
// returns the schema to what it was before (run up, then down, compare). Everything is told as
// events (action "preview"): the run store keeps the expected schema after each migration, so
// the real run can be held to it, and the rollback verdicts, which status shows.
class Previewer
{
public:
    Previewer(PreviewRequest request, EventSink sink);
    PreviewResult run();
    void cancel() { m_cancel.store(true); }

private:
    struct Mode;
    PreviewResult fail(PreviewResult r, const QString &message);
    void emitEvent(RunEvent e);
    void previewOne(Mode &mode, const struct PlannedMigration &p, int index, int count, MigrationPreview &out);

    PreviewRequest m_request;
    EventSink m_sink;
    QString m_runId;
    qint64 m_startedMs = 0;
    std::atomic<bool> m_cancel{false};
};

} // namespace mig
