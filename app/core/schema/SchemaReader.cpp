#include "SchemaReader.h"

#include "target/TargetSession.h"

#include <QDateTime>

namespace mig {

namespace {

// A MySQL snapshot covers one database, so its name says nothing about the schema: left in,
// it would make a scratch copy (another name) or the same schema on another server look
// different everywhere. Objects in the snapshot's own database drop the name, also where the
// server writes it into definitions (`db`.`t`) and foreign-key targets (db.t(a)).
void dropOwnDatabaseName(SchemaSnapshot &s)
{
    const QString db = s.database;
    if (db.isEmpty())
        return;
    const QString quoted = u'`' + db + QStringLiteral("`.");
    const QString plain = db + u'.';
    for (SchemaObject &o : s.objects) {
        if (o.schema.compare(db, Qt::CaseInsensitive) == 0)
            o.schema.clear();
        for (auto it = o.attributes.begin(); it != o.attributes.end(); ++it) {
            it.value().replace(quoted, QString(), Qt::CaseInsensitive);
            if (it.value().startsWith(plain, Qt::CaseInsensitive))
                it.value().remove(0, plain.size());
        }
    }
    for (TableStats &t : s.tables)
        if (t.schema.compare(db, Qt::CaseInsensitive) == 0)
            t.schema.clear();
}

} // namespace

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
        dropOwnDatabaseName(r.snapshot);
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
