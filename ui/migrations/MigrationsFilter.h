#pragma once

#include "plan/Status.h"

#include <QSortFilterProxyModel>

namespace mig::ui {

// The migrations table as filtered by the DBA: a text matched against version and name (case
// insensitive), and a set of states (empty: every state). Sorts by MigrationsModel::SortRole.
class MigrationsFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit MigrationsFilter(QObject *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    void setStates(const QList<MigrationState> &states);
    QList<MigrationState> states() const { return m_states; }

    // The states that need a DBA's attention before the next apply.
    static QList<MigrationState> attentionStates();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QList<MigrationState> m_states;
};

} // namespace mig::ui
