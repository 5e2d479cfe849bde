#pragma once

#include "ReportModel.h"

#include <optional>

namespace mig {
class RunStore;
}

namespace mig::report {

struct BuildOptions {
    QString environment; // "production", "staging": the label the report carries
};

// The report of run `runId` ("latest": the newest apply, resume or rollback), read from the
// run store only: the run's events and snapshots, the verify run made after it, the backup
// catalog, sign-offs and the go/no-go checklist. Unset, with the reason in `error`, when the
// store holds no such run.
std::optional<ReportModel> buildReport(RunStore &store, const QString &runId, QString *error, const BuildOptions &options = {});

} // namespace mig::report
