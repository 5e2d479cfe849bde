// The PostgreSQL demo (migrations/postgres-demo) as a DBA takes it to production, with the real
// migctl against a database of the test's own on the fixture server: a fresh demo target,
// status, preview, lint, the go/no-go gate of the folder's policy (backup with restore test,
// five sign-offs), apply, the 16 verification checks, the report, the write paths that a
// read-only verification cannot run, a rollback that gives back exactly the seeded schema and
// rows, and the release applied again.
#include "PgEngineSupport.h"

#include "demo/DemoSeed.h"

using namespace pgtest;

namespace {

QString demoDir()
{
    return QDir::cleanPath(testData(QStringLiteral("../../migrations/postgres-demo")));
}

const QStringList Versions = {QStringLiteral("013"), QStringLiteral("014"), QStringLiteral("015"), QStringLiteral("016"), QStringLiteral("017")};

// The seed run's 16 checks, by the names the verify scripts give them.
const QStringList SixteenChecks = {
    QStringLiteral("013 verify: positioning table"), QStringLiteral("013 verify: message_architecture table"),
    QStringLiteral("013 verify: campaigns table"), QStringLiteral("013 verify: campaign relationships"),
    QStringLiteral("014 verify: achievements table"), QStringLiteral("014 verify: user_achievements table"),
    QStringLiteral("014 verify: user_stats table"), QStringLiteral("014 verify: unlock_achievement function"),
    QStringLiteral("015 verify: agent_registry table"), QStringLiteral("015 verify: agent_capabilities table"),
    QStringLiteral("015 verify: agent_assignments table"), QStringLiteral("015 verify: agent_performance table"),
    QStringLiteral("016 verify: intelligence_signals table"), QStringLiteral("016 verify: market_insights table"),
    QStringLiteral("017 verify: system_alerts table"), QStringLiteral("017 verify: user_notifications table"),
};

class PostgresDemo : public PgEngineTest
{
protected:
    QList<mig::demo::SeedTable> seeded = mig::demo::postgresDemoRows(mig::demo::DefaultSeed);

    MigctlRun onTarget(const QString &command, const QStringList &extra = {}) const
    {
        return migctl(QStringList{command} + targetArgs(demoDir()) + extra, 60000);
    }
    static std::string text(const MigctlRun &r)
    {
        return s(QStringLiteral("exit %1\n--- stdout\n%2--- stderr\n%3").arg(r.exitCode).arg(r.out, r.err));
    }
    static QJsonObject document(const MigctlRun &r)
    {
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }
    QJsonObject snapshot()
    {
        const MigctlRun r = migctl({QStringLiteral("snapshot"), QStringLiteral("--target"), url()});
        EXPECT_EQ(r.exitCode, 0) << text(r);
        return document(r);
    }
    // Every seeded table's rows, hashed in key order: equal hashes, the same rows.
    QMap<QString, QString> seededContents()
    {
        QMap<QString, QString> out;
        for (const mig::demo::SeedTable &t : seeded)
            out.insert(t.table, scalar(QStringLiteral("SELECT count(*) || ' ' || md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM %1 x")
                                           .arg(t.table)).toString());
        return out;
    }
    // A statement expected to fail, inside a savepoint so the transaction goes on.
    QString failure(const QString &sql)
    {
        QSqlQuery q(check());
        EXPECT_TRUE(q.exec(QStringLiteral("SAVEPOINT expected_failure")));
        const bool ok = q.exec(sql);
        const QString error = q.lastError().text();
        EXPECT_TRUE(q.exec(QStringLiteral("ROLLBACK TO SAVEPOINT expected_failure")));
        EXPECT_FALSE(ok) << s(sql);
        return error;
    }
};

} // namespace

