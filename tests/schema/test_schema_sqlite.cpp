// The SQLite schema reader against real SQLite files: each case builds its schema in a file of
// its own (a temp folder), reads it back through a TargetSession and checks objects,
// attributes, counts, fingerprints and diffs.
#include "schema/SchemaDiff.h"
#include "schema/SchemaReader.h"
#include "target/TargetSession.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace mig;

inline void PrintTo(const QString &text, std::ostream *os)
{
    *os << '"' << text.toStdString() << '"';
}

namespace {

// The realistic shape: a feedback table of 13 columns with two foreign keys (one composite,
// named), four indexes (a partial and an expression one among them), checks at column and
// table level, named and unnamed, a generated column; a WITHOUT ROWID and a STRICT table, a
// view and a trigger.
const QStringList feedbackSchema{
    QStringLiteral("CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT NOT NULL COLLATE NOCASE,\n  name TEXT,\n"
                   "  CONSTRAINT uq_users_email UNIQUE (email)\n)"),
    QStringLiteral("CREATE TABLE products (\n  sku TEXT NOT NULL,\n  region TEXT NOT NULL,\n  title TEXT NOT NULL,\n"
                   "  PRIMARY KEY (region, sku)\n) WITHOUT ROWID"),
    QStringLiteral("CREATE TABLE feedback (\n"
                   "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
                   "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
                   "  product_region TEXT NOT NULL,\n"
                   "  product_sku TEXT NOT NULL,\n"
                   "  rating INT NOT NULL CHECK (rating BETWEEN 1 AND 5), -- stars\n"
                   "  title VARCHAR(200) NOT NULL DEFAULT '',\n"
                   "  body TEXT,\n"
                   "  status TEXT NOT NULL DEFAULT 'open' CONSTRAINT feedback_status_valid CHECK (status IN ('open', 'closed', 'spam')),\n"
                   "  helpful_votes INTEGER NOT NULL DEFAULT 0,\n"
                   "  total_votes INTEGER NOT NULL DEFAULT 0,\n"
                   "  score REAL GENERATED ALWAYS AS (CASE WHEN total_votes = 0 THEN 0.0 ELSE helpful_votes * 1.0 / total_votes END) VIRTUAL,\n"
                   "  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                   "  updated_at TEXT,\n"
                   "  CONSTRAINT feedback_product_fk FOREIGN KEY (product_region, product_sku)\n"
                   "    REFERENCES products (region, sku) ON DELETE RESTRICT ON UPDATE CASCADE,\n"
                   "  CHECK (helpful_votes <= total_votes),\n"
                   "  /* a named table-level check */ CONSTRAINT feedback_dates CHECK (updated_at IS NULL OR updated_at >= created_at)\n"
                   ")"),
    QStringLiteral("CREATE TABLE feedback_audit (\n  id INTEGER PRIMARY KEY,\n  feedback_id INTEGER NOT NULL,\n"
                   "  action TEXT NOT NULL,\n  at TEXT NOT NULL\n) STRICT"),
    QStringLiteral("CREATE INDEX feedback_user_idx ON feedback (user_id, created_at DESC)"),
    QStringLiteral("CREATE INDEX feedback_open_idx ON feedback (product_region, product_sku) WHERE status = 'open'"),
    QStringLiteral("CREATE INDEX feedback_title_lower_idx ON feedback (lower(title))"),
    QStringLiteral("CREATE UNIQUE INDEX feedback_user_product_uq ON feedback (user_id, product_region, product_sku)"),
    QStringLiteral("CREATE VIEW open_feedback AS SELECT id, user_id, rating FROM feedback WHERE status = 'open'"),
    QStringLiteral("CREATE TRIGGER feedback_status_audit AFTER UPDATE OF status ON feedback FOR EACH ROW\n"
                   "WHEN new.status <> old.status\nBEGIN\n"
                   "  INSERT INTO feedback_audit (feedback_id, action, at) VALUES (new.id, 'status', datetime('now'));\nEND"),
};

// The same schema as another script would write it: columns and clauses in another order, INT
// and INTEGER swapped, the unique constraint at column level, other line breaks and indents.
const QStringList feedbackSchemaRewritten{
    QStringLiteral("CREATE TABLE products (region TEXT NOT NULL, title TEXT NOT NULL, sku TEXT NOT NULL, PRIMARY KEY (region, sku)) WITHOUT ROWID"),
    QStringLiteral("CREATE TABLE users (name TEXT, email TEXT NOT NULL COLLATE NOCASE CONSTRAINT uq_users_email UNIQUE, id INTEGER PRIMARY KEY)"),
    QStringLiteral("CREATE TABLE feedback_audit (at TEXT NOT NULL, action TEXT NOT NULL, feedback_id INT NOT NULL, id INTEGER PRIMARY KEY) STRICT"),
    QStringLiteral("CREATE TABLE feedback (\n"
                   "\tupdated_at TEXT,\n"
                   "\ttotal_votes INT NOT NULL DEFAULT 0,\n"
                   "\thelpful_votes INT NOT NULL DEFAULT 0,\n"
                   "\tid INTEGER PRIMARY KEY AUTOINCREMENT,\n"
                   "\tcreated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                   "\tscore REAL GENERATED ALWAYS AS (CASE WHEN total_votes = 0\n\t\tTHEN 0.0 ELSE helpful_votes * 1.0 / total_votes END) VIRTUAL,\n"
                   "\tstatus TEXT NOT NULL DEFAULT 'open' CONSTRAINT feedback_status_valid CHECK (status IN ('open', 'closed', 'spam')),\n"
                   "\tbody TEXT,\n"
                   "\ttitle VARCHAR(200) NOT NULL DEFAULT '',\n"
                   "\trating INTEGER NOT NULL CHECK (rating  BETWEEN 1\n AND 5),\n"
                   "\tproduct_sku TEXT NOT NULL,\n"
                   "\tproduct_region TEXT NOT NULL,\n"
                   "\tuser_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
                   "\tCONSTRAINT feedback_dates CHECK (updated_at IS NULL OR updated_at >= created_at),\n"
                   "\tCHECK (helpful_votes   <= total_votes),\n"
                   "\tCONSTRAINT feedback_product_fk FOREIGN KEY (product_region, product_sku) REFERENCES products (region, sku)"
                   " ON UPDATE CASCADE ON DELETE RESTRICT\n"
                   ")"),
    QStringLiteral("CREATE UNIQUE INDEX feedback_user_product_uq ON feedback (user_id,\n product_region, product_sku)"),
    QStringLiteral("CREATE INDEX feedback_title_lower_idx ON feedback (lower(title))"),
    QStringLiteral("CREATE INDEX feedback_open_idx ON feedback (product_region, product_sku)\n  WHERE  status = 'open'"),
    QStringLiteral("CREATE INDEX feedback_user_idx ON feedback (user_id, created_at DESC)"),
    QStringLiteral("CREATE VIEW open_feedback AS\n  SELECT id, user_id, rating\n  FROM feedback\n  WHERE status = 'open'"),
    QStringLiteral("CREATE TRIGGER feedback_status_audit AFTER UPDATE OF status ON feedback FOR EACH ROW WHEN new.status <> old.status BEGIN\n"
                   "    INSERT INTO feedback_audit (feedback_id, action, at)\n    VALUES (new.id, 'status', datetime('now'));\nEND"),
};

class SqliteSchema : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }

    QString path(const QString &name) const { return m_dir.filePath(name); }

    std::unique_ptr<TargetSession> open(const QString &file, bool readOnly = false)
    {
        const TargetUrl url = parseTargetUrl(QStringLiteral("sqlite://") + file);
        EXPECT_TRUE(url.profile) << url.error.toStdString();
        if (!url.profile)
            return nullptr;
        auto session = TargetSession::create(*url.profile);
        session->setReadOnly(readOnly);
        const auto error = session->open(QString());
        EXPECT_FALSE(error) << (error ? error->toString().toStdString() : std::string());
        return error ? nullptr : std::move(session);
    }

    // A file holding the statements, and a session on it.
    std::unique_ptr<TargetSession> build(const QString &file, const QStringList &statements)
    {
        auto session = open(path(file));
        if (!session)
            return nullptr;
        for (const QString &sql : statements) {
            const ExecResult r = session->exec(sql);
            EXPECT_TRUE(r.ok()) << sql.toStdString() << "\n" << (r.error ? r.error->toString().toStdString() : std::string());
        }
        return session;
    }

    static SchemaSnapshot read(TargetSession &session, const SnapshotOptions &options = {})
    {
        const SnapshotResult r = takeSnapshot(session, options);
        EXPECT_FALSE(r.error) << (r.error ? r.error->toString().toStdString() : std::string());
        return r.snapshot;
    }

    static QString attr(const SchemaSnapshot &s, const QString &key, const QString &attribute)
    {
        const SchemaObject *o = s.find(key);
        EXPECT_NE(o, nullptr) << "no " << key.toStdString() << " in the snapshot";
        return o ? o->attributes.value(attribute, QStringLiteral("<absent>")) : QString();
    }

    QTemporaryDir m_dir;
};

