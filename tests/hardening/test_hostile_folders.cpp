// Migration folders a DBA did not mean to hand over, through the real migctl (plan, status,
// apply on a SQLite target): symbolic links out of the folder, 100,000 files, 2 GB files,
// binary files and other encodings, names with control characters. Each must end in an error
// naming the file - shown escaped - while the rest of the folder is still read, and in memory
// that does not grow with the files' sizes (measured: the peak resident set of migctl).
#include "HardeningSupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>
#include <fcntl.h>

using namespace hardening;

namespace {

class HostileFolders : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_work.isValid()); }

    QString store() const { return m_work.filePath(QStringLiteral("runs.sqlite")); }
    QString target() const { return QStringLiteral("sqlite:") + m_work.filePath(QStringLiteral("target.db")); }
    QStringList targetTables() const { return sqliteTables(m_work.filePath(QStringLiteral("target.db"))); }

    CliRun plan(const QString &dir, const QStringList &extra = {}) const
    {
        return migctl(QStringList{QStringLiteral("plan"), QStringLiteral("--dir"), dir} + extra, store());
    }
    CliRun onTarget(const QString &command, const QString &dir) const
    {
        return migctl({command, QStringLiteral("--target"), target(), QStringLiteral("--dir"), dir}, store());
    }

    QTemporaryDir m_work;
};

// The peak resident memory migctl may reach on these folders, in kB: it reads files line by
// line and a statement at most 64 MiB long. AddressSanitizer builds keep freed memory a while.
#if defined(__has_feature) // clang has no __SANITIZE_ADDRESS__
#if __has_feature(address_sanitizer)
#define MIG_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(MIG_ASAN)
constexpr long MemoryScale = 3;
#else
constexpr long MemoryScale = 1;
#endif

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

TEST_F(HostileFolders, ASymbolicLinkOutOfTheFolderIsAnErrorNamingItsTarget)
{
    TempFolder outside;
    outside.write(QStringLiteral("evil.sql"), "DROP TABLE accounts;\n");
    TempFolder dir;
    dir.write(QStringLiteral("001_accounts.sql"), "CREATE TABLE accounts (id INT);\n");
    ASSERT_TRUE(QDir().mkpath(dir.file(QStringLiteral("shared"))));
    dir.write(QStringLiteral("shared/index.sql"), "CREATE INDEX accounts_id ON accounts (id);\n");
    ASSERT_TRUE(QFile::link(outside.file(QStringLiteral("evil.sql")), dir.file(QStringLiteral("002_evil.sql"))));
    // A link that stays inside the folder is what it seems: part of what is reviewed.
    ASSERT_TRUE(QFile::link(dir.file(QStringLiteral("shared/index.sql")), dir.file(QStringLiteral("003_index.sql"))));

    const CliRun p = plan(dir.path());
    EXPECT_EQ(p.exitCode, 3) << p.text();
    const QString real = QFileInfo(outside.file(QStringLiteral("evil.sql"))).canonicalFilePath();
    EXPECT_TRUE(p.err.contains(QStringLiteral("002_evil.sql: error: leads through a symbolic link to %1, outside the migrations "
                                              "folder: migctl runs only files inside the folder; copy the file in instead").arg(real)))
        << p.text();
    EXPECT_TRUE(p.out.contains(u"001      accounts")) << p.text();
    EXPECT_TRUE(p.out.contains(u"003      index")) << p.text();
    EXPECT_FALSE(p.out.contains(u"evil")) << p.text();

    // apply refuses the whole folder: nothing of it ran.
    const CliRun apply = onTarget(QStringLiteral("apply"), dir.path());
    EXPECT_EQ(apply.exitCode, 3) << apply.text();
    EXPECT_TRUE(apply.err.contains(u"002_evil.sql: error: leads through a symbolic link")) << apply.text();
    EXPECT_EQ(targetTables(), QStringList()) << "something of the folder ran";
    // Refused before connecting: not even an empty target file is left behind.
    EXPECT_FALSE(QFileInfo::exists(m_work.filePath(QStringLiteral("target.db"))));

    // Flyway reads subfolders: one that is a link out of the folder is refused file by file.
    TempFolder flyway;
    flyway.write(QStringLiteral("V1__accounts.sql"), "CREATE TABLE accounts (id INT);\n");
    outside.write(QStringLiteral("V2__more.sql"), "DROP TABLE accounts;\n");
    ASSERT_TRUE(QFile::link(outside.path(), flyway.file(QStringLiteral("linked"))));
    const CliRun pf = plan(flyway.path());
    EXPECT_EQ(pf.exitCode, 3) << pf.text();
    EXPECT_TRUE(pf.err.contains(QStringLiteral("linked/V2__more.sql: error: leads through a symbolic link to %1/V2__more.sql")
                                    .arg(QFileInfo(outside.path()).canonicalFilePath())))
        << pf.text();
}

