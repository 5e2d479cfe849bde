#pragma once

#include "plan/Status.h"

namespace mig {

class RunStore;

// What a DBA can do after a run that failed or was cancelled part-way, each choice with the
// command that does it and what it would leave.
struct RecoveryChoice {
    QString id;      // resume | rollback | restore
    QString title;   // "Resume 003 add_index from statement 4"
    QString command; // "migctl resume" (with the target and folder the DBA uses)
    QString detail;  // what it does and why it is (or is not) available
    bool available = false;
    int steps = 0;     // rollback: how many migrations to roll back
    QString backupId;  // restore: the pre-run backup
};

struct Recovery {
    QString runId;
    QString outcome; // failed | cancelled
    QString message;
    QString finishedAt;
    QList<RecoveryChoice> choices;

    QJsonObject toJson() const;
};

// The choices after the newest apply or resume on the target, when it did not succeed; unset
// when it did (or there was none). `status` is the target's status now.
std::optional<Recovery> recoveryAfterLastRun(RunStore &store, const QString &targetKey, const TargetStatus &status);

} // namespace mig
