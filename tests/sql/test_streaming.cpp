// Splitting streams: a script far larger than the memory the splitter may use is cut into
// statements while peak memory stays flat.
#include "TempFolder.h"
#include "sql/ScriptSplitter.h"

#include <QFile>
#include <QRegularExpression>
#include <gtest/gtest.h>

using namespace mig;

namespace {

// Resident memory of this process in kB (Linux): "VmRSS" now, or "VmHWM" the peak.
qint64 memoryKb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QRegularExpression re(QLatin1String(field) + QStringLiteral(":\\s+(\\d+) kB"));
    return re.match(QString::fromLatin1(status.readAll())).captured(1).toLongLong();
}

// Starts a new peak measurement, so one test's peak never hides another's.
qint64 resetPeakKb()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    if (!clear.open(QIODevice::WriteOnly) || clear.write("5") != 1)
        return -1;
    clear.close();
    return memoryKb("VmRSS");
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

// Splits a generated script and returns how much the peak memory grew, in kB.
qint64 splitAndMeasure(Dialect dialect, bool withFunctions, bool keepStatements)
{
    TempFolder dir;
    const QString path = dir.file(QStringLiteral("big.sql"));
    const qint64 expected = writeLargeScript(path, withFunctions);
    EXPECT_GT(expected, 0);
    const qint64 before = resetPeakKb();
    EXPECT_GT(before, 0) << "cannot reset the peak memory counter";
    qint64 seen = 0;
    QList<Statement> kept;
    ScriptRef ref;
    ref.path = path;
    const ScriptSplitResult r = splitScript(ref, dialect, [&](Statement &&s) {
        ++seen;
        if (keepStatements)
            kept << std::move(s);
        return true;
    });
    EXPECT_FALSE(r.error) << r.error->message.toStdString();
    EXPECT_EQ(seen, expected);
    return memoryKb("VmHWM") - before;
}

void expectFlatMemory(Dialect dialect, bool withFunctions)
{
    const qint64 growth = splitAndMeasure(dialect, withFunctions, false);
    EXPECT_LT(growth, AllowedGrowthKb) << "peak memory grew by " << growth << " kB for a "
                                       << ScriptBytes / (1024 * 1024) << " MB script";
}

} // namespace

// The measurement itself can fail: keeping every statement must show as growth.
TEST(Streaming, MeasurementSeesASinkThatKeepsEverything)
{
    EXPECT_GT(splitAndMeasure(Dialect::Sqlite, false, true), 2 * AllowedGrowthKb);
}

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
