#pragma once
// Shared by the real-world folder tests (test_realworld_*.cpp): the projects under
// tests/data/realworld/ are applied and rolled back by the real migctl binary, as a CI job or a
// DBA would run it, and the target's own catalogs are read to see what really happened.
// Each test works on a database (or SQLite file) of its own, created in SetUp and dropped in
// TearDown. Without a server the test fails: it never skips.

#include "TempFolder.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cstdio>
#include <unistd.h>

// Readable QStrings in GoogleTest's messages (QStringList prints through it too).
inline void PrintTo(const QString &text, std::ostream *os)
{
    *os << '"' << text.toStdString() << '"';
}

namespace realworld {

inline std::string s(const QString &text)
{
    return text.toStdString();
}

// One migctl invocation.
struct Migctl {
    int exitCode = -1; // -1: did not finish, or crashed
    QString out, err;
    QString all() const { return out + err; }
    std::string text() const { return s(QStringLiteral("exit %1\n--- stdout\n%2--- stderr\n%3").arg(exitCode).arg(out, err)); }
};

// `migctl status --json`, read.
struct Status {
    int exitCode = -1;
    QJsonObject json;
    QString raw;
    QMap<QString, QString> states; // version -> state
    QJsonObject migration(const QString &version) const
    {
        for (const QJsonValue &v : json.value(u"migrations").toArray())
            if (v.toObject().value(u"version").toString() == version)
                return v.toObject();
        return {};
    }
    QString detail(const QString &version) const { return migration(version).value(u"detail").toString(); }
    int count(const QString &state) const
    {
        int n = 0;
        for (const QString &st : states)
            n += st == state;
        return n;
    }
};

// The versions of a run's migrations in the order they finished with `verb` ("applied",
// "rolled back"), from migctl's text output: "[2/9] 000008 add_enterprise_plan rolled back in 5 ms".
inline QStringList finished(const Migctl &r, const QString &verb)
{
    QStringList versions;
    const QRegularExpression re(QStringLiteral("^\\[\\d+/\\d+\\] (\\S+) .* %1 in \\d+ ms$").arg(QRegularExpression::escape(verb)),
                                QRegularExpression::MultilineOption);
    for (auto it = re.globalMatch(r.out); it.hasNext();)
        versions << it.next().captured(1);
    return versions;
}

// The line announcing a migration: "[5/9] applying 000005 tasks_indexes_concurrently: 2 statement(s), tracked ...".
inline QString startLine(const Migctl &r, const QString &version)
{
    const QRegularExpression re(QStringLiteral("^\\[\\d+/\\d+\\] (applying|rolling back) %1 .*$").arg(QRegularExpression::escape(version)),
                                QRegularExpression::MultilineOption);
    return re.match(r.out).captured(0);
}

// The path of a project under tests/data/realworld.
inline QString project(const QString &name)
{
    return testData(QStringLiteral("realworld/") + name);
}

// A copy of a project in `into`, for the tests that repair a broken down script as its authors
// would: in their own folder, then run again.
inline QString copyProject(const QString &name, const QTemporaryDir &into)
{
    const QString source = project(name);
    const QString target = into.filePath(name);
    QDir().mkpath(target);
    QDirIterator it(source, QDir::Files);
    while (it.hasNext()) {
        const QString file = it.next();
        QFile::copy(file, target + u'/' + it.fileName());
    }
    return target;
}

// Replaces `from` by `to` in one file; false when `from` is not there.
inline bool editFile(const QString &path, const QString &from, const QString &to)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    QString text = QString::fromUtf8(f.readAll());
    f.close();
    if (!text.contains(from))
        return false;
    text.replace(from, to);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    f.write(text.toUtf8());
    return true;
}

// The lower-cased test name, for database names.
inline QString testSlug(int max = 30)
{
    const ::testing::TestInfo *info = ::testing::UnitTest::GetInstance()->current_test_info();
    QString name = QString::fromLatin1(info->name()).toLower().left(max);
    name.replace(QRegularExpression(QStringLiteral("[^a-z0-9_]")), QStringLiteral("_"));
    return name;
}

// The throwaway server a test's database lives on, and how that engine spells the few
// statements that differ.
struct ScratchServer {
    QString driver;        // QPSQL, QMARIADB
    const char *portVariable;
    QString scheme;        // of migctl's --target URL
    QString user;
    QString password;      // empty: none (PostgreSQL's trust)
    QString adminDatabase; // where CREATE / DROP DATABASE run
    QString dropOptions;   // after DROP DATABASE IF EXISTS name
    QString createOptions; // after CREATE DATABASE name
    QString adminPrelude;  // run first on the admin connection; empty: none
};

