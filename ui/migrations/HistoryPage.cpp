#include "HistoryPage.h"

#include "MigrationRow.h"
#include "StateLook.h"
#include "TextLabel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mig::ui {

namespace {

QIcon statusIcon(const QString &status)
{
    if (status == u"applied")
        return stateIcon(MigrationState::Applied);
    if (status == u"applied_differs")
        return stateIcon(MigrationState::AppliedWithDifferences);
    if (status == u"dirty")
        return stateIcon(MigrationState::Dirty);
    if (status == u"failed" || status == u"cancelled")
        return stateIcon(MigrationState::Failed);
    return stateIcon(MigrationState::Pending); // rolled_back
}

QString statusMeaning(const QString &status)
{
    if (status == u"applied")
        return QStringLiteral("applied: the action completed");
    if (status == u"applied_differs")
        return QStringLiteral("applied_differs: it ran, but the schema afterwards is not what it declared");
    if (status == u"dirty")
        return QStringLiteral("dirty: stopped part-way with some statements committed");
    if (status == u"failed")
        return QStringLiteral("failed: an error rolled its transaction back; nothing was kept");
    if (status == u"cancelled")
        return QStringLiteral("cancelled: stopped on request; its transaction rolled back");
    if (status == u"rolled_back")
        return QStringLiteral("rolled_back: its down script ran");
    return status;
}

QString errorLine(const HistoryRow &r)
{
    if (r.errorMessage.isEmpty() && r.errorFile.isEmpty())
        return {};
    QString text;
    if (!r.errorFile.isEmpty())
        text = QStringLiteral("%1:%2: ").arg(r.errorFile).arg(r.errorLine);
    text += r.errorMessage;
    if (!r.errorCode.isEmpty())
        text += QStringLiteral(" [%1]").arg(r.errorCode);
    if (!r.errorStatement.isEmpty())
        text += QStringLiteral(" — ") + r.errorStatement.simplified();
    return text;
}

} // namespace

HistoryPage::HistoryPage(QWidget *parent)
    : QWidget(parent)
{
    m_summary = textLabel(this, QStringLiteral("historySummary"));
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("historyRows"));
    m_table->setHorizontalHeaderLabels({QStringLiteral("Run"), QStringLiteral("Action"), QStringLiteral("Direction"),
                                        QStringLiteral("Status"), QStringLiteral("Started"), QStringLiteral("Duration"),
                                        QStringLiteral("By"), QStringLiteral("Error")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
}

void HistoryPage::showHistory(const QList<HistoryRow> &rows)
{
    m_summary->setText(rows.isEmpty() ? QStringLiteral("No run has touched this migration on the target yet.")
                                      : QStringLiteral("%1 history row(s), oldest first.").arg(rows.size()));
    m_table->setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        const HistoryRow &r = rows.at(i);
        auto *status = new QTableWidgetItem(statusIcon(r.status), r.status);
        status->setToolTip(statusMeaning(r.status));
        auto *started = new QTableWidgetItem(formatUtc(r.startedAt));
        started->setToolTip(QStringLiteral("started %1\nfinished %2").arg(r.startedAt, r.finishedAt));
        QString progress = QStringLiteral("%1 of %2 statement(s)").arg(r.statementsDone).arg(r.statementsTotal);
        auto *duration = new QTableWidgetItem(formatDurationMs(r.durationMs));
        duration->setToolTip(progress);
        const QString error = errorLine(r);
        auto *errorItem = new QTableWidgetItem(error);
        QString tip = error;
        if (!r.errorStatement.isEmpty())
            tip = QStringLiteral("%1:%2: %3 [%4]\n\nStatement:\n%5").arg(r.errorFile).arg(r.errorLine).arg(r.errorMessage, r.errorCode, r.errorStatement);
        if (!r.reason.isEmpty())
            tip += (tip.isEmpty() ? QString() : QStringLiteral("\n\n")) + QStringLiteral("Reason: ") + r.reason;
        errorItem->setToolTip(tip);
        if (error.isEmpty() && !r.reason.isEmpty())
            errorItem->setText(QStringLiteral("reason: ") + r.reason);
        auto *run = new QTableWidgetItem(r.runId);
        run->setToolTip(QStringLiteral("run %1, history row #%2, console %3").arg(r.runId).arg(r.id).arg(r.consoleVersion));
        m_table->setItem(i, Run, run);
        m_table->setItem(i, Action, new QTableWidgetItem(r.action));
        m_table->setItem(i, Direction, new QTableWidgetItem(r.direction));
        m_table->setItem(i, Status, status);
        m_table->setItem(i, Started, started);
        m_table->setItem(i, Duration, duration);
        m_table->setItem(i, By, new QTableWidgetItem(r.appliedBy));
        m_table->setItem(i, Error, errorItem);
    }
    m_table->resizeColumnsToContents();
    // A long failing statement would push the table wide; its whole text is in the tooltip.
    m_table->setColumnWidth(Error, std::min(m_table->columnWidth(Error), 640));
}

} // namespace mig::ui
