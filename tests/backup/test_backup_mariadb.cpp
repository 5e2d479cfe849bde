// Backups of MariaDB targets through the real migctl against the fixture's server: mysqldump into
// a private file with each table's rows counted in the dump itself (text that looks like rows,
// routine and trigger bodies that insert, included), the restore test in a scratch database, a
// truncated backup caught, the confirmed restore over a changed database, and a full disk
// (file-size limit) that must leave nothing behind.
#include "BackupSupport.h"

using namespace backuptest;

namespace {

class BackupMariadb : public BackupServerTest
{
protected:
    realworld::ScratchServer server() const override
    {
        return {QStringLiteral("QMARIADB"), "MIG_TEST_MARIADB_PORT", QStringLiteral("mysql"), QStringLiteral("mc"), QStringLiteral("mcpw"),
                QStringLiteral("mc_test"), QString(), QStringLiteral(" CHARACTER SET utf8mb4"), QString()};
    }

    // customers (1500 rows whose text has quotes, parentheses, backslashes and line breaks, and
    // binary bytes), `order lines` (40), an empty audit table, a view, and a procedure, trigger
    // and event whose bodies insert — none of which is a row of the backup.
    void makeShop()
    {
        sql({QStringLiteral("CREATE TABLE customers (id int PRIMARY KEY, note text, raw blob) ENGINE=InnoDB"),
             QStringLiteral("INSERT INTO customers SELECT seq, CONCAT('it''s (', seq, '),\\n(', '\\\\', ');'), UNHEX('00FF27285C0A') FROM seq_1_to_1500"),
             QStringLiteral("CREATE TABLE `order lines` (id int PRIMARY KEY, customer int, qty int)"),
             QStringLiteral("INSERT INTO `order lines` SELECT seq, seq, seq % 7 FROM seq_1_to_40"),
             QStringLiteral("CREATE TABLE audit (at datetime)"),
             QStringLiteral("CREATE VIEW busy AS SELECT customer, SUM(qty) AS qty FROM `order lines` GROUP BY customer"),
             QStringLiteral("CREATE PROCEDURE touch()\nBEGIN\nINSERT INTO `audit` VALUES (NOW()),(NOW());\nEND"),
             QStringLiteral("CREATE TRIGGER lines_audit AFTER INSERT ON `order lines` FOR EACH ROW\nINSERT INTO `audit` VALUES (NOW())"),
             QStringLiteral("CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DISABLE DO\nINSERT INTO `audit` VALUES (NOW())")});
    }

