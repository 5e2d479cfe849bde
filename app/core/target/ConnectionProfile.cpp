#include "ConnectionProfile.h"

#include <QFileInfo>

#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace mig {

namespace {

int defaultPort(Dialect engine)
{
    switch (engine) {
    case Dialect::Postgres: return 5432;
    case Dialect::Mysql: return 3306;
    case Dialect::Sqlite: return 0;
    }
    return 0;
}

TargetUrl invalid(const QString &message)
{
    TargetUrl t;
    t.error = message;
    return t;
}

TargetUrl parseSqlite(const QString &rest)
{
    // sqlite:relative/file.db, sqlite:///absolute/file.db (dbmate's and SQLAlchemy's forms)
    QString path = rest.startsWith(u"//") ? rest.mid(2) : rest;
    if (path.isEmpty())
        return invalid(QStringLiteral("sqlite: URL without a database file (write sqlite:PATH)"));
    ConnectionProfile p;
    p.engine = Dialect::Sqlite;
    p.database = path;
    TargetUrl t;
    t.profile = p;
    return t;
}

TargetUrl parseServer(const QString &text, Dialect engine)
{
    const QUrl url(text, QUrl::StrictMode);
    // QUrl's own error text quotes the whole URL, password included: name the problem without it.
    if (!url.isValid())
        return invalid(QStringLiteral("not a valid %1 URL (check the user, host and port): %1://user@host:port/database")
                           .arg(text.section(u':', 0, 0)));
    ConnectionProfile p;
    p.engine = engine;
    p.host = url.host().isEmpty() ? QStringLiteral("localhost") : url.host();
    p.port = url.port(0);
    if (p.port < 0 || p.port > 65535)
        return invalid(QStringLiteral("port %1 is out of range").arg(p.port));
    p.user = url.userName(QUrl::FullyDecoded);
    p.database = url.path(QUrl::FullyDecoded).mid(1);
    if (p.database.isEmpty() || p.database.contains(u'/'))
        return invalid(QStringLiteral("the URL must name one database: %1://host/DATABASE").arg(url.scheme()));

    const QStringList pgModes{QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
                              QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    const QStringList myModes{QStringLiteral("disabled"), QStringLiteral("preferred"), QStringLiteral("required"),
                              QStringLiteral("verify_ca"), QStringLiteral("verify_identity")};
    const QString tlsKey = engine == Dialect::Postgres ? QStringLiteral("sslmode") : QStringLiteral("ssl-mode");
    const QStringList &modes = engine == Dialect::Postgres ? pgModes : myModes;
    for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        if (key == tlsKey) {
            if (!modes.contains(value.toLower()))
                return invalid(QStringLiteral("%1=%2 is not one of: %3").arg(key, value, modes.join(u", ")));
            p.tlsMode = value.toLower();
        } else if (key == u"history-table") {
            p.historyTable = value;
        } else if (key.contains(u"password", Qt::CaseInsensitive)) {
            return invalid(QStringLiteral("a password does not belong in URL parameters; use the keychain or MIGCTL_PASSWORD"));
        } else {
            p.options.insert(key, value);
        }
    }
    TargetUrl t;
    t.profile = p;
    if (!url.password().isEmpty())
        t.password = url.password(QUrl::FullyDecoded);
    return t;
}

} // namespace

int ConnectionProfile::effectivePort() const
{
    return port > 0 ? port : defaultPort(engine);
}

QString ConnectionProfile::storeKey() const
{
    if (engine == Dialect::Sqlite)
        return QStringLiteral("sqlite:%1#%2").arg(QFileInfo(database).absoluteFilePath(), historyTable);
    return QStringLiteral("%1://%2:%3/%4#%5").arg(dialectName(engine), host.toLower()).arg(effectivePort()).arg(database, historyTable);
}

QString ConnectionProfile::displayUrl() const
{
    if (engine == Dialect::Sqlite)
        return QStringLiteral("sqlite:") + database;
    QUrl url;
    url.setScheme(engine == Dialect::Postgres ? QStringLiteral("postgres") : QStringLiteral("mysql"));
    url.setUserName(user);
    url.setHost(host);
    url.setPort(effectivePort());
    url.setPath(QLatin1Char('/') + database);
    QUrlQuery query;
    if (!tlsMode.isEmpty())
        query.addQueryItem(engine == Dialect::Postgres ? QStringLiteral("sslmode") : QStringLiteral("ssl-mode"), tlsMode);
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        query.addQueryItem(it.key(), isSecretOptionName(it.key()) ? QStringLiteral("***") : it.value());
    url.setQuery(query);
    return url.toString();
}

bool isSecretOptionName(const QString &name)
{
    // Matched as parts of the name, so sslpassword, api_token, client-secret and
    // sslkey_passphrase are all covered.
    static const QStringList parts{QStringLiteral("password"), QStringLiteral("passwd"), QStringLiteral("pwd"),
                                   QStringLiteral("token"), QStringLiteral("secret"), QStringLiteral("passphrase"),
                                   QStringLiteral("apikey"), QStringLiteral("api_key"), QStringLiteral("api-key"),
                                   QStringLiteral("credential")};
    const QString n = name.toLower();
    return std::any_of(parts.cbegin(), parts.cend(), [&n](const QString &p) { return n.contains(p); });
}

TargetUrl parseTargetUrl(const QString &url)
{
    const QString text = url.trimmed();
    const qsizetype colon = text.indexOf(u':');
    const QString scheme = colon > 0 ? text.left(colon).toLower() : QString();
    if (scheme == u"sqlite" || scheme == u"sqlite3")
        return parseSqlite(text.mid(colon + 1));
    if (scheme == u"postgres" || scheme == u"postgresql")
        return parseServer(text, Dialect::Postgres);
    if (scheme == u"mysql" || scheme == u"mariadb")
        return parseServer(text, Dialect::Mysql);
    return invalid(QStringLiteral("unsupported target \"%1\": use sqlite:PATH, postgres://user@host:port/db or "
                                  "mysql://user@host:port/db")
                       .arg(scheme.isEmpty() ? QStringLiteral("(no scheme)") : scheme));
}

} // namespace mig
