#pragma once

#include "ConnectionProfile.h"
#include "SqlResult.h"

#include <QString>

namespace mig {

// The answer to "test connection": whether a profile reaches its database with a password, how
// fast, and when it does not, why in the engine's own words plus what kind of problem it is, so
// the console can say "wrong password" or "cannot reach the server" rather than only relay libpq.
struct ConnectionCheck {
    enum class Problem {
        None,           // connected and answered a query
        WrongPassword,  // the server refused the user name or password
        Unreachable,    // nothing answered at host:port (refused, unknown host, timeout, no socket)
        NoSuchDatabase, // the server answered but has no such database
        Tls,            // TLS failed: the server's certificate was refused, or TLS was asked for and not had
        Other,          // anything else: privileges, not a SQLite file, ...
    };
    Problem problem = Problem::None;
    QString serverVersion; // "PostgreSQL 15.8"; when connected
    double connectMs = -1;   // opening the session: TCP, TLS and authentication
    double roundTripMs = -1; // one trivial query on the open session
    QString engineError;     // SqlError::toString() of the failure
    QString note;            // something worth knowing on success (a SQLite file not created yet)

    bool ok() const { return problem == Problem::None; }
    // One line for a person: "Connected to PostgreSQL 15.8 in 12.3 ms (round trip 0.4 ms)",
    // "Wrong user name or password for mc@db:5432: <engine error>", ...
    QString summary(const ConnectionProfile &profile) const;
};

// What kind of problem a failed TargetSession::open() was.
ConnectionCheck::Problem connectionProblem(Dialect engine, const SqlError &error);

// A failed connection's message with what a TLS failure means added in plain words ("the
// server's certificate is not signed by the CA in sslrootcert=/etc/ssl/ca.pem"): the client
// libraries say only "certificate verify failed" or "self-signed certificate in certificate
// chain". Other messages come back unchanged.
QString explainConnectionError(const ConnectionProfile &profile, const SqlError &error);

// Why a SQLite profile's file cannot be there (its folder does not exist); empty when it can, and
// for other engines. A read-only session would open such a path as an empty database.
QString sqliteLocationProblem(const ConnectionProfile &profile);

// Opens a read-only session with `password`, times it and one query, and closes it. Runs on the
// calling thread (a worker thread in the console: it blocks for up to the connect timeout).
ConnectionCheck testConnection(const ConnectionProfile &profile, const QString &password);

} // namespace mig
