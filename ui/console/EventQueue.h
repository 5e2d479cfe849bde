#pragma once

#include "run/MigrationExecutor.h" // EventSink
#include "run/RunEvent.h"

#include <QList>
#include <QObject>
#include <QTimer>
#include <memory>

namespace mig::ui {

// Carries the engine's events from a worker thread to the GUI thread in batches. The worker's
// sink only appends under a mutex; the GUI thread drains the buffer at most every `flushMs` and
// hands the batch on. A 10,000-statement run emits 20,000 events: one queued call each would
// flood the event loop, a batch per frame does not (DESIGN.md: buffered, flushed on a timer).
class EventQueue : public QObject
{
    Q_OBJECT
public:
    explicit EventQueue(QObject *parent = nullptr, int flushMs = 50);
    ~EventQueue() override;

    // Safe to call from any thread, and after this object is gone (events are then dropped).
    EventSink sink();
    // Hands on what is buffered now (the end of a job, before its result is shown).
    void flush();

Q_SIGNALS:
    void eventsArrived(const QList<mig::RunEvent> &events);

private:
    struct Buffer;
    std::shared_ptr<Buffer> m_buffer;
    QTimer m_timer;
};

} // namespace mig::ui
