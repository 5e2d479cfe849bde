// The target probes on SQLite files, with other processes (the sqlite3 shell) holding the
// database open, reading, writing, or killed mid-transaction; and the engine-free pieces: the
// disk rule's arithmetic and the figures for people.
#include "ProbeTestSupport.h"
#include "TempFolder.h"

#include "target/TargetSession.h"

#include <QFileInfo>
#include <QTemporaryDir>

using namespace probetest;
using namespace mig::preflight;

namespace {

std::string s(const QString &text)
{
    return text.toStdString();
}

// The sqlite3 shell on the test's database, fed statements as the test goes; killed at the end.
class OtherProcess
{
public:
    explicit OtherProcess(const QString &database)
    {
        m_process.start(QStringLiteral("sqlite3"), {database});
        EXPECT_TRUE(m_process.waitForStarted(10000)) << "the sqlite3 shell did not start: " << s(m_process.errorString());
    }
    ~OtherProcess() { kill(); }
    void send(const QByteArray &sql)
    {
        m_process.write(sql);
        m_process.waitForBytesWritten(5000);
    }
    // SIGKILL: no commit, no checkpoint, no journal clean-up.
    void kill()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(10000);
    }
    QString pid() const { return QString::number(m_process.processId()); }

private:
    QProcess m_process;
};

class probes_sqlite : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_file = m_dir.filePath(QStringLiteral("app.db"));
    }

    std::unique_ptr<mig::TargetSession> open(const QStringList &setup = {})
    {
        mig::ConnectionProfile p;
        p.engine = mig::Dialect::Sqlite;
        p.database = m_file;
        auto session = mig::TargetSession::create(p);
        const auto error = session->open(QString(), QStringLiteral("probe-test"));
        EXPECT_FALSE(error) << s(error ? error->toString() : QString());
        for (const QString &sql : setup)
            EXPECT_TRUE(session->exec(sql).ok()) << s(sql);
        return session;
    }

    // The use of `pid` among the processes the sessions probe found, or "" when not found.
    static QString useOf(const ProbeResult &r, const QString &pid)
    {
        const QJsonArray found = entries(r, QStringLiteral("processes"), QStringLiteral("pid"), pid);
        return found.isEmpty() ? QString() : found.first().toObject().value(u"use").toString();
    }

    QTemporaryDir m_dir;
    QString m_file;
};

const QStringList table{QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, v INT)"), QStringLiteral("INSERT INTO t (v) VALUES (1)")};

TEST_F(probes_sqlite, LibraryVersionIsSupported)
{
    auto session = open(table);
    const ProbeResult r = probeServerVersion(*session);
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^SQLite 3\\.\\d+\\.\\d+ \\(supported: 3\\.35 or newer\\)$")).match(r.evidence).hasMatch()) << dump(r);
    EXPECT_GE(r.data.value(u"versionNumber").toInt(), 3035000) << dump(r);
}

TEST_F(probes_sqlite, NobodyElseHasTheFile)
{
    auto session = open(table);
    const ProbeResult sessions = probeSessions(*session, {});
    EXPECT_EQ(sessions.verdict, Verdict::NotApplicable) << dump(sessions);
    EXPECT_TRUE(sessions.evidence.startsWith(QStringLiteral("SQLite has no server sessions; no -wal or -journal file is beside ") + m_file)) << dump(sessions);
    EXPECT_TRUE(sessions.evidence.contains(u"no other process holds a lock on it now (delete mode")) << dump(sessions);
    EXPECT_TRUE(sessions.data.value(u"processes").toArray().isEmpty()) << dump(sessions);

    const ProbeResult longOnes = probeLongTransactions(*session, {});
    EXPECT_EQ(longOnes.verdict, Verdict::Pass) << dump(longOnes);
    const ProbeResult replication = probeReplication(*session, {});
    EXPECT_EQ(replication.verdict, Verdict::NotApplicable) << dump(replication);
    EXPECT_TRUE(replication.evidence.contains(u"no replication of its own")) << dump(replication);
}