TEST_F(HostileFolders, NamesWithControlCharactersAreRefusedAndShownEscaped)
{
    TempFolder dir;
    // A newline would forge a line of output; an escape sequence would recolour the terminal;
    // U+202E would show the name reversed.
    dir.write(QStringLiteral("001_a\nforged.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("002_\x1b[31mred.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("003_") + QChar(0x202e) + QStringLiteral("lmth.sql"), "SELECT 1;\n");
    dir.write(QStringLiteral("004_ok.sql"), "SELECT 1;\n");
    // A name that is not UTF-8 at all: Qt's listing leaves it out; migctl must not.
    const QByteArray latin1 = QFile::encodeName(dir.path()) + "/005_caf\xe9.sql";
    const int fd = ::open(latin1.constData(), O_CREAT | O_WRONLY, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "SELECT 1;\n", 10), 10);
    ::close(fd);

    for (const CliRun &r : {plan(dir.path()), onTarget(QStringLiteral("status"), dir.path())}) {
        EXPECT_EQ(r.exitCode, 3) << r.text();
        const QString why = QStringLiteral(": error: the file name holds control characters (shown escaped): rename the file\n");
        EXPECT_TRUE(r.err.contains(QStringLiteral("001_a\\nforged.sql") + why)) << r.text();
        EXPECT_TRUE(r.err.contains(QStringLiteral("002_\\e[31mred.sql") + why)) << r.text();
        EXPECT_TRUE(r.err.contains(QStringLiteral("003_\\u202elmth.sql") + why)) << r.text();
        EXPECT_TRUE(r.err.contains(QStringLiteral("005_caf\\xe9.sql: error: the file name is not valid UTF-8 (its bytes shown as \\xNN)")))
            << r.text();
        // Nothing raw reached the output.
        for (const QString &text : {r.out, r.err}) {
            EXPECT_FALSE(text.contains(QChar(0x1b))) << r.text();
            EXPECT_FALSE(text.contains(QChar(0x202e))) << r.text();
            EXPECT_FALSE(text.contains(u"\nforged")) << r.text();
        }
    }
    const CliRun p = plan(dir.path());
    EXPECT_TRUE(p.out.contains(u"004      ok")) << p.text();
    EXPECT_TRUE(p.out.contains(u"1 migration(s); 4 error(s)")) << p.text();
}

TEST_F(HostileFolders, BinaryFilesAndOtherEncodingsAreNamed)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_png.sql"), QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    dir.write(QStringLiteral("002_gzip.sql"), QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10));
    dir.write(QStringLiteral("003_latin1.sql"), "-- caf\xe9 au lait\nSELECT 1;\n");
    dir.write(QStringLiteral("004_utf16.sql"), QByteArray("\xff\xfeS\0E\0L\0E\0C\0T\0", 14));
    dir.write(QStringLiteral("005_ok.sql"), "SELECT 1;\n");
    const CliRun p = plan(dir.path());
    EXPECT_EQ(p.exitCode, 3) << p.text();
    EXPECT_TRUE(p.err.contains(u"001_png.sql:1: error: line 1 is not valid UTF-8 text (a binary file, or text in another encoding such as Latin-1?)"))
        << p.text();
    EXPECT_TRUE(p.err.contains(u"002_gzip.sql:1: error: line 1 contains a NUL byte (column 4): this is not a text file")) << p.text();
    EXPECT_TRUE(p.err.contains(u"003_latin1.sql:1: error: line 1 is not valid UTF-8 text")) << p.text();
    EXPECT_TRUE(p.err.contains(u"004_utf16.sql:1: error: the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8"))
        << p.text();
    EXPECT_TRUE(p.out.contains(u"005      ok")) << p.text();
}

