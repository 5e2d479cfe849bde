#include "HealthMonitor.h"

#include "History.h"

#include "target/TargetSession.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>

namespace mig {

HealthMonitor::HealthMonitor(ConnectionProfile profile, QString password, QString runId, EventSink sink, int intervalMs)
    : m_profile(std::move(profile))
    , m_password(std::move(password))
    , m_runId(std::move(runId))
    , m_sink(std::move(sink))
    , m_intervalMs(qMax(10, intervalMs))
{
}

std::optional<SqlError> HealthMonitor::configureSession(TargetSession &session, int intervalMs)
{
    // A sample that cannot finish within its interval is worth less than the next one: each
    // statement gets at most the interval (at least 200 ms, at most 5 s) and never waits for a
    // lock, so a catalog read stuck behind a migration's DDL gives up rather than queue.
    const int statementMs = qBound(200, intervalMs, 5000);
    switch (session.dialect()) {
    case Dialect::Sqlite:
        // No busy wait: a reader that waits for the runner's write lock would hold the next one up.
        return session.setLockTimeout(0);
    case Dialect::Postgres:
        for (const QString &sql : {QStringLiteral("SET statement_timeout = %1").arg(statementMs),
                                   QStringLiteral("SET lock_timeout = 100"),
                                   QStringLiteral("SET default_transaction_read_only = on")})
            if (auto e = session.exec(sql).error)
                return e;
        return std::nullopt;
    case Dialect::Mysql: {
        if (auto e = session.setLockTimeout(1000))
            return e;
        // MariaDB counts in seconds (fractions allowed), MySQL in milliseconds (SELECTs only).
        const bool mariadb = session.serverVersion().startsWith(u"MariaDB");
        const QString limit = mariadb ? QStringLiteral("SET SESSION max_statement_time = %1").arg(statementMs / 1000.0)
                                      : QStringLiteral("SET SESSION max_execution_time = %1").arg(statementMs);
        if (auto e = session.exec(limit).error)
            return e;
        return session.exec(QStringLiteral("SET SESSION TRANSACTION READ ONLY")).error;
    }
    }
    return std::nullopt;
}

std::unique_ptr<TargetSession> HealthMonitor::connect(std::optional<SqlError> &error)
{
    auto session = TargetSession::create(m_profile);
    session->setReadOnly(true);
    // Before the run creates a SQLite file, a read-only session reads an empty database in
    // memory: open again once the file is there.
    m_missingFile = m_profile.engine == Dialect::Sqlite && !QFileInfo::exists(m_profile.database);
    error = session->open(m_password, QStringLiteral("migctl-health"));
    if (!error)
        error = configureSession(*session, m_intervalMs);
    if (error)
        return nullptr;
    return session;
}

RunEvent HealthMonitor::event(RunEvent::Type type) const
{
    RunEvent e;
    e.type = type;
    e.at = HistoryTable::nowUtc();
    e.runId = m_runId; // the run it watches: the view files it with that run
    return e;
}

void HealthMonitor::message(const QString &status, const QString &text)
{
    RunEvent e = event(RunEvent::Type::Message);
    e.status = status;
    e.message = text;
    m_sink(e);
}

std::optional<SqlError> HealthMonitor::sample(TargetSession &session)
{
    const HealthReading h = readHealth(session);
    if (h.lost)
        return h.lost;
    for (auto it = h.problems.cbegin(); it != h.problems.cend(); ++it) {
        if (m_problemsTold.contains(it.key()))
            continue;
        m_problemsTold << it.key();
        message(QStringLiteral("warning"), QStringLiteral("target health: %1 not read: %2").arg(it.key(), it.value()));
    }
    RunEvent e = event(RunEvent::Type::HealthSample);
    e.data = h.toJson();
    e.measured = h.toText();
    m_sink(e);
    return std::nullopt;
}

bool HealthMonitor::sleepUntil(const QElapsedTimer &clock, qint64 deadlineMs, const std::atomic<bool> &stop)
{
    while (!stop.load()) {
        const qint64 left = deadlineMs - clock.elapsed();
        if (left <= 0)
            return true;
        QThread::msleep(quint64(qMin<qint64>(left, 50))); // short slices: a stop is seen soon
    }
    return false;
}

void HealthMonitor::run(const std::atomic<bool> &stop)
{
    std::unique_ptr<TargetSession> session;
    QElapsedTimer clock;
    clock.start();
    qint64 next = 0;
    while (!stop.load()) {
        if (session && m_missingFile && QFileInfo::exists(m_profile.database))
            session.reset();
        std::optional<SqlError> error;
        if (!session)
            session = connect(error);
        if (session) {
            error = sample(*session);
            if (error)
                session.reset(); // reconnect at the next interval
        }
        if (error) {
            if (!m_lostTold)
                message(QStringLiteral("warning"), QStringLiteral("target health: no connection (%1); trying again every %2 ms")
                                                       .arg(error->toString()).arg(m_intervalMs));
            m_lostTold = true;
        } else if (m_lostTold) {
            message(QStringLiteral("info"), QStringLiteral("target health: connected again"));
            m_lostTold = false;
        }
        // A slow sample moves the schedule on: no burst of samples to catch up.
        next = qMax(next + m_intervalMs, clock.elapsed());
        if (!sleepUntil(clock, next, stop))
            break;
    }
}

} // namespace mig