// WAL mode: every open connection holds a lock on the -shm, the writer the write lock; a killed
// writer leaves its -wal behind.
TEST_F(probes_sqlite, AnotherProcessInWalModeIsNamedAndItsWalFileSeen)
{
    auto session = open(QStringList{QStringLiteral("PRAGMA journal_mode = WAL")} + table);
    OtherProcess other(m_file);
    other.send("BEGIN IMMEDIATE;\nINSERT INTO t (v) VALUES (2);\n");
    const auto sessions = [&] { return probeSessions(*session, {}); };
    ProbeResult r = probeUntil(sessions, [&](const ProbeResult &x) { return useOf(x, other.pid()) == u"writing"; });
    ASSERT_EQ(useOf(r, other.pid()), QStringLiteral("writing")) << dump(r);
    EXPECT_EQ(r.verdict, Verdict::Warn) << dump(r);
    EXPECT_TRUE(r.evidence.contains(QStringLiteral("process %1 (sqlite3) is writing (holds the write lock)").arg(other.pid()))) << dump(r);
    EXPECT_EQ(r.data.value(u"journalMode").toString(), QStringLiteral("wal")) << dump(r);

    ProbeResult longOnes = probeLongTransactions(*session, {});
    EXPECT_EQ(longOnes.verdict, Verdict::Warn) << dump(longOnes);
    EXPECT_TRUE(longOnes.evidence.startsWith(QStringLiteral("process %1 (sqlite3) is writing").arg(other.pid()))) << dump(longOnes);
    EXPECT_TRUE(longOnes.evidence.contains(u"wait for it up to the busy timeout")) << dump(longOnes);

    // Committed and idle: still open (the -shm lock), its frames in the -wal; it blocks nobody.
    other.send("COMMIT;\n");
    r = probeUntil(sessions, [&](const ProbeResult &x) { return useOf(x, other.pid()) == u"open" && x.data.value(u"walBytes").toInteger() > 0; });
    ASSERT_EQ(useOf(r, other.pid()), QStringLiteral("open")) << dump(r);
    EXPECT_EQ(r.verdict, Verdict::Warn) << dump(r);
    EXPECT_TRUE(r.evidence.contains(QStringLiteral("process %1 (sqlite3) has the database open").arg(other.pid()))) << dump(r);
    EXPECT_TRUE(r.evidence.contains(u"a -wal file of ")) << dump(r);
    longOnes = probeLongTransactions(*session, {});
    EXPECT_EQ(longOnes.verdict, Verdict::Pass) << dump(longOnes);

    // Killed: no process left, but the -wal it wrote is still beside the database.
    other.kill();
    r = sessions();
    EXPECT_EQ(r.verdict, Verdict::Warn) << dump(r);
    EXPECT_TRUE(r.data.value(u"processes").toArray().isEmpty()) << dump(r);
    EXPECT_GT(r.data.value(u"walBytes").toInteger(), 0) << dump(r);
    EXPECT_TRUE(r.evidence.startsWith(u"SQLite has no server sessions, but a -wal file of ")) << dump(r);
    EXPECT_EQ(databaseBytes(*session), QFileInfo(m_file).size() + QFileInfo(m_file + QStringLiteral("-wal")).size());
}

// Rollback-journal mode: a writer's -journal while it writes; a hot journal once it is killed.
TEST_F(probes_sqlite, WriterKilledInRollbackModeLeavesAHotJournal)
{
    auto session = open(table);
    OtherProcess other(m_file);
    other.send("BEGIN IMMEDIATE;\nINSERT INTO t (v) VALUES (2);\n");
    const auto sessions = [&] { return probeSessions(*session, {}); };
    ProbeResult r = probeUntil(sessions, [&](const ProbeResult &x) {
        return useOf(x, other.pid()) == u"writing" && x.data.value(u"journalBytes").toInteger() > 0;
    });
    ASSERT_EQ(useOf(r, other.pid()), QStringLiteral("writing")) << dump(r);
    EXPECT_EQ(r.verdict, Verdict::Warn) << dump(r);
    EXPECT_TRUE(r.evidence.contains(u"-journal file of ")) << dump(r);
    EXPECT_TRUE(r.evidence.contains(u"a write transaction is in progress")) << dump(r);

    other.kill();
    r = sessions();
    EXPECT_EQ(r.verdict, Verdict::Warn) << dump(r);
    EXPECT_TRUE(r.data.value(u"processes").toArray().isEmpty()) << dump(r);
    EXPECT_TRUE(r.evidence.contains(u"a hot journal if its writer ended mid-transaction")) << dump(r);
}

