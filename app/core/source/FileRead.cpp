#include "FileRead.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mig {

namespace {

FileIdentity identityOf(const struct stat &st)
{
    FileIdentity id;
    id.device = quint64(st.st_dev);
    id.inode = quint64(st.st_ino);
    id.size = qint64(st.st_size);
    id.mtimeNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    id.ctimeNs = qint64(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
    return id;
}

QString errnoText(int e)
{
    return QString::fromLocal8Bit(std::strerror(e));
}

} // namespace

std::optional<FileIdentity> fileIdentity(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return std::nullopt;
    return identityOf(st);
}

WholeFile readWholeFile(const QString &path, qint64 maxBytes)
{
    WholeFile out;
    // O_NONBLOCK: a FIFO put in place of a checked file must not block the open.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        out.error = errnoText(errno);
        return out;
    }
    struct stat before {};
    if (::fstat(fd, &before) != 0) {
        out.error = errnoText(errno);
        ::close(fd);
        return out;
    }
    out.identity = identityOf(before);
    if (!S_ISREG(before.st_mode)) {
        out.error = QStringLiteral("not a regular file");
        ::close(fd);
        return out;
    }
    if (before.st_size > maxBytes) {
        out.stable = true;
        ::close(fd);
        return out;
    }
    // One byte more than the size: a file that grew since fstat is seen, not cut.
    out.bytes.resize(qsizetype(before.st_size) + 1);
    qsizetype got = 0;
    while (got < out.bytes.size()) {
        const ssize_t n = ::read(fd, out.bytes.data() + got, size_t(out.bytes.size() - got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            out.error = errnoText(errno);
            out.bytes.clear();
            ::close(fd);
            return out;
        }
        if (n == 0)
            break;
        got += n;
    }
    struct stat after {};
    out.stable = ::fstat(fd, &after) == 0 && identityOf(after) == *out.identity;
    ::close(fd);
    if (got != before.st_size) { // it grew or shrank while read: what was read is no whole file
        out.bytes.clear();
        out.stable = false;
        return out;
    }
    out.bytes.resize(got);
    out.read = true;
    return out;
}

} // namespace mig
