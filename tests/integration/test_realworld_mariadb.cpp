// A real-world Flyway project for MariaDB/MySQL (tests/data/realworld/mariadb-flyway-shop)
// through the real migctl: mysqldump-style headers, DELIMITER procedures, triggers and a
// function, an event, a backfill. MariaDB commits each DDL statement, so a broken undo script
// leaves the target dirty part-way: the rollback must say exactly where, status must show what
// is left, and once the script is fixed resume must finish it from the failed statement.
#include "RealWorldSupport.h"

using namespace realworld;

namespace {

class MariadbRealWorld : public ScratchDatabaseTest
{
protected:
    ScratchServer server() const override
    {
        return {QStringLiteral("QMARIADB"), "MIG_TEST_MARIADB_PORT", QStringLiteral("mysql"), QStringLiteral("mc"), QStringLiteral("mcpw"),
                QStringLiteral("mc_test"), QString(), QStringLiteral(" CHARACTER SET utf8mb4"), QString()};
    }

    // Everything in the database besides migctl's history and lock tables.
    QStringList leftovers()
    {
        QStringList out;
        out << column(QStringLiteral("SELECT CONCAT(TABLE_TYPE, ' ', TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                                     "AND TABLE_NAME NOT IN ('migctl_history', 'migctl_history_lock') ORDER BY 1"));
        out << column(QStringLiteral("SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY 1"));
        out << column(QStringLiteral("SELECT CONCAT('TRIGGER ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1"));
        out << column(QStringLiteral("SELECT CONCAT('EVENT ', EVENT_NAME) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() ORDER BY 1"));
        return out;
    }
};

const QString Shop = QStringLiteral("mariadb-flyway-shop");

} // namespace

TEST_F(MariadbRealWorld, ShopFlywayAppliesAndItsBrokenUndoLeavesItDirtyUntilFixedAndResumed)
{
    const QString dir = project(Shop);
    const QStringList all{"1", "2", "3", "4", "5", "6", "7"};

    // Up to V6, then orders with items, then V7's backfill.
    const Migctl first = migctl(QStringLiteral("apply"), dir, {QStringLiteral("--to"), QStringLiteral("6")});
    ASSERT_EQ(first.exitCode, 0) << first.text();
    EXPECT_EQ(finished(first, QStringLiteral("applied")), (QStringList{"1", "2", "3", "4", "5", "6"})) << first.text();
    // MariaDB commits DDL implicitly: every script is tracked statement by statement.
    EXPECT_TRUE(startLine(first, QStringLiteral("1")).endsWith(u"7 statement(s), tracked statement by statement")) << first.text();
    EXPECT_TRUE(startLine(first, QStringLiteral("2")).endsWith(u"2 statement(s), tracked statement by statement")) << first.text();
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO customers (id, email, full_name) VALUES (1, 'ann@example.com', 'Ann')")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO products (id, sku, name, price, stock) VALUES (1, 'MUG-01', 'Mug', 9.99, 5)")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 1)")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (1, 1, 2, 0)")), QString());

    const Migctl rest = migctl(QStringLiteral("apply"), dir);
    ASSERT_EQ(rest.exitCode, 0) << rest.text();
    EXPECT_EQ(finished(rest, QStringLiteral("applied")), (QStringList{"7"})) << rest.text();
    Status st = status(dir);
    EXPECT_EQ(st.exitCode, 0) << s(st.raw);
    EXPECT_EQ(st.count(QStringLiteral("applied")), 7) << s(st.raw);

    // What the scripts built.
    QStringList tables = column(QStringLiteral("SELECT CONCAT(TABLE_TYPE, ' ', TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"));
    tables.sort(); // in C, not in the database's collation
    EXPECT_EQ(tables,
              (QStringList{"BASE TABLE carts", "BASE TABLE customers", "BASE TABLE migctl_history", "BASE TABLE migctl_history_lock",
                           "BASE TABLE order_items", "BASE TABLE orders", "BASE TABLE products", "VIEW v_daily_sales"}));
    EXPECT_EQ(column(QStringLiteral("SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY 1")),
              (QStringList{"FUNCTION customer_lifetime_value", "PROCEDURE reserve_stock", "PROCEDURE restock_all"}));
    EXPECT_EQ(column(QStringLiteral("SELECT CONCAT(ACTION_TIMING, ' ', EVENT_MANIPULATION, ' ', TRIGGER_NAME) FROM information_schema.TRIGGERS "
                                    "WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1")),
              (QStringList{"AFTER INSERT trg_order_items_total", "BEFORE INSERT trg_order_items_price"}));
    EXPECT_EQ(column(QStringLiteral("SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()")),
              (QStringList{"ev_purge_abandoned_carts"}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                                    "AND INDEX_NAME = 'idx_customers_last_login'")), QStringLiteral("1"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()")),
              QStringLiteral("4"));
    // The triggers priced the item and totalled the order; the backfill marked it paid.
    EXPECT_EQ(rows(QStringLiteral("SELECT id, CAST(total AS CHAR), status FROM orders ORDER BY id")), (QStringList{"1|19.98|paid", "2|0.00|pending"}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT customer_lifetime_value(1)")), QStringLiteral("19.98"));
    EXPECT_EQ(rows(QStringLiteral("SELECT orders, items, revenue FROM v_daily_sales")), (QStringList{"1|2|19.98"}));
    // The procedures: SIGNAL with ';' in its message, the cursor loop.
    EXPECT_TRUE(exec(QStringLiteral("CALL reserve_stock(1, 10)")).contains(u"insufficient stock; order rejected"));
    EXPECT_EQ(exec(QStringLiteral("CALL reserve_stock(1, 2)")), QString());
    EXPECT_EQ(scalar(QStringLiteral("SELECT stock FROM products WHERE id = 1")), QStringLiteral("3"));
    EXPECT_EQ(exec(QStringLiteral("CALL restock_all(10)")), QString());
    EXPECT_EQ(scalar(QStringLiteral("SELECT stock FROM products WHERE id = 1")), QStringLiteral("10"));

    // Undo everything: U7, U6, U5 run; U4's second statement names a column that does not
    // exist, after its first one (DROP INDEX) committed.
    const Migctl down = migctl(QStringLiteral("rollback"), dir, {QStringLiteral("--to"), QStringLiteral("0")});
    EXPECT_EQ(down.exitCode, 1) << down.text();
    EXPECT_EQ(finished(down, QStringLiteral("rolled back")), (QStringList{"7", "6", "5"})) << down.text();
    EXPECT_TRUE(down.all().contains(u"4 customer last login dirty: statement 2 of 2 (U4__customer_last_login.sql:2) failed: "
                                    "Can't DROP COLUMN `last_login`; check that it exists"))
        << down.text();
    EXPECT_TRUE(down.all().contains(u"[1091]")) << down.text();
    EXPECT_TRUE(down.out.contains(u"  statement 2/2 (U4__customer_last_login.sql:2) failed: Can't DROP COLUMN `last_login`; check that it exists [1091]\n"
                                  "    statement: ALTER TABLE `customers` DROP COLUMN `last_login`\n"))
        << down.text();
    EXPECT_TRUE(down.all().contains(u"the target is dirty: fix the script, then migctl resume")) << down.text();
    EXPECT_TRUE(startLine(down, QStringLiteral("3")).isEmpty()) << down.text(); // stopped before U3

    st = status(dir);
    EXPECT_EQ(st.exitCode, 4) << s(st.raw); // dirty: apply would refuse
    for (const QString &v : all)
        EXPECT_EQ(st.states.value(v), v == u"4" ? QStringLiteral("dirty") : v < u"4" ? QStringLiteral("applied") : QStringLiteral("pending"))
            << s(v) << "\n" << s(st.raw);
    const QString detail = st.detail(QStringLiteral("4"));
    EXPECT_TRUE(detail.startsWith(u"rollback stopped at statement 2 of 2 (U4__customer_last_login.sql:2), 1 statement(s) committed: "
                                  "Can't DROP COLUMN `last_login`; check that it exists [1091]"))
        << s(detail);
    EXPECT_TRUE(detail.endsWith(u"-- statement: ALTER TABLE `customers` DROP COLUMN `last_login`")) << s(detail);
    const QJsonObject last = st.migration(QStringLiteral("4")).value(u"last").toObject();
    EXPECT_EQ(last.value(u"direction").toString(), QStringLiteral("down"));
    EXPECT_EQ(last.value(u"status").toString(), QStringLiteral("dirty"));
    EXPECT_EQ(last.value(u"statementsDone").toInt(), 1);
    EXPECT_EQ(last.value(u"statementsTotal").toInt(), 2);
    const QJsonArray blockers = st.json.value(u"blockers").toArray();
    ASSERT_EQ(blockers.size(), 1) << s(st.raw);
    EXPECT_TRUE(blockers.at(0).toString().startsWith(u"4 customer last login is dirty")) << s(blockers.at(0).toString());
    // Exactly what the history says: the index is gone, the column is still there.
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                                    "AND INDEX_NAME = 'idx_customers_last_login'")), QStringLiteral("0"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    "AND TABLE_NAME = 'customers' AND COLUMN_NAME = 'last_login_at'")), QStringLiteral("1"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()")), QStringLiteral("2"));

    // Nothing runs on a dirty target until someone decides.
    const Migctl refused = migctl(QStringLiteral("apply"), dir);
    EXPECT_EQ(refused.exitCode, 4) << refused.text();
    EXPECT_TRUE(refused.all().contains(u"4 customer last login is dirty")) << refused.text();

    // The project fixes its undo script; resume finishes the undo from statement 2 only.
    QTemporaryDir fixedDir;
    ASSERT_TRUE(fixedDir.isValid());
    const QString fixed = copyProject(Shop, fixedDir);
    ASSERT_TRUE(editFile(fixed + QStringLiteral("/U4__customer_last_login.sql"), QStringLiteral("DROP COLUMN `last_login`;"),
                         QStringLiteral("DROP COLUMN `last_login_at`;")));
    const Migctl resumed = migctl(QStringLiteral("resume"), fixed);
    ASSERT_EQ(resumed.exitCode, 0) << resumed.text();
    EXPECT_TRUE(startLine(resumed, QStringLiteral("4")).endsWith(u"tracked statement by statement, resuming after statement 1")) << resumed.text();
    EXPECT_EQ(finished(resumed, QStringLiteral("rolled back")), (QStringList{"4"})) << resumed.text();
    st = status(fixed);
    EXPECT_EQ(st.exitCode, 0) << s(st.raw);
    EXPECT_EQ(st.states.value(QStringLiteral("4")), QStringLiteral("pending")) << s(st.raw);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    "AND TABLE_NAME = 'customers' AND COLUMN_NAME = 'last_login_at'")), QStringLiteral("0"));

    const Migctl rest2 = migctl(QStringLiteral("rollback"), fixed, {QStringLiteral("--to"), QStringLiteral("0")});
    ASSERT_EQ(rest2.exitCode, 0) << rest2.text();
    EXPECT_EQ(finished(rest2, QStringLiteral("rolled back")), (QStringList{"3", "2", "1"})) << rest2.text();
    EXPECT_EQ(status(fixed).count(QStringLiteral("pending")), 7);
    EXPECT_EQ(leftovers(), QStringList());

    const Migctl reapply = migctl(QStringLiteral("apply"), fixed);
    ASSERT_EQ(reapply.exitCode, 0) << reapply.text();
    EXPECT_EQ(finished(reapply, QStringLiteral("applied")), all) << reapply.text();
    EXPECT_EQ(status(fixed).count(QStringLiteral("applied")), 7);
}