    QStringList scratchLeft()
    {
        return column(QStringLiteral("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '%1\\_restoretest%'").arg(m_database));
    }
};

TEST_F(BackupMariadb, BackupCountsRowsInTheDumpAndPassesItsRestoreTest)
{
    makeShop();
    const Migctl r = backup({QStringLiteral("--test")});
    const QJsonObject b = expectOneTestedBackup(r, folder(), m_how, QStringLiteral("mysql"),
                                                {{QStringLiteral("audit"), 0}, {QStringLiteral("customers"), 1500}, {QStringLiteral("order lines"), 40}});
    EXPECT_TRUE(b[u"path"].toString().endsWith(u".sql")) << s(b[u"path"].toString());
    QFile f(b[u"path"].toString());
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray dump = f.readAll();
    EXPECT_FALSE(dump.contains("CREATE DATABASE")) << "the file must restore into a database of any name";
    EXPECT_FALSE(dump.contains("\nUSE ")) << "the file must restore into a database of any name";
    EXPECT_TRUE(dump.contains("CREATE DEFINER")) << "routines are in the backup";
    EXPECT_TRUE(b[u"tool"].toString().contains(u"Distrib 10.")) << s(b[u"tool"].toString());
    EXPECT_TRUE(b[u"serverVersion"].toString().startsWith(u"MariaDB ")) << s(b[u"serverVersion"].toString());
    EXPECT_EQ(b[u"target"].toString(), QStringLiteral("mysql://127.0.0.1:%1/%2").arg(m_port).arg(m_database)) << "no user in the catalog";
    EXPECT_TRUE(b[u"detail"].toString().contains(u"dump itself")) << s(b[u"detail"].toString());
    EXPECT_EQ(scratchLeft(), QStringList()) << "the restore test's scratch database was not dropped";
    EXPECT_GT(progressEvents(m_how.store, QStringLiteral("tables")), 0);

    // The password went through a private option file only: it is nowhere migctl writes.
    EXPECT_FALSE(r.all().contains(m_password)) << r.text();
    EXPECT_FALSE(storeBytes(m_how.store).contains(m_password.toUtf8()));
    EXPECT_FALSE(dump.contains(m_password.toUtf8()));
}

TEST_F(BackupMariadb, RestoreTestCatchesATruncatedBackup)
{
    makeShop();
    ASSERT_EQ(backup().exitCode, 0);
    expectTruncationCaught(m_how, catalog(m_how).first()[u"size"].toInteger() / 2, {QStringLiteral("--target"), m_target});
}

TEST_F(BackupMariadb, RestoreOverTheTargetNeedsConfirmationThenBringsBackTheBackupsRows)
{
    makeShop();
    ASSERT_EQ(backup().exitCode, 0);
    const QString id = catalog(m_how).first()[u"id"].toString();
    sql({QStringLiteral("DELETE FROM customers WHERE id > 100"), QStringLiteral("UPDATE `order lines` SET qty = 0"),
         QStringLiteral("DROP PROCEDURE touch"), QStringLiteral("CREATE TABLE later (x int)")});

    const Migctl refused = runMigctl({QStringLiteral("restore"), id, QStringLiteral("--into"), m_target}, m_how);
    EXPECT_EQ(refused.exitCode, 4) << refused.text();
    EXPECT_TRUE(refused.err.contains(u"--yes")) << refused.text();
    EXPECT_TRUE(refused.out.contains(u"customers: 100 row(s) -> replaced by the backup's")) << refused.text();
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM customers")), QStringLiteral("100")) << "a refused restore changed the database";

    const Migctl r = runMigctl({QStringLiteral("restore"), id, QStringLiteral("--into"), m_target, QStringLiteral("--yes")}, m_how);
    ASSERT_EQ(r.exitCode, 0) << r.text();
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM customers")), QStringLiteral("1500"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM customers WHERE raw = UNHEX('00FF27285C0A') AND note = CONCAT('it''s (', id, '),\\n(', '\\\\', ');')")),
              QStringLiteral("1500")) << "text and bytes came back as they were";
    EXPECT_EQ(scalar(QStringLiteral("SELECT SUM(qty) FROM `order lines`")), QStringLiteral("120"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_NAME = 'touch'")),
              QStringLiteral("1"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")), QStringLiteral("1"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'later'")),
              QStringLiteral("1"));
    EXPECT_TRUE(r.err.contains(u"later (0 rows) is not in the backup: left as it was")) << r.text();
    EXPECT_EQ(runs(m_how.store).last(), QStringLiteral("restore|succeeded"));
    EXPECT_FALSE(r.all().contains(m_password));
}

TEST_F(BackupMariadb, BackupOverAFileSizeLimitLeavesNoFileAndNoCatalogRow)
{
    // Some 8 MB of INSERT text.
    sql({QStringLiteral("CREATE TABLE big (id int PRIMARY KEY, a char(32), b char(32))"),
         QStringLiteral("INSERT INTO big SELECT seq, MD5(seq), MD5(seq * 7) FROM seq_1_to_100000")});
    Launch limited = m_how;
    limited.fileSizeLimit = 1000000;
    expectNothingKept(backup({}, &limited), folder(), m_how, QStringLiteral(".partial: File too large (disk full?)"));
}

} // namespace
