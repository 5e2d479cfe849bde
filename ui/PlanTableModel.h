#pragma once

#include "plan/FolderPlan.h"

#include <QAbstractTableModel>

namespace mig::ui {

// The migrations of a folder plan, one row each.
class PlanTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Version, Name, Format, Statements, Rollback, Verify, Transactional, Checksum, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setPlan(const QList<PlannedMigration> &migrations);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<PlannedMigration> m_rows;
};

} // namespace mig::ui
