// Backups of SQLite targets through the real migctl: the file (mode, SHA-256, the rows it holds),
// the catalog, the restore test (and the truncated or miscatalogued backups it must catch), the
// confirmed restore over a changed database, and a backup that hits a file-size limit. Plus the
// catalog's API and the mysqldump row reader, in-process.
#include "BackupSupport.h"

#include "backup/BackupCatalog.h"
#include "backup/MysqlDumpReader.h"
#include "store/RunStore.h"

#include <QRandomGenerator>

using namespace backuptest;

namespace {

class BackupSqlite : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_tmp.isValid());
        m_how.store = m_tmp.filePath(QStringLiteral("store/runs.sqlite"));
    }

    QString db() const { return m_tmp.filePath(QStringLiteral("shop.db")); }
    QString target() const { return QStringLiteral("sqlite:") + db(); }

    // Runs SQL statements (separated by ';' at line ends) on the target through Qt's driver.
    void sql(const QString &statements, const QString &file = {})
    {
        const QString name = QStringLiteral("fixture-") + QString::number(QRandomGenerator::global()->generate());
        {
            QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            d.setDatabaseName(file.isEmpty() ? db() : file);
            ASSERT_TRUE(d.open());
            QSqlQuery q(d);
            for (const QString &st : statements.split(QStringLiteral(";\n"), Qt::SkipEmptyParts))
                ASSERT_TRUE(q.exec(st)) << s(st) << ": " << s(q.lastError().text());
        }
        QSqlDatabase::removeDatabase(name);
    }
    QString scalar(const QString &query, const QString &file = {})
    {
        const QString name = QStringLiteral("fixture-") + QString::number(QRandomGenerator::global()->generate());
        QString v;
        {
            QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            d.setDatabaseName(file.isEmpty() ? db() : file);
            EXPECT_TRUE(d.open());
            QSqlQuery q(d);
            EXPECT_TRUE(q.exec(query) && q.next()) << s(query) << ": " << s(q.lastError().text());
            v = q.value(0).toString();
        }
        QSqlDatabase::removeDatabase(name);
        return v;
    }

    // customers (1200 rows), orders (300), an empty audit table, a view and a trigger.
    void makeShop()
    {
        sql(QStringLiteral("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL, note TEXT);\n"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200) "
                           "INSERT INTO customers SELECT i, 'c' || i || '@x', 'it''s (' || i || ')' FROM n;\n"
                           "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER REFERENCES customers, total REAL);\n"
                           "INSERT INTO orders SELECT id, id, id * 1.5 FROM customers WHERE id <= 300;\n"
                           "CREATE TABLE audit (at TEXT);\n"
                           "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;\n"
                           "CREATE TRIGGER orders_audit AFTER INSERT ON orders BEGIN INSERT INTO audit VALUES (datetime('now')); END"));
    }

    Migctl run(const QStringList &args) const { return runMigctl(args, m_how); }

    QTemporaryDir m_tmp;
    Launch m_how;
};

TEST_F(BackupSqlite, BackupIsCataloguedPrivateHashedAndPassesItsRestoreTest)
{
    makeShop();
    const Migctl r = run({QStringLiteral("backup"), QStringLiteral("--target"), target(), QStringLiteral("--test")});
    // Beside the run store by default.
    const QString folder = m_tmp.filePath(QStringLiteral("store/backups"));
    const QJsonObject b = expectOneTestedBackup(r, folder, m_how, QStringLiteral("sqlite"),
                                                {{QStringLiteral("audit"), 0}, {QStringLiteral("customers"), 1200}, {QStringLiteral("orders"), 300}});
    const QString file = b[u"path"].toString();
    EXPECT_TRUE(QFileInfo(file).fileName().startsWith(u"shop-b")) << s(file);
    EXPECT_TRUE(file.endsWith(u".sqlite")) << s(file);
    EXPECT_TRUE(b[u"tool"].toString().startsWith(u"sqlite3 backup API 3.")) << s(b[u"tool"].toString());
    EXPECT_EQ(b[u"target"].toString(), target());
    // The copy is a database of its own; progress was told in pages, on stderr.
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM customers"), file), QStringLiteral("1200"));
    EXPECT_GT(progressEvents(m_how.store, QStringLiteral("pages")), 0);
    EXPECT_TRUE(r.err.contains(u"backup: copying pages [")) << r.text();

    // Listed per target and for all.
    const Migctl list = run({QStringLiteral("backups"), QStringLiteral("--target"), target()});
    EXPECT_EQ(list.exitCode, 0);
    EXPECT_TRUE(list.out.contains(b[u"id"].toString())) << list.text();
    EXPECT_TRUE(list.out.contains(u"pass")) << list.text();
    const Migctl other = run({QStringLiteral("backups"), QStringLiteral("--target"), QStringLiteral("sqlite:") + m_tmp.filePath(QStringLiteral("other.db"))});
    EXPECT_FALSE(other.out.contains(b[u"id"].toString())) << other.text();
}

