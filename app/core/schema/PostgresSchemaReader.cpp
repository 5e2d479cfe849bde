#include "SchemaReader.h"

namespace mig {

SnapshotResult readPostgresSchema(TargetSession &, const SnapshotOptions &)
{
    SnapshotResult r;
    r.error = SqlError{SqlError::Kind::Other, {}, QStringLiteral("not written yet")};
    return r;
}

} // namespace mig
