#pragma once
// The SQLite demo project (migrations/sqlite-demo), copied into a test's temp folder.

#include "ReportTestSupport.h"

namespace reporttest {

inline QString copyDemo(const TempFolder &tmp, const QString &name)
{
    const QString source = sourceFile(QStringLiteral("migrations/sqlite-demo"));
    const QString target = tmp.file(name);
    QDir().mkpath(target);
    for (const QString &f : QDir(source).entryList(QDir::Files))
        EXPECT_TRUE(QFile::copy(source + u'/' + f, target + u'/' + f)) << s(f);
    return target;
}

} // namespace reporttest
