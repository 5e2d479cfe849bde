// Go/no-go on a SQLite target through the real migctl, as a DBA walks it: the checklist with its
// evidence, a GO that is refused, an override that is recorded as one, sign-offs bound to the
// scripts they approved, run windows, the run lock, and the recovery choices after a failed run.
#include "SqliteEngineSupport.h"

#include "policy/Signoffs.h"
#include "store/RunStore.h"

#include <QJsonArray>
#include <QTimeZone>

#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

using namespace sqlitetest;

namespace {

QJsonObject check(const QJsonObject &preflight, const QString &id)
{
    for (const QJsonValue &v : preflight.value(u"checks").toArray())
        if (v.toObject().value(u"id").toString() == id)
            return v.toObject();
    ADD_FAILURE() << "no check " << id.toStdString() << " in " << QJsonDocument(preflight).toJson().toStdString();
    return {};
}

QString verdict(const QJsonObject &preflight, const QString &id)
{
    return check(preflight, id).value(u"verdict").toString();
}

QString evidence(const QJsonObject &preflight, const QString &id)
{
    return check(preflight, id).value(u"evidence").toString();
}

// Two migrations with rollbacks that put the schema back, and one that drops a column.
void writeFolder(const Workspace &w)
{
    w.write(QStringLiteral("001_accounts.sql"),
            "CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL, legacy_code TEXT);\n"
            "INSERT INTO accounts (email, legacy_code) VALUES ('a@x', 'A'), ('b@x', 'B'), ('c@x', NULL);\n");
    w.write(QStringLiteral("001_accounts.rollback.sql"), "DROP TABLE accounts;\n");
    w.write(QStringLiteral("002_accounts_index.sql"), "CREATE INDEX accounts_email ON accounts (email);\n");
    w.write(QStringLiteral("002_accounts_index.rollback.sql"), "DROP INDEX accounts_email;\n");
}

void writePolicy(const Workspace &w, const QByteArray &json)
{
    w.write(QStringLiteral("migctl-policy.json"), json);
}

constexpr const char *StrictPolicy = R"({
  "signoffs": {"required": ["DBA", "Tech Lead"]},
  "backup": {"maxAgeHours": 24, "restoreTest": true},
  "rollback": "verified"
})";

class GoNoGoSqlite : public ::testing::Test
{
protected:
    void SetUp() override
    {
        writeFolder(w);
        writePolicy(w, StrictPolicy);
    }
    MigctlRun run(const QString &command, const QStringList &more = {})
    {
        return migctl(targetArgs(command, w.db(), w.dir()) + more, w.store(), 60000);
    }
    MigctlRun preflight() { return run(QStringLiteral("preflight"), {QStringLiteral("--json")}); }
    void signoff(const QString &role, const QString &name)
    {
        const MigctlRun s = run(QStringLiteral("signoff"), {QStringLiteral("--role"), role, QStringLiteral("--name"), name,
                                                            QStringLiteral("--comment"), QStringLiteral("read the diff")});
        ASSERT_EQ(s.exitCode, 0) << s.text();
    }
    // Everything GO needs except sign-offs: a restore-tested backup and verified rollbacks.
    void prepare()
    {
        const MigctlRun b = run(QStringLiteral("backup"), {QStringLiteral("--test")});
        ASSERT_EQ(b.exitCode, 0) << b.text();
        const MigctlRun p = run(QStringLiteral("preview"));
        ASSERT_EQ(p.exitCode, 0) << p.text();
    }
    QList<QJsonObject> events(const QString &runId)
    {
        mig::RunStore store;
        EXPECT_TRUE(store.open(w.store()).isEmpty());
        return store.events(runId);
    }

    Workspace w;
};

} // namespace