TEST_F(SqliteSchema, ReadsTheFeedbackSchemaWithItsAttributes)
{
    auto session = build(QStringLiteral("feedback.db"), feedbackSchema);
    ASSERT_TRUE(session);
    const SchemaSnapshot s = read(*session);

    EXPECT_EQ(s.dialect, Dialect::Sqlite);
    EXPECT_EQ(s.database, path(QStringLiteral("feedback.db")));
    EXPECT_TRUE(s.serverVersion.startsWith(u"SQLite 3.")) << s.serverVersion.toStdString();
    for (const SchemaObject &o : s.objects) {
        EXPECT_TRUE(o.schema.isEmpty()) << o.key().toStdString();
        // AUTOINCREMENT made sqlite_sequence: SQLite's own bookkeeping, not the schema.
        EXPECT_FALSE(o.key().contains(u"sqlite_")) << o.key().toStdString();
    }

    // Tables and their options.
    EXPECT_EQ(attr(s, QStringLiteral("table products"), QStringLiteral("without rowid")), u"yes");
    EXPECT_EQ(attr(s, QStringLiteral("table feedback_audit"), QStringLiteral("strict")), u"yes");
    EXPECT_EQ(attr(s, QStringLiteral("table feedback"), QStringLiteral("strict")), u"<absent>");
    EXPECT_EQ(attr(s, QStringLiteral("table feedback"), QStringLiteral("without rowid")), u"<absent>");

    // Columns.
    EXPECT_EQ(attr(s, QStringLiteral("column feedback.rating"), QStringLiteral("type")), u"integer");
    EXPECT_EQ(attr(s, QStringLiteral("column feedback.rating"), QStringLiteral("nullable")), u"no");
    EXPECT_EQ(attr(s, QStringLiteral("column feedback.body"), QStringLiteral("nullable")), u"yes");
    EXPECT_EQ(attr(s, QStringLiteral("column feedback.id"), QStringLiteral("nullable")), u"no"); // the rowid
    EXPECT_EQ(attr(s, QStringLiteral("column feedback.title"), QStringLiteral("type")), u"varchar(200)");
    EXPECT_EQ(attr(s, QStringLiteral("column feedback.title"), QStringLiteral("default")), u"''");
    EXPECT_EQ(attr(s, QStringLiteral("column feedback.status"), QStringLiteral("default")), u"'open'");
    EXPECT_EQ(attr(s, QStringLiteral("column feedback.created_at"), QStringLiteral("default")), u"CURRENT_TIMESTAMP");
    EXPECT_EQ(attr(s, QStringLiteral("column feedback.body"), QStringLiteral("default")), u"<absent>");
    EXPECT_EQ(attr(s, QStringLiteral("column feedback.score"), QStringLiteral("type")), u"real");
    EXPECT_EQ(attr(s, QStringLiteral("column feedback.score"), QStringLiteral("generated")),
              u"virtual: CASE WHEN total_votes = 0 THEN 0.0 ELSE helpful_votes * 1.0 / total_votes END");
    EXPECT_EQ(attr(s, QStringLiteral("column feedback.id"), QStringLiteral("generated")), u"<absent>");
    EXPECT_EQ(attr(s, QStringLiteral("column users.email"), QStringLiteral("collation")), u"nocase");
    EXPECT_EQ(attr(s, QStringLiteral("column users.name"), QStringLiteral("collation")), u"<absent>");

    // Primary keys, in key order.
    EXPECT_EQ(attr(s, QStringLiteral("constraint feedback.primary key"), QStringLiteral("columns")), u"id");
    EXPECT_EQ(attr(s, QStringLiteral("constraint products.primary key"), QStringLiteral("type")), u"primary key");
    EXPECT_EQ(attr(s, QStringLiteral("constraint products.primary key"), QStringLiteral("columns")), u"region, sku");

    // Foreign keys: unnamed ones by their definition, named ones by name.
    const QString userFk = QStringLiteral("constraint feedback.fk(user_id)->users(id)");
    EXPECT_EQ(attr(s, userFk, QStringLiteral("type")), u"foreign key");
    EXPECT_EQ(attr(s, userFk, QStringLiteral("references")), u"users(id)");
    EXPECT_EQ(attr(s, userFk, QStringLiteral("on delete")), u"cascade");
    EXPECT_EQ(attr(s, userFk, QStringLiteral("on update")), u"no action");
    const QString productFk = QStringLiteral("constraint feedback.feedback_product_fk");
    EXPECT_EQ(attr(s, productFk, QStringLiteral("columns")), u"product_region, product_sku");
    EXPECT_EQ(attr(s, productFk, QStringLiteral("references")), u"products(region, sku)");
    EXPECT_EQ(attr(s, productFk, QStringLiteral("on delete")), u"restrict");
    EXPECT_EQ(attr(s, productFk, QStringLiteral("on update")), u"cascade");

    // Checks: column and table level, named and unnamed; the comment in the script is no part.
    EXPECT_EQ(attr(s, QStringLiteral("constraint feedback.check(rating BETWEEN 1 AND 5)"), QStringLiteral("expression")),
              u"rating BETWEEN 1 AND 5");
    EXPECT_EQ(attr(s, QStringLiteral("constraint feedback.feedback_status_valid"), QStringLiteral("expression")),
              u"status IN ('open', 'closed', 'spam')");
    EXPECT_EQ(attr(s, QStringLiteral("constraint feedback.check(helpful_votes <= total_votes)"), QStringLiteral("type")), u"check");
    EXPECT_EQ(attr(s, QStringLiteral("constraint feedback.feedback_dates"), QStringLiteral("expression")),
              u"updated_at IS NULL OR updated_at >= created_at");

    // The unique constraint and the index SQLite made for it.
    EXPECT_EQ(attr(s, QStringLiteral("constraint users.uq_users_email"), QStringLiteral("type")), u"unique");
    EXPECT_EQ(attr(s, QStringLiteral("constraint users.uq_users_email"), QStringLiteral("columns")), u"email");
    EXPECT_EQ(attr(s, QStringLiteral("index users.uq_users_email"), QStringLiteral("constraint")), u"yes");
    EXPECT_EQ(attr(s, QStringLiteral("index users.uq_users_email"), QStringLiteral("unique")), u"yes");

    // Indexes.
    EXPECT_EQ(attr(s, QStringLiteral("index feedback.feedback_user_idx"), QStringLiteral("columns")), u"user_id, created_at desc");
    EXPECT_EQ(attr(s, QStringLiteral("index feedback.feedback_user_idx"), QStringLiteral("unique")), u"no");
    EXPECT_EQ(attr(s, QStringLiteral("index feedback.feedback_user_idx"), QStringLiteral("method")), u"btree");
    EXPECT_EQ(attr(s, QStringLiteral("index feedback.feedback_user_idx"), QStringLiteral("predicate")), u"<absent>");
    EXPECT_EQ(attr(s, QStringLiteral("index feedback.feedback_open_idx"), QStringLiteral("predicate")), u"status = 'open'");
    EXPECT_EQ(attr(s, QStringLiteral("index feedback.feedback_open_idx"), QStringLiteral("columns")), u"product_region, product_sku");
    EXPECT_EQ(attr(s, QStringLiteral("index feedback.feedback_title_lower_idx"), QStringLiteral("columns")), u"lower(title)");
    EXPECT_EQ(attr(s, QStringLiteral("index feedback.feedback_user_product_uq"), QStringLiteral("unique")), u"yes");
    EXPECT_EQ(attr(s, QStringLiteral("index feedback.feedback_user_product_uq"), QStringLiteral("constraint")), u"<absent>");

    EXPECT_EQ(attr(s, QStringLiteral("view open_feedback"), QStringLiteral("definition")),
              u"SELECT id, user_id, rating FROM feedback WHERE status = 'open'");

    const QString trigger = QStringLiteral("trigger feedback.feedback_status_audit");
    EXPECT_EQ(attr(s, trigger, QStringLiteral("timing")), u"after");
    EXPECT_EQ(attr(s, trigger, QStringLiteral("events")), u"update of status");
    EXPECT_EQ(attr(s, trigger, QStringLiteral("level")), u"row");
    EXPECT_EQ(attr(s, trigger, QStringLiteral("action")),
              u"when new.status <> old.status: INSERT INTO feedback_audit (feedback_id, action, at) VALUES (new.id, 'status', datetime('now'));");
}

