// The libFuzzer entry point of one target: MIG_FUZZ_ENTRY names its function in FuzzTargets.h.
// A finding (a wrong answer, not a crash) aborts, so libFuzzer keeps the input as a crash.
#include "FuzzTargets.h"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (const migfuzz::Finding f = migfuzz::MIG_FUZZ_ENTRY(data, size)) {
        std::fprintf(stderr, "fuzz finding: %s\n", f->c_str());
        std::abort();
    }
    return 0;
}
