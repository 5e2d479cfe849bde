#pragma once

#include "StatementSplitter.h"

#include <QList>
#include <QString>

// Feeds a script to a dialect's splitter line by line, as a file would, and keeps the result.
struct Split {
    QList<mig::Statement> statements;
    std::optional<mig::SplitError> error;

    QStringList sql() const
    {
        QStringList out;
        for (const auto &s : statements)
            out << s.sql;
        return out;
    }
};

inline Split splitText(mig::Dialect dialect, const QByteArray &script)
{
    Split result;
    auto splitter = mig::StatementSplitter::create(dialect, [&](mig::Statement &&s) {
        result.statements << std::move(s);
        return true;
    });
    QList<QByteArray> lines = script.split('\n');
    if (script.endsWith('\n'))
        lines.removeLast();
    int lineNo = 0;
    bool ok = true;
    for (const QByteArray &line : lines)
        if (!(ok = splitter->addLine(line, ++lineNo)))
            break;
    if (ok)
        splitter->finish();
    result.error = splitter->error();
    return result;
}
