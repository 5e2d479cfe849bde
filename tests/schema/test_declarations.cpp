// What migration scripts declare, and the check of those declarations against a schema: the
// console's guard against "silent failures" (an IF NOT EXISTS that met another definition).
#include "schema/Declarations.h"
#include "sql/StatementSplitter.h"

#include <gtest/gtest.h>

// Readable strings in failure messages.
QT_BEGIN_NAMESPACE
inline void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}
QT_END_NAMESPACE

using namespace mig;
using K = SchemaObject::Kind;

namespace {

// The script through the dialect's own splitter, line by line as a file would come (the way
// tests/support/SplitHelpers.h does; that header needs the sql folder on the include path).
QList<Declaration> declare(Dialect dialect, const QByteArray &script)
{
    QList<Statement> statements;
    auto splitter = StatementSplitter::create(dialect, [&](Statement &&s) {
        statements << std::move(s);
        return true;
    });
    QList<QByteArray> lines = script.split('\n');
    if (script.endsWith('\n'))
        lines.removeLast();
    int lineNo = 0;
    bool ok = true;
    for (const QByteArray &line : lines)
        if (!(ok = splitter->addLine(line, ++lineNo)))
            break;
    if (ok)
        splitter->finish();
    EXPECT_FALSE(splitter->error()) << splitter->error()->message.toStdString();
    return declaredObjects(dialect, statements);
}

const Declaration *findDeclaration(const QList<Declaration> &list, K kind, const QString &name, const QString &table = {})
{
    for (const Declaration &d : list)
        if (d.expected.kind == kind && d.expected.name == name && (table.isEmpty() || d.expected.table == table))
            return &d;
    return nullptr;
}

QStringList keys(const QList<Declaration> &list)
{
    QStringList out;
    for (const Declaration &d : list)
        out << d.expected.key();
    return out;
}

SchemaObject object(K kind, const QString &schema, const QString &table, const QString &name,
                    const QMap<QString, QString> &attributes = {})
{
    SchemaObject o;
    o.kind = kind;
    o.schema = schema;
    o.table = table;
    o.name = name;
    o.attributes = attributes;
    return o;
}

SchemaSnapshot snapshot(Dialect dialect, const QList<SchemaObject> &objects)
{
    SchemaSnapshot s;
    s.dialect = dialect;
    s.objects = objects;
    s.sort();
    return s;
}

QStringList problems(const QList<DeclarationFinding> &findings)
{
    QStringList out;
    for (const DeclarationFinding &f : findings)
        out << f.problem;
    return out;
}

std::string show(const QStringList &list)
{
    return list.join(QStringLiteral(" | ")).toStdString();
}

// The schema a PostgreSQL reader would give for the users table of the script below.
QList<SchemaObject> postgresUsers()
{
    return {
        object(K::Table, "public", {}, "users"),
        object(K::Column, "public", "users", "id", {{"type", "integer"}, {"nullable", "no"}}),
        object(K::Column, "public", "users", "email", {{"type", "character varying(255)"}, {"nullable", "no"}}),
        object(K::Column, "public", "users", "Display Name", {{"type", "text"}, {"nullable", "yes"}}),
        object(K::Column, "public", "users", "created_at", {{"type", "timestamp with time zone"}, {"nullable", "yes"}}),
        object(K::Column, "public", "users", "deleted_at", {{"type", "timestamp without time zone"}, {"nullable", "yes"}}),
        object(K::Constraint, "public", "users", "users_pkey", {{"type", "primary key"}, {"columns", "id"}}),
        object(K::Index, "public", "users", "users_pkey", {{"columns", "id"}, {"unique", "yes"}, {"constraint", "yes"}}),
        object(K::Index, "public", "users", "idx_users_email_lower",
               {{"columns", "lower((email)::text)"}, {"unique", "yes"}, {"method", "btree"}, {"predicate", "(deleted_at IS NULL)"}}),
    };
}

const QByteArray postgresUsersScript = R"sql(-- users, with the spellings people write
CREATE TABLE IF NOT EXISTS Users (
    id SERIAL PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    "Display Name" TEXT,
    created_at TIMESTAMPTZ DEFAULT now(),
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_users_email_lower ON public.users USING btree (LOWER(email)) WHERE deleted_at IS NULL;
)sql";

} // namespace

