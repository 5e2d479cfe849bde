#include "FuzzTargets.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdarg>
#include <cstdio>

namespace migfuzz {

const std::vector<Target> &targets()
{
    static const std::vector<Target> all{
        {"splitters", &splitters}, {"filenames", &fileNames}, {"directives", &directives},
        {"folder", &folder},       {"policy", &policy},
    };
    return all;
}

QString scratchDir()
{
    // tmpfs keeps the folder targets fast (they write files for every input). A crash skips the
    // removal: run-fuzzers.sh passes a folder of its own (MIG_FUZZ_SCRATCH) and removes it.
    static const QTemporaryDir dir = [] {
        QString parent = qEnvironmentVariable("MIG_FUZZ_SCRATCH");
        if (parent.isEmpty())
            parent = QFileInfo(QStringLiteral("/dev/shm")).isWritable() ? QStringLiteral("/dev/shm") : QDir::tempPath();
        return QTemporaryDir(parent + QStringLiteral("/migfuzz-XXXXXX"));
    }();
    return dir.path();
}

bool isSha256Hex(const QByteArray &text)
{
    return text.size() == 64
           && std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Finding finding(const char *format, ...)
{
    char text[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(text, sizeof text, format, args);
    va_end(args);
    return std::string(text);
}

} // namespace migfuzz
