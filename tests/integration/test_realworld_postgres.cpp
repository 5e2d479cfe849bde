// Real-world PostgreSQL folders (golang-migrate, goose, dbmate; tests/data/realworld/) through
// the real migctl: they apply completely, with their own $$ functions, CONCURRENTLY indexes,
// transaction blocks and non-transactional migrations; their down scripts run in reverse and
// leave only the history tables; a project's broken down script stops the rollback with its
// file, line, statement and PostgreSQL's error, and the status says what is left.
#include "RealWorldSupport.h"

using namespace realworld;

namespace {

class PostgresRealWorld : public ScratchDatabaseTest
{
protected:
    ScratchServer server() const override
    {
        return {QStringLiteral("QPSQL"), "MIG_TEST_PG_PORT", QStringLiteral("postgres"), QStringLiteral("postgres"), QString(),
                QStringLiteral("postgres"), QStringLiteral(" WITH (FORCE)"), QString(),
                QStringLiteral("SET client_min_messages = warning")}; // no "does not exist, skipping"
    }

    // Everything in the database besides migctl's history and lock tables: relations, schemas,
    // types, routines, triggers, policies and extensions. Empty after a complete rollback.
    QStringList leftovers()
    {
        const QString user = QStringLiteral("n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'");
        QStringList out;
        out << column(QStringLiteral("SELECT 'relation ' || n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                     "WHERE %1 AND c.relname NOT IN ('migctl_history', 'migctl_history_id_seq', 'migctl_history_pkey', "
                                     "'migctl_history_version_idx', 'migctl_history_lock', 'migctl_history_lock_pkey') ORDER BY 1").arg(user));
        out << column(QStringLiteral("SELECT 'schema ' || nspname FROM pg_namespace n WHERE %1 AND nspname <> 'public' ORDER BY 1").arg(user));
        out << column(QStringLiteral("SELECT 'type ' || n.nspname || '.' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                                     "WHERE %1 AND t.typtype IN ('e', 'd', 'r', 'm') ORDER BY 1").arg(user));
        out << column(QStringLiteral("SELECT 'routine ' || n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                                     "WHERE %1 ORDER BY 1").arg(user));
        out << column(QStringLiteral("SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"));
        out << column(QStringLiteral("SELECT 'policy ' || polname FROM pg_policy ORDER BY 1"));
        out << column(QStringLiteral("SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1"));
        return out;
    }
};

QStringList versions(int from, int to, int width)
{
    QStringList out;
    for (int v = from; v <= to; ++v)
        out << QString::number(v).rightJustified(width, u'0');
    return out;
}

const QString Taskboard = QStringLiteral("postgres-golang-migrate-taskboard");
const QString Billing = QStringLiteral("postgres-goose-billing");
const QString Blog = QStringLiteral("postgres-dbmate-blog");

} // namespace

// golang-migrate, 10 migrations: extensions, a pg_dump schema inside the file's own BEGIN/COMMIT
// (its header empties search_path), $$ / $body$ / $fn$ functions, triggers, CONCURRENTLY,
// a materialized view, RLS, an enum rebuild, backfills, a DO block that COMMITs. Its 000004
// down script is broken (README.md): the rollback stops there and keeps 000004 whole.
TEST_F(PostgresRealWorld, TaskboardGolangMigrateAppliesAndItsBrokenDownScriptStopsTheRollbackCleanly)
{
    const QString dir = project(Taskboard);
    const QStringList all = versions(1, 10, 6);

    // Up to 000004 first: the tables get data before the backfills and the materialized view.
    const Migctl first = migctl(QStringLiteral("apply"), dir, {QStringLiteral("--to"), QStringLiteral("000004")});
    ASSERT_EQ(first.exitCode, 0) << first.text();
    EXPECT_EQ(finished(first, QStringLiteral("applied")), versions(1, 4, 6)) << first.text();
    // pg_dump's header (search_path emptied) runs with a history write after each statement.
    EXPECT_TRUE(startLine(first, QStringLiteral("000002")).contains(u"tracked statement by statement (line 4: the script manages its own transactions (BEGIN))"))
        << first.text();
    EXPECT_TRUE(startLine(first, QStringLiteral("000004")).endsWith(u"one transaction")) << first.text();
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO accounts (id, slug, name) VALUES ('11111111-1111-1111-1111-111111111111', 'acme', 'Acme')")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO users (id, email) VALUES ('22222222-2222-2222-2222-222222222222', 'Ann@Example.com')")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO projects (id, account_id, key, name) VALUES ('33333333-3333-3333-3333-333333333333', "
                                  "'11111111-1111-1111-1111-111111111111', 'WEB', 'Website')")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO tasks (account_id, project_id, title, status) SELECT '11111111-1111-1111-1111-111111111111', "
                                  "'33333333-3333-3333-3333-333333333333', 'task ' || g, "
                                  "(ARRAY['todo', 'in_progress', 'blocked', 'done'])[1 + g % 4]::task_status FROM generate_series(1, 7) g")), QString());

