// The Verifier against the fixture's MariaDB server: each case applies its migrations with
// mig::Runner into a database of its own, builds the baseline from the run's events, and reads
// the Verifier's verdict on what the run (or a person afterwards) did to the target. On MySQL
// orphans are made the way they are made in real life: a script that turns foreign_key_checks off.
#include "RealWorldSupport.h"

#include "run/Runner.h"
#include "schema/SchemaDiff.h"
#include "verify/Verifier.h"

using namespace realworld;
using mig::CheckResult;
using mig::RunEvent;
using mig::RunRequest;
using mig::RunResult;
using mig::VerifyBaseline;

namespace {

struct Verified {
    mig::VerifyResult result;
    QList<RunEvent> events;

    const CheckResult *check(const QString &name) const
    {
        for (const CheckResult &c : result.checks)
            if (c.name == name)
                return &c;
        return nullptr;
    }
    std::string text() const
    {
        QStringList lines{result.error};
        for (const CheckResult &c : result.checks)
            lines << QStringLiteral("%1 | %2 | %3 | %4").arg(c.name, c.status, c.measured, c.detail);
        return s(lines.join(u'\n'));
    }
};

#define EXPECT_CHECK(v, name_, status_, measured_)                                                            \
    do {                                                                                                   \
        const auto &v_ = (v); /* a temporary lives to the block's end (ASan: it dangled) */                \
        const QString n_ = QStringView(name_).toString();                                                   \
        const CheckResult *c_ = v_.check(n_);                                                             \
        ASSERT_NE(c_, nullptr) << "no check \"" << s(n_) << "\" in\n" << v_.text();                       \
        EXPECT_EQ(c_->status, QString::fromUtf8(status_)) << v_.text();                                   \
        EXPECT_EQ(c_->measured, QString::fromUtf8(measured_)) << v_.text();                               \
    } while (0)

class verify_mariadb : public ScratchDatabaseTest
{
protected:
    ScratchServer server() const override
    {
        return {QStringLiteral("QMARIADB"), "MIG_TEST_MARIADB_PORT", QStringLiteral("mysql"), QStringLiteral("mc"), QStringLiteral("mcpw"),
                QStringLiteral("mc_test"), QString(), QStringLiteral(" CHARACTER SET utf8mb4"), QString()};
    }

    mig::ConnectionProfile profile() const
    {
        mig::ConnectionProfile p;
        p.engine = mig::Dialect::Mysql;
        p.host = QStringLiteral("127.0.0.1");
        p.port = m_port;
        p.database = m_database;
        p.user = QStringLiteral("mc");
        return p;
    }

    void write(const QString &name, const QByteArray &text) { m_folder.write(name, text); }

    // Applies the folder in-process; the baseline as the run store would give it back.
    VerifyBaseline apply()
    {
        RunRequest r;
        r.action = RunRequest::Action::Apply;
        r.profile = profile();
        r.password = m_password;
        r.dir = m_folder.path();
        r.format = mig::Format::Native;
        QList<RunEvent> events;
        mig::Runner runner(r, [&](const RunEvent &e) { events << e; });
        const RunResult result = runner.run();
        QStringList log;
        for (const RunEvent &e : events)
            log << e.toText();
        EXPECT_EQ(result.outcome, RunResult::Outcome::Succeeded) << s(result.message) << "\n" << s(log.join(u'\n'));
        VerifyBaseline b;
        b.runId = result.runId;
        for (const RunEvent &e : events) {
            if (e.type == RunEvent::Type::SnapshotTaken && (e.check == u"before-run" || e.check == u"after-run"))
                (e.check == u"before-run" ? b.before : b.after) = mig::SchemaSnapshot::fromJson(e.data.value(u"snapshot").toObject());
            else if (e.type == RunEvent::Type::MigrationFinished && e.status == u"applied")
                b.versions << e.version;
        }
        EXPECT_TRUE(b.before && b.after) << s(log.join(u'\n'));
        if (b.before && b.after)
            b.touchedTables = mig::SchemaDiff::between(*b.before, *b.after).tables();
        return b;
    }

    Verified verify(const VerifyBaseline &baseline = {})
    {
        mig::VerifyRequest r;
        r.profile = profile();
        r.password = m_password;
        r.dir = m_folder.path();
        r.format = mig::Format::Native;
        r.baseline = baseline;
        Verified v;
        mig::Verifier verifier(r, [&](const RunEvent &e) { v.events << e; });
        v.result = verifier.run();
        EXPECT_TRUE(v.result.error.isEmpty()) << v.text();
        return v;
    }

