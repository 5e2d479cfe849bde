#pragma once

// Helpers of the scan cache tests: files whose identity the tests control, and plans as text.
#include "plan/FolderPlan.h"
#include "source/ScanCache.h"

#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QString>
#include <QThread>

#include <fcntl.h>
#include <sys/stat.h>

namespace plancache {

inline struct stat statOf(const QString &path)
{
    struct stat st {};
    ::stat(QFile::encodeName(path).constData(), &st);
    return st;
}

inline bool sameTime(const timespec &a, const timespec &b)
{
    return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

inline void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(bytes);
}

// Rewrites the file in place with `bytes` (same size) and puts its modification time back, as
// `touch -d` would: only the change time (ctime) tells the edit. On a file system whose clock
// ticks coarsely the edit may land in the tick of the last change: it is redone until the
// ctime moved. Returns false when it never did (then the test cannot say anything).
inline bool editKeepingSizeAndMtime(const QString &path, const QByteArray &bytes)
{
    const struct stat before = statOf(path);
    for (int attempt = 0; attempt < 500; ++attempt) {
        writeFile(path, bytes);
        const timespec times[2] = {before.st_atim, before.st_mtim};
        ::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, 0);
        const struct stat after = statOf(path);
        if (!sameTime(after.st_ctim, before.st_ctim))
            return after.st_size == before.st_size && sameTime(after.st_mtim, before.st_mtim);
        QThread::msleep(2);
    }
    return false;
}

// Files written just now are not cached (their change time is within the racy window): a
// precondition of the tests that need a hit, not a timing assertion.
inline void letFilesAge()
{
    QThread::msleep(mig::ScanCache::FineRacyWindowNs / 1000000 + 50);
}

inline QByteArray planJson(const QString &dir, mig::Dialect dialect, mig::ScanCache *cache = nullptr)
{
    return QJsonDocument(mig::planToJson(mig::planFolder(dir, dialect, std::nullopt, cache))).toJson();
}

} // namespace plancache