TEST_F(GoNoGoSqlite, AFreshTargetIsNoGoWithEvidenceForEachCheck)
{
    const MigctlRun r = preflight();
    ASSERT_EQ(r.exitCode, 1) << r.text();
    const QJsonObject d = r.json();
    EXPECT_EQ(d.value(u"verdict").toString(), u"NO-GO");
    EXPECT_EQ(d.value(u"pending").toArray().size(), 2);
    EXPECT_EQ(verdict(d, QStringLiteral("connection")), u"pass");
    EXPECT_EQ(verdict(d, QStringLiteral("server-version")), u"pass") << evidence(d, QStringLiteral("server-version")).toStdString();
    EXPECT_EQ(verdict(d, QStringLiteral("run-lock")), u"pass");
    EXPECT_EQ(verdict(d, QStringLiteral("history")), u"pass");
    EXPECT_EQ(verdict(d, QStringLiteral("drift")), u"warn"); // no run recorded yet: nothing to compare with
    EXPECT_EQ(verdict(d, QStringLiteral("backup")), u"fail");
    EXPECT_TRUE(evidence(d, QStringLiteral("backup")).contains(u"no backup of this target")) << evidence(d, QStringLiteral("backup")).toStdString();
    EXPECT_EQ(verdict(d, QStringLiteral("rollbacks")), u"fail");
    EXPECT_EQ(evidence(d, QStringLiteral("rollbacks")), u"2 of 2 pending migration(s) without a verified rollback");
    EXPECT_EQ(verdict(d, QStringLiteral("sessions")), u"n/a");
    EXPECT_EQ(verdict(d, QStringLiteral("run-window")), u"pass");
    EXPECT_EQ(verdict(d, QStringLiteral("signoffs")), u"fail");
    EXPECT_TRUE(evidence(d, QStringLiteral("signoffs")).endsWith(u"missing: DBA, Tech Lead")) << evidence(d, QStringLiteral("signoffs")).toStdString();
    // The checklist is kept as a run of its own, one event per check.
    const QList<QJsonObject> kept = events(d.value(u"run").toString());
    int checks = 0;
    for (const QJsonObject &e : kept)
        checks += e.value(u"check").toString().startsWith(u"preflight: ") ? 1 : 0;
    EXPECT_EQ(checks, 14);
    EXPECT_EQ(kept.last().value(u"status").toString(), u"no-go");
}

TEST_F(GoNoGoSqlite, ABlockedGoRefusesApplyAndLeavesTheTargetUntouched)
{
    const MigctlRun r = run(QStringLiteral("apply"));
    ASSERT_EQ(r.exitCode, 4) << r.text();
    EXPECT_TRUE(r.out.contains(u"NO-GO")) << r.text();
    EXPECT_TRUE(r.out.contains(u"refused")) << r.text();
    EXPECT_TRUE(r.out.contains(u"Sign-offs: plan")) << r.text();
    EXPECT_FALSE(hasTable(w.db(), QStringLiteral("accounts")));
    EXPECT_FALSE(hasTable(w.db(), QStringLiteral("migctl_history"))) << "a refused run must not leave a history table behind";
}

