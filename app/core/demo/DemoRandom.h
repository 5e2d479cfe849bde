#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

namespace mig::demo {

// SplitMix64: tiny, and the same numbers on every platform and standard library (std::
// distributions are not), so a demo seed always makes the same rows.
class DemoRandom
{
public:
    explicit DemoRandom(quint64 seed) : m_state(seed) {}

    quint64 next()
    {
        quint64 z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // In [0, n); the modulo bias is irrelevant for demo data.
    int below(int n) { return n <= 0 ? 0 : int(next() % quint64(n)); }
    int between(int low, int high) { return low + below(high - low + 1); }
    bool chance(int percent) { return below(100) < percent; }
    template<typename T>
    const T &pick(const QList<T> &items) { return items.at(below(int(items.size()))); }

private:
    quint64 m_state;
};

} // namespace mig::demo
