#pragma once
// Real targets for the target list: migrations applied through the engine (Runner) with every
// event kept in a run store of the test's own, the run lock held from a second session, and
// schema changes made behind the console's back — all through core APIs.

#include "TempFolder.h"

#include "run/Runner.h"
#include "store/RunStore.h"
#include "target/TargetSession.h"

#include <QDateTime>
#include <gtest/gtest.h>

#include <memory>
#include <mutex>

namespace targetstest {

// Three native migrations in dialect-neutral SQL.
inline void writeThreeMigrations(const TempFolder &folder, const QString &sub)
{
    folder.write(sub + QStringLiteral("/001_users.sql"), "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200));\n");
    folder.write(sub + QStringLiteral("/002_orders.sql"), "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER);\n");
    folder.write(sub + QStringLiteral("/003_orders_user.sql"), "CREATE INDEX orders_user ON orders (user_id);\n");
}

// Runs the engine on this thread, every event recorded in the run store at storePath.
inline mig::RunResult applyRecorded(const mig::ConnectionProfile &profile, const QString &password, const QString &dir,
                                    const QString &toVersion, const QString &storePath)
{
    mig::RunStore store;
    const QString e = store.open(storePath);
    EXPECT_EQ(e, QString()) << e.toStdString();
    std::mutex m;
    mig::RunRequest r;
    r.profile = profile;
    r.password = password;
    r.dir = dir;
    r.toVersion = toVersion;
    mig::Runner runner(r, [&](const mig::RunEvent &event) {
        std::lock_guard<std::mutex> lock(m);
        store.record(event);
    });
    return runner.run();
}

// An open read-write session, for changes made outside the console and for holding the lock.
inline std::unique_ptr<mig::TargetSession> openSession(const mig::ConnectionProfile &profile, const QString &password)
{
    std::unique_ptr<mig::TargetSession> session = mig::TargetSession::create(profile);
    const auto e = session->open(password, QStringLiteral("ui targets test"));
    EXPECT_FALSE(e.has_value()) << (e ? e->toString().toStdString() : std::string());
    return session;
}

// Another "run" holding the target's lock, as a DBA's migctl would.
inline mig::LockHolder holdLock(mig::TargetSession &session, const QString &who)
{
    mig::LockHolder me;
    me.runId = QStringLiteral("20260101T000000-test");
    me.who = who;
    me.since = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const mig::LockAttempt a = session.tryLock(me);
    EXPECT_TRUE(a.acquired) << (a.error ? a.error->toString().toStdString() : std::string("refused"));
    return me;
}

} // namespace targetstest
