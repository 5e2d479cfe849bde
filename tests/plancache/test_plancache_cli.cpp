// migctl plan and status with the scan cache, as a DBA runs them against a SQLite target: the
// same text, JSON and exit codes with the cache (cold and warm) as with --no-cache; the history
// still decides the states; and apply never takes what it runs from the cache.
#include "PlanCacheSupport.h"
#include "TempFolder.h"

#include "source/FileRead.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include <sqlite3.h>

using namespace plancache;

namespace {

struct CliRun {
    int exitCode = -1;
    QByteArray out, err;
    bool operator==(const CliRun &o) const { return exitCode == o.exitCode && out == o.out && err == o.err; }
};

// migctl with its own cache and run store folders: nothing of the user's is read or written.
class Cli
{
public:
    QString cacheHome() const { return m_home.filePath(QStringLiteral("cache")); }
    QString cacheFile() const { return cacheHome() + QStringLiteral("/migration-console/scan-cache.sqlite"); }

    CliRun operator()(QStringList args) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CACHE_HOME"), cacheHome());
        env.insert(QStringLiteral("MIGCTL_RUN_STORE"), m_home.filePath(QStringLiteral("runs.sqlite")));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(MIGCTL_PATH), args);
        CliRun r;
        if (p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit) {
            r.exitCode = p.exitCode();
            r.out = p.readAllStandardOutput();
            r.err = p.readAllStandardError();
        }
        return r;
    }

private:
    QTemporaryDir m_home;
};

void writeFolder(const TempFolder &f)
{
    f.write(QStringLiteral("001_users.sql"), "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n");
    f.write(QStringLiteral("001_users.rollback.sql"), "DROP TABLE users;\n");
    f.write(QStringLiteral("002_orders.sql"), "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER);\n"
                                              "CREATE INDEX orders_user ON orders (user_id);\n");
    f.write(QStringLiteral("003_notes.sql"), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n");
}

QStringList withFlag(QStringList args, const char *flag)
{
    if (flag)
        args << QLatin1String(flag);
    return args;
}

} // namespace

TEST(PlanCacheCli, PlanTextAndJsonSameWithAndWithoutCache)
{
    Cli migctl;
    TempFolder f;
    writeFolder(f);
    letFilesAge();
    for (const char *json : {static_cast<const char *>(nullptr), "--json"}) {
        const QStringList args = withFlag({QStringLiteral("plan"), QStringLiteral("--dir"), f.path(), QStringLiteral("--dialect"),
                                           QStringLiteral("postgres")}, json);
        const CliRun uncached = migctl(withFlag(args, "--no-cache"));
        ASSERT_EQ(uncached.exitCode, 0) << uncached.err.toStdString();
        EXPECT_EQ(migctl(args), uncached) << "cold";
        EXPECT_EQ(migctl(args), uncached) << "warm";
    }
    EXPECT_TRUE(QFile::exists(migctl.cacheFile())) << "the cache lives in XDG_CACHE_HOME";
    EXPECT_FALSE(QFile::exists(f.file(QStringLiteral("scan-cache.sqlite"))));
    EXPECT_EQ(QDir(f.path()).entryList(QDir::Files).size(), 4) << "nothing written into the migrations folder";
}

TEST(PlanCacheCli, StatusReadsTheHistoryAndSeesEdits)
{
    Cli migctl;
    TempFolder f;
    writeFolder(f);
    QTemporaryDir targetDir;
    const QString target = QStringLiteral("sqlite:") + targetDir.filePath(QStringLiteral("app.db"));
    const CliRun applied = migctl({QStringLiteral("apply"), QStringLiteral("--target"), target, QStringLiteral("--dir"), f.path(),
                                QStringLiteral("--to"), QStringLiteral("2")});
    ASSERT_EQ(applied.exitCode, 0) << applied.err.toStdString();
    letFilesAge();
    auto status = [&](const char *json, const char *noCache) {
        return migctl(withFlag(withFlag({QStringLiteral("status"), QStringLiteral("--target"), target, QStringLiteral("--dir"), f.path()}, json), noCache));
    };
    for (const char *json : {static_cast<const char *>(nullptr), "--json"}) {
        const CliRun uncached = status(json, "--no-cache");
        ASSERT_EQ(uncached.exitCode, 0) << uncached.err.toStdString();
        EXPECT_EQ(status(json, nullptr), uncached) << "cold";
        EXPECT_EQ(status(json, nullptr), uncached) << "warm";
    }
    const QJsonArray states = QJsonDocument::fromJson(status("--json", nullptr).out).object().value(u"migrations").toArray();
    ASSERT_EQ(states.size(), 3);
    EXPECT_EQ(states.at(0).toObject().value(u"state").toString(), QStringLiteral("applied"));
    EXPECT_EQ(states.at(2).toObject().value(u"state").toString(), QStringLiteral("pending"));

    // An applied migration edited behind the history's back, size and mtime kept.
    ASSERT_TRUE(editKeepingSizeAndMtime(f.file(QStringLiteral("002_orders.sql")),
                                        "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER);\n"
                                        "CREATE INDEX orders_usr ON orders (user_id) ;\n"));
    for (const char *json : {static_cast<const char *>(nullptr), "--json"}) {
        const CliRun uncached = status(json, "--no-cache");
        EXPECT_EQ(uncached.exitCode, 4) << "apply would refuse a modified migration";
        EXPECT_EQ(status(json, nullptr), uncached);
    }
    const QJsonArray after = QJsonDocument::fromJson(status("--json", nullptr).out).object().value(u"migrations").toArray();
    EXPECT_EQ(after.at(1).toObject().value(u"state").toString(), QStringLiteral("modified"));
    EXPECT_TRUE(after.at(1).toObject().value(u"diff").toString().contains(u"orders_usr"));
}

