#pragma once

#include "backup/BackupCatalog.h"
#include "lint/Lint.h"
#include "policy/Policy.h"
#include "preflight/Recovery.h"
#include "run/History.h"
#include "run/TargetInspection.h"
#include "schema/SchemaDiff.h"
#include "store/RunStore.h"
#include "target/ConnectionProfile.h"

#include <QMap>
#include <optional>

namespace mig::ui {

// What the console is pointed at: a migrations folder and a target. The password is not here:
// it is fetched from the keychain when a job needs it and handed to that job only.
struct Project {
    QString dir;
    std::optional<Format> format; // forced layout; autodetected when unset
    ConnectionProfile profile;
    QString runStorePath;         // RunStore::defaultPath() unless a test says otherwise

    bool isSet() const { return !dir.isEmpty() && !profile.database.isEmpty(); }
};

// The latest preview of one migration, from the run store: what it will do to the schema.
struct PreviewedChanges {
    QString runId;
    QString at;
    SchemaDiff changes;     // rebuilt from the stored SchemaChanged event
    QJsonArray changesJson; // as stored
    QString text;           // SchemaDiff::toText() as stored
};

// Everything the views show about a project, read in one go on a worker thread (ProjectReader)
// and handed to the GUI thread as a value. `readAt` says when; nothing in it is live.
struct ProjectState {
    Project project;
    QString readAt;                        // ISO-8601 UTC
    TargetInspection inspection;           // plan, status, server version; error when unreachable
    QList<HistoryRow> history;             // every history row of the target, in id order
    std::optional<LockHolder> lockHolder;  // another session holds the run lock
    QString lockError;
    QMap<QString, StoredCheck> rollbacks;  // version -> latest rollback verification
    QMap<QString, PreviewedChanges> previews; // version -> latest preview
    QMap<QString, QList<StoredCheck>> verifyChecks; // version -> its checks in the latest verify run
    std::optional<lint::LintReport> lint;  // unset when it could not run (see lintError)
    QString lintError;
    PolicyLoad policy;                     // the folder's policy, or why it could not be read
    std::optional<BackupRecord> latestBackup;
    std::optional<Recovery> recovery;      // after the last apply, when it did not succeed
    QString storeError;                    // the run store could not be opened

    bool reachable() const { return inspection.error.isEmpty(); }
    // Every history row of one migration (its version; "R:name" for repeatables), oldest first.
    QList<HistoryRow> historyOf(const QString &key) const;
};

} // namespace mig::ui
