#pragma once
// A database of the test's own on a fixture server (PostgreSQL or MariaDB), made and dropped
// through the engine's own session; the ports come from the build (the fixtures' ports).

#include "TargetFixtures.h"

#include <unistd.h>

namespace targetstest {

class ServerDatabase
{
public:
    // admin: a profile that may create databases, on a database that exists.
    ServerDatabase(const mig::ConnectionProfile &admin, const QString &password, const QString &prefix)
        : m_admin(admin)
        , m_password(password)
    {
        const ::testing::TestInfo *info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_name = QStringLiteral("%1_%2_%3").arg(prefix, QString::fromLatin1(info->name()).toLower().left(24)).arg(::getpid());
        auto session = openSession(m_admin, m_password);
        if (!session->isOpen()) {
            m_error = QStringLiteral("cannot reach the test server %1").arg(m_admin.displayUrl());
            return;
        }
        session->exec(dropStatement());
        if (const auto e = session->exec(QStringLiteral("CREATE DATABASE %1").arg(m_name)).error)
            m_error = e->toString();
    }
    ~ServerDatabase()
    {
        if (!m_error.isEmpty())
            return;
        auto session = openSession(m_admin, m_password);
        const auto e = session->exec(dropStatement()).error;
        EXPECT_FALSE(e.has_value()) << (e ? e->toString().toStdString() : std::string());
    }
    const QString &name() const { return m_name; }
    const QString &error() const { return m_error; }

    mig::ConnectionProfile profile(const QString &profileName) const
    {
        mig::ConnectionProfile p = m_admin;
        p.name = profileName;
        p.database = m_name;
        return p;
    }

private:
    QString dropStatement() const
    {
        return m_admin.engine == mig::Dialect::Postgres ? QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name)
                                                        : QStringLiteral("DROP DATABASE IF EXISTS %1").arg(m_name);
    }
    mig::ConnectionProfile m_admin;
    QString m_password;
    QString m_name;
    QString m_error;
};

// The fixture server of an engine, on its mc_test database (PostgreSQL: superuser postgres,
// trusted; MariaDB: user mc, password mcpw).
inline mig::ConnectionProfile fixtureProfile(mig::Dialect engine)
{
    mig::ConnectionProfile p;
    p.engine = engine;
    p.host = QStringLiteral("127.0.0.1");
    p.port = engine == mig::Dialect::Postgres ? MIG_UI_PG_PORT : MIG_UI_MARIADB_PORT;
    p.database = QStringLiteral("mc_test");
    p.user = engine == mig::Dialect::Postgres ? QStringLiteral("postgres") : QStringLiteral("mc");
    return p;
}

} // namespace targetstest
