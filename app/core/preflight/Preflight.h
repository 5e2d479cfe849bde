#pragma once

#include "Checklist.h"

#include "lint/Lint.h"

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
// The lint settings a policy asks for; `schema` (optional) is the live schema already read.
lint::LintOptions lintOptions(const Policy &policy, const SchemaSnapshot *schema = nullptr);

GoDecision evaluatePreflight(const PreflightRequest &request, RunStore &store, const EventSink &sink = {});

// The checklist as a run of its own ("preflight", request.runId or a new one): run-started, one
// check-finished per line, the "go/no-go" verdict, run-finished (status go | no-go), all told to
// `sink` (which keeps them in the run store).
GoDecision evaluatePreflightRun(PreflightRequest request, RunStore &store, const EventSink &sink);

} // namespace mig
