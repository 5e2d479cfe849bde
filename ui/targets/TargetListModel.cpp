#include "TargetListModel.h"

#include "TargetIcons.h"

#include <QFont>

namespace mig::ui {

namespace {

constexpr int NoIcon = -1;

int icon(StateIcon i)
{
    return int(i);
}

// At most `max` lines of a list in a tooltip, then how many more.
QString listTip(const QStringList &lines, int max = 12)
{
    QStringList shown = lines.mid(0, max);
    if (lines.size() > max)
        shown << QStringLiteral("… and %1 more").arg(lines.size() - max);
    return shown.join(u'\n');
}

} // namespace

int TargetListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TargetListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TargetListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    static const char *const titles[] = {"Profile", "Target", "Reachable", "Server", "Current", "Pending", "Drift", "Dirty", "Run lock"};
    static const char *const tips[] = {
        "Saved connection profile",
        "Engine, host, port and database (never a password)",
        "Whether the console could connect, read-only",
        "Server version as the server reports it",
        "Newest applied migration",
        "Migrations of the open folder that apply would run",
        "Schema changes made outside the console since its last run",
        "Migrations stopped part-way: some statements committed, the rest did not run",
        "Who holds the target's run lock (one run per target)",
    };
    if (section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole)
        return QString::fromLatin1(titles[section]);
    if (role == Qt::ToolTipRole)
        return QString::fromLatin1(tips[section]);
    return {};
}

TargetListModel::Cell TargetListModel::cell(const Row &row, int column) const
{
    const bool current = row.profile.name == m_current && !m_current.isEmpty();
    switch (column) {
    case Name:
        return {row.profile.name, current ? icon(StateIcon::Current) : NoIcon,
                current ? QStringLiteral("%1: open in the console").arg(row.profile.name) : row.profile.name};
    case Target:
        return {row.profile.displayUrl(), NoIcon,
                QStringLiteral("%1\nhistory table %2").arg(row.profile.displayUrl(), row.profile.historyTable)};
    default:
        break;
    }
    switch (row.phase) {
    case Row::Phase::NotChecked:
        return {QString(), icon(StateIcon::Unknown), QStringLiteral("Not checked yet (F5 refreshes)")};
    case Row::Phase::Checking:
        return {column == Reachable ? QStringLiteral("checking…") : QString(), icon(StateIcon::Busy), QStringLiteral("Being checked…")};
    case Row::Phase::NoPassword:
        return {column == Reachable ? QStringLiteral("no password") : QString(), icon(StateIcon::Unknown),
                QStringLiteral("Not checked: no password (%1)").arg(row.why)};
    case Row::Phase::Checked:
        break;
    }
    return stateCell(row, column);
}

