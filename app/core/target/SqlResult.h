#pragma once

#include <QList>
#include <QString>
#include <QVariant>
#include <optional>

namespace mig {

// What the engine said when a statement failed.
struct SqlError {
    enum class Kind {
        Other,          // the statement is wrong, a constraint failed, ...
        LockTimeout,    // lock_timeout / lock_wait_timeout / busy_timeout expired: worth a retry
        Interrupted,    // cancelled on our request (sqlite3_interrupt, PQcancel, KILL QUERY)
        ConnectionLost, // the session is gone: server stopped, session terminated, network
    };
    Kind kind = Kind::Other;
    QString code;    // SQLSTATE (PostgreSQL), error number (MySQL/MariaDB), result code (SQLite)
    QString message; // the engine's own words, on one line

    QString toString() const; // "message [code]"
};

struct ExecResult {
    std::optional<SqlError> error;
    qint64 rows = -1; // rows the statement changed; -1 when it reports none (DDL, SELECT)

    bool ok() const { return !error; }
};

struct QueryResult {
    std::optional<SqlError> error;
    QList<QVariantList> rows;

    bool ok() const { return !error; }
    // The first column of the first row, or an invalid QVariant.
    QVariant scalar() const { return rows.isEmpty() || rows.first().isEmpty() ? QVariant() : rows.first().first(); }
};

} // namespace mig