    const Migctl rest = migctl(QStringLiteral("apply"), dir);
    ASSERT_EQ(rest.exitCode, 0) << rest.text();
    EXPECT_EQ(finished(rest, QStringLiteral("applied")), versions(5, 10, 6)) << rest.text();
    EXPECT_TRUE(startLine(rest, QStringLiteral("000005")).contains(u"tracked statement by statement (line 3: CREATE INDEX CONCURRENTLY cannot run inside a transaction)"))
        << rest.text();
    EXPECT_TRUE(startLine(rest, QStringLiteral("000010")).contains(u"tracked statement by statement (line 5: a DO block with COMMIT or ROLLBACK cannot run inside a transaction)"))
        << rest.text();
    for (const QString &v : {QStringLiteral("000006"), QStringLiteral("000007"), QStringLiteral("000008"), QStringLiteral("000009")})
        EXPECT_TRUE(startLine(rest, v).endsWith(u"one transaction")) << s(v) << "\n" << rest.text();

    Status st = status(dir);
    EXPECT_EQ(st.exitCode, 0) << s(st.raw);
    EXPECT_EQ(st.count(QStringLiteral("applied")), 10) << s(st.raw);
    EXPECT_EQ(st.json.value(u"currentVersion").toString(), QStringLiteral("000010"));

