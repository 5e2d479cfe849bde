#include "EventQueue.h"

#include <QMutex>
#include <QPointer>

namespace mig::ui {

struct EventQueue::Buffer {
    QMutex mutex;
    QList<RunEvent> events;
    QPointer<EventQueue> owner;
};

EventQueue::EventQueue(QObject *parent, int flushMs)
    : QObject(parent)
    , m_buffer(std::make_shared<Buffer>())
{
    m_buffer->owner = this;
    m_timer.setSingleShot(true);
    m_timer.setInterval(flushMs);
    connect(&m_timer, &QTimer::timeout, this, &EventQueue::flush);
}

EventQueue::~EventQueue()
{
    QMutexLocker lock(&m_buffer->mutex);
    m_buffer->owner = nullptr;
}

EventSink EventQueue::sink()
{
    return [buffer = m_buffer](const RunEvent &e) {
        QMutexLocker lock(&buffer->mutex);
        if (!buffer->owner)
            return;
        const bool wasEmpty = buffer->events.isEmpty();
        buffer->events.append(e);
        if (wasEmpty) // the first of a batch starts the flush timer, on the GUI thread
            QMetaObject::invokeMethod(buffer->owner.data(), [q = buffer->owner] {
                if (q && !q->m_timer.isActive())
                    q->m_timer.start();
            }, Qt::QueuedConnection);
    };
}

void EventQueue::flush()
{
    QList<RunEvent> batch;
    {
        QMutexLocker lock(&m_buffer->mutex);
        batch.swap(m_buffer->events);
    }
    if (!batch.isEmpty())
        Q_EMIT eventsArrived(batch);
}

} // namespace mig::ui