TEST_F(GoNoGoSqlite, AnOverrideNeedsAReasonAndIsRecordedAsAnOverride)
{
    const MigctlRun noReason = run(QStringLiteral("apply"), {QStringLiteral("--override"), QStringLiteral("  ")});
    EXPECT_EQ(noReason.exitCode, 2) << noReason.text();
    EXPECT_TRUE(noReason.err.contains(u"--override needs a written reason")) << noReason.text();

    const MigctlRun r = run(QStringLiteral("apply"), {QStringLiteral("--override"), QStringLiteral("incident INC-4711: hotfix, backup taken by ops"),
                                                      QStringLiteral("--name"), QStringLiteral("Ana Ruiz")});
    ASSERT_EQ(r.exitCode, 0) << r.text();
    EXPECT_TRUE(r.out.contains(u"NO-GO, OVERRIDDEN")) << r.text();
    EXPECT_TRUE(r.err.contains(u"GO by override: overridden by Ana Ruiz: incident INC-4711")) << r.text();
    EXPECT_EQ(scalar(w.db(), QStringLiteral("SELECT count(*) FROM accounts")).toInt(), 3);

    // In the run store: the run's go/no-go event says override, with the reason and what blocked.
    mig::RunStore store;
    ASSERT_TRUE(store.open(w.store()).isEmpty());
    const auto applyRun = store.latestRun(sqliteProfile(w.db()).storeKey(), {QStringLiteral("apply")});
    ASSERT_TRUE(applyRun.has_value());
    EXPECT_EQ(applyRun->outcome, u"succeeded");
    QJsonObject gate;
    for (const QJsonObject &e : store.events(applyRun->id))
        if (e.value(u"check").toString() == u"go/no-go")
            gate = e;
    EXPECT_EQ(gate.value(u"status").toString(), u"override");
    EXPECT_EQ(gate.value(u"measured").toString(), u"NO-GO, OVERRIDDEN");
    EXPECT_TRUE(gate.value(u"message").toString().contains(u"Fresh, restore-tested backup")) << gate.value(u"message").toString().toStdString();
    EXPECT_EQ(gate.value(u"data").toObject().value(u"override").toObject().value(u"reason").toString(), u"incident INC-4711: hotfix, backup taken by ops");
    // ... and beside the sign-offs, pointing at the run.
    mig::SignoffStore signoffs(store);
    const QList<mig::Signoff> kept = signoffs.forRun(applyRun->id);
    ASSERT_EQ(kept.size(), 1);
    EXPECT_EQ(kept.first().kind, u"override");
    EXPECT_EQ(kept.first().name, u"Ana Ruiz");
    EXPECT_EQ(kept.first().comment, u"incident INC-4711: hotfix, backup taken by ops");
}

TEST_F(GoNoGoSqlite, BackupPreviewAndTwoSignoffsMakeItGo)
{
    prepare();
    signoff(QStringLiteral("DBA"), QStringLiteral("Ana Ruiz"));
    // One person cannot be both required roles.
    signoff(QStringLiteral("Tech Lead"), QStringLiteral("Ana Ruiz"));
    MigctlRun r = preflight();
    ASSERT_EQ(r.exitCode, 1) << r.text();
    EXPECT_TRUE(evidence(r.json(), QStringLiteral("signoffs")).contains(u"one person signed as DBA and Tech Lead")) << r.text();

    signoff(QStringLiteral("Tech Lead"), QStringLiteral("Ben Okafor"));
    r = preflight();
    ASSERT_EQ(r.exitCode, 1) << "Ana's second role still counts against her: " << r.text();

    // A clean slate of sign-offs for this plan: a fresh run store with backup and preview again.
    QFile::remove(w.store());
    QFile::remove(w.store() + QStringLiteral("-wal"));
    QFile::remove(w.store() + QStringLiteral("-shm"));
    prepare();
    signoff(QStringLiteral("DBA"), QStringLiteral("Ana Ruiz"));
    signoff(QStringLiteral("Tech Lead"), QStringLiteral("Ben Okafor"));
    r = preflight();
    ASSERT_EQ(r.exitCode, 0) << r.text();
    const QJsonObject d = r.json();
    EXPECT_EQ(d.value(u"verdict").toString(), u"GO");
    EXPECT_EQ(verdict(d, QStringLiteral("backup")), u"pass") << evidence(d, QStringLiteral("backup")).toStdString();
    EXPECT_EQ(verdict(d, QStringLiteral("rollbacks")), u"pass") << evidence(d, QStringLiteral("rollbacks")).toStdString();
    EXPECT_EQ(verdict(d, QStringLiteral("signoffs")), u"pass");
    EXPECT_EQ(d.value(u"signoffs").toArray().size(), 2);
    EXPECT_FALSE(d.value(u"preRunBackup").toString().isEmpty());

    const MigctlRun applied = run(QStringLiteral("apply"));
    ASSERT_EQ(applied.exitCode, 0) << applied.text();
    EXPECT_TRUE(applied.err.contains(u"pre-run backup: ") || applied.out.contains(u"pre-run backup: ")) << applied.text();
    // The sign-offs now point at the run they let through.
    mig::RunStore store;
    ASSERT_TRUE(store.open(w.store()).isEmpty());
    const auto applyRun = store.latestRun(sqliteProfile(w.db()).storeKey(), {QStringLiteral("apply")});
    ASSERT_TRUE(applyRun.has_value());
    mig::SignoffStore signoffs(store);
    EXPECT_EQ(signoffs.forRun(applyRun->id).size(), 2);
}

