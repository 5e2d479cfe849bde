#pragma once

#include "sql/Dialect.h"

#include <QMap>
#include <QString>
#include <optional>

namespace mig {

// How to reach a target database. Never holds a password: that comes from the keychain, the
// MIGCTL_PASSWORD environment variable or a prompt, and lives only as long as a connection.
struct ConnectionProfile {
    QString name;              // saved profile name; empty for a target given as a URL
    Dialect engine = Dialect::Sqlite;
    QString host;              // empty for SQLite
    int port = 0;              // 0: the engine's default
    QString database;          // SQLite: the database file
    QString user;
    QString tlsMode;           // PostgreSQL sslmode; MariaDB ssl-mode; empty: the driver's default
    QMap<QString, QString> options; // further URL parameters, handed to the driver
    QString historyTable = QStringLiteral("migctl_history");

    int effectivePort() const;
    // The target as a URL for logs, reports and titles: never a password, whatever was given.
    QString displayUrl() const;
    // The target's identity in the run store: engine, host, port, database (a SQLite file by its
    // absolute path) and history table; not the user, so a team's runs on one database meet.
    QString storeKey() const;
};

// Whether a URL parameter holds a secret (password, token, key passphrase, ...): displayUrl()
// shows its value as ***, and reports redact it.
bool isSecretOptionName(const QString &name);

// A target given on the command line as a URL.
struct TargetUrl {
    std::optional<ConnectionProfile> profile; // unset when the URL is invalid
    QString error;                            // why it is invalid
    // A password written in the URL. Accepted (DBAs paste connection strings), but kept apart
    // from the profile so it cannot reach a log or a saved profile.
    std::optional<QString> password;
};

// Parses sqlite:PATH, sqlite:///ABS/PATH, postgres[ql]://user[:pw]@host[:port]/db[?sslmode=...],
// mysql:// or mariadb://user[:pw]@host[:port]/db[?ssl-mode=...].
TargetUrl parseTargetUrl(const QString &url);

} // namespace mig
