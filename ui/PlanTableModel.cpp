#include "PlanTableModel.h"

namespace mig::ui {

void PlanTableModel::setPlan(const QList<PlannedMigration> &migrations)
{
    beginResetModel();
    m_rows = migrations;
    endResetModel();
}

int PlanTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PlanTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PlanTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const PlannedMigration &p = m_rows.at(index.row());
    const Migration &m = p.migration;
    if (role == Qt::ToolTipRole)
        return m.file;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Version: return m.repeatable ? tr("(repeatable)") : m.version.text();
    case Name: return m.name;
    case Format: return formatName(m.format);
    case Statements: return p.splitOk ? QVariant(p.statements) : QVariant(tr("error"));
    case Rollback: return m.down.isNull() ? tr("none") : tr("%n statement(s)", nullptr, p.downStatements);
    case Verify: return m.verify.isNull() ? tr("none") : tr("%n statement(s)", nullptr, p.verifyStatements);
    case Transactional: return m.transactional() ? tr("yes") : tr("no");
    case Checksum: return QString::fromLatin1(m.checksum.left(12));
    }
    return {};
}

QVariant PlanTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Version: return tr("Version");
    case Name: return tr("Name");
    case Format: return tr("Layout");
    case Statements: return tr("Statements");
    case Rollback: return tr("Rollback");
    case Verify: return tr("Verify");
    case Transactional: return tr("Transaction");
    case Checksum: return tr("Checksum");
    }
    return {};
}

} // namespace mig::ui