// ---- PostgreSQL --------------------------------------------------------------------------

TEST(DeclarationsPostgres, ReadsARealisticMigration)
{
    const QList<Declaration> list = declare(Dialect::Postgres, R"sql(BEGIN;
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE SEQUENCE IF NOT EXISTS invoice_numbers START 1000;
CREATE TABLE public.orders (
    id BIGSERIAL,
    user_id INT NOT NULL,
    total NUMERIC(10, 2) DEFAULT 0,
    tags TEXT[],
    placed_at TIMESTAMP(3) WITH TIME ZONE,
    CONSTRAINT orders_pk PRIMARY KEY (id),
    CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CHECK (total >= 0)
);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user ON orders (user_id, placed_at DESC);
ALTER TABLE orders ADD COLUMN IF NOT EXISTS note varchar NOT NULL DEFAULT '',
                   ADD CONSTRAINT uq_orders_note UNIQUE (note);
CREATE OR REPLACE VIEW recent_orders AS SELECT * FROM orders WHERE placed_at > now() - interval '1 day';
CREATE MATERIALIZED VIEW order_totals AS SELECT user_id, sum(total) FROM orders GROUP BY user_id;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.placed_at := now(); -- CREATE TABLE inside a body declares nothing
  RETURN NEW;
END $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
INSERT INTO orders (user_id) VALUES (1);
COMMIT;
)sql");
    EXPECT_EQ(keys(list), QStringList({"type mood", "sequence invoice_numbers", "table public.orders",
                                        "column public.orders.id", "column public.orders.user_id",
                                        "column public.orders.total", "column public.orders.tags",
                                        "column public.orders.placed_at", "constraint public.orders.orders_pk",
                                        "constraint public.orders.fk_orders_user", "index orders.idx_orders_user",
                                        "column orders.note", "constraint orders.uq_orders_note", "view recent_orders",
                                        "materialized view order_totals", "routine touch", "trigger orders.orders_touch"}))
        << show(keys(list));

    const Declaration *id = findDeclaration(list, K::Column, "id", "orders");
    ASSERT_TRUE(id);
    EXPECT_EQ(id->expected.attributes.value("type"), "bigint");
    EXPECT_EQ(id->expected.attributes.value("nullable"), "no"); // bigserial, and the primary key
    const Declaration *total = findDeclaration(list, K::Column, "total");
    ASSERT_TRUE(total);
    EXPECT_EQ(total->expected.attributes.value("type"), "numeric(10,2)");
    EXPECT_FALSE(total->expected.attributes.contains("nullable")); // not stated: not declared
    EXPECT_EQ(findDeclaration(list, K::Column, "tags")->expected.attributes.value("type"), "text[]");
    EXPECT_EQ(findDeclaration(list, K::Column, "placed_at")->expected.attributes.value("type"), "timestamp(3) with time zone");

    const Declaration *fk = findDeclaration(list, K::Constraint, "fk_orders_user");
    ASSERT_TRUE(fk);
    EXPECT_EQ(fk->expected.attributes.value("type"), "foreign key");
    EXPECT_EQ(fk->expected.attributes.value("columns"), "user_id");
    EXPECT_EQ(fk->expected.attributes.value("references"), "users(id)");
    EXPECT_EQ(fk->line, 4);
    EXPECT_EQ(fk->statement, "CREATE TABLE public.orders (");

    const Declaration *index = findDeclaration(list, K::Index, "idx_orders_user");
    ASSERT_TRUE(index);
    EXPECT_TRUE(index->ifNotExists);
    EXPECT_EQ(index->expected.table, "orders");
    EXPECT_EQ(index->expected.attributes.value("columns"), "user_id, placed_at desc");
    EXPECT_EQ(index->expected.attributes.value("unique"), "no");
    EXPECT_EQ(index->line, 14);

    const Declaration *note = findDeclaration(list, K::Column, "note");
    ASSERT_TRUE(note);
    EXPECT_TRUE(note->ifNotExists);
    EXPECT_EQ(note->expected.attributes.value("type"), "character varying");
    EXPECT_EQ(note->expected.attributes.value("nullable"), "no");
    EXPECT_EQ(findDeclaration(list, K::Trigger, "orders_touch")->expected.table, "orders");
}

