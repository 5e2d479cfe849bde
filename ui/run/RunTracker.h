#pragma once

#include "run/RunEvent.h"

#include <QList>
#include <QPointF>
#include <QString>
#include <optional>

namespace mig::ui {

// Where a run stands, as far as its events tell: what the progress bars and labels show.
struct RunProgress {
    int migrationsDone = 0;
    int migrationCount = 0;       // from RunStarted; 0 until known
    QString migration;            // "002 create_feedback" (the current or last one)
    int statementsDone = 0;       // of the current migration
    int statementCount = 0;
    bool statementRunning = false;
    int statement = 0;            // the running (or last) statement, 1-based
    qint64 statementStartedMs = 0; // event clock (ms since the epoch) of the running statement
    qint64 lastStatementMs = -1;  // duration of the last finished statement
    QString lastStatementEnd = QStringLiteral("done in"); // "failed after", "stopped after"
    bool batchSeen = false;
    bool batchRunning = false;
    bool batchStopped = false;    // the run ended in the middle of the batched statement
    qint64 rowsDone = 0;
    qint64 rowsTotal = -1;
    double rowsPerSecond = 0;
    qint64 etaMs = -1;
};

// The statement a run stopped at, with the engine's words.
struct RunFailure {
    QString outcome;  // failed | cancelled
    QString version, name, file;
    int line = 0;
    int statement = 0;
    int statementCount = 0;
    QString sql;      // from the statement's StatementStarted
    QString code;     // SQLSTATE / engine code
    QString message;  // the engine's error, or the run's message when no statement failed
    bool atStatement = false;
};

// A line of the live log, as it will be shown.
// A line of the live log. It keeps its event and is worded only when shown: most lines of a
// big run are folded away unread (RunLog), and wording 20,000 of them costs the GUI thread.
struct LogLine {
    // Detail: one statement or batch done, the lines a big run has thousands of.
    enum class Kind { Normal, Detail, Warning, Failure };
    Kind kind = Kind::Normal;
    RunEvent event;
    QString text; // set: the line as it is (a note of the log's own); else worded from `event`

    QString line() const; // "12:04:05  [2/4] 002 seed_orders applied in 31 ms"
};

// One health sample on the run's clock.
struct HealthPoint {
    double seconds = 0;
    std::optional<double> sessions, lockWaits, databaseBytes, replicationLag;
};

// Turns a run's events into progress, estimates, log lines and chart points. Widget-free and
// cheap per event: the view calls consume() as batches arrive and takes what piled up on its
// flush timer, so 20,000 events never mean 20,000 repaints.
class RunTracker
{
public:
    void reset();
    // Ignores events of other runs once RunStarted has named this one.
    void consume(const RunEvent &e);

    const QString &runId() const { return m_runId; }
    const RunProgress &progress() const { return m_progress; }
    const std::optional<RunFailure> &failure() const { return m_failure; }
    QString finishedStatus() const { return m_finishedStatus; } // RunFinished's status, empty until then
    QString finishedMessage() const { return m_finishedMessage; }
    qint64 runStartMs() const { return m_t0; } // event clock of the first event; 0 before
    qint64 runDurationMs() const { return m_runDurationMs; } // RunFinished's; -1 before

    // Remaining time from the time spent per statement so far (in migrations, overhead included)
    // and a running batch's ETA; unset until a statement has finished.
    std::optional<qint64> remainingMs(qint64 nowMs) const;
    // The run ended without RunFinished (the caller's result): what the bars and panel show.
    void endWith(const QString &status, const QString &message);
    // Closes the throughput window still open (the end of the run).
    void closeThroughput();

    // What piled up since the last take; each call empties its list.
    QList<LogLine> takeLog();
    QList<QPointF> takeDurations();   // (run seconds, statement ms)
    QList<QPointF> takeThroughput();  // (run seconds, rows/s over a window)
    QList<QPair<QString, qint64>> takeMigrationDurations(); // (version, ms)
    QList<HealthPoint> takeHealth();

    // Event times as the engine wrote them ("2026-01-02T03:04:05.678Z"), in ms since the epoch.
    static qint64 parseAt(const QString &at);

private:
    double runSeconds(qint64 ms) const { return (ms - m_t0) / 1000.0; }
    void log(LogLine::Kind kind, const RunEvent &e);
    static RunFailure failureOf(const RunEvent &e, const QString &outcome);
    void onStatementFinished(const RunEvent &e, qint64 at);
    void onBatch(const RunEvent &e, qint64 at);
    void onMigrationFinished(const RunEvent &e, qint64 at);
    void addRows(qint64 rows, qint64 at);

    QString m_runId;
    qint64 m_t0 = 0;
    RunProgress m_progress;
    std::optional<RunFailure> m_failure;
    QString m_finishedStatus, m_finishedMessage;
    qint64 m_runDurationMs = -1;
    RunEvent m_lastStarted;    // the running statement (StatementFinished carries no SQL)
    QString m_batchKey;        // "version#statement" of the batched statement running

    // Estimates: time spent in migrations over statements finished.
    qint64 m_statementsFinished = 0;
    qint64 m_finishedMigrationMs = 0;
    qint64 m_migrationStartMs = -1; // event clock; -1 outside a migration
    qint64 m_lastStatementEndMs = -1;
    qint64 m_statementCountsSeen = 0;
    int m_migrationsSeen = 0;

    // Throughput: rows changed per window of run time.
    static constexpr qint64 WindowMs = 250;
    qint64 m_windowStart = -1;
    qint64 m_windowRows = 0;
    qint64 m_windowLastMs = -1;

    QList<LogLine> m_log;
    QList<QPointF> m_durations, m_throughput;
    QList<QPair<QString, qint64>> m_migrationDurations;
    QList<HealthPoint> m_health;
};

} // namespace mig::ui
