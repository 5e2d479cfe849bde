#pragma once
// Private to the probes: what each engine's file implements, and the helpers they share.

#include "TargetProbes.h"

#include "target/SqlResult.h"

#include <QJsonArray>

namespace mig::preflight {

// A verdict made of several findings: the worst one counts, each one is said.
class Findings
{
public:
    void add(Verdict v, const QString &text)
    {
        m_worst = qMax(m_worst, v);
        m_lines << text;
    }
    Verdict worst() const { return m_worst; }
    bool isEmpty() const { return m_lines.isEmpty(); }
    QString text() const { return m_lines.join(QStringLiteral("; ")); }

private:
    Verdict m_worst = Verdict::Pass;
    QStringList m_lines;
};

ProbeResult makeResult(const QString &name, Verdict verdict, const QString &evidence, const QJsonObject &data = {});
// A view or statement the probe needed failed: Fail when the connection is gone, Warn otherwise
// (the check could not be made), with the engine's words.
ProbeResult unreadable(const QString &name, const QString &what, const SqlError &error);
Verdict severityOf(const SqlError &error);
QJsonObject errorJson(const QString &what, const SqlError &error);
// A statement as a session list shows it: whitespace folded, at most 100 characters.
QString statementExcerpt(const QString &sql);
// "pid 4242 (app@10.0.0.5) idle in transaction for 312 s: UPDATE orders ..."; at most `shown`
// entries, then "and N more".
QString listSome(const QStringList &items, int shown = 3);

// A session or transaction as the engine's activity view shows it.
struct Activity {
    QString idLabel = QStringLiteral("pid"); // "pid" (PostgreSQL), "connection" (MySQL), "prepared transaction"
    QString id;
    QString user, client, application, database;
    QString state;   // "active", "idle in transaction", "Sleep", ...
    bool idle = false; // not running and holding no transaction
    QString since;   // ISO-8601 UTC: of the state (sessions) or of the transaction's start
    double seconds = 0; // age of the same
    QString query;   // excerpt; may be empty

    QString who() const; // "pid 4242 (app@10.0.0.5, psql)"
    QString describe() const; // who() + " idle in transaction for 312 s: UPDATE orders ..."
    QJsonObject toJson() const;
};

// Other sessions on `database`, counted by state; Warn when more than limits.maxActiveSessions
// are not idle.
ProbeResult sessionsResult(const QList<Activity> &sessions, const ProbeLimits &limits, const QString &database);
// Transactions by age: those older than the limit fail the check, `elsewhere` (open as long, but
// in other databases of the server, where they can still hold this one's tables) warn.
ProbeResult longTransactionsResult(QList<Activity> open, const QList<Activity> &elsewhere, const ProbeLimits &limits,
                                   const QString &database);

// One per engine, dispatched on the session's dialect.
ProbeResult postgresSessions(TargetSession &session, const ProbeLimits &limits);
ProbeResult postgresLongTransactions(TargetSession &session, const ProbeLimits &limits);
ProbeResult postgresReplication(TargetSession &session, const ProbeLimits &limits);

ProbeResult mysqlSessions(TargetSession &session, const ProbeLimits &limits);
ProbeResult mysqlLongTransactions(TargetSession &session, const ProbeLimits &limits);
ProbeResult mysqlReplication(TargetSession &session, const ProbeLimits &limits);

// SQLite has no limits to apply: no session states, no transaction ages, no replicas.
ProbeResult sqliteSessions(TargetSession &session, const ProbeLimits &);
ProbeResult sqliteLongTransactions(TargetSession &session, const ProbeLimits &);
ProbeResult sqliteReplication(TargetSession &session, const ProbeLimits &);
qint64 sqliteDatabaseBytes(TargetSession &session, QString *error);

} // namespace mig::preflight