class RealWorldTest : public ::testing::Test
{
protected:
    // migctl against this test's target: `command --target URL --dir DIR extra...`.
    Migctl migctl(const QString &command, const QString &dir, const QStringList &extra = {}) const
    {
        QStringList args{command, QStringLiteral("--target"), m_target, QStringLiteral("--dir"), dir};
        args << extra;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("MIGCTL_RUN_STORE"), m_store.filePath(QStringLiteral("runs.sqlite")));
        env.insert(QStringLiteral("MIGCTL_PASSWORD"), m_password);
        p.setProcessEnvironment(env);
        QElapsedTimer clock;
        clock.start();
        p.start(QStringLiteral(MIGCTL_PATH), args);
        Migctl r;
        const bool finished = p.waitForFinished(60000);
        if (!finished) {
            p.kill();
            p.waitForFinished();
        }
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        if (finished && p.exitStatus() == QProcess::NormalExit)
            r.exitCode = p.exitCode();
        if (qEnvironmentVariableIsSet("RW_DEBUG")) // timings, when the suite gets slow
            fprintf(stderr, "migctl %s: %lld ms\n", qPrintable(args.join(u' ')), clock.elapsed());
        return r;
    }

    Status status(const QString &dir) const
    {
        const Migctl r = migctl(QStringLiteral("status"), dir, {QStringLiteral("--json")});
        Status st;
        st.exitCode = r.exitCode;
        st.raw = r.all();
        QJsonParseError error;
        st.json = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
        EXPECT_EQ(error.error, QJsonParseError::NoError) << r.text();
        for (const QJsonValue &v : st.json.value(u"migrations").toArray())
            st.states.insert(v.toObject().value(u"version").toString(), v.toObject().value(u"state").toString());
        return st;
    }

    // The first column of every row (all rows read: no statement stays open on the target).
    QStringList column(const QString &sql)
    {
        QSqlQuery q(m_db);
        QStringList out;
        if (!q.exec(sql)) {
            ADD_FAILURE() << sql.toStdString() << ": " << q.lastError().text().toStdString();
            return out;
        }
        while (q.next())
            out << q.value(0).toString();
        return out;
    }
    // Every row, columns joined with '|'.
    QStringList rows(const QString &sql)
    {
        QSqlQuery q(m_db);
        QStringList out;
        if (!q.exec(sql)) {
            ADD_FAILURE() << sql.toStdString() << ": " << q.lastError().text().toStdString();
            return out;
        }
        while (q.next()) {
            QStringList cells;
            for (int i = 0; i < q.record().count(); ++i)
                cells << (q.value(i).isNull() ? QStringLiteral("NULL") : q.value(i).toString());
            out << cells.join(u'|');
        }
        return out;
    }
    QString scalar(const QString &sql)
    {
        const QStringList c = column(sql);
        EXPECT_EQ(c.size(), 1) << sql.toStdString();
        return c.value(0);
    }
    // Runs a statement on the test's own connection; the engine's error text when it fails.
    QString exec(const QString &sql)
    {
        QSqlQuery q(m_db);
        if (q.exec(sql))
            return {};
        const QString e = q.lastError().databaseText();
        return e.isEmpty() ? q.lastError().text() : e;
    }

    QTemporaryDir m_store;  // migctl's run store; also scratch space
    QString m_target;       // the URL migctl is given
    QString m_password;     // MIGCTL_PASSWORD
    QSqlDatabase m_db;      // the test's own connection to the target
};

// A database of its own per test on a server the fixture started (tests run in parallel),
// dropped at the end; migctl runs against it. A missing fixture or an unreachable server fails
// the test, never skips it.
class ScratchDatabaseTest : public RealWorldTest
{
protected:
    virtual ScratchServer server() const = 0;

    void SetUp() override
    {
        const ScratchServer srv = server();
        const QByteArray port = qgetenv(srv.portVariable);
        ASSERT_FALSE(port.isEmpty()) << srv.portVariable << " is not set: run the test through CTest so its server fixture starts";
        m_port = port.toInt();
        m_password = srv.password;
        ASSERT_TRUE(m_store.isValid());
        m_database = QStringLiteral("mc_rw_%1_%2").arg(testSlug()).arg(::getpid());
        QString error;
        ASSERT_TRUE(admin(QStringLiteral("DROP DATABASE IF EXISTS %1%2").arg(m_database, srv.dropOptions), &error)
                    && admin(QStringLiteral("CREATE DATABASE %1%2").arg(m_database, srv.createOptions), &error))
            << "cannot reach the test server (" << s(srv.driver) << ") on 127.0.0.1:" << m_port << ": " << s(error);
        m_created = true;
        m_db = connect(QStringLiteral("rw-") + m_database, m_database);
        ASSERT_TRUE(m_db.open()) << s(m_db.lastError().text());
        m_target = QStringLiteral("%1://%2@127.0.0.1:%3/%4").arg(srv.scheme, srv.user).arg(m_port).arg(m_database);
    }

    void TearDown() override
    {
        const QString name = m_db.connectionName();
        m_db.close();
        m_db = QSqlDatabase();
        if (!name.isEmpty())
            QSqlDatabase::removeDatabase(name);
        if (m_created) {
            QString error;
            EXPECT_TRUE(admin(QStringLiteral("DROP DATABASE IF EXISTS %1%2").arg(m_database, server().dropOptions), &error)) << s(error);
        }
    }

    QSqlDatabase connect(const QString &connectionName, const QString &database) const
    {
        const ScratchServer srv = server();
        QSqlDatabase db = QSqlDatabase::addDatabase(srv.driver, connectionName);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setDatabaseName(database);
        db.setUserName(srv.user);
        if (!srv.password.isEmpty())
            db.setPassword(srv.password);
        return db;
    }

    // One statement on the server's admin database (CREATE / DROP DATABASE).
    bool admin(const QString &sql, QString *error)
    {
        const ScratchServer srv = server();
        const QString name = QStringLiteral("rw-admin-") + m_database;
        bool ok = false;
        {
            QSqlDatabase a = connect(name, srv.adminDatabase);
            ok = a.open();
            if (!ok) {
                *error = a.lastError().text();
            } else {
                QSqlQuery q(a);
                if (!srv.adminPrelude.isEmpty())
                    q.exec(srv.adminPrelude);
                ok = q.exec(sql);
                if (!ok)
                    *error = q.lastError().text();
            }
            a.close();
        }
        QSqlDatabase::removeDatabase(name);
        return ok;
    }

    int m_port = 0;
    QString m_database;
    bool m_created = false;
};

} // namespace realworld