TEST_F(PostgresDemo, TheReleaseGoesThroughGoNoGoAppliesVerifiesAndRollsBackToTheSeededDatabase)
{
    // A fresh demo target: the production schema before the release and the generator's rows.
    const MigctlRun made = migctl({QStringLiteral("demo"), QStringLiteral("postgres-demo"), QStringLiteral("--target"), url()});
    ASSERT_EQ(made.exitCode, 0) << text(made);
    for (const mig::demo::SeedTable &t : seeded) {
        EXPECT_TRUE(made.out.contains(QStringLiteral("  %1: %2 rows\n").arg(t.table).arg(t.rows.size()))) << s(t.table) << "\n" << text(made);
        EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM %1").arg(t.table)).toLongLong(), t.rows.size()) << s(t.table);
    }
    EXPECT_EQ(column(QStringLiteral("SELECT count(*) FROM workspaces UNION ALL SELECT count(*) FROM cohorts UNION ALL SELECT count(*) FROM moves "
                                    "UNION ALL SELECT count(*) FROM assets UNION ALL SELECT count(DISTINCT (workspace_id, campaign_name)) FROM moves "
                                    "WHERE campaign_name IS NOT NULL")),
              (QStringList{"3", "8", "156", "42", "12"}));
    const QMap<QString, QString> contents = seededContents();

    // Never over a database that holds tables.
    const MigctlRun again = migctl({QStringLiteral("demo"), QStringLiteral("postgres-demo"), QStringLiteral("--target"), url()});
    EXPECT_EQ(again.exitCode, 4) << text(again);
    EXPECT_TRUE(again.err.contains(u"already holds")) << text(again);
    EXPECT_EQ(seededContents(), contents);

    int exitCode = -1;
    const QMap<QString, QString> pending = statusStates(demoDir(), &exitCode);
    EXPECT_EQ(exitCode, 0);
    EXPECT_EQ(pending.keys(), Versions);
    for (const QString &state : pending)
        EXPECT_EQ(state, QStringLiteral("pending"));

    const QJsonObject before = snapshot();
    EXPECT_EQ(before.value(u"counts").toObject().value(u"tables").toInt(), 14);
    const QString baseline = before.value(u"fingerprint").toString();
    ASSERT_FALSE(baseline.isEmpty());

    // Preview: up, down, compare, for each migration; every declared object came to be.
    const MigctlRun preview = onTarget(QStringLiteral("preview"), {QStringLiteral("--json")});
    ASSERT_EQ(preview.exitCode, 0) << text(preview);
    QStringList previewed;
    for (const QJsonValue m : document(preview).value(u"migrations").toArray()) {
        const QJsonObject o = m.toObject();
        previewed << o.value(u"version").toString();
        EXPECT_EQ(o.value(u"rollback").toObject().value(u"verdict").toString(), QStringLiteral("rollback verified")) << text(preview);
        EXPECT_TRUE(o.value(u"declarationFindings").toArray().isEmpty()) << text(preview);
    }
    EXPECT_EQ(previewed, Versions);

    const MigctlRun lint = onTarget(QStringLiteral("lint"));
    EXPECT_EQ(lint.exitCode, 0) << text(lint);
    EXPECT_TRUE(lint.out.contains(u"0 finding(s): 0 block, 0 warn, 0 info; 0 not checked")) << text(lint);

    // The folder's policy: NO-GO until a restore-tested backup and the five sign-offs exist.
    const MigctlRun nogo = onTarget(QStringLiteral("preflight"));
    EXPECT_EQ(nogo.exitCode, 1) << text(nogo);
    EXPECT_TRUE(nogo.out.contains(u"missing: Database Administrator, Backend Engineering Lead, DevOps Engineer, On-Call Support Engineer, Project Lead"))
        << text(nogo);
    const MigctlRun backup = onTarget(QStringLiteral("backup"), {QStringLiteral("--test")});
    ASSERT_EQ(backup.exitCode, 0) << text(backup);
    const QList<std::pair<QString, QString>> signers = {
        {QStringLiteral("Database Administrator"), QStringLiteral("Ana Ruiz")}, {QStringLiteral("Backend Engineering Lead"), QStringLiteral("Tom Becker")},
        {QStringLiteral("DevOps Engineer"), QStringLiteral("Priya Nair")}, {QStringLiteral("On-Call Support Engineer"), QStringLiteral("Sam Ortega")},
        {QStringLiteral("Project Lead"), QStringLiteral("Lena Vogel")}};
    for (const auto &[role, name] : signers) {
        const MigctlRun signoff = onTarget(QStringLiteral("signoff"), {QStringLiteral("--role"), role, QStringLiteral("--name"), name});
        EXPECT_EQ(signoff.exitCode, 0) << text(signoff);
    }
    const MigctlRun go = onTarget(QStringLiteral("preflight"));
    ASSERT_EQ(go.exitCode, 0) << text(go);

    // GO: five migrations, each in one transaction, each schema as declared and as previewed.
    const MigctlRun apply = onTarget(QStringLiteral("apply"));
    ASSERT_EQ(apply.exitCode, 0) << text(apply);
    for (const QString &v : Versions) {
        EXPECT_TRUE(apply.out.contains(QRegularExpression(QStringLiteral("\\n\\[\\d/5\\] %1 \\S+ applied in \\d+ ms\\n").arg(v)))) << s(v) << text(apply);
        EXPECT_TRUE(apply.out.contains(QStringLiteral("PASS %1 schema as declared").arg(v))) << s(v) << text(apply);
    }
    EXPECT_FALSE(apply.out.contains(u"with differences")) << text(apply);
    for (const QString &state : statusStates(demoDir()))
        EXPECT_EQ(state, QStringLiteral("applied"));

    // 14 -> 30 tables, and the functions, procedure, triggers and policies the release brings.
    const QJsonObject after = snapshot();
    const QJsonObject counts = after.value(u"counts").toObject();
    EXPECT_EQ(counts.value(u"tables").toInt(), 14 + 16);
    EXPECT_EQ(counts.value(u"policies").toInt(), 5 + 16);
    EXPECT_EQ(counts.value(u"procedures").toInt(), 1);
    QSet<QString> objects;
    for (const QJsonValue o : after.value(u"objects").toArray())
        objects.insert(o.toObject().value(u"kind").toString() + u' ' + o.toObject().value(u"name").toString());
    for (const QString &expected : {QStringLiteral("routine unlock_achievement(p_user_id uuid, p_workspace_id uuid, p_code text, p_context jsonb)"),
                                    QStringLiteral("routine level_for_points(points integer)"), QStringLiteral("routine fan_out_alert()"),
                                    QStringLiteral("routine finish_agent_assignment(IN p_assignment_id uuid, IN p_succeeded boolean, IN p_duration_ms integer, IN p_tokens_used integer, IN p_error text)"),
                                    QStringLiteral("trigger user_achievements_apply_stats"), QStringLiteral("trigger system_alerts_fan_out"),
                                    QStringLiteral("trigger campaigns_set_updated_at"), QStringLiteral("policy campaigns_workspace_isolation"),
                                    QStringLiteral("policy user_notifications_own"), QStringLiteral("table user_stats")})
        EXPECT_TRUE(objects.contains(expected)) << s(expected);

    // The 16 checks of the seed run, each passing, and the rest of verification with them.
    const MigctlRun verify = onTarget(QStringLiteral("verify"), {QStringLiteral("--json")});
    EXPECT_EQ(verify.exitCode, 0) << text(verify);
    QMap<QString, QString> verified;
    for (const QJsonValue c : document(verify).value(u"checks").toArray()) {
        verified.insert(c.toObject().value(u"name").toString(), c.toObject().value(u"status").toString());
        EXPECT_EQ(c.toObject().value(u"status").toString(), QStringLiteral("pass")) << s(c.toObject().value(u"name").toString()) << ": "
                                                                                    << s(c.toObject().value(u"detail").toString());
    }
    QStringList namedChecks;
    for (auto it = verified.cbegin(); it != verified.cend(); ++it)
        if (it.key().contains(u" verify: "))
            namedChecks << it.key();
    EXPECT_EQ(QSet<QString>(namedChecks.cbegin(), namedChecks.cend()), QSet<QString>(SixteenChecks.cbegin(), SixteenChecks.cend()));

    QTemporaryDir reports;
    const QString reportFile = reports.filePath(QStringLiteral("report.json"));
    const MigctlRun report = migctl({QStringLiteral("report"), QStringLiteral("latest"), QStringLiteral("--format"), QStringLiteral("json"),
                                     QStringLiteral("-o"), reportFile});
    ASSERT_EQ(report.exitCode, 0) << text(report);
    QFile file(reportFile);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QMap<QString, QString> reported;
    for (const QJsonValue c : QJsonDocument::fromJson(file.readAll()).object().value(u"verification").toObject().value(u"checks").toArray())
        reported.insert(c.toObject().value(u"name").toString(), c.toObject().value(u"status").toString());
    for (const QString &name : SixteenChecks)
        EXPECT_EQ(reported.value(name), QStringLiteral("pass")) << s(name) << "\n" << s(QStringList(reported.keys()).join(u'\n'));

    // What the read-only verification cannot run, as the application would, then rolled back.
    ASSERT_TRUE(check().transaction());
    const QString ws = scalar(QStringLiteral("SELECT id FROM workspaces ORDER BY slug LIMIT 1")).toString();
    const QString other = scalar(QStringLiteral("SELECT id FROM workspaces ORDER BY slug DESC LIMIT 1")).toString();
    const QString user = scalar(QStringLiteral("SELECT user_id FROM workspace_members WHERE workspace_id = '%1' AND role = 'owner'").arg(ws)).toString();
    const int points = scalar(QStringLiteral("SELECT total_points FROM user_stats WHERE user_id = '%1'").arg(user)).toInt();
    const QString stamp = scalar(QStringLiteral("SELECT max(updated_at)::text FROM campaigns WHERE workspace_id = '%1'").arg(ws)).toString();
    ASSERT_TRUE(exec(QStringLiteral("SET LOCAL ROLE migdemo_app")));
    ASSERT_TRUE(exec(QStringLiteral("SELECT set_config('app.workspace_id', '%1', true), set_config('app.user_id', '%2', true)").arg(ws, user)));
    const QString unlock = QStringLiteral("SELECT unlock_achievement('%1', '%2', 'campaign-launcher')").arg(user, ws);
    EXPECT_EQ(scalar(unlock).toBool(), true);
    EXPECT_EQ(scalar(unlock).toBool(), false) << "unlocking twice is harmless";
    EXPECT_EQ(column(QStringLiteral("SELECT total_points FROM user_stats")), QStringList{QString::number(points + 30)}) << "the stats trigger, and one's own stats only";
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM user_notifications WHERE title = 'Achievement unlocked: Campaign launcher'")).toInt(), 1);
    EXPECT_TRUE(failure(QStringLiteral("SELECT unlock_achievement('%1', '%2', 'no-such-code')").arg(user, ws)).contains(u"unknown achievement \"no-such-code\""));
    EXPECT_TRUE(failure(QStringLiteral("INSERT INTO campaigns (workspace_id, name) VALUES ('%1', 'Not ours')").arg(other)).contains(u"row-level security"));
    ASSERT_TRUE(exec(QStringLiteral("UPDATE campaigns SET objective = 'Pipeline' WHERE workspace_id = '%1'").arg(ws)));
    EXPECT_EQ(scalar(QStringLiteral("SELECT min(updated_at) > '%1'::timestamptz FROM campaigns").arg(stamp)).toBool(), true) << "updated_at trigger";
    const QString assignment = scalar(QStringLiteral("INSERT INTO agent_assignments (workspace_id, agent_id, move_id) SELECT '%1', r.id, m.id "
                                                     "FROM agent_registry r, moves m WHERE r.key = 'copywriter' AND m.workspace_id = '%1' LIMIT 1 RETURNING id").arg(ws)).toString();
    ASSERT_TRUE(exec(QStringLiteral("CALL finish_agent_assignment('%1', true, 1200, 5400)").arg(assignment)));
    EXPECT_EQ(column(QStringLiteral("SELECT concat_ws('|', runs, succeeded, failed, tokens_used) FROM agent_performance")), QStringList{"1|1|0|5400"});
    EXPECT_TRUE(failure(QStringLiteral("CALL finish_agent_assignment('%1', true, 1, 1)").arg(assignment)).contains(u"is already succeeded"));
    ASSERT_TRUE(check().rollback());

    // Roll the release back: the seeded schema exactly, and every seeded row as it was.
    const MigctlRun rollback = onTarget(QStringLiteral("rollback"), {QStringLiteral("--steps"), QStringLiteral("5")});
    ASSERT_EQ(rollback.exitCode, 0) << text(rollback);
    QStringList rolledBack;
    for (auto it = QRegularExpression(QStringLiteral("\\n\\[\\d/5\\] (01[3-7]) \\S+ rolled back in \\d+ ms")).globalMatch(rollback.out); it.hasNext();)
        rolledBack << it.next().captured(1);
    EXPECT_EQ(rolledBack, (QStringList{"017", "016", "015", "014", "013"})) << text(rollback);
    EXPECT_EQ(snapshot().value(u"fingerprint").toString(), baseline);
    EXPECT_EQ(seededContents(), contents);

    // And the release applies again on the rolled-back database (the plan is still signed).
    const MigctlRun reapply = onTarget(QStringLiteral("apply"));
    EXPECT_EQ(reapply.exitCode, 0) << text(reapply);
    for (const QString &state : statusStates(demoDir()))
        EXPECT_EQ(state, QStringLiteral("applied"));
}
