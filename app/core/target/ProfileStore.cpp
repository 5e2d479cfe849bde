#include "ProfileStore.h"

#include <QSettings>

namespace mig {

namespace {

QSettings settings()
{
    return QSettings(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("migration-console"), QStringLiteral("profiles"));
}

} // namespace

QStringList ProfileStore::names() const
{
    QSettings s = settings();
    return s.childGroups();
}

std::optional<ConnectionProfile> ProfileStore::load(const QString &name) const
{
    QSettings s = settings();
    if (!s.childGroups().contains(name))
        return std::nullopt;
    s.beginGroup(name);
    ConnectionProfile p;
    p.name = name;
    const auto engine = dialectFromName(s.value(QStringLiteral("engine")).toString());
    if (!engine)
        return std::nullopt;
    p.engine = *engine;
    p.host = s.value(QStringLiteral("host")).toString();
    p.port = s.value(QStringLiteral("port")).toInt();
    p.database = s.value(QStringLiteral("database")).toString();
    p.user = s.value(QStringLiteral("user")).toString();
    p.tlsMode = s.value(QStringLiteral("tls")).toString();
    p.historyTable = s.value(QStringLiteral("historyTable"), p.historyTable).toString();
    const QVariantMap options = s.value(QStringLiteral("options")).toMap();
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        p.options.insert(it.key(), it.value().toString());
    return p;
}

void ProfileStore::save(const ConnectionProfile &p)
{
    QSettings s = settings();
    s.remove(p.name);
    s.beginGroup(p.name);
    s.setValue(QStringLiteral("engine"), dialectName(p.engine));
    s.setValue(QStringLiteral("host"), p.host);
    s.setValue(QStringLiteral("port"), p.port);
    s.setValue(QStringLiteral("database"), p.database);
    s.setValue(QStringLiteral("user"), p.user);
    s.setValue(QStringLiteral("tls"), p.tlsMode);
    s.setValue(QStringLiteral("historyTable"), p.historyTable);
    QVariantMap options;
    for (auto it = p.options.cbegin(); it != p.options.cend(); ++it)
        options.insert(it.key(), it.value());
    s.setValue(QStringLiteral("options"), options);
}

bool ProfileStore::remove(const QString &name)
{
    QSettings s = settings();
    if (!s.childGroups().contains(name))
        return false;
    s.remove(name);
    return true;
}

} // namespace mig