TEST(DeclarationsPostgres, ExpressionKeysAndPredicatesComeFromTheText)
{
    const QList<Declaration> list = declare(Dialect::Postgres, postgresUsersScript);
    const Declaration *index = findDeclaration(list, K::Index, "idx_users_email_lower");
    ASSERT_TRUE(index);
    EXPECT_EQ(index->expected.schema, "public");
    EXPECT_EQ(index->expected.attributes.value("columns"), "LOWER(email)");
    EXPECT_EQ(index->expected.attributes.value("unique"), "yes");
    EXPECT_EQ(index->expected.attributes.value("predicate"), "deleted_at IS NULL");
    // Unquoted names fold to lower case, quoted ones keep theirs.
    EXPECT_TRUE(findDeclaration(list, K::Table, "users"));
    EXPECT_TRUE(findDeclaration(list, K::Column, "Display Name", "users"));
}

TEST(DeclarationsPostgres, LaterDropsAndRenamesWithdrawOrFollow)
{
    const QList<Declaration> list = declare(Dialect::Postgres, R"sql(
CREATE TABLE staging (a int, b int, c int);
CREATE INDEX staging_a ON staging (a);
CREATE INDEX staging_b ON staging (b);
ALTER INDEX staging_a RENAME TO staging_first;
ALTER TABLE staging RENAME COLUMN a TO alpha;
ALTER TABLE staging DROP COLUMN b;
ALTER TABLE staging ALTER COLUMN c TYPE bigint, ALTER COLUMN c SET NOT NULL;
ALTER TABLE staging RENAME TO accounts;
CREATE VIEW scratch AS SELECT 1;
CREATE FUNCTION helper(x int) RETURNS int LANGUAGE sql AS 'SELECT x';
DROP VIEW IF EXISTS scratch;
DROP FUNCTION helper(int);
CREATE TABLE temp_copy (x int);
DROP TABLE temp_copy;
)sql");
    EXPECT_EQ(keys(list), QStringList({"table accounts", "column accounts.alpha", "column accounts.c", "index accounts.staging_first"}))
        << show(keys(list));
    EXPECT_EQ(findDeclaration(list, K::Index, "staging_first")->expected.attributes.value("columns"), "alpha");
    const Declaration *c = findDeclaration(list, K::Column, "c");
    EXPECT_EQ(c->expected.attributes.value("type"), "bigint");
    EXPECT_EQ(c->expected.attributes.value("nullable"), "no");
}

TEST(DeclarationsPostgres, TextItCannotReadDeclaresNothing)
{
    EXPECT_TRUE(declare(Dialect::Postgres, "CREATE TABLE broken (id int,;\n").isEmpty());
    EXPECT_TRUE(declare(Dialect::Postgres, "CREATE INDEX ON t (a);\nSELECT 1;\nUPDATE t SET a = 2;\n").isEmpty());
    EXPECT_TRUE(declare(Dialect::Postgres, "CREATE TEMP TABLE scratch (a int);\n").isEmpty());
    QList<Statement> odd{{QString(), {}, 1, 1, {}}, {QStringLiteral("\x01\x02(("), {}, 2, 2, {}},
                         {QStringLiteral("CREATE"), {}, 3, 3, {}}};
    EXPECT_TRUE(declaredObjects(Dialect::Postgres, odd).isEmpty());
}

TEST(DeclarationsPostgres, IfNotExistsThatMetAnotherIndexIsAFinding)
{
    // The seed's silent failure: the migration "succeeded", the index it meant never came to be.
    const QList<Declaration> list = declare(Dialect::Postgres, "CREATE INDEX IF NOT EXISTS idx_users_email ON users (email);\n");
    QList<SchemaObject> objects = postgresUsers();
    objects << object(K::Index, "public", "users", "idx_users_email", {{"columns", "\"Display Name\""}, {"unique", "no"}});
    const QList<DeclarationFinding> findings = checkDeclarations(list, snapshot(Dialect::Postgres, objects), "public");
    ASSERT_EQ(findings.size(), 1);
    EXPECT_EQ(findings[0].problem, "index idx_users_email is on (\"Display Name\"), the script declares (email)");
    EXPECT_TRUE(findings[0].declaration.ifNotExists);
    EXPECT_EQ(findings[0].declaration.line, 1);
}

