#pragma once
// Shared by the health monitor's tests (test_health_*.cpp): a HealthMonitor on a thread of its
// own, as the console runs it beside a Runner, and what it emitted, waited for as it comes.

#include "run/HealthMonitor.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QMutex>
#include <QWaitCondition>

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>

namespace healthtest {

using mig::RunEvent;

inline const QString RunId = QStringLiteral("health-test-run");

class MonitorThread
{
public:
    MonitorThread(const mig::ConnectionProfile &profile, const QString &password, int intervalMs)
    {
        m_thread = std::thread([this, profile, password, intervalMs] {
            mig::HealthMonitor monitor(profile, password, RunId, [this](const RunEvent &e) {
                QMutexLocker lock(&m_mutex);
                m_events << e;
                m_changed.wakeAll();
            }, intervalMs);
            monitor.run(m_stop);
        });
    }
    ~MonitorThread() { stop(); }

    void stop()
    {
        m_stop.store(true);
        if (m_thread.joinable())
            m_thread.join();
    }

    QList<RunEvent> events() const
    {
        QMutexLocker lock(&m_mutex);
        return m_events;
    }
    QList<RunEvent> samples() const { return matching([](const RunEvent &e) { return e.type == RunEvent::Type::HealthSample; }); }
    QList<RunEvent> messages(const QString &status) const
    {
        return matching([&](const RunEvent &e) { return e.type == RunEvent::Type::Message && e.status == status; });
    }
    QList<RunEvent> matching(const std::function<bool(const RunEvent &)> &match) const
    {
        QList<RunEvent> out;
        for (const RunEvent &e : events())
            if (match(e))
                out << e;
        return out;
    }
    QList<RunEvent> of(RunEvent::Type type) const
    {
        return matching([type](const RunEvent &e) { return e.type == type; });
    }

    // The first event from index `from` on that matches, waiting up to timeoutMs for it.
    std::optional<RunEvent> waitFor(const std::function<bool(const RunEvent &)> &match, qsizetype from = 0, int timeoutMs = 20000)
    {
        const qsizetype i = waitForIndex(match, from, timeoutMs);
        if (i < 0)
            return std::nullopt;
        QMutexLocker lock(&m_mutex);
        return m_events.at(i);
    }
    // A sample whose data satisfies `match`, emitted from now on.
    std::optional<RunEvent> waitForSample(const std::function<bool(const QJsonObject &)> &match, int timeoutMs = 20000)
    {
        return waitFor([&](const RunEvent &e) { return e.type == RunEvent::Type::HealthSample && match(e.data); }, count(), timeoutMs);
    }
    // Whether `n` samples came within timeoutMs.
    bool waitForSamples(int n, int timeoutMs = 20000)
    {
        qsizetype at = -1;
        for (int k = 0; k < n; ++k) {
            at = waitForIndex([](const RunEvent &e) { return e.type == RunEvent::Type::HealthSample; }, at + 1, timeoutMs);
            if (at < 0)
                return false;
        }
        return true;
    }
    qsizetype count() const
    {
        QMutexLocker lock(&m_mutex);
        return m_events.size();
    }
    // Every event, one line each, for failure messages.
    std::string dump() const
    {
        QString out;
        for (const RunEvent &e : events())
            out += RunEvent::typeName(e.type) + QStringLiteral(": ") + e.toText() + QStringLiteral(" ")
                   + QString::fromUtf8(QJsonDocument(e.data).toJson(QJsonDocument::Compact)) + u'\n';
        return out.toStdString();
    }

private:
    // The index of the first matching event from `from` on; -1 after timeoutMs.
    qsizetype waitForIndex(const std::function<bool(const RunEvent &)> &match, qsizetype from, int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        QMutexLocker lock(&m_mutex);
        for (;;) {
            for (qsizetype i = from; i < m_events.size(); ++i)
                if (match(m_events.at(i)))
                    return i;
            const qint64 left = timeoutMs - clock.elapsed();
            if (left <= 0)
                return -1;
            m_changed.wait(&m_mutex, QDeadlineTimer(left));
        }
    }

    mutable QMutex m_mutex;
    QWaitCondition m_changed;
    QList<RunEvent> m_events;
    std::atomic<bool> m_stop{false};
    std::thread m_thread; // last: started once everything it uses exists
};

inline int intOf(const QJsonObject &data, const char *key)
{
    return data.value(QLatin1String(key)).toInt(-1);
}

} // namespace healthtest
