#pragma once

#include "RunTracker.h"

#include <QProgressBar>
#include <QWidget>

class QLabel;

namespace mig::ui {

// A progress bar that keeps its text while busy: Qt's bar shows none in that state, and the
// running statement's bar must say how long it has been running.
class StatementBar : public QProgressBar
{
    Q_OBJECT
public:
    using QProgressBar::QProgressBar;
    void setBusyText(const QString &text) { m_busyText = text; update(); }
    QString text() const override;

private:
    QString m_busyText;
};

// The run's bars and clocks: migrations of the run ("runProgress"), statements of the current
// migration ("migrationProgress"), the running statement ("statementProgress", busy with its
// elapsed time), the current batch ("batchProgress": rows, rows/s, ETA), elapsed time
// ("elapsedLabel") and the estimate of what is left ("remainingLabel").
class RunProgressPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RunProgressPanel(QWidget *parent = nullptr);

    void reset();
    // Shows `p`; nowMs is the wall clock (ms since the epoch) the running statement is timed on.
    void show(const RunProgress &p, qint64 nowMs);
    void setElapsed(qint64 ms);
    void setRemaining(const std::optional<qint64> &ms, bool finished);
    // The run ended: bars of work that completed stand at 100 %, the statement bar stops.
    void finish(const RunProgress &p, bool succeeded);

    static QString duration(qint64 ms); // "0.4 s", "42 s", "3:07", "1:02:03"

private:
    QProgressBar *m_run, *m_migration, *m_batch;
    StatementBar *m_statement;
    QLabel *m_elapsed, *m_remaining;
};

} // namespace mig::ui