TEST_F(GoNoGoSqlite, EditingAScriptVoidsTheSignoffsOfThePlan)
{
    signoff(QStringLiteral("DBA"), QStringLiteral("Ana Ruiz"));
    signoff(QStringLiteral("Tech Lead"), QStringLiteral("Ben Okafor"));
    QJsonObject before = preflight().json();
    EXPECT_EQ(verdict(before, QStringLiteral("signoffs")), u"pass");
    w.write(QStringLiteral("002_accounts_index.sql"), "CREATE UNIQUE INDEX accounts_email ON accounts (email);\n");
    const QJsonObject after = preflight().json();
    EXPECT_NE(after.value(u"plan").toString(), before.value(u"plan").toString());
    EXPECT_EQ(verdict(after, QStringLiteral("signoffs")), u"fail");
    EXPECT_TRUE(evidence(after, QStringLiteral("signoffs")).endsWith(u"missing: DBA, Tech Lead"));
}

TEST_F(GoNoGoSqlite, RunWindowsBlockOutsideAndThePolicyCanMakeThatAWarning)
{
    // A one-hour window twelve hours from now, in UTC.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QTime from = now.addSecs(12 * 3600).time();
    const QByteArray window = QStringLiteral(R"({"windows": [{"from": "%1", "to": "%2", "timezone": "UTC"}], "backup": {"required": false}, "rollback": "none" %3})")
                                  .arg(from.toString(QStringLiteral("HH:mm")), from.addSecs(3600).toString(QStringLiteral("HH:mm")))
                                  .toUtf8();
    writePolicy(w, QString::fromUtf8(window).arg(QString()).toUtf8());
    QJsonObject d = preflight().json();
    EXPECT_EQ(verdict(d, QStringLiteral("run-window")), u"fail");
    EXPECT_TRUE(evidence(d, QStringLiteral("run-window")).contains(u"is outside the allowed window(s)")) << evidence(d, QStringLiteral("run-window")).toStdString();
    EXPECT_TRUE(d.value(u"blockers").toArray().contains(QJsonValue(QStringLiteral("Inside an allowed run window: ") + evidence(d, QStringLiteral("run-window")))));

    writePolicy(w, QString::fromUtf8(window).arg(QStringLiteral(R"(, "checks": {"run-window": "warn"})")).toUtf8());
    d = preflight().json();
    EXPECT_EQ(verdict(d, QStringLiteral("run-window")), u"fail");
    EXPECT_FALSE(check(d, QStringLiteral("run-window")).value(u"blocks").toBool());
    for (const QJsonValue &b : d.value(u"blockers").toArray())
        EXPECT_FALSE(b.toString().startsWith(u"Inside an allowed run window")) << b.toString().toStdString();
}

