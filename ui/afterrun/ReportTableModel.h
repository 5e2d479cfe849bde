#pragma once

#include <QAbstractTableModel>
#include <QStringList>

namespace mig::ui {

// A read-only table of report rows (verification checks, schema statistics): text cells, the
// full text as tooltip, and one column whose verdict (PASS, FAIL, ...) is coloured.
class ReportTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit ReportTableModel(const QStringList &headers, int statusColumn = -1, QObject *parent = nullptr);

    void setRows(const QList<QStringList> &rows);
    const QList<QStringList> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QStringList m_headers;
    int m_statusColumn;
    QList<QStringList> m_rows;
};

} // namespace mig::ui
