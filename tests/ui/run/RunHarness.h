#pragma once
// Shared by the run view's tests: a real run as the console makes one. A mig::Runner applies a
// migrations folder to a SQLite file in a temp folder on a worker thread (runInBackground), a
// HealthMonitor samples the target on another worker, every event goes through the run store
// (StoreRecorder) and an EventQueue to the RunView; when the run is over the view gets the
// result and the recovery choices read from the run store and the target's real status.
// A gate in the sink can hold the worker at a chosen event, so a test sees (and screenshots) the
// view mid-run and cancels at a known point, without timing assumptions.

#include "Screenshot.h"
#include "TempFolder.h"

#include "console/Background.h"
#include "console/EventQueue.h"
#include "console/StoreRecorder.h"
#include "preflight/Recovery.h"
#include "run/HealthMonitor.h"
#include "run/Runner.h"
#include "run/TargetInspection.h"
#include "run/RunView.h"

#include <QApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

inline void PrintTo(const QString &text, std::ostream *os)
{
    *os << '"' << text.toStdString() << '"';
}

namespace runview {

using namespace mig;
using namespace mig::ui;

// Holds the worker at the first event `when` accepts (after the view's queue got it) until
// release() or destruction.
class Gate
{
public:
    std::function<bool(const RunEvent &)> when;
    EventSink wrap(EventSink next)
    {
        return [this, next = std::move(next)](const RunEvent &e) {
            next(e);
            if (!when || m_fired.load() || !when(e))
                return;
            m_fired.store(true);
            m_reached.release();
            m_open.acquire();
        };
    }
    bool reached() { return m_reached.available() > 0; }
    void release()
    {
        if (!m_released.exchange(true))
            m_open.release();
    }
    ~Gate() { release(); }

private:
    std::atomic<bool> m_fired{false}, m_released{false};
    QSemaphore m_reached, m_open;
};

// Four migrations: a table, rows, a batched data migration (2,000 rows, 100 per batch) and
// an index; `broken` adds a fifth whose second statement fails.
inline void writeMigrations(const TempFolder &dir, bool broken = false)
{
    dir.write(QStringLiteral("001_create_orders.sql"),
              "CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL, status TEXT NOT NULL);\n"
              "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);\n");
    dir.write(QStringLiteral("002_seed_orders.sql"),
              "INSERT INTO customers (name) VALUES ('ada'), ('grace');\n"
              "INSERT INTO orders (total, status)\n"
              "  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)\n"
              "  SELECT i * 3, 'new' FROM n;\n");
    dir.write(QStringLiteral("003_mark_orders_open.sql"),
              "-- migctl:batch size=100\n"
              "-- migctl:total SELECT COUNT(*) FROM orders WHERE status = 'new'\n"
              "UPDATE orders SET status = 'open'\n"
              " WHERE id IN (SELECT id FROM orders WHERE status = 'new' LIMIT :batch_size);\n");
    dir.write(QStringLiteral("004_index_orders.sql"), "CREATE INDEX orders_status ON orders (status);\n");
    if (broken)
        dir.write(QStringLiteral("005_broken_report.sql"),
                  "CREATE TABLE report (id INTEGER PRIMARY KEY, total INTEGER);\n"
                  "INSERT INTO report (id, total)\n"
                  "  SELECT id, total FROM order_totals_missing;\n");
}

inline ConnectionProfile sqliteTarget(const QString &file)
{
    ConnectionProfile p;
    p.engine = Dialect::Sqlite;
    p.database = file;
    return p;
}

// One real run shown by a RunView.
class RunHarness
{
public:
    explicit RunHarness(RunView &view, bool broken = false) : m_view(view)
    {
        writeMigrations(m_folder, broken);
        m_profile = sqliteTarget(m_work.file(QStringLiteral("target.db")));
        m_storePath = m_work.file(QStringLiteral("runs.sqlite"));
        QObject::connect(&m_queue, &EventQueue::eventsArrived, &view, &RunView::addEvents);
        QObject::connect(&view, &RunView::cancelRequested, &view, [this] {
            ++m_cancelRequests;
            m_runner->cancel();
        });
    }
    ~RunHarness()
    {
        m_gate.release();
        m_stopHealth->store(true);
        // The workers hold what they use by shared pointer; wait for them before the folders go.
        backgroundPool()->waitForDone(60000);
    }

