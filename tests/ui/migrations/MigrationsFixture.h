// The project every migrations-view test looks at, made once with the real engine on a SQLite
// target: 001 applied (with a verify script, verified), 002 applied then its file edited
// (modified), 003 failed on its second statement then fixed (failed, with the error in its
// history), 004 pending (rollback verified by a real preview, a lint warning on line 9). The
// ProjectState is read as the console reads it (readProject).
#pragma once

#include "../../run/SqliteEngineSupport.h"

#include "console/ProjectReader.h"
#include "migrations/MigrationDetail.h"
#include "migrations/MigrationsView.h"
#include "preview/Preview.h"
#include "store/RunStore.h"
#include "store/StoredResults.h"
#include "verify/Verifier.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

namespace migtest {

inline const QByteArray users = "-- users of the shop\n"
                                "CREATE TABLE users (\n"
                                "    id INTEGER PRIMARY KEY,\n"
                                "    email TEXT NOT NULL\n"
                                ");\n"
                                "INSERT INTO users (email) VALUES ('Ann@example.com'), ('bob@example.com');\n";
inline const QByteArray orders = "CREATE TABLE orders (\n"
                                 "    id INTEGER PRIMARY KEY,\n"
                                 "    user_id INTEGER NOT NULL REFERENCES users(id),\n"
                                 "    total NUMERIC NOT NULL DEFAULT 0\n"
                                 ");\n";
inline const QByteArray ordersEdited = "CREATE TABLE orders (\n"
                                       "    id INTEGER PRIMARY KEY,\n"
                                       "    user_id INTEGER NOT NULL REFERENCES users(id),\n"
                                       "    total_cents INTEGER NOT NULL DEFAULT 0\n"
                                       ");\n";
inline const QByteArray feedback = "-- what users tell us\n"
                                   "CREATE TABLE feedback (\n"
                                   "    id INTEGER PRIMARY KEY,\n"
                                   "    user_id INTEGER NOT NULL REFERENCES users(id),\n"
                                   "    body TEXT NOT NULL,\n"
                                   "    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
                                   ");\n"
                                   "CREATE INDEX idx_feedback_user ON feedback (user_id);\n"
                                   "UPDATE users SET email = lower(email);\n";

// Records every event in the run store, as migctl and the console do.
inline mig::EventSink recorder(mig::RunStore &store)
{
    return [&store](const mig::RunEvent &e) { EXPECT_EQ(store.record(e), QString()); };
}

struct MigrationsProject {
    sqlitetest::Workspace ws;
    mig::ui::Project project;
    mig::ui::ProjectState state;
    mig::PreviewResult preview;

    MigrationsProject()
    {
        using namespace sqlitetest;
        ws.write(QStringLiteral("001_users.sql"), users);
        ws.write(QStringLiteral("001_users.rollback.sql"), "DROP TABLE users;\n");
        ws.write(QStringLiteral("001_users.verify.sql"), "-- check: both users kept\nSELECT count(*) = 2 FROM users;\n");
        ws.write(QStringLiteral("002_orders.sql"), orders);
        project.dir = ws.dir();
        project.profile = sqliteProfile(ws.db());
        project.runStorePath = ws.store();
        mig::RunStore store;
        EXPECT_EQ(store.open(ws.store()), QString());

        auto apply = [&] {
            mig::Runner runner(request(RunRequest::Action::Apply, ws.db(), ws.dir()), recorder(store));
            return runner.run();
        };
        EXPECT_EQ(apply().outcome, RunResult::Outcome::Succeeded);
        ws.write(QStringLiteral("003_audit.sql"), "CREATE TABLE audit (id INTEGER PRIMARY KEY, note TEXT);\n"
                                                  "INSERT INTO audit_log (note) VALUES ('start');\n");
        EXPECT_EQ(apply().outcome, RunResult::Outcome::Failed);
        ws.write(QStringLiteral("003_audit.sql"), "CREATE TABLE audit (id INTEGER PRIMARY KEY, note TEXT);\n"
                                                  "INSERT INTO audit (note) VALUES ('start');\n");
        ws.write(QStringLiteral("004_feedback.sql"), feedback);
        ws.write(QStringLiteral("004_feedback.rollback.sql"), "DROP INDEX idx_feedback_user;\nDROP TABLE feedback;\n");

        mig::PreviewRequest pr;
        pr.profile = project.profile;
        pr.dir = ws.dir();
        mig::Previewer previewer(pr, recorder(store));
        preview = previewer.run();
        EXPECT_EQ(preview.error, QString());

        mig::VerifyRequest vr;
        vr.profile = project.profile;
        vr.dir = ws.dir();
        vr.baseline = mig::verifyBaseline(store, project.profile.storeKey());
        mig::Verifier verifier(vr, recorder(store));
        EXPECT_EQ(verifier.run().error, QString());

        ws.write(QStringLiteral("002_orders.sql"), ordersEdited); // modified after it was applied
        state = mig::ui::readProject(project, QString());
        EXPECT_TRUE(state.reachable()) << state.inspection.error.toStdString();
        EXPECT_EQ(state.storeError, QString());
    }
};

// One project for the whole binary: the engine runs once.
inline MigrationsProject &sharedProject()
{
    static MigrationsProject p;
    return p;
}

// A view as the DBA sees it: shown, sized, given the state.
struct ShownView {
    mig::ui::MigrationsView view;

    explicit ShownView(const mig::ui::ProjectState &state)
    {
        view.resize(1280, 860);
        view.setProjectState(state);
        view.show();
        EXPECT_TRUE(QTest::qWaitForWindowExposed(&view));
    }
    template <typename T>
    T *find(const char *name)
    {
        T *w = view.findChild<T *>(QLatin1String(name));
        EXPECT_NE(w, nullptr) << name;
        return w;
    }
    QTableView *table() { return find<QTableView>("migrationsTable"); }
    // The table row (as shown) of a migration; -1 when not shown.
    int rowOf(const QString &version)
    {
        QAbstractItemModel *m = table()->model();
        for (int r = 0; r < m->rowCount(); ++r)
            if (m->index(r, 0).data().toString() == version)
                return r;
        return -1;
    }
    // Clicks the migration's row, as a user would, and waits for its tabs to be filled.
    bool clickMigration(const QString &version)
    {
        const int row = rowOf(version);
        if (row < 0)
            return false;
        QSignalSpy shown(&view, &mig::ui::MigrationsView::detailShown);
        const QRect cell = table()->visualRect(table()->model()->index(row, 1));
        QTest::mouseClick(table()->viewport(), Qt::LeftButton, {}, cell.center());
        return shown.wait(10000) && shown.last().at(0).toString() == version;
    }
    // Clicks a tab of the detail by its page's object name.
    void clickTab(const char *page)
    {
        auto *tabs = find<QTabWidget>("migrationDetail");
        QWidget *w = tabs->findChild<QWidget *>(QLatin1String(page));
        const int index = tabs->indexOf(w);
        ASSERT_GE(index, 0) << page;
        QTabBar *bar = tabs->tabBar();
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(index).center());
        ASSERT_EQ(tabs->currentWidget(), w) << page;
    }
};

} // namespace migtest
