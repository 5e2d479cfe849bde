#pragma once

#include <QByteArray>
#include <QString>

namespace mig {

// Where a script lives: a byte range of a file. Scripts are read from disk when needed and
// streamed, never kept in memory, so folders of huge scripts load in bounded memory. Single-
// file layouts (dbmate, goose, sql-migrate) point up and down at sections of the same file.
struct ScriptRef {
    QString path;            // absolute file path; empty when the migration has no such script
    qint64 begin = 0;        // byte offset of the first line of the script
    qint64 end = -1;         // byte offset just past the script; -1 = end of file
    int firstLine = 1;       // line number of the byte at begin
    bool transactional = true;
    QByteArray blockTag;     // "goose" / "migrate": "-- +<tag> StatementBegin ... End" blocks stay whole

    bool isNull() const { return path.isEmpty(); }
};

} // namespace mig
