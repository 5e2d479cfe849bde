// Preview, verified rollback, silent-failure detection and drift on PostgreSQL targets, through
// the real migctl as a DBA runs it; the target is read back from its own catalogs. Each case
// works on a database of its own on the fixture's server (see RealWorldSupport.h).
#include "RealWorldSupport.h"

using namespace realworld;

namespace {

class SchemaRunsPostgres : public ScratchDatabaseTest
{
protected:
    ScratchServer server() const override
    {
        return {QStringLiteral("QPSQL"), "MIG_TEST_PG_PORT", QStringLiteral("postgres"), QStringLiteral("postgres"), QString(),
                QStringLiteral("postgres"), QStringLiteral(" WITH (FORCE)"), QString(),
                QStringLiteral("SET client_min_messages = warning")};
    }

    QString dir() const { return m_store.filePath(QStringLiteral("migrations")); }

    void write(const QString &file, const QString &text) const
    {
        QDir().mkpath(dir());
        QFile f(dir() + u'/' + file);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate)) << s(f.fileName());
        f.write(text.toUtf8());
    }

    // A table filled by its own migration, a data fix that touches two of its rows, and down
    // scripts of each kind: one that undoes everything, none, one that forgets a column.
    void writeShop() const
    {
        write(QStringLiteral("001_customers.sql"),
              QStringLiteral("CREATE TABLE customers (id integer PRIMARY KEY, email text NOT NULL, created text);\n"
                             "INSERT INTO customers (id, email, created) VALUES (1, 'a@x', '2026-01-01T00:00:00.000Z'),\n"
                             "  (2, 'b@x', '2026-01-02T00:00:00.000Z'), (3, 'c@x', '2026-01-03T03:00:00.000Z');\n"));
        write(QStringLiteral("001_customers.rollback.sql"), QStringLiteral("DROP TABLE customers;\n"));
        write(QStringLiteral("002_fix_created.sql"),
              QStringLiteral("UPDATE customers SET created = replace(created, 'T00:00:00.000Z', 'T03:00:00.000Z')\n"
                             "WHERE created LIKE '%T00:00:00.000Z';\n"));
        write(QStringLiteral("003_add_phone.sql"),
              QStringLiteral("ALTER TABLE customers ADD COLUMN phone text;\nCREATE INDEX customers_email ON customers (email);\n"));
        write(QStringLiteral("003_add_phone.rollback.sql"), QStringLiteral("DROP INDEX customers_email;\n"));
    }

    // What a person would compare by hand: relations (with RLS), columns, routines, triggers and
    // policies. The lock note is left out: any session that takes the run lock writes it.
    QStringList objects()
    {
        const QString user = QStringLiteral("n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'");
        QStringList out;
        out << column(QStringLiteral("SELECT c.relkind::text || ' ' || n.nspname || '.' || c.relname || CASE WHEN c.relrowsecurity THEN ' rls' ELSE '' END "
                                     "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                     "WHERE %1 AND c.relname NOT LIKE 'migctl_history_lock%' ORDER BY 1").arg(user));
        out << column(QStringLiteral("SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) "
                                     "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                                     "WHERE %1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped "
                                     "AND c.relname NOT LIKE 'migctl_history_lock%' ORDER BY 1").arg(user));
        out << column(QStringLiteral("SELECT 'routine ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE %1 ORDER BY 1").arg(user));
        out << column(QStringLiteral("SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"));
        out << column(QStringLiteral("SELECT 'policy ' || polname FROM pg_policy ORDER BY 1"));
        return out;
    }

    bool hasRelation(const QString &name) { return scalar(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = '%1'").arg(name)) != u"0"; }

    // Databases on the server whose names start with this test's database name plus `suffix`:
    // what a preview's scratch database leaves behind.
    QStringList databasesLike(const QString &suffix)
    {
        return column(QStringLiteral("SELECT datname FROM pg_database WHERE starts_with(datname, '%1') ORDER BY 1").arg(m_database + suffix));
    }
};

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

QString verdict(const QJsonObject &doc, const QString &version)
{
    return migration(doc, version).value(u"rollback").toObject().value(u"verdict").toString();
}

// "added table customers", "added column customers.email", "changed table tasks"
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

std::string dump(const QJsonObject &o)
{
    return QJsonDocument(o).toJson().toStdString();
}

QStringList strings(const QJsonValue &array)
{
    QStringList out;
    for (const QJsonValue &v : array.toArray())
        out << v.toString();
    return out;
}

bool anyStartsWith(const QStringList &lines, const QString &prefix)
{
    for (const QString &l : lines)
        if (l.startsWith(prefix))
            return true;
    return false;
}

} // namespace

TEST_F(SchemaRunsPostgres, PreviewShowsChangesRowsAndRollbackVerdictsWithoutTouchingTheTarget)
{
    writeShop();
    write(QStringLiteral("004_orders.sql"), QStringLiteral("CREATE TABLE orders (id integer PRIMARY KEY, customer integer REFERENCES customers (id));\n"));
    // The second statement is the broken one: the verdict must name its line, not the file's first.
    write(QStringLiteral("004_orders.rollback.sql"), QStringLiteral("DROP TABLE orders;\nDROP TABLE no_such_table;\n"));
    ASSERT_EQ(exec(QStringLiteral("CREATE TABLE existing (id integer PRIMARY KEY, label text)")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO existing VALUES (1, 'kept'), (2, 'kept')")), QString());
    const QStringList before = objects();

    const Migctl r = migctl(QStringLiteral("preview"), dir(), {QStringLiteral("--json")});
    ASSERT_EQ(r.exitCode, 0) << r.text();
    const QJsonObject doc = json(r);
    EXPECT_EQ(doc.value(u"method").toString(), u"rolled-back transaction on the target") << r.text();
    EXPECT_EQ(doc.value(u"methodReason").toString(), QString());
    ASSERT_EQ(doc.value(u"migrations").toArray().size(), 4) << r.text();

    const QJsonObject m1 = migration(doc, QStringLiteral("001"));
    EXPECT_TRUE(m1.value(u"ok").toBool()) << dump(m1);
    const QStringList keys1 = changeKeys(m1);
    EXPECT_TRUE(keys1.contains(QStringLiteral("added table customers"))) << s(keys1.join(u'\n'));
    EXPECT_TRUE(keys1.contains(QStringLiteral("added column customers.email"))) << s(keys1.join(u'\n'));
    EXPECT_TRUE(keys1.contains(QStringLiteral("added constraint customers.customers_pkey"))) << s(keys1.join(u'\n'));
    EXPECT_TRUE(m1.value(u"rowsMeasured").toBool());
    ASSERT_EQ(m1.value(u"rows").toArray().size(), 1) << dump(m1);
    EXPECT_EQ(m1.value(u"rows").toArray().at(0).toObject().value(u"rows").toInt(), 3);
    EXPECT_EQ(m1.value(u"rows").toArray().at(0).toObject().value(u"line").toInt(), 2);
    EXPECT_EQ(verdict(doc, QStringLiteral("001")), u"rollback verified");

    // The UPDATE ran in the rolled-back transaction on the rows 001 inserted there: two match.
    const QJsonObject m2 = migration(doc, QStringLiteral("002"));
    EXPECT_TRUE(m2.value(u"changes").toArray().isEmpty()) << dump(m2);
    ASSERT_EQ(m2.value(u"rows").toArray().size(), 1) << dump(m2);
    EXPECT_EQ(m2.value(u"rows").toArray().at(0).toObject().value(u"rows").toInt(), 2);
    EXPECT_EQ(verdict(doc, QStringLiteral("002")), u"no rollback");

    const QJsonObject m3 = migration(doc, QStringLiteral("003"));
    const QStringList keys3 = changeKeys(m3);
    EXPECT_TRUE(keys3.contains(QStringLiteral("added column customers.phone"))) << s(keys3.join(u'\n'));
    EXPECT_TRUE(keys3.contains(QStringLiteral("added index customers.customers_email"))) << s(keys3.join(u'\n'));
    EXPECT_EQ(keys3.size(), 2) << s(keys3.join(u'\n'));
    EXPECT_EQ(verdict(doc, QStringLiteral("003")), u"rollback leaves differences");
    const QStringList left = strings(m3.value(u"rollback").toObject().value(u"differences"));
    EXPECT_EQ(left.size(), 1) << s(left.join(u'\n'));
    EXPECT_TRUE(anyStartsWith(left, QStringLiteral("+ column public.customers.phone"))) << s(left.join(u'\n'));
    EXPECT_TRUE(m3.value(u"declarationFindings").toArray().isEmpty()) << dump(m3);

    const QJsonObject m4 = migration(doc, QStringLiteral("004"));
    EXPECT_TRUE(changeKeys(m4).contains(QStringLiteral("added table orders"))) << dump(m4);
    EXPECT_EQ(verdict(doc, QStringLiteral("004")), u"rollback fails");
    const QString detail = m4.value(u"rollback").toObject().value(u"detail").toString();
    EXPECT_TRUE(detail.contains(QStringLiteral("004_orders.rollback.sql:2: table \"no_such_table\" does not exist"))) << s(detail);

    // Nothing happened to the target: same objects and rows, no history table, no scratch database.
    EXPECT_EQ(objects(), before);
    EXPECT_FALSE(hasRelation(QStringLiteral("migctl_history")));
    EXPECT_FALSE(hasRelation(QStringLiteral("customers")));
    EXPECT_EQ(scalar(QStringLiteral("SELECT string_agg(label, ',' ORDER BY id) FROM existing")), QStringLiteral("kept,kept"));
    EXPECT_EQ(databasesLike(QStringLiteral("_preview")), QStringList());

    // Status shows the verdicts the preview stored.
    const Status st = status(dir());
    EXPECT_EQ(st.exitCode, 0) << s(st.raw);
    EXPECT_EQ(st.count(QStringLiteral("pending")), 4) << s(st.raw);
    EXPECT_EQ(st.migration(QStringLiteral("001")).value(u"rollback").toObject().value(u"verdict").toString(), u"rollback verified") << s(st.raw);
    EXPECT_EQ(st.migration(QStringLiteral("002")).value(u"rollback").toObject().value(u"verdict").toString(), u"no rollback") << s(st.raw);
    EXPECT_EQ(st.migration(QStringLiteral("003")).value(u"rollback").toObject().value(u"verdict").toString(), u"rollback leaves differences") << s(st.raw);
    EXPECT_EQ(st.migration(QStringLiteral("004")).value(u"rollback").toObject().value(u"verdict").toString(), u"rollback fails") << s(st.raw);
    const Migctl plain = migctl(QStringLiteral("status"), dir());
    EXPECT_TRUE(plain.out.contains(QStringLiteral("rollback leaves differences"))) << plain.text();

    // A down script edited after the preview is no longer vouched for.
    write(QStringLiteral("001_customers.rollback.sql"), QStringLiteral("DROP TABLE customers; -- changed\n"));
    EXPECT_EQ(status(dir()).migration(QStringLiteral("001")).value(u"rollback").toObject().value(u"verdict").toString(), u"rollback not verified");
}

// The seed's silent failure: an index "created" with IF NOT EXISTS that already existed, made by
// hand on another column. PostgreSQL only says NOTICE; the run must not call that a success.
TEST_F(SchemaRunsPostgres, AnIfNotExistsIndexThatMetAnotherDefinitionIsAppliedWithDifferences)
{
    write(QStringLiteral("001_reports.sql"), QStringLiteral("CREATE TABLE reports (id integer PRIMARY KEY, student integer, week integer);\n"));
    write(QStringLiteral("002_index.sql"), QStringLiteral("CREATE INDEX IF NOT EXISTS reports_student_week ON reports (student, week);\n"));
    write(QStringLiteral("003_more.sql"), QStringLiteral("CREATE TABLE later (id integer PRIMARY KEY);\n"));
    const Migctl first = migctl(QStringLiteral("apply"), dir(), {QStringLiteral("--to"), QStringLiteral("001")});
    ASSERT_EQ(first.exitCode, 0) << first.text();
    ASSERT_EQ(exec(QStringLiteral("CREATE INDEX reports_student_week ON reports (week)")), QString());

    // The preview already sees it.
    const Migctl preview = migctl(QStringLiteral("preview"), dir(), {QStringLiteral("--json")});
    EXPECT_EQ(preview.exitCode, 0) << preview.text();
    const QStringList findings = strings(migration(json(preview), QStringLiteral("002")).value(u"declarationFindings"));
    ASSERT_EQ(findings.size(), 1) << preview.text();
    EXPECT_TRUE(findings.at(0).startsWith(QStringLiteral("line 1: "))) << s(findings.at(0));
    EXPECT_TRUE(findings.at(0).contains(QStringLiteral("reports_student_week"))) << s(findings.at(0));
    EXPECT_TRUE(findings.at(0).contains(QStringLiteral("is on (week)"))) << s(findings.at(0));
    EXPECT_TRUE(migration(json(preview), QStringLiteral("003")).value(u"declarationFindings").toArray().isEmpty()) << preview.text();

    const Migctl apply = migctl(QStringLiteral("apply"), dir());
    EXPECT_EQ(apply.exitCode, 1) << apply.text();
    EXPECT_TRUE(apply.err.contains(QStringLiteral("002 index applied WITH DIFFERENCES"))) << apply.text();
    EXPECT_TRUE(apply.out.contains(QStringLiteral("FAIL 002 schema as declared"))) << apply.text();
    // It stopped there: 003 did not run, and the hand-made index is still the only one.
    EXPECT_FALSE(hasRelation(QStringLiteral("later")));
    EXPECT_EQ(scalar(QStringLiteral("SELECT pg_get_indexdef('reports_student_week'::regclass)")),
              QStringLiteral("CREATE INDEX reports_student_week ON public.reports USING btree (week)"));
    const QStringList h = rows(QStringLiteral("SELECT version, status FROM migctl_history WHERE direction = 'up' ORDER BY id"));
    EXPECT_EQ(h, (QStringList{"001|applied", "002|applied_differs"})) << apply.text();
    EXPECT_TRUE(scalar(QStringLiteral("SELECT coalesce(error_message, '') FROM migctl_history WHERE version = '002'"))
                    .contains(QStringLiteral("reports_student_week")));

    const Status st = status(dir());
    EXPECT_EQ(st.states.value(QStringLiteral("002")), u"applied-with-differences") << s(st.raw);
    EXPECT_EQ(st.states.value(QStringLiteral("003")), u"pending") << s(st.raw);
    const Migctl verify = migctl(QStringLiteral("verify"), dir());
    EXPECT_EQ(verify.exitCode, 1) << verify.text();
    EXPECT_TRUE(verify.out.contains(QStringLiteral("FAIL"))) << verify.text();
}

// ADD COLUMN IF NOT EXISTS that met a column of another type did not do what it says either.
TEST_F(SchemaRunsPostgres, AnIfNotExistsColumnOfAnotherTypeIsAFinding)
{
    ASSERT_EQ(exec(QStringLiteral("CREATE TABLE t (id integer PRIMARY KEY, c bigint)")), QString());
    write(QStringLiteral("001_add_c.sql"), QStringLiteral("-- c holds small counters\nALTER TABLE t ADD COLUMN IF NOT EXISTS c integer;\n"));
    write(QStringLiteral("002_later.sql"), QStringLiteral("CREATE TABLE later (id integer PRIMARY KEY);\n"));

    const Migctl preview = migctl(QStringLiteral("preview"), dir(), {QStringLiteral("--json")});
    EXPECT_EQ(preview.exitCode, 0) << preview.text();
    const QJsonObject m1 = migration(json(preview), QStringLiteral("001"));
    EXPECT_TRUE(m1.value(u"changes").toArray().isEmpty()) << dump(m1); // nothing changed: that is the problem
    const QStringList findings = strings(m1.value(u"declarationFindings"));
    ASSERT_EQ(findings.size(), 1) << preview.text();
    EXPECT_TRUE(findings.at(0).startsWith(QStringLiteral("line 2: "))) << s(findings.at(0));
    EXPECT_TRUE(findings.at(0).contains(QStringLiteral("t.c has type bigint, the script declares integer"))) << s(findings.at(0));

    const Migctl apply = migctl(QStringLiteral("apply"), dir());
    EXPECT_EQ(apply.exitCode, 1) << apply.text();
    EXPECT_TRUE(apply.err.contains(QStringLiteral("001 add_c applied WITH DIFFERENCES"))) << apply.text();
    EXPECT_TRUE(apply.err.contains(QStringLiteral("has type bigint"))) << apply.text();
    EXPECT_FALSE(hasRelation(QStringLiteral("later")));
    EXPECT_EQ(scalar(QStringLiteral("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'")),
              QStringLiteral("bigint"));
    EXPECT_EQ(status(dir()).states.value(QStringLiteral("001")), u"applied-with-differences");
}

TEST_F(SchemaRunsPostgres, ARunIsHeldToItsPreviewAndRecordsWhatItChanged)
{
    writeShop();
    const Migctl preview = migctl(QStringLiteral("preview"), dir());
    ASSERT_EQ(preview.exitCode, 0) << preview.text();
    EXPECT_TRUE(preview.out.contains(QStringLiteral("No migration was kept on the target"))) << preview.text();

    const Migctl apply = migctl(QStringLiteral("apply"), dir(), {QStringLiteral("--json")});
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
        } else if (type == u"schema-changed") {
            ++changes;
        } else if (type == u"snapshot-taken") {
            snapshots << e.value(u"check").toString() + u' ' + e.value(u"version").toString();
        }
    }
    EXPECT_EQ(checks, 3) << apply.text();
    EXPECT_EQ(changes, 3) << apply.text();
    EXPECT_EQ(snapshots, (QStringList{"before-run ", "after-migration 001", "after-migration 002", "after-migration 003", "after-run "}))
        << apply.text();

    // What the run did, as the catalogs tell it, and as a live snapshot exports it.
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM customers WHERE created LIKE '%T03:00:00.000Z'")), QStringLiteral("3"));
    const Migctl live = migctl(QStringLiteral("snapshot"), dir());
    ASSERT_EQ(live.exitCode, 0) << live.text();
    const QJsonObject snap = json(live);
    EXPECT_EQ(snap.value(u"format").toString(), u"migration-console/schema-snapshot");
    const QJsonObject counts = snap.value(u"counts").toObject();
    EXPECT_EQ(counts.value(u"tables").toInt(), 1) << dump(counts); // history and lock note left out
    EXPECT_EQ(counts.value(u"columns").toInt(), 4) << dump(counts);
    EXPECT_EQ(counts.value(u"rows").toInt(), 3) << dump(counts);
    EXPECT_EQ(counts.value(u"indexes").toInt(), 2) << dump(counts); // the primary key's and customers_email
}

TEST_F(SchemaRunsPostgres, DriftMadeByHandIsReported)
{
    writeShop();
    const Migctl none = migctl(QStringLiteral("drift"), dir());
    EXPECT_EQ(none.exitCode, 4) << none.text(); // no run recorded: nothing to compare with
    EXPECT_TRUE(none.err.contains(QStringLiteral("no run on"))) << none.text();

    const Migctl apply = migctl(QStringLiteral("apply"), dir());
    ASSERT_EQ(apply.exitCode, 0) << apply.text();
    const Migctl clean = migctl(QStringLiteral("drift"), dir());
    EXPECT_EQ(clean.exitCode, 0) << clean.text();
    EXPECT_TRUE(clean.out.startsWith(QStringLiteral("No drift"))) << clean.text();

    ASSERT_EQ(exec(QStringLiteral("ALTER TABLE customers ADD COLUMN hotfix integer")), QString());
    ASSERT_EQ(exec(QStringLiteral("DROP INDEX customers_email")), QString());
    const Migctl found = migctl(QStringLiteral("drift"), dir());
    EXPECT_EQ(found.exitCode, 1) << found.text();
    EXPECT_TRUE(found.out.startsWith(QStringLiteral("DRIFT: 2 change(s)"))) << found.text();
    EXPECT_TRUE(found.out.contains(QStringLiteral("+ column public.customers.hotfix"))) << found.text();
    EXPECT_TRUE(found.out.contains(QStringLiteral("- index public.customers.customers_email"))) << found.text();

    const Migctl asJson = migctl(QStringLiteral("drift"), dir(), {QStringLiteral("--json")});
    EXPECT_EQ(asJson.exitCode, 1) << asJson.text();
    EXPECT_TRUE(json(asJson).value(u"drift").toBool());
    EXPECT_EQ(json(asJson).value(u"changes").toArray().size(), 2) << asJson.text();

    const Migctl st = migctl(QStringLiteral("status"), dir());
    EXPECT_TRUE(st.out.contains(QStringLiteral("DRIFT: 2 change(s) since run"))) << st.text();
}

// CREATE INDEX CONCURRENTLY refuses transactions: the whole sequence is previewed on a scratch
// database that pg_dump --schema-only builds from the target, dropped afterwards.
TEST_F(SchemaRunsPostgres, PreviewOnAScratchDatabaseWhenAScriptCannotRunInATransaction)
{
    ASSERT_EQ(exec(QStringLiteral("CREATE TABLE accounts (id integer PRIMARY KEY, name text NOT NULL)")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO accounts VALUES (1, 'acme'), (2, 'globex')")), QString());
    write(QStringLiteral("001_tasks.sql"),
          QStringLiteral("CREATE TABLE tasks (id integer PRIMARY KEY, account integer REFERENCES accounts (id), title text);\n"
                         "UPDATE accounts SET name = upper(name);\n"));
    write(QStringLiteral("001_tasks.rollback.sql"), QStringLiteral("DROP TABLE tasks;\n"));
    write(QStringLiteral("002_tasks_index.sql"),
          QStringLiteral("-- built without blocking writers\nCREATE INDEX CONCURRENTLY tasks_account ON tasks (account);\n"));
    write(QStringLiteral("002_tasks_index.rollback.sql"), QStringLiteral("DROP INDEX CONCURRENTLY tasks_account;\n"));
    write(QStringLiteral("003_tenancy.sql"),
          QStringLiteral("ALTER TABLE tasks ADD COLUMN note text;\n"
                         "ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;\n"
                         "CREATE POLICY tasks_by_account ON tasks USING (account = current_setting('app.account')::integer);\n"
                         "CREATE FUNCTION tasks_trim_title() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                         "BEGIN\n  NEW.title := btrim(NEW.title);\n  RETURN NEW;\nEND\n$$;\n"
                         "CREATE TRIGGER tasks_trim BEFORE INSERT OR UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION tasks_trim_title();\n"));
    // Undoes all but the column.
    write(QStringLiteral("003_tenancy.rollback.sql"),
          QStringLiteral("DROP TRIGGER tasks_trim ON tasks;\nDROP FUNCTION tasks_trim_title();\nDROP POLICY tasks_by_account ON tasks;\n"
                         "ALTER TABLE tasks DISABLE ROW LEVEL SECURITY;\n"));
    const QStringList before = objects();

    const Migctl r = migctl(QStringLiteral("preview"), dir(), {QStringLiteral("--json")});
    ASSERT_EQ(r.exitCode, 0) << r.text();
    const QJsonObject doc = json(r);
    const QRegularExpression method(QStringLiteral("^scratch database %1_preview_[0-9a-f]{4} built from the target's schema \\(pg_dump --schema-only\\)")
                                        .arg(QRegularExpression::escape(m_database)));
    EXPECT_TRUE(method.match(doc.value(u"method").toString()).hasMatch()) << r.text();
    EXPECT_TRUE(doc.value(u"methodReason").toString().contains(QStringLiteral("002_tasks_index.sql:2"))) << r.text();
    EXPECT_TRUE(doc.value(u"methodReason").toString().contains(QStringLiteral("CONCURRENTLY"))) << r.text();

    // The scratch database has the schema but none of the rows: the UPDATE is not measured.
    const QJsonObject m1 = migration(doc, QStringLiteral("001"));
    EXPECT_TRUE(m1.value(u"ok").toBool()) << dump(m1);
    EXPECT_FALSE(m1.value(u"rowsMeasured").toBool()) << dump(m1);
    EXPECT_TRUE(changeKeys(m1).contains(QStringLiteral("added table tasks"))) << dump(m1);
    EXPECT_TRUE(changeKeys(m1).contains(QStringLiteral("added constraint tasks.tasks_account_fkey"))) << dump(m1);
    EXPECT_EQ(verdict(doc, QStringLiteral("001")), u"rollback verified") << dump(m1);

    const QJsonObject m2 = migration(doc, QStringLiteral("002"));
    EXPECT_EQ(changeKeys(m2), QStringList{QStringLiteral("added index tasks.tasks_account")}) << dump(m2);
    EXPECT_EQ(verdict(doc, QStringLiteral("002")), u"rollback verified") << dump(m2);

    const QJsonObject m3 = migration(doc, QStringLiteral("003"));
    EXPECT_TRUE(m3.value(u"ok").toBool()) << dump(m3);
    const QStringList keys3 = changeKeys(m3);
    EXPECT_TRUE(keys3.contains(QStringLiteral("added column tasks.note"))) << s(keys3.join(u'\n'));
    EXPECT_TRUE(keys3.contains(QStringLiteral("added policy tasks.tasks_by_account"))) << s(keys3.join(u'\n'));
    EXPECT_TRUE(keys3.contains(QStringLiteral("added trigger tasks.tasks_trim"))) << s(keys3.join(u'\n'));
    EXPECT_TRUE(keys3.contains(QStringLiteral("added routine tasks_trim_title()"))) << s(keys3.join(u'\n'));
    EXPECT_TRUE(keys3.contains(QStringLiteral("changed table tasks"))) << s(keys3.join(u'\n')); // rls: disabled -> enabled
    EXPECT_TRUE(migration(doc, QStringLiteral("003")).value(u"changesText").toString().contains(QStringLiteral("rls disabled -> enabled")))
        << dump(m3);
    EXPECT_EQ(verdict(doc, QStringLiteral("003")), u"rollback leaves differences") << dump(m3);
    const QStringList left = strings(m3.value(u"rollback").toObject().value(u"differences"));
    EXPECT_EQ(left.size(), 1) << s(left.join(u'\n'));
    EXPECT_TRUE(anyStartsWith(left, QStringLiteral("+ column public.tasks.note"))) << s(left.join(u'\n'));

    // The scratch database is gone; the target is as it was, rows included.
    EXPECT_EQ(databasesLike(QStringLiteral("_preview")), QStringList());
    EXPECT_EQ(objects(), before);
    EXPECT_FALSE(hasRelation(QStringLiteral("migctl_history")));
    EXPECT_EQ(scalar(QStringLiteral("SELECT string_agg(name, ',' ORDER BY id) FROM accounts")), QStringLiteral("acme,globex"));

    // A scratch database of the caller's choosing, dropped likewise.
    const QString mine = m_database + QStringLiteral("_mine");
    const Migctl named = migctl(QStringLiteral("preview"), dir(), {QStringLiteral("--scratch-database"), mine});
    ASSERT_EQ(named.exitCode, 0) << named.text();
    EXPECT_TRUE(named.out.contains(QStringLiteral("Method: scratch database %1 built from the target's schema").arg(mine))) << named.text();
    EXPECT_TRUE(named.out.contains(QStringLiteral("rows: not measured"))) << named.text();
    EXPECT_EQ(databasesLike(QStringLiteral("_mine")), QStringList());
    EXPECT_EQ(objects(), before);
}