// In rollback-journal mode an open read transaction makes a commit wait: the check says so.
TEST_F(probes_sqlite, ReaderInRollbackModeWouldBlockACommit)
{
    auto session = open(table);
    OtherProcess other(m_file);
    other.send("BEGIN;\nSELECT count(*) FROM t;\n");
    const ProbeResult r = probeUntil([&] { return probeLongTransactions(*session, {}); },
                                     [](const ProbeResult &x) { return x.verdict == Verdict::Warn; });
    EXPECT_EQ(r.verdict, Verdict::Warn) << dump(r);
    EXPECT_TRUE(r.evidence.startsWith(QStringLiteral("process %1 (sqlite3) is reading (holds a read lock)").arg(other.pid()))) << dump(r);
    EXPECT_EQ(fieldOf(r, QStringLiteral("processes"), QStringLiteral("pid")), QStringList{other.pid()}) << dump(r);
}

TEST_F(probes_sqlite, DiskForBackupMeasuresTheFileAgainstTheDirectorysFilesystem)
{
    auto session = open(table);
    const qint64 size = QFileInfo(m_file).size();
    ASSERT_GT(size, 0);
    EXPECT_EQ(databaseBytes(*session), size);

    QTemporaryDir backups;
    ProbeResult r = probeDiskForBackup(*session, backups.path());
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    EXPECT_EQ(r.data.value(u"databaseBytes").toInteger(), size) << dump(r);
    EXPECT_EQ(r.data.value(u"neededBytes").toInteger(), (size * 6 + 4) / 5) << dump(r);
    EXPECT_TRUE(r.evidence.contains(QStringLiteral("free on ") + backups.path())) << dump(r);

    // Not created yet: measured where it would be created, and still not created.
    const QString later = backups.filePath(QStringLiteral("not/yet"));
    r = probeDiskForBackup(*session, later);
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    EXPECT_EQ(r.data.value(u"measuredAt").toString(), backups.path()) << dump(r);
    EXPECT_FALSE(QFileInfo::exists(later));

    r = probeDiskForBackup(*session, m_file);
    EXPECT_EQ(r.verdict, Verdict::Fail) << dump(r);
    EXPECT_EQ(r.evidence, m_file + QStringLiteral(" is not a directory")) << dump(r);
    r = probeDiskForBackup(*session, QString());
    EXPECT_EQ(r.verdict, Verdict::NotApplicable) << dump(r);
}

// The rule itself: free space must hold 1.2 x the database.
TEST(probes_figures, DiskRuleNeedsOnePointTwoTimesTheDatabase)
{
    const qint64 gib = qint64(1) << 30;
    ProbeResult r = diskVerdict(gib, qint64(37.4 * double(gib)), QStringLiteral("/var/backups"));
    EXPECT_EQ(r.verdict, Verdict::Pass) << dump(r);
    EXPECT_TRUE(r.evidence.startsWith(u"needs ~1.2 GiB, 37.4 GiB free on /var/backups")) << dump(r);

    EXPECT_EQ(diskVerdict(1000, 1200, QStringLiteral("/b")).verdict, Verdict::Pass);
    EXPECT_EQ(diskVerdict(1000, 1199, QStringLiteral("/b")).verdict, Verdict::Fail);
    r = diskVerdict(10 * gib, gib, QStringLiteral("/b"));
    EXPECT_EQ(r.verdict, Verdict::Fail) << dump(r);
    EXPECT_TRUE(r.evidence.startsWith(u"needs ~12.0 GiB, 1.0 GiB free on /b")) << dump(r);
    EXPECT_EQ(r.data.value(u"neededBytes").toInteger(), 12 * gib) << dump(r);
    EXPECT_EQ(diskVerdict(5, 100, QStringLiteral("/b")).data.value(u"neededBytes").toInteger(), 6);
    EXPECT_EQ(diskVerdict(6, 100, QStringLiteral("/b")).data.value(u"neededBytes").toInteger(), 8); // 7.2, rounded up
}

TEST(probes_figures, HumanFigures)
{
    EXPECT_EQ(humanBytes(0), QStringLiteral("0 B"));
    EXPECT_EQ(humanBytes(1023), QStringLiteral("1023 B"));
    EXPECT_EQ(humanBytes(1536), QStringLiteral("1.5 KiB"));
    EXPECT_EQ(humanBytes(qint64(3) << 20), QStringLiteral("3.0 MiB"));
    EXPECT_EQ(humanBytes(qint64(5) << 40), QStringLiteral("5.0 TiB"));
    EXPECT_EQ(humanDuration(0.4), QStringLiteral("0 s"));
    EXPECT_EQ(humanDuration(312), QStringLiteral("312 s"));
    EXPECT_EQ(humanDuration(2700), QStringLiteral("45 min"));
    EXPECT_EQ(humanDuration(18720), QStringLiteral("5.2 h"));
}

} // namespace
