#pragma once

#include "plan/Status.h"
#include "schema/SchemaSnapshot.h"
#include "source/Format.h"
#include "target/TargetSession.h"

namespace mig {

// A read-only look at a target against a folder: what `migctl status` shows. Creates nothing,
// takes no lock.
struct TargetInspection {
    QString error;         // could not connect or read; empty on success
    QString serverVersion;
    bool historyExists = false;
    FolderPlan plan;
    TargetStatus status;
    std::optional<SchemaSnapshot> schema; // the live schema, for drift; unset when it cannot be read
    QString schemaError;
};

class ScanCache;

// `cache` (optional): see planFolder; the inspection only shows, it runs nothing.
TargetInspection inspectTarget(const ConnectionProfile &profile, const QString &password, const QString &dir,
                               std::optional<Format> format, ScanCache *cache = nullptr);
// The same on a session the caller opened (read-only is enough).
TargetInspection inspectTarget(TargetSession &session, const QString &dir, std::optional<Format> format,
                               ScanCache *cache = nullptr);

} // namespace mig