TEST_F(SqliteSchema, QuotedNamesAndUnusualClauses)
{
    auto session = build(QStringLiteral("odd.db"), {
        QStringLiteral("CREATE TABLE \"order items\" (\n"
                       "  \"line id\" INTEGER NOT NULL,\n"
                       "  [order] INTEGER NOT NULL CONSTRAINT \"fk order\" REFERENCES \"Orders\" ON DELETE SET DEFAULT CHECK ([order] > 0),\n"
                       "  qty INTEGER DEFAULT -1 CHECK (qty <> 0),\n"
                       "  note TEXT DEFAULT 'it''s, (fine) -- no comment' COLLATE RTRIM,\n"
                       "  price NUMERIC DEFAULT (1 + 2) NOT NULL,\n"
                       "  CONSTRAINT \"pk order items\" PRIMARY KEY (\"line id\", [order])\n"
                       ")"),
        QStringLiteral("CREATE TABLE Orders (id INTEGER PRIMARY KEY, total NUMERIC)"),
        QStringLiteral("INSERT INTO Orders (id, total) VALUES (1, 10)"),
        QStringLiteral("INSERT INTO \"order items\" (\"line id\", [order], qty) VALUES (1, 1, 2), (2, 1, 3)"),
        QStringLiteral("CREATE TRIGGER orders_cleanup DELETE ON Orders BEGIN DELETE FROM \"order items\" WHERE [order] = old.id; END"),
        QStringLiteral("CREATE VIEW order_totals(order_id, sum_total) AS SELECT id, total FROM Orders"),
    });
    ASSERT_TRUE(session);
    const SchemaSnapshot s = read(*session);

    const QString fk = QStringLiteral("constraint order items.fk order");
    EXPECT_EQ(attr(s, fk, QStringLiteral("columns")), u"order");
    // REFERENCES without columns: the parent's primary key, under the parent's own spelling.
    EXPECT_EQ(attr(s, fk, QStringLiteral("references")), u"Orders(id)");
    EXPECT_EQ(attr(s, fk, QStringLiteral("on delete")), u"set default");
    // SET DEFAULT is no DEFAULT clause: the CHECK after it is still seen.
    EXPECT_EQ(attr(s, QStringLiteral("constraint order items.check([order] > 0)"), QStringLiteral("type")), u"check");
    EXPECT_EQ(attr(s, QStringLiteral("constraint order items.check(qty <> 0)"), QStringLiteral("expression")), u"qty <> 0");
    EXPECT_EQ(s.counts().value(QStringLiteral("check constraints")), 2);
    EXPECT_EQ(attr(s, QStringLiteral("column order items.qty"), QStringLiteral("default")), u"-1");
    EXPECT_EQ(attr(s, QStringLiteral("column order items.note"), QStringLiteral("default")), u"'it''s, (fine) -- no comment'");
    EXPECT_EQ(attr(s, QStringLiteral("column order items.note"), QStringLiteral("collation")), u"rtrim");
    EXPECT_EQ(attr(s, QStringLiteral("column order items.price"), QStringLiteral("nullable")), u"no");
    EXPECT_EQ(attr(s, QStringLiteral("column order items.price"), QStringLiteral("type")), u"numeric");
    EXPECT_EQ(attr(s, QStringLiteral("constraint order items.pk order items"), QStringLiteral("columns")), u"line id, order");
    EXPECT_EQ(attr(s, QStringLiteral("constraint order items.pk order items"), QStringLiteral("type")), u"primary key");
    // The automatic index behind the primary key of a rowid table, under the constraint's name.
    EXPECT_EQ(attr(s, QStringLiteral("index order items.pk order items"), QStringLiteral("columns")), u"line id, order");
    EXPECT_EQ(attr(s, QStringLiteral("index order items.pk order items"), QStringLiteral("constraint")), u"yes");
    EXPECT_EQ(attr(s, QStringLiteral("column order items.line id"), QStringLiteral("nullable")), u"no");

    const QString trigger = QStringLiteral("trigger Orders.orders_cleanup");
    EXPECT_EQ(attr(s, trigger, QStringLiteral("timing")), u"before"); // SQLite's default
    EXPECT_EQ(attr(s, trigger, QStringLiteral("events")), u"delete");
    EXPECT_EQ(attr(s, trigger, QStringLiteral("action")), u"DELETE FROM \"order items\" WHERE [order] = old.id;");
    EXPECT_EQ(attr(s, QStringLiteral("view order_totals"), QStringLiteral("definition")), u"SELECT id, total FROM Orders");

    ASSERT_NE(s.stats({}, QStringLiteral("order items")), nullptr);
    EXPECT_EQ(s.stats({}, QStringLiteral("order items"))->rows, 2);
    EXPECT_EQ(s.stats({}, QStringLiteral("Orders"))->rows, 1);
}

