#pragma once

#include "plan/Status.h"
#include "store/RunStore.h"

namespace mig {

// A migration's way back, as far as the folder and the newest preview know:
//   missing            no down script
//   not verified       a down script no preview has run (or one that changed since)
//   verified           a preview ran up then down and the schema came back as it was
//   leaves differences the schema after down differs from before up (listed in detail)
//   fails              the down script failed in the preview (file:line, engine error)
struct RollbackStatus {
    enum class Kind { Missing, NotVerified, Verified, LeavesDifferences, Fails };
    Kind kind = Kind::Missing;
    QString detail;                   // which preview checked it, or why it is not verified
    std::optional<StoredCheck> check; // the newest preview verdict for this version, if any
    bool current = false;             // that verdict was for the scripts as they are now

    QString text() const; // "rollback verified", "no rollback", ...
};

// `verdicts`: rollbackVerdicts() from the run store (newest per version).
RollbackStatus rollbackStatus(const MigrationStatus &s, const QMap<QString, StoredCheck> &verdicts);

} // namespace mig
