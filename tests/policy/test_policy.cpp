// The go/no-go policy file: read strictly (a misspelt key is an error with its line, never a rule
// silently dropped), run windows across midnight and time zones, and the plan fingerprint that
// sign-offs are bound to.
#include "policy/Policy.h"
#include "policy/Signoffs.h"
#include "preflight/Checklist.h"

#include <gtest/gtest.h>

#include <QDateTime>

using mig::Policy;

namespace {

mig::PolicyLoad parse(const char *json)
{
    return mig::parsePolicy(QByteArray(json), QStringLiteral("migrations/migctl-policy.json"));
}

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODate).toUTC();
}

} // namespace

TEST(Policy, DefaultsWithoutAFileAreAdvisory)
{
    const mig::PolicyLoad load = mig::loadPolicy(QStringLiteral("/nonexistent/folder"));
    EXPECT_TRUE(load.error.isEmpty()) << load.error.toStdString();
    EXPECT_FALSE(load.policy.enforce);
    EXPECT_TRUE(load.policy.source.isEmpty());
    EXPECT_TRUE(load.policy.requiredRoles.isEmpty());
    EXPECT_EQ(load.policy.levelOf(QStringLiteral("drift")), Policy::Level::Block);
    EXPECT_EQ(load.policy.rollback, Policy::Rollback::Verified);
}

TEST(Policy, AGivenFileThatDoesNotExistIsAnError)
{
    const mig::PolicyLoad load = mig::loadPolicy(QStringLiteral("/tmp"), QStringLiteral("/nonexistent/policy.json"));
    EXPECT_EQ(load.error, u"/nonexistent/policy.json: no such policy file");
}

TEST(Policy, ReadsEverySection)
{
    const mig::PolicyLoad load = parse(R"({
  "schema": "migctl.policy/1",
  "checks": {"replication": "warn", "run-window": "off"},
  "lint": {"rules": {"drop-table": "block", "rename-breaks-code": "off"}, "largeTableRows": 5000, "largeTableBytes": 1048576},
  "signoffs": {"required": ["DBA", "Tech Lead", "dba"], "distinctPeople": false},
  "backup": {"required": true, "maxAgeHours": 6, "restoreTest": false, "dir": "/var/backups/migctl"},
  "rollback": "present",
  "sessions": {"longTransactionSeconds": 30, "maxReplicationLagSeconds": 5, "maxActiveSessions": 200},
  "windows": [{"days": ["Sat", "Sunday"], "from": "01:00", "to": "05:00", "timezone": "Europe/Paris"}]
})");
    ASSERT_TRUE(load.error.isEmpty()) << load.error.toStdString();
    const Policy &p = load.policy;
    EXPECT_TRUE(p.enforce); // a policy file enforces unless it says otherwise
    EXPECT_EQ(p.levelOf(QStringLiteral("replication")), Policy::Level::Warn);
    EXPECT_EQ(p.levelOf(QStringLiteral("run-window")), Policy::Level::Off);
    EXPECT_EQ(p.levelOf(QStringLiteral("backup")), Policy::Level::Block);
    EXPECT_EQ(p.lintRules.value(QStringLiteral("drop-table")), u"block");
    EXPECT_EQ(p.lintRules.value(QStringLiteral("rename-breaks-code")), u"off");
    EXPECT_EQ(p.largeTableRows, 5000);
    EXPECT_EQ(p.largeTableBytes, 1048576);
    EXPECT_EQ(p.requiredRoles, (QStringList{QStringLiteral("DBA"), QStringLiteral("Tech Lead")})); // "dba" is the same role
    EXPECT_FALSE(p.distinctSigners);
    EXPECT_EQ(p.backupMaxAgeHours, 6);
    EXPECT_FALSE(p.restoreTestRequired);
    EXPECT_EQ(p.backupDir, u"/var/backups/migctl");
    EXPECT_EQ(p.rollback, Policy::Rollback::Present);
    EXPECT_EQ(p.longTransactionSeconds, 30);
    EXPECT_EQ(p.maxReplicationLagSeconds, 5);
    EXPECT_EQ(p.maxActiveSessions, 200);
    ASSERT_EQ(p.windows.size(), 1);
    EXPECT_EQ(p.windows.first().text, u"Sat,Sunday 01:00-05:00 Europe/Paris");
}

