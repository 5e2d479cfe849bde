// Go/no-go on PostgreSQL through the real migctl: a transaction left open by an application
// blocks GO (and an override lets the run go ahead, recorded), another run holding the lock is
// named, and a restore-tested backup, a verified preview and two sign-offs make it GO.
#include "PgEngineSupport.h"

#include <QJsonArray>
#include <QThread>

using namespace pgtest;

namespace {

QJsonObject checkOf(const QJsonObject &d, const QString &id)
{
    for (const QJsonValue &v : d.value(u"checks").toArray())
        if (v.toObject().value(u"id").toString() == id)
            return v.toObject();
    ADD_FAILURE() << "no check " << s(id) << " in " << QJsonDocument(d).toJson().toStdString();
    return {};
}

class GoNoGoPostgres : public PgEngineTest
{
protected:
    void SetUp() override
    {
        PgEngineTest::SetUp();
        write(QStringLiteral("001_orders.sql"), "CREATE TABLE orders (id bigserial PRIMARY KEY, total numeric(10,2) NOT NULL);\n"
                                               "INSERT INTO orders (total) SELECT g FROM generate_series(1, 50) g;\n");
        write(QStringLiteral("001_orders.rollback.sql"), "DROP TABLE orders;\n");
        write(QStringLiteral("002_orders_total_idx.sql"), "CREATE INDEX orders_total_idx ON orders (total);\n");
        write(QStringLiteral("002_orders_total_idx.rollback.sql"), "DROP INDEX orders_total_idx;\n");
    }
    void write(const QString &name, const QByteArray &text)
    {
        QFile f(m_folder.filePath(name));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
    QString dir() const { return m_folder.path(); }
    MigctlRun run(const QString &command, const QStringList &more = {}, int timeoutMs = 60000)
    {
        return migctl(QStringList{command} + targetArgs(dir()) + more, timeoutMs);
    }
    QJsonObject preflight(int expectedExit)
    {
        const MigctlRun r = run(QStringLiteral("preflight"), {QStringLiteral("--json")});
        EXPECT_EQ(r.exitCode, expectedExit) << s(r.out) << s(r.err);
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

    QTemporaryDir m_folder;
};

} // namespace

TEST_F(GoNoGoPostgres, AnOpenTransactionBlocksGoAndAnOverrideIsRecorded)
{
    write(QStringLiteral("migctl-policy.json"), R"({"backup": {"required": false}, "rollback": "none",
        "sessions": {"longTransactionSeconds": 1}})");
    QSqlDatabase app = extraConnection(QStringLiteral("app"));
    QSqlQuery q(app);
    ASSERT_TRUE(q.exec(QStringLiteral("BEGIN")));
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT pg_backend_pid(), txid_current()")) && q.next());
    const QString pid = q.value(0).toString();
    QThread::msleep(2100);

    const QJsonObject d = preflight(1);
    EXPECT_EQ(d.value(u"verdict").toString(), u"NO-GO");
    const QJsonObject longTx = checkOf(d, QStringLiteral("long-transactions"));
    EXPECT_EQ(longTx.value(u"verdict").toString(), u"fail");
    EXPECT_TRUE(longTx.value(u"evidence").toString().contains(pid)) << s(longTx.value(u"evidence").toString());
    const QJsonObject sessions = checkOf(d, QStringLiteral("sessions"));
    EXPECT_NE(sessions.value(u"verdict").toString(), u"n/a");
    EXPECT_NE(sessions.value(u"verdict").toString(), u"not run");
    EXPECT_EQ(checkOf(d, QStringLiteral("server-version")).value(u"verdict").toString(), u"pass");
    EXPECT_EQ(checkOf(d, QStringLiteral("disk")).value(u"verdict").toString(), u"pass") << s(checkOf(d, QStringLiteral("disk")).value(u"evidence").toString());

    const MigctlRun refused = run(QStringLiteral("apply"));
    EXPECT_EQ(refused.exitCode, 4) << s(refused.out) << s(refused.err);
    EXPECT_FALSE(tableExists(QStringLiteral("orders")));

