#pragma once

#include "plan/FolderPlan.h"

#include <QFutureWatcher>
#include <QMainWindow>

class QLabel;
class QListWidget;
class QTableView;

namespace mig::ui {

class PlanTableModel;

// The console's window. For now it shows the plan of one migration folder; reading the
// folder runs on a worker thread so the window never stalls on a large folder.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    void openFolder(const QString &dir, Dialect dialect);

Q_SIGNALS:
    void planShown(); // the table holds the plan of the folder last opened

private:
    void showPlan();

    PlanTableModel *m_model;
    QTableView *m_table;
    QListWidget *m_problems;
    QLabel *m_summary;
    QFutureWatcher<FolderPlan> m_watcher;
};

} // namespace mig::ui
