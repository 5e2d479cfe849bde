#pragma once

#include "RunTracker.h"

#include "preflight/Recovery.h"
#include "run/Runner.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <optional>

class QLabel;
class QMessageBox;
class QPushButton;

namespace mig::ui {

class FailurePanel;
class RunCharts;
class RunLog;
class RunProgressPanel;

// The live run ("runView"): progress bars and clocks, the live log, the charts, Cancel (with
// the one confirmation a run may ask for) and, when a run stops part-way, the failure panel
// with the recovery choices. It only shows what it is given: events (through an EventQueue,
// from the worker that runs the engine) and the run's result; what happens on Cancel or a
// recovery choice is the controller's business, told through signals.
//
// Events are taken in as they come and shown by a flush timer, at most four times a second:
// progress, labels, one append to the log and one QXYSeries::replace() per chart line.
class RunView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int FlushMs = 250;

    explicit RunView(QWidget *parent = nullptr);
    ~RunView() override;

    // A new run: everything is cleared, Cancel is enabled.
    void startRun(const QString &title);
    // Events of the run; events of other runs are ignored once RunStarted has named this one.
    void addEvents(const QList<mig::RunEvent> &events);
    // The run is over (its events all given): final bars, and the failure panel when it failed
    // or was cancelled. Emits runShownFinished() once shown.
    void finishRun(const mig::RunResult &result);
    // The recovery choices after a failed or cancelled run (recoveryAfterLastRun).
    void setRecovery(const std::optional<mig::Recovery> &recovery);

    bool isRunning() const { return m_running; }
    // Points (bars, for migrationChart) a chart shows now: durationChart, throughputChart,
    // migrationChart, healthChart; -1 for another name.
    int pointCount(const QString &chartName) const;

Q_SIGNALS:
    void cancelRequested();
    void recoveryRequested(const mig::RecoveryChoice &choice);
    void runShownFinished();

private:
    void flush();
    void askCancel();
    qint64 elapsedMs() const;

    RunTracker m_tracker;
    QLabel *m_title, *m_status;
    RunProgressPanel *m_progress;
    QPushButton *m_cancel;
    FailurePanel *m_failure;
    RunCharts *m_charts;
    RunLog *m_log;
    QTimer m_flushTimer;
    QElapsedTimer m_clock; // since startRun(), for the elapsed time before the engine says
    bool m_running = false;
    bool m_cancelRequested = false;
    bool m_lateFlush = false; // a flush for events after finishRun() is pending
    QPointer<QMessageBox> m_confirm;
};

} // namespace mig::ui
