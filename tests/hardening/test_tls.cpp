// TLS against servers that require it (tests/hardening/servers.sh: a CA made by the fixture,
// a server certificate for localhost / 127.0.0.1, an unrelated second CA): through the engine
// (TargetSession, testConnection) and through `migctl status`, the way a DBA meets it. Each
// case asks the server itself whether its session is encrypted (pg_stat_ssl, Ssl_cipher).
#include "HardeningSupport.h"

#include "target/ConnectionCheck.h"
#include "target/TargetSession.h"

#include <QTemporaryDir>

using namespace mig;
using namespace hardening;

namespace {

class Tls : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_servers = Servers::fromEnvironment();
        ASSERT_TRUE(m_servers.error.isEmpty()) << s(m_servers.error);
        ASSERT_TRUE(m_store.isValid());
        m_folder.write(QStringLiteral("001_t.sql"), "CREATE TABLE t (id INT PRIMARY KEY);\n");
    }

    ConnectionProfile profile(const QString &url) const
    {
        const TargetUrl t = parseTargetUrl(url);
        EXPECT_TRUE(t.profile.has_value()) << s(t.error);
        return t.profile.value_or(ConnectionProfile());
    }

    // Opens a session; the error's message, or empty. On success `query` runs on it and its
    // first row comes back in `row`.
    QString open(const QString &url, const QString &query = QString(), QVariantList *row = nullptr,
                 ConnectionCheck::Problem *problem = nullptr) const
    {
        const ConnectionProfile p = profile(url);
        std::unique_ptr<TargetSession> session = TargetSession::create(p);
        session->setReadOnly(true);
        if (auto e = session->open(m_servers.password, QStringLiteral("hardening tls test"))) {
            if (problem)
                *problem = connectionProblem(p.engine, *e);
            return e->toString();
        }
        if (!query.isEmpty()) {
            const QueryResult r = session->query(query);
            EXPECT_TRUE(r.ok()) << s(r.error ? r.error->toString() : QString());
            if (row && !r.rows.isEmpty())
                *row = r.rows.first();
        }
        return {};
    }

    CliRun status(const QString &url) const
    {
        return migctl({QStringLiteral("status"), QStringLiteral("--target"), url, QStringLiteral("--dir"), m_folder.path()},
                      m_store.filePath(QStringLiteral("runs.sqlite")), m_servers.password);
    }

    QString pgUrl(const QString &host, const QString &query) const
    {
        return QStringLiteral("postgres://mc@%1:%2/mc_sec?%3").arg(host).arg(m_servers.pgPort).arg(query);
    }
    QString myUrl(const QString &host, const QString &query) const
    {
        return QStringLiteral("mysql://mc@%1:%2/mc_sec?%3").arg(host).arg(m_servers.myPort).arg(query);
    }

    Servers m_servers;
    QTemporaryDir m_store;
    TempFolder m_folder;
};

const QString PgSsl = QStringLiteral("SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
const QString MyCipher = QStringLiteral("SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_cipher'");

} // namespace

TEST_F(Tls, PostgresVerifyFullWithTheServersCaIsEncrypted)
{
    const QString url = pgUrl(QStringLiteral("127.0.0.1"), QStringLiteral("sslmode=verify-full&sslrootcert=") + m_servers.ca());
    QVariantList row;
    ASSERT_EQ(open(url, PgSsl, &row), QString());
    ASSERT_EQ(row.size(), 3);
    EXPECT_TRUE(row.at(0).toBool()) << "pg_stat_ssl says this session is not encrypted";
    EXPECT_TRUE(row.at(1).toString().startsWith(u"TLSv1.")) << s(row.at(1).toString());
    EXPECT_FALSE(row.at(2).toString().isEmpty());

    const ConnectionCheck check = testConnection(profile(url), m_servers.password);
    EXPECT_TRUE(check.ok()) << s(check.summary(profile(url)));
    EXPECT_TRUE(check.summary(profile(url)).startsWith(u"Connected to PostgreSQL 15")) << s(check.summary(profile(url)));

    const CliRun r = status(url);
    EXPECT_EQ(r.exitCode, 0) << r.text();
    EXPECT_TRUE(r.out.contains(u"(PostgreSQL 15")) << r.text();
    EXPECT_TRUE(r.out.contains(u"001      t     pending")) << r.text();
}

