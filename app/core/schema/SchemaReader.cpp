#include "SchemaReader.h"

#include "target/TargetSession.h"

#include <QDateTime>

namespace mig {

SnapshotResult takeSnapshot(TargetSession &session, const SnapshotOptions &options)
{
    SnapshotResult r;
    switch (session.dialect()) {
    case Dialect::Sqlite:
        r = readSqliteSchema(session, options);
        break;
    case Dialect::Postgres:
        r = readPostgresSchema(session, options);
        break;
    case Dialect::Mysql:
        r = readMysqlSchema(session, options);
        break;
    }
    r.snapshot.dialect = session.dialect();
    if (r.snapshot.takenAt.isEmpty())
        r.snapshot.takenAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    if (r.snapshot.serverVersion.isEmpty())
        r.snapshot.serverVersion = session.serverVersion();
    r.snapshot.sort();
    return r;
}

} // namespace mig