TEST(Policy, MistakesNameTheLineAndTheKey)
{
    struct Case {
        const char *json;
        const char *error;
    };
    const Case cases[] = {
        {"{\n  \"signofs\": {\"required\": [\"DBA\"]}\n}",
         "migrations/migctl-policy.json:2: unknown key \"signofs\" (known: schema, enforce, checks, lint, signoffs, backup, rollback, sessions, windows)"},
        {"{\n  \"backup\": {\n    \"maxAge\": 4\n  }\n}",
         "migrations/migctl-policy.json:3: unknown key \"maxAge\" in \"backup\" (known: required, maxAgeHours, restoreTest, dir)"},
        {"{\"checks\": {\"replication\": \"maybe\"}}",
         "migrations/migctl-policy.json:1: check \"replication\" must be \"block\", \"warn\" or \"off\""},
        {"{\"checks\": {\"coffee\": \"block\"}}",
         "migrations/migctl-policy.json:1: unknown check \"coffee\" (known: connection, server-version, run-lock, history, drift, backup, rollbacks, lint, sessions, long-transactions, replication, disk, run-window, signoffs)"},
        {"{\"backup\": {\"maxAgeHours\": \"24\"}}", "migrations/migctl-policy.json:1: \"maxAgeHours\" must be a whole number >= 1"},
        {"{\"backup\": {\"maxAgeHours\": 0}}", "migrations/migctl-policy.json:1: \"maxAgeHours\" must be a whole number >= 1"},
        {"{\"backup\": {\"dir\": \"backups\"}}", "migrations/migctl-policy.json:1: \"backup\".\"dir\" must be an absolute path"},
        {"{\"rollback\": \"maybe\"}", "migrations/migctl-policy.json:1: \"rollback\" must be \"verified\", \"present\" or \"none\""},
        {"{\"windows\": [{\"days\": [\"Caturday\"], \"from\": \"01:00\", \"to\": \"02:00\"}]}",
         "migrations/migctl-policy.json:1: \"Caturday\" is not a day (Mon, Tue, ... Sun)"},
        {"{\"windows\": [{\"from\": \"25:00\", \"to\": \"02:00\"}]}",
         "migrations/migctl-policy.json:1: a window needs \"from\" and \"to\" as different HH:MM times"},
        {"{\"windows\": [{\"from\": \"01:00\", \"to\": \"02:00\", \"timezone\": \"Mars/Olympus\"}]}",
         "migrations/migctl-policy.json:1: unknown time zone \"Mars/Olympus\" (an IANA name such as Europe/Paris, or UTC)"},
        {"{\"signoffs\": {\"required\": [\"\"]}}", "migrations/migctl-policy.json:1: each required sign-off role must be a non-empty string"},
        {"{\n\"enforce\": true,\n\"lint\": {\"rules\": {\"drop-table\": \"fatal\"}}}",
         "migrations/migctl-policy.json:3: lint rule \"drop-table\" must be \"block\", \"warn\", \"info\" or \"off\""},
        {"{\n  \"enforce\": tru\n}", "migrations/migctl-policy.json:2: not valid JSON: illegal value"},
        {"[1, 2]", "migrations/migctl-policy.json: the policy must be a JSON object"},
    };
    for (const Case &c : cases)
        EXPECT_EQ(parse(c.json).error.toStdString(), std::string(c.error)) << c.json;
}

TEST(Policy, RunWindowsHonourDaysTimeZonesAndMidnight)
{
    const mig::PolicyLoad load = parse(R"({"windows": [
        {"days": ["Sat"], "from": "22:00", "to": "02:00", "timezone": "UTC"},
        {"days": ["Wed"], "from": "01:00", "to": "03:00", "timezone": "America/New_York"}]})");
    ASSERT_TRUE(load.error.isEmpty()) << load.error.toStdString();
    QString why;
    // 2026-11-21 is a Saturday.
    EXPECT_TRUE(load.policy.allowsNow(utc("2026-11-21T23:30:00Z"), &why)) << why.toStdString();
    EXPECT_EQ(why, u"inside the window Sat 22:00-02:00 UTC");
    EXPECT_TRUE(load.policy.allowsNow(utc("2026-11-22T01:59:00Z"), &why)) << "Sunday early morning belongs to Saturday's window";
    EXPECT_FALSE(load.policy.allowsNow(utc("2026-11-22T02:00:00Z"), &why));
    EXPECT_FALSE(load.policy.allowsNow(utc("2026-11-21T01:00:00Z"), &why)) << "Saturday 01:00 belongs to Friday night, which has no window";
    EXPECT_EQ(why, u"2026-11-21T01:00:00Z is outside the allowed window(s): Sat 22:00-02:00 UTC; Wed 01:00-03:00 America/New_York");
    // Wednesday 02:00 in New York (EST, UTC-5) is 07:00 UTC.
    EXPECT_TRUE(load.policy.allowsNow(utc("2026-11-25T07:00:00Z"), &why)) << why.toStdString();
    EXPECT_FALSE(load.policy.allowsNow(utc("2026-11-25T02:00:00Z"), &why));

    QString none;
    EXPECT_TRUE(Policy().allowsNow(utc("2026-11-25T02:00:00Z"), &none));
    EXPECT_EQ(none, u"the policy sets no run window");
}

TEST(Policy, AWarnLevelKeepsAFailureFromBlocking)
{
    mig::GoDecision d;
    d.checks << mig::CheckLine{QStringLiteral("replication"), QStringLiteral("Replication lag"), QStringLiteral("fail"), QStringLiteral("lag 40 s"), {}, Policy::Level::Warn, {}};
    d.checks << mig::CheckLine{QStringLiteral("backup"), QStringLiteral("Backup"), QStringLiteral("pass"), QStringLiteral("ok"), {}, Policy::Level::Block, {}};
    EXPECT_TRUE(d.go());
    EXPECT_EQ(d.verdictText(), u"GO");
    d.checks << mig::CheckLine{QStringLiteral("drift"), QStringLiteral("No drift"), QStringLiteral("fail"), QStringLiteral("2 changes"), {}, Policy::Level::Block, {}};
    EXPECT_FALSE(d.go());
    EXPECT_EQ(d.blockers(), QStringList{QStringLiteral("No drift: 2 changes")});
    EXPECT_EQ(d.verdictText(), u"NO-GO");
    d.override.comment = QStringLiteral("hotfix for incident 4711");
    EXPECT_TRUE(d.overridden());
    EXPECT_EQ(d.verdictText(), u"NO-GO, OVERRIDDEN");
    EXPECT_EQ(d.toJson().value(u"override").toObject().value(u"reason").toString(), u"hotfix for incident 4711");
}