TEST(DeclarationsPostgres, MissingObjectsAndOtherTypesAreFindings)
{
    const QList<Declaration> list = declare(Dialect::Postgres, R"sql(
CREATE INDEX idx_users_email ON users (email);
ALTER TABLE users ADD COLUMN age integer NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS idx_users_email_lower ON users (upper(email)) WHERE deleted_at IS NOT NULL;
CREATE TRIGGER users_audit AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION audit();
CREATE INDEX IF NOT EXISTS idx_users_created ON users (created_at DESC);
)sql");
    QList<SchemaObject> objects = postgresUsers();
    objects << object(K::Index, "public", "users", "idx_users_created", {{"columns", "created_at"}, {"unique", "no"}});
    objects << object(K::Column, "public", "users", "age", {{"type", "bigint"}, {"nullable", "yes"}});
    const QStringList found = problems(checkDeclarations(list, snapshot(Dialect::Postgres, objects), "public"));
    EXPECT_EQ(found, QStringList({
                         "index public.idx_users_email does not exist",
                         "column users.age allows null, the script declares NOT NULL; "
                         "column users.age has type bigint, the script declares integer",
                         "index idx_users_email_lower is on (lower((email)::text)), the script declares (upper(email)); "
                         "index idx_users_email_lower has predicate (deleted_at IS NULL), the script declares "
                         "deleted_at IS NOT NULL",
                         "trigger public.users_audit does not exist",
                         "index idx_users_created is on (created_at), the script declares (created_at desc)",
                     }))
        << show(found);
}

TEST(DeclarationsPostgres, EquivalentSpellingsAreNotFindings)
{
    const QList<Declaration> list = declare(Dialect::Postgres, postgresUsersScript + R"sql(
CREATE TABLE public.sessions (
    token CHARACTER VARYING(64) PRIMARY KEY,
    user_id INT4 REFERENCES users,
    CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES public.users (id)
);
)sql");
    QList<SchemaObject> objects = postgresUsers();
    objects << object(K::Table, "public", {}, "sessions")
            << object(K::Column, "public", "sessions", "token", {{"type", "character varying(64)"}, {"nullable", "no"}})
            << object(K::Column, "public", "sessions", "user_id", {{"type", "integer"}, {"nullable", "yes"}})
            << object(K::Constraint, "public", "sessions", "sessions_pkey", {{"type", "primary key"}, {"columns", "token"}})
            << object(K::Constraint, "public", "sessions", "sessions_user_fk",
                      {{"type", "foreign key"}, {"columns", "user_id"}, {"references", "public.users(id)"}, {"on delete", "no action"}});
    const QList<DeclarationFinding> findings = checkDeclarations(list, snapshot(Dialect::Postgres, objects), "public");
    EXPECT_TRUE(findings.isEmpty()) << show(problems(findings));
    EXPECT_GE(list.size(), 12);
}

// ---- MySQL / MariaDB ---------------------------------------------------------------------

