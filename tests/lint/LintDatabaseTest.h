#pragma once
// The PostgreSQL and MariaDB lint tests: a database of the test's own on the fixture's server
// (RealWorldSupport.h), a migrations folder, and lint run on both.

#include "LintSupport.h"
#include "RealWorldSupport.h"

namespace linttest {

template <mig::Dialect Engine>
class LintDatabaseTest : public realworld::ScratchDatabaseTest
{
protected:
    realworld::ScratchServer server() const override
    {
        if constexpr (Engine == mig::Dialect::Postgres)
            return {QStringLiteral("QPSQL"), "MIG_TEST_PG_PORT", QStringLiteral("postgres"), QStringLiteral("postgres"), QString(),
                    QStringLiteral("postgres"), QStringLiteral(" WITH (FORCE)"), QString(),
                    QStringLiteral("SET client_min_messages = warning")};
        else
            return {QStringLiteral("QMARIADB"), "MIG_TEST_MARIADB_PORT", QStringLiteral("mysql"), QStringLiteral("mc"), QStringLiteral("mcpw"),
                    QStringLiteral("mc_test"), QString(), QStringLiteral(" CHARACTER SET utf8mb4"), QString()};
    }

    mig::ConnectionProfile profile() const
    {
        mig::ConnectionProfile p;
        p.engine = Engine;
        p.host = QStringLiteral("127.0.0.1");
        p.port = m_port;
        p.database = m_database;
        p.user = server().user;
        return p;
    }

    void sql(const QString &statement) { ASSERT_EQ(exec(statement), QString()) << statement.toStdString(); }
    void write(const QString &name, const QByteArray &text) { m_folder.write(name, text); }
    LintReport lint(const LintOptions &options = {}) { return lintFolder(profile(), m_password, m_folder.path(), options); }

    // A table of `rows` rows: id and n 1..rows, s 's1'..
    void table(const QString &name, int rows)
    {
        sql(QStringLiteral("CREATE TABLE %1 (id int PRIMARY KEY, n int, s varchar(20))").arg(name));
        if (rows == 0)
            return;
        sql(Engine == mig::Dialect::Postgres
                ? QStringLiteral("INSERT INTO %1 SELECT i, i, 's' || i FROM generate_series(1, %2) i").arg(name).arg(rows)
                : QStringLiteral("INSERT INTO %1 SELECT seq, seq, CONCAT('s', seq) FROM seq_1_to_%2").arg(name).arg(rows));
    }

    TempFolder m_folder;
};

} // namespace linttest
