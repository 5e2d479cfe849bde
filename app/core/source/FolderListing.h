#pragma once

#include <QFileInfo>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace mig {

// One entry of a migration folder, as the folder loader checks it.
struct ListedFile {
    QString file;           // relative to the folder
    QString path;           // absolute
    bool plainFile = false; // a regular file and no symbolic link, as the listing itself says
    std::optional<QFileInfo> info; // for the others (links, FIFOs, devices, unknown types): what the
                                   // checks ask; unset for plain files (a QFileInfo costs an allocation)
};

struct FolderListing {
    QList<ListedFile> files;      // by name, as QDir::Name sorts
    QStringList undecodableSql;   // .sql names that are not UTF-8, their bytes shown as \xNN, as found
};

// The folder's entries as QDir::entryInfoList(Files | System | NoDotAndDotDot, Name) lists them
// (no hidden files, no folders or links to folders; broken links, FIFOs and devices included),
// read in one pass of readdir: the entry types it gives spare a stat per regular file, and the
// .sql names Qt would leave out silently, not being UTF-8, are returned to be reported.
FolderListing listFolder(const QString &dir);

} // namespace mig