TEST_F(BackupSqlite, RestoreTestCatchesATruncatedBackupAndRecordsIt)
{
    makeShop();
    const QString dir = m_tmp.filePath(QStringLiteral("elsewhere"));
    ASSERT_EQ(run({QStringLiteral("backup"), QStringLiteral("--target"), target(), QStringLiteral("--backup-dir"), dir}).exitCode, 0);
    const QJsonObject b = catalog(m_how).first().toObject();
    EXPECT_TRUE(b[u"path"].toString().startsWith(dir)) << s(b[u"path"].toString());
    EXPECT_TRUE(b[u"restoreTest"].isNull());
    const QString id = expectTruncationCaught(m_how, b[u"size"].toInteger() / 2);
    // Nor may a truncated file be restored over the database.
    const Migctl over = run({QStringLiteral("restore"), id, QStringLiteral("--into"), target(), QStringLiteral("--yes")});
    EXPECT_EQ(over.exitCode, 4) << over.text();
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM customers")), QStringLiteral("1200"));
}

TEST_F(BackupSqlite, RestoreTestComparesEveryTableWithTheCatalog)
{
    makeShop();
    ASSERT_EQ(run({QStringLiteral("backup"), QStringLiteral("--target"), target()}).exitCode, 0);
    const QString id = catalog(m_how).first()[u"id"].toString();
    // A catalog that lists other rows than the file holds (the file itself intact).
    sql(QStringLiteral("UPDATE backups SET tables = '[{\"table\":\"audit\",\"rows\":0},{\"table\":\"customers\",\"rows\":1201},"
                       "{\"table\":\"gone\",\"rows\":3}]'"),
        m_how.store);
    const Migctl t = run({QStringLiteral("restore"), id, QStringLiteral("--test")});
    EXPECT_EQ(t.exitCode, 1) << t.text();
    const QStringList checks = checksOfLast(m_how.store, QStringLiteral("restore-test"));
    EXPECT_TRUE(checks.contains(QStringLiteral("pass|checksum|%1 bytes, SHA-256 as catalogued|%2")
                                    .arg(catalog(m_how).first()[u"size"].toInteger()).arg(catalog(m_how).first()[u"path"].toString())))
        << s(checks.join(u'\n'));
    EXPECT_TRUE(checks.contains(QStringLiteral("fail|row count|1200 rows (catalog 1201)|customers"))) << s(checks.join(u'\n'));
    EXPECT_TRUE(checks.contains(QStringLiteral("pass|row count|0 rows (catalog 0)|audit"))) << s(checks.join(u'\n'));
    EXPECT_TRUE(checks.contains(QStringLiteral("fail|row count|missing (catalog 3 rows)|gone: the table is not there after the restore"))) << s(checks.join(u'\n'));
    EXPECT_TRUE(checks.contains(QStringLiteral("fail|row count|300 rows (not in the catalog)|orders: a table the backup's catalog does not list")))
        << s(checks.join(u'\n'));
    EXPECT_EQ(catalog(m_how).first()[u"restoreTest"][u"status"].toString(), QStringLiteral("fail"));
}

