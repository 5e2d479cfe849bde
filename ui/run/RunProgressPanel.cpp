#include "RunProgressPanel.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

namespace mig::ui {

namespace {

// Literal text for a bar: QProgressBar's format treats %v, %m and %p as placeholders.
void setBarText(QProgressBar *bar, QString text)
{
    bar->setFormat(text.replace(u'%', QStringLiteral("%%")));
}

void setBar(QProgressBar *bar, int max, int value)
{
    if (bar->maximum() != max || bar->minimum() != 0)
        bar->setRange(0, max);
    bar->setValue(qBound(0, value, max));
}

QProgressBar *makeBar(const QString &name, QWidget *parent)
{
    auto *bar = new QProgressBar(parent);
    bar->setObjectName(name);
    bar->setTextVisible(true);
    bar->setMinimumWidth(320);
    return bar;
}

} // namespace

QString StatementBar::text() const
{
    if (minimum() == 0 && maximum() == 0)
        return m_busyText;
    return QProgressBar::text();
}

QString RunProgressPanel::duration(qint64 ms)
{
    if (ms < 10000)
        return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 1);
    if (ms < 60000)
        return QStringLiteral("%1 s").arg(ms / 1000);
    const qint64 s = ms / 1000;
    if (s < 3600)
        return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

RunProgressPanel::RunProgressPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("runProgressPanel"));
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_run = makeBar(QStringLiteral("runProgress"), this);
    m_migration = makeBar(QStringLiteral("migrationProgress"), this);
    m_statement = new StatementBar(this);
    m_statement->setObjectName(QStringLiteral("statementProgress"));
    m_statement->setTextVisible(true);
    m_batch = makeBar(QStringLiteral("batchProgress"), this);
    m_run->setToolTip(QStringLiteral("Migrations of this run finished"));
    m_migration->setToolTip(QStringLiteral("Statements of the current migration finished"));
    m_statement->setToolTip(QStringLiteral("The statement running now, and for how long"));
    m_batch->setToolTip(QStringLiteral("Rows of the current batched data migration, its rows per second and the time left"));
    form->addRow(QStringLiteral("Migrations"), m_run);
    form->addRow(QStringLiteral("Statements"), m_migration);
    form->addRow(QStringLiteral("Statement"), m_statement);
    form->addRow(QStringLiteral("Batch"), m_batch);

    auto *clocks = new QHBoxLayout;
    m_elapsed = new QLabel(this);
    m_elapsed->setObjectName(QStringLiteral("elapsedLabel"));
    m_remaining = new QLabel(this);
    m_remaining->setObjectName(QStringLiteral("remainingLabel"));
    m_remaining->setToolTip(QStringLiteral("Estimated from the time each statement took so far in this run (and a running batch's "
                                           "own ETA); later migrations are assumed as long per statement"));
    clocks->addWidget(m_elapsed);
    clocks->addSpacing(24);
    clocks->addWidget(m_remaining);
    clocks->addStretch(1);
    form->addRow(QString(), clocks);
    reset();
}

void RunProgressPanel::reset()
{
    setBar(m_run, 1, 0);
    setBarText(m_run, QStringLiteral("waiting for the engine…"));
    setBar(m_migration, 1, 0);
    setBarText(m_migration, QStringLiteral("no migration started yet"));
    setBar(m_statement, 1, 0);
    setBarText(m_statement, QStringLiteral("no statement started yet"));
    setBar(m_batch, 1, 0);
    setBarText(m_batch, QStringLiteral("no batched statement yet"));
    setElapsed(0);
    setRemaining(std::nullopt, false);
}

void RunProgressPanel::show(const RunProgress &p, qint64 nowMs)
{
    if (p.migrationCount > 0) {
        setBar(m_run, p.migrationCount, p.migrationsDone);
        setBarText(m_run, QStringLiteral("%1 of %2 migration(s)").arg(p.migrationsDone).arg(p.migrationCount));
    }
    if (!p.migration.isEmpty()) {
        setBar(m_migration, qMax(1, p.statementCount), p.statementsDone);
        setBarText(m_migration, QStringLiteral("%1: %2 of %3 statement(s)").arg(p.migration).arg(p.statementsDone).arg(p.statementCount));
    }
    if (p.statementRunning) {
        const qint64 running = qMax<qint64>(0, nowMs - p.statementStartedMs);
        m_statement->setRange(0, 0);
        m_statement->setBusyText(QStringLiteral("statement %1 running for %2 ms").arg(p.statement).arg(running));
    } else if (p.statement > 0) {
        setBar(m_statement, 1, p.lastStatementEnd == u"done in" ? 1 : 0);
        setBarText(m_statement, QStringLiteral("statement %1 %2 %3 ms").arg(p.statement).arg(p.lastStatementEnd).arg(qMax<qint64>(p.lastStatementMs, 0)));
    }
    if (p.batchSeen) {
        const QLocale locale;
        const bool known = p.rowsTotal > 0;
        setBar(m_batch, 1000, known ? int(p.rowsDone * 1000 / p.rowsTotal) : (p.batchRunning ? 0 : 1000));
        QString text = known ? QStringLiteral("%1 of %2 rows").arg(locale.toString(p.rowsDone), locale.toString(p.rowsTotal))
                             : QStringLiteral("%1 rows").arg(locale.toString(p.rowsDone));
        text += QStringLiteral(" · %1 rows/s").arg(locale.toString(qRound64(p.rowsPerSecond)));
        if (p.batchRunning && p.etaMs >= 0)
            text += QStringLiteral(" · ETA %1").arg(duration(p.etaMs));
        else if (p.batchStopped)
            text += QStringLiteral(" · stopped");
        else if (!p.batchRunning)
            text += QStringLiteral(" · done");
        setBarText(m_batch, text);
    }
}

void RunProgressPanel::setElapsed(qint64 ms)
{
    m_elapsed->setText(QStringLiteral("Elapsed: %1").arg(duration(ms)));
}

void RunProgressPanel::setRemaining(const std::optional<qint64> &ms, bool finished)
{
    if (finished)
        m_remaining->setText(QStringLiteral("Remaining: none, the run has ended"));
    else if (!ms)
        m_remaining->setText(QStringLiteral("Remaining: estimating…"));
    else
        m_remaining->setText(QStringLiteral("Remaining: about %1").arg(duration(*ms)));
}

void RunProgressPanel::finish(const RunProgress &p, bool succeeded)
{
    show(p, 0);
    if (m_statement->maximum() == 0) { // it stopped mid-statement
        setBar(m_statement, 1, 0);
        setBarText(m_statement, QStringLiteral("statement %1 stopped").arg(p.statement));
    }
    if (succeeded && p.migrationCount == 0) {
        setBar(m_run, 1, 1);
        setBarText(m_run, QStringLiteral("nothing to do"));
    }
}

} // namespace mig::ui
