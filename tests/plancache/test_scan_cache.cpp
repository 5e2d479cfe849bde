// The scan cache in-process: a cached plan is the plan of the files as they are, whatever
// happened to the files (edits that keep size and mtime, renames, replacements) or to the cache
// (garbage, damaged values, no folder to write in, a lock held elsewhere).
#include "PlanCacheSupport.h"
#include "TempFolder.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include <sqlite3.h>

using namespace mig;
using namespace plancache;

namespace {

// A native folder with rollback and verify scripts, a script PostgreSQL cannot split (its
// error must come back from the cache as it came from the file) and one only of ";".
void writeNative(const TempFolder &f)
{
    f.write(QStringLiteral("001_users.sql"), "CREATE TABLE users (id INT);\nCREATE INDEX u ON users (id);\n");
    f.write(QStringLiteral("001_users.rollback.sql"), "DROP TABLE users;\n");
    f.write(QStringLiteral("001_users.verify.sql"), "SELECT count(*) FROM users;\n");
    f.write(QStringLiteral("002_notes.sql"), "CREATE TABLE notes (t TEXT);\r\nINSERT INTO notes VALUES ('a;b');\r\n");
    f.write(QStringLiteral("003_broken.sql"), "CREATE TABLE broken (t TEXT DEFAULT $$never closed);\n");
    f.write(QStringLiteral("004_empty.sql"), ";\n");
}

// sql-migrate with an up direction in two sections: its checksum is derived from both.
void writeSqlMigrate(const TempFolder &f)
{
    f.write(QStringLiteral("1_init.sql"), "-- +migrate Up\nCREATE TABLE a (x INT);\n-- +migrate Down\nDROP TABLE a;\n"
                                          "-- +migrate Up\nCREATE TABLE b (x INT);\n");
    f.write(QStringLiteral("2_more.sql"), "-- +migrate Up\n-- +migrate StatementBegin\nCREATE TABLE c (x INT);\n"
                                          "-- +migrate StatementEnd\n-- +migrate Down\nDROP TABLE c;\n");
}

QString cacheFile(const QTemporaryDir &d)
{
    return d.filePath(QStringLiteral("cache/scan-cache.sqlite"));
}

// A first plan through a cache at `file`, which stores every file read (no racy window).
void fillCache(const QString &dir, const QString &file, Dialect dialect = Dialect::Sqlite)
{
    ScanCache store(file, 0);
    planJson(dir, dialect, &store);
}

QString checksumOf(const QByteArray &json, int index)
{
    return QJsonDocument::fromJson(json).object().value(u"migrations").toArray().at(index).toObject().value(u"checksum").toString();
}

} // namespace

TEST(ScanCache, HitGivesThePlanOfAColdRead)
{
    TempFolder native, sqlMigrate;
    writeNative(native);
    writeSqlMigrate(sqlMigrate);
    QTemporaryDir cacheDir;
    for (const Dialect dialect : {Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql}) {
        for (const TempFolder *folder : {&native, &sqlMigrate}) {
            const QByteArray cold = planJson(folder->path(), dialect);
            {
                ScanCache store(cacheFile(cacheDir), 0);
                ASSERT_TRUE(store.isOpen()) << store.lastError().toStdString();
                EXPECT_EQ(planJson(folder->path(), dialect, &store), cold);
                EXPECT_GT(store.stats().stored, 0);
            }
            ScanCache warm(cacheFile(cacheDir), 0);
            EXPECT_EQ(planJson(folder->path(), dialect, &warm), cold) << dialectName(dialect).toStdString();
            EXPECT_EQ(warm.stats().misses, 0) << "every file came from the cache";
            EXPECT_GT(warm.stats().hits, 0);
        }
    }
    // The error and the empty migration are in the cached plan as in the cold one.
    const QByteArray pg = planJson(native.path(), Dialect::Postgres);
    EXPECT_TRUE(pg.contains("003_broken.sql")) << pg.toStdString();
    EXPECT_TRUE(pg.contains("holds no postgres statement")) << pg.toStdString();
}

