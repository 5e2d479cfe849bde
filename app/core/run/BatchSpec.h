#pragma once

#include "sql/Statement.h"

#include <QString>
#include <optional>

namespace mig {

// A batched data migration: the statement carries, in the comments just before it,
//   -- migctl:batch size=N
//   -- migctl:total SELECT COUNT(*) FROM ...     (optional: rows to do, for progress and ETA)
// and is repeated with :batch_size bound to N until it changes no row, each batch committed
// on its own.
struct BatchSpec {
    int size = 0;
    QString totalQuery; // empty when not given
};

struct BatchSpecResult {
    std::optional<BatchSpec> spec; // unset: not a batched statement (or the annotation is wrong)
    QString error;                 // a malformed annotation
};

BatchSpecResult batchSpec(const Statement &statement);

// The statement with every :batch_size outside quotes replaced by the number.
QString bindBatchSize(const QString &sql, int size);

} // namespace mig
