#include "MigrationsModel.h"

#include "StateLook.h"

namespace mig::ui {

MigrationsModel::MigrationsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void MigrationsModel::setRows(QList<MigrationRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int MigrationsModel::indexOf(const QString &key) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).key == key)
            return i;
    return -1;
}

const MigrationRow *MigrationsModel::rowOf(const QString &key) const
{
    const int i = indexOf(key);
    return i < 0 ? nullptr : &m_rows.at(i);
}

int MigrationsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MigrationsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MigrationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Version: return QStringLiteral("Version");
    case Name: return QStringLiteral("Name");
    case State: return QStringLiteral("State");
    case Checksum: return QStringLiteral("Checksum");
    case Duration: return QStringLiteral("Duration");
    case AppliedAt: return QStringLiteral("Applied at");
    case AppliedBy: return QStringLiteral("Applied by");
    case Rollback: return QStringLiteral("Rollback");
    case Lint: return QStringLiteral("Lint");
    }
    return {};
}

QVariant MigrationsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const MigrationRow &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(r, index.column());
    case Qt::DecorationRole: return decoration(r, index.column());
    case Qt::ToolTipRole: return toolTip(r, index.column());
    case KeyRole: return r.key;
    case StateRole: return r.state ? int(*r.state) : -1;
    case SortRole: return sortKey(r, index.column());
    default: return {};
    }
}

QVariant MigrationsModel::display(const MigrationRow &r, int column) const
{
    switch (column) {
    case Version: return r.version.isEmpty() ? QStringLiteral("(repeatable)") : r.version;
    case Name: return r.name;
    case State: return r.state ? stateTitle(*r.state) : QStringLiteral("unknown");
    case Checksum: return r.checksum.left(10);
    case Duration: return formatDurationMs(r.durationMs);
    case AppliedAt: return r.appliedAt.isEmpty() ? QString() : formatUtc(r.appliedAt);
    case AppliedBy: return r.appliedBy;
    case Rollback: return r.rollback.text();
    case Lint:
        if (!r.linted)
            return QString();
        return r.worstLint ? QStringLiteral("%1 (%2)").arg(lint::severityName(*r.worstLint)).arg(r.findings.size())
                           : QStringLiteral("clean");
    }
    return {};
}

QVariant MigrationsModel::decoration(const MigrationRow &r, int column) const
{
    if (column == State && r.state)
        return stateIcon(*r.state);
    if (column == Rollback)
        return rollbackIcon(r.rollback.kind);
    if (column == Lint && r.worstLint)
        return severityIcon(*r.worstLint);
    return {};
}

QVariant MigrationsModel::toolTip(const MigrationRow &r, int column) const
{
    switch (column) {
    case State: {
        if (!r.state)
            return QStringLiteral("State unknown: the target could not be read.");
        QString text = stateDescription(*r.state);
        if (!r.stateDetail.isEmpty())
            text += QStringLiteral("\n\nHistory: ") + r.stateDetail;
        return text;
    }
    case Checksum: return r.checksum.isEmpty() ? QVariant() : QVariant(QStringLiteral("SHA-256 of the up script: ") + r.checksum);
    case Duration:
        return r.durationMs < 0 ? QVariant() : QVariant(QStringLiteral("Duration of its latest history row (%1): %2 ms").arg(r.durationOf).arg(r.durationMs));
    case AppliedAt: return r.appliedAt.isEmpty() ? QVariant() : QVariant(r.appliedAt);
    case Rollback: {
        QString text = rollbackDescription(r.rollback.kind);
        if (!r.rollback.detail.isEmpty())
            text += u'\n' + r.rollback.detail;
        return text;
    }
    case Lint: {
        if (!r.linted && r.state && !lintable(*r.state))
            return QStringLiteral("Not linted: lint reads the migrations the next apply runs (pending, failed, out of order).");
        if (!r.linted)
            return QStringLiteral("Lint has not run (it reads the live target; see the banner above when it failed).");
        if (r.findings.isEmpty())
            return QStringLiteral("Lint found nothing in this migration.");
        QStringList lines;
        for (const lint::Finding &f : r.findings)
            lines << findingText(f);
        return lines.join(QStringLiteral("\n\n"));
    }
    default: return {};
    }
}

QVariant MigrationsModel::sortKey(const MigrationRow &r, int column) const
{
    switch (column) {
    case Version: return r.order;
    case State: return r.state ? int(*r.state) : -1;
    case Duration: return r.durationMs;
    case AppliedAt: return r.appliedAt;
    case Rollback: return int(r.rollback.kind);
    case Lint: return r.worstLint ? int(*r.worstLint) : (r.linted ? -1 : -2);
    default: return display(r, column);
    }
}

} // namespace mig::ui
