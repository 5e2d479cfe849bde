#include "FolderListing.h"

#include "LineReader.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cstring>
#include <dirent.h>

namespace mig {

namespace {

QString shownBytes(const QByteArray &name)
{
    QString shown;
    for (const char c : name)
        shown += static_cast<unsigned char>(c) < 0x80 ? QString(QLatin1Char(c))
                                                      : QStringLiteral("\\x%1").arg(int(static_cast<unsigned char>(c)), 2, 16, QLatin1Char('0'));
    return shown;
}

FolderListing listWithQt(const QString &dir, const QString &base)
{
    FolderListing out;
    for (const QFileInfo &info : QDir(dir).entryInfoList(QDir::Files | QDir::System | QDir::NoDotAndDotDot, QDir::Name))
        out.files << ListedFile{info.fileName(), base + info.fileName(), false, info};
    return out;
}

} // namespace

FolderListing listFolder(const QString &dir)
{
    const QString clean = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    const QString base = clean.endsWith(u'/') ? clean : clean + u'/';
    DIR *d = ::opendir(QFile::encodeName(clean).constData());
    if (!d)
        return listWithQt(dir, base);
    FolderListing out;
    // Sorted as bytes, then decoded: comparing UTF-8 bytes is cheaper than comparing QStrings
    // and gives the same order (QDir's: by UTF-16 code units) unless a name holds a character
    // beyond U+FFFF (a 4-byte sequence), which sorts differently in UTF-16: then as QStrings.
    struct Name {
        QByteArray bytes;
        unsigned char type;
    };
    QList<Name> names;
    bool beyondBmp = false;
    while (const dirent *e = ::readdir(d)) {
        QByteArray name(e->d_name);
        if (name.startsWith('.')) // ".", ".." and hidden files, which QDir leaves out too
            continue;
        if (!isValidUtf8(name)) {
            if (name.toLower().endsWith(".sql"))
                out.undecodableSql << shownBytes(name);
            continue;
        }
        if (e->d_type == DT_DIR)
            continue;
        beyondBmp = beyondBmp || std::any_of(name.cbegin(), name.cend(), [](char c) { return static_cast<unsigned char>(c) >= 0xF0; });
        names.append(Name{std::move(name), e->d_type});
    }
    ::closedir(d);
    // strcmp: names hold no NUL, and it compares as unsigned bytes, as QByteArray does, faster.
    std::sort(names.begin(), names.end(), [](const Name &a, const Name &b) { return std::strcmp(a.bytes.constData(), b.bytes.constData()) < 0; });
    out.files.reserve(names.size());
    for (const Name &n : std::as_const(names)) {
        const QString file = QString::fromUtf8(n.bytes);
        const QString path = base + file;
        if (n.type == DT_REG) {
            out.files.append(ListedFile{file, path, true, std::nullopt});
            continue;
        }
        QFileInfo info(path);
        if (!info.isDir()) // not a link to a folder
            out.files.append(ListedFile{file, path, false, info});
    }
    if (beyondBmp)
        std::sort(out.files.begin(), out.files.end(), [](const ListedFile &a, const ListedFile &b) { return a.file < b.file; });
    return out;
}

} // namespace mig
