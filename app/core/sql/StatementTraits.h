#pragma once

#include "Dialect.h"

#include <QString>

namespace mig {

// What a statement demands of the transaction around it, judged from its leading keywords.
struct StatementTraits {
    bool outsideTransaction = false; // the engine refuses it in a transaction, or ignores it there
    bool transactionControl = false; // BEGIN / COMMIT / ROLLBACK written in the script itself
    QString reason;                  // why, for the run log: "CREATE INDEX CONCURRENTLY cannot run in a transaction"
    QString unsupported;             // why the console refuses to run it at all; empty when it can
};

// serverVersion: PostgreSQL server_version_num (ALTER TYPE ... ADD VALUE is transactional from 12).
StatementTraits statementTraits(const QString &sql, Dialect dialect, int serverVersion = 0);

} // namespace mig
