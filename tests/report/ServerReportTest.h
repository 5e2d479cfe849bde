#pragma once
// A report test on a database of its own on the fixture's server (PostgreSQL or MariaDB): the
// real-world projects of tests/data/realworld taken through a production-style run by migctl.

#include "ReportTestSupport.h"

namespace reporttest {

class ServerReportTest : public realworld::ScratchDatabaseTest
{
protected:
    Store store() const { return Store(m_store.filePath(QStringLiteral("runs.sqlite")), m_password); }
    QString file(const QString &name) const { return m_store.filePath(name); }
};

class PostgresReportTest : public ServerReportTest
{
protected:
    realworld::ScratchServer server() const override
    {
        return {QStringLiteral("QPSQL"), "MIG_TEST_PG_PORT", QStringLiteral("postgres"), QStringLiteral("postgres"), QString(),
                QStringLiteral("postgres"), QStringLiteral(" WITH (FORCE)"), QString(), QStringLiteral("SET client_min_messages = warning")};
    }
};

class MariadbReportTest : public ServerReportTest
{
protected:
    realworld::ScratchServer server() const override
    {
        return {QStringLiteral("QMARIADB"), "MIG_TEST_MARIADB_PORT", QStringLiteral("mysql"), QStringLiteral("mc"), QStringLiteral("mcpw"),
                QStringLiteral("mc_test"), QString(), QStringLiteral(" CHARACTER SET utf8mb4"), QString()};
    }
};

inline QJsonObject lineOf(const QJsonObject &json, const char *section, const QString &name)
{
    for (const QJsonValue &v : json.value(QLatin1String(section)).toObject().value(u"lines").toArray())
        if (v[u"name"].toString() == name)
            return v.toObject();
    return {};
}

inline int statusCount(const QJsonArray &timeline, const QString &status)
{
    return int(std::count_if(timeline.begin(), timeline.end(), [&status](const QJsonValue &v) { return v[u"status"].toString() == status; }));
}

} // namespace reporttest
