// How long the GUI thread stalls while the run view follows a big run (issue 6, part 7).
//
// A real 10,000-statement run (generated migrations, a SQLite file in a temp folder) on a worker
// thread, its events through an EventQueue into a RunView with live charts and a HealthMonitor
// sampling on another worker, offscreen; meanwhile a 1 ms timer on the GUI thread notes how late
// each of its ticks comes. Then the same run by the Runner alone, as the reference for the wall
// time, and the same timer on an idle event loop for as long as the run took, as the reference
// for the lateness the machine itself adds (other processes, the scheduler). The GUI thread's
// own CPU time tells how much of the run it spent working. Prints a Markdown table and whether
// p99 <= 16 ms (a frame at 60 Hz). A measurement, not a test: the exit code is 0 whatever it finds.
//
//   bench_gui_stall [STATEMENTS [MIGRATIONS [tracked]]]   (default 10000 statements in 20 migrations)
// "tracked": the migrations say "NO TRANSACTION" (goose layout), so each statement commits with
// its progress: a longer run whose events come one statement at a time, as on a busy server.
#include "console/Background.h"
#include "console/EventQueue.h"
#include "run/HealthMonitor.h"
#include "run/Runner.h"
#include "run/RunView.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <ctime>
#include <cmath>
#include <cstdio>

using namespace mig;
using namespace mig::ui;

namespace {

// `statements` statements in `migrations` files: a table first, then one-row INSERTs.
void writeMigrations(const QString &dir, int statements, int migrations, bool tracked)
{
    const int perFile = (statements + migrations - 1) / migrations;
    int written = 0;
    for (int m = 1; m <= migrations && written < statements; ++m) {
        QFile f(QStringLiteral("%1/%2_step_%2.sql").arg(dir).arg(m, 4, 10, QLatin1Char('0')));
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(f.fileName()));
        QByteArray text = tracked ? QByteArrayLiteral("-- +goose Up\n-- +goose NO TRANSACTION\n") : QByteArray();
        for (int i = 0; i < perFile && written < statements; ++i, ++written) {
            if (written == 0)
                text += "CREATE TABLE samples (id INTEGER PRIMARY KEY, migration INTEGER, value INTEGER);\n";
            else
                text += QByteArrayLiteral("INSERT INTO samples (migration, value) VALUES (") + QByteArray::number(m) + ", "
                        + QByteArray::number(written) + ");\n";
        }
        f.write(text);
    }
}

RunRequest applyRequest(const QString &dir, const QString &db)
{
    RunRequest r;
    r.action = RunRequest::Action::Apply;
    r.profile.engine = Dialect::Sqlite;
    r.profile.database = db;
    r.dir = dir;
    return r;
}

struct Lateness {
    QList<double> samples; // ms late, per tick
    double at(double q) const // the q-quantile (nearest rank)
    {
        if (samples.isEmpty())
            return 0;
        QList<double> sorted = samples;
        std::sort(sorted.begin(), sorted.end());
        const auto rank = qsizetype(std::ceil(q * double(sorted.size()))) - 1;
        return sorted.at(qBound<qsizetype>(0, rank, sorted.size() - 1));
    }
};

// CPU time of the calling thread, in ms.
double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// A 1 ms timer on this thread's event loop, noting how late each tick comes.
class TickWatch
{
public:
    TickWatch()
    {
        m_tick.setTimerType(Qt::PreciseTimer);
        m_tick.setInterval(1);
        QObject::connect(&m_tick, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0)
                m_lateness.samples << qMax(0.0, (now - m_last) / 1e6 - 1.0);
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_cpuAtStart = threadCpuMs();
        m_tick.start();
    }
    void stop()
    {
        m_tick.stop();
        m_cpuMs = threadCpuMs() - m_cpuAtStart;
    }
    const Lateness &lateness() const { return m_lateness; }
    double cpuMs() const { return m_cpuMs; }

private:
    QTimer m_tick;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    Lateness m_lateness;
    double m_cpuAtStart = 0, m_cpuMs = 0;
};

QString row(const QString &what, const QString &outcome, const TickWatch &w, double wallMs)
{
    const Lateness &l = w.lateness();
    return QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 | %9 |")
        .arg(what, outcome)
        .arg(l.samples.size())
        .arg(l.at(0.5), 0, 'f', 2)
        .arg(l.at(0.95), 0, 'f', 2)
        .arg(l.at(0.99), 0, 'f', 2)
        .arg(l.at(1.0), 0, 'f', 2)
        .arg(w.cpuMs(), 0, 'f', 0)
        .arg(wallMs / 1000.0, 0, 'f', 2);
}