TEST(ScanCache, EditKeepingSizeAndMtimeIsSeen)
{
    TempFolder f;
    writeNative(f);
    QTemporaryDir cacheDir;
    const QByteArray before = planJson(f.path(), Dialect::Sqlite);
    fillCache(f.path(), cacheFile(cacheDir));
    // Same length, other table: only the ctime changes.
    ASSERT_TRUE(editKeepingSizeAndMtime(f.file(QStringLiteral("001_users.sql")),
                                        "CREATE TABLE people(id INT);\nCREATE INDEX u ON people(id);\n"))
        << "the edit must keep size and mtime and move the ctime";
    const QByteArray cold = planJson(f.path(), Dialect::Sqlite);
    ASSERT_NE(checksumOf(cold, 0), checksumOf(before, 0));
    ScanCache cache(cacheFile(cacheDir), 0);
    EXPECT_EQ(planJson(f.path(), Dialect::Sqlite, &cache), cold);
    EXPECT_EQ(cache.stats().misses, 1) << "only the edited file was read";
}

TEST(ScanCache, RenamedAndReplacedFiles)
{
    TempFolder f;
    writeNative(f);
    QTemporaryDir cacheDir;
    fillCache(f.path(), cacheFile(cacheDir));
    ASSERT_TRUE(QFile::rename(f.file(QStringLiteral("002_notes.sql")), f.file(QStringLiteral("005_notes.sql"))));
    // Replaced by another file (another inode) of the same size, given the old mtime.
    const QString users = f.file(QStringLiteral("001_users.sql"));
    const struct stat old = statOf(users);
    const QString replacement = f.file(QStringLiteral("replacement.tmp"));
    writeFile(replacement, "CREATE TABLE people(id INT);\nCREATE INDEX u ON people(id);\n");
    const timespec times[2] = {old.st_atim, old.st_mtim};
    ASSERT_EQ(::utimensat(AT_FDCWD, QFile::encodeName(replacement).constData(), times, 0), 0);
    ASSERT_EQ(::rename(QFile::encodeName(replacement).constData(), QFile::encodeName(users).constData()), 0);
    ASSERT_EQ(statOf(users).st_size, old.st_size);

    const QByteArray cold = planJson(f.path(), Dialect::Sqlite);
    ASSERT_TRUE(cold.contains("005_notes.sql"));
    ScanCache cache(cacheFile(cacheDir), 0);
    EXPECT_EQ(planJson(f.path(), Dialect::Sqlite, &cache), cold);
    EXPECT_EQ(cache.stats().misses, 2) << "the renamed and the replaced file were read";
}

TEST(ScanCache, GarbageCacheFileIsReplaced)
{
    TempFolder f;
    writeNative(f);
    QTemporaryDir cacheDir;
    QDir().mkpath(cacheDir.filePath(QStringLiteral("cache")));
    writeFile(cacheFile(cacheDir), QByteArray("not a database, whatever it was\n").repeated(200));
    const QByteArray cold = planJson(f.path(), Dialect::Sqlite);
    {
        ScanCache cache(cacheFile(cacheDir), 0);
        EXPECT_TRUE(cache.isOpen()) << cache.lastError().toStdString();
        EXPECT_EQ(planJson(f.path(), Dialect::Sqlite, &cache), cold);
    }
    ScanCache again(cacheFile(cacheDir), 0);
    EXPECT_EQ(planJson(f.path(), Dialect::Sqlite, &again), cold);
    EXPECT_EQ(again.stats().misses, 0);
}