    Gate &gate() { return m_gate; }
    int cancelRequests() const { return m_cancelRequests; }
    const QString &runId() const { return m_runId; }
    const std::optional<RunResult> &result() const { return m_result; }
    bool recoveryShown() const { return m_recoveryShown; }
    const std::optional<Recovery> &recovery() const { return m_recovery; }
    QString folder() const { return m_folder.path(); }

    // The monitor first (its first sample is on the chart before the run starts), then the run.
    void start()
    {
        RunRequest request;
        request.action = RunRequest::Action::Apply;
        request.profile = m_profile;
        request.dir = m_folder.path();
        auto recorder = std::make_shared<StoreRecorder>(m_storePath);
        const EventSink sink = recorder->sink(m_gate.wrap(m_queue.sink()));
        m_runner = std::make_shared<Runner>(request, sink);
        m_runId = m_runner->runId();
        m_view.startRun(QStringLiteral("Apply migrations to %1").arg(m_profile.displayUrl()));

        auto samples = std::make_shared<std::atomic<int>>(0);
        const EventSink healthSink = recorder->sink([next = m_queue.sink(), samples](const RunEvent &e) {
            if (e.type == RunEvent::Type::HealthSample)
                ++*samples;
            next(e);
        });
        runInBackground(&m_view, [profile = m_profile, runId = m_runId, healthSink, stop = m_stopHealth] {
            HealthMonitor(profile, QString(), runId, healthSink, 50).run(*stop);
            return true;
        }, [](bool) {});
        ASSERT_TRUE(QTest::qWaitFor([&] { return samples->load() > 0; }, 20000)) << "the health monitor sent no sample";

        runInBackground(&m_view, [runner = m_runner] { return runner->run(); }, [this](const RunResult &result) {
            m_stopHealth->store(true);
            m_result = result;
            m_queue.flush();
            m_view.finishRun(result);
            readRecovery();
        });
    }

private:
    // What the console does after a run: the choices from the run store and the target's status.
    void readRecovery()
    {
        runInBackground(&m_view, [profile = m_profile, dir = m_folder.path(), store = m_storePath] {
            RunStore runs;
            std::optional<Recovery> recovery;
            if (runs.open(store).isEmpty())
                recovery = recoveryAfterLastRun(runs, profile.storeKey(), inspectTarget(profile, QString(), dir, std::nullopt).status);
            return recovery;
        }, [this](const std::optional<Recovery> &recovery) {
            m_recovery = recovery;
            m_recoveryShown = true;
            m_view.setRecovery(recovery);
        });
    }

    RunView &m_view;
    TempFolder m_folder, m_work;
    ConnectionProfile m_profile;
    QString m_storePath;
    EventQueue m_queue;
    Gate m_gate;
    std::shared_ptr<Runner> m_runner;
    std::shared_ptr<std::atomic<bool>> m_stopHealth = std::make_shared<std::atomic<bool>>(false);
    QString m_runId;
    std::optional<RunResult> m_result;
    std::optional<Recovery> m_recovery;
    bool m_recoveryShown = false;
    int m_cancelRequests = 0;
};

template <typename T>
T *child(QWidget &view, const char *name)
{
    T *w = view.findChild<T *>(QLatin1String(name));
    EXPECT_NE(w, nullptr) << "no child named " << name;
    return w;
}

inline bool atFull(QProgressBar *bar)
{
    return bar && bar->maximum() > 0 && bar->value() == bar->maximum();
}

} // namespace runview
