// Preview, verified rollback, silent-failure detection and drift on MariaDB, through the real
// migctl as a DBA runs it. MariaDB commits DDL implicitly, so the preview plays the migrations
// on a scratch database built from the target's schema: these cases check that the scratch is
// a faithful copy, that it goes away, and that the target is left as it was. The target is read
// back through the test's own connection.
#include "RealWorldSupport.h"

using namespace realworld;

namespace {

QJsonObject json(const Migctl &r)
{
    QJsonParseError e;
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8(), &e).object();
    EXPECT_EQ(e.error, QJsonParseError::NoError) << r.text();
    return o;
}

QJsonObject migration(const QJsonObject &doc, const QString &version)
{
    for (const QJsonValue &v : doc.value(u"migrations").toArray())
        if (v.toObject().value(u"version").toString() == version)
            return v.toObject();
    ADD_FAILURE() << "no migration " << s(version) << " in " << QJsonDocument(doc).toJson().toStdString();
    return {};
}

QString verdict(const QJsonObject &m)
{
    return m.value(u"rollback").toObject().value(u"verdict").toString();
}

std::string dump(const QJsonObject &o)
{
    return QJsonDocument(o).toJson().toStdString();
}

// "added table customers", "added column customers.email", "removed index customers.x"
QStringList changeKeys(const QJsonObject &m)
{
    QStringList out;
    for (const QJsonValue &v : m.value(u"changes").toArray()) {
        const QJsonObject c = v.toObject();
        const QString table = c.value(u"table").toString();
        out << QStringLiteral("%1 %2 %3%4").arg(c.value(u"change").toString(), c.value(u"kind").toString(),
                                              table.isEmpty() ? QString() : table + u'.', c.value(u"name").toString());
    }
    return out;
}

QJsonObject changeAttributes(const QJsonObject &m, const QString &kind, const QString &name)
{
    for (const QJsonValue &v : m.value(u"changes").toArray())
        if (v.toObject().value(u"kind").toString() == kind && v.toObject().value(u"name").toString() == name)
            return v.toObject().value(u"attributes").toObject();
    return {};
}

bool hasPrefix(const QStringList &list, const QString &prefix)
{
    for (const QString &l : list)
        if (l.startsWith(prefix))
            return true;
    return false;
}

class SchemaRunsMariadb : public ScratchDatabaseTest
{
protected:
    ScratchServer server() const override
    {
        return {QStringLiteral("QMARIADB"), "MIG_TEST_MARIADB_PORT", QStringLiteral("mysql"), QStringLiteral("mc"), QStringLiteral("mcpw"),
                QStringLiteral("mc_test"), QString(), QStringLiteral(" CHARACTER SET utf8mb4"), QString()};
    }

    QString dir() const { return m_store.filePath(QStringLiteral("migrations")); }

