#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace mig {

// A file's identity as the OS gives it. Any write changes the change time (ctime), which no
// user can set, so an edit that restores a file's size and modification time still shows here.
struct FileIdentity {
    quint64 device = 0;
    quint64 inode = 0;
    qint64 size = 0;
    qint64 mtimeNs = 0; // modification time, nanoseconds since the epoch
    qint64 ctimeNs = 0; // status change time, nanoseconds since the epoch

    friend bool operator==(const FileIdentity &, const FileIdentity &) = default;
};

// The identity of the file at `path` (symbolic links followed); unset when it cannot be stat'ed.
std::optional<FileIdentity> fileIdentity(const QString &path);

// A file read whole in one go, with its identity before and after the read: when the two
// differ, the file changed while it was read and what was read belongs to neither.
struct WholeFile {
    std::optional<FileIdentity> identity; // unset when the file could not be opened
    QByteArray bytes;                     // empty when larger than the limit (or on an error)
    bool read = false;                    // bytes hold the whole file
    bool stable = false;                  // the identity did not change during the read
    QString error;
};

// Reads the file whole when it is at most maxBytes long; larger files are only stat'ed (they
// are streamed by their readers, never held whole).
WholeFile readWholeFile(const QString &path, qint64 maxBytes);

} // namespace mig