    TempFolder m_folder;
};

const QByteArray shop = "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL) ENGINE=InnoDB;\n"
                        "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT,\n"
                        "  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)) ENGINE=InnoDB;\n"
                        "CREATE TABLE regions (country CHAR(2), code VARCHAR(10), PRIMARY KEY (country, code)) ENGINE=InnoDB;\n"
                        "CREATE TABLE stores (id INT PRIMARY KEY, country CHAR(2), code VARCHAR(10),\n"
                        "  CONSTRAINT stores_region_fk FOREIGN KEY (country, code) REFERENCES regions (country, code)) ENGINE=InnoDB;\n"
                        "INSERT INTO customers VALUES (1, 'ann'), (2, 'bob');\n"
                        "INSERT INTO orders VALUES (1, 1), (2, 2);\n"
                        "INSERT INTO regions VALUES ('fr', 'idf');\n"
                        "INSERT INTO stores VALUES (1, 'fr', 'idf');\n";

TEST_F(verify_mariadb, VerifyScriptsPassFailAndRaiseWithoutStoppingTheOthers)
{
    write("001_shop.sql", shop);
    write("001_shop.verify.sql",
          "-- check: two customers\n"
          "SELECT count(*) = 2, CONCAT(count(*), ' customers') FROM customers;\n"
          "-- check: false\n"
          "SELECT FALSE, 'orders are not shipped';\n"
          "-- check: decimal zero\n"
          "SELECT CAST(0 AS DECIMAL(5,2));\n"
          "-- check: null\n"
          "SELECT NULL;\n"
          "-- check: no rows\n"
          "SELECT 1 FROM orders WHERE id < 0;\n"
          "-- check: raises\n"
          "SELECT no_such_column FROM customers;\n"
          "-- check: after the error\n"
          "SELECT EXISTS (SELECT 1 FROM orders);\n");
    apply();

    const Verified v = verify();
    EXPECT_FALSE(v.result.passed());
    EXPECT_CHECK(v, u"001 verify: two customers", "pass", "1");
    EXPECT_EQ(v.check(QStringLiteral("001 verify: two customers"))->detail, u"2 customers");
    EXPECT_CHECK(v, u"001 verify: false", "fail", "0");
    EXPECT_EQ(v.check(QStringLiteral("001 verify: false"))->detail, u"orders are not shipped");
    EXPECT_EQ(v.check(QStringLiteral("001 verify: decimal zero"))->status, u"fail") << v.text();
    EXPECT_CHECK(v, u"001 verify: null", "fail", "NULL");
    EXPECT_CHECK(v, u"001 verify: no rows", "fail", "no row");
    EXPECT_CHECK(v, u"001 verify: raises", "fail", "error");
    EXPECT_TRUE(v.check(QStringLiteral("001 verify: raises"))->detail.contains(u"no_such_column")) << v.text();
    EXPECT_CHECK(v, u"001 verify: after the error", "pass", "1");
    // Without a baseline every foreign key is scanned.
    EXPECT_CHECK(v, u"foreign-key orphans: orders_customer_fk (orders -> customers)", "pass", "0 orphan row(s)");
    EXPECT_CHECK(v, u"foreign-key orphans: stores_region_fk (stores -> regions)", "pass", "0 orphan row(s)");
    EXPECT_CHECK(v, u"row counts", "not run", "");
    EXPECT_EQ(v.events.last().type, RunEvent::Type::RunFinished);
    EXPECT_TRUE(v.events.last().message.contains(u"5 fail")) << s(v.events.last().message);
}

TEST_F(verify_mariadb, ADataMigrationWithForeignKeyChecksOffLeavesOrphansTheScanFinds)
{
    write("001_shop.sql", shop);
    apply();
    write("002_import_orders.sql",
          "SET foreign_key_checks = 0;\n"
          "INSERT INTO orders VALUES (10, 99), (11, 98), (12, NULL);\n"
          "SET foreign_key_checks = 1;\n");
    const VerifyBaseline run = apply();

    const Verified v = verify(run);
    EXPECT_FALSE(v.result.passed());
    const QString orders = QStringLiteral("foreign-key orphans: orders_customer_fk (orders -> customers)");
    EXPECT_CHECK(v, orders, "fail", "2 orphan row(s)");
    EXPECT_EQ(v.check(orders)->detail, u"2 row(s) of orders (customer_id) reference no row of customers (id)");
    // Nothing of the run went near stores: its key is not scanned.
    EXPECT_EQ(v.check(QStringLiteral("foreign-key orphans: stores_region_fk (stores -> regions)")), nullptr) << v.text();
    EXPECT_CHECK(v, u"row count: orders", "pass", "2 -> 5");
}

TEST_F(verify_mariadb, CompositeKeysIgnoreRowsWithANullPart)
{
    write("001_shop.sql", shop);
    apply();
    write("002_stores.sql",
          "ALTER TABLE stores ADD COLUMN opened DATE;\n"
          "SET foreign_key_checks = 0;\n"
          "INSERT INTO stores (id, country, code) VALUES (2, 'de', 'by'), (3, 'de', NULL), (4, 'fr', 'xx');\n"
          "SET foreign_key_checks = 1;\n");
    const VerifyBaseline run = apply();
    ASSERT_TRUE(run.touchedTables.contains(u"stores")) << s(run.touchedTables.join(u' '));
    const Verified v = verify(run);
    EXPECT_CHECK(v, u"foreign-key orphans: stores_region_fk (stores -> regions)", "fail", "2 orphan row(s)");
}

TEST_F(verify_mariadb, LostRowsFailTheRowCountUnlessTheRunDeclaresThem)
{
    write("001_shop.sql", shop);
    apply();
    write("002_forget.sql", "DELETE FROM orders WHERE id = 2;\nDELETE FROM stores;\n");
    const VerifyBaseline run = apply();

    const Verified lost = verify(run);
    EXPECT_CHECK(lost, u"row count: orders", "fail", "2 -> 1");
    EXPECT_CHECK(lost, u"row count: stores", "fail", "1 -> 0");
    EXPECT_CHECK(lost, u"row count: customers", "pass", "2 -> 2");

    // Declared per table, in backquotes or not, qualified by the database or not.
    write("002_forget.sql", QByteArray("DELETE FROM orders WHERE id = 2;\n-- migctl:expect-row-loss `orders`\n"
                                       "-- migctl:expect-row-loss ") + m_database.toUtf8() + ".stores\nDELETE FROM stores;\n");
    const Verified declared = verify(run);
    EXPECT_CHECK(declared, u"row count: orders", "pass", "2 -> 1");
    EXPECT_CHECK(declared, u"row count: stores", "pass", "1 -> 0");
}

TEST_F(verify_mariadb, AnAlterTableOutsideTheConsoleIsDrift)
{
    write("001_shop.sql", shop);
    const VerifyBaseline run = apply();
    const QString drift = QStringLiteral("drift since run ") + run.runId;
    EXPECT_CHECK(verify(run), drift, "pass", "0 change(s)");

    ASSERT_EQ(exec(QStringLiteral("ALTER TABLE customers ADD COLUMN email VARCHAR(100)")), QString());
    const Verified v = verify(run);
    EXPECT_FALSE(v.result.passed());
    EXPECT_CHECK(v, drift, "fail", "1 change(s)");
    EXPECT_TRUE(v.check(drift)->detail.contains(u"customers.email")) << v.text();
}

TEST_F(verify_mariadb, VerifyScriptsCannotWriteEvenAfterACommit)
{
    write("001_shop.sql", shop);
    write("001_shop.verify.sql",
          "-- check: insert\n"
          "INSERT INTO customers VALUES (99, 'intruder');\n"
          "-- check: commit\n"
          "COMMIT;\n"
          "-- check: insert after commit\n"
          "INSERT INTO customers VALUES (98, 'intruder');\n"
          "-- check: create\n"
          "CREATE TABLE intruders (id INT);\n"
          "-- check: read-write again\n"
          "SET SESSION TRANSACTION READ WRITE;\n"
          "-- check: create after read-write\n"
          "CREATE TABLE intruders (id INT);\n"
          "-- check: still two\n"
          "SELECT count(*) = 2 FROM customers;\n");
    apply();
    const Verified v = verify();
    EXPECT_CHECK(v, u"001 verify: insert", "fail", "error");
    EXPECT_TRUE(v.check(QStringLiteral("001 verify: insert"))->detail.contains(u"READ ONLY")) << v.text();
    EXPECT_CHECK(v, u"001 verify: insert after commit", "fail", "error");
    EXPECT_CHECK(v, u"001 verify: create", "fail", "error");
    EXPECT_CHECK(v, u"001 verify: create after read-write", "fail", "error");
    EXPECT_CHECK(v, u"001 verify: still two", "pass", "1");
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM customers")), u"2");
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                                    "AND table_name = 'intruders'")),
              u"0");
}

} // namespace
