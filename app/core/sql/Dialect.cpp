#include "Dialect.h"

namespace mig {

QString dialectName(Dialect d)
{
    switch (d) {
    case Dialect::Sqlite: return QStringLiteral("sqlite");
    case Dialect::Postgres: return QStringLiteral("postgres");
    case Dialect::Mysql: return QStringLiteral("mysql");
    }
    return {};
}

std::optional<Dialect> dialectFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"sqlite" || n == u"sqlite3")
        return Dialect::Sqlite;
    if (n == u"postgres" || n == u"postgresql" || n == u"pg")
        return Dialect::Postgres;
    if (n == u"mysql" || n == u"mariadb")
        return Dialect::Mysql;
    return std::nullopt;
}

} // namespace mig