    // What the migrations built, as the catalogs tell it.
    EXPECT_EQ(column(QStringLiteral("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1")),
              (QStringList{"citext", "pgcrypto"}));
    EXPECT_EQ(column(QStringLiteral("SELECT enumlabel FROM pg_enum WHERE enumtypid = 'plan_tier'::regtype ORDER BY enumsortorder")),
              (QStringList{"free", "pro", "business", "enterprise"}));
    EXPECT_EQ(column(QStringLiteral("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'm') "
                                    "AND relname NOT LIKE 'migctl%' ORDER BY 1")),
              (QStringList{"account_task_stats", "accounts", "memberships", "projects", "tasks", "users"}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")), QStringLiteral("6"));
    EXPECT_EQ(column(QStringLiteral("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                    "WHERE c.relname IN ('tasks_account_status_idx', 'tasks_assignee_due_idx') AND i.indisvalid AND i.indisready ORDER BY 1")),
              (QStringList{"tasks_account_status_idx", "tasks_assignee_due_idx"}));
    EXPECT_EQ(column(QStringLiteral("SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace "
                                    "AND proname IN ('set_updated_at', 'assign_task_number', 'refresh_account_task_stats', "
                                    "'current_account_id', 'maintain_open_task_count') ORDER BY 1")),
              (QStringList{"assign_task_number", "current_account_id", "maintain_open_task_count", "refresh_account_task_stats", "set_updated_at"}));
    EXPECT_EQ(column(QStringLiteral("SELECT relname FROM pg_class WHERE relrowsecurity ORDER BY 1")), (QStringList{"projects", "tasks"}));
    EXPECT_EQ(column(QStringLiteral("SELECT polname FROM pg_policy ORDER BY 1")), (QStringList{"projects_tenant_isolation", "tasks_tenant_isolation"}));
    // The materialized view was filled, the backfills ran over the existing rows, the batched
    // DO block committed every batch and the column is NOT NULL after it.
    EXPECT_EQ(rows(QStringLiteral("SELECT total_tasks, done_tasks FROM account_task_stats")), (QStringList{"7|2"}));
    EXPECT_EQ(rows(QStringLiteral("SELECT next_number, open_task_count FROM projects")), (QStringList{"8|5"}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT string_agg(number || ':' || priority, ',' ORDER BY number) FROM tasks")),
              QStringLiteral("1:2,2:1,3:3,4:3,5:2,6:1,7:3"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'tasks'::regclass AND attname = 'priority'")), QStringLiteral("true"));
    // The triggers work: numbering, and the open-task counter.
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO tasks (account_id, project_id, title) VALUES ('11111111-1111-1111-1111-111111111111', "
                                  "'33333333-3333-3333-3333-333333333333', 'one more')")), QString());
    EXPECT_EQ(rows(QStringLiteral("SELECT max(t.number), max(p.open_task_count) FROM tasks t JOIN projects p ON p.id = t.project_id")), (QStringList{"8|6"}));
    // The history stayed where it was, although 000002 emptied search_path half-way.
    EXPECT_EQ(column(QStringLiteral("SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'migctl_history'")),
              (QStringList{"public"}));

    // Roll everything back: 000010 down to 000005 go, then 000004's down script fails on its
    // statement 5 (line 5) and is rolled back whole.
    const Migctl down = migctl(QStringLiteral("rollback"), dir, {QStringLiteral("--to"), QStringLiteral("0")});
    EXPECT_EQ(down.exitCode, 1) << down.text();
    EXPECT_EQ(finished(down, QStringLiteral("rolled back")), (QStringList{"000010", "000009", "000008", "000007", "000006", "000005"})) << down.text();
    EXPECT_TRUE(startLine(down, QStringLiteral("000005")).contains(u"DROP INDEX CONCURRENTLY cannot run inside a transaction")) << down.text();
    EXPECT_TRUE(down.all().contains(u"000004 create_projects_tasks failed: statement 5 of 7 (000004_create_projects_tasks.down.sql:5) failed: "
                                    "cannot drop table projects because other objects depend on it"))
        << down.text();
    EXPECT_TRUE(down.all().contains(u"constraint tasks_project_id_fkey on table tasks depends on table projects")) << down.text();
    EXPECT_TRUE(down.all().contains(u"[2BP01]")) << down.text();
    EXPECT_FALSE(down.all().contains(u"ERROR:  ")) << down.text(); // the engine's words, without libpq's framing
    EXPECT_TRUE(down.out.contains(u"  statement 5/7 (000004_create_projects_tasks.down.sql:5) failed: cannot drop table projects")) << down.text();
    EXPECT_TRUE(down.out.contains(u"\n    statement: DROP TABLE projects\n")) << down.text();
    EXPECT_TRUE(down.all().contains(u"nothing of 000004 create_projects_tasks was kept")) << down.text();
    EXPECT_FALSE(down.all().contains(u"000003")) << down.text(); // the run stopped at 000004

    st = status(dir);
    EXPECT_EQ(st.exitCode, 0) << s(st.raw); // a failed rollback leaves nothing dirty: no blocker
    for (const QString &v : all)
        EXPECT_EQ(st.states.value(v), v <= u"000004" ? QStringLiteral("applied") : QStringLiteral("pending")) << s(v) << "\n" << s(st.raw);
    EXPECT_EQ(st.json.value(u"currentVersion").toString(), QStringLiteral("000004"));
    const QString detail = st.detail(QStringLiteral("000004"));
    EXPECT_TRUE(detail.contains(u"rollback stopped at statement 5 of 7 (000004_create_projects_tasks.down.sql:5): cannot drop table projects"))
        << s(detail);
    EXPECT_TRUE(detail.contains(u"[2BP01]")) << s(detail);
    EXPECT_FALSE(detail.contains(u"committed")) << s(detail);
    EXPECT_TRUE(detail.endsWith(u"-- statement: DROP TABLE projects")) << s(detail);
    // The history's own rows: every rollback, and the failed one with file, line, statement, error.
    EXPECT_EQ(column(QStringLiteral("SELECT version || ' ' || direction || ' ' || status FROM migctl_history WHERE run_id = "
                                    "(SELECT run_id FROM migctl_history ORDER BY id DESC LIMIT 1) ORDER BY id")),
              (QStringList{"000010 down rolled_back", "000009 down rolled_back", "000008 down rolled_back", "000007 down rolled_back",
                           "000006 down rolled_back", "000005 down rolled_back", "000004 down failed"}));
    EXPECT_EQ(rows(QStringLiteral("SELECT error_file, error_line, error_code, error_statement FROM migctl_history ORDER BY id DESC LIMIT 1")),
              (QStringList{"000004_create_projects_tasks.down.sql|5|2BP01|DROP TABLE projects"}));
    for (const QString &v : versions(5, 10, 6))
        EXPECT_TRUE(st.detail(v).startsWith(u"rolled back ")) << s(v) << ": " << s(st.detail(v));

    // 000004 is whole: the triggers and the function its down script dropped first are back;
    // what 000005..000010 made is gone.
    EXPECT_EQ(column(QStringLiteral("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN ('tasks'::regclass, 'projects'::regclass) ORDER BY 1")),
              (QStringList{"projects_set_updated_at", "tasks_assign_number", "tasks_set_updated_at"}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM pg_proc WHERE proname = 'assign_task_number'")), QStringLiteral("1"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM tasks")), QStringLiteral("8"));
    EXPECT_EQ(column(QStringLiteral("SELECT enumlabel FROM pg_enum WHERE enumtypid = 'plan_tier'::regtype ORDER BY enumsortorder")),
              (QStringList{"free", "pro", "business"}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname IN ('account_task_stats', 'tasks_account_status_idx', "
                                    "'tasks_assignee_due_idx') OR relrowsecurity")), QStringLiteral("0"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM pg_attribute WHERE attrelid IN ('tasks'::regclass, 'projects'::regclass) "
                                    "AND attname IN ('priority', 'open_task_count') AND NOT attisdropped")), QStringLiteral("0"));

    // The project fixes its down script (tasks before projects) and rolls back again.
    QTemporaryDir fixedDir;
    ASSERT_TRUE(fixedDir.isValid());
    const QString fixed = copyProject(Taskboard, fixedDir);
    ASSERT_TRUE(editFile(fixed + QStringLiteral("/000004_create_projects_tasks.down.sql"), QStringLiteral("DROP TABLE projects;\nDROP TABLE tasks;"),
                         QStringLiteral("DROP TABLE tasks;\nDROP TABLE projects;")));
    const Migctl again = migctl(QStringLiteral("rollback"), fixed, {QStringLiteral("--to"), QStringLiteral("0")});
    ASSERT_EQ(again.exitCode, 0) << again.text();
    EXPECT_EQ(finished(again, QStringLiteral("rolled back")), (QStringList{"000004", "000003", "000002", "000001"})) << again.text();
    EXPECT_TRUE(startLine(again, QStringLiteral("000002")).contains(u"the script manages its own transactions (BEGIN)")) << again.text();
    st = status(fixed);
    EXPECT_EQ(st.exitCode, 0) << s(st.raw);
    EXPECT_EQ(st.count(QStringLiteral("pending")), 10) << s(st.raw);
    EXPECT_EQ(leftovers(), QStringList());

    // And everything applies again on the emptied database.
    const Migctl reapply = migctl(QStringLiteral("apply"), fixed);
    ASSERT_EQ(reapply.exitCode, 0) << reapply.text();
    EXPECT_EQ(finished(reapply, QStringLiteral("applied")), all) << reapply.text();
    EXPECT_EQ(status(fixed).count(QStringLiteral("applied")), 10);
}

// goose, 8 migrations in a schema of their own: StatementBegin/End around $$ / $audit$ bodies
// and a DO block, NO TRANSACTION with CONCURRENTLY, generated columns, a domain, a SQL-standard
// function body, a partitioned table.
TEST_F(PostgresRealWorld, BillingGooseAppliesAndRollsBackToNothing)
{
    const QString dir = project(Billing);
    const QStringList all{"20230104101500", "20230104101612", "20230111093000", "20230118150000",
                          "20230201120000", "20230215084500", "20230301110000", "20230315170000"};

    const Migctl up = migctl(QStringLiteral("apply"), dir);
    ASSERT_EQ(up.exitCode, 0) << up.text();
    EXPECT_EQ(finished(up, QStringLiteral("applied")), all) << up.text();
    for (const QString &v : all) {
        const QString line = startLine(up, v);
        if (v == u"20230118150000") // -- +goose NO TRANSACTION
            EXPECT_TRUE(line.contains(u"tracked statement by statement (line 3: CREATE INDEX CONCURRENTLY cannot run inside a transaction)")) << s(line);
        else
            EXPECT_TRUE(line.endsWith(u"one transaction")) << s(line);
    }
    Status st = status(dir);
    EXPECT_EQ(st.exitCode, 0) << s(st.raw);
    EXPECT_EQ(st.count(QStringLiteral("applied")), 8) << s(st.raw);

    EXPECT_EQ(column(QStringLiteral("SELECT c.relname || ':' || c.relkind::text FROM pg_class c WHERE c.relnamespace = 'billing'::regnamespace "
                                    "AND c.relkind IN ('r', 'p', 'v', 'S') ORDER BY 1")),
              (QStringList{"audit_log:r", "audit_log_id_seq:S", "customer_balances:v", "customers:r", "customers_id_seq:S", "invoice_lines:r",
                           "invoice_number_seq:S", "invoices:r", "invoices_id_seq:S", "payments:r", "payments_id_seq:S", "usage_events:p",
                           "usage_events_2023:r", "usage_events_2024:r", "usage_events_default:r"}));
    EXPECT_EQ(column(QStringLiteral("SELECT typname || ':' || typtype::text FROM pg_type WHERE typnamespace = 'billing'::regnamespace "
                                    "AND typtype IN ('e', 'd') ORDER BY 1")),
              (QStringList{"payment_method:e", "positive_cents:d"}));
    EXPECT_EQ(column(QStringLiteral("SELECT proname FROM pg_proc WHERE pronamespace = 'billing'::regnamespace ORDER BY 1")),
              (QStringList{"assign_invoice_number", "audit_row", "invoice_paid_cents"}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT prosqlbody IS NOT NULL FROM pg_proc WHERE proname = 'invoice_paid_cents'")), QStringLiteral("true"));
    EXPECT_EQ(column(QStringLiteral("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1")),
              (QStringList{"customers_audit", "invoices_assign_number", "invoices_audit"}));
    EXPECT_EQ(column(QStringLiteral("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indisvalid "
                                    "AND c.relname IN ('invoices_customer_issued_idx', 'invoices_open_due_idx') ORDER BY 1")),
              (QStringList{"invoices_customer_issued_idx", "invoices_open_due_idx"}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT obj_description('billing.customer_balances'::regclass, 'pg_class')")),
              QStringLiteral("One row per customer; amounts in cents; voided invoices excluded"));

    // The functions and triggers work as the service expects.
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO billing.customers (id, legal_name, country_code) VALUES (1, 'Müller GmbH', 'DE')")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO billing.invoices (id, customer_id, issued_on, due_on, net_cents) VALUES (1, 1, '2023-05-02', '2023-06-01', 10000)")),
              QString());
    EXPECT_EQ(rows(QStringLiteral("SELECT number, tax_cents FROM billing.invoices")), (QStringList{"INV-2023-000001|2000"}));
    EXPECT_EQ(column(QStringLiteral("SELECT table_name || ':' || operation FROM billing.audit_log ORDER BY id")),
              (QStringList{"customers:INSERT", "invoices:INSERT"}));
    EXPECT_TRUE(exec(QStringLiteral("INSERT INTO billing.payments (invoice_id, method, amount) VALUES (1, 'card', 0)")).contains(u"positive_cents"));
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO billing.payments (invoice_id, method, amount) VALUES (1, 'sepa_debit', 4000)")), QString());
    EXPECT_EQ(scalar(QStringLiteral("SELECT billing.invoice_paid_cents(1)")), QStringLiteral("4000"));
    EXPECT_EQ(rows(QStringLiteral("SELECT billed_cents, revenue_rank FROM billing.customer_balances")), (QStringList{"12000|1"}));
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO billing.usage_events (customer_id, occurred_at, meter) VALUES (1, '2024-03-01', 'api_calls')")), QString());
    EXPECT_EQ(scalar(QStringLiteral("SELECT tableoid::regclass::text FROM billing.usage_events")), QStringLiteral("billing.usage_events_2024"));

    // Every down script, newest first, with the data in the tables: nothing is left.
    const Migctl down = migctl(QStringLiteral("rollback"), dir, {QStringLiteral("--to"), QStringLiteral("0")});
    ASSERT_EQ(down.exitCode, 0) << down.text();
    QStringList reversed = all;
    std::reverse(reversed.begin(), reversed.end());
    EXPECT_EQ(finished(down, QStringLiteral("rolled back")), reversed) << down.text();
    EXPECT_TRUE(startLine(down, QStringLiteral("20230118150000")).contains(u"DROP INDEX CONCURRENTLY cannot run inside a transaction")) << down.text();
    st = status(dir);
    EXPECT_EQ(st.exitCode, 0) << s(st.raw);
    EXPECT_EQ(st.count(QStringLiteral("pending")), 8) << s(st.raw);
    EXPECT_EQ(leftovers(), QStringList());

    const Migctl reapply = migctl(QStringLiteral("apply"), dir);
    ASSERT_EQ(reapply.exitCode, 0) << reapply.text();
    EXPECT_EQ(finished(reapply, QStringLiteral("applied")), all) << reapply.text();
}

// dbmate, 8 migrations: transaction:false up and down sections with CONCURRENTLY, BEGIN ATOMIC,
// $function$ bodies, a recursive view, seed data with ';' and '' in strings, pg_dump COPY rows.
// Rolled back with --steps.
TEST_F(PostgresRealWorld, BlogDbmateAppliesAndRollsBackByStepCount)
{
    const QString dir = project(Blog);
    const QStringList all{"20220315093012", "20220315101544", "20220402160830", "20220519120000",
                          "20220601081500", "20220714143000", "20220901090000", "20221005120000"};

    const Migctl up = migctl(QStringLiteral("apply"), dir);
    ASSERT_EQ(up.exitCode, 0) << up.text();
    EXPECT_EQ(finished(up, QStringLiteral("applied")), all) << up.text();
    EXPECT_TRUE(startLine(up, QStringLiteral("20220315101544")).contains(u"tracked statement by statement (line 2: CREATE INDEX CONCURRENTLY cannot run inside a transaction)"))
        << up.text();
    EXPECT_TRUE(startLine(up, QStringLiteral("20221005120000")).endsWith(u"2 statement(s), one transaction")) << up.text();
    EXPECT_EQ(status(dir).count(QStringLiteral("applied")), 8);

    // pg_dump's COPY rows, with a tab, a backslash, ';' and a quote in them, and the sequence after.
    EXPECT_EQ(rows(QStringLiteral("SELECT id, handle, display_name, bio FROM authors ORDER BY id")),
              (QStringList{"1|marta|Marta Ruiz|Writes about databases; mostly PostgreSQL.", "2|jon|Jon O'Brien|",
                           "3|li|Li Wei|Tabs\tand backslashes\\ survive COPY"}));
    EXPECT_EQ(column(QStringLiteral("SELECT relname || ':' || relkind::text FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                                    "AND relkind IN ('r', 'v') AND relname NOT LIKE 'migctl%' ORDER BY 1")),
              (QStringList{"authors:r", "categories:r", "comment_threads:v", "comments:r", "posts:r"}));
    EXPECT_EQ(column(QStringLiteral("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                                    "WHERE i.indisvalid AND a.amname = 'gin' ORDER BY 1")),
              (QStringList{"posts_search_idx", "posts_tags_idx"}));
    EXPECT_EQ(column(QStringLiteral("SELECT attname FROM pg_attribute WHERE attrelid = 'posts'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")),
              (QStringList{"id", "author_id", "slug", "title", "body_markdown", "tags", "published_at", "search", "body_html", "category_id"}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT attgenerated FROM pg_attribute WHERE attrelid = 'posts'::regclass AND attname = 'search'")), QStringLiteral("s"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT prosqlbody IS NOT NULL FROM pg_proc WHERE proname = 'slugify'")), QStringLiteral("true"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT col_description('posts'::regclass, attnum) FROM pg_attribute WHERE attrelid = 'posts'::regclass AND attname = 'body_markdown'")), QStringLiteral("CommonMark source;\nrendered into body_html by the API"));
    EXPECT_EQ(column(QStringLiteral("SELECT name FROM categories ORDER BY id")),
              (QStringList{"Announcements", "Engineering", "Tips & Tricks; How-tos", "Customer's stories"}));

    ASSERT_EQ(exec(QStringLiteral("INSERT INTO authors (handle, display_name) VALUES ('ann', 'Ann')")), QString());
    EXPECT_EQ(scalar(QStringLiteral("SELECT id FROM authors WHERE handle = 'ann'")), QStringLiteral("4"));
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO posts (id, author_id, slug, title, body_markdown, published_at) "
                                  "VALUES (1, 4, '', 'Hello, World: Migrations 101!', 'Rolling back migrations safely', now())")),
              QString());
    EXPECT_EQ(rows(QStringLiteral("SELECT slug, search @@ to_tsquery('english', 'migration') FROM posts")),
              (QStringList{"hello-world-migrations-101|true"}));
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO comments (id, post_id, author_name, body) VALUES (1, 1, 'bob', 'first')")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO comments (id, post_id, parent_id, author_name, body) VALUES (2, 1, 1, 'ann', 'reply')")), QString());
    EXPECT_EQ(rows(QStringLiteral("SELECT id, root_id, depth FROM comment_threads ORDER BY id")), (QStringList{"1|1|0", "2|1|1"}));

    const Migctl down = migctl(QStringLiteral("rollback"), dir, {QStringLiteral("--steps"), QStringLiteral("8")});
    ASSERT_EQ(down.exitCode, 0) << down.text();
    QStringList reversed = all;
    std::reverse(reversed.begin(), reversed.end());
    EXPECT_EQ(finished(down, QStringLiteral("rolled back")), reversed) << down.text();
    EXPECT_TRUE(startLine(down, QStringLiteral("20220315101544")).contains(u"DROP INDEX CONCURRENTLY cannot run inside a transaction")) << down.text();
    EXPECT_EQ(status(dir).count(QStringLiteral("pending")), 8);
    EXPECT_EQ(leftovers(), QStringList());
    const Migctl nothing = migctl(QStringLiteral("rollback"), dir);
    EXPECT_EQ(nothing.exitCode, 0) << nothing.text();
    EXPECT_TRUE(nothing.all().contains(u"nothing to roll back")) << nothing.text();

    const Migctl reapply = migctl(QStringLiteral("apply"), dir);
    ASSERT_EQ(reapply.exitCode, 0) << reapply.text();
    EXPECT_EQ(finished(reapply, QStringLiteral("applied")), all) << reapply.text();
}