    void write(const QString &file, const QString &text) const
    {
        QDir().mkpath(dir());
        QFile f(dir() + u'/' + file);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate)) << s(f.fileName());
        f.write(text.toUtf8());
    }

    Migctl run(const QString &command, const QStringList &extra = {}) const { return migctl(command, dir(), extra); }

    // A table, a data fix, and three rollbacks: one that undoes it all, none, one that forgets.
    void writeShop() const
    {
        write(QStringLiteral("001_customers.sql"),
              QStringLiteral("CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(200) NOT NULL, created VARCHAR(30));\n"
                             "INSERT INTO customers (email, created) VALUES ('a@x', '2026-01-01T00:00:00.000Z'),"
                             " ('b@x', '2026-01-02T00:00:00.000Z'), ('c@x', '2026-01-03T03:00:00.000Z');\n"));
        write(QStringLiteral("001_customers.rollback.sql"), QStringLiteral("DROP TABLE customers;\n"));
        write(QStringLiteral("002_fix_created.sql"),
              QStringLiteral("UPDATE customers SET created = REPLACE(created, 'T00:00:00.000Z', 'T03:00:00.000Z') "
                             "WHERE created LIKE '%T00:00:00.000Z';\n"));
        write(QStringLiteral("003_add_phone.sql"),
              QStringLiteral("ALTER TABLE customers ADD COLUMN phone VARCHAR(20);\nCREATE INDEX customers_email ON customers (email);\n"));
        // Forgets the column: the rollback leaves it behind.
        write(QStringLiteral("003_add_phone.rollback.sql"), QStringLiteral("DROP INDEX customers_email ON customers;\n"));
    }

    // Every object of the target as the server's catalogs tell it, the history table included.
    // The lock note's table is left out: the preview takes the run lock like a run, and writing
    // the note creates that table on first use.
    QStringList objects()
    {
        QStringList out;
        out << column(QStringLiteral("SELECT CONCAT(TABLE_TYPE, ' ', TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"));
        out << column(QStringLiteral("SELECT CONCAT('column ', TABLE_NAME, '.', COLUMN_NAME, ' ', COLUMN_TYPE, ' ', IS_NULLABLE) "
                                     "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"));
        out << column(QStringLiteral("SELECT CONCAT('index ', TABLE_NAME, '.', INDEX_NAME, ' ', SEQ_IN_INDEX, ' ', COLUMN_NAME) "
                                     "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"));
        out << column(QStringLiteral("SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()"));
        out << column(QStringLiteral("SELECT CONCAT('TRIGGER ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
        out.sort();
        out.removeIf([](const QString &o) { return o.contains(QStringLiteral("migctl_history_lock")); });
        return out;
    }

    // The preview's scratch databases still on the server (SHOW DATABASES lists those mc may use).
    QStringList scratchDatabases()
    {
        QStringList out;
        for (const QString &db : column(QStringLiteral("SHOW DATABASES")))
            if (db.startsWith(m_database + QStringLiteral("_preview_")))
                out << db;
        return out;
    }

    QStringList history()
    {
        return rows(QStringLiteral("SELECT version, status FROM migctl_history ORDER BY id"));
    }
};

} // namespace

