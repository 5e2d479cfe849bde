#include "StoreRecorder.h"

namespace mig::ui {

bool StoreRecorder::ensureOpen()
{
    if (!m_tried) {
        m_tried = true;
        m_error = m_store.open(m_path);
    }
    return m_error.isEmpty();
}

EventSink StoreRecorder::sink(EventSink next)
{
    return [self = shared_from_this(), next = std::move(next)](const RunEvent &e) {
        {
            QMutexLocker lock(&self->m_mutex);
            if (self->ensureOpen()) {
                if (const QString problem = self->m_store.record(e); !problem.isEmpty() && self->m_error.isEmpty())
                    self->m_error = problem;
            }
        }
        next(e);
    };
}

void StoreRecorder::withStore(const std::function<void(RunStore &)> &use)
{
    QMutexLocker lock(&m_mutex);
    if (ensureOpen())
        use(m_store);
}

QString StoreRecorder::error() const
{
    QMutexLocker lock(&m_mutex);
    return m_error;
}

EventSink recordInto(RunStore &store, EventSink next)
{
    return [&store, next = std::move(next)](const RunEvent &e) {
        store.record(e);
        next(e);
    };
}

} // namespace mig::ui
