#include "BackupFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mig {

QString fileError(const QString &verb, const QString &path, int errnum)
{
    const bool full = errnum == ENOSPC || errnum == EFBIG || errnum == EDQUOT;
    return QStringLiteral("%1 %2: %3%4").arg(verb, path, QString::fromLocal8Bit(std::strerror(errnum)),
                                             full ? QStringLiteral(" (disk full?)") : QString());
}

PartialFile::~PartialFile()
{
    if (!m_committed)
        discard();
}

QString PartialFile::create(const QString &finalPath)
{
    m_final = finalPath;
    m_partial = finalPath + QStringLiteral(".partial");
    if (QFileInfo::exists(m_final))
        return QStringLiteral("%1 exists already").arg(m_final);
    // O_EXCL: never write into a file someone else prepared (a symbolic link planted there);
    // the mode is set at creation, so the rows are never readable by others, not even briefly.
    m_fd = ::open(QFile::encodeName(m_partial).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (m_fd < 0) {
        const int e = errno;
        m_partial.clear(); // not ours: never remove it
        return fileError(QStringLiteral("creating"), finalPath + QStringLiteral(".partial"), e);
    }
    // The umask can only remove bits; 0600 is what we want whatever it is.
    ::fchmod(m_fd, 0600);
    return {};
}

QString PartialFile::write(const char *data, qint64 size)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t n = ::write(m_fd, data + done, size_t(size - done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fileError(QStringLiteral("writing"), m_partial, errno);
        }
        done += n;
    }
    m_hash.addData(QByteArrayView(data, size));
    m_size += size;
    return {};
}

QString PartialFile::digestWritten()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    const FileDigest d = digestFile(m_partial);
    if (!d.error.isEmpty())
        return d.error;
    m_size = d.size;
    m_sha256 = d.sha256.toLatin1();
    return {};
}

QString PartialFile::commit()
{
    if (m_fd < 0)
        m_fd = ::open(QFile::encodeName(m_partial).constData(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0 || ::fsync(m_fd) != 0)
        return fileError(QStringLiteral("syncing"), m_partial, errno);
    if (::close(m_fd) != 0) {
        m_fd = -1;
        return fileError(QStringLiteral("closing"), m_partial, errno);
    }
    m_fd = -1;
    if (m_sha256.isEmpty())
        m_sha256 = m_hash.result().toHex();
    if (QFileInfo::exists(m_final))
        return QStringLiteral("%1 appeared while the backup was written; the backup stays unnamed").arg(m_final);
    if (::rename(QFile::encodeName(m_partial).constData(), QFile::encodeName(m_final).constData()) != 0)
        return fileError(QStringLiteral("renaming"), m_partial, errno);
    m_committed = true;
    // The rename itself must survive a crash: sync the folder that holds the name.
    const int dir = ::open(QFile::encodeName(QFileInfo(m_final).absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

void PartialFile::discard()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_partial.isEmpty() && !m_committed) {
        ::unlink(QFile::encodeName(m_partial).constData());
        // sqlite3 may have left its rollback journal beside the copy.
        ::unlink(QFile::encodeName(m_partial + QStringLiteral("-journal")).constData());
    }
}

FileDigest digestFile(const QString &path)
{
    FileDigest d;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        d.error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return d;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    qint64 size = 0;
    QByteArray chunk;
    while (!(chunk = f.read(1 << 20)).isEmpty()) {
        hash.addData(chunk);
        size += chunk.size();
    }
    if (f.error() != QFileDevice::NoError) {
        d.error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return d;
    }
    d.size = size;
    d.sha256 = QString::fromLatin1(hash.result().toHex());
    return d;
}

QString makePrivateFolder(const QString &dir)
{
    if (QFileInfo(dir).isDir())
        return {};
    if (!QDir().mkpath(dir))
        return QStringLiteral("cannot create the backup folder %1").arg(dir);
    if (!QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        return QStringLiteral("cannot make the backup folder %1 private (mode 0700)").arg(dir);
    return {};
}

} // namespace mig
