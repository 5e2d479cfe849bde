#include "RunView.h"

#include "FailurePanel.h"
#include "RunCharts.h"
#include "RunLog.h"
#include "RunLook.h"
#include "RunProgressPanel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace mig::ui {

namespace {

QString outcomeName(RunResult::Outcome o)
{
    switch (o) {
    case RunResult::Outcome::Succeeded: return QStringLiteral("succeeded");
    case RunResult::Outcome::NothingToDo: return QStringLiteral("nothing-to-do");
    case RunResult::Outcome::Failed: return QStringLiteral("failed");
    case RunResult::Outcome::Cancelled: return QStringLiteral("cancelled");
    case RunResult::Outcome::Refused: return QStringLiteral("refused");
    }
    return {};
}

} // namespace

RunView::RunView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("runView"));
    auto *layout = new QVBoxLayout(this);

    auto *head = new QHBoxLayout;
    m_title = runHeading(QStringLiteral("runTitle"), 1.2, this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("runStatus"));
    head->addWidget(m_title, 1);
    head->addWidget(m_status);
    layout->addLayout(head);

    auto *middle = new QHBoxLayout;
    m_progress = new RunProgressPanel(this);
    middle->addWidget(m_progress, 1);
    m_cancel = new QPushButton(QStringLiteral("Cancel run"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancel->setToolTip(QStringLiteral("Cancel the run after a confirmation (Esc): the running statement is interrupted"));
    middle->addWidget(m_cancel, 0, Qt::AlignTop);
    layout->addLayout(middle);

    m_failure = new FailurePanel(this);
    layout->addWidget(m_failure);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("runSplitter"));
    m_charts = new RunCharts(split);
    m_log = new RunLog(split);
    split->addWidget(m_charts);
    split->addWidget(m_log);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);

    connect(m_cancel, &QPushButton::clicked, this, &RunView::askCancel);
    connect(m_failure, &FailurePanel::recoveryRequested, this, &RunView::recoveryRequested);
    m_flushTimer.setInterval(FlushMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &RunView::flush);

    m_cancel->setEnabled(false);
    m_title->setText(QStringLiteral("No run yet"));
}

RunView::~RunView() = default;

void RunView::startRun(const QString &title)
{
    if (m_confirm)
        m_confirm->reject();
    m_tracker.reset();
    m_progress->reset();
    m_failure->clear();
    m_charts->reset();
    m_log->clearLog();
    m_title->setText(title);
    m_status->setText(QStringLiteral("Running…"));
    m_status->setToolTip(QStringLiteral("The run is in progress"));
    m_cancel->setText(QStringLiteral("Cancel run"));
    m_cancel->setEnabled(true);
    m_running = true;
    m_cancelRequested = false;
    m_clock.start();
    m_flushTimer.start();
}

void RunView::addEvents(const QList<RunEvent> &events)
{
    for (const RunEvent &e : events)
        m_tracker.consume(e);
    // Late events (after finishRun) still reach the screen, with one flush of their own.
    if (!m_flushTimer.isActive() && !m_lateFlush) {
        m_lateFlush = true;
        QTimer::singleShot(FlushMs, this, [this] {
            m_lateFlush = false;
            if (!m_running)
                flush();
        });
    }
}

qint64 RunView::elapsedMs() const
{
    if (m_tracker.runDurationMs() >= 0)
        return m_tracker.runDurationMs();
    return m_clock.isValid() ? m_clock.elapsed() : 0;
}

void RunView::flush()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_log->add(m_tracker.takeLog());
    m_log->flush();
    m_charts->addDurations(m_tracker.takeDurations());
    m_charts->addThroughput(m_tracker.takeThroughput());
    m_charts->addMigrationDurations(m_tracker.takeMigrationDurations());
    m_charts->addHealth(m_tracker.takeHealth());
    const double runSeconds = m_tracker.runStartMs() > 0 ? qMax(0.0, (now - m_tracker.runStartMs()) / 1000.0) : 0.0;
    m_charts->flush(m_running ? runSeconds : qMin(runSeconds, elapsedMs() / 1000.0 + 1), !m_running);
    m_progress->show(m_tracker.progress(), now);
    m_progress->setElapsed(elapsedMs());
    m_progress->setRemaining(m_tracker.remainingMs(now), !m_running);
}

void RunView::finishRun(const RunResult &result)
{
    if (m_confirm)
        m_confirm->reject(); // nothing left to cancel
    m_tracker.endWith(outcomeName(result.outcome), result.message);
    m_tracker.closeThroughput();
    m_running = false;
    m_flushTimer.stop();
    flush();
    const bool ok = result.outcome == RunResult::Outcome::Succeeded || result.outcome == RunResult::Outcome::NothingToDo;
    m_progress->finish(m_tracker.progress(), ok);
    m_cancel->setEnabled(false);
    m_cancel->setText(QStringLiteral("Cancel run"));
    static const char *const words[] = {"Succeeded", "Nothing to do", "Failed", "Cancelled", "Refused"};
    m_status->setText(QStringLiteral("%1 in %2").arg(QLatin1String(words[int(result.outcome)]), RunProgressPanel::duration(elapsedMs())));
    m_status->setToolTip(result.message.isEmpty() ? m_status->text() : result.message);
    if (!ok && m_tracker.failure())
        m_failure->showFailure(*m_tracker.failure());
    Q_EMIT runShownFinished();
}

void RunView::setRecovery(const std::optional<Recovery> &recovery)
{
    m_failure->setRecovery(recovery);
}

int RunView::pointCount(const QString &chartName) const
{
    return m_charts->pointCount(chartName);
}

void RunView::askCancel()
{
    if (!m_running || m_cancelRequested || m_confirm)
        return;
    // The only dialog a run may raise: window-modal through open(), never exec(), so the run's
    // events keep flowing while the DBA decides.
    auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Cancel the run?"),
                                QStringLiteral("The running statement is interrupted and its transaction rolled back. A migration that "
                                               "runs statement by statement stays dirty at the statement it reached: resume or roll "
                                               "it back afterwards."),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("cancelConfirm"));
    QPushButton *yes = box->addButton(QStringLiteral("Cancel run"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmCancel"));
    QPushButton *no = box->addButton(QStringLiteral("Keep running"), QMessageBox::RejectRole);
    no->setObjectName(QStringLiteral("keepRunning"));
    box->setDefaultButton(no);
    box->setEscapeButton(no);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, yes] {
        m_confirm = nullptr; // closed; deleted later
        if (box->clickedButton() != yes || !m_running)
            return;
        m_cancelRequested = true;
        m_cancel->setEnabled(false);
        m_cancel->setText(QStringLiteral("Cancelling…"));
        m_status->setText(QStringLiteral("Cancelling…"));
        Q_EMIT cancelRequested();
    });
    m_confirm = box;
    box->open();
}

} // namespace mig::ui
