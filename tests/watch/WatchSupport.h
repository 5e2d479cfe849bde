// Drives a SchemaWatch the way a run does (a snapshot before, the watch after each
// "migration", the snapshot after) on a real target, and holds it to the whole schema: after
// each step the snapshot rebuilt from the watch's events (before-run + deltas) must equal a
// whole snapshot read then, and so must the run store's.
#pragma once

#include "run/SchemaWatch.h"
#include "schema/SchemaDelta.h"
#include "schema/SchemaReader.h"
#include "store/RunStore.h"
#include "target/TargetSession.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace mig::watchtest {

class WatchedRun
{
public:
    explicit WatchedRun(TargetSession &session)
        : m_session(session)
        , m_watch(session, [this](const RunEvent &e) { record(e); }, QStringLiteral("run-watch-test"), {})
    {
        EXPECT_TRUE(m_storeDir.isValid());
        EXPECT_EQ(m_store.open(m_storeDir.filePath(QStringLiteral("runs.sqlite"))), QString());
    }

    SchemaWatch &watch() { return m_watch; }
    const QList<RunEvent> &events() const { return m_events; }

    void start()
    {
        if (m_session.dialect() == Dialect::Postgres)
            m_searchPath = m_session.query(QStringLiteral("SELECT current_setting('search_path')")).scalar().toString();
        const std::optional<QString> error = m_watch.start();
        ASSERT_FALSE(error) << error->toStdString();
        ASSERT_TRUE(m_merged.has_value());
    }

    // Runs the statements as one migration, then the watch; the merged snapshot must equal a
    // whole one. Returns the migration's changes as the run tells them.
    QString step(const QString &version, const QStringList &statements)
    {
        for (const QString &sql : statements) {
            const QueryResult r = m_session.query(sql);
            EXPECT_TRUE(r.ok()) << version.toStdString() << ": " << sql.toStdString() << ": "
                                << (r.error ? r.error->toString().toStdString() : std::string());
        }
        Migration m;
        RunEvent base;
        base.version = version;
        const qsizetype before = m_events.size();
        m_watch.afterMigration(m, ScriptRef(), base, false);
        expectMergedIsWhole(version);
        return eventAfter(before, RunEvent::Type::SchemaChanged, version).message;
    }

    // As step(), but the statements are a migration's script run up, as a run runs it: the
    // watch then holds the merged snapshot to what the script declares. Returns that check.
    RunEvent declaredStep(const QString &version, const QStringList &statements)
    {
        QFile file(m_storeDir.filePath(version + QStringLiteral("_step.sql")));
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(statements.join(QStringLiteral(";\n")).toUtf8() + ";\n");
        file.close();
        for (const QString &sql : statements)
            EXPECT_TRUE(m_session.query(sql).ok()) << version.toStdString() << ": " << sql.toStdString();
        Migration m;
        m.up.path = file.fileName();
        RunEvent base;
        base.version = version;
        const qsizetype before = m_events.size();
        m_watch.afterMigration(m, m.up, base, true);
        expectMergedIsWhole(version);
        return eventAfter(before, RunEvent::Type::CheckFinished, version);
    }

    // The watch after a "migration" the test made itself, not held to the whole schema: for
    // what the watch misses, which the safety net must then name.
    void watchOnly(const QString &version)
    {
        RunEvent base;
        base.version = version;
        m_watch.afterMigration(Migration(), ScriptRef(), base, false);
    }

    // The safety net's one warning after the run, naming `what`.
    void expectNetWarnsOf(const QString &what)
    {
        const QList<RunEvent> net = checks(QStringLiteral("schema watch complete"));
        ASSERT_EQ(net.size(), 1);
        EXPECT_EQ(net.first().status.toStdString(), "warning");
        EXPECT_TRUE(net.first().message.contains(what)) << net.first().message.toStdString();
    }

    void finish() { m_watch.finish(true); }
    // As a run ends after a migration that failed or was cancelled before the watch looked.
    void finishAfterFailure() { m_watch.finish(false); }

    // How each step was read: "whole", or the number of units re-read.
    QStringList rereads() const
    {
        QStringList out;
        for (const RunEvent &e : m_events)
            if (e.type == RunEvent::Type::SnapshotTaken && e.check == u"after-migration")
                out << e.data.value(u"reread").toVariant().toString();
        return out;
    }

    QList<RunEvent> checks(const QString &name) const
    {
        QList<RunEvent> out;
        for (const RunEvent &e : m_events)
            if (e.type == RunEvent::Type::CheckFinished && e.check == name)
                out << e;
        return out;
    }

