#include "RunTracker.h"

#include <QDateTime>

namespace mig::ui {

qint64 RunTracker::parseAt(const QString &at)
{
    // The engine's own format, read by hand: this runs for every event of a 10,000-statement
    // run on the GUI thread, where QDateTime's ISO parser is the expensive part.
    if (at.size() == 24 && at.at(10) == u'T' && at.at(23) == u'Z') {
        auto num = [&at](int from, int n) {
            int v = 0;
            for (int i = from; i < from + n; ++i)
                v = v * 10 + (at.at(i).unicode() - u'0');
            return v;
        };
        const QDate date(num(0, 4), num(5, 2), num(8, 2));
        if (date.isValid())
            return (date.toJulianDay() - QDate(1970, 1, 1).toJulianDay()) * 86400000LL + num(11, 2) * 3600000LL
                   + num(14, 2) * 60000LL + num(17, 2) * 1000LL + num(20, 3);
    }
    const QDateTime t = QDateTime::fromString(at, Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
}

void RunTracker::reset()
{
    *this = RunTracker();
}

QString LogLine::line() const
{
    // The time of day as the engine stamped it (UTC), then the engine's own line.
    return text.isEmpty() ? QStringLiteral("%1  %2").arg(event.at.mid(11, 8), event.toText().trimmed()) : text;
}

void RunTracker::log(LogLine::Kind kind, const RunEvent &e)
{
    m_log << LogLine{kind, e, {}};
}

void RunTracker::consume(const RunEvent &e)
{
    if (e.type == RunEvent::Type::RunStarted) {
        if (!m_runId.isEmpty() && e.runId != m_runId)
            return;
        m_runId = e.runId;
        m_progress.migrationCount = e.migrationCount;
    } else if (!m_runId.isEmpty() && !e.runId.isEmpty() && e.runId != m_runId) {
        return; // a stale job's event (tagged with its run id)
    }
    const qint64 at = parseAt(e.at);
    if (m_t0 == 0)
        m_t0 = at;
    addRows(0, at); // time passes for the throughput windows even when no row changes

    switch (e.type) {
    case RunEvent::Type::MigrationStarted:
        m_progress.migration = QStringLiteral("%1 %2").arg(e.version, e.name).trimmed();
        m_progress.statementsDone = 0;
        m_progress.statementCount = e.statementCount;
        m_progress.statementRunning = false;
        m_progress.batchRunning = false;
        m_migrationStartMs = at;
        m_lastStatementEndMs = at;
        m_statementCountsSeen += e.statementCount;
        ++m_migrationsSeen;
        log(LogLine::Kind::Normal, e);
        break;
    case RunEvent::Type::StatementStarted:
        m_progress.statementRunning = true;
        m_progress.statement = e.statement;
        m_progress.statementStartedMs = at;
        m_lastStarted = e;
        break;
    case RunEvent::Type::StatementFinished:
        onStatementFinished(e, at);
        break;
    case RunEvent::Type::BatchProgress:
        onBatch(e, at);
        break;
    case RunEvent::Type::MigrationFinished:
        onMigrationFinished(e, at);
        break;
    case RunEvent::Type::HealthSample: {
        HealthPoint p;
        p.seconds = runSeconds(at);
        auto read = [&e](const char *key) -> std::optional<double> {
            const QJsonValue v = e.data.value(QLatin1String(key));
            return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
        };
        p.sessions = read("sessions");
        p.lockWaits = read("lockWaits");
        p.databaseBytes = read("databaseBytes");
        p.replicationLag = read("replicationLagSeconds");
        m_health << p;
        break;
    }
    case RunEvent::Type::RunFinished:
        m_finishedStatus = e.status;
        m_finishedMessage = e.message;
        m_runDurationMs = e.durationMs;
        m_progress.statementRunning = false;
        if (e.status == u"failed" || e.status == u"cancelled" || e.status == u"refused")
            endWith(e.status, e.message);
        closeThroughput();
        log(e.status == u"succeeded" || e.status == u"nothing-to-do" ? LogLine::Kind::Normal : LogLine::Kind::Failure, e);
        break;
    case RunEvent::Type::Message:
        log(e.status == u"error" ? LogLine::Kind::Failure : e.status == u"warning" ? LogLine::Kind::Warning : LogLine::Kind::Normal, e);
        break;
    case RunEvent::Type::CheckFinished:
        log(e.status == u"fail" ? LogLine::Kind::Failure : LogLine::Kind::Normal, e);
        break;
    case RunEvent::Type::SchemaChanged:
    case RunEvent::Type::SnapshotTaken:
    case RunEvent::Type::LockAcquired:
    case RunEvent::Type::RunStarted:
    case RunEvent::Type::Progress:
        log(LogLine::Kind::Normal, e);
        break;
    }
}

RunFailure RunTracker::failureOf(const RunEvent &e, const QString &outcome)
{
    RunFailure f;
    f.outcome = outcome;
    f.version = e.version;
    f.name = e.name;
    f.file = e.file;
    f.line = e.line;
    f.statement = e.statement;
    f.statementCount = e.statementCount;
    f.code = e.code;
    f.message = e.message;
    return f;
}

void RunTracker::onStatementFinished(const RunEvent &e, qint64 at)
{
    m_progress.statementRunning = false;
    m_progress.statement = e.statement;
    m_progress.lastStatementMs = e.durationMs;
    m_progress.lastStatementEnd = e.status == u"failed" ? QStringLiteral("failed after") : QStringLiteral("done in");
    m_durations << QPointF(runSeconds(at), double(qMax<qint64>(e.durationMs, 0)));
    const QString key = e.version + u'#' + QString::number(e.statement);
    const bool batched = key == m_batchKey;
    if (e.status == u"failed") {
        RunFailure f = failureOf(e, QStringLiteral("failed"));
        f.sql = m_lastStarted.statement == e.statement && m_lastStarted.version == e.version ? m_lastStarted.sql : QString();
        f.atStatement = true;
        m_failure = f;
        log(LogLine::Kind::Failure, e);
    } else {
        m_progress.statementsDone = e.statement;
        ++m_statementsFinished;
        m_lastStatementEndMs = at;
        if (!batched && e.rows > 0)
            addRows(e.rows, at);
        log(LogLine::Kind::Detail, e);
    }
    if (batched) {
        m_batchKey.clear();
        m_progress.batchRunning = false;
        if (m_progress.rowsTotal < 0) // unknown total: the statement's end is the batch's 100%
            m_progress.rowsTotal = m_progress.rowsDone;
    }
}

void RunTracker::onBatch(const RunEvent &e, qint64 at)
{
    m_batchKey = e.version + u'#' + QString::number(e.statement);
    m_progress.batchSeen = true;
    m_progress.batchRunning = true;
    m_progress.rowsDone = e.rowsDone;
    m_progress.rowsTotal = e.rowsTotal;
    m_progress.rowsPerSecond = e.rowsPerSecond;
    m_progress.etaMs = e.etaMs;
    addRows(qMax<qint64>(e.rows, 0), at);
    log(LogLine::Kind::Detail, e);
}

void RunTracker::onMigrationFinished(const RunEvent &e, qint64 at)
{
    const bool stoppedInStatement = m_progress.statementRunning; // a cancel between batches ends no statement
    if (stoppedInStatement) {
        m_progress.lastStatementMs = at - m_progress.statementStartedMs;
        m_progress.lastStatementEnd = QStringLiteral("stopped after");
    }
    if (m_progress.batchRunning) {
        m_progress.batchRunning = false;
        m_progress.batchStopped = true;
    }
    const bool ok = e.status == u"applied" || e.status == u"rolled_back" || e.status == u"applied_differs";
    if (ok) // the bar counts migrations done, not those that ended
        m_progress.migrationsDone = qMax(m_progress.migrationsDone, e.migrationIndex);
    if (ok)
        m_progress.statementsDone = m_progress.statementCount;
    m_progress.statementRunning = false;
    m_finishedMigrationMs += qMax<qint64>(e.durationMs, 0);
    m_migrationStartMs = -1;
    m_migrationDurations << qMakePair(e.version, qMax<qint64>(e.durationMs, 0));
    if (!ok && !m_failure) { // stopped between statements or batches, or outside any statement
        RunFailure f = failureOf(e, e.status == u"cancelled" ? QStringLiteral("cancelled") : QStringLiteral("failed"));
        f.line = 0;
        f.statement = 0;
        if (stoppedInStatement) {
            f.atStatement = true;
            f.statement = m_lastStarted.statement;
            f.statementCount = m_lastStarted.statementCount;
            f.line = m_lastStarted.line;
            f.file = m_lastStarted.file.isEmpty() ? f.file : m_lastStarted.file;
            f.sql = m_lastStarted.sql;
        }
        m_failure = f;
    }
    log(ok ? LogLine::Kind::Normal : LogLine::Kind::Failure, e);
}

void RunTracker::endWith(const QString &status, const QString &message)
{
    if (m_finishedStatus.isEmpty()) {
        m_finishedStatus = status;
        m_finishedMessage = message;
    }
    if (status != u"failed" && status != u"cancelled" && status != u"refused")
        return;
    if (!m_failure) {
        RunFailure f;
        f.message = message;
        m_failure = f;
    }
    m_failure->outcome = status;
    if (m_failure->message.isEmpty())
        m_failure->message = message;
}

void RunTracker::addRows(qint64 rows, qint64 at)
{
    if (m_windowStart < 0)
        m_windowStart = m_t0;
    // Close the windows this moment is past; a long quiet gap gets one zero at each end.
    if (at >= m_windowStart + WindowMs) {
        m_throughput << QPointF(runSeconds(m_windowStart + WindowMs / 2), m_windowRows * 1000.0 / WindowMs);
        const qint64 skipped = (at - m_windowStart) / WindowMs - 1;
        if (skipped > 0) {
            m_throughput << QPointF(runSeconds(m_windowStart + WindowMs + WindowMs / 2), 0);
            if (skipped > 1)
                m_throughput << QPointF(runSeconds(m_windowStart + skipped * WindowMs + WindowMs / 2), 0);
        }
        m_windowStart += (skipped + 1) * WindowMs;
        m_windowRows = 0;
    }
    m_windowRows += rows;
    m_windowLastMs = at;
}

void RunTracker::closeThroughput()
{
    if (m_windowStart < 0 || m_windowLastMs < m_windowStart)
        return;
    const qint64 span = qMax<qint64>(1, m_windowLastMs - m_windowStart);
    if (m_windowRows > 0 || m_throughput.isEmpty())
        m_throughput << QPointF(runSeconds(m_windowStart + span / 2), m_windowRows * 1000.0 / span);
    m_windowStart = -1;
    m_windowRows = 0;
}

std::optional<qint64> RunTracker::remainingMs(qint64 nowMs) const
{
    if (m_statementsFinished == 0 || !m_finishedStatus.isEmpty())
        return std::nullopt;
    qint64 spent = m_finishedMigrationMs;
    if (m_migrationStartMs >= 0)
        spent += qMax<qint64>(0, m_lastStatementEndMs - m_migrationStartMs);
    const double perStatement = double(spent) / m_statementsFinished;
    const RunProgress &p = m_progress;
    double left = 0;
    if (m_migrationStartMs >= 0) {
        int after = p.statementCount - p.statementsDone;
        if (p.statementRunning) {
            --after;
            if (p.batchRunning && p.etaMs >= 0)
                left += p.etaMs;
            else
                left += qMax(0.0, perStatement - (nowMs - p.statementStartedMs));
        }
        left += qMax(0, after) * perStatement;
    }
    const int inFlight = m_migrationStartMs >= 0 ? 1 : 0;
    const int future = qMax(0, p.migrationCount - p.migrationsDone - inFlight);
    const double statementsPerMigration = m_migrationsSeen > 0 ? double(m_statementCountsSeen) / m_migrationsSeen : 1.0;
    left += future * statementsPerMigration * perStatement;
    return qint64(left);
}

QList<LogLine> RunTracker::takeLog() { return std::exchange(m_log, {}); }
QList<QPointF> RunTracker::takeDurations() { return std::exchange(m_durations, {}); }
QList<QPointF> RunTracker::takeThroughput() { return std::exchange(m_throughput, {}); }
QList<QPair<QString, qint64>> RunTracker::takeMigrationDurations() { return std::exchange(m_migrationDurations, {}); }
QList<HealthPoint> RunTracker::takeHealth() { return std::exchange(m_health, {}); }

} // namespace mig::ui
