#pragma once

#include "target/TargetSession.h"

#include <memory>

namespace mig {

// A database to preview on when the target itself cannot take a transaction that is rolled back
// (MySQL/MariaDB commit DDL implicitly; some PostgreSQL statements refuse transactions; scripts
// that manage their own). Built next to the target from the target's own schema, dropped when
// this object goes:
//   PostgreSQL  CREATE DATABASE on the target's server, filled by pg_dump --schema-only | psql
//   MySQL       CREATE DATABASE on the target's server, filled by mysqldump --no-data | mysql
//   SQLite      a copy of the whole file (VACUUM INTO), rows included
// Passwords reach pg_dump and mysql through the environment or a 0600 file that is removed,
// never through process arguments.
class ScratchDatabase
{
public:
    // `target` is an open session on the target; `name` the scratch database's name (PostgreSQL,
    // MySQL) — it must be free.
    static std::unique_ptr<ScratchDatabase> create(TargetSession &target, const QString &password, const QString &name,
                                                   QString *error);
    // An empty database (PostgreSQL, MySQL) made like the target (character set, collation,
    // encoding and locale), for a backup to be restored into; dropped the same way.
    static std::unique_ptr<ScratchDatabase> createEmpty(TargetSession &target, const QString &password, const QString &name,
                                                        QString *error);
    ~ScratchDatabase();

    const ConnectionProfile &profile() const { return m_profile; }
    bool hasRows() const { return m_target.dialect() == Dialect::Sqlite; }
    QString description() const;
    // Drops and builds it again from the target (after a rollback that left it in a state no
    // further step can trust). Error text; empty on success.
    QString rebuild();

private:
    ScratchDatabase(TargetSession &target, QString password, QString name, bool empty);
    static std::unique_ptr<ScratchDatabase> make(TargetSession &target, const QString &password, const QString &name, bool empty,
                                                 QString *error);
    QString build();
    QString drop();
    QString copySchema();
    QString likeTarget();

    TargetSession &m_target;
    QString m_password;
    QString m_name;
    ConnectionProfile m_profile;
    bool m_empty = false; // no schema copied in
    bool m_created = false;
};

} // namespace mig