TEST_F(SqliteSchema, CountsAndSummary)
{
    auto session = build(QStringLiteral("feedback.db"), feedbackSchema);
    ASSERT_TRUE(session);
    const SchemaSnapshot s = read(*session);
    const QMap<QString, qint64> c = s.counts();
    EXPECT_EQ(c.value(QStringLiteral("tables")), 4);
    EXPECT_EQ(c.value(QStringLiteral("columns")), 3 + 3 + 13 + 4);
    EXPECT_EQ(c.value(QStringLiteral("primary keys")), 4);
    EXPECT_EQ(c.value(QStringLiteral("unique constraints")), 1);
    EXPECT_EQ(c.value(QStringLiteral("check constraints")), 4);
    EXPECT_EQ(c.value(QStringLiteral("foreign keys")), 2);
    // feedback's four, and the one behind users' UNIQUE; no index for INTEGER PRIMARY KEY
    // (the rowid) nor for a WITHOUT ROWID table's key (the table's own b-tree).
    EXPECT_EQ(c.value(QStringLiteral("indexes")), 5);
    EXPECT_EQ(c.value(QStringLiteral("views")), 1);
    EXPECT_EQ(c.value(QStringLiteral("triggers")), 1);
    for (const char *none : {"schemas", "functions", "procedures", "sequences", "types", "extensions", "policies", "materialized views"})
        EXPECT_EQ(c.value(QLatin1String(none)), 0) << none;
    EXPECT_EQ(s.summary(), u"4 tables, 23 columns, 2 foreign keys, 5 indexes, 1 triggers, 1 views");
}

