#pragma once

#include "TargetSummary.h"

#include <QAbstractTableModel>

#include <functional>

namespace mig::ui {

// The target list: one row per saved profile, its state against the open folder in columns,
// each with a state icon and a tooltip that says what the icon means and what was measured.
class TargetListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Target, Reachable, Server, Version, Pending, Drift, Dirty, Lock, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setProfiles(const QList<ConnectionProfile> &profiles); // every row "not checked"
    void setCurrent(const QString &name);
    void setChecking(const QString &name);
    void setNoPassword(const QString &name, const QString &why);
    void setSummary(const QString &name, const TargetSummary &summary);

    int rowOf(const QString &name) const; // -1 when absent
    const ConnectionProfile &profileAt(int row) const { return m_rows.at(row).profile; }

private:
    struct Row {
        enum class Phase { NotChecked, Checking, NoPassword, Checked };
        ConnectionProfile profile;
        Phase phase = Phase::NotChecked;
        QString why; // NoPassword: why none
        TargetSummary summary;
    };
    struct Cell {
        QString text;
        int icon = -1; // a StateIcon, or none
        QString tip;
    };
    Cell cell(const Row &row, int column) const;
    Cell stateCell(const Row &row, int column) const;
    void update(const QString &name, const std::function<void(Row &)> &change);
    void changed(int row);

    QList<Row> m_rows;
    QString m_current;
};

} // namespace mig::ui
