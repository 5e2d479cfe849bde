#pragma once

#include "target/ConnectionProfile.h"

#include <QProcessEnvironment>
#include <QStringList>

#include <memory>

class QTemporaryDir;

namespace mig {

// The first of `names` found on PATH; empty when none is.
QString findClientTool(const QStringList &names);

// How the engines' client programs (pg_dump, pg_restore, psql; mysqldump, mysql) reach a server
// without the password in their arguments, where any user of the machine could read it:
//   PostgreSQL  PGPASSWORD in the environment, and a libpq connection string for -d carrying
//               host, port, user, database, sslmode and the URL's other libpq parameters
//   MySQL       an option file only we can read (0600, in a private folder removed with this
//               object) with host, port, user, password and the TLS options; it must be the
//               client's first argument (--defaults-extra-file)
class ClientLogin
{
public:
    ClientLogin(const ConnectionProfile &profile, const QString &password);
    ~ClientLogin();
    ClientLogin(const ClientLogin &) = delete;
    ClientLogin &operator=(const ClientLogin &) = delete;

    // Why the login cannot be used (the option file could not be written); empty when it can.
    const QString &error() const { return m_error; }
    QProcessEnvironment environment() const { return m_env; }
    // The arguments that connect to `database` of the profile's server: PostgreSQL
    // {"-w", "-d", CONNINFO}; MySQL {"--defaults-extra-file=FILE"} (the caller names the
    // database where its tool wants it).
    QStringList arguments(const QString &database) const;

private:
    ConnectionProfile m_profile;
    QProcessEnvironment m_env;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_optionFile;
    QString m_error;
};

} // namespace mig