TEST_F(SqliteSchema, SameSchemaWrittenDifferentlyHasTheSameFingerprint)
{
    auto first = build(QStringLiteral("a.db"), feedbackSchema);
    auto second = build(QStringLiteral("b.db"), feedbackSchemaRewritten);
    ASSERT_TRUE(first && second);
    const SchemaSnapshot a = read(*first), b = read(*second);
    ASSERT_EQ(a.objects.size(), b.objects.size());
    const SchemaDiff diff = SchemaDiff::between(a, b);
    EXPECT_TRUE(diff.isEmpty()) << diff.toText().toStdString();
    EXPECT_EQ(diff.toText(), u"no schema changes\n");
    EXPECT_EQ(a.fingerprint(), b.fingerprint());
    EXPECT_EQ(a.fingerprint().size(), 64);
}

TEST_F(SqliteSchema, ChangesShowInTheDiff)
{
    auto session = build(QStringLiteral("feedback.db"), feedbackSchema);
    ASSERT_TRUE(session);
    const SchemaSnapshot before = read(*session);
    for (const char *sql : {"DROP TABLE feedback_audit",
                            "CREATE TABLE feedback_audit (id INTEGER PRIMARY KEY, feedback_id INTEGER NOT NULL, "
                            "action TEXT NOT NULL, at INTEGER NOT NULL) STRICT",
                            "DROP INDEX feedback_title_lower_idx",
                            "ALTER TABLE feedback ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0"})
        ASSERT_TRUE(session->exec(QString::fromLatin1(sql)).ok()) << sql;
    const SchemaSnapshot after = read(*session);

    EXPECT_NE(before.fingerprint(), after.fingerprint());
    const SchemaDiff diff = SchemaDiff::between(before, after);
    ASSERT_EQ(diff.changes.size(), 3) << diff.toText().toStdString();
    EXPECT_EQ(diff.count(ObjectChange::Kind::Added), 1);
    EXPECT_EQ(diff.count(ObjectChange::Kind::Removed), 1);
    EXPECT_EQ(diff.count(ObjectChange::Kind::Changed), 1);
    EXPECT_EQ(diff.toText(), u"+ column feedback.flagged (default: 0; nullable: no; type: integer)\n"
                             u"~ column feedback_audit.at: type text -> integer\n"
                             u"- index feedback.feedback_title_lower_idx\n");
    QStringList tables = diff.tables();
    tables.sort();
    EXPECT_EQ(tables, (QStringList{QStringLiteral("feedback"), QStringLiteral("feedback_audit")}));
}

