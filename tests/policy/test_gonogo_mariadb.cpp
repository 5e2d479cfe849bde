// Go/no-go on MariaDB through the real migctl: a transaction an application left open blocks
// GO with its connection id; a restore-tested mysqldump backup, a verified preview (on a scratch
// database) and two sign-offs make it GO, and apply runs.
#include "EngineMariadb.h"

#include <QJsonArray>
#include <QThread>

using namespace enginetest;

namespace {

QJsonObject checkOf(const QJsonObject &d, const QString &id)
{
    for (const QJsonValue &v : d.value(u"checks").toArray())
        if (v.toObject().value(u"id").toString() == id)
            return v.toObject();
    ADD_FAILURE() << "no check " << str(id) << " in " << QJsonDocument(d).toJson().toStdString();
    return {};
}

class GoNoGoMariadb : public EngineMariadb
{
protected:
    void SetUp() override
    {
        EngineMariadb::SetUp();
        write(QStringLiteral("001_orders.sql"), "CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, total DECIMAL(10,2) NOT NULL) ENGINE=InnoDB;\n"
                                               "INSERT INTO orders (total) VALUES (10), (20), (30);\n");
        write(QStringLiteral("001_orders.rollback.sql"), "DROP TABLE orders;\n");
        write(QStringLiteral("002_orders_total_idx.sql"), "CREATE INDEX orders_total_idx ON orders (total);\n");
        write(QStringLiteral("002_orders_total_idx.rollback.sql"), "DROP INDEX orders_total_idx ON orders;\n");
    }
    QJsonObject preflight(int expectedExit)
    {
        const CliResult r = migctl(QStringLiteral("preflight"), {QStringLiteral("--json")}, 60000);
        EXPECT_EQ(r.code, expectedExit) << str(r.out) << str(r.err);
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }
};

} // namespace

TEST_F(GoNoGoMariadb, AnOpenTransactionBlocksGoWithItsConnectionId)
{
    write(QStringLiteral("migctl-policy.json"), R"({"backup": {"required": false}, "rollback": "none", "sessions": {"longTransactionSeconds": 1}})");
    QString error;
    QSqlDatabase app = openMc(QStringLiteral("app-") + m_dbName, m_port, m_dbName, &error);
    ASSERT_TRUE(app.isOpen()) << str(error);
    QSqlQuery q(app);
    ASSERT_TRUE(q.exec(QStringLiteral("CREATE TABLE ledger (id INT PRIMARY KEY) ENGINE=InnoDB")));
    ASSERT_TRUE(q.exec(QStringLiteral("START TRANSACTION")));
    ASSERT_TRUE(q.exec(QStringLiteral("INSERT INTO ledger VALUES (1)")));
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT CONNECTION_ID()")) && q.next());
    const QString id = q.value(0).toString();
    QThread::msleep(2100);

    const QJsonObject d = preflight(1);
    const QJsonObject longTx = checkOf(d, QStringLiteral("long-transactions"));
    EXPECT_EQ(longTx.value(u"verdict").toString(), u"fail");
    EXPECT_TRUE(longTx.value(u"evidence").toString().contains(id)) << str(longTx.value(u"evidence").toString());
    EXPECT_EQ(checkOf(d, QStringLiteral("server-version")).value(u"verdict").toString(), u"pass");
    const CliResult refused = migctl(QStringLiteral("apply"));
    EXPECT_EQ(refused.code, 4) << str(refused.out) << str(refused.err);
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'orders'")).toInt(), 0);

    q.exec(QStringLiteral("ROLLBACK"));
    app.close();
    app = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("app-") + m_dbName);
    // Other tests share the server and may hold transactions in their own databases (a warning
    // about other databases, never a failure): this database's must be gone.
    const QJsonObject after = checkOf(preflight(0), QStringLiteral("long-transactions"));
    EXPECT_NE(after.value(u"verdict").toString(), u"fail") << str(after.value(u"evidence").toString());
}

TEST_F(GoNoGoMariadb, BackupPreviewAndSignoffsMakeItGo)
{
    write(QStringLiteral("migctl-policy.json"), R"({"signoffs": {"required": ["DBA", "Tech Lead"]}})");
    const CliResult backup = migctl(QStringLiteral("backup"), {QStringLiteral("--test")}, 120000);
    ASSERT_EQ(backup.code, 0) << str(backup.out) << str(backup.err);
    const CliResult preview = migctl(QStringLiteral("preview"), {}, 120000);
    ASSERT_EQ(preview.code, 0) << str(preview.out) << str(preview.err);
    QJsonObject d = preflight(1);
    EXPECT_EQ(checkOf(d, QStringLiteral("signoffs")).value(u"verdict").toString(), u"fail");
    EXPECT_EQ(d.value(u"blockers").toArray().size(), 1) << QJsonDocument(d).toJson().toStdString();
    for (const auto &[role, name] : {std::pair{"DBA", "Ana Ruiz"}, std::pair{"Tech Lead", "Ben Okafor"}}) {
        const CliResult sign = migctl(QStringLiteral("signoff"), {QStringLiteral("--role"), QLatin1String(role), QStringLiteral("--name"), QLatin1String(name)});
        ASSERT_EQ(sign.code, 0) << str(sign.out) << str(sign.err);
    }
    d = preflight(0);
    EXPECT_EQ(d.value(u"verdict").toString(), u"GO") << QJsonDocument(d).toJson().toStdString();
    EXPECT_EQ(checkOf(d, QStringLiteral("backup")).value(u"verdict").toString(), u"pass");
    EXPECT_EQ(checkOf(d, QStringLiteral("rollbacks")).value(u"verdict").toString(), u"pass");
    const CliResult apply = migctl(QStringLiteral("apply"), {}, 60000);
    EXPECT_EQ(apply.code, 0) << str(apply.out) << str(apply.err);
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM orders")).toInt(), 3);
}
