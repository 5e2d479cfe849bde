#include "MigrationsFilter.h"

#include "MigrationsModel.h"

namespace mig::ui {

MigrationsFilter::MigrationsFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(MigrationsModel::SortRole);
}

void MigrationsFilter::setText(const QString &text)
{
    const QString t = text.trimmed();
    if (t == m_text)
        return;
    m_text = t;
    invalidateRowsFilter();
}

void MigrationsFilter::setStates(const QList<MigrationState> &states)
{
    if (states == m_states)
        return;
    m_states = states;
    invalidateRowsFilter();
}

QList<MigrationState> MigrationsFilter::attentionStates()
{
    return {MigrationState::AppliedWithDifferences, MigrationState::Modified, MigrationState::Missing,
            MigrationState::Failed, MigrationState::Dirty, MigrationState::OutOfOrder};
}

bool MigrationsFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *m = sourceModel();
    if (!m_states.isEmpty()) {
        const int state = m->index(sourceRow, MigrationsModel::State, sourceParent).data(MigrationsModel::StateRole).toInt();
        if (state < 0 || !m_states.contains(MigrationState(state)))
            return false;
    }
    if (m_text.isEmpty())
        return true;
    const QString version = m->index(sourceRow, MigrationsModel::Version, sourceParent).data().toString();
    const QString name = m->index(sourceRow, MigrationsModel::Name, sourceParent).data().toString();
    return version.contains(m_text, Qt::CaseInsensitive) || name.contains(m_text, Qt::CaseInsensitive);
}

} // namespace mig::ui
