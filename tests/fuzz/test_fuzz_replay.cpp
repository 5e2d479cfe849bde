// Replays the fuzz corpora in the normal suite, without libFuzzer: every file of
// tests/fuzz/corpus/<target>/ (seeds) and tests/fuzz/regressions/<target>/ (each input that once
// crashed, hung, leaked or was answered wrongly, kept after its fix) goes through the same entry
// function as the fuzzer's. In a MIG_SANITIZE build the sanitizers watch it too.
#include "FuzzTargets.h"

#include <QDirIterator>
#include <QFile>
#include <gtest/gtest.h>

namespace {

class FuzzReplay : public ::testing::TestWithParam<migfuzz::Target>
{
};

// Every file under dir (recursively): path and bytes.
QStringList inputsUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    return files;
}

int replay(const migfuzz::Target &target, const QString &dir)
{
    const QStringList files = inputsUnder(dir);
    for (const QString &path : files) {
        QFile file(path);
        EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << qPrintable(path);
        const QByteArray bytes = file.readAll();
        const migfuzz::Finding f = target.entry(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
        EXPECT_FALSE(f.has_value()) << qPrintable(path) << ": " << f.value_or(std::string());
    }
    return int(files.size());
}

TEST_P(FuzzReplay, SeedsAndRegressions)
{
    const QString name = QLatin1String(GetParam().name);
    const QString seeds = QStringLiteral(MIG_FUZZ_DIR "/corpus/") + name;
    // A target without seeds would start from nothing, and this test would check nothing.
    EXPECT_GT(replay(GetParam(), seeds), 0) << "no seeds in " << qPrintable(seeds);
    replay(GetParam(), QStringLiteral(MIG_FUZZ_DIR "/regressions/") + name);
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzReplay, ::testing::ValuesIn(migfuzz::targets()),
                         [](const ::testing::TestParamInfo<migfuzz::Target> &info) { return std::string(info.param.name); });

} // namespace
