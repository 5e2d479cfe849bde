// The run store's snapshots, in the format this branch writes (a delta after each migration) and
// in the one before it (the whole snapshot after each migration), which stores already hold:
// snapshots() and lastSnapshot() must give the same schemas from either.
#include "schema/SchemaDelta.h"
#include "store/RunStore.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace mig;

namespace {

SchemaObject table(const QString &name)
{
    return SchemaObject{SchemaObject::Kind::Table, QString(), QString(), name, {}};
}

SchemaObject column(const QString &table, const QString &name, const QString &type)
{
    return SchemaObject{SchemaObject::Kind::Column, QString(), table, name, {{QStringLiteral("type"), type}}};
}

// Before the run: a; after 001: a, b; after 002: b, with a column of a changed type.
QList<SchemaSnapshot> schemas()
{
    QList<SchemaSnapshot> out(3);
    out[0].objects = {table(QStringLiteral("a")), column(QStringLiteral("a"), QStringLiteral("x"), QStringLiteral("integer"))};
    out[1].objects = out[0].objects;
    out[1].objects << table(QStringLiteral("b")) << column(QStringLiteral("b"), QStringLiteral("y"), QStringLiteral("text"));
    out[2].objects = {table(QStringLiteral("b")), column(QStringLiteral("b"), QStringLiteral("y"), QStringLiteral("integer"))};
    for (SchemaSnapshot &s : out) {
        s.takenAt = QStringLiteral("2026-11-22T07:00:00.000Z");
        s.sort();
    }
    return out;
}

RunEvent snapshotEvent(const QString &run, const QString &label, const QString &version, const QJsonObject &data)
{
    RunEvent e;
    e.type = RunEvent::Type::SnapshotTaken;
    e.runId = run;
    e.at = QStringLiteral("2026-11-22T07:00:00.000Z");
    e.check = label;
    e.version = version;
    e.data = data;
    return e;
}

class WatchStore : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_EQ(m_store.open(m_dir.filePath(QStringLiteral("runs.sqlite"))).toStdString(), "");
    }

    // A run as this branch keeps it (`deltas`), or as before it: whole snapshots throughout.
    void record(const QString &run, bool deltas)
    {
        const QList<SchemaSnapshot> s = schemas();
        const auto whole = [](const SchemaSnapshot &x) { return QJsonObject{{QStringLiteral("snapshot"), x.toJson()}}; };
        ASSERT_EQ(m_store.record(snapshotEvent(run, QStringLiteral("before-run"), QString(), whole(s[0]))).toStdString(), "");
        for (int i : {1, 2}) {
            const QString version = QStringLiteral("00%1").arg(i);
            const QJsonObject data = deltas ? QJsonObject{{QStringLiteral("delta"), SchemaDelta::fromDiff(SchemaDiff::between(s[i - 1], s[i])).toJson()}}
                                            : whole(s[i]);
            ASSERT_EQ(m_store.record(snapshotEvent(run, QStringLiteral("after-migration"), version, data)).toStdString(), "");
        }
        ASSERT_EQ(m_store.record(snapshotEvent(run, QStringLiteral("after-run"), QString(), whole(s[2]))).toStdString(), "");
    }

    void expectEverySchema(const QString &run)
    {
        const QList<SchemaSnapshot> s = schemas();
        const QList<StoredSnapshot> after = m_store.snapshots(run, QStringLiteral("after-migration"));
        ASSERT_EQ(after.size(), 2);
        EXPECT_EQ(after[0].version.toStdString(), "001");
        EXPECT_EQ(after[0].snapshot.fingerprint(), s[1].fingerprint());
        EXPECT_EQ(after[1].snapshot.fingerprint(), s[2].fingerprint());
        EXPECT_EQ(m_store.snapshots(run).size(), 4);
        EXPECT_EQ(m_store.snapshots(run, QStringLiteral("before-run")).value(0).snapshot.fingerprint(), s[0].fingerprint());

        const std::optional<StoredSnapshot> first = m_store.lastSnapshot(run, QStringLiteral("after-migration"), QStringLiteral("001"));
        ASSERT_TRUE(first);
        EXPECT_EQ(first->version.toStdString(), "001");
        EXPECT_EQ(first->snapshot.fingerprint(), s[1].fingerprint());
        const std::optional<StoredSnapshot> last = m_store.lastSnapshot(run, QStringLiteral("after-migration"));
        ASSERT_TRUE(last);
        EXPECT_EQ(last->version.toStdString(), "002");
        EXPECT_EQ(last->snapshot.fingerprint(), s[2].fingerprint());
        const std::optional<StoredSnapshot> before = m_store.lastSnapshot(run, QStringLiteral("before-run"));
        ASSERT_TRUE(before);
        EXPECT_EQ(before->snapshot.fingerprint(), s[0].fingerprint());
        const std::optional<StoredSnapshot> afterRun = m_store.lastSnapshot(run, QStringLiteral("after-run"));
        ASSERT_TRUE(afterRun);
        EXPECT_EQ(afterRun->snapshot.fingerprint(), s[2].fingerprint());
        EXPECT_FALSE(m_store.lastSnapshot(run, QStringLiteral("after-migration"), QStringLiteral("003")));
    }

    QTemporaryDir m_dir;
    RunStore m_store;
};

