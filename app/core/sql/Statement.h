#pragma once

#include <QByteArray>
#include <QString>

namespace mig {

// One executable statement cut from a script, with where it came from.
struct Statement {
    QString sql;          // the statement, without its terminating delimiter or leading comments
    QString preamble;     // comments directly before it; annotations such as "-- migctl:batch" live here
    int firstLine = 0;    // 1-based source line of the first character of sql
    int lastLine = 0;     // 1-based source line of the last character of sql
    QByteArray copyData;  // PostgreSQL "COPY ... FROM STDIN": the inline rows, without the "\." line
};

// Why a script could not be split: the text is not valid in the dialect (unterminated quote,
// comment or body). Carries the line where the broken construct starts.
struct SplitError {
    int line = 0;
    QString message;
};

} // namespace mig
