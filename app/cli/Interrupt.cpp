#include "Interrupt.h"

#include <csignal>

namespace mig::cli {

namespace {

std::atomic<bool> requested{false};

extern "C" void onInterrupt(int)
{
    requested.store(true);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

} // namespace

CancelOnInterrupt::CancelOnInterrupt()
{
    requested.store(false);
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

CancelOnInterrupt::~CancelOnInterrupt()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

const std::atomic<bool> *CancelOnInterrupt::flag()
{
    return &requested;
}

} // namespace mig::cli
