#pragma once

#include "MigrationRow.h"

#include <QAbstractTableModel>

namespace mig::ui {

// Every migration of a project with its state, as rows of values (Qt's address book pattern):
// setRows() replaces them all, the model never reads anything itself.
class MigrationsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Version, Name, State, Checksum, Duration, AppliedAt, AppliedBy, Rollback, Lint, ColumnCount };
    enum Role {
        KeyRole = Qt::UserRole + 1, // QString: the migration's history key
        StateRole,                  // int: MigrationState, -1 when unknown
        SortRole,                   // what the column sorts by (folder order for versions)
    };

    explicit MigrationsModel(QObject *parent = nullptr);

    void setRows(QList<MigrationRow> rows);
    const QList<MigrationRow> &rows() const { return m_rows; }
    const MigrationRow *rowOf(const QString &key) const;
    int indexOf(const QString &key) const; // -1 when absent

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const MigrationRow &r, int column) const;
    QVariant decoration(const MigrationRow &r, int column) const;
    QVariant toolTip(const MigrationRow &r, int column) const;
    QVariant sortKey(const MigrationRow &r, int column) const;

    QList<MigrationRow> m_rows;
};

} // namespace mig::ui