TEST(DeclarationsMysql, ReadsARealisticMigration)
{
    const QList<Declaration> list = declare(Dialect::Mysql, R"sql(
CREATE TABLE IF NOT EXISTS `Customers` (
  `id` INT(11) UNSIGNED NOT NULL AUTO_INCREMENT,
  `email` VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  `active` BOOLEAN DEFAULT TRUE,
  `code` BINARY(16),
  `notes` TEXT COMMENT 'free text, (not parsed)',
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_customers_email` (`email`),
  KEY `idx_customers_code` (`code`(8), `active` DESC),
  CONSTRAINT `fk_customers_parent` FOREIGN KEY (`id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
ALTER TABLE Customers ADD COLUMN IF NOT EXISTS `score` DECIMAL(8) NOT NULL DEFAULT 0 AFTER `email`,
  ADD INDEX `idx_customers_score` (`score`), ADD UNIQUE KEY uq_customers_code (code);
CREATE INDEX idx_customers_notes ON Customers ((left(notes, 10)));
CREATE DEFINER=`root`@`localhost` TRIGGER customers_bi BEFORE INSERT ON `Customers` FOR EACH ROW
BEGIN
  SET NEW.email = LOWER(NEW.email);
END;
CREATE OR REPLACE ALGORITHM=MERGE VIEW active_customers AS SELECT * FROM Customers WHERE active;
CREATE PROCEDURE purge_customers(IN days INT)
BEGIN
  DELETE FROM Customers WHERE active = 0;
END;
)sql");
    EXPECT_EQ(keys(list), QStringList({"table Customers", "column Customers.id", "column Customers.email",
                                        "column Customers.active", "column Customers.code", "column Customers.notes",
                                        "constraint Customers.PRIMARY", "index Customers.uq_customers_email",
                                        "index Customers.idx_customers_code", "constraint Customers.fk_customers_parent",
                                        "column Customers.score", "index Customers.idx_customers_score",
                                        "index Customers.uq_customers_code", "index Customers.idx_customers_notes",
                                        "trigger Customers.customers_bi", "view active_customers", "routine purge_customers"}))
        << show(keys(list));
    const auto attribute = [&](K kind, const char *name, const char *attribute) {
        const Declaration *d = findDeclaration(list, kind, QString::fromLatin1(name));
        return d ? d->expected.attributes.value(QString::fromLatin1(attribute)) : QStringLiteral("<no declaration>");
    };
    EXPECT_EQ(attribute(K::Column, "id", "type"), "int unsigned");
    EXPECT_EQ(attribute(K::Column, "id", "nullable"), "no");
    EXPECT_EQ(attribute(K::Column, "email", "type"), "varchar(191)");
    EXPECT_EQ(attribute(K::Column, "active", "type"), "tinyint(1)");
    EXPECT_EQ(attribute(K::Column, "code", "type"), "binary(16)");
    EXPECT_EQ(attribute(K::Column, "score", "type"), "decimal(8,0)");
    EXPECT_EQ(attribute(K::Column, "score", "nullable"), "no");
    EXPECT_EQ(attribute(K::Index, "uq_customers_email", "unique"), "yes");
    EXPECT_EQ(attribute(K::Index, "idx_customers_code", "columns"), "code(8), active desc");
    EXPECT_EQ(attribute(K::Index, "idx_customers_notes", "columns"), "(left(notes, 10))");
    EXPECT_EQ(attribute(K::Constraint, "fk_customers_parent", "references"), "accounts(id)");
    EXPECT_EQ(attribute(K::Constraint, "PRIMARY", "columns"), "id");
    EXPECT_TRUE(findDeclaration(list, K::Column, "score")->ifNotExists);
}

TEST(DeclarationsMysql, LaterDropsAndRenamesWithdrawOrFollow)
{
    const QList<Declaration> list = declare(Dialect::Mysql, R"sql(
CREATE TABLE t1 (a INT, b INT, c INT, KEY idx_b (b), KEY idx_c (c));
ALTER TABLE t1 CHANGE COLUMN a alpha BIGINT NOT NULL, DROP INDEX idx_c, RENAME INDEX idx_b TO idx_beta;
ALTER TABLE t1 MODIFY b VARCHAR(10);
ALTER TABLE T1 DROP COLUMN c;
RENAME TABLE t1 TO items, scratch TO scratch2;
CREATE VIEW scratch_view AS SELECT 1;
DROP VIEW IF EXISTS scratch_view;
CREATE TABLE gone (x INT);
DROP TABLE IF EXISTS `gone`;
)sql");
    EXPECT_EQ(keys(list), QStringList({"table items", "column items.alpha", "column items.b", "index items.idx_beta"}))
        << show(keys(list));
    EXPECT_EQ(findDeclaration(list, K::Column, "alpha")->expected.attributes.value("type"), "bigint");
    EXPECT_EQ(findDeclaration(list, K::Column, "alpha")->expected.attributes.value("nullable"), "no");
    EXPECT_EQ(findDeclaration(list, K::Column, "b")->expected.attributes.value("type"), "varchar(10)");
}

TEST(DeclarationsMysql, ChecksWithoutRegardToCase)
{
    const QList<Declaration> list = declare(Dialect::Mysql, R"sql(
CREATE TABLE IF NOT EXISTS `Orders` (`ID` INT NOT NULL, `Total` NUMERIC(10,2), `Data` JSON, PRIMARY KEY (`ID`));
CREATE INDEX IF NOT EXISTS idx_orders_total ON Orders (Total);
CREATE INDEX idx_orders_data ON `ORDERS` (`Data`(20) DESC, id ASC);
ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (id) REFERENCES customers (id);
)sql");
    // As takeSnapshot gives a MySQL schema: its own database's name left out of the objects.
    const SchemaSnapshot live = snapshot(Dialect::Mysql, {
        object(K::Table, "", {}, "orders"),
        object(K::Column, "", "orders", "id", {{"type", "int(11)"}, {"nullable", "no"}}),
        object(K::Column, "", "orders", "total", {{"type", "decimal(10,2)"}, {"nullable", "yes"}}),
        object(K::Column, "", "orders", "data", {{"type", "longtext"}, {"nullable", "yes"}}),
        object(K::Constraint, "", "orders", "PRIMARY", {{"type", "primary key"}, {"columns", "id"}}),
        object(K::Index, "", "orders", "IDX_ORDERS_TOTAL", {{"columns", "total"}, {"unique", "no"}}),
        object(K::Index, "", "orders", "idx_orders_data", {{"columns", "data(20) desc, id"}, {"unique", "no"}}),
        object(K::Constraint, "", "orders", "fk_orders_customer",
               {{"type", "foreign key"}, {"columns", "id"}, {"references", "shop.Customers(ID)"}}),
    });
    const QList<DeclarationFinding> findings = checkDeclarations(list, live, "");
    EXPECT_TRUE(findings.isEmpty()) << show(problems(findings));
}

TEST(DeclarationsMysql, SilentFailureAndMissingObjectsAreFindings)
{
    const QList<Declaration> list = declare(Dialect::Mysql, R"sql(
CREATE INDEX IF NOT EXISTS idx_orders_total ON orders (total, placed_at);
ALTER TABLE orders ADD COLUMN IF NOT EXISTS note VARCHAR(200) NOT NULL;
CREATE UNIQUE INDEX idx_orders_ref ON other_table (ref);
ALTER TABLE orders ADD UNIQUE KEY uq_orders_ref (ref);
)sql");
    // As takeSnapshot gives a MySQL schema: its own database's name left out of the objects.
    const SchemaSnapshot live = snapshot(Dialect::Mysql, {
        object(K::Table, "", {}, "orders"),
        object(K::Column, "", "orders", "note", {{"type", "text"}, {"nullable", "no"}}),
        object(K::Index, "", "orders", "idx_orders_total", {{"columns", "total"}, {"unique", "no"}}),
        object(K::Index, "", "orders", "idx_orders_ref", {{"columns", "ref"}, {"unique", "yes"}}),
        object(K::Index, "", "orders", "uq_orders_ref", {{"columns", "ref"}, {"unique", "no"}}),
    });
    const QStringList found = problems(checkDeclarations(list, live, ""));
    EXPECT_EQ(found, QStringList({
                         "index idx_orders_total is on (total), the script declares (total, placed_at)",
                         "column orders.note has type text, the script declares varchar(200)",
                         // MySQL index names belong to their table: the one on orders is another index.
                         "index idx_orders_ref does not exist",
                         "index uq_orders_ref is not unique, the script declares it unique",
                     }))
        << show(found);
}

// ---- SQLite ------------------------------------------------------------------------------

TEST(DeclarationsSqlite, ReadsARealisticMigration)
{
    const QList<Declaration> list = declare(Dialect::Sqlite, R"sql(
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS "notes" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    [title] VARCHAR(200) NOT NULL DEFAULT 'untitled, for now',
    body,
    key TEXT,
    author_id INT CONSTRAINT fk_notes_author REFERENCES authors(id) ON DELETE SET NULL,
    CONSTRAINT uq_notes_title UNIQUE (title, author_id)
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS main.idx_notes_title ON notes (title COLLATE NOCASE, author_id DESC) WHERE body IS NOT NULL;
CREATE INDEX idx_notes_lower ON notes (lower(title));
CREATE TEMP TABLE scratch (x);
CREATE TRIGGER IF NOT EXISTS notes_touch AFTER UPDATE OF title ON notes BEGIN
  UPDATE notes SET body = body WHERE id = NEW.id;
END;
CREATE VIEW IF NOT EXISTS titled AS SELECT id, title FROM notes;
ALTER TABLE notes ADD COLUMN archived BOOLEAN NOT NULL DEFAULT 0;
)sql");
    EXPECT_EQ(keys(list), QStringList({"table notes", "column notes.id", "constraint notes", "column notes.title",
                                        "column notes.body", "column notes.key", "column notes.author_id",
                                        "constraint notes.fk_notes_author", "constraint notes.uq_notes_title",
                                        "index notes.idx_notes_title", "index notes.idx_notes_lower",
                                        "trigger notes.notes_touch", "view titled", "column notes.archived"}))
        << show(keys(list));
    const Declaration *id = findDeclaration(list, K::Column, "id");
    EXPECT_EQ(id->expected.attributes.value("type"), "integer");
    EXPECT_FALSE(id->expected.attributes.contains("nullable")); // SQLite's primary keys admit NULL
    EXPECT_EQ(findDeclaration(list, K::Column, "title")->expected.attributes.value("type"), "varchar(200)");
    EXPECT_EQ(findDeclaration(list, K::Column, "title")->expected.attributes.value("nullable"), "no");
    EXPECT_FALSE(findDeclaration(list, K::Column, "body")->expected.attributes.contains("type"));
    EXPECT_EQ(findDeclaration(list, K::Constraint, "fk_notes_author")->expected.attributes.value("references"), "authors(id)");
    EXPECT_EQ(findDeclaration(list, K::Constraint, "uq_notes_title")->expected.attributes.value("columns"), "title, author_id");
    const Declaration *index = findDeclaration(list, K::Index, "idx_notes_title");
    EXPECT_EQ(index->expected.schema, "");
    EXPECT_EQ(index->expected.attributes.value("columns"), "title, author_id desc");
    EXPECT_EQ(index->expected.attributes.value("predicate"), "body IS NOT NULL");
    EXPECT_EQ(findDeclaration(list, K::Index, "idx_notes_lower")->expected.attributes.value("columns"), "lower(title)");
    EXPECT_EQ(findDeclaration(list, K::Column, "archived")->expected.attributes.value("type"), "boolean");
}

TEST(DeclarationsSqlite, LaterDropsAndRenamesWithdrawOrFollow)
{
    const QList<Declaration> list = declare(Dialect::Sqlite, R"sql(
CREATE TABLE draft (a TEXT, b TEXT);
CREATE INDEX draft_a ON draft (a);
CREATE INDEX draft_b ON draft (b);
ALTER TABLE draft RENAME a TO alpha;
ALTER TABLE draft DROP COLUMN b;
ALTER TABLE draft RENAME TO final;
CREATE TRIGGER t_gone AFTER INSERT ON final BEGIN SELECT 1; END;
DROP TRIGGER IF EXISTS t_gone;
DROP INDEX IF EXISTS main.draft_a;
CREATE INDEX draft_a ON final (alpha);
)sql");
    EXPECT_EQ(keys(list), QStringList({"table final", "column final.alpha", "index final.draft_a"})) << show(keys(list));
}

TEST(DeclarationsSqlite, ChecksAgainstTheSchema)
{
    const QList<Declaration> list = declare(Dialect::Sqlite, R"sql(
CREATE TABLE IF NOT EXISTS "Notes" (id INTEGER PRIMARY KEY, title VARCHAR(200) NOT NULL, score INT,
    CONSTRAINT uq_title UNIQUE (title));
CREATE INDEX IF NOT EXISTS idx_notes_title ON notes (title);
CREATE INDEX IF NOT EXISTS idx_notes_lower ON notes (LOWER( title ));
CREATE INDEX IF NOT EXISTS idx_notes_score ON notes (score) WHERE score > 0;
CREATE VIEW IF NOT EXISTS best AS SELECT * FROM notes;
)sql");
    QList<SchemaObject> objects{
        object(K::Table, {}, {}, "notes"),
        object(K::Column, {}, "notes", "id", {{"type", "integer"}, {"nullable", "yes"}}),
        object(K::Column, {}, "notes", "title", {{"type", "varchar(200)"}, {"nullable", "no"}}),
        object(K::Column, {}, "notes", "score", {{"type", "integer"}, {"nullable", "yes"}}),
        // SQLite forgets constraint names; the reader names them by their definition.
        object(K::Constraint, {}, "notes", "primary key (id)", {{"type", "primary key"}, {"columns", "id"}}),
        object(K::Constraint, {}, "notes", "unique (title)", {{"type", "unique"}, {"columns", "title"}}),
        object(K::Index, {}, "notes", "idx_notes_lower", {{"columns", "lower(title)"}, {"unique", "no"}}),
        object(K::Index, {}, "notes", "idx_notes_score", {{"columns", "score"}, {"unique", "no"}, {"predicate", "score > 0"}}),
        object(K::View, {}, {}, "best"),
    };
    QList<DeclarationFinding> findings = checkDeclarations(list, snapshot(Dialect::Sqlite, objects), {});
    EXPECT_EQ(problems(findings), QStringList({"index idx_notes_title does not exist"})) << show(problems(findings));

    // The index existed before, on another column: IF NOT EXISTS kept it, and the check says so.
    objects << object(K::Index, {}, "notes", "idx_notes_title", {{"columns", "score"}, {"unique", "no"}});
    objects[3].attributes["type"] = "text";
    findings = checkDeclarations(list, snapshot(Dialect::Sqlite, objects), {});
    // Messages name objects as the script spelled them.
    EXPECT_EQ(problems(findings), QStringList({"column Notes.score has type text, the script declares integer",
                                               "index idx_notes_title is on (score), the script declares (title)"}))
        << show(problems(findings));
}

// ---- odd input ---------------------------------------------------------------------------

TEST(DeclarationsAnyDialect, CutOffStatementsNeverDeclareNamelessObjects)
{
    // Every prefix of statements with quotes, comments and nested parentheses: a statement cut
    // anywhere may declare less, but never an object without a name, and never crashes.
    const QString statements[] = {
        QStringLiteral("CREATE TABLE IF NOT EXISTS `a b` (`x``y` INT(11) NOT NULL, s VARCHAR(5) DEFAULT ')', "
                       "CONSTRAINT c1 FOREIGN KEY (x) REFERENCES t(`id`), KEY k ((lower(s))), PRIMARY KEY (x)) -- tail"),
        QStringLiteral("ALTER TABLE [t] ADD COLUMN \"q\"\"r\" NUMERIC(1, 2) /* ( */ NOT NULL, DROP INDEX i, RENAME COLUMN a TO b"),
        QStringLiteral("CREATE UNIQUE INDEX IF NOT EXISTS \"I\" ON s.t USING gin ((a->>'k'), lower(\"B\") DESC NULLS LAST) "
                       "INCLUDE (c) WHERE (d = 'where (') AND e"),
    };
    int declared = 0;
    for (const Dialect dialect : {Dialect::Sqlite, Dialect::Mysql, Dialect::Postgres}) {
        for (const QString &sql : statements) {
            for (qsizetype n = 0; n <= sql.size(); ++n) {
                const QList<Declaration> list = declaredObjects(dialect, {Statement{sql.left(n), {}, 1, 1, {}}});
                declared += int(list.size());
                for (const Declaration &d : list)
                    EXPECT_FALSE(d.expected.kind != K::Constraint && d.expected.name.isEmpty())
                        << dialectName(dialect).toStdString() << ": " << sql.left(n).toStdString();
            }
        }
    }
    EXPECT_GT(declared, 0);
}
