#pragma once

#include "plan/Status.h"
#include "source/Format.h"
#include "target/ConnectionProfile.h"

namespace mig {

// A read-only look at a target against a folder: what `migctl status` shows. Creates nothing,
// takes no lock.
struct TargetInspection {
    QString error;         // could not connect or read; empty on success
    QString serverVersion;
    bool historyExists = false;
    FolderPlan plan;
    TargetStatus status;
};

TargetInspection inspectTarget(const ConnectionProfile &profile, const QString &password, const QString &dir,
                               std::optional<Format> format);

} // namespace mig
