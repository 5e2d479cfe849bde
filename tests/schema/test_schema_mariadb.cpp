// The MySQL/MariaDB schema reader against the fixture's MariaDB server: every case builds a
// schema in a database of its own and reads it back through a real session. The same schema
// written another way (column order, type synonyms, statement order, whitespace) must read the
// same, and a real change must show in the diff.
#include "RealWorldSupport.h"

#include "schema/SchemaDiff.h"
#include "schema/SchemaReader.h"
#include "target/ConnectionProfile.h"
#include "target/TargetSession.h"

#include <QJsonDocument>

using namespace realworld;
using mig::SchemaObject;
using mig::SchemaSnapshot;

namespace {

// The shop schema as its first author wrote it: keys inline, one statement per object.
const QStringList Shop{
    QStringLiteral("CREATE TABLE customers (\n"
                   "  id INT NOT NULL AUTO_INCREMENT,\n"
                   "  email VARCHAR(200) NOT NULL,\n"
                   "  full_name VARCHAR(100) NULL,\n"
                   "  country CHAR(2) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'NL',\n"
                   "  is_active BOOLEAN NOT NULL DEFAULT TRUE,\n"
                   "  balance NUMERIC(12,2) NOT NULL DEFAULT 0,\n"
                   "  nickname VARCHAR(40) DEFAULT NULL,\n"
                   "  motto VARCHAR(60) DEFAULT 'it''s NULL',\n"
                   "  bio TEXT,\n"
                   "  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n"
                   "  email_domain VARCHAR(200) AS (SUBSTRING_INDEX(email, '@', -1)) STORED,\n"
                   "  name_length INT AS (CHAR_LENGTH(full_name)) VIRTUAL,\n"
                   "  PRIMARY KEY (id),\n"
                   "  CONSTRAINT uq_customers_email UNIQUE (email),\n"
                   "  CONSTRAINT chk_customers_balance CHECK (balance >= 0),\n"
                   "  KEY idx_customers_name (full_name(20), country),\n"
                   "  FULLTEXT KEY ft_customers_bio (bio)\n"
                   ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"),
    QStringLiteral("CREATE TABLE orders (\n"
                   "  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
                   "  customer_id INT NULL,\n"
                   "  status ENUM('pending','paid','shipped') NOT NULL DEFAULT 'pending',\n"
                   "  total DECIMAL(10,2) NOT NULL DEFAULT 0.00,\n"
                   "  placed_on DATE NOT NULL DEFAULT (CURRENT_DATE),\n"
                   "  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE SET NULL ON UPDATE CASCADE,\n"
                   "  CONSTRAINT chk_orders_total CHECK (total >= 0)\n"
                   ") ENGINE=InnoDB"),
    QStringLiteral("CREATE TABLE order_items (\n"
                   "  order_id BIGINT NOT NULL,\n"
                   "  line_no SMALLINT NOT NULL,\n"
                   "  sku VARCHAR(32) NOT NULL,\n"
                   "  quantity INT NOT NULL DEFAULT 1,\n"
                   "  PRIMARY KEY (order_id, line_no),\n"
                   "  CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE\n"
                   ") ENGINE=InnoDB"),
    QStringLiteral("CREATE INDEX idx_items_sku ON order_items (sku DESC)"),
    QStringLiteral("CREATE VIEW v_customer_totals AS SELECT c.id, c.email, SUM(o.total) AS spent FROM customers c "
                   "LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.email"),
    QStringLiteral("CREATE TRIGGER trg_orders_paid BEFORE UPDATE ON orders FOR EACH ROW BEGIN\n"
                   "  IF NEW.status = 'paid' AND NEW.total <= 0 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'empty order'; END IF;\n"
                   "END"),
    QStringLiteral("CREATE FUNCTION customer_spent(p_customer INT) RETURNS DECIMAL(12,2) READS SQL DATA\n"
                   "RETURN (SELECT COALESCE(SUM(total), 0) FROM orders WHERE customer_id = p_customer)"),
    QStringLiteral("CREATE PROCEDURE close_order(IN p_order BIGINT, OUT p_total DECIMAL(10,2))\n"
                   "BEGIN\n  UPDATE orders SET status = 'paid' WHERE id = p_order;\n"
                   "  SELECT total INTO p_total FROM orders WHERE id = p_order;\nEND"),
    QStringLiteral("CREATE SEQUENCE seq_invoice_no START WITH 1000 INCREMENT BY 10 MAXVALUE 999999 CYCLE"),
};

// The same schema by another hand: tables in another order with the foreign keys added after,
// columns reordered, synonyms for the types and defaults, other whitespace.
const QStringList ShopRewritten{
    QStringLiteral("CREATE SEQUENCE seq_invoice_no INCREMENT 10 START 1000 MAXVALUE 999999 CYCLE"),
    QStringLiteral("CREATE TABLE order_items (line_no SMALLINT(6) NOT NULL, quantity INTEGER NOT NULL DEFAULT '1', "
                   "sku VARCHAR(32) NOT NULL, order_id BIGINT(20) NOT NULL, PRIMARY KEY (order_id, line_no)) ENGINE=InnoDB"),
    QStringLiteral("CREATE TABLE orders (placed_on DATE NOT NULL DEFAULT (curdate()), total NUMERIC(10,2) NOT NULL DEFAULT 0, "
                   "status ENUM('pending','paid','shipped') NOT NULL DEFAULT 'pending', customer_id INTEGER, "
                   "id BIGINT NOT NULL AUTO_INCREMENT, PRIMARY KEY (id), CONSTRAINT chk_orders_total CHECK (total>=0)) ENGINE=InnoDB"),
    QStringLiteral("CREATE TABLE customers (\n"
                   "  name_length INT(11) GENERATED ALWAYS AS (char_length(full_name)) VIRTUAL,\n"
                   "  bio TEXT NULL,\n"
                   "  email_domain VARCHAR(200) GENERATED ALWAYS AS (substring_index(email,'@',-1)) STORED,\n"
                   "  motto VARCHAR(60) DEFAULT 'it\\'s NULL',\n"
                   "  id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
                   "  balance DECIMAL(12,2) NOT NULL DEFAULT 0.00,\n"
                   "  full_name VARCHAR(100),\n"
                   "  is_active TINYINT(1) NOT NULL DEFAULT 1,\n"
                   "  country CHAR(2) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'NL',\n"
                   "  nickname VARCHAR(40),\n"
                   "  email VARCHAR(200) NOT NULL,\n"
                   "  created_at TIMESTAMP NOT NULL DEFAULT NOW() ON UPDATE NOW(),\n"
                   "  CONSTRAINT chk_customers_balance CHECK (balance>=0)\n"
                   ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"),
    QStringLiteral("ALTER TABLE customers ADD CONSTRAINT uq_customers_email UNIQUE KEY (email), "
                   "ADD INDEX idx_customers_name (full_name(20), country), ADD FULLTEXT INDEX ft_customers_bio (bio)"),
    QStringLiteral("ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) "
                   "ON UPDATE CASCADE ON DELETE SET NULL"),
    QStringLiteral("ALTER TABLE order_items ADD CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE, "
                   "ADD INDEX idx_items_sku (sku DESC)"),
    QStringLiteral("CREATE PROCEDURE close_order(IN p_order BIGINT, OUT p_total NUMERIC(10,2)) BEGIN UPDATE orders SET status = 'paid' "
                   "WHERE id = p_order;   SELECT total INTO p_total FROM orders WHERE id = p_order; END"),
    QStringLiteral("CREATE FUNCTION customer_spent(p_customer INTEGER) RETURNS NUMERIC(12,2) READS SQL DATA RETURN (SELECT COALESCE(SUM(total), 0) "
                   "FROM orders    WHERE customer_id = p_customer)"),
    QStringLiteral("CREATE TRIGGER trg_orders_paid BEFORE UPDATE ON orders FOR EACH ROW BEGIN IF NEW.status = 'paid' AND NEW.total <= 0 "
                   "THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'empty order'; END IF; END"),
    QStringLiteral("CREATE VIEW v_customer_totals AS\n  SELECT c.id, c.email, SUM(o.total) AS spent\n  FROM customers AS c\n"
                   "  LEFT JOIN orders AS o ON o.customer_id = c.id\n  GROUP BY c.id, c.email"),
};

// migctl's own tables as a target holds them, with a trigger of their own.
const QStringList History{
    QStringLiteral("CREATE TABLE migctl_history (version VARCHAR(50) PRIMARY KEY, applied_at TIMESTAMP NULL, note TEXT)"),
    QStringLiteral("CREATE TABLE MIGCTL_HISTORY_LOCK (id INT PRIMARY KEY, run_id VARCHAR(64))"),
    QStringLiteral("CREATE INDEX idx_history_applied ON migctl_history (applied_at)"),
    QStringLiteral("CREATE TRIGGER trg_history_note BEFORE INSERT ON migctl_history FOR EACH ROW SET NEW.note = 'x'"),
};

// Every object with its attributes, one per line, for failure messages.
std::string dump(const SchemaSnapshot &s)
{
    QString out;
    for (const SchemaObject &o : s.objects) {
        out += o.key();
        for (auto it = o.attributes.cbegin(); it != o.attributes.cend(); ++it)
            out += QStringLiteral("\n    %1 = %2").arg(it.key(), it.value());
        out += u'\n';
    }
    return out.toStdString();
}

class MariadbSchema : public ScratchDatabaseTest
{
protected:
    ScratchServer server() const override
    {
        return {QStringLiteral("QMARIADB"), "MIG_TEST_MARIADB_PORT", QStringLiteral("mysql"), QStringLiteral("mc"), QStringLiteral("mcpw"),
                QStringLiteral("mc_test"), QString(), QStringLiteral(" CHARACTER SET utf8mb4"), QString()};
    }

    void TearDown() override
    {
        for (const QString &db : std::as_const(m_extra)) {
            QString error;
            EXPECT_TRUE(admin(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(db), &error)) << s(error);
        }
        ScratchDatabaseTest::TearDown();
    }

    // A second database of this test's own (mc_ prefix: the fixture user may create it).
    QString extraDatabase(const QString &suffix)
    {
        const QString db = m_database + u'_' + suffix;
        QString error;
        EXPECT_TRUE(admin(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(db), &error)) << s(error);
        EXPECT_TRUE(admin(QStringLiteral("CREATE DATABASE %1 CHARACTER SET utf8mb4").arg(db), &error)) << s(error);
        m_extra << db;
        return db;
    }

    std::unique_ptr<mig::TargetSession> session(const QString &database)
    {
        const mig::TargetUrl url = mig::parseTargetUrl(QStringLiteral("mysql://mc@127.0.0.1:%1/%2").arg(m_port).arg(database));
        EXPECT_TRUE(url.profile.has_value()) << s(url.error);
        if (!url.profile)
            return nullptr;
        auto session = mig::TargetSession::create(*url.profile);
        const auto error = session->open(m_password);
        EXPECT_FALSE(error.has_value()) << s(error ? error->toString() : QString());
        return error ? nullptr : std::move(session);
    }

    static void build(mig::TargetSession &session, const QStringList &statements)
    {
        for (const QString &sql : statements) {
            const mig::ExecResult r = session.exec(sql);
            EXPECT_TRUE(r.ok()) << s(sql) << "\n" << s(r.error ? r.error->toString() : QString());
        }
    }

    static SchemaSnapshot snapshot(mig::TargetSession &session, const mig::SnapshotOptions &options = {})
    {
        const mig::SnapshotResult r = mig::takeSnapshot(session, options);
        EXPECT_FALSE(r.error.has_value()) << s(r.error ? r.error->toString() : QString());
        return r.snapshot;
    }

    QStringList m_extra;
};

// The attributes of one object, or a failure naming what the snapshot holds instead.
QMap<QString, QString> attrs(const SchemaSnapshot &s, const QString &key)
{
    const SchemaObject *o = s.find(key);
    if (!o) {
        ADD_FAILURE() << "no " << key.toStdString() << " in\n" << dump(s);
        return {};
    }
    return o->attributes;
}

using Attrs = QMap<QString, QString>;

} // namespace

TEST_F(MariadbSchema, ReadsEveryKindOfObjectWithItsAttributes)
{
    auto db = session(m_database);
    ASSERT_TRUE(db);
    build(*db, Shop);
    const SchemaSnapshot snap = snapshot(*db);

    EXPECT_EQ(snap.dialect, mig::Dialect::Mysql);
    EXPECT_EQ(snap.database, m_database);
    EXPECT_TRUE(snap.serverVersion.startsWith(u"MariaDB ")) << s(snap.serverVersion);
    EXPECT_FALSE(snap.takenAt.isEmpty());

    EXPECT_EQ(attrs(snap, QStringLiteral("table customers")),
              (Attrs{{"engine", "innodb"}, {"collation", "utf8mb4_unicode_ci"}}));
    EXPECT_EQ(attrs(snap, QStringLiteral("table orders")),
              (Attrs{{"engine", "innodb"}, {"collation", "utf8mb4_general_ci"}}));

    // Columns: type spellings, nullability, defaults as values, collation only where it differs
    // from the table's, generation and auto_increment.
    const QString c = QStringLiteral("column customers.");
    EXPECT_EQ(attrs(snap, c + QStringLiteral("id")), (Attrs{{"type", "int"}, {"nullable", "no"}, {"extra", "auto_increment"}}));
    EXPECT_EQ(attrs(snap, c + QStringLiteral("email")), (Attrs{{"type", "varchar(200)"}, {"nullable", "no"}}));
    EXPECT_EQ(attrs(snap, c + QStringLiteral("full_name")), (Attrs{{"type", "varchar(100)"}, {"nullable", "yes"}}));
    EXPECT_EQ(attrs(snap, c + QStringLiteral("country")),
              (Attrs{{"type", "char(2)"}, {"nullable", "no"}, {"default", "NL"}, {"collation", "ascii_bin"}}));
    EXPECT_EQ(attrs(snap, c + QStringLiteral("is_active")), (Attrs{{"type", "tinyint(1)"}, {"nullable", "no"}, {"default", "1"}}));
    EXPECT_EQ(attrs(snap, c + QStringLiteral("balance")), (Attrs{{"type", "decimal(12,2)"}, {"nullable", "no"}, {"default", "0.00"}}));
    // DEFAULT NULL is no default; a string that says NULL is a value.
    EXPECT_EQ(attrs(snap, c + QStringLiteral("nickname")), (Attrs{{"type", "varchar(40)"}, {"nullable", "yes"}}));
    EXPECT_EQ(attrs(snap, c + QStringLiteral("motto")), (Attrs{{"type", "varchar(60)"}, {"nullable", "yes"}, {"default", "it's NULL"}}));
    EXPECT_EQ(attrs(snap, c + QStringLiteral("bio")), (Attrs{{"type", "text"}, {"nullable", "yes"}}));
    EXPECT_EQ(attrs(snap, c + QStringLiteral("created_at")), (Attrs{{"type", "timestamp"}, {"nullable", "no"}, {"default", "current_timestamp()"},
                                                     {"extra", "on update current_timestamp()"}}));
    EXPECT_EQ(attrs(snap, c + QStringLiteral("email_domain")),
              (Attrs{{"type", "varchar(200)"}, {"nullable", "yes"}, {"generated", "stored: substring_index(`email`,'@',-1)"}}));
    EXPECT_EQ(attrs(snap, c + QStringLiteral("name_length")),
              (Attrs{{"type", "int"}, {"nullable", "yes"}, {"generated", "virtual: char_length(`full_name`)"}}));
    const QString o = QStringLiteral("column orders.");
    EXPECT_EQ(attrs(snap, o + QStringLiteral("status")),
              (Attrs{{"type", "enum('pending','paid','shipped')"}, {"nullable", "no"}, {"default", "pending"}}));
    EXPECT_EQ(attrs(snap, o + QStringLiteral("placed_on")), (Attrs{{"type", "date"}, {"nullable", "no"}, {"default", "curdate()"}}));
    EXPECT_EQ(attrs(snap, o + QStringLiteral("id")).value(QStringLiteral("type")), QStringLiteral("bigint"));
    EXPECT_EQ(attrs(snap, QStringLiteral("column order_items.line_no")).value(QStringLiteral("type")), QStringLiteral("smallint"));

    // Constraints.
    const QString k = QStringLiteral("constraint ");
    EXPECT_EQ(attrs(snap, k + QStringLiteral("customers.PRIMARY")), (Attrs{{"type", "primary key"}, {"columns", "id"}}));
    EXPECT_EQ(attrs(snap, k + QStringLiteral("order_items.PRIMARY")), (Attrs{{"type", "primary key"}, {"columns", "order_id, line_no"}}));
    EXPECT_EQ(attrs(snap, k + QStringLiteral("customers.uq_customers_email")), (Attrs{{"type", "unique"}, {"columns", "email"}}));
    EXPECT_EQ(attrs(snap, k + QStringLiteral("customers.chk_customers_balance")), (Attrs{{"type", "check"}, {"expression", "`balance` >= 0"}}));
    // The own database is implied in a reference, as in the script.
    EXPECT_EQ(attrs(snap, k + QStringLiteral("orders.fk_orders_customer")),
              (Attrs{{"type", "foreign key"}, {"columns", "customer_id"}, {"references", "customers(id)"},
                     {"on delete", "set null"}, {"on update", "cascade"}}));
    EXPECT_EQ(attrs(snap, k + QStringLiteral("order_items.fk_items_order")),
              (Attrs{{"type", "foreign key"}, {"columns", "order_id"}, {"references", "orders(id)"},
                     {"on delete", "cascade"}, {"on update", "restrict"}}));

    // Indexes: keys in order with prefix lengths and direction, the method, which back constraints.
    const QString i = QStringLiteral("index ");
    EXPECT_EQ(attrs(snap, i + QStringLiteral("customers.PRIMARY")), (Attrs{{"columns", "id"}, {"unique", "yes"}, {"method", "btree"}, {"constraint", "yes"}}));
    EXPECT_EQ(attrs(snap, i + QStringLiteral("customers.uq_customers_email")),
              (Attrs{{"columns", "email"}, {"unique", "yes"}, {"method", "btree"}, {"constraint", "yes"}}));
    EXPECT_EQ(attrs(snap, i + QStringLiteral("customers.idx_customers_name")), (Attrs{{"columns", "full_name(20), country"}, {"unique", "no"}, {"method", "btree"}}));
    EXPECT_EQ(attrs(snap, i + QStringLiteral("customers.ft_customers_bio")), (Attrs{{"columns", "bio"}, {"unique", "no"}, {"method", "fulltext"}}));
    EXPECT_EQ(attrs(snap, i + QStringLiteral("order_items.PRIMARY")),
              (Attrs{{"columns", "order_id, line_no"}, {"unique", "yes"}, {"method", "btree"}, {"constraint", "yes"}}));
    EXPECT_EQ(attrs(snap, i + QStringLiteral("order_items.idx_items_sku")), (Attrs{{"columns", "sku desc"}, {"unique", "no"}, {"method", "btree"}}));
    // InnoDB's own index for a foreign key without one.
    EXPECT_EQ(attrs(snap, i + QStringLiteral("orders.fk_orders_customer")), (Attrs{{"columns", "customer_id"}, {"unique", "no"}, {"method", "btree"}}));

    // The view as the server renders it, without the database's name.
    const QString view = attrs(snap, QStringLiteral("view v_customer_totals")).value(QStringLiteral("definition"));
    EXPECT_TRUE(view.startsWith(u"select `c`.`id` AS `id`")) << s(view);
    EXPECT_TRUE(view.contains(u"from (`customers` `c` left join `orders` `o`")) << s(view);
    EXPECT_FALSE(view.contains(m_database)) << s(view);

    EXPECT_EQ(attrs(snap, QStringLiteral("trigger orders.trg_orders_paid")),
              (Attrs{{"timing", "before"}, {"events", "update"}, {"level", "row"},
                     {"action", "BEGIN IF NEW.status = 'paid' AND NEW.total <= 0 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'empty order'; END IF; END"}}));

    // Routines are named by their argument types, like overloads elsewhere.
    EXPECT_EQ(attrs(snap, QStringLiteral("routine customer_spent(int)")),
              (Attrs{{"kind", "function"}, {"arguments", "p_customer int"}, {"returns", "decimal(12,2)"}, {"language", "sql"},
                     {"definition", "RETURN (SELECT COALESCE(SUM(total), 0) FROM orders WHERE customer_id = p_customer)"}}));
    EXPECT_EQ(attrs(snap, QStringLiteral("routine close_order(bigint, decimal(10,2))")),
              (Attrs{{"kind", "procedure"}, {"arguments", "p_order bigint, out p_total decimal(10,2)"}, {"language", "sql"},
                     {"definition", "BEGIN UPDATE orders SET status = 'paid' WHERE id = p_order; SELECT total INTO p_total FROM orders WHERE id = p_order; END"}}));

    // A MariaDB sequence is a sequence, not a table with eight columns.
    EXPECT_EQ(attrs(snap, QStringLiteral("sequence seq_invoice_no")),
              (Attrs{{"type", "bigint"}, {"start", "1000"}, {"increment", "10"}, {"min", "1"}, {"max", "999999"}, {"cycle", "yes"}}));
    EXPECT_EQ(snap.find(QStringLiteral("table seq_invoice_no")), nullptr);
    EXPECT_EQ(snap.find(QStringLiteral("column seq_invoice_no.start_value")), nullptr);
    EXPECT_EQ(snap.stats({}, QStringLiteral("seq_invoice_no")), nullptr);

    // The database is the snapshot's; objects leave its name out (takeSnapshot), so a copy of the
    // schema under another name reads the same.
    for (const SchemaObject &obj : snap.objects)
        EXPECT_TRUE(obj.schema.isEmpty()) << s(obj.key());
    // The reader itself names the database in each object; takeSnapshot takes it out.
    const mig::SnapshotResult raw = mig::readMysqlSchema(*db, {});
    ASSERT_FALSE(raw.error.has_value()) << s(raw.error->toString());
    EXPECT_EQ(raw.snapshot.objects.size(), snap.objects.size());
    for (const SchemaObject &obj : raw.snapshot.objects)
        EXPECT_EQ(obj.schema, m_database) << s(obj.key());
    EXPECT_NE(raw.snapshot.find(QStringLiteral("table ") + m_database + QStringLiteral(".customers")), nullptr);
    // 3 tables, 21 columns, 8 constraints, 8 indexes, a view, a trigger, 2 routines, a sequence.
    EXPECT_EQ(snap.objects.size(), 3 + 21 + 8 + 8 + 1 + 1 + 2 + 1) << dump(snap);
}

TEST_F(MariadbSchema, CountsAndSummary)
{
    auto db = session(m_database);
    ASSERT_TRUE(db);
    build(*db, Shop);
    const QMap<QString, qint64> n = snapshot(*db).counts();
    EXPECT_EQ(n.value(QStringLiteral("tables")), 3);
    EXPECT_EQ(n.value(QStringLiteral("columns")), 12 + 5 + 4); // a view's and a sequence's columns are not columns
    EXPECT_EQ(n.value(QStringLiteral("primary keys")), 3);
    EXPECT_EQ(n.value(QStringLiteral("unique constraints")), 1);
    EXPECT_EQ(n.value(QStringLiteral("check constraints")), 2);
    EXPECT_EQ(n.value(QStringLiteral("foreign keys")), 2);
    EXPECT_EQ(n.value(QStringLiteral("indexes")), 8); // order_items' key serves its foreign key
    EXPECT_EQ(n.value(QStringLiteral("views")), 1);
    EXPECT_EQ(n.value(QStringLiteral("triggers")), 1);
    EXPECT_EQ(n.value(QStringLiteral("functions")), 1);
    EXPECT_EQ(n.value(QStringLiteral("procedures")), 1);
    EXPECT_EQ(n.value(QStringLiteral("sequences")), 1);
    EXPECT_EQ(n.value(QStringLiteral("types")) + n.value(QStringLiteral("extensions")) + n.value(QStringLiteral("policies"))
                  + n.value(QStringLiteral("schemas")) + n.value(QStringLiteral("materialized views")),
              0);
    EXPECT_EQ(n.value(QStringLiteral("rows")), 0); // counted, and empty
    EXPECT_GT(n.value(QStringLiteral("bytes")), 0);
    EXPECT_EQ(snapshot(*db).summary(), QStringLiteral("3 tables, 21 columns, 2 foreign keys, 8 indexes, 1 functions, 1 procedures, "
                                                      "1 triggers, 1 views, 1 sequences"));
}

TEST_F(MariadbSchema, TheSameSchemaWrittenAnotherWayReadsTheSame)
{
    auto first = session(m_database);
    ASSERT_TRUE(first);
    build(*first, Shop);
    const QString otherName = extraDatabase(QStringLiteral("b"));
    auto second = session(otherName);
    ASSERT_TRUE(second);
    build(*second, ShopRewritten);

    const SchemaSnapshot a = snapshot(*first), b = snapshot(*second);
    ASSERT_EQ(a.objects.size(), b.objects.size()) << dump(a) << "---\n" << dump(b);
    EXPECT_NE(a.database, b.database);
    const mig::SchemaDiff same = mig::SchemaDiff::between(a, b);
    EXPECT_TRUE(same.isEmpty()) << s(same.toText());
    EXPECT_EQ(a.fingerprint(), b.fingerprint());

    // Under one name in turn, the fingerprints are equal as read.
    build(*first, {QStringLiteral("DROP VIEW v_customer_totals"), QStringLiteral("DROP TABLE order_items, orders, customers"),
                   QStringLiteral("DROP FUNCTION customer_spent"), QStringLiteral("DROP PROCEDURE close_order"),
                   QStringLiteral("DROP SEQUENCE seq_invoice_no")});
    EXPECT_EQ(snapshot(*first).summary(), QStringLiteral("empty schema"));
    build(*first, ShopRewritten);
    const SchemaSnapshot again = snapshot(*first);
    EXPECT_EQ(again.fingerprint(), a.fingerprint()) << s(mig::SchemaDiff::between(a, again).toText());

    // Real changes do show: a wider column, a dropped index.
    build(*second, {QStringLiteral("ALTER TABLE customers MODIFY full_name VARCHAR(150) NULL"),
                    QStringLiteral("DROP INDEX idx_items_sku ON order_items")});
    const SchemaSnapshot changed = snapshot(*second);
    EXPECT_NE(changed.fingerprint(), a.fingerprint());
    const mig::SchemaDiff diff = mig::SchemaDiff::between(a, changed);
    ASSERT_EQ(diff.changes.size(), 2) << s(diff.toText());
    EXPECT_EQ(diff.count(mig::ObjectChange::Kind::Changed), 1);
    EXPECT_EQ(diff.count(mig::ObjectChange::Kind::Removed), 1);
    for (const mig::ObjectChange &ch : diff.changes) {
        if (ch.kind == mig::ObjectChange::Kind::Changed) {
            EXPECT_EQ(ch.object.key(), QStringLiteral("column customers.full_name"));
            ASSERT_EQ(ch.attributes.size(), 1);
            EXPECT_EQ(ch.attributes.first().name, QStringLiteral("type"));
            EXPECT_EQ(ch.attributes.first().before, QStringLiteral("varchar(100)"));
            EXPECT_EQ(ch.attributes.first().after, QStringLiteral("varchar(150)"));
        } else {
            EXPECT_EQ(ch.object.key(), QStringLiteral("index order_items.idx_items_sku"));
        }
    }
    EXPECT_EQ(diff.tables(), (QStringList{"customers", "order_items"}));
}

TEST_F(MariadbSchema, ExcludedTablesLeaveOutEverythingTheyOwn)
{
    auto db = session(m_database);
    ASSERT_TRUE(db);
    build(*db, Shop);
    build(*db, History);
    const SchemaSnapshot all = snapshot(*db);
    ASSERT_NE(all.find(QStringLiteral("table migctl_history")), nullptr) << dump(all);
    ASSERT_NE(all.find(QStringLiteral("trigger migctl_history.trg_history_note")), nullptr) << dump(all);
    ASSERT_NE(all.find(QStringLiteral("table MIGCTL_HISTORY_LOCK")), nullptr) << dump(all);

    mig::SnapshotOptions options;
    options.excludeTables = QStringList{"migctl_history", "migctl_history_lock"}; // the lock table's case differs
    const SchemaSnapshot without = snapshot(*db, options);
    for (const SchemaObject &o : without.objects) {
        EXPECT_FALSE(o.name.startsWith(u"migctl_history", Qt::CaseInsensitive)) << s(o.key());
        EXPECT_FALSE(o.table.startsWith(u"migctl_history", Qt::CaseInsensitive)) << s(o.key());
    }
    EXPECT_EQ(without.stats({}, QStringLiteral("migctl_history")), nullptr);
    EXPECT_EQ(without.tables.size(), 3);

    // What was left out is exactly the two tables and what hangs off them.
    const mig::SchemaDiff diff = mig::SchemaDiff::between(all, without);
    EXPECT_EQ(diff.count(mig::ObjectChange::Kind::Removed), diff.changes.size());
    EXPECT_EQ(diff.tables(), (QStringList{"MIGCTL_HISTORY_LOCK", "migctl_history"}));
    // 2 tables, 3 + 2 columns, 2 primary keys, 3 indexes, 1 trigger.
    EXPECT_EQ(diff.changes.size(), 13) << s(diff.toText());
    // Without them the fingerprint is the shop's alone.
    build(*db, {QStringLiteral("DROP TABLE migctl_history, MIGCTL_HISTORY_LOCK")});
    EXPECT_EQ(snapshot(*db).fingerprint(), without.fingerprint());
}

TEST_F(MariadbSchema, RowCountsAreExactAndOptional)
{
    auto db = session(m_database);
    ASSERT_TRUE(db);
    build(*db, Shop);
    build(*db, {QStringLiteral("INSERT INTO customers (email, full_name) VALUES ('ann@example.com', 'Ann'), ('bo@example.com', 'Bo'), "
                               "('cy@example.com', NULL)"),
                QStringLiteral("INSERT INTO orders (customer_id, total) VALUES (1, 10), (2, 0)"),
                QStringLiteral("INSERT INTO order_items (order_id, line_no, sku) VALUES (1, 1, 'A'), (1, 2, 'B'), (2, 1, 'A')")});
    // The sequence's next value is state, not schema: using it changes nothing in the snapshot.
    const SchemaSnapshot before = snapshot(*db);
    build(*db, {QStringLiteral("SELECT NEXTVAL(seq_invoice_no)")});
    const SchemaSnapshot counted = snapshot(*db);
    EXPECT_EQ(counted.fingerprint(), before.fingerprint());

    EXPECT_EQ(counted.stats({}, QStringLiteral("customers"))->rows, 3);
    EXPECT_EQ(counted.stats({}, QStringLiteral("orders"))->rows, 2);
    EXPECT_EQ(counted.stats({}, QStringLiteral("order_items"))->rows, 3);
    EXPECT_EQ(counted.counts().value(QStringLiteral("rows")), 8);
    for (const mig::TableStats &t : counted.tables)
        EXPECT_GT(t.bytes, 0) << s(t.table);

    mig::SnapshotOptions options;
    options.rowCounts = false;
    const SchemaSnapshot uncounted = snapshot(*db, options);
    for (const mig::TableStats &t : uncounted.tables) {
        EXPECT_EQ(t.rows, -1) << s(t.table);
        EXPECT_GT(t.bytes, 0) << s(t.table);
    }
    EXPECT_EQ(uncounted.counts().value(QStringLiteral("rows")), -1);
    EXPECT_EQ(uncounted.fingerprint(), counted.fingerprint()); // sizes are not the schema
}

TEST_F(MariadbSchema, JsonRoundTripKeepsEverything)
{
    auto db = session(m_database);
    ASSERT_TRUE(db);
    build(*db, Shop);
    build(*db, {QStringLiteral("INSERT INTO customers (email) VALUES ('ann@example.com')")});
    const SchemaSnapshot snap = snapshot(*db);
    // Through text, as a saved snapshot file is.
    const QByteArray file = QJsonDocument(snap.toJson()).toJson();
    QString error;
    const auto back = SchemaSnapshot::fromJson(QJsonDocument::fromJson(file).object(), &error);
    ASSERT_TRUE(back.has_value()) << s(error);
    EXPECT_EQ(back->dialect, mig::Dialect::Mysql);
    EXPECT_EQ(back->database, m_database);
    EXPECT_EQ(back->serverVersion, snap.serverVersion);
    EXPECT_EQ(back->takenAt, snap.takenAt);
    EXPECT_EQ(back->fingerprint(), snap.fingerprint());
    EXPECT_TRUE(mig::SchemaDiff::between(snap, *back).isEmpty());
    ASSERT_EQ(back->objects.size(), snap.objects.size());
    for (qsizetype n = 0; n < snap.objects.size(); ++n) {
        EXPECT_EQ(back->objects[n].key(), snap.objects[n].key());
        EXPECT_EQ(back->objects[n].attributes, snap.objects[n].attributes) << s(snap.objects[n].key());
    }
    ASSERT_EQ(back->tables.size(), snap.tables.size());
    for (qsizetype n = 0; n < snap.tables.size(); ++n) {
        EXPECT_EQ(back->tables[n].table, snap.tables[n].table);
        EXPECT_EQ(back->tables[n].rows, snap.tables[n].rows);
        EXPECT_EQ(back->tables[n].bytes, snap.tables[n].bytes);
    }
    EXPECT_EQ(back->counts(), snap.counts());
    EXPECT_EQ(snap.toJson().value(u"fingerprint").toString(), QString::fromLatin1(snap.fingerprint()));
}

TEST_F(MariadbSchema, ErrorsAreReportedNotHidden)
{
    // A session without a current database has nothing to read: said so, not an empty schema.
    mig::ConnectionProfile profile;
    profile.engine = mig::Dialect::Mysql;
    profile.host = QStringLiteral("127.0.0.1");
    profile.port = m_port;
    profile.user = QStringLiteral("mc");
    auto bare = mig::TargetSession::create(profile);
    ASSERT_FALSE(bare->open(m_password).has_value());
    const mig::SnapshotResult none = mig::takeSnapshot(*bare);
    ASSERT_TRUE(none.error.has_value());
    EXPECT_TRUE(none.error->message.contains(u"no database selected")) << s(none.error->toString());

    // A session the server ended: the failing query's error comes back.
    auto db = session(m_database);
    ASSERT_TRUE(db);
    build(*db, Shop);
    const qint64 id = db->query(QStringLiteral("SELECT CONNECTION_ID()")).scalar().toLongLong();
    auto killer = session(m_database);
    ASSERT_TRUE(killer);
    build(*killer, {QStringLiteral("KILL %1").arg(id)});
    const mig::SnapshotResult lost = mig::takeSnapshot(*db);
    ASSERT_TRUE(lost.error.has_value()) << dump(lost.snapshot);
    EXPECT_EQ(lost.error->kind, mig::SqlError::Kind::ConnectionLost) << s(lost.error->toString());
}
