#pragma once

#include "Checklist.h"

#include "run/MigrationExecutor.h"
#include "source/Format.h"
#include "target/ConnectionProfile.h"

#include <QDateTime>

namespace mig {

class RunStore;

struct PreflightRequest {
    ConnectionProfile profile;
    QString password;
    QString dir;
    std::optional<Format> format;
    QString toVersion;            // the plan is what apply --to would run
    bool allowOutOfOrder = false;
    Policy policy;
    QString backupDir;            // where the next backup would go (the disk check)
    QDateTime now;                // for the run windows and the backup's age; default: now
    QString runId;                // the run the checks are told in (events to the sink)
};

// The go/no-go checklist, every line measured now: connection and server version, run lock,
// history, drift, backup (age, restore test), rollbacks, lint against the live data, sessions
// and long transactions, replication lag, disk for the backup, run window, sign-offs. Read-only
// on the target. Each finished check is also told to `sink` (a GUI fills its checklist live).
GoDecision evaluatePreflight(const PreflightRequest &request, RunStore &store, const EventSink &sink = {});

} // namespace mig
