#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent>
#include <type_traits>

namespace mig::ui {

// The console's worker threads. Not Qt's global pool: that one has as many threads as cores, and
// a run, its health monitor and a backup are long jobs that must not queue behind each other.
QThreadPool *backgroundPool();

// Runs `work` on a worker thread and hands its result to `done` on `context`'s thread once it is
// there; nothing is called when `context` is gone by then. The GUI thread never waits: this is
// how every view gets what the engine reads (no SQL on the GUI thread, no nested event loops).
template <typename Work, typename Done>
void runInBackground(QObject *context, Work work, Done done)
{
    using Result = std::invoke_result_t<Work>;
    auto *watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)]() mutable {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(backgroundPool(), std::move(work)));
}

} // namespace mig::ui