    // The run store rebuilds each after-migration snapshot as the whole reads saw the schema.
    void expectStoreRebuildsEverySnapshot()
    {
        const QList<StoredSnapshot> kept = m_store.snapshots(QStringLiteral("run-watch-test"), QStringLiteral("after-migration"));
        ASSERT_EQ(kept.size(), m_wholeAfter.size());
        for (qsizetype i = 0; i < kept.size(); ++i)
            EXPECT_EQ(SchemaDiff::between(kept.at(i).snapshot, m_wholeAfter.at(i)).toText(), QStringLiteral("no schema changes\n")) << i;
        const std::optional<StoredSnapshot> last = m_store.lastSnapshot(QStringLiteral("run-watch-test"), QStringLiteral("after-migration"));
        ASSERT_TRUE(last);
        EXPECT_EQ(last->snapshot.fingerprint(), m_wholeAfter.last().fingerprint());
        EXPECT_EQ(last->version, kept.last().version);
        // The ones kept whole are as they were.
        EXPECT_EQ(m_store.snapshots(QStringLiteral("run-watch-test"), QStringLiteral("before-run")).size(), 1);
    }

    // A whole read as the run started: PostgreSQL prints names as search_path resolves them, and
    // a step may have moved it; it is given back to the step after the read.
    SchemaSnapshot whole()
    {
        QString stepPath;
        if (m_searchPath) {
            stepPath = m_session.query(QStringLiteral("SELECT current_setting('search_path')")).scalar().toString();
            EXPECT_TRUE(m_session.query(QStringLiteral("SELECT set_config('search_path', ?, false)"), {*m_searchPath}).ok());
        }
        const SchemaSnapshot s = wholeAsTheSessionIs();
        if (m_searchPath) {
            EXPECT_TRUE(m_session.query(QStringLiteral("SELECT set_config('search_path', ?, false)"), {stepPath}).ok());
        }
        return s;
    }

    SchemaSnapshot wholeAsTheSessionIs()
    {
        SnapshotOptions options;
        options.excludeTables = SchemaWatch::ownTables(m_session.profile().historyTable);
        options.rowCounts = false;
        options.sizes = false;
        const SnapshotResult r = takeSnapshot(m_session, options);
        EXPECT_FALSE(r.error) << (r.error ? r.error->toString().toStdString() : std::string());
        return r.snapshot;
    }

private:
    void expectMergedIsWhole(const QString &version)
    {
        const SchemaSnapshot full = whole();
        m_wholeAfter << full;
        EXPECT_EQ(SchemaDiff::between(*m_merged, full).toText().toStdString(), "no schema changes\n") << "after " << version.toStdString();
        EXPECT_EQ(m_merged->fingerprint(), full.fingerprint()) << "after " << version.toStdString();
        EXPECT_EQ(m_merged->summary().toStdString(), full.summary().toStdString());
    }

    RunEvent eventAfter(qsizetype from, RunEvent::Type type, const QString &version) const
    {
        for (qsizetype i = from; i < m_events.size(); ++i)
            if (m_events.at(i).type == type)
                return m_events.at(i);
        ADD_FAILURE() << "no such event after " << version.toStdString();
        return {};
    }

    void record(const RunEvent &e)
    {
        m_events << e;
        EXPECT_EQ(m_store.record(e), QString());
        if (e.type != RunEvent::Type::SnapshotTaken)
            return;
        if (e.check == u"before-run") {
            m_merged = SchemaSnapshot::fromJson(e.data.value(u"snapshot").toObject());
        } else if (e.check == u"after-migration") {
            // After a migration the event carries its delta, never the whole schema.
            EXPECT_FALSE(e.data.contains(u"snapshot"));
            const std::optional<SchemaDelta> delta = SchemaDelta::fromJson(e.data.value(u"delta").toObject());
            ASSERT_TRUE(delta && m_merged);
            delta->applyTo(*m_merged);
        }
    }

    TargetSession &m_session;
    QList<RunEvent> m_events;
    QTemporaryDir m_storeDir;
    RunStore m_store;
    SchemaWatch m_watch;
    std::optional<QString> m_searchPath;    // PostgreSQL: the session's at start()
    std::optional<SchemaSnapshot> m_merged; // before-run + the deltas so far
    QList<SchemaSnapshot> m_wholeAfter;      // a whole read after each step
};

} // namespace mig::watchtest