TargetListModel::Cell TargetListModel::stateCell(const Row &row, int column) const
{
    const TargetSummary &s = row.summary;
    if (!s.reachable) {
        if (column == Reachable && s.passwordRejected)
            return {QStringLiteral("wrong password"), icon(StateIcon::Locked),
                    QStringLiteral("Wrong password: %1\nEdit the profile (F2) to correct it.").arg(s.error)};
        if (column == Reachable)
            return {QStringLiteral("unreachable"), icon(StateIcon::Bad), QStringLiteral("Unreachable: %1").arg(s.error)};
        return {QStringLiteral("—"), icon(StateIcon::Unknown), QStringLiteral("Not known: the target cannot be reached")};
    }
    const bool readFailed = !s.error.isEmpty(); // connected, but the history could not be read
    switch (column) {
    case Reachable:
        return readFailed ? Cell{QStringLiteral("reachable"), icon(StateIcon::Warning), QStringLiteral("Reachable, but: %1").arg(s.error)}
                          : Cell{QStringLiteral("reachable"), icon(StateIcon::Good), QStringLiteral("Connected read-only")};
    case Server:
        return {s.serverVersion, icon(StateIcon::Good), QStringLiteral("Server version: %1").arg(s.serverVersion)};
    case Lock:
        if (s.lockHolder)
            return {s.lockHolder->who.isEmpty() ? QStringLiteral("held") : s.lockHolder->who, icon(StateIcon::Locked),
                    QStringLiteral("Held by %1: a run is under way, another one would be refused").arg(s.lockHolder->toString())};
        if (!s.lockError.isEmpty())
            return {QStringLiteral("?"), icon(StateIcon::Unknown), QStringLiteral("The lock could not be looked at: %1").arg(s.lockError)};
        return {QStringLiteral("free"), icon(StateIcon::Good), QStringLiteral("No run holds the lock")};
    default:
        break;
    }
    if (readFailed)
        return {QStringLiteral("—"), icon(StateIcon::Unknown), QStringLiteral("Not known: %1").arg(s.error)};
    switch (column) {
    case Version:
        if (!s.historyExists)
            return {QStringLiteral("none"), icon(StateIcon::Unknown),
                    QStringLiteral("No history table %1 yet: nothing was applied by the console").arg(row.profile.historyTable)};
        if (s.currentVersion.isEmpty())
            return {QStringLiteral("none"), icon(StateIcon::Unknown), QStringLiteral("No migration applied")};
        return {s.currentVersion, icon(StateIcon::Good), QStringLiteral("Newest applied migration: %1").arg(s.currentVersion)};
    case Pending:
        if (!s.folderSet)
            return {QStringLiteral("—"), icon(StateIcon::Unknown), QStringLiteral("No migrations folder is open")};
        if (!s.blockers.isEmpty())
            return {QString::number(s.pending.size()), icon(StateIcon::Bad),
                    QStringLiteral("Apply would refuse:\n%1").arg(listTip(s.blockers))};
        if (s.pending.isEmpty())
            return {QStringLiteral("0"), icon(StateIcon::Good), QStringLiteral("Up to date with the folder")};
        return {QString::number(s.pending.size()), icon(StateIcon::Warning),
                QStringLiteral("%1 pending: %2").arg(s.pending.size()).arg(listTip(s.pending).replace(u'\n', QStringLiteral(", ")))};
    case Drift:
        switch (s.drift) {
        case TargetSummary::Drift::None:
            return {QStringLiteral("none"), icon(StateIcon::Good), s.driftDetail};
        case TargetSummary::Drift::Changed:
            return {QStringLiteral("%1 change(s)").arg(s.driftChanges.size()), icon(StateIcon::Warning),
                    QStringLiteral("Drift: %1\n%2").arg(s.driftDetail, listTip(s.driftChanges))};
        case TargetSummary::Drift::NotChecked:
            return {QStringLiteral("not checked"), icon(StateIcon::Unknown), QStringLiteral("Drift %1").arg(s.driftDetail)};
        }
        break;
    case Dirty:
        if (s.dirty.isEmpty())
            return {QStringLiteral("no"), icon(StateIcon::Good), QStringLiteral("No migration is dirty")};
        return {QString::number(s.dirty.size()), icon(StateIcon::Bad),
                QStringLiteral("Dirty (resume or roll back before applying):\n%1").arg(listTip(s.dirty))};
    default:
        break;
    }
    return {};
}

QVariant TargetListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == Qt::FontRole && index.column() == Name && row.profile.name == m_current) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role != Qt::DisplayRole && role != Qt::DecorationRole && role != Qt::ToolTipRole)
        return {};
    const Cell c = cell(row, index.column());
    if (role == Qt::DisplayRole)
        return c.text;
    if (role == Qt::ToolTipRole)
        return c.tip;
    return c.icon == NoIcon ? QVariant() : QVariant(stateIcon(StateIcon(c.icon)));
}

void TargetListModel::setProfiles(const QList<ConnectionProfile> &profiles)
{
    beginResetModel();
    m_rows.clear();
    for (const ConnectionProfile &p : profiles)
        m_rows << Row{p, Row::Phase::NotChecked, QString(), TargetSummary()};
    endResetModel();
}

void TargetListModel::setCurrent(const QString &name)
{
    const int before = rowOf(m_current);
    m_current = name;
    changed(before);
    changed(rowOf(name));
}

void TargetListModel::setChecking(const QString &name)
{
    update(name, [](Row &r) { r.phase = Row::Phase::Checking; });
}

void TargetListModel::setNoPassword(const QString &name, const QString &why)
{
    update(name, [&](Row &r) {
        r.phase = Row::Phase::NoPassword;
        r.why = why;
    });
}

void TargetListModel::setSummary(const QString &name, const TargetSummary &summary)
{
    update(name, [&](Row &r) {
        r.phase = Row::Phase::Checked;
        r.summary = summary;
    });
}

void TargetListModel::update(const QString &name, const std::function<void(Row &)> &change)
{
    const int r = rowOf(name);
    if (r < 0)
        return; // deleted since the check started
    change(m_rows[r]);
    changed(r);
}

int TargetListModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).profile.name == name)
            return i;
    return -1;
}

void TargetListModel::changed(int row)
{
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace mig::ui
