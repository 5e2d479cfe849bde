#pragma once
// Shared by the server probe tests (test_probes_postgres.cpp, test_probes_mariadb.cpp): a
// database of each test's own on the fixture's server, sessions through the engine as the
// probes get them, and further clients the test opens as the "other sessions".

#include "RealWorldSupport.h"

#include "ProbeTestSupport.h"

#include "target/TargetSession.h"

namespace probetest {

class ProbeServerTest : public realworld::ScratchDatabaseTest
{
protected:
    virtual mig::Dialect dialect() const = 0;

    void TearDown() override
    {
        for (const QString &name : std::as_const(m_others)) {
            QSqlDatabase::database(name, false).close();
            QSqlDatabase::removeDatabase(name);
        }
        ScratchDatabaseTest::TearDown();
    }

    // The test's database on the fixture's server, as `user` (default: the fixture's user).
    mig::ConnectionProfile profile(const QString &user = QString()) const
    {
        mig::ConnectionProfile p;
        p.engine = dialect();
        p.host = QStringLiteral("127.0.0.1");
        p.port = m_port;
        p.database = m_database;
        p.user = user.isEmpty() ? server().user : user;
        return p;
    }

    static std::unique_ptr<mig::TargetSession> open(const mig::ConnectionProfile &p, const QString &password,
                                                    const QString &application = QStringLiteral("probe-test"))
    {
        auto session = mig::TargetSession::create(p);
        const auto error = session->open(password, application);
        EXPECT_FALSE(error) << realworld::s(error ? error->toString() : QString());
        return session;
    }
    std::unique_ptr<mig::TargetSession> open() { return open(profile(), m_password); }

    // Another client of the test's database; on PostgreSQL named `tag` in pg_stat_activity.
    QSqlDatabase other(const QString &tag, const QString &user = QString(), const QString &password = QString())
    {
        const QString name = tag + u'-' + m_database;
        QSqlDatabase db = connect(name, m_database);
        if (!user.isEmpty()) {
            db.setUserName(user);
            db.setPassword(password);
        }
        if (dialect() == mig::Dialect::Postgres)
            db.setConnectOptions(QStringLiteral("application_name=") + tag);
        EXPECT_TRUE(db.open()) << realworld::s(db.lastError().text());
        m_others << name;
        return db;
    }

    // One statement on a client of the test; the first column of its first row.
    static QString run(QSqlDatabase db, const QString &sql)
    {
        QSqlQuery q(db);
        EXPECT_TRUE(q.exec(sql)) << realworld::s(sql) << ": " << realworld::s(q.lastError().text());
        return q.next() ? q.value(0).toString() : QString();
    }

private:
    QStringList m_others;
};

} // namespace probetest
