#pragma once

#include "Format.h"
#include "ScriptRef.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace mig {

// The result of reading a migration file once, line by line: its sections (single-file layouts
// put up and down in one file behind directive comments), each with its checksum and whether
// it holds any SQL, plus the StatementBegin/End blocks. Nothing of the text is kept.
struct FileScan {
    struct Section {
        enum class Kind { Whole, Preamble, Up, Down };
        Kind kind = Kind::Whole;
        qint64 begin = 0;
        qint64 end = -1;
        int firstLine = 1;
        int directiveLine = 0;     // line of "-- migrate:up" etc.; 0 for Whole and Preamble
        bool noTransaction = false; // transaction:false / notransaction on the directive
        int firstSqlLine = 0;      // first line with text that is not a comment; 0 = empty
        QByteArray checksum;       // hex SHA-256 over the lines, each ended by "\n", BOM removed
    };
    struct Block {
        int beginLine = 0;
        int endLine = 0;            // 0 when StatementEnd is missing
    };

    std::optional<Format> directiveFormat; // dbmate, goose or sql-migrate when their directives appear
    QList<Section> sections;
    QList<Block> blocks;
    bool gooseNoTransaction = false;       // "-- +goose NO TRANSACTION"
    QString error;                         // unreadable file, bad encoding, conflicting directives
    int errorLine = 0;
    QList<std::pair<int, QString>> directiveErrors; // misplaced directives, by line
};

// `bytes`, when given, is the whole file already read (readWholeFile): it is not read again.
FileScan scanFile(const QString &path, const QByteArray *bytes = nullptr);

// The checksum of a script spread over several sections: SHA-256 of its lines, each ended by
// "\n", as for a single section. Empty when the file cannot be read.
QByteArray scriptChecksum(const ScriptRef &script, const QByteArray *bytes = nullptr);

// goose / sql-migrate "-- +goose StatementBegin" and "... StatementEnd" lines.
enum class BlockMarker { None, Begin, End };
BlockMarker blockMarker(QByteArrayView line);

} // namespace mig