TEST_F(BackupSqlite, RestoreOverTheTargetNeedsConfirmationThenBringsBackTheBackupsRows)
{
    makeShop();
    ASSERT_EQ(run({QStringLiteral("backup"), QStringLiteral("--target"), target()}).exitCode, 0);
    const QString id = catalog(m_how).first()[u"id"].toString();
    sql(QStringLiteral("DELETE FROM customers WHERE id > 1000;\nUPDATE orders SET total = 0;\nCREATE TABLE later (x);\nINSERT INTO later VALUES (1)"));
    const QByteArray changed = sha256Of(db()).toLatin1();

    const Migctl refused = run({QStringLiteral("restore"), id, QStringLiteral("--into"), target()});
    EXPECT_EQ(refused.exitCode, 4) << refused.text();
    EXPECT_TRUE(refused.err.contains(u"--yes")) << refused.text();
    EXPECT_TRUE(refused.out.contains(u"customers: 1000 row(s) -> replaced by the backup's")) << refused.text();
    EXPECT_EQ(sha256Of(db()).toLatin1(), changed) << "a refused restore changed the database";

    const Migctl r = run({QStringLiteral("restore"), id, QStringLiteral("--into"), target(), QStringLiteral("--yes")});
    ASSERT_EQ(r.exitCode, 0) << r.text();
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM customers")), QStringLiteral("1200"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM orders WHERE total = 0")), QStringLiteral("0"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = 'later'")), QStringLiteral("0"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = 'orders_audit'")), QStringLiteral("1"));
    EXPECT_TRUE(r.out.contains(u"PASS row count [1200 rows (catalog 1200)]: customers")) << r.text();
    EXPECT_EQ(runs(m_how.store).last(), QStringLiteral("restore|succeeded"));
    // A backup of another engine is not restored over it.
    const Migctl wrong = run({QStringLiteral("restore"), id, QStringLiteral("--into"), QStringLiteral("postgres://u@127.0.0.1:1/x"), QStringLiteral("--yes")});
    EXPECT_EQ(wrong.exitCode, 2) << wrong.text();
}

TEST_F(BackupSqlite, BackupOverAFileSizeLimitLeavesNoFileAndNoCatalogRow)
{
    sql(QStringLiteral("CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB);\n"
                       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) INSERT INTO blobs SELECT i, randomblob(1000) FROM n"));
    ASSERT_GT(QFileInfo(db()).size(), 3000000);
    // The run store's first writes stay far below 1 MB; the 4 MB copy does not.
    Launch limited = m_how;
    limited.fileSizeLimit = 1000000;
    const QString dir = m_tmp.filePath(QStringLiteral("full"));
    const Migctl r = runMigctl({QStringLiteral("backup"), QStringLiteral("--target"), target(), QStringLiteral("--backup-dir"), dir}, limited);
    expectNothingKept(r, dir, m_how, QStringLiteral("File too large (disk full?)"));
    // Without the limit the same backup is whole.
    ASSERT_EQ(run({QStringLiteral("backup"), QStringLiteral("--target"), target(), QStringLiteral("--backup-dir"), dir}).exitCode, 0);
    EXPECT_EQ(tablesOf(catalog(m_how).first().toObject()), (QMap<QString, qint64>{{QStringLiteral("blobs"), 4000}}));
}

// --- in-process ---------------------------------------------------------------------------

TEST(BackupCatalog, KeepsBackupsPerTargetNewestFirstWithTheirRestoreTests)
{
    QTemporaryDir tmp;
    mig::RunStore store;
    ASSERT_EQ(store.open(tmp.filePath(QStringLiteral("runs.sqlite"))), QString());
    mig::BackupCatalog c(store);
    EXPECT_FALSE(c.latest(QStringLiteral("k1")).has_value());
    mig::BackupRecord a;
    a.id = QStringLiteral("b1");
    a.targetKey = QStringLiteral("k1");
    a.engine = QStringLiteral("postgres");
    a.createdAt = QStringLiteral("2026-11-20T10:00:00.000Z");
    a.path = QStringLiteral("/b/1");
    a.size = 10;
    a.sha256 = QStringLiteral("aa");
    a.tables = {{QStringLiteral("public.t"), 5}, {QStringLiteral("s.u"), 7}};
    mig::BackupRecord b = a;
    b.id = QStringLiteral("b2");
    b.createdAt = QStringLiteral("2026-11-21T10:00:00.000Z");
    mig::BackupRecord other = a;
    other.id = QStringLiteral("b3");
    other.targetKey = QStringLiteral("k2");
    other.createdAt = QStringLiteral("2026-11-22T10:00:00.000Z");
    for (const mig::BackupRecord &r : {a, b, other})
        ASSERT_EQ(c.add(r), QString());
    EXPECT_FALSE(c.add(a).isEmpty()) << "an id is catalogued once";

    ASSERT_TRUE(c.latest(QStringLiteral("k1")).has_value());
    EXPECT_EQ(c.latest(QStringLiteral("k1"))->id, QStringLiteral("b2"));
    EXPECT_EQ(c.list(QStringLiteral("k1")).size(), 2);
    EXPECT_EQ(c.list().size(), 3);
    EXPECT_EQ(c.list().first().id, QStringLiteral("b3"));
    const auto found = c.find(QStringLiteral("b1"));
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->totalRows(), 12);
    EXPECT_EQ(found->tables.last().table, QStringLiteral("s.u"));
    EXPECT_TRUE(found->restoreTest.at.isEmpty());

    ASSERT_EQ(c.recordRestoreTest(QStringLiteral("b2"), {QStringLiteral("2026-11-21T11:00:00.000Z"), QStringLiteral("pass"), QStringLiteral("ok"),
                                                         QStringLiteral("r9")}),
              QString());
    const auto latest = mig::BackupCatalog(store).latest(QStringLiteral("k1"));
    EXPECT_EQ(latest->restoreTest.status, QStringLiteral("pass"));
    EXPECT_EQ(latest->restoreTest.at, QStringLiteral("2026-11-21T11:00:00.000Z"));
    EXPECT_FALSE(mig::BackupCatalog(store).find(QStringLiteral("nope")).has_value());
}

