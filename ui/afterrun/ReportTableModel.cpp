#include "ReportTableModel.h"

#include "ReportDocument.h"
#include "migrations/Tones.h"

#include <QApplication>
#include <QFont>
#include <QPalette>

namespace mig::ui {

ReportTableModel::ReportTableModel(const QStringList &headers, int statusColumn, QObject *parent)
    : QAbstractTableModel(parent), m_headers(headers), m_statusColumn(statusColumn)
{
}

void ReportTableModel::setRows(const QList<QStringList> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int ReportTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReportTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant ReportTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const QString text = m_rows.at(index.row()).value(index.column());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return text;
    case Qt::ForegroundRole:
        if (index.column() != m_statusColumn)
            return {};
        switch (report::toneOf(text)) {
        case report::Tone::Good: return toneText(Tone::Added, QApplication::palette());
        case report::Tone::Bad: return toneText(Tone::Removed, QApplication::palette());
        case report::Tone::Warn: return toneText(Tone::Warn, QApplication::palette());
        case report::Tone::Neutral: return {};
        }
        return {};
    case Qt::FontRole:
        if (index.column() == m_statusColumn) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    default:
        return {};
    }
}

QVariant ReportTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return m_headers.value(section);
    return {};
}

} // namespace mig::ui