TEST_F(Tls, PostgresRequireEncryptsWithoutACa)
{
    const QString url = pgUrl(QStringLiteral("127.0.0.1"), QStringLiteral("sslmode=require"));
    QVariantList row;
    ASSERT_EQ(open(url, PgSsl, &row), QString());
    EXPECT_TRUE(row.value(0).toBool()) << "sslmode=require gave a plain-text session";
    const CliRun r = status(url);
    EXPECT_EQ(r.exitCode, 0) << r.text();
}

TEST_F(Tls, PostgresRefusesAServerCertificateFromAnotherCa)
{
    const QString url = pgUrl(QStringLiteral("127.0.0.1"), QStringLiteral("sslmode=verify-full&sslrootcert=") + m_servers.otherCa());
    ConnectionCheck::Problem problem = ConnectionCheck::Problem::None;
    const QString error = open(url, {}, nullptr, &problem);
    EXPECT_TRUE(error.contains(u"certificate verify failed")) << s(error); // libpq's own words
    const QString plain = QStringLiteral("TLS certificate verification failed: the server's certificate is not signed by the CA in sslrootcert=")
                          + m_servers.otherCa();
    EXPECT_TRUE(error.contains(plain)) << s(error);
    EXPECT_EQ(problem, ConnectionCheck::Problem::Tls);

    const ConnectionCheck check = testConnection(profile(url), m_servers.password);
    EXPECT_EQ(check.problem, ConnectionCheck::Problem::Tls);
    EXPECT_TRUE(check.summary(profile(url)).startsWith(QStringLiteral("TLS failed for mc@127.0.0.1:%1: ").arg(m_servers.pgPort)))
        << s(check.summary(profile(url)));

    const CliRun r = status(url);
    EXPECT_EQ(r.exitCode, 1) << r.text();
    EXPECT_TRUE(r.err.contains(u"migctl: cannot connect to postgres://mc@127.0.0.1:")) << r.text();
    EXPECT_TRUE(r.err.contains(plain)) << r.text();
    EXPECT_FALSE(r.err.contains(m_servers.password)) << r.text();
}

TEST_F(Tls, PostgresVerifyFullRefusesAHostNameTheCertificateDoesNotName)
{
    // hostaddr reaches the same server; the name checked against the certificate is the host.
    const QString host = QStringLiteral("db.not-in-the-certificate.test");
    const QString query = QStringLiteral("hostaddr=127.0.0.1&sslrootcert=") + m_servers.ca();
    const QString full = pgUrl(host, QStringLiteral("sslmode=verify-full&") + query);
    ConnectionCheck::Problem problem = ConnectionCheck::Problem::None;
    const QString error = open(full, {}, nullptr, &problem);
    EXPECT_TRUE(error.contains(QStringLiteral("does not match host name \"%1\"").arg(host))) << s(error);
    EXPECT_TRUE(error.contains(QStringLiteral("the server's certificate does not name the host \"%1\"").arg(host))) << s(error);
    EXPECT_EQ(problem, ConnectionCheck::Problem::Tls);
    const CliRun r = status(full);
    EXPECT_EQ(r.exitCode, 1) << r.text();
    EXPECT_TRUE(r.err.contains(u"TLS certificate refused: the server's certificate does not name the host")) << r.text();

    // The same with verify-ca (the CA checked, not the name) connects: the name was the reason.
    QVariantList row;
    EXPECT_EQ(open(pgUrl(host, QStringLiteral("sslmode=verify-ca&") + query), PgSsl, &row), QString());
    EXPECT_TRUE(row.value(0).toBool());
}

TEST_F(Tls, MariadbWithTheServersCaIsEncrypted)
{
    const QString url = myUrl(QStringLiteral("127.0.0.1"), QStringLiteral("ssl-ca=") + m_servers.ca());
    QVariantList row;
    ASSERT_EQ(open(url, MyCipher, &row), QString());
    EXPECT_FALSE(row.value(0).toString().isEmpty()) << "Ssl_cipher is empty: the session is not encrypted";

    const ConnectionCheck check = testConnection(profile(url), m_servers.password);
    EXPECT_TRUE(check.ok()) << s(check.summary(profile(url)));

    const CliRun r = status(url);
    EXPECT_EQ(r.exitCode, 0) << r.text();
    EXPECT_TRUE(r.out.contains(u"(MariaDB 10.")) << r.text();
    // Qt 6.4's QMYSQL prints a warning for CLIENT_SSL and ignores it: it is no longer passed.
    EXPECT_FALSE(r.err.contains(u"CLIENT_SSL")) << r.text();
}

