// The MySQL splitter against a real MariaDB: routine, trigger and function bodies written with
// and without DELIMITER must reach the server as whole statements that it accepts and runs.
#include "ServerConnection.h"
#include "TempFolder.h"

#include <QSqlQuery>
#include <gtest/gtest.h>

using namespace mig;

TEST(MariadbServer, RoutinesWithAndWithoutDelimiterRunOnTheServer)
{
    QString error;
    QSqlDatabase db = openServer(QStringLiteral("QMARIADB"), "MIG_TEST_MARIADB_PORT", QStringLiteral("mc"),
                                 QStringLiteral("mcpw"), &error);
    ASSERT_TRUE(db.isOpen()) << "cannot reach the test MariaDB server: " << error.toStdString();
    QSqlQuery q(db);
    for (const char *drop : {"DROP TRIGGER IF EXISTS account_audit", "DROP TRIGGER IF EXISTS account_name",
                             "DROP PROCEDURE IF EXISTS fill_accounts", "DROP FUNCTION IF EXISTS total_balance",
                             "DROP TABLE IF EXISTS account", "DROP TABLE IF EXISTS audit"})
        ASSERT_TRUE(q.exec(QLatin1String(drop))) << q.lastError().text().toStdString();

    mig::ScriptRef script;
    script.path = testData(QStringLiteral("mysql/routines.sql"));
    int ran = 0;
    const QString failure = runScript(db, script, Dialect::Mysql, &ran);
    EXPECT_TRUE(failure.isEmpty()) << failure.toStdString();
    EXPECT_EQ(ran, 9);

    // The procedure ran whole: 5 accounts, its CASE branch, and the trigger fired once.
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT COUNT(*), SUM(balance) FROM account")) && q.next());
    EXPECT_EQ(q.value(0).toInt(), 5);
    EXPECT_DOUBLE_EQ(q.value(1).toDouble(), 30 + 40 + 50 + 1);
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT note FROM audit ORDER BY id")));
    QStringList notes;
    while (q.next())
        notes << q.value(0).toString();
    EXPECT_EQ(notes, (QStringList{QStringLiteral("filled 5"), QStringLiteral("balance 1: 0.00 -> 1.00")}));
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT total_balance()")) && q.next());
    EXPECT_DOUBLE_EQ(q.value(0).toDouble(), 121);
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT `name;odd` FROM account WHERE id = 2")) && q.next());
    EXPECT_EQ(q.value(0).toString(), QStringLiteral("acct-0"));
    db.close();
}
