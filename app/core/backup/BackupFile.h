#pragma once

#include <QCryptographicHash>
#include <QString>

namespace mig {

// A backup file being written. It is made as FINAL.partial, created exclusively with mode 0600
// before a byte is written (a backup holds every row of the database), its SHA-256 computed
// as it is written, fsync'd, and renamed to FINAL only by commit(). Anything else — a write
// error (disk full, file-size limit), a tool that failed or was killed, a cancel — ends in
// discard(), also from the destructor: no half file is ever left under the final name, nor
// under the partial one.
class PartialFile
{
public:
    PartialFile() = default;
    ~PartialFile();
    PartialFile(const PartialFile &) = delete;
    PartialFile &operator=(const PartialFile &) = delete;

    // Creates FINAL.partial (it must not exist). Error text; empty on success.
    QString create(const QString &finalPath);
    // Appends; error text naming the file and the cause ("writing X: File too large (disk full?)").
    QString write(const char *data, qint64 size);
    // For a file another writer filled (sqlite3's backup API): closes our descriptor, then reads
    // the file through for its size and SHA-256. Error text.
    QString digestWritten();
    // fsync, close, rename to the final name, fsync the folder. Error text.
    QString commit();
    void discard();

    const QString &partialPath() const { return m_partial; }
    const QString &finalPath() const { return m_final; }
    qint64 size() const { return m_size; }
    QString sha256() const { return QString::fromLatin1(m_sha256); }

private:
    int m_fd = -1;
    QString m_final, m_partial;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    QByteArray m_sha256;
    qint64 m_size = 0;
    bool m_committed = false;
};

// "writing /x/y.partial: File too large (disk full?)": an errno as a DBA reads it.
QString fileError(const QString &verb, const QString &path, int errnum);

// A file's size and SHA-256 (hex), read through.
struct FileDigest {
    qint64 size = -1;
    QString sha256;
    QString error; // set when the file cannot be read
};
FileDigest digestFile(const QString &path);

// Makes `dir` (and its parents) when missing; a folder made here gets mode 0700. Error text.
QString makePrivateFolder(const QString &dir);

} // namespace mig
