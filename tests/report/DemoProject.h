#pragma once
// The Feedback project (tests/data/feedback-sqlite, the first SQLite demo), copied into a test's temp folder.

#include "ReportTestSupport.h"

namespace reporttest {

inline QString copyDemo(const TempFolder &tmp, const QString &name)
{
    const QString source = sourceFile(QStringLiteral("tests/data/feedback-sqlite"));
    const QString target = tmp.file(name);
    QDir().mkpath(target);
    for (const QString &f : QDir(source).entryList(QDir::Files))
        EXPECT_TRUE(QFile::copy(source + u'/' + f, target + u'/' + f)) << s(f);
    return target;
}

} // namespace reporttest