TEST_F(SqliteSchema, ExcludedTablesLeaveNoTrace)
{
    QStringList statements = feedbackSchema;
    statements << QStringLiteral("CREATE TABLE migctl_history (version TEXT PRIMARY KEY, user_id INTEGER REFERENCES users(id), "
                                 "applied_at TEXT CHECK (applied_at <> ''), UNIQUE (applied_at))")
               << QStringLiteral("CREATE INDEX migctl_history_applied ON migctl_history (applied_at)")
               << QStringLiteral("CREATE TRIGGER migctl_history_guard BEFORE DELETE ON migctl_history BEGIN SELECT 1; END")
               << QStringLiteral("CREATE TABLE Migctl_History_Lock (id INTEGER PRIMARY KEY, run_id TEXT)")
               << QStringLiteral("INSERT INTO migctl_history (version, applied_at) VALUES ('1', 'now')");
    auto session = build(QStringLiteral("feedback.db"), statements);
    ASSERT_TRUE(session);

    const SchemaSnapshot all = read(*session);
    EXPECT_NE(all.find(QStringLiteral("table migctl_history")), nullptr);
    EXPECT_NE(all.find(QStringLiteral("trigger migctl_history.migctl_history_guard")), nullptr);
    EXPECT_EQ(all.counts().value(QStringLiteral("tables")), 6);

    SnapshotOptions options;
    options.excludeTables = QStringList{QStringLiteral("MIGCTL_HISTORY"), QStringLiteral("migctl_history_lock")};
    const SchemaSnapshot s = read(*session, options);
    for (const SchemaObject &o : s.objects) {
        EXPECT_NE(o.table.toLower(), u"migctl_history") << o.key().toStdString();
        EXPECT_FALSE(o.name.contains(u"migctl_history", Qt::CaseInsensitive)) << o.key().toStdString();
    }
    for (const TableStats &t : s.tables)
        EXPECT_FALSE(t.table.startsWith(u"migctl_history", Qt::CaseInsensitive)) << t.table.toStdString();
    EXPECT_EQ(s.counts().value(QStringLiteral("tables")), 4);
    EXPECT_EQ(s.tables.size(), 4);

    // With the console's tables left out, the schema is the plain feedback schema's.
    auto plain = build(QStringLiteral("plain.db"), feedbackSchema);
    ASSERT_TRUE(plain);
    EXPECT_EQ(s.fingerprint(), read(*plain).fingerprint());
}