TEST_F(Tls, MariadbRefusesAServerCertificateFromAnotherCa)
{
    const QString url = myUrl(QStringLiteral("127.0.0.1"), QStringLiteral("ssl-ca=") + m_servers.otherCa());
    ConnectionCheck::Problem problem = ConnectionCheck::Problem::None;
    const QString error = open(url, {}, nullptr, &problem);
    const QString plain = QStringLiteral("TLS certificate verification failed: the server's certificate is not signed by the CA in ssl-ca=")
                          + m_servers.otherCa();
    EXPECT_TRUE(error.contains(plain)) << s(error);
    EXPECT_TRUE(error.endsWith(u"[2026]")) << s(error); // the client library's TLS error code
    EXPECT_EQ(problem, ConnectionCheck::Problem::Tls);
    const CliRun r = status(url);
    EXPECT_EQ(r.exitCode, 1) << r.text();
    EXPECT_TRUE(r.err.contains(plain)) << r.text();
}

// ssl-mode=required used to connect in plain text: Qt 6.4's QMYSQL switches TLS on only when
// it is handed an SSL_* option, and its CLIENT_SSL flag is ignored.
TEST_F(Tls, MariadbSslModeRequiredIsEncryptedWithoutACa)
{
    const QString url = myUrl(QStringLiteral("127.0.0.1"), QStringLiteral("ssl-mode=required"));
    QVariantList row;
    ASSERT_EQ(open(url, MyCipher, &row), QString());
    EXPECT_FALSE(row.value(0).toString().isEmpty()) << "ssl-mode=required gave a plain-text session";
    // Without any TLS setting the session is plain, as asked: the check above can tell.
    QVariantList plain;
    ASSERT_EQ(open(myUrl(QStringLiteral("127.0.0.1"), QStringLiteral("ssl-mode=disabled")), MyCipher, &plain), QString());
    EXPECT_TRUE(plain.value(0).toString().isEmpty());
}

TEST_F(Tls, MariadbVerifyModesWithoutACaAreRefusedBeforeConnecting)
{
    for (const QString &mode : {QStringLiteral("verify_ca"), QStringLiteral("verify_identity")}) {
        const QString url = myUrl(QStringLiteral("127.0.0.1"), QStringLiteral("ssl-mode=") + mode);
        EXPECT_EQ(open(url), QStringLiteral("ssl-mode=%1 needs the CA to verify the server's certificate against: add ssl-ca=FILE "
                                            "(or ssl-capath=DIR) to the target").arg(mode));
        const CliRun r = status(url);
        EXPECT_EQ(r.exitCode, 1) << r.text();
        EXPECT_TRUE(r.err.contains(QStringLiteral("ssl-mode=%1 needs the CA").arg(mode))) << r.text();
    }
}

// Known limit, shown as it is: Qt 6.4's QMYSQL cannot ask the client library to check the host
// name (no MYSQL_OPT_SSL_VERIFY_SERVER_CERT), so an engine session to 127.0.0.2 - an address the
// certificate does not name - connects under verify_identity, encrypted and with the CA checked.
// The client programs (mariadb-dump for backups, previews and restores) do check it, from the
// option file migctl writes them: a backup of the same target is refused.
TEST_F(Tls, KnownLimitMariadbSessionsDoNotCheckTheHostName)
{
    const QString url = myUrl(QStringLiteral("127.0.0.2"), QStringLiteral("ssl-mode=verify_identity&ssl-ca=") + m_servers.ca());
    QVariantList row;
    EXPECT_EQ(open(url, MyCipher, &row), QString()) << "the host name is checked now: update README and SECURITY.md";
    EXPECT_FALSE(row.value(0).toString().isEmpty());
    // The CA is still checked on that address.
    EXPECT_NE(open(myUrl(QStringLiteral("127.0.0.2"), QStringLiteral("ssl-mode=verify_identity&ssl-ca=") + m_servers.otherCa())), QString());

    const CliRun backup = migctl({QStringLiteral("backup"), QStringLiteral("--target"), url, QStringLiteral("--backup-dir"),
                                  m_store.filePath(QStringLiteral("backups"))},
                                 m_store.filePath(QStringLiteral("runs.sqlite")), m_servers.password);
    EXPECT_EQ(backup.exitCode, 1) << backup.text();
    EXPECT_TRUE(backup.all().contains(u"Validation of SSL server certificate failed")) << backup.text();
    EXPECT_TRUE(backup.all().contains(u"no file was kept")) << backup.text();
}
