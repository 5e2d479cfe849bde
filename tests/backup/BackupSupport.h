#pragma once
// Shared by the backup tests (test_backup_*.cpp): the real migctl run as a DBA or a CI job runs
// it (its own run store, the password in MIGCTL_PASSWORD, optionally under a file-size limit or
// with a folder first on PATH), and what it left read back: the catalog through `migctl backups
// --json`, the files with stat and SHA-256, the run store's rows and raw bytes.

#include "RealWorldSupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>
#include <sys/stat.h>

namespace backuptest {

using realworld::Migctl;
using realworld::s;

// How one migctl invocation is started besides its arguments.
struct Launch {
    QString store;            // MIGCTL_RUN_STORE
    QString password;         // MIGCTL_PASSWORD (empty: unset)
    QString pathFirst;        // a folder put first on PATH (a shim of a client tool)
    qint64 fileSizeLimit = 0; // bytes; > 0: run under `prlimit --fsize=N`
};

inline Migctl runMigctl(const QStringList &args, const Launch &how, int timeoutMs = 120000)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MIGCTL_RUN_STORE"), how.store);
    if (how.password.isEmpty())
        env.remove(QStringLiteral("MIGCTL_PASSWORD"));
    else
        env.insert(QStringLiteral("MIGCTL_PASSWORD"), how.password);
    if (!how.pathFirst.isEmpty())
        env.insert(QStringLiteral("PATH"), how.pathFirst + u':' + env.value(QStringLiteral("PATH")));
    p.setProcessEnvironment(env);
    if (how.fileSizeLimit > 0)
        p.start(QStringLiteral("prlimit"), QStringList{QStringLiteral("--fsize=%1").arg(how.fileSizeLimit), QStringLiteral("--"),
                                                       QStringLiteral(MIGCTL_PATH)} + args);
    else
        p.start(QStringLiteral(MIGCTL_PATH), args);
    p.closeWriteChannel(); // stdin: no terminal, nobody typing
    Migctl r;
    const bool finished = p.waitForFinished(timeoutMs);
    if (!finished) {
        p.kill();
        p.waitForFinished();
    }
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    if (finished && p.exitStatus() == QProcess::NormalExit)
        r.exitCode = p.exitCode();
    return r;
}

// The catalog as `migctl backups --json` prints it (every target's backups, newest first).
inline QJsonArray catalog(const Launch &how)
{
    const Migctl r = runMigctl({QStringLiteral("backups"), QStringLiteral("--json")}, how);
    EXPECT_EQ(r.exitCode, 0) << r.text();
    const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
    EXPECT_EQ(doc.value(u"schema").toString(), QStringLiteral("migctl.backups/1")) << r.text();
    return doc.value(u"backups").toArray();
}

// table -> rows of a catalogued backup.
inline QMap<QString, qint64> tablesOf(const QJsonObject &backup)
{
    QMap<QString, qint64> out;
    for (const QJsonValue &t : backup.value(u"tables").toArray())
        out.insert(t[u"table"].toString(), t[u"rows"].toInteger());
    return out;
}

inline QString sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return QString::fromLatin1(h.result().toHex());
}