// 2 GB files, sparse (no disk used): all zero bytes, and a first line of 70 MiB. A third file of
// 70 MiB of CSV lines holds no statement end. Each is an error naming it, read no further than
// the limits (a line of 64 MiB, a statement of 64 MiB).
TEST_F(HostileFolders, TwoGigabyteFilesAreRefusedInBoundedMemory)
{
    TempFolder dir;
    dir.write(QStringLiteral("001_ok.sql"), "CREATE TABLE a (id INT);\n");
    constexpr qint64 TwoGiB = qint64(2) << 30;
    {
        QFile zeros(dir.file(QStringLiteral("002_zeros.sql")));
        ASSERT_TRUE(zeros.open(QIODevice::WriteOnly) && zeros.resize(TwoGiB));
        QFile line(dir.file(QStringLiteral("003_one_line.sql")));
        ASSERT_TRUE(line.open(QIODevice::WriteOnly));
        const QByteArray mib(1 << 20, 'x');
        for (int i = 0; i < 70; ++i)
            ASSERT_EQ(line.write(mib), mib.size());
        ASSERT_TRUE(line.resize(TwoGiB));
        QFile csv(dir.file(QStringLiteral("004_data.sql")));
        ASSERT_TRUE(csv.open(QIODevice::WriteOnly));
        QByteArray chunk;
        for (int i = 0; i < 20000; ++i)
            chunk += "4242,someone@example.com,2024-01-01,a row of data that is not SQL\n";
        while (csv.size() < qint64(70) << 20)
            ASSERT_EQ(csv.write(chunk), chunk.size());
    }
    ASSERT_EQ(QFileInfo(dir.file(QStringLiteral("002_zeros.sql"))).size(), TwoGiB);

    QElapsedTimer clock;
    clock.start();
    for (const QString &dialect : {QStringLiteral("sqlite"), QStringLiteral("mysql")}) {
        const CliRun p = plan(dir.path(), {QStringLiteral("--dialect"), dialect});
        EXPECT_EQ(p.exitCode, 3) << p.text();
        EXPECT_TRUE(p.err.contains(u"002_zeros.sql:1: error: line 1 contains a NUL byte (column 1): this is not a text file")) << p.text();
        EXPECT_TRUE(p.err.contains(u"003_one_line.sql:1: error: line 1 is longer than 64 MiB: not a script to run line by line")) << p.text();
        EXPECT_TRUE(p.err.contains(QStringLiteral("004_data.sql:1: error: up script (%1): no statement ends within 64 MiB from line 1").arg(dialect)))
            << p.text();
        EXPECT_TRUE(p.out.contains(u"001      ok")) << p.text();
    }
    // PostgreSQL's lexer builds a token list of what it lexes: the data file costs it far more
    // (README, limits); the 2 GB files stop at their first line as in the other dialects.
    QFile::remove(dir.file(QStringLiteral("004_data.sql")));
    const CliRun pg = plan(dir.path(), {QStringLiteral("--dialect"), QStringLiteral("postgres")});
    EXPECT_EQ(pg.exitCode, 3) << pg.text();
    EXPECT_TRUE(pg.err.contains(u"002_zeros.sql:1: error: line 1 contains a NUL byte")) << pg.text();
    EXPECT_TRUE(pg.err.contains(u"003_one_line.sql:1: error: line 1 is longer than 64 MiB")) << pg.text();

    const CliRun apply = onTarget(QStringLiteral("apply"), dir.path());
    EXPECT_EQ(apply.exitCode, 3) << apply.text();
    EXPECT_EQ(targetTables(), QStringList()) << "nothing may run from a folder with errors";

    const long peak = peakChildRssKb();
    std::fprintf(stderr, "2 GB files: 4 migctl runs in %.1f s, peak resident memory of migctl %ld kB\n", clock.elapsed() / 1000.0, peak);
    EXPECT_GT(peak, 0);
    EXPECT_LT(peak, 320 * 1024 * MemoryScale) << "a 2 GB file was read into memory";
}

TEST_F(HostileFolders, HundredThousandFilesArePlannedInBoundedMemory)
{
    constexpr int Files = 100000;
    TempFolder dir;
    QElapsedTimer clock;
    clock.start();
    for (int i = 1; i <= Files; ++i) {
        const QString name = QStringLiteral("%1_step_%2.sql").arg(i, 6, 10, QLatin1Char('0')).arg(i);
        ASSERT_TRUE(writeFile(dir.file(name), QByteArrayLiteral("CREATE TABLE t") + QByteArray::number(i) + " (id INT);\n"));
    }
    const double writing = clock.restart() / 1000.0;

    const CliRun p = plan(dir.path());
    const double planning = clock.restart() / 1000.0;
    EXPECT_EQ(p.exitCode, 0) << s(p.err.left(2000));
    EXPECT_TRUE(p.out.contains(QStringLiteral("%1 migration(s); 0 error(s), 0 warning(s)").arg(Files))) << s(p.out.right(500));
    EXPECT_TRUE(p.out.contains(u"\n100000   step_100000  native  1 ")) << s(p.out.right(500));
    const long planPeak = peakChildRssKb();

    const CliRun st = onTarget(QStringLiteral("status"), dir.path());
    const double status = clock.restart() / 1000.0;
    EXPECT_EQ(st.exitCode, 0) << s(st.err.left(2000));
    EXPECT_TRUE(st.out.contains(QStringLiteral("0 applied, %1 pending").arg(Files))) << s(st.out.right(500));
    const long statusPeak = peakChildRssKb();

    std::fprintf(stderr, "%d files: written in %.1f s; migctl plan %.1f s, status %.1f s; peak resident memory of migctl %ld kB\n",
                 Files, writing, planning, status, statusPeak);
    // What is kept per migration is its names, paths and checksum, never its text: a few kB each.
    EXPECT_LT(planPeak, (60 * 1024 + Files * 5L) * MemoryScale);
    EXPECT_LT(statusPeak, (60 * 1024 + Files * 6L) * MemoryScale);
}
