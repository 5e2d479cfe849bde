#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace mig {

// Where a script lives: byte ranges of a file. Scripts are read from disk when needed and
// streamed, never kept in memory, so folders of huge scripts load in bounded memory. Single-
// file layouts (dbmate, goose, sql-migrate) point up and down at sections of the same file;
// sql-migrate may even spread one direction over several sections, hence a list.
struct ScriptRef {
    struct Span {
        qint64 begin = 0;  // byte offset of the span's first line
        qint64 end = -1;   // byte offset just past it; -1 = end of file
        int firstLine = 1; // line number of the byte at begin
    };

    QString path;                // absolute file path; empty when the migration has no such script
    QList<Span> spans = QList<Span>(1); // in file order; the default is one span, the whole file
    bool transactional = true;
    QByteArray blockTag;         // "goose" / "migrate": "-- +<tag> StatementBegin ... End" blocks stay whole

    bool isNull() const { return path.isEmpty(); }
    int firstLine() const { return spans.isEmpty() ? 1 : spans.first().firstLine; }
};

} // namespace mig
