#pragma once

#include "preflight/Recovery.h"
#include "run/TargetInspection.h"
#include "store/RunStore.h"

#include <QJsonObject>
#include <QTextStream>

namespace mig::cli {

// What the run store knows about a target that status shows beside its history.
struct StoredFindings {
    QMap<QString, StoredCheck> rollbacks;       // newest rollback verdict per version
    std::optional<StoredSnapshot> driftBaseline; // the schema the last run left
    std::optional<Recovery> recovery;            // after a failed or cancelled run
};

// migctl status: every migration's state against the target, with diffs for modified ones,
// rollback verdicts and drift since the last run.
void printStatus(const ConnectionProfile &profile, const TargetInspection &t, const StoredFindings &found, bool allowOutOfOrder,
                 QTextStream &out);
QJsonObject statusToJson(const ConnectionProfile &profile, const TargetInspection &t, const StoredFindings &found,
                         bool allowOutOfOrder);

} // namespace mig::cli
