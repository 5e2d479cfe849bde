#include "MainWindow.h"

#include "PlanTableModel.h"

#include <QDir>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace mig::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_model(new PlanTableModel(this))
    , m_table(new QTableView)
    , m_problems(new QListWidget)
    , m_summary(new QLabel)
{
    setWindowTitle(tr("Migration Console"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/migration-console.svg")));
    m_table->setObjectName(QStringLiteral("migrationsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_problems->setObjectName(QStringLiteral("problemsList"));
    m_summary->setObjectName(QStringLiteral("summaryLabel"));

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_table);
    splitter->addWidget(m_problems);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_summary);
    layout->addWidget(splitter);
    setCentralWidget(central);
    resize(1100, 640);

    connect(&m_watcher, &QFutureWatcher<FolderPlan>::finished, this, &MainWindow::showPlan);
}

void MainWindow::openFolder(const QString &dir, Dialect dialect)
{
    m_summary->setText(tr("Reading %1 …").arg(QDir::toNativeSeparators(dir)));
    statusBar()->showMessage(tr("Reading migrations…"));
    m_watcher.setFuture(QtConcurrent::run([dir, dialect] { return planFolder(dir, dialect); }));
}

void MainWindow::showPlan()
{
    const FolderPlan plan = m_watcher.result();
    m_model->setPlan(plan.migrations);
    m_table->resizeColumnsToContents();
    m_problems->clear();
    for (const Problem &p : plan.folder.problems) {
        auto *item = new QListWidgetItem(p.toString(), m_problems);
        item->setForeground(p.severity == Problem::Severity::Error ? QColor(0xb0, 0x20, 0x20) : QColor(0x9a, 0x6a, 0x00));
    }
    const QString layout = plan.folder.format ? formatName(*plan.folder.format) : tr("no layout");
    m_summary->setText(tr("<b>%1</b> — %2 layout, %3 dialect, %n migration(s)", nullptr, int(plan.migrations.size()))
                           .arg(QDir::toNativeSeparators(plan.folder.dir).toHtmlEscaped(), layout, dialectName(plan.dialect)));
    statusBar()->showMessage(plan.hasErrors() ? tr("The folder has errors; see the list below.") : tr("Ready"));
    Q_EMIT planShown();
}

} // namespace mig::ui
