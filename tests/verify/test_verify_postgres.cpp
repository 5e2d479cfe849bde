// The Verifier against the fixture's PostgreSQL server: each case applies its migrations with
// mig::Runner into a database of its own, builds the baseline from the run's events, damages the
// target by hand where the case needs it (orphans behind disabled triggers, lost rows, a schema
// changed outside the console) and reads the Verifier's verdict.
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
    QStringList names(const QString &prefix) const
    {
        QStringList out;
        for (const CheckResult &c : result.checks)
            if (c.name.startsWith(prefix))
                out << c.name;
        return out;
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

class verify_postgres : public ScratchDatabaseTest
{
protected:
    ScratchServer server() const override
    {
        return {QStringLiteral("QPSQL"), "MIG_TEST_PG_PORT", QStringLiteral("postgres"), QStringLiteral("postgres"), QString(),
                QStringLiteral("postgres"), QStringLiteral(" WITH (FORCE)"), QString(),
                QStringLiteral("SET client_min_messages = warning")};
    }

    mig::ConnectionProfile profile() const
    {
        mig::ConnectionProfile p;
        p.engine = mig::Dialect::Postgres;
        p.host = QStringLiteral("127.0.0.1");
        p.port = m_port;
        p.database = m_database;
        p.user = QStringLiteral("postgres");
        return p;
    }

    void write(const QString &name, const QByteArray &text) { m_folder.write(name, text); }

    // Applies the folder in-process; the baseline as the run store would give it back.
    VerifyBaseline apply()
    {
        RunRequest r;
        r.action = RunRequest::Action::Apply;
        r.profile = profile();
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

const QByteArray shop = "CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);\n"
                        "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers (id));\n"
                        "CREATE TABLE regions (country char(2), code text, PRIMARY KEY (country, code));\n"
                        "CREATE TABLE stores (id integer PRIMARY KEY, country char(2), code text,\n"
                        "  CONSTRAINT stores_region_fk FOREIGN KEY (country, code) REFERENCES regions (country, code));\n"
                        "INSERT INTO customers VALUES (1, 'ann'), (2, 'bob');\n"
                        "INSERT INTO orders VALUES (1, 1), (2, 2);\n"
                        "INSERT INTO regions VALUES ('fr', 'idf');\n"
                        "INSERT INTO stores VALUES (1, 'fr', 'idf');\n";

TEST_F(verify_postgres, VerifyScriptsPassFailAndRaiseWithoutStoppingTheOthers)
{
    write("001_shop.sql", shop);
    write("001_shop.verify.sql",
          "-- check: two customers\n"
          "SELECT count(*) = 2, count(*) || ' customers' FROM customers;\n"
          "-- check: false\n"
          "SELECT false, 'orders are not shipped';\n"
          "-- check: zero\n"
          "SELECT 0;\n"
          "-- check: null\n"
          "SELECT NULL::boolean;\n"
          "-- check: no rows\n"
          "SELECT true FROM orders WHERE id < 0;\n"
          "-- check: raises\n"
          "SELECT 1 / (SELECT count(*) - 2 FROM customers);\n"
          "-- check: after the error\n"
          "SELECT EXISTS (SELECT 1 FROM orders);\n");
    apply();

    const Verified v = verify();
    EXPECT_FALSE(v.result.passed());
    EXPECT_CHECK(v, u"001 verify: two customers", "pass", "true");
    EXPECT_EQ(v.check(QStringLiteral("001 verify: two customers"))->detail, u"2 customers");
    EXPECT_CHECK(v, u"001 verify: false", "fail", "false");
    EXPECT_EQ(v.check(QStringLiteral("001 verify: false"))->detail, u"orders are not shipped");
    EXPECT_CHECK(v, u"001 verify: zero", "fail", "0");
    EXPECT_CHECK(v, u"001 verify: null", "fail", "NULL");
    EXPECT_CHECK(v, u"001 verify: no rows", "fail", "no row");
    EXPECT_CHECK(v, u"001 verify: raises", "fail", "error");
    EXPECT_TRUE(v.check(QStringLiteral("001 verify: raises"))->detail.contains(u"division by zero")) << v.text();
    // The error did not leave the transaction aborted for what follows.
    EXPECT_CHECK(v, u"001 verify: after the error", "pass", "true");
    EXPECT_CHECK(v, u"foreign-key orphans: orders_customer_id_fkey (public.orders -> public.customers)", "pass", "0 orphan row(s)");
    EXPECT_EQ(v.events.first().type, RunEvent::Type::RunStarted);
    EXPECT_EQ(v.events.first().target, profile().displayUrl());
    EXPECT_EQ(v.events.first().targetKey, profile().storeKey());
    EXPECT_EQ(v.events.last().type, RunEvent::Type::RunFinished);
    EXPECT_EQ(v.events.last().status, u"failed");
    EXPECT_TRUE(v.events.last().message.contains(u"5 fail")) << s(v.events.last().message);
}

TEST_F(verify_postgres, OrphansBehindDisabledTriggersFailTheOrphanScanOfTouchedKeys)
{
    write("001_shop.sql", shop);
    apply();
    write("002_order_notes.sql", "ALTER TABLE orders ADD COLUMN note text;\n");
    const VerifyBaseline run = apply();
    ASSERT_TRUE(run.touchedTables.contains(u"public.orders")) << s(run.touchedTables.join(u' '));

    // Replica mode skips the foreign-key triggers: rows that reference nothing get in.
    ASSERT_EQ(exec(QStringLiteral("SET session_replication_role = replica")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO orders VALUES (10, 99), (11, 98), (12, NULL)")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO stores VALUES (2, 'de', 'by'), (3, 'de', NULL)")), QString());
    ASSERT_EQ(exec(QStringLiteral("SET session_replication_role = origin")), QString());

    const QString ordersKey = QStringLiteral("foreign-key orphans: orders_customer_id_fkey (public.orders -> public.customers)");
    const QString storesKey = QStringLiteral("foreign-key orphans: stores_region_fk (public.stores -> public.regions)");
    const Verified v = verify(run);
    EXPECT_FALSE(v.result.passed());
    EXPECT_CHECK(v, ordersKey, "fail", "2 orphan row(s)");
    EXPECT_EQ(v.check(ordersKey)->detail, u"2 row(s) of public.orders (customer_id) reference no row of public.customers (id)");
    // The run touched orders only: the stores key is not scanned.
    EXPECT_EQ(v.check(storesKey), nullptr) << v.text();

    // Without a baseline every key is scanned; a key with a NULL part references nothing.
    const Verified all = verify();
    EXPECT_CHECK(all, ordersKey, "fail", "2 orphan row(s)");
    EXPECT_CHECK(all, storesKey, "fail", "1 orphan row(s)");
    EXPECT_EQ(all.names(QStringLiteral("foreign-key orphans")).size(), 2) << all.text();
}

TEST_F(verify_postgres, OrphansBehindANotValidKeyAreFound)
{
    write("001_shop.sql", shop);
    apply();
    write("002_loose_key.sql",
          "ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;\n"
          "INSERT INTO orders VALUES (20, 77);\n"
          "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n");
    const VerifyBaseline run = apply();
    const Verified v = verify(run);
    EXPECT_CHECK(v, u"foreign-key orphans: orders_customer_fk (public.orders -> public.customers)", "fail", "1 orphan row(s)");
}

TEST_F(verify_postgres, LostRowsFailTheRowCountUnlessTheRunDeclaresThem)
{
    write("001_shop.sql", shop);
    apply();
    write("002_forget.sql", "DELETE FROM orders WHERE id = 2;\n");
    const VerifyBaseline run = apply();

    const Verified lost = verify(run);
    EXPECT_CHECK(lost, u"row count: public.orders", "fail", "2 -> 1");
    EXPECT_CHECK(lost, u"row count: public.customers", "pass", "2 -> 2");
    EXPECT_TRUE(lost.check(QStringLiteral("row count: public.orders"))->detail.contains(u"possible data loss")) << lost.text();

    write("002_forget.sql", "-- migctl:expect-row-loss public.orders\nDELETE FROM orders WHERE id = 2;\n");
    const Verified declared = verify(run);
    EXPECT_CHECK(declared, u"row count: public.orders", "pass", "2 -> 1");
    // A qualified name names one schema only.
    write("002_forget.sql", "-- migctl:expect-row-loss billing.orders\nDELETE FROM orders WHERE id = 2;\n");
    EXPECT_CHECK(verify(run), u"row count: public.orders", "fail", "2 -> 1");
}

TEST_F(verify_postgres, AnAlterTableOutsideTheConsoleIsDrift)
{
    write("001_shop.sql", shop);
    const VerifyBaseline run = apply();
    const QString drift = QStringLiteral("drift since run ") + run.runId;
    const Verified clean = verify(run);
    EXPECT_TRUE(clean.result.passed()) << clean.text();
    EXPECT_CHECK(clean, drift, "pass", "0 change(s)");

    ASSERT_EQ(exec(QStringLiteral("ALTER TABLE customers ALTER COLUMN name DROP NOT NULL")), QString());
    const Verified v = verify(run);
    EXPECT_CHECK(v, drift, "fail", "1 change(s)");
    EXPECT_TRUE(v.check(drift)->detail.contains(u"public.customers.name")) << v.text();
}

TEST_F(verify_postgres, AppliedWithDifferencesFailsSchemaAsDeclared)
{
    write("001_shop.sql", shop);
    apply();
    ASSERT_EQ(exec(QStringLiteral("UPDATE migctl_history SET status = 'applied_differs', "
                                  "error_message = 'line 3: table regions is missing' WHERE version = '001'")),
              QString());
    const Verified v = verify();
    EXPECT_CHECK(v, u"schema as declared: 001 shop", "fail", "1 difference(s)");
    EXPECT_EQ(v.check(QStringLiteral("schema as declared: 001 shop"))->detail, u"line 3: table regions is missing");
}

TEST_F(verify_postgres, VerifyScriptsCannotWriteEvenAfterACommit)
{
    write("001_shop.sql", shop);
    write("001_shop.verify.sql",
          "-- check: insert\n"
          "INSERT INTO customers VALUES (99, 'intruder') RETURNING true;\n"
          "-- check: commit\n"
          "COMMIT;\n"
          "-- check: insert after commit\n"
          "INSERT INTO customers VALUES (98, 'intruder') RETURNING true;\n"
          "-- check: create\n"
          "CREATE TABLE intruders (id integer);\n"
          "-- check: still two\n"
          "SELECT count(*) = 2 FROM customers;\n");
    apply();
    const Verified v = verify();
    EXPECT_CHECK(v, u"001 verify: insert", "fail", "error");
    EXPECT_TRUE(v.check(QStringLiteral("001 verify: insert"))->detail.contains(u"read-only transaction")) << v.text();
    EXPECT_CHECK(v, u"001 verify: commit", "fail", "no row");
    EXPECT_CHECK(v, u"001 verify: insert after commit", "fail", "error");
    EXPECT_CHECK(v, u"001 verify: create", "fail", "error");
    EXPECT_CHECK(v, u"001 verify: still two", "pass", "true");
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM customers")), u"2");
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'intruders'")), u"0");
}

} // namespace
