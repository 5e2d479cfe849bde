#pragma once
// Shared by the health monitor's server tests (test_health_postgres.cpp, test_health_mariadb.cpp):
// the fixture server's test database (ProbeServerTest) and a client that blocks on a lock on a
// thread of its own, so the test can watch the monitor count its wait.

#include "HealthTestSupport.h"
#include "ProbeServerTest.h"

namespace healthtest {

// A database of the test's own on the fixture's server of `engine`, as the fixtures' users.
template <mig::Dialect engine>
class HealthServerTest : public probetest::ProbeServerTest
{
protected:
    mig::Dialect dialect() const override { return engine; }
    realworld::ScratchServer server() const override
    {
        auto S = [](const char *text) { return QString::fromLatin1(text); };
        if constexpr (engine == mig::Dialect::Postgres)
            return {S("QPSQL"), "MIG_TEST_PG_PORT", S("postgres"), S("postgres"), {}, S("postgres"), S(" WITH (FORCE)"), {},
                    S("SET client_min_messages = warning")};
        else
            return {S("QMARIADB"), "MIG_TEST_MARIADB_PORT", S("mysql"), S("mc"), S("mcpw"), S("mc_test"), {},
                    S(" CHARACTER SET utf8mb4"), {}};
    }
};

// A connection of its own on a thread of its own (Qt Sql connections belong to the thread that
// made them) running `statements` in order; the last one is expected to wait for a lock.
class BlockedClient
{
public:
    BlockedClient(const realworld::ScratchServer &server, int port, const QString &database, const QStringList &statements)
    {
        m_thread = std::thread([this, server, port, database, statements] {
            const QString name = QStringLiteral("health-blocked-") + database;
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(server.driver, name);
                db.setHostName(QStringLiteral("127.0.0.1"));
                db.setPort(port);
                db.setDatabaseName(database);
                db.setUserName(server.user);
                db.setPassword(server.password);
                if (!db.open()) {
                    m_error = db.lastError().text();
                } else {
                    for (const QString &sql : statements) {
                        QSqlQuery q(db);
                        if (!q.exec(sql)) {
                            m_error = sql + QStringLiteral(": ") + q.lastError().text();
                            break;
                        }
                    }
                }
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
            m_done.store(true);
        });
    }
    ~BlockedClient() { join(); }
    void join()
    {
        if (m_thread.joinable())
            m_thread.join();
    }
    bool done() const { return m_done.load(); }
    QString error() const { return m_error; } // after join()

private:
    QString m_error;
    std::atomic<bool> m_done{false};
    std::thread m_thread;
};

} // namespace healthtest