TEST(ScanCache, DamagedValuesAreNotTrusted)
{
    TempFolder f;
    writeNative(f);
    QTemporaryDir cacheDir;
    const QByteArray cold = planJson(f.path(), Dialect::Sqlite);
    fillCache(f.path(), cacheFile(cacheDir));
    // One byte of a checksum changed: the value still decodes; only the folder's hash tells.
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(QFile::encodeName(cacheFile(cacheDir)).constData(), &db), SQLITE_OK);
    sqlite3_stmt *st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT dir, files FROM folders", -1, &st, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    const QByteArray dir(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
    QByteArray files(static_cast<const char *>(sqlite3_column_blob(st, 1)), sqlite3_column_bytes(st, 1));
    sqlite3_finalize(st);
    const QByteArray realChecksum = checksumOf(cold, 0).toLatin1();
    const qsizetype at = files.indexOf(realChecksum);
    ASSERT_GE(at, 0);
    files[at] = files[at] == 'a' ? 'b' : 'a';
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE folders SET files = ? WHERE dir = ?", -1, &st, nullptr), SQLITE_OK);
    sqlite3_bind_blob(st, 1, files.constData(), int(files.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, dir.constData(), int(dir.size()), SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    {
        ScanCache damaged(cacheFile(cacheDir), 0);
        EXPECT_EQ(planJson(f.path(), Dialect::Sqlite, &damaged), cold);
        EXPECT_EQ(damaged.stats().hits, 0);
    }
    // Cut in half, with a hash that matches: the value itself must not decode.
    const QByteArray cut = files.left(files.size() / 2);
    const QByteArray hash = QCryptographicHash::hash(cut, QCryptographicHash::Sha1);
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE folders SET files = ?, hash = ? WHERE dir = ?", -1, &st, nullptr), SQLITE_OK);
    sqlite3_bind_blob(st, 1, cut.constData(), int(cut.size()), SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 2, hash.constData(), int(hash.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, dir.constData(), int(dir.size()), SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
    ScanCache halved(cacheFile(cacheDir), 0);
    EXPECT_EQ(planJson(f.path(), Dialect::Sqlite, &halved), cold);
    EXPECT_EQ(halved.stats().hits, 0);
}

TEST(ScanCache, UnwritableOrLockedCacheOnlyCostsTime)
{
    TempFolder f;
    writeNative(f);
    const QByteArray cold = planJson(f.path(), Dialect::Postgres);
    // A cache folder that cannot be made: its parent is a file (root may write anywhere else).
    QTemporaryDir cacheDir;
    writeFile(cacheDir.filePath(QStringLiteral("cache")), "a file, not a folder\n");
    {
        ScanCache nowhere(cacheFile(cacheDir), 0);
        EXPECT_FALSE(nowhere.isOpen());
        EXPECT_EQ(planJson(f.path(), Dialect::Postgres, &nowhere), cold);
    }
    // Another process holds the cache file locked.
    QTemporaryDir lockedDir;
    const QString file = cacheFile(lockedDir);
    {
        ScanCache create(file, 0);
        ASSERT_TRUE(create.isOpen());
    }
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(QFile::encodeName(file).constData(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; DELETE FROM meta;", nullptr, nullptr, nullptr), SQLITE_OK);
    {
        ScanCache locked(file, 0);
        EXPECT_EQ(planJson(f.path(), Dialect::Postgres, &locked), cold);
        EXPECT_EQ(locked.stats().hits, 0);
    }
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
}

TEST(ScanCache, FreshFilesAreNotStored)
{
    TempFolder f;
    writeNative(f);
    QTemporaryDir cacheDir;
    {
        // The default windows: files written a moment ago may still be rewritten in the same tick.
        ScanCache fresh(cacheFile(cacheDir));
        planJson(f.path(), Dialect::Sqlite, &fresh);
        if (::time(nullptr) - statOf(f.file(QStringLiteral("001_users.sql"))).st_ctim.tv_sec < 1)
            EXPECT_EQ(fresh.stats().stored, 0);
    }
    letFilesAge();
    {
        ScanCache aged(cacheFile(cacheDir));
        planJson(f.path(), Dialect::Sqlite, &aged);
        EXPECT_GT(aged.stats().stored, 0);
    }
    ScanCache warm(cacheFile(cacheDir));
    EXPECT_EQ(planJson(f.path(), Dialect::Sqlite, &warm), planJson(f.path(), Dialect::Sqlite));
    EXPECT_EQ(warm.stats().misses, 0);
}

TEST(ScanCache, RowsOfDeletedFilesGo)
{
    TempFolder f;
    writeNative(f);
    QTemporaryDir cacheDir;
    fillCache(f.path(), cacheFile(cacheDir));
    ASSERT_TRUE(QFile::remove(f.file(QStringLiteral("004_empty.sql"))));
    {
        ScanCache prune(cacheFile(cacheDir), 0);
        planJson(f.path(), Dialect::Sqlite, &prune);
    }
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(QFile::encodeName(cacheFile(cacheDir)).constData(), &db), SQLITE_OK);
    sqlite3_stmt *st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT files FROM folders", -1, &st, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    const QByteArray files(static_cast<const char *>(sqlite3_column_blob(st, 0)), sqlite3_column_bytes(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    EXPECT_FALSE(files.contains("004_empty.sql"));
    EXPECT_TRUE(files.contains("003_broken.sql"));
}