// A delta applied in one pass: objects stay sorted by key, the last upsert of a key wins, the
// table list follows the tables that came and went and keeps the others' measures.
TEST(WatchDelta, AppliesRemovalsAndUpsertsInOnePass)
{
    SchemaSnapshot s;
    s.objects = {table(QStringLiteral("a")), table(QStringLiteral("c")), table(QStringLiteral("e")),
                 column(QStringLiteral("c"), QStringLiteral("x"), QStringLiteral("integer"))};
    s.tables = {TableStats{QString(), QStringLiteral("a"), 1, 10}, TableStats{QString(), QStringLiteral("c"), 2, 20},
                TableStats{QString(), QStringLiteral("e"), 3, 30}};
    s.sort();
    SchemaDelta d;
    d.removed = {table(QStringLiteral("c")), column(QStringLiteral("c"), QStringLiteral("x"), QString())};
    d.upserted = {table(QStringLiteral("f")), column(QStringLiteral("a"), QStringLiteral("y"), QStringLiteral("text")), table(QStringLiteral("b")),
                  column(QStringLiteral("a"), QStringLiteral("y"), QStringLiteral("integer")), table(QStringLiteral("a"))};
    d.applyTo(s);
    QStringList keys;
    for (const SchemaObject &o : s.objects)
        keys << o.key();
    EXPECT_EQ(keys.join(u',').toStdString(), "column a.y,table a,table b,table e,table f");
    EXPECT_EQ(s.objects.first().attributes.value(QStringLiteral("type")).toStdString(), "integer");
    QStringList tables;
    for (const TableStats &t : s.tables)
        tables << QStringLiteral("%1:%2").arg(t.table).arg(t.rows);
    EXPECT_EQ(tables.join(u',').toStdString(), "a:1,b:-1,e:3,f:-1");
}

TEST_F(WatchStore, AStoreOfTheFormatBeforeDeltasReadsAsItWasWritten)
{
    ASSERT_NO_FATAL_FAILURE(record(QStringLiteral("run-old"), false));
    expectEverySchema(QStringLiteral("run-old"));
}

TEST_F(WatchStore, DeltasAreRebuiltIntoTheSameSchemas)
{
    ASSERT_NO_FATAL_FAILURE(record(QStringLiteral("run-new"), true));
    // Another run in the same store, old format, changes nothing of this one's.
    ASSERT_NO_FATAL_FAILURE(record(QStringLiteral("run-old"), false));
    expectEverySchema(QStringLiteral("run-new"));
}

} // namespace
