#pragma once

#include "run/History.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace mig::ui {

// The History tab: every history row of the migration, oldest first — each run that touched
// it, with its outcome and, for a failure, where and why (file:line, engine error, statement).
class HistoryPage : public QWidget
{
    Q_OBJECT
public:
    enum Column { Run, Action, Direction, Status, Started, Duration, By, Error, ColumnCount };

    explicit HistoryPage(QWidget *parent = nullptr);

    void showHistory(const QList<HistoryRow> &rows);

    QTableWidget *table() const { return m_table; }

private:
    QLabel *m_summary;
    QTableWidget *m_table;
};

} // namespace mig::ui
