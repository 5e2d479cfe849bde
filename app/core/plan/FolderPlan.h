#pragma once

#include "source/FolderLoader.h"
#include "sql/Dialect.h"

#include <QJsonObject>

namespace mig {

// A migration with what splitting its scripts in the target's dialect found.
struct PlannedMigration {
    Migration migration;
    int statements = 0;       // in the up script
    int downStatements = 0;   // in the rollback script; 0 when there is none
    int verifyStatements = 0; // in the verify script; 0 when there is none
    bool splitOk = true;      // false when one of its scripts could not be split (see problems)
};

// What `migctl plan` shows: the folder read in one layout, every script split in one dialect.
struct FolderPlan {
    FolderLoadResult folder; // its problems include the splitting errors, by file and line
    Dialect dialect = Dialect::Sqlite;
    QList<PlannedMigration> migrations;

    bool hasErrors() const { return folder.hasErrors(); }
};

class ScanCache;

// `cache` (optional) answers for files unchanged since they were last read: only for plans that
// are shown (migctl plan, status), never for one that is executed (see ScanCache).
FolderPlan planFolder(const QString &dir, Dialect dialect, std::optional<Format> forced = std::nullopt,
                      ScanCache *cache = nullptr);

// The documented, versioned JSON form of a plan (see README, "migctl plan --json").
QJsonObject planToJson(const FolderPlan &plan);

} // namespace mig
