// computeStatus as a pure function: a folder plan against hand-made history rows.
#include "TempFolder.h"

#include "plan/Status.h"

#include <gtest/gtest.h>

#include <cstring>

using mig::HistoryRow;
using mig::MigrationState;
using mig::TargetStatus;

namespace {

// 001, 002, 003 in the native layout; every test reads the same folder.
struct Folder {
    TempFolder dir;
    mig::FolderPlan plan;

    Folder()
    {
        dir.write(QStringLiteral("001_users.sql"), "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
        dir.write(QStringLiteral("002_orders.sql"), "CREATE TABLE orders (id INTEGER);\nINSERT INTO orders VALUES (1);\n");
        dir.write(QStringLiteral("003_index.sql"), "CREATE INDEX orders_id ON orders (id);\n");
        plan = mig::planFolder(dir.path(), mig::Dialect::Sqlite);
    }
    QString checksum(int i) const { return QString::fromLatin1(plan.migrations.at(i).migration.checksum); }
};

HistoryRow row(const QString &version, const QString &name, const QString &checksum, const QString &status = QStringLiteral("applied"),
               const QString &direction = QStringLiteral("up"), const QString &action = QStringLiteral("apply"))
{
    static qint64 id = 0;
    HistoryRow r;
    r.id = ++id;
    r.version = version;
    r.name = name;
    r.checksum = checksum;
    r.status = status;
    r.direction = direction;
    r.action = action;
    r.startedAt = QStringLiteral("2026-11-21T09:30:00.000Z");
    r.finishedAt = QStringLiteral("2026-11-21T09:30:01.250Z");
    r.runId = QStringLiteral("20261121T093000Z-beef");
    r.appliedBy = QStringLiteral("dba@prod-jump");
    r.consoleVersion = QStringLiteral("0.1.0");
    return r;
}

QStringList states(const TargetStatus &s)
{
    QStringList out;
    for (const mig::MigrationStatus &m : s.migrations)
        out << QStringLiteral("%1 %2").arg(m.version, mig::stateName(m.state));
    return out;
}

} // namespace

TEST(Status, NothingAppliedIsAllPending)
{
    Folder f;
    ASSERT_FALSE(f.plan.hasErrors());
    ASSERT_EQ(f.plan.migrations.size(), 3);
    const TargetStatus s = mig::computeStatus(f.plan, {});
    EXPECT_EQ(states(s), (QStringList{"001 pending", "002 pending", "003 pending"}));
    EXPECT_TRUE(s.currentVersion.isEmpty());
    EXPECT_TRUE(s.blockers(false).isEmpty());
    EXPECT_EQ(s.count(MigrationState::Pending), 3);
    for (const mig::MigrationStatus &m : s.migrations) {
        EXPECT_TRUE(m.planned.has_value());
        EXPECT_FALSE(m.last.has_value());
        EXPECT_TRUE(m.detail.isEmpty());
    }
}

TEST(Status, AppliedAndPending)
{
    Folder f;
    const TargetStatus s = mig::computeStatus(f.plan, {row("001", "users", f.checksum(0)), row("002", "orders", f.checksum(1))});
    EXPECT_EQ(states(s), (QStringList{"001 applied", "002 applied", "003 pending"}));
    EXPECT_EQ(s.currentVersion, QStringLiteral("002"));
    EXPECT_EQ(s.migrations.at(0).detail, QStringLiteral("applied 2026-11-21T09:30:01.250Z by dba@prod-jump"));
    ASSERT_TRUE(s.migrations.at(1).last.has_value());
    EXPECT_EQ(s.migrations.at(1).last->version, QStringLiteral("002"));
    EXPECT_EQ(s.count(MigrationState::Applied), 2);
    EXPECT_EQ(s.count(MigrationState::Pending), 1);
    EXPECT_TRUE(s.blockers(false).isEmpty());
}

TEST(Status, MarkAppliedAndBaselineRowsShowTheirAction)
{
    Folder f;
    HistoryRow marked = row("001", "users", f.checksum(0), QStringLiteral("applied"), QStringLiteral("up"), QStringLiteral("mark-applied"));
    const TargetStatus s = mig::computeStatus(f.plan, {marked, row("002", "orders", f.checksum(1), "applied", "up", "baseline")});
    EXPECT_EQ(states(s), (QStringList{"001 applied", "002 applied", "003 pending"}));
    EXPECT_EQ(s.migrations.at(0).detail, QStringLiteral("mark-applied 2026-11-21T09:30:01.250Z by dba@prod-jump"));
    EXPECT_EQ(s.migrations.at(1).detail, QStringLiteral("baseline 2026-11-21T09:30:01.250Z by dba@prod-jump"));
}

TEST(Status, ModifiedBlocksApply)
{
    Folder f;
    const TargetStatus s = mig::computeStatus(f.plan, {row("001", "users", f.checksum(0)), row("002", "orders", QStringLiteral("0000feed"))});
    EXPECT_EQ(states(s), (QStringList{"001 applied", "002 modified", "003 pending"}));
    // What runs now is not what was applied: it does not make the current version.
    EXPECT_EQ(s.currentVersion, QStringLiteral("001"));
    EXPECT_EQ(s.blockers(false), QStringList{QStringLiteral("002 orders was modified after it was applied (checksum changed; see migctl status)")});
    EXPECT_EQ(s.blockers(true), s.blockers(false)); // --allow-out-of-order does not excuse it
}

TEST(Status, MissingFileIsListedAfterTheFolder)
{
    Folder f;
    QList<HistoryRow> h{row("001", "users", f.checksum(0)), row("000", "legacy", QStringLiteral("aa"))};
    // Failed, cancelled or rolled back and then deleted: nothing of it is left, not listed.
    h << row("004", "abandoned", QStringLiteral("bb"), QStringLiteral("failed"));
    h << row("005", "stopped", QStringLiteral("cc"), QStringLiteral("cancelled"));
    h << row("006", "undone", QStringLiteral("dd")) << row("006", "undone", QStringLiteral("ee"), "rolled_back", "down", "rollback");
    HistoryRow dirty = row("007", "half", QStringLiteral("ff"), QStringLiteral("dirty"));
    dirty.statementsDone = 1;
    dirty.statementsTotal = 3;
    h << dirty;
    const TargetStatus s = mig::computeStatus(f.plan, h);
    EXPECT_EQ(states(s), (QStringList{"001 applied", "002 pending", "003 pending", "000 missing", "007 dirty"}));
    const mig::MigrationStatus &missing = s.migrations.at(3);
    EXPECT_FALSE(missing.planned.has_value());
    EXPECT_EQ(missing.name, QStringLiteral("legacy"));
    EXPECT_EQ(missing.detail, QStringLiteral("applied 2026-11-21T09:30:01.250Z by dba@prod-jump, but its file is gone"));
    EXPECT_TRUE(s.migrations.at(4).detail.endsWith(u" (its file is gone)")) << s.migrations.at(4).detail.toStdString();
    EXPECT_EQ(s.count(MigrationState::Missing), 1);
    // A missing file does not block; a dirty one does, even without its file.
    EXPECT_EQ(s.blockers(false).size(), 1);
    EXPECT_TRUE(s.blockers(false).first().startsWith(u"007 half is dirty (")) << s.blockers(false).first().toStdString();
}

TEST(Status, FailedWithTheFailingStatement)
{
    Folder f;
    HistoryRow failed = row("002", "orders", f.checksum(1), QStringLiteral("failed"));
    failed.statementsTotal = 2;
    failed.errorCode = QStringLiteral("1");
    failed.errorMessage = QStringLiteral("no such table: orderz");
    failed.errorFile = QStringLiteral("002_orders.sql");
    failed.errorLine = 2;
    failed.errorStatement = QStringLiteral("INSERT INTO orderz\n   VALUES (1)");
    const TargetStatus s = mig::computeStatus(f.plan, {row("001", "users", f.checksum(0)), failed});
    EXPECT_EQ(states(s), (QStringList{"001 applied", "002 failed", "003 pending"}));
    EXPECT_EQ(s.migrations.at(1).detail,
              QStringLiteral("stopped at statement 1 of 2 (002_orders.sql:2): no such table: orderz [1] -- statement: INSERT INTO orderz VALUES (1)"));
    EXPECT_EQ(s.currentVersion, QStringLiteral("001"));
    EXPECT_TRUE(s.blockers(false).isEmpty()); // a failed migration left nothing: apply retries it
}

TEST(Status, CancelledBeforeAnythingCommittedIsFailedAndSaysCancelled)
{
    Folder f;
    HistoryRow cancelled = row("001", "users", f.checksum(0), QStringLiteral("cancelled"));
    cancelled.statementsTotal = 1;
    cancelled.errorCode = QStringLiteral("9");
    cancelled.errorMessage = QStringLiteral("interrupted");
    const TargetStatus s = mig::computeStatus(f.plan, {cancelled});
    EXPECT_EQ(s.migrations.at(0).state, MigrationState::Failed);
    EXPECT_EQ(s.migrations.at(0).detail, QStringLiteral("cancelled at statement 1 of 1: interrupted [9]"));
}

TEST(Status, DirtyWithDetail)
{
    Folder f;
    HistoryRow dirty = row("002", "orders", f.checksum(1), QStringLiteral("dirty"));
    dirty.statementsDone = 1;
    dirty.statementsTotal = 2;
    dirty.batchRowsDone = 40;
    dirty.errorCode = QStringLiteral("19");
    dirty.errorMessage = QStringLiteral("UNIQUE constraint failed: orders.id");
    dirty.errorFile = QStringLiteral("002_orders.sql");
    dirty.errorLine = 2;
    dirty.errorStatement = QStringLiteral("INSERT INTO orders VALUES (1) ") + QStringLiteral("x").repeated(300);
    const TargetStatus s = mig::computeStatus(f.plan, {row("001", "users", f.checksum(0)), dirty});
    EXPECT_EQ(states(s), (QStringList{"001 applied", "002 dirty", "003 pending"}));
    const QString detail = s.migrations.at(1).detail;
    EXPECT_TRUE(detail.startsWith(QStringLiteral("stopped at statement 2 of 2 (002_orders.sql:2), 1 statement(s) committed, "
                                                 "40 row(s) of its batches done: UNIQUE constraint failed: orders.id [19] -- statement: "
                                                 "INSERT INTO orders VALUES (1) xxx")))
        << detail.toStdString();
    // The statement is cut to 200 characters.
    EXPECT_EQ(detail.size() - detail.indexOf(u"-- statement: ") - int(strlen("-- statement: ")), 200);
    const QStringList blockers = s.blockers(true);
    ASSERT_EQ(blockers.size(), 1);
    EXPECT_EQ(blockers.first(), QStringLiteral("002 orders is dirty (%1): fix it, then run migctl resume, rollback or mark-applied").arg(detail));

    // A rollback that stopped part-way says so.
    HistoryRow down = dirty;
    down.direction = QStringLiteral("down");
    down.id += 100;
    const TargetStatus d = mig::computeStatus(f.plan, {row("001", "users", f.checksum(0)), row("002", "orders", f.checksum(1)), down});
    EXPECT_EQ(d.migrations.at(1).state, MigrationState::Dirty);
    EXPECT_TRUE(d.migrations.at(1).detail.startsWith(u"rollback stopped at statement 2 of 2")) << d.migrations.at(1).detail.toStdString();
}

TEST(Status, OutOfOrderIsABlockerUnlessAllowed)
{
    Folder f;
    const TargetStatus s = mig::computeStatus(f.plan, {row("001", "users", f.checksum(0)), row("003", "index", f.checksum(2))});
    EXPECT_EQ(states(s), (QStringList{"001 applied", "002 out-of-order", "003 applied"}));
    EXPECT_EQ(s.currentVersion, QStringLiteral("003"));
    EXPECT_EQ(s.blockers(false),
              QStringList{QStringLiteral("002 orders is older than the applied version 003 (use --allow-out-of-order to apply it)")});
    EXPECT_TRUE(s.blockers(true).isEmpty());
}

TEST(Status, RolledBackIsPendingAgain)
{
    Folder f;
    const TargetStatus s = mig::computeStatus(
        f.plan, {row("001", "users", f.checksum(0)), row("002", "orders", f.checksum(1)), row("003", "index", f.checksum(2)),
                 row("003", "index", QStringLiteral("down-sum"), "rolled_back", "down", "rollback")});
    EXPECT_EQ(states(s), (QStringList{"001 applied", "002 applied", "003 pending"}));
    EXPECT_EQ(s.currentVersion, QStringLiteral("002"));
    EXPECT_EQ(s.migrations.at(2).detail, QStringLiteral("rolled back 2026-11-21T09:30:01.250Z by dba@prod-jump"));
    EXPECT_TRUE(s.blockers(false).isEmpty());

    // Rolling back a middle one while a newer stays applied makes it out of order.
    const TargetStatus m = mig::computeStatus(
        f.plan, {row("001", "users", f.checksum(0)), row("002", "orders", f.checksum(1)), row("003", "index", f.checksum(2)),
                 row("002", "orders", QStringLiteral("down-sum"), "rolled_back", "down", "rollback")});
    EXPECT_EQ(states(m), (QStringList{"001 applied", "002 out-of-order", "003 applied"}));
}

TEST(Status, FailedRollbackLeavesItApplied)
{
    Folder f;
    HistoryRow down = row("003", "index", QStringLiteral("down-sum"), "failed", "down", "rollback");
    down.statementsTotal = 1;
    down.errorMessage = QStringLiteral("no such index: orders_id");
    const TargetStatus s = mig::computeStatus(f.plan, {row("001", "users", f.checksum(0)), row("003", "index", f.checksum(2)), down});
    EXPECT_EQ(s.migrations.at(2).state, MigrationState::Applied);
    // The state is the applied row's; the failed attempt is told after it.
    EXPECT_TRUE(s.migrations.at(2).detail.endsWith(QStringLiteral("; then a rollback stopped at statement 1 of 1: no such index: orders_id")))
        << s.migrations.at(2).detail.toStdString();
    EXPECT_EQ(s.migrations.at(2).last->direction, QStringLiteral("up"));
    EXPECT_EQ(s.currentVersion, QStringLiteral("003"));
}

TEST(Status, TheLatestRowWins)
{
    Folder f;
    HistoryRow failed = row("001", "users", f.checksum(0), QStringLiteral("failed"));
    const TargetStatus s = mig::computeStatus(f.plan, {failed, row("001", "users", f.checksum(0))});
    EXPECT_EQ(s.migrations.at(0).state, MigrationState::Applied);
    const TargetStatus t = mig::computeStatus(f.plan, {row("001", "users", f.checksum(0)), row("001", "users", "x", "rolled_back", "down", "rollback"),
                                                       failed});
    EXPECT_EQ(t.migrations.at(0).state, MigrationState::Failed);
}

TEST(Status, RepeatableRunsAgainWhenItsChecksumChanges)
{
    TempFolder dir;
    dir.write(QStringLiteral("V1__Create_people.sql"), "CREATE TABLE people (id INTEGER);\n");
    dir.write(QStringLiteral("V2__Add_index.sql"), "CREATE INDEX people_id ON people (id);\n");
    dir.write(QStringLiteral("R__Refresh_views.sql"), "DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT * FROM people;\n");
    const mig::FolderPlan plan = mig::planFolder(dir.path(), mig::Dialect::Sqlite);
    ASSERT_FALSE(plan.hasErrors());
    ASSERT_EQ(plan.migrations.size(), 3);
    const mig::Migration &r = plan.migrations.at(2).migration;
    ASSERT_TRUE(r.repeatable);
    ASSERT_EQ(r.name, QStringLiteral("Refresh views"));
    const QString v1 = QString::fromLatin1(plan.migrations.at(0).migration.checksum);

    // Never ran: pending, by name ("R:" key), and no version.
    TargetStatus s = mig::computeStatus(plan, {row("1", "Create people", v1)});
    EXPECT_EQ(states(s), (QStringList{"1 applied", "2 pending", " pending"}));
    EXPECT_EQ(mig::historyKey(r), QStringLiteral("R:Refresh views"));

    // Ran with the same text: applied; repeatables never make the current version.
    s = mig::computeStatus(plan, {row("1", "Create people", v1), row(QString(), "Refresh views", QString::fromLatin1(r.checksum))});
    EXPECT_EQ(s.migrations.at(2).state, MigrationState::Applied);
    EXPECT_EQ(s.currentVersion, QStringLiteral("1"));
    EXPECT_EQ(s.migrations.at(1).state, MigrationState::Pending); // not out of order behind a repeatable

    // Changed since: pending again, not modified, and not a blocker.
    s = mig::computeStatus(plan, {row("1", "Create people", v1), row(QString(), "Refresh views", QStringLiteral("old"))});
    EXPECT_EQ(s.migrations.at(2).state, MigrationState::Pending);
    EXPECT_EQ(s.migrations.at(2).detail, QStringLiteral("changed since it last ran: runs again"));
    EXPECT_TRUE(s.blockers(false).isEmpty());
}

TEST(Status, HistoryKeys)
{
    HistoryRow r;
    r.version = QStringLiteral("1.1");
    r.name = QStringLiteral("x");
    EXPECT_EQ(mig::historyKey(r), QStringLiteral("1.1"));
    r.version.clear();
    EXPECT_EQ(mig::historyKey(r), QStringLiteral("R:x"));
    EXPECT_EQ(mig::stateName(MigrationState::OutOfOrder), QStringLiteral("out-of-order"));
    EXPECT_EQ(mig::stateName(MigrationState::Dirty), QStringLiteral("dirty"));
}

// A rollback that fails at its first statement changes nothing: a dirty migration stays dirty
// (its statement k never ran, so it must not read as applied), and apply stays refused.
TEST(Status, FailedRollbackOfADirtyMigrationLeavesItDirty)
{
    Folder f;
    HistoryRow dirty = row("002", "orders", f.checksum(1), QStringLiteral("dirty"));
    dirty.statementsDone = 2;
    dirty.statementsTotal = 4;
    HistoryRow down = row("002", "orders", QStringLiteral("down-sum"), QStringLiteral("failed"), QStringLiteral("down"), QStringLiteral("rollback"));
    down.errorMessage = QStringLiteral("no such table: v");
    const TargetStatus s = mig::computeStatus(f.plan, {row("001", "users", f.checksum(0)), dirty, down});
    EXPECT_EQ(s.migrations.at(1).state, MigrationState::Dirty);
    EXPECT_TRUE(s.migrations.at(1).detail.contains(u"stopped at statement 3 of 4")) << s.migrations.at(1).detail.toStdString();
    EXPECT_TRUE(s.migrations.at(1).detail.contains(u"then a rollback stopped at statement 1")) << s.migrations.at(1).detail.toStdString();
    EXPECT_FALSE(s.blockers(false).isEmpty());
    EXPECT_EQ(s.currentVersion, QStringLiteral("001"));
}
