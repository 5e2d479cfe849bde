// Splitting streams: a script far larger than the memory the splitter may use is cut into
// statements while peak memory stays flat.
#include "TempFolder.h"
#include "sql/ScriptSplitter.h"

#include <QFile>
#include <QRegularExpression>
#include <gtest/gtest.h>

using namespace mig;

namespace {

// Peak resident memory of this process, in kB (Linux).
qint64 peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression hwm(QStringLiteral("VmHWM:\\s+(\\d+) kB"));
    return hwm.match(QString::fromLatin1(status.readAll())).captured(1).toLongLong();
}

constexpr qint64 ScriptBytes = qint64(160) * 1024 * 1024;
constexpr qint64 AllowedGrowthKb = 48 * 1024;

// Writes a script of about ScriptBytes: INSERTs and, every so often, a function with a body.
qint64 writeLargeScript(const QString &path, bool withFunctions)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return -1;
    const QByteArray filler(120, 'x');
    qint64 statements = 0;
    QByteArray chunk;
    while (f.size() < ScriptBytes) {
        chunk.clear();
        for (int i = 0; i < 1000; ++i, ++statements) {
            if (withFunctions && i == 0)
                chunk += "CREATE FUNCTION f" + QByteArray::number(statements) + "() RETURNS int AS $$\nBEGIN\n  RETURN 1; -- ;\nEND;\n$$ LANGUAGE plpgsql;\n";
            else
                chunk += "INSERT INTO t (id, note) VALUES (" + QByteArray::number(statements) + ", '" + filler + ";');\n";
        }
        f.write(chunk);
    }
    return statements;
}

void expectFlatMemory(Dialect dialect, bool withFunctions)
{
    TempFolder dir;
    const QString path = dir.file(QStringLiteral("big.sql"));
    const qint64 expected = writeLargeScript(path, withFunctions);
    ASSERT_GT(expected, 0);
    const qint64 before = peakRssKb();
    ASSERT_GT(before, 0);
    qint64 seen = 0;
    ScriptRef ref;
    ref.path = path;
    const ScriptSplitResult r = splitScript(ref, dialect, [&](Statement &&s) {
        ++seen;
        return !s.sql.isEmpty();
    });
    ASSERT_FALSE(r.error) << r.error->message.toStdString();
    EXPECT_EQ(seen, expected);
    const qint64 growth = peakRssKb() - before;
    EXPECT_LT(growth, AllowedGrowthKb) << "peak memory grew by " << growth << " kB for a "
                                       << ScriptBytes / (1024 * 1024) << " MB script";
}

} // namespace

TEST(Streaming, PostgresSplitterMemoryStaysFlat)
{
    expectFlatMemory(Dialect::Postgres, true);
}

TEST(Streaming, SqliteSplitterMemoryStaysFlat)
{
    expectFlatMemory(Dialect::Sqlite, false);
}

TEST(Streaming, MysqlSplitterMemoryStaysFlat)
{
    expectFlatMemory(Dialect::Mysql, false);
}