TEST_F(SqliteSchema, RowCountsAndSizes)
{
    QStringList statements = feedbackSchema;
    statements << QStringLiteral("INSERT INTO users (email, name) VALUES ('a@x.org', 'A'), ('b@x.org', 'B'), ('c@x.org', NULL)")
               << QStringLiteral("INSERT INTO products VALUES ('sku-1', 'eu', 'One'), ('sku-2', 'eu', 'Two')")
               << QStringLiteral("INSERT INTO feedback (user_id, product_region, product_sku, rating, status) VALUES "
                                 "(1, 'eu', 'sku-1', 5, 'open'), (2, 'eu', 'sku-1', 4, 'closed'), "
                                 "(3, 'eu', 'sku-2', 1, 'spam'), (1, 'eu', 'sku-2', 3, 'open')");
    auto session = build(QStringLiteral("feedback.db"), statements);
    ASSERT_TRUE(session);
    const qint64 pageSize = session->query(QStringLiteral("PRAGMA page_size")).scalar().toLongLong();
    ASSERT_GT(pageSize, 0);

    const SchemaSnapshot s = read(*session);
    ASSERT_EQ(s.tables.size(), 4);
    ASSERT_NE(s.stats({}, QStringLiteral("feedback")), nullptr);
    EXPECT_EQ(s.stats({}, QStringLiteral("users"))->rows, 3);
    EXPECT_EQ(s.stats({}, QStringLiteral("products"))->rows, 2);
    EXPECT_EQ(s.stats({}, QStringLiteral("feedback"))->rows, 4);
    EXPECT_EQ(s.stats({}, QStringLiteral("feedback_audit"))->rows, 0);
    EXPECT_EQ(s.counts().value(QStringLiteral("rows")), 9);
    // dbstat: one page at least for the table and for each of its four indexes.
    EXPECT_GE(s.stats({}, QStringLiteral("feedback"))->bytes, 5 * pageSize);
    EXPECT_GE(s.stats({}, QStringLiteral("users"))->bytes, 2 * pageSize);
    EXPECT_EQ(s.stats({}, QStringLiteral("feedback_audit"))->bytes, pageSize);

    SnapshotOptions noCounts;
    noCounts.rowCounts = false;
    const SchemaSnapshot uncounted = read(*session, noCounts);
    ASSERT_EQ(uncounted.tables.size(), 4);
    for (const TableStats &t : uncounted.tables) {
        EXPECT_EQ(t.rows, -1) << t.table.toStdString();
        EXPECT_GT(t.bytes, 0) << t.table.toStdString();
    }
    EXPECT_EQ(uncounted.counts().value(QStringLiteral("rows")), -1);
    EXPECT_EQ(uncounted.fingerprint(), s.fingerprint());
}

