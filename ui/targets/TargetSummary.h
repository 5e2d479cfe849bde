#pragma once

#include "source/Format.h"
#include "target/ConnectionProfile.h"
#include "target/TargetSession.h"

#include <QStringList>
#include <optional>

namespace mig::ui {

// One line of the target list: a saved profile looked at against the open migrations folder.
// Read by summarizeTarget on a worker thread and handed to the GUI as a value.
struct TargetSummary {
    bool reachable = false;
    QString error;            // why it could not be reached or read; empty when reachable
    bool passwordRejected = false; // the server refused the user name or password
    QString serverVersion;
    bool folderSet = false;   // pending counts mean something only against a folder
    bool historyExists = false;
    QString currentVersion;   // newest applied; empty when none
    QStringList pending;      // what apply would run (versions, or names of repeatables)
    QStringList dirty;        // "003: dirty at statement 2 of 3 ..." per dirty migration
    QStringList blockers;     // why apply would refuse (dirty, modified, out of order)

    enum class Drift { NotChecked, None, Changed };
    Drift drift = Drift::NotChecked;
    QString driftDetail;      // "2 change(s) since run X", "no run recorded", "schema not read: ..."
    QStringList driftChanges; // one line per change

    std::optional<LockHolder> lockHolder; // another session holds the run lock
    QString lockError;
};

// Connects read-only with `password`, reads the target's status against `dir` (may be empty),
// who holds its run lock, and its drift against what the last run in the run store at
// `runStorePath` left. Blocks: call it on a worker thread. Only core APIs; no SQL here.
TargetSummary summarizeTarget(const ConnectionProfile &profile, const QString &password, const QString &dir,
                              std::optional<Format> format, const QString &runStorePath);

} // namespace mig::ui