// Permission bits (0600, 0700); -1 when the file is not there.
inline int modeOf(const QString &path)
{
    struct stat st{};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

// Every entry of a folder, hidden ones included (a .partial left behind); none when it is missing.
inline QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

inline void truncateTo(const QString &path, qint64 size)
{
    QFile f(path);
    ASSERT_TRUE(f.resize(size)) << s(path) << ": " << s(f.errorString());
}

// The run store's bytes, write-ahead log included: a password must be in neither.
inline QByteArray storeBytes(const QString &store)
{
    QByteArray all;
    for (const QString &file : {store, store + QStringLiteral("-wal")}) {
        QFile f(file);
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

// Rows of a query on the run store (columns joined with '|'), read through Qt's SQLite driver.
inline QStringList storeRows(const QString &store, const QString &sql)
{
    QStringList out;
    const QString name = QStringLiteral("store-") + QString::number(quintptr(&out));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(store);
        EXPECT_TRUE(db.open());
        QSqlQuery q(db);
        EXPECT_TRUE(q.exec(sql)) << s(sql);
        while (q.next()) {
            QStringList cells;
            for (int i = 0; i < q.record().count(); ++i)
                cells << q.value(i).toString();
            out << cells.join(u'|');
        }
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

// "action|outcome" of every run in the store, in the order they started.
inline QStringList runs(const QString &store)
{
    return storeRows(store, QStringLiteral("SELECT action, outcome FROM runs ORDER BY started_at, rowid"));
}

// How many progress events a run store holds in `unit` (tables, bytes, pages).
inline int progressEvents(const QString &store, const QString &unit)
{
    return storeRows(store, QStringLiteral("SELECT count(*) FROM events WHERE type = 'progress' AND event LIKE '%\"unit\":\"%1\"%'").arg(unit))
        .value(0).toInt();
}

// The checks of a store's newest run of an action: "status|name|measured|detail", in order.
inline QStringList checksOfLast(const QString &store, const QString &action)
{
    return storeRows(store, QStringLiteral("SELECT c.status, c.name, c.measured, c.detail FROM checks c WHERE c.run_id = "
                                           "(SELECT id FROM runs WHERE action = '%1' ORDER BY started_at DESC, rowid DESC LIMIT 1) ORDER BY c.id")
                                .arg(action));
}

// After `backup --test` succeeded: the one file in `folder` (mode 0600, the folder 0700) is
// catalogued with its path, size, SHA-256, engine, and each table's rows, and passed its restore
// test with a passed "row count" check per table; a backup run and a restore-test run are kept.
// Returns the catalogued backup.
inline QJsonObject expectOneTestedBackup(const Migctl &r, const QString &folder, const Launch &how, const QString &engine,
                                         const QMap<QString, qint64> &tables)
{
    EXPECT_EQ(r.exitCode, 0) << r.text();
    EXPECT_EQ(modeOf(folder), 0700);
    const QStringList files = filesIn(folder);
    EXPECT_EQ(files.size(), 1) << s(files.join(u' '));
    const QString file = folder + u'/' + files.value(0);
    EXPECT_EQ(modeOf(file), 0600);
    const QJsonArray all = catalog(how);
    EXPECT_EQ(all.size(), 1);
    const QJsonObject b = all.first().toObject();
    EXPECT_EQ(b[u"path"].toString(), file);
    EXPECT_EQ(b[u"size"].toInteger(), QFileInfo(file).size());
    EXPECT_EQ(b[u"sha256"].toString(), sha256Of(file));
    EXPECT_EQ(b[u"engine"].toString(), engine);
    EXPECT_TRUE(b[u"id"].toString().startsWith(u'b'));
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$")).match(b[u"createdAt"].toString()).hasMatch())
        << s(b[u"createdAt"].toString());
    EXPECT_EQ(tablesOf(b), tables);
    EXPECT_EQ(b[u"restoreTest"][u"status"].toString(), QStringLiteral("pass")) << r.text();
    EXPECT_EQ(runs(how.store), (QStringList{QStringLiteral("backup|succeeded"), QStringLiteral("restore-test|succeeded")}));
    const QStringList checks = checksOfLast(how.store, QStringLiteral("restore-test"));
    for (auto it = tables.cbegin(); it != tables.cend(); ++it) {
        const QString rows = it.value() == 1 ? QStringLiteral("1 row") : QStringLiteral("%1 rows").arg(it.value());
        EXPECT_TRUE(checks.contains(QStringLiteral("pass|row count|%1 (catalog %2)|%3").arg(rows).arg(it.value()).arg(it.key())))
            << s(it.key()) << " in\n" << s(checks.join(u'\n'));
    }
    EXPECT_TRUE(checks.value(checks.size() - 1).startsWith(u"pass|restore test|")) << s(checks.join(u'\n'));
    return b;
}

// After a backup that failed: exit 1 naming `cause`, no file in `folder` (no .partial either),
// nothing catalogued, and the run kept as failed.
inline void expectNothingKept(const Migctl &r, const QString &folder, const Launch &how, const QString &cause)
{
    EXPECT_EQ(r.exitCode, 1) << r.text();
    EXPECT_TRUE(r.out.contains(cause)) << r.text();
    EXPECT_TRUE(r.out.contains(u"no file was kept")) << r.text();
    EXPECT_EQ(filesIn(folder), QStringList()) << "a half file was left";
    EXPECT_EQ(catalog(how).size(), 0);
    EXPECT_EQ(runs(how.store), QStringList{QStringLiteral("backup|failed")});
}

// Cuts the newest backup's file to `size` bytes; then `migctl restore ID --test extra...` must
// fail at the checksum, naming both sizes, and the catalog must keep the failed restore test.
// Returns the backup's id.
inline QString expectTruncationCaught(const Launch &how, qint64 size, const QStringList &extra = {})
{
    const QJsonObject b = catalog(how).first().toObject();
    const QString id = b[u"id"].toString();
    const qint64 was = b[u"size"].toInteger();
    truncateTo(b[u"path"].toString(), size);
    const Migctl t = runMigctl(QStringList{QStringLiteral("restore"), id, QStringLiteral("--test")} + extra, how);
    EXPECT_EQ(t.exitCode, 1) << t.text();
    EXPECT_TRUE(t.out.contains(QStringLiteral("FAIL checksum [%1 bytes (catalog %2)]").arg(size).arg(was))) << t.text();
    EXPECT_TRUE(t.out.contains(u"truncated")) << t.text();
    const QJsonObject after = catalog(how).first().toObject();
    EXPECT_EQ(after[u"restoreTest"][u"status"].toString(), QStringLiteral("fail"));
    EXPECT_TRUE(after[u"restoreTest"][u"detail"].toString().contains(QString::number(size))) << s(after[u"restoreTest"][u"detail"].toString());
    EXPECT_EQ(runs(how.store).last(), QStringLiteral("restore-test|failed"));
    return id;
}

// The server engines' fixture: a database of the test's own (ScratchDatabaseTest), migctl's run
// store in its temporary folder with the backup folder beside it, and the password in
// MIGCTL_PASSWORD.
class BackupServerTest : public realworld::ScratchDatabaseTest
{
protected:
    void SetUp() override
    {
        realworld::ScratchDatabaseTest::SetUp();
        m_how.store = m_store.filePath(QStringLiteral("runs.sqlite"));
        m_how.password = m_password;
    }

    QString folder() const { return m_store.filePath(QStringLiteral("backups")); }

    void sql(const QStringList &statements)
    {
        for (const QString &st : statements)
            ASSERT_EQ(exec(st), QString()) << s(st);
    }

    // migctl backup of this test's database into folder().
    Migctl backup(const QStringList &extra = {}, const Launch *how = nullptr) const
    {
        return runMigctl(QStringList{QStringLiteral("backup"), QStringLiteral("--target"), m_target, QStringLiteral("--backup-dir"), folder()} + extra,
                         how ? *how : m_how);
    }

    Launch m_how;
};

} // namespace backuptest