TEST_F(GoNoGoSqlite, AHeldRunLockFailsItsCheck)
{
    // Another run holds the target's lock (as migctl does: flock on DB-migctl.lock, with a note).
    const QByteArray lockPath = QFile::encodeName(QFileInfo(w.db()).absoluteFilePath() + QStringLiteral("-migctl.lock"));
    const int fd = ::open(lockPath.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    const QByteArray note = R"({"run":"20261121T000000Z-beef","who":"dba@ops","since":"2026-11-21T00:00:00.000Z","pid":"4242"})";
    ASSERT_EQ(::write(fd, note.constData(), note.size()), note.size());
    const QJsonObject d = preflight().json();
    ::close(fd);
    EXPECT_EQ(verdict(d, QStringLiteral("run-lock")), u"fail");
    EXPECT_TRUE(evidence(d, QStringLiteral("run-lock")).contains(u"dba@ops")) << evidence(d, QStringLiteral("run-lock")).toStdString();
    EXPECT_EQ(verdict(preflight().json(), QStringLiteral("run-lock")), u"pass") << "released";
}

TEST_F(GoNoGoSqlite, AFailedRunOffersResumeRollbackAndThePreRunBackup)
{
    writePolicy(w, R"({"enforce": false})");
    w.write(QStringLiteral("003_broken.sql"), "ALTER TABLE accounts ADD COLUMN plan TEXT;\nINSERT INTO no_such_table VALUES (1);\n");
    const MigctlRun b = run(QStringLiteral("backup"), {QStringLiteral("--test")});
    ASSERT_EQ(b.exitCode, 0) << b.text();
    const MigctlRun failed = run(QStringLiteral("apply"));
    ASSERT_EQ(failed.exitCode, 1) << failed.text();

    const MigctlRun st = run(QStringLiteral("status"), {QStringLiteral("--json")});
    const QJsonObject recovery = st.json().value(u"recovery").toObject();
    ASSERT_FALSE(recovery.isEmpty()) << st.text();
    EXPECT_EQ(recovery.value(u"outcome").toString(), u"failed");
    const QJsonArray choices = recovery.value(u"choices").toArray();
    ASSERT_EQ(choices.size(), 3);
    EXPECT_EQ(choices.at(0).toObject().value(u"title").toString(), u"Retry 003 broken after fixing it");
    EXPECT_EQ(choices.at(1).toObject().value(u"command").toString(), u"migctl rollback --steps 2") << "001 and 002 were applied by the run";
    const QJsonObject restore = choices.at(2).toObject();
    EXPECT_TRUE(restore.value(u"available").toBool());
    EXPECT_TRUE(restore.value(u"command").toString().startsWith(u"migctl restore b")) << restore.value(u"command").toString().toStdString();
    EXPECT_TRUE(restore.value(u"detail").toString().contains(u"restore test: pass")) << restore.value(u"detail").toString().toStdString();

    const MigctlRun text = run(QStringLiteral("status"));
    EXPECT_TRUE(text.out.contains(u"Recovery choices:")) << text.text();

    // Once a later apply succeeds, there is nothing to recover from.
    w.write(QStringLiteral("003_broken.sql"), "ALTER TABLE accounts ADD COLUMN plan TEXT;\n");
    ASSERT_EQ(run(QStringLiteral("apply")).exitCode, 0);
    EXPECT_TRUE(run(QStringLiteral("status"), {QStringLiteral("--json")}).json().value(u"recovery").isNull());
}

TEST_F(GoNoGoSqlite, AnInvalidPolicyStopsApplyBeforeAnythingRuns)
{
    writePolicy(w, "{\n  \"signoffs\": {\"requird\": [\"DBA\"]}\n}\n");
    const MigctlRun r = run(QStringLiteral("apply"));
    EXPECT_EQ(r.exitCode, 3) << r.text();
    EXPECT_TRUE(r.err.contains(u"migctl-policy.json:2: unknown key \"requird\" in \"signoffs\"")) << r.text();
    EXPECT_FALSE(QFile::exists(w.db())) << "nothing was run, not even a connection";
}

TEST_F(GoNoGoSqlite, BackupsGoWhereThePolicySays)
{
    const QString folder = w.tmp.file(QStringLiteral("policy-backups"));
    writePolicy(w, QStringLiteral(R"({"backup": {"dir": "%1"}})").arg(folder).toUtf8());
    const MigctlRun b = run(QStringLiteral("backup"));
    ASSERT_EQ(b.exitCode, 0) << b.text();
    const QStringList files = QDir(folder).entryList(QDir::Files);
    ASSERT_EQ(files.size(), 1) << b.text();
    EXPECT_EQ(QFileInfo(QDir(folder).filePath(files.first())).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions())
        << "a backup is readable by its owner only";
    // The disk check looks at the same place.
    const QJsonObject d = preflight().json();
    EXPECT_TRUE(evidence(d, QStringLiteral("disk")).contains(folder)) << evidence(d, QStringLiteral("disk")).toStdString();
}