TEST_F(SqliteSchema, MissingOrEmptyDatabaseReadsAsEmpty)
{
    const QString missing = path(QStringLiteral("missing.db"));
    {
        auto session = open(missing, true);
        ASSERT_TRUE(session);
        const SnapshotResult r = takeSnapshot(*session);
        ASSERT_FALSE(r.error) << r.error->toString().toStdString();
        EXPECT_TRUE(r.snapshot.objects.isEmpty());
        EXPECT_TRUE(r.snapshot.tables.isEmpty());
        EXPECT_EQ(r.snapshot.summary(), u"empty schema");
        EXPECT_EQ(r.snapshot.database, missing);
        EXPECT_EQ(r.snapshot.counts().value(QStringLiteral("rows")), -1);
    }
    EXPECT_FALSE(QFileInfo::exists(missing)) << "a read-only snapshot must not create the file";

    // A database file that exists but holds nothing, read-only.
    const QString empty = path(QStringLiteral("empty.db"));
    {
        auto writer = open(empty);
        ASSERT_TRUE(writer);
        ASSERT_TRUE(writer->exec(QStringLiteral("CREATE TABLE t (a INTEGER)")).ok());
        ASSERT_TRUE(writer->exec(QStringLiteral("DROP TABLE t")).ok());
    }
    auto session = open(empty, true);
    ASSERT_TRUE(session);
    const SnapshotResult r = takeSnapshot(*session);
    ASSERT_FALSE(r.error) << r.error->toString().toStdString();
    EXPECT_TRUE(r.snapshot.objects.isEmpty());
    EXPECT_EQ(r.snapshot.database, empty);
}

TEST_F(SqliteSchema, ReadOnlySessionReadsTheSameSchema)
{
    auto writer = build(QStringLiteral("feedback.db"), feedbackSchema);
    ASSERT_TRUE(writer);
    const SchemaSnapshot written = read(*writer);
    auto reader = open(path(QStringLiteral("feedback.db")), true);
    ASSERT_TRUE(reader);
    const SchemaSnapshot s = read(*reader);
    EXPECT_EQ(s.fingerprint(), written.fingerprint());
    EXPECT_EQ(s.tables.size(), 4);
}

TEST_F(SqliteSchema, JsonRoundTrip)
{
    auto session = build(QStringLiteral("feedback.db"), feedbackSchema);
    ASSERT_TRUE(session);
    ASSERT_TRUE(session->exec(QStringLiteral("INSERT INTO users (email) VALUES ('a@x.org')")).ok());
    const SchemaSnapshot s = read(*session);
    const QByteArray bytes = QJsonDocument(s.toJson()).toJson();

    QString error;
    const auto back = SchemaSnapshot::fromJson(QJsonDocument::fromJson(bytes).object(), &error);
    ASSERT_TRUE(back) << error.toStdString();
    EXPECT_EQ(back->fingerprint(), s.fingerprint());
    EXPECT_EQ(back->objects.size(), s.objects.size());
    EXPECT_EQ(back->database, s.database);
    EXPECT_EQ(back->serverVersion, s.serverVersion);
    EXPECT_EQ(back->takenAt, s.takenAt);
    ASSERT_NE(back->stats({}, QStringLiteral("users")), nullptr);
    EXPECT_EQ(back->stats({}, QStringLiteral("users"))->rows, 1);
    EXPECT_EQ(back->stats({}, QStringLiteral("users"))->bytes, s.stats({}, QStringLiteral("users"))->bytes);
    EXPECT_TRUE(SchemaDiff::between(s, *back).isEmpty());
    EXPECT_EQ(back->toJson(), s.toJson());
    EXPECT_EQ(s.toJson().value(u"fingerprint").toString(), QString::fromLatin1(s.fingerprint()));
    EXPECT_EQ(s.toJson().value(u"engine").toString(), u"sqlite");
}

} // namespace
