#pragma once

#include "ConnectionProfile.h"
#include "SqlResult.h"
#include "sql/Statement.h"

#include <QSqlDatabase>
#include <functional>
#include <memory>

class QSqlError;

namespace mig {

// Who holds a target's run lock, as far as the engine and the holder's own note tell.
struct LockHolder {
    QString runId;   // empty when the holder left no note (not a migctl run, or an older one)
    QString who;     // OS user@host of the holder
    QString since;   // ISO-8601 UTC
    QString session; // the engine's session id (backend pid, connection id, process id)

    QString toString() const; // "root@ci (run 20261121T..., since ..., session 4242)"
};

// Whether a target's run lock is taken, looked at without taking it (pre-flight).
struct LockState {
    std::optional<LockHolder> holder; // set when another session holds it
    std::optional<SqlError> error;    // the look itself failed
};

struct LockAttempt {
    bool acquired = false;
    std::optional<LockHolder> holder; // when refused
    std::optional<SqlError> error;    // when the attempt itself failed
};

// One connection to a target, on the thread that opened it (Qt Sql connections belong to their
// thread). One subclass per engine holds what differs: connecting, locking, interrupting,
// timeouts and how errors read. Everything that speaks SQL to a target goes through here.
class TargetSession
{
public:
    static std::unique_ptr<TargetSession> create(const ConnectionProfile &profile);
    virtual ~TargetSession();
    TargetSession(const TargetSession &) = delete;
    TargetSession &operator=(const TargetSession &) = delete;

    const ConnectionProfile &profile() const { return m_profile; }
    Dialect dialect() const { return m_profile.engine; }

    // applicationName shows up in the server's session list (pg_stat_activity).
    std::optional<SqlError> open(const QString &password, const QString &applicationName = QStringLiteral("migctl"));
    bool isOpen() const;
    void close();
    // Before open(): the session only reads (status, dry runs). A SQLite file is opened read-
    // only, and one that does not exist yet is not created: it reads as an empty database.
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }
    bool readOnly() const { return m_readOnly; }

    // One statement, as written (no placeholders).
    ExecResult exec(const QString &sql);
    // One statement with positional '?' parameters.
    ExecResult exec(const QString &sql, const QVariantList &params);
    QueryResult query(const QString &sql, const QVariantList &params = {});
    // A statement cut from a script: like exec(sql), but PostgreSQL "COPY ... FROM STDIN"
    // sends the rows that followed it in the script.
    virtual ExecResult execStatement(const Statement &statement) { return exec(statement.sql); }

    // "PostgreSQL 15.8", "MariaDB 10.11.6", "SQLite 3.40.1"
    virtual QString serverVersion() = 0;
    // Whether DDL takes part in transactions (PostgreSQL, SQLite) or commits implicitly (MySQL).
    virtual bool transactionalDdl() const = 0;
    virtual QString beginStatement() const { return QStringLiteral("BEGIN"); }
    // The session's wait limit for locks, so DDL never queues behind a long transaction.
    virtual std::optional<SqlError> setLockTimeout(int milliseconds) = 0;
    // Sessions that hold locks others wait for, described for a lock-timeout message; empty when
    // the engine cannot tell.
    virtual QString describeBlockers() = 0;
    // Server version as a number for feature checks (PostgreSQL server_version_num style).
    virtual int serverVersionNumber() { return 0; }
    // Whether a transaction is open on this session (a script's BEGIN without COMMIT).
    virtual bool inTransaction() = 0;

    // One run per target: a lock the engine releases when the session ends, however it ends.
    virtual LockAttempt tryLock(const LockHolder &me) = 0;
    virtual void unlock() = 0;
    // Who holds the run lock now, without taking it and without writing anything.
    virtual LockState lockState() = 0;

    // Cancels the statement this session is running. Safe to call from any thread, also after
    // the session closed; may block for a network round trip, so never call it on a GUI thread.
    virtual std::function<void()> interrupter() = 0;

    // "schema.table" quoted for this engine; names are checked by validIdentifier first.
    QString quoteName(const QString &dottedName) const;
    static bool validIdentifier(const QString &dottedName);
    // Why `name` is refused as a history table name, the name shown with control characters escaped.
    static QString invalidHistoryTableMessage(const QString &name);

protected:
    explicit TargetSession(const ConnectionProfile &profile);
    virtual QString driverName() const = 0;
    virtual void configure(QSqlDatabase &db, const QString &password, const QString &applicationName) = 0;
    // Refuses a profile before anything is sent to the server (a TLS setting that cannot be honoured).
    virtual std::optional<SqlError> beforeOpen() { return std::nullopt; }
    virtual std::optional<SqlError> afterOpen() { return std::nullopt; }
    // The schema (database) the unqualified history table resolves to right after connecting;
    // empty where the engine has no such notion (SQLite).
    virtual QString historySchema() { return {}; }
    virtual SqlError::Kind classify(const QString &code, const QString &message) const = 0;
    // A counter of changed rows that only INSERT/UPDATE/DELETE move, for engines whose per-
    // statement count outlives the statement (SQLite); -1 where the driver's count is exact.
    virtual qint64 changeCounter() { return -1; }

    // The holder's note beside a server-side lock (PostgreSQL, MySQL): table HISTORY_lock, one
    // row, written once the lock is ours. A note whose session is not the lock's holder is stale.
    std::optional<SqlError> writeLockNote(const LockHolder &me);
    std::optional<LockHolder> readLockNote();
    // The holder from the engine's own view (one row: session, user, host), completed by its
    // note when the note is that session's.
    LockHolder lockHolder(const QueryResult &engineView);
    // The lock's state from the same view: free when it has no row.
    LockState lockStateOf(const QueryResult &engineView);

    QSqlDatabase database() const;
    SqlError toError(const QSqlError &error) const;
    const QString &connectionName() const { return m_connectionName; }

private:
    ConnectionProfile m_profile;
    QString m_connectionName;
    bool m_readOnly = false;
};

// Per-engine factories, defined next to each engine's session.
std::unique_ptr<TargetSession> makeSqliteSession(const ConnectionProfile &profile);
std::unique_ptr<TargetSession> makePostgresSession(const ConnectionProfile &profile);
std::unique_ptr<TargetSession> makeMysqlSession(const ConnectionProfile &profile);

} // namespace mig