QString outcomeText(const RunResult &r)
{
    static const char *const names[] = {"succeeded", "nothing to do", "failed", "cancelled", "refused"};
    return QLatin1String(names[int(r.outcome)]) + (r.message.isEmpty() ? QString() : QStringLiteral(": ") + r.message);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int statements = args.size() > 1 ? qMax(2, args.at(1).toInt()) : 10000;
    const int migrations = args.size() > 2 ? qMax(1, args.at(2).toInt()) : 20;
    const bool tracked = args.size() > 3 && args.at(3) == u"tracked";

    QTemporaryDir work;
    const QString dir = work.filePath(QStringLiteral("migrations"));
    QDir().mkpath(dir);
    writeMigrations(dir, statements, migrations, tracked);

    // With the view.
    RunView view;
    view.resize(1280, 900);
    view.show();
    EventQueue queue;
    QObject::connect(&queue, &EventQueue::eventsArrived, &view, &RunView::addEvents);
    const QString guiDb = work.filePath(QStringLiteral("gui.db"));
    auto runner = std::make_shared<Runner>(applyRequest(dir, guiDb), queue.sink());
    auto stopHealth = std::make_shared<std::atomic<bool>>(false);
    TickWatch watch;
    QElapsedTimer wall;
    RunResult guiResult;
    qint64 guiWallMs = 0;
    // The window's first paint (every widget laid out and drawn once) is not the run's: start
    // once it is on screen.
    QTimer::singleShot(300, [&] {
        view.startRun(QStringLiteral("Benchmark: %1 statements in %2 migrations").arg(statements).arg(migrations));
        runInBackground(&view, [db = guiDb, runId = runner->runId(), sink = queue.sink(), stopHealth] {
            ConnectionProfile p;
            p.engine = Dialect::Sqlite;
            p.database = db;
            HealthMonitor(p, QString(), runId, sink).run(*stopHealth);
            return true;
        }, [](bool) {});
        wall.start();
        watch.start();
        runInBackground(&view, [runner] { return runner->run(); }, [&](const RunResult &r) {
            guiWallMs = wall.elapsed();
            guiResult = r;
            stopHealth->store(true);
            queue.flush();
            view.finishRun(r);
            watch.stop();
            QTimer::singleShot(0, &app, &QApplication::quit);
        });
    });
    app.exec();
    backgroundPool()->waitForDone();
    const int durationPoints = view.pointCount(QStringLiteral("durationChart"));
    const int healthPoints = view.pointCount(QStringLiteral("healthChart"));

    // The same timer on an idle event loop, as long as the run took: what the machine adds.
    TickWatch idle;
    idle.start();
    QTimer::singleShot(qMax<qint64>(guiWallMs, 200), &app, [&] {
        idle.stop();
        app.quit();
    });
    app.exec();

    // The reference: the same run, the Runner alone on this thread, events dropped.
    const QString refDb = work.filePath(QStringLiteral("reference.db"));
    qint64 events = 0;
    Runner reference(applyRequest(dir, refDb), [&events](const RunEvent &) { ++events; });
    wall.restart();
    const RunResult refResult = reference.run();
    const qint64 refWallMs = wall.elapsed();

    std::printf("## GUI event-loop stall during a %d-statement run (%d migrations, SQLite, %s)\n\n", statements, migrations,
                tracked ? "each statement committed on its own" : "one transaction per migration");
    std::printf("| run | outcome | timer samples | median (ms) | p95 (ms) | p99 (ms) | max (ms) | GUI thread CPU (ms) | wall time (s) |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    std::printf("%s\n", qPrintable(row(QStringLiteral("RunView, live charts, health monitor"), outcomeText(guiResult), watch, guiWallMs)));
    std::printf("%s\n", qPrintable(row(QStringLiteral("idle event loop, no run (machine noise)"), QStringLiteral("–"), idle,
                                          std::max<qint64>(guiWallMs, 200))));
    std::printf("| Runner alone, no GUI (reference) | %s | – | – | – | – | – | – | %.2f |\n\n", qPrintable(outcomeText(refResult)),
                refWallMs / 1000.0);
    std::printf("Events per run: %lld; duration chart points kept: %d; health chart points: %d.\n", events, durationPoints, healthPoints);
    const double p99 = watch.lateness().at(0.99);
    std::printf("p99 <= 16 ms: %s (p99 = %.2f ms)\n", p99 <= 16.0 ? "yes" : "NO", p99);
    return 0;
}