TEST(BackupCatalog, WithoutAnOpenStoreRefusesToAdd)
{
    mig::RunStore store;
    mig::BackupRecord r;
    r.id = QStringLiteral("b1");
    EXPECT_TRUE(mig::BackupCatalog(store).add(r).contains(u"not open"));
    EXPECT_TRUE(mig::BackupCatalog(store).list().isEmpty());
}

// Rows counted in mysqldump's own output, fed one byte at a time (chunk boundaries anywhere).
TEST(MysqlDumpReader, CountsRowsOfEachTableAsTheFileHoldsThem)
{
    const QByteArray dump =
        "-- MariaDB dump\n"
        "DROP TABLE IF EXISTS `t1`;\n"
        "CREATE TABLE `t1` (\n  `a` text\n) ENGINE=InnoDB;\n"
        "INSERT INTO `t1` VALUES (1,'it\\'s (x)'),(2,'a\\\\'),(3,'(\\n(')\n;\n"     // one line, escapes, parens in strings
        "INSERT INTO `t1` VALUES\n(4,'x'),\n(5,0x00FF);\n"                            // MariaDB 10.11: a row per line
        "CREATE TABLE `we``ird` (\n  `a` int\n);\n"                                      // a doubled backtick in the name
        "INSERT INTO `we``ird` VALUES (7);\n"
        "CREATE TABLE `empty` (\n  `a` int\n);\n"
        "/*!50001 CREATE TABLE `v` (\n  `a` tinyint NOT NULL\n) */;\n"                   // a view's stand-in: not a table
        "DELIMITER ;;\n"
        "/*!50003 CREATE*/ /*!50003 TRIGGER tr AFTER INSERT ON t1 FOR EACH ROW\n"
        "INSERT INTO `t1` VALUES (99),(98) */;;\n"                                      // a body's INSERT is not data
        "DELIMITER ;\n"
        "INSERT INTO `t1` VALUES (6,'last');\n";
    mig::MysqlDumpReader reader;
    QStringList announced;
    reader.onTable = [&](int seen, const QString &table) { announced << QStringLiteral("%1 %2").arg(seen).arg(table); };
    for (char c : dump)
        reader.feed(&c, 1);
    QStringList counted;
    for (const mig::TableRows &t : reader.tables())
        counted << QStringLiteral("%1=%2").arg(t.table).arg(t.rows);
    EXPECT_EQ(counted, (QStringList{QStringLiteral("t1=6"), QStringLiteral("we`ird=1"), QStringLiteral("empty=0")}));
    EXPECT_EQ(announced, (QStringList{QStringLiteral("1 t1"), QStringLiteral("2 we`ird"), QStringLiteral("3 empty")}));
}

} // namespace
