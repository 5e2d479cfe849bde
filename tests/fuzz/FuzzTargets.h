#pragma once

// The fuzz targets' entry functions, shared by the libFuzzer binaries (fuzz_main.cpp, built with
// -DMIG_FUZZ=ON) and the replay test of the normal suite (test_fuzz_replay.cpp), which feeds
// every file of tests/fuzz/corpus/<target>/ and tests/fuzz/regressions/<target>/ through them.
// Each entry runs one engine parser on arbitrary bytes and checks what its callers rely on;
// crashes, leaks and undefined behaviour are the sanitizers' to report.

#include <QByteArray>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace migfuzz {

// What an entry found wrong with the engine's answer: empty when the input was handled well.
using Finding = std::optional<std::string>;
using Entry = Finding (*)(const uint8_t *data, size_t size);

// The first byte picks a dialect (and, for PostgreSQL, whether statements are also parsed with
// libpg_query); the rest is the script, fed line by line as a file would be.
Finding splitters(const uint8_t *data, size_t size);
// One file name per line: classified as the folder loader does, versions parsed and compared.
Finding fileNames(const uint8_t *data, size_t size);
// One migration file (the first byte picks its name and dialect): scanned for sections and
// StatementBegin/End blocks, each section read back and split.
Finding directives(const uint8_t *data, size_t size);
// A whole folder ("=== NAME" lines start each file; see FuzzFolder.cpp): `migctl plan`'s path.
Finding folder(const uint8_t *data, size_t size);
// A policy file (migctl-policy.json).
Finding policy(const uint8_t *data, size_t size);

struct Target {
    const char *name; // the folder under tests/fuzz/corpus and tests/fuzz/regressions
    Entry entry;
};
const std::vector<Target> &targets();

// A private scratch folder for inputs that must be files (in /dev/shm when there is one: the
// folder targets write files for every input). Removed when the process ends.
QString scratchDir();

// A checksum as the engine writes them: 64 lowercase hex digits.
bool isSha256Hex(const QByteArray &text);

// Builds a finding from a printf-style message.
Finding finding(const char *format, ...) __attribute__((format(printf, 1, 2)));

} // namespace migfuzz