TEST(PlanCacheCli, ApplyRunsTheFileNotTheCache)
{
    Cli migctl;
    TempFolder f;
    writeFolder(f);
    letFilesAge();
    // A cache that lies about 003_notes.sql under its real identity: another checksum, no SQL.
    const QString notes = QDir(f.path()).absoluteFilePath(QStringLiteral("003_notes.sql"));
    const auto id = mig::fileIdentity(notes);
    ASSERT_TRUE(id.has_value());
    // The cache belongs to the migctl binary that wrote it (its size and mtime are in the
    // cache's key): migctl fills it first, and the lie is written for that reader.
    ASSERT_EQ(migctl({QStringLiteral("plan"), QStringLiteral("--dir"), f.path()}).exitCode, 0);
    QByteArray reader;
    {
        sqlite3 *c = nullptr;
        ASSERT_EQ(sqlite3_open(QFile::encodeName(migctl.cacheFile()).constData(), &c), SQLITE_OK);
        sqlite3_stmt *st = nullptr;
        ASSERT_EQ(sqlite3_prepare_v2(c, "SELECT value FROM meta WHERE key = 'reader'", -1, &st, nullptr), SQLITE_OK);
        ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
        reader = QByteArray(static_cast<const char *>(sqlite3_column_blob(st, 0)), sqlite3_column_bytes(st, 0));
        sqlite3_finalize(st);
        sqlite3_close(c);
    }
    ASSERT_TRUE(reader.contains("; build ")) << reader.toStdString();
    {
        mig::ScanCache poisoned(migctl.cacheFile(), 0, reader);
        ASSERT_TRUE(poisoned.isOpen()) << poisoned.lastError().toStdString();
        mig::FileScan lie;
        mig::FileScan::Section whole;
        whole.firstSqlLine = 1;
        whole.checksum = QByteArray(64, 'f');
        lie.sections << whole;
        poisoned.store(notes, *id, mig::ScanRecord{lie, QByteArray()});
    }
    const CliRun plan = migctl({QStringLiteral("plan"), QStringLiteral("--dir"), f.path(), QStringLiteral("--json")});
    ASSERT_TRUE(plan.out.contains(QByteArray(64, 'f'))) << "plan shows what the cache holds: " << plan.out.toStdString();

    QTemporaryDir targetDir;
    const QString db = targetDir.filePath(QStringLiteral("app.db"));
    const CliRun applied = migctl({QStringLiteral("apply"), QStringLiteral("--target"), QStringLiteral("sqlite:") + db, QStringLiteral("--dir"), f.path()});
    ASSERT_EQ(applied.exitCode, 0) << applied.err.toStdString();
    sqlite3 *conn = nullptr;
    ASSERT_EQ(sqlite3_open(QFile::encodeName(db).constData(), &conn), SQLITE_OK);
    sqlite3_stmt *st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(conn, "SELECT checksum FROM migctl_history WHERE version = '003'", -1, &st, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    const QByteArray recorded(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    ASSERT_EQ(sqlite3_prepare_v2(conn, "SELECT count(*) FROM sqlite_schema WHERE name = 'notes'", -1, &st, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(st, 0), 1) << "the file's statement ran";
    sqlite3_finalize(st);
    sqlite3_close(conn);
    const QByteArray real = QJsonDocument::fromJson(migctl({QStringLiteral("plan"), QStringLiteral("--dir"), f.path(), QStringLiteral("--json"),
                                                            QStringLiteral("--no-cache")}).out)
                                .object().value(u"migrations").toArray().at(2).toObject().value(u"checksum").toString().toLatin1();
    EXPECT_EQ(recorded, real);
    EXPECT_NE(recorded, QByteArray(64, 'f'));
}