    // The application's transaction only reads: DDL on orders would not wait for it, and the
    // DBA says so in the override.
    const MigctlRun overridden = run(QStringLiteral("apply"), {QStringLiteral("--override"), QStringLiteral("open transaction is a read-only report")});
    EXPECT_EQ(overridden.exitCode, 0) << s(overridden.out) << s(overridden.err);
    EXPECT_TRUE(overridden.out.contains(u"NO-GO, OVERRIDDEN")) << s(overridden.out);
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM orders")).toInt(), 50);
    q.exec(QStringLiteral("ROLLBACK"));
    app.close();
    dropConnection(QStringLiteral("app"), m_database);

    const QJsonObject after = preflight(0);
    EXPECT_EQ(checkOf(after, QStringLiteral("long-transactions")).value(u"verdict").toString(), u"pass");
    EXPECT_EQ(checkOf(after, QStringLiteral("drift")).value(u"verdict").toString(), u"pass");
    EXPECT_TRUE(after.value(u"pending").toArray().isEmpty());
}

TEST_F(GoNoGoPostgres, ARunHoldingTheLockIsNamed)
{
    write(QStringLiteral("migctl-policy.json"), R"({"enforce": false})");
    write(QStringLiteral("003_slow.sql"), "SELECT pg_sleep(4);\n");
    QProcess slow;
    slow.setProcessEnvironment(migctlEnvironment());
    slow.start(QStringLiteral(MIGCTL_PATH), QStringList{QStringLiteral("apply")} + targetArgs(dir()));
    ASSERT_TRUE(slow.waitForStarted());
    // Wait for the run to reach its slow statement.
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 15000 && scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(4)%'")).toInt() == 0)
        QThread::msleep(50);
    const QJsonObject d = preflight(1);
    const QJsonObject lock = checkOf(d, QStringLiteral("run-lock"));
    EXPECT_EQ(lock.value(u"verdict").toString(), u"fail");
    EXPECT_TRUE(lock.value(u"evidence").toString().startsWith(u"held by ")) << s(lock.value(u"evidence").toString());
    EXPECT_TRUE(lock.value(u"evidence").toString().contains(u"run 20")) << "the holder's note names its run: " << s(lock.value(u"evidence").toString());
    ASSERT_TRUE(slow.waitForFinished(30000));
    EXPECT_EQ(slow.exitCode(), 0) << s(QString::fromUtf8(slow.readAllStandardError()));
    EXPECT_EQ(checkOf(preflight(1), QStringLiteral("run-lock")).value(u"verdict").toString(), u"pass"); // NO-GO: no backup
}

TEST_F(GoNoGoPostgres, BackupPreviewAndSignoffsMakeItGo)
{
    write(QStringLiteral("migctl-policy.json"), R"({"signoffs": {"required": ["DBA", "Tech Lead"]}})");
    const MigctlRun backup = run(QStringLiteral("backup"), {QStringLiteral("--test")}, 120000);
    ASSERT_EQ(backup.exitCode, 0) << s(backup.out) << s(backup.err);
    const MigctlRun preview = run(QStringLiteral("preview"));
    ASSERT_EQ(preview.exitCode, 0) << s(preview.out) << s(preview.err);
    for (const auto &[role, name] : {std::pair{"DBA", "Ana Ruiz"}, std::pair{"Tech Lead", "Ben Okafor"}}) {
        const MigctlRun sign = run(QStringLiteral("signoff"), {QStringLiteral("--role"), QLatin1String(role), QStringLiteral("--name"), QLatin1String(name)});
        ASSERT_EQ(sign.exitCode, 0) << s(sign.out) << s(sign.err);
    }
    const QJsonObject d = preflight(0);
    EXPECT_EQ(d.value(u"verdict").toString(), u"GO") << QJsonDocument(d).toJson().toStdString();
    EXPECT_EQ(checkOf(d, QStringLiteral("backup")).value(u"verdict").toString(), u"pass");
    EXPECT_EQ(checkOf(d, QStringLiteral("rollbacks")).value(u"verdict").toString(), u"pass");
    EXPECT_EQ(checkOf(d, QStringLiteral("replication")).value(u"verdict").toString(), u"pass")
        << s(checkOf(d, QStringLiteral("replication")).value(u"evidence").toString());
    const MigctlRun apply = run(QStringLiteral("apply"));
    EXPECT_EQ(apply.exitCode, 0) << s(apply.out) << s(apply.err);
    EXPECT_TRUE(apply.out.contains(u"GO for plan ")) << s(apply.out);
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM orders")).toInt(), 50);
}