TEST_F(SchemaRunsMariadb, PreviewOnAScratchDatabaseShowsChangesAndRollbackVerdictsWithoutTouchingTheTarget)
{
    writeShop();
    write(QStringLiteral("004_orders.sql"),
          QStringLiteral("CREATE TABLE orders (id INT PRIMARY KEY, customer INT,\n"
                         "  CONSTRAINT orders_customer FOREIGN KEY (customer) REFERENCES customers (id));\n"));
    write(QStringLiteral("004_orders.rollback.sql"), QStringLiteral("DROP TABLE no_such_table;\n"));
    ASSERT_EQ(exec(QStringLiteral("CREATE TABLE existing (id INT PRIMARY KEY, label VARCHAR(40))")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO existing VALUES (1, 'kept')")), QString());
    const QStringList before = objects();

    const Migctl r = run(QStringLiteral("preview"), {QStringLiteral("--json")});
    ASSERT_EQ(r.exitCode, 0) << r.text();
    const QJsonObject doc = json(r);
    const QString method = doc.value(u"method").toString();
    const QRegularExpression expectedMethod(u'^' + QRegularExpression::escape(m_database)
                                            + QStringLiteral("_preview_[0-9a-f]{4} built from the target's schema \\(mysqldump --no-data\\), no rows$"));
    EXPECT_TRUE(method.startsWith(QStringLiteral("scratch database "))) << s(method);
    EXPECT_TRUE(expectedMethod.match(method.mid(QStringLiteral("scratch database ").size())).hasMatch()) << s(method);
    EXPECT_TRUE(doc.value(u"methodReason").toString().contains(QStringLiteral("commit DDL implicitly"))) << dump(doc);
    // The scratch is built from the target: a faithful copy has nothing to warn about.
    EXPECT_FALSE(r.err.contains(QStringLiteral("scratch database differs"))) << r.text();

    const QJsonObject m1 = migration(doc, QStringLiteral("001"));
    EXPECT_TRUE(m1.value(u"ok").toBool()) << dump(m1);
    const QStringList c1 = changeKeys(m1);
    EXPECT_TRUE(c1.contains(QStringLiteral("added table customers"))) << s(c1.join(u'\n'));
    EXPECT_TRUE(c1.contains(QStringLiteral("added column customers.email"))) << s(c1.join(u'\n'));
    EXPECT_TRUE(c1.contains(QStringLiteral("added column customers.created"))) << s(c1.join(u'\n'));
    EXPECT_FALSE(hasPrefix(c1, QStringLiteral("added table existing"))) << s(c1.join(u'\n'));
    EXPECT_EQ(verdict(m1), u"rollback verified") << dump(m1);
    // A table made without a character set takes the database's default: the scratch must have
    // the target's, or the preview shows (and a run is held to) a collation the run will not get.
    EXPECT_EQ(changeAttributes(m1, QStringLiteral("table"), QStringLiteral("customers")).value(u"collation").toString(),
              scalar(QStringLiteral("SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()")))
        << dump(m1);
    // The scratch holds no rows of the target's: row counts would be made up, so none are given.
    EXPECT_FALSE(m1.value(u"rowsMeasured").toBool()) << dump(m1);

    const QJsonObject m2 = migration(doc, QStringLiteral("002"));
    EXPECT_TRUE(m2.value(u"ok").toBool()) << dump(m2);
    EXPECT_TRUE(m2.value(u"changes").toArray().isEmpty()) << dump(m2);
    EXPECT_FALSE(m2.value(u"rowsMeasured").toBool()) << dump(m2);
    EXPECT_EQ(verdict(m2), u"no rollback") << dump(m2);

    const QJsonObject m3 = migration(doc, QStringLiteral("003"));
    const QStringList c3 = changeKeys(m3);
    EXPECT_TRUE(c3.contains(QStringLiteral("added column customers.phone"))) << s(c3.join(u'\n'));
    EXPECT_TRUE(c3.contains(QStringLiteral("added index customers.customers_email"))) << s(c3.join(u'\n'));
    EXPECT_EQ(verdict(m3), u"rollback leaves differences") << dump(m3);
    QStringList left;
    for (const QJsonValue &v : m3.value(u"rollback").toObject().value(u"differences").toArray())
        left << v.toString();
    ASSERT_EQ(left.size(), 1) << dump(m3);
    EXPECT_TRUE(left.at(0).startsWith(QStringLiteral("+ column customers.phone"))) << s(left.at(0));
    EXPECT_TRUE(left.at(0).contains(QStringLiteral("varchar(20)"))) << s(left.at(0));

    const QJsonObject m4 = migration(doc, QStringLiteral("004"));
    EXPECT_TRUE(m4.value(u"ok").toBool()) << dump(m4);
    EXPECT_TRUE(changeKeys(m4).contains(QStringLiteral("added table orders"))) << dump(m4);
    EXPECT_EQ(verdict(m4), u"rollback fails") << dump(m4);
    const QString detail = m4.value(u"rollback").toObject().value(u"detail").toString();
    EXPECT_TRUE(detail.startsWith(QStringLiteral("004_orders.rollback.sql:1: "))) << s(detail);
    EXPECT_TRUE(detail.contains(QStringLiteral("Unknown table")) && detail.contains(QStringLiteral("no_such_table"))) << s(detail);

    // Nothing happened to the target: same objects, no history table, its row still there; and
    // the scratch database is gone.
    EXPECT_EQ(objects(), before);
    EXPECT_EQ(column(QStringLiteral("SHOW TABLES LIKE 'migctl\\_history'")), QStringList());
    EXPECT_EQ(rows(QStringLiteral("SELECT id, label FROM existing")), QStringList{QStringLiteral("1|kept")});
    EXPECT_EQ(scratchDatabases(), QStringList());

    // Status shows the verdicts the preview stored.
    const Status st = status(dir());
    EXPECT_EQ(verdict(st.migration(QStringLiteral("001"))), u"rollback verified") << s(st.raw);
    EXPECT_EQ(verdict(st.migration(QStringLiteral("002"))), u"no rollback") << s(st.raw);
    EXPECT_EQ(verdict(st.migration(QStringLiteral("003"))), u"rollback leaves differences") << s(st.raw);
    EXPECT_EQ(verdict(st.migration(QStringLiteral("004"))), u"rollback fails") << s(st.raw);
    EXPECT_EQ(st.states.value(QStringLiteral("001")), u"pending") << s(st.raw);
    const Migctl plain = run(QStringLiteral("status"));
    EXPECT_TRUE(plain.out.contains(QStringLiteral("rollback leaves differences"))) << plain.text();

    // A changed down script is no longer verified.
    write(QStringLiteral("001_customers.rollback.sql"), QStringLiteral("DROP TABLE customers; -- changed\n"));
    EXPECT_EQ(verdict(status(dir()).migration(QStringLiteral("001"))), u"rollback not verified");
}

// Views, triggers and routines: those the target already has are copied into the scratch (a
// missing one would make every later comparison wrong), those the migrations create show.
TEST_F(SchemaRunsMariadb, ScratchCopiesViewsTriggersAndRoutinesAndShowsNewOnes)
{
    ASSERT_EQ(exec(QStringLiteral("CREATE TABLE items (id INT PRIMARY KEY, qty INT NOT NULL DEFAULT 0, price DECIMAL(8,2))")), QString());
    ASSERT_EQ(exec(QStringLiteral("CREATE VIEW v_stock AS SELECT id, qty FROM items WHERE qty > 0")), QString());
    ASSERT_EQ(exec(QStringLiteral("CREATE TRIGGER trg_items_qty BEFORE INSERT ON items FOR EACH ROW SET NEW.qty = GREATEST(NEW.qty, 0)")), QString());
    ASSERT_EQ(exec(QStringLiteral("CREATE FUNCTION stock_value(p_id INT) RETURNS DECIMAL(12,2) READS SQL DATA "
                                  "RETURN (SELECT qty * price FROM items WHERE id = p_id)")),
              QString());
    const QStringList before = objects();

    write(QStringLiteral("001_reporting.sql"),
          QStringLiteral("CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, item INT, at DATETIME);\n"
                         "CREATE VIEW v_priced AS SELECT id, price FROM items WHERE price IS NOT NULL;\n"
                         "CREATE TRIGGER trg_items_audit AFTER UPDATE ON items FOR EACH ROW INSERT INTO audit (item, at) VALUES (NEW.id, NOW());\n"
                         "DELIMITER //\n"
                         "CREATE PROCEDURE restock(IN p_id INT, IN p_qty INT)\n"
                         "BEGIN\n"
                         "  UPDATE items SET qty = qty + p_qty WHERE id = p_id;\n"
                         "  SELECT qty FROM items WHERE id = p_id;\n"
                         "END//\n"
                         "DELIMITER ;\n"));
    write(QStringLiteral("001_reporting.rollback.sql"),
          QStringLiteral("DROP PROCEDURE restock;\nDROP TRIGGER trg_items_audit;\nDROP VIEW v_priced;\nDROP TABLE audit;\n"));

    const Migctl r = run(QStringLiteral("preview"), {QStringLiteral("--json")});
    ASSERT_EQ(r.exitCode, 0) << r.text();
    EXPECT_FALSE(r.err.contains(QStringLiteral("scratch database differs"))) << r.text();
    const QJsonObject doc = json(r);
    EXPECT_TRUE(doc.value(u"method").toString().startsWith(QStringLiteral("scratch database %1_preview_").arg(m_database))) << dump(doc);
    const QJsonObject m1 = migration(doc, QStringLiteral("001"));
    EXPECT_TRUE(m1.value(u"ok").toBool()) << dump(m1);
    const QStringList c = changeKeys(m1);
    EXPECT_TRUE(c.contains(QStringLiteral("added table audit"))) << s(c.join(u'\n'));
    EXPECT_TRUE(c.contains(QStringLiteral("added view v_priced"))) << s(c.join(u'\n'));
    EXPECT_TRUE(c.contains(QStringLiteral("added trigger items.trg_items_audit"))) << s(c.join(u'\n'));
    EXPECT_TRUE(hasPrefix(c, QStringLiteral("added routine restock("))) << s(c.join(u'\n'));
    // What the target had before is no change: it was in the scratch from the start.
    EXPECT_FALSE(hasPrefix(c, QStringLiteral("added view v_stock"))) << s(c.join(u'\n'));
    EXPECT_FALSE(hasPrefix(c, QStringLiteral("added trigger items.trg_items_qty"))) << s(c.join(u'\n'));
    EXPECT_FALSE(hasPrefix(c, QStringLiteral("added routine stock_value"))) << s(c.join(u'\n'));
    // Nothing else: every change is the new table's or one of the three new objects.
    for (const QString &change : c)
        EXPECT_TRUE(change.startsWith(QStringLiteral("added ")) && (change.contains(QStringLiteral(" audit")) || change.contains(QStringLiteral("v_priced"))
                                                                    || change.contains(QStringLiteral("trg_items_audit")) || change.contains(QStringLiteral("restock("))))
            << s(change);
    EXPECT_TRUE(m1.value(u"declarationFindings").toArray().isEmpty()) << dump(m1);
    EXPECT_EQ(verdict(m1), u"rollback verified") << dump(m1);

    EXPECT_EQ(objects(), before);
    EXPECT_EQ(scratchDatabases(), QStringList());
}

// The seed's silent failure: an index "created" with IF NOT EXISTS that already existed on other
// columns. MariaDB answers with a note, not an error; the run must not call that a success.
TEST_F(SchemaRunsMariadb, AnIfNotExistsIndexThatMetAnotherDefinitionIsAppliedWithDifferences)
{
    write(QStringLiteral("001_reports.sql"), QStringLiteral("CREATE TABLE reports (id INT PRIMARY KEY, student INT, week INT);\n"));
    write(QStringLiteral("002_index.sql"), QStringLiteral("CREATE INDEX IF NOT EXISTS reports_student_week ON reports (student, week);\n"));
    write(QStringLiteral("003_more.sql"), QStringLiteral("CREATE TABLE later (id INT PRIMARY KEY);\n"));
    const Migctl first = run(QStringLiteral("apply"), {QStringLiteral("--to"), QStringLiteral("001")});
    ASSERT_EQ(first.exitCode, 0) << first.text();
    // Someone made an index of that name by hand, on another column.
    ASSERT_EQ(exec(QStringLiteral("CREATE INDEX reports_student_week ON reports (week)")), QString());

    const Migctl preview = run(QStringLiteral("preview"), {QStringLiteral("--json")});
    ASSERT_EQ(preview.exitCode, 0) << preview.text();
    const QJsonArray findings = migration(json(preview), QStringLiteral("002")).value(u"declarationFindings").toArray();
    ASSERT_EQ(findings.size(), 1) << preview.text();
    EXPECT_TRUE(findings.at(0).toString().contains(QStringLiteral("reports_student_week"))) << s(findings.at(0).toString());
    EXPECT_TRUE(findings.at(0).toString().contains(QStringLiteral("(week)"))) << s(findings.at(0).toString());
    EXPECT_TRUE(migration(json(preview), QStringLiteral("003")).value(u"declarationFindings").toArray().isEmpty()) << preview.text();
    EXPECT_EQ(scratchDatabases(), QStringList());

    const Migctl apply = run(QStringLiteral("apply"));
    EXPECT_EQ(apply.exitCode, 1) << apply.text();
    EXPECT_TRUE(apply.err.contains(QStringLiteral("002 index applied WITH DIFFERENCES"))) << apply.text();
    EXPECT_TRUE(apply.err.contains(QStringLiteral("reports_student_week"))) << apply.text();
    // It stopped there: 003 did not run.
    EXPECT_EQ(column(QStringLiteral("SHOW TABLES LIKE 'later'")), QStringList());
    EXPECT_EQ(history(), (QStringList{QStringLiteral("001|applied"), QStringLiteral("002|applied_differs")}));
    EXPECT_TRUE(scalar(QStringLiteral("SELECT error_message FROM migctl_history WHERE version = '002'")).contains(QStringLiteral("reports_student_week")));
    // The hand-made index is still what the server has: the migration's own never came to be.
    EXPECT_EQ(column(QStringLiteral("SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                                    "AND INDEX_NAME = 'reports_student_week'")),
              QStringList{QStringLiteral("week")});

    const Status st = status(dir());
    EXPECT_EQ(st.states.value(QStringLiteral("002")), u"applied-with-differences") << s(st.raw);
    EXPECT_EQ(st.states.value(QStringLiteral("003")), u"pending") << s(st.raw);
    const Migctl verify = run(QStringLiteral("verify"));
    EXPECT_EQ(verify.exitCode, 1) << verify.text();
    EXPECT_TRUE(verify.out.contains(QStringLiteral("FAIL"))) << verify.text();
}

// A column that already exists with another type: ADD COLUMN IF NOT EXISTS keeps the old one.
TEST_F(SchemaRunsMariadb, AnIfNotExistsColumnOfAnotherTypeIsAppliedWithDifferences)
{
    ASSERT_EQ(exec(QStringLiteral("CREATE TABLE gauges (id INT PRIMARY KEY, c BIGINT)")), QString());
    write(QStringLiteral("001_gauge_c.sql"), QStringLiteral("ALTER TABLE gauges ADD COLUMN IF NOT EXISTS c INTEGER;\n"));
    write(QStringLiteral("002_more.sql"), QStringLiteral("CREATE TABLE later (id INT PRIMARY KEY);\n"));

    const Migctl preview = run(QStringLiteral("preview"), {QStringLiteral("--json")});
    ASSERT_EQ(preview.exitCode, 0) << preview.text();
    const QJsonObject m1 = migration(json(preview), QStringLiteral("001"));
    EXPECT_TRUE(m1.value(u"changes").toArray().isEmpty()) << dump(m1);
    const QJsonArray findings = m1.value(u"declarationFindings").toArray();
    ASSERT_EQ(findings.size(), 1) << dump(m1);
    const QString finding = findings.at(0).toString();
    EXPECT_TRUE(finding.contains(QStringLiteral("gauges.c")) && finding.contains(QStringLiteral("bigint")) && finding.contains(QStringLiteral("int")))
        << s(finding);

    const Migctl apply = run(QStringLiteral("apply"));
    EXPECT_EQ(apply.exitCode, 1) << apply.text();
    EXPECT_TRUE(apply.err.contains(QStringLiteral("001 gauge_c applied WITH DIFFERENCES"))) << apply.text();
    EXPECT_TRUE(apply.err.contains(QStringLiteral("bigint"))) << apply.text();
    EXPECT_EQ(column(QStringLiteral("SHOW TABLES LIKE 'later'")), QStringList());
    EXPECT_EQ(history(), QStringList{QStringLiteral("001|applied_differs")});
    EXPECT_EQ(scalar(QStringLiteral("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    "AND TABLE_NAME = 'gauges' AND COLUMN_NAME = 'c'")),
              QStringLiteral("bigint"));
    EXPECT_EQ(status(dir()).states.value(QStringLiteral("001")), u"applied-with-differences");
}

TEST_F(SchemaRunsMariadb, ARunIsHeldToItsPreviewAndRecordsWhatItChanged)
{
    writeShop();
    const Migctl preview = run(QStringLiteral("preview"));
    ASSERT_EQ(preview.exitCode, 0) << preview.text();
    EXPECT_TRUE(preview.out.contains(QStringLiteral("rows: not measured (the scratch database holds no rows)"))) << preview.text();

    const Migctl apply = run(QStringLiteral("apply"), {QStringLiteral("--json")});
    ASSERT_EQ(apply.exitCode, 0) << apply.text();
    int checks = 0, changes = 0;
    QStringList snapshots;
    for (const QString &line : apply.out.split(u'\n', Qt::SkipEmptyParts)) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        const QString type = e.value(u"event").toString();
        if (type == u"check-finished") {
            ++checks;
            EXPECT_EQ(e.value(u"status").toString(), u"pass") << s(line);
            EXPECT_TRUE(e.value(u"measured").toString().contains(QStringLiteral("compared with the preview"))) << s(line);
        }
        changes += type == u"schema-changed";
        if (type == u"snapshot-taken")
            snapshots << e.value(u"check").toString();
    }
    EXPECT_EQ(checks, 3) << apply.text();
    EXPECT_EQ(changes, 3) << apply.text();
    EXPECT_EQ(snapshots, (QStringList{QStringLiteral("before-run"), QStringLiteral("after-migration"), QStringLiteral("after-migration"),
                                      QStringLiteral("after-migration"), QStringLiteral("after-run")}))
        << apply.text();
    EXPECT_EQ(history(), (QStringList{QStringLiteral("001|applied"), QStringLiteral("002|applied"), QStringLiteral("003|applied")}));

    // The live schema exports as JSON, rows counted on the target itself.
    const Migctl live = run(QStringLiteral("snapshot"));
    ASSERT_EQ(live.exitCode, 0) << live.text();
    const QJsonObject snap = json(live);
    EXPECT_EQ(snap.value(u"format").toString(), u"migration-console/schema-snapshot");
    const QJsonObject counts = snap.value(u"counts").toObject();
    EXPECT_EQ(counts.value(u"tables").toInt(), 1) << dump(snap);
    EXPECT_EQ(counts.value(u"columns").toInt(), 4) << dump(counts);
    EXPECT_EQ(counts.value(u"rows").toInt(), 3) << dump(counts);
    EXPECT_EQ(counts.value(u"primary keys").toInt(), 1) << dump(counts);
    EXPECT_EQ(QString::number(counts.value(u"indexes").toInt()),
              scalar(QStringLiteral("SELECT COUNT(DISTINCT INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                                    "AND TABLE_NAME = 'customers'")))
        << dump(counts);
}

TEST_F(SchemaRunsMariadb, DriftMadeByHandIsReported)
{
    writeShop();
    const Migctl none = run(QStringLiteral("drift"));
    EXPECT_EQ(none.exitCode, 4) << none.text(); // no run recorded: nothing to compare with
    const Migctl apply = run(QStringLiteral("apply"));
    ASSERT_EQ(apply.exitCode, 0) << apply.text();
    const Migctl clean = run(QStringLiteral("drift"));
    EXPECT_EQ(clean.exitCode, 0) << clean.text();
    EXPECT_TRUE(clean.out.startsWith(QStringLiteral("No drift"))) << clean.text();

    ASSERT_EQ(exec(QStringLiteral("ALTER TABLE customers ADD COLUMN hotfix INT")), QString());
    ASSERT_EQ(exec(QStringLiteral("DROP INDEX customers_email ON customers")), QString());
    const Migctl found = run(QStringLiteral("drift"));
    EXPECT_EQ(found.exitCode, 1) << found.text();
    EXPECT_TRUE(found.out.startsWith(QStringLiteral("DRIFT: 2 change(s)"))) << found.text();
    EXPECT_TRUE(found.out.contains(QStringLiteral("+ column customers.hotfix"))) << found.text();
    EXPECT_TRUE(found.out.contains(QStringLiteral("- index customers.customers_email"))) << found.text();
    const Migctl st = run(QStringLiteral("status"));
    EXPECT_TRUE(st.out.contains(QStringLiteral("DRIFT: 2 change(s) since run"))) << st.text();
}
