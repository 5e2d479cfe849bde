#pragma once

#include <atomic>

namespace mig::cli {

// While alive, Ctrl-C (or SIGTERM) asks the work under way to cancel: it sets flag(), which the
// work polls (a signal handler may do nothing else). A second Ctrl-C ends the process at once.
class CancelOnInterrupt
{
public:
    CancelOnInterrupt();
    ~CancelOnInterrupt();
    CancelOnInterrupt(const CancelOnInterrupt &) = delete;
    CancelOnInterrupt &operator=(const CancelOnInterrupt &) = delete;

    static const std::atomic<bool> *flag();
};

} // namespace mig::cli
