#pragma once

#include "run/MigrationExecutor.h" // EventSink
#include "store/RunStore.h"

#include <QMutex>
#include <functional>
#include <memory>

namespace mig::ui {

// Every event of a job is kept in the run store before the GUI sees it: reports are built from
// the store, never from widgets. The store is opened lazily on the first worker thread that
// records (no file work on the GUI thread), and shared under a lock by the threads of one run
// (the runner and its health monitor).
class StoreRecorder : public std::enable_shared_from_this<StoreRecorder>
{
public:
    explicit StoreRecorder(QString path) : m_path(std::move(path)) {}

    // Keeps each event, then hands it to `next`. Each copy of the sink holds a share of the
    // recorder (make it with std::make_shared).
    EventSink sink(EventSink next);
    // Runs `use` on the open store under the lock; not at all when the store cannot be opened.
    void withStore(const std::function<void(RunStore &)> &use);
    QString error() const; // why the store cannot be opened or stopped recording

private:
    bool ensureOpen(); // under m_mutex

    QString m_path;
    mutable QMutex m_mutex;
    RunStore m_store;
    bool m_tried = false;
    QString m_error;
};

// Keeps each event in `store` (open, used on this thread only), then hands it to `next`.
EventSink recordInto(RunStore &store, EventSink next);

} // namespace mig::ui
