#include "ConnectionCheck.h"

#include "TargetSession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

namespace mig {

namespace {

bool mentions(const QString &text, std::initializer_list<const char16_t *> phrases)
{
    for (const char16_t *p : phrases)
        if (text.contains(QStringView(p), Qt::CaseInsensitive))
            return true;
    return false;
}

// What kind of failure an open() error is. Connection errors come from the client library
// before any SQLSTATE exists (libpq gives none on connect; the MySQL client gives its own
// numbers), so the engine's message is read as well as its code.
} // namespace

ConnectionCheck::Problem connectionProblem(Dialect engine, const SqlError &e)
{
    const QString &m = e.message;
    if (engine == Dialect::Mysql) {
        if (e.code == u"1045" || e.code == u"1698")
            return ConnectionCheck::Problem::WrongPassword;
        if (e.code == u"1049")
            return ConnectionCheck::Problem::NoSuchDatabase;
        if (e.code == u"2002" || e.code == u"2003" || e.code == u"2005" || e.code == u"2013")
            return ConnectionCheck::Problem::Unreachable;
    }
    if (engine == Dialect::Postgres) {
        if (e.code == u"28P01" || mentions(m, {u"password authentication failed", u"no password supplied"}))
            return ConnectionCheck::Problem::WrongPassword;
        if (e.code == u"3D000" || (m.contains(u"database \"") && m.contains(u"does not exist")))
            return ConnectionCheck::Problem::NoSuchDatabase;
    }
    if (mentions(m, {u"TLS certificate", u"certificate verify failed", u"certificate in certificate chain", u"does not match host name",
                     u"TLS was asked for", u"root certificate file", u"does not support SSL", u"SSL is required"}))
        return ConnectionCheck::Problem::Tls;
    if (mentions(m, {u"Connection refused", u"could not translate host name", u"Unknown server host", u"timeout expired",
                     u"No route to host", u"Network is unreachable", u"Can't connect", u"No such file or directory",
                     u"Name or service not known", u"Temporary failure in name resolution"}))
        return ConnectionCheck::Problem::Unreachable;
    return ConnectionCheck::Problem::Other;
}

QString explainConnectionError(const ConnectionProfile &p, const SqlError &e)
{
    const QString &m = e.message;
    // Where the CA comes from, as the URL said it.
    const QString caKey = p.engine == Dialect::Postgres ? QStringLiteral("sslrootcert") : QStringLiteral("ssl-ca");
    const QString ca = p.options.value(caKey, p.options.value(QStringLiteral("ssl-capath")));
    const QString caText = ca.isEmpty() ? (p.engine == Dialect::Postgres ? QStringLiteral("the default root certificate (~/.postgresql/root.crt)")
                                                                         : QStringLiteral("the CA given"))
                                        : QStringLiteral("%1=%2").arg(ca == p.options.value(caKey) ? caKey : QStringLiteral("ssl-capath"), ca);
    QString hint;
    if (mentions(m, {u"does not match host name", u"hostname mismatch"}))
        hint = QStringLiteral("TLS certificate refused: the server's certificate does not name the host \"%1\" (%2 checks the "
                              "host name; connect by a name the certificate lists)")
                   .arg(p.host, p.engine == Dialect::Postgres ? QStringLiteral("sslmode=verify-full") : QStringLiteral("ssl-mode=verify_identity"));
    else if (mentions(m, {u"certificate verify failed", u"certificate in certificate chain", u"unable to get local issuer certificate",
                          u"unable to get issuer certificate", u"certificate signature failure"}))
        hint = QStringLiteral("TLS certificate verification failed: the server's certificate is not signed by the CA in %1 "
                              "(wrong CA file, or a server presenting another certificate)").arg(caText);
    else if (mentions(m, {u"certificate has expired"}))
        hint = QStringLiteral("TLS certificate verification failed: the server's certificate has expired");
    if (hint.isEmpty() || m.contains(hint))
        return m;
    return m + QStringLiteral(" — ") + hint;
}

namespace {

double msSince(const QElapsedTimer &clock)
{
    return double(clock.nsecsElapsed()) / 1e6;
}

QString where(const ConnectionProfile &p)
{
    if (p.engine == Dialect::Sqlite)
        return p.database;
    const QString server = QStringLiteral("%1:%2").arg(p.host.isEmpty() ? QStringLiteral("localhost") : p.host).arg(p.effectivePort());
    return p.user.isEmpty() ? server : p.user + u'@' + server;
}

} // namespace

QString sqliteLocationProblem(const ConnectionProfile &profile)
{
    if (profile.engine != Dialect::Sqlite || profile.database.isEmpty())
        return {};
    const QFileInfo file(profile.database);
    if (!file.exists() && !file.absoluteDir().exists())
        return QStringLiteral("the folder %1 does not exist").arg(file.absolutePath());
    return {};
}

QString ConnectionCheck::summary(const ConnectionProfile &profile) const
{
    switch (problem) {
    case Problem::None: {
        // Sub-millisecond times (a local file, a socket) keep two decimals so they do not read 0.0.
        const auto ms = [](double v) { return QString::number(v, 'f', v < 1 ? 2 : 1); };
        QString s = QStringLiteral("Connected to %1 in %2 ms (round trip %3 ms)").arg(serverVersion, ms(connectMs), ms(roundTripMs));
        return note.isEmpty() ? s : s + QStringLiteral("; ") + note;
    }
    case Problem::WrongPassword:
        return QStringLiteral("Wrong user name or password for %1: %2").arg(where(profile), engineError);
    case Problem::Unreachable:
        return QStringLiteral("Cannot reach %1: %2").arg(where(profile), engineError);
    case Problem::NoSuchDatabase:
        return QStringLiteral("The server has no database \"%1\": %2").arg(profile.database, engineError);
    case Problem::Tls:
        return QStringLiteral("TLS failed for %1: %2").arg(where(profile), engineError);
    case Problem::Other:
        break;
    }
    return QStringLiteral("Connection to %1 failed: %2").arg(where(profile), engineError);
}

ConnectionCheck testConnection(const ConnectionProfile &profile, const QString &password)
{
    ConnectionCheck out;
    if (profile.engine == Dialect::Sqlite) {
        const QFileInfo file(profile.database);
        if (profile.database.isEmpty()) {
            out.problem = ConnectionCheck::Problem::Other;
            out.engineError = QStringLiteral("no database file given");
            return out;
        }
        if (const QString e = sqliteLocationProblem(profile); !e.isEmpty()) {
            out.problem = ConnectionCheck::Problem::Unreachable;
            out.engineError = e;
            return out;
        }
        // A read-only session does not create the file; the first apply will.
        if (!file.exists())
            out.note = QStringLiteral("the file does not exist yet: the first apply creates it");
    }
    std::unique_ptr<TargetSession> session = TargetSession::create(profile);
    session->setReadOnly(true);
    QElapsedTimer clock;
    clock.start();
    if (auto e = session->open(password, QStringLiteral("migration-console test"))) {
        out.engineError = e->toString();
        out.problem = connectionProblem(profile.engine, *e);
        return out;
    }
    out.connectMs = msSince(clock);
    out.serverVersion = session->serverVersion();
    clock.restart();
    const QueryResult r = session->query(QStringLiteral("SELECT 1"));
    out.roundTripMs = msSince(clock);
    if (!r.ok()) {
        out.engineError = r.error->toString();
        out.problem = ConnectionCheck::Problem::Other;
    }
    return out;
}

} // namespace mig
