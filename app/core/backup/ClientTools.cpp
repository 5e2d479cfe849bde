#include "ClientTools.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace mig {

namespace {

// A value in a libpq connection string: quoted, with quotes and backslashes escaped.
QString conninfoValue(const QString &v)
{
    return u'\'' + QString(v).replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("\\'")) + u'\'';
}

// A value in a MySQL option file: quoted, with quotes and backslashes escaped.
QString optionValue(const QString &v)
{
    return u'"' + QString(v).replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\"")) + u'"';
}

} // namespace

QString findClientTool(const QStringList &names)
{
    for (const QString &n : names) {
        const QString path = QStandardPaths::findExecutable(n);
        if (!path.isEmpty())
            return path;
    }
    return {};
}

ClientLogin::ClientLogin(const ConnectionProfile &profile, const QString &password)
    : m_profile(profile)
    , m_env(QProcessEnvironment::systemEnvironment())
{
    if (profile.engine == Dialect::Postgres) {
        m_env.insert(QStringLiteral("PGPASSWORD"), password);
        return;
    }
    if (profile.engine != Dialect::Mysql)
        return;
    m_dir = std::make_unique<QTemporaryDir>();
    QFile options(m_dir->filePath(QStringLiteral("client.cnf")));
    if (!m_dir->isValid() || !options.open(QIODevice::WriteOnly)
        || !options.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        m_error = QStringLiteral("cannot write the client's option file in a private temporary folder");
        return;
    }
    QString text = QStringLiteral("[client]\nhost=%1\nport=%2\nuser=%3\npassword=%4\n")
                       .arg(optionValue(profile.host)).arg(profile.effectivePort()).arg(optionValue(profile.user), optionValue(password));
    // The URL's TLS and socket parameters are the client's own option names (README, Targets).
    for (auto it = profile.options.cbegin(); it != profile.options.cend(); ++it)
        if (it.key().startsWith(u"ssl-") || it.key() == u"socket")
            text += QStringLiteral("%1=%2\n").arg(it.key(), optionValue(it.value()));
    if (profile.tlsMode == u"required" || profile.tlsMode.startsWith(u"verify"))
        text += QStringLiteral("ssl=1\n");
    if (profile.tlsMode.startsWith(u"verify"))
        text += QStringLiteral("ssl-verify-server-cert=1\n");
    if (options.write(text.toUtf8()) < 0 || !options.flush()) {
        m_error = QStringLiteral("cannot write the client's option file %1: %2").arg(options.fileName(), options.errorString());
        return;
    }
    m_optionFile = options.fileName();
}

ClientLogin::~ClientLogin() = default;

QStringList ClientLogin::arguments(const QString &database) const
{
    if (m_profile.engine == Dialect::Mysql)
        return {QStringLiteral("--defaults-extra-file=") + m_optionFile};
    QStringList parts{QStringLiteral("host=") + conninfoValue(m_profile.host),
                      QStringLiteral("port=") + QString::number(m_profile.effectivePort()),
                      QStringLiteral("dbname=") + conninfoValue(database)};
    if (!m_profile.user.isEmpty())
        parts << QStringLiteral("user=") + conninfoValue(m_profile.user);
    if (!m_profile.tlsMode.isEmpty())
        parts << QStringLiteral("sslmode=") + conninfoValue(m_profile.tlsMode);
    // Further URL parameters are libpq's own (README, Targets); a password is refused earlier.
    for (auto it = m_profile.options.cbegin(); it != m_profile.options.cend(); ++it)
        parts << it.key() + u'=' + conninfoValue(it.value());
    return {QStringLiteral("-w"), QStringLiteral("-d"), parts.join(u' ')};
}

} // namespace mig
