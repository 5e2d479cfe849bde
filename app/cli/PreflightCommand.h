#pragma once

#include "CommandArgs.h"

#include "preflight/Preflight.h"

namespace mig::cli {

// The folder's policy (--policy FILE, else DIR/migctl-policy.json, else the defaults); on an
// unreadable or invalid policy file, the exit code (the folder has errors).
std::optional<int> readPolicy(const QCommandLineParser &args, const QString &dir, Policy &policy, QTextStream &err);

// Where backups go: --backup-dir, else the policy's backup.dir, else beside the run store.
QString backupFolder(const QCommandLineParser &args, const Policy &policy);

// What the checklist for `apply` with these arguments checks.
PreflightRequest gateRequest(const Common &c, const QCommandLineParser &args, const Policy &policy, const QString &runId);
// The checklist for what `apply` with these arguments would run, told to `sink` as it goes.
GoDecision evaluateGate(const Common &c, const QCommandLineParser &args, const Policy &policy, RunStore &store,
                        const QString &runId, const EventSink &sink);

void printCheck(const QJsonObject &line, QTextStream &out); // a CheckLine as JSON
void printDecision(const GoDecision &d, QTextStream &out);

} // namespace mig::cli
