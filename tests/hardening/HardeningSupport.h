#pragma once
// Shared by the hardening tests (tests/hardening/): the PostgreSQL and MariaDB servers that
// servers.sh starts as a CTest fixture (TLS with a CA of their own, password authentication;
// their folder in MIG_HARDENING_DIR), a database of the test's own on them, the real migctl run
// with an environment the test chooses, and the peak memory of what it ran. Without the
// fixture's servers a test fails: it never skips.

#include "BackupSupport.h" // runMigctl, and RealWorldSupport.h's PrintTo, s() and Migctl

#include <sys/resource.h>

namespace hardening {

using realworld::s;
using CliRun = realworld::Migctl;

// The fixture's servers: where they keep their state, their ports, the CAs, the password.
struct Servers {
    QString dir;
    QString password;
    int pgPort = 0;
    int myPort = 0;
    QString error; // why they cannot be used; empty when they can

    QString ca() const { return dir + QStringLiteral("/tls/ca.pem"); }
    QString otherCa() const { return dir + QStringLiteral("/tls/other-ca.pem"); }
    QString pgSocketDir() const { return dir + QStringLiteral("/pg"); }
    QString mySocket() const { return dir + QStringLiteral("/mariadb/mysqld.sock"); }

    static Servers fromEnvironment()
    {
        Servers sv;
        sv.dir = qEnvironmentVariable("MIG_HARDENING_DIR");
        if (sv.dir.isEmpty()) {
            sv.error = QStringLiteral("MIG_HARDENING_DIR is not set: run the test through CTest so the hardening-servers fixture starts");
            return sv;
        }
        QFile password(sv.dir + QStringLiteral("/password"));
        QFile ports(sv.dir + QStringLiteral("/ports"));
        if (!password.open(QIODevice::ReadOnly) || !ports.open(QIODevice::ReadOnly)) {
            sv.error = QStringLiteral("the servers of tests/hardening/servers.sh are not running in %1").arg(sv.dir);
            return sv;
        }
        sv.password = QString::fromUtf8(password.readAll());
        const QStringList p = QString::fromLatin1(ports.readAll()).simplified().split(u' ');
        sv.pgPort = p.value(0).toInt();
        sv.myPort = p.value(1).toInt();
        return sv;
    }
};

// The real migctl with a run store of the test's and the password in MIGCTL_PASSWORD (none when
// empty), no terminal; everything else from this process's environment.
inline CliRun migctl(const QStringList &args, const QString &store, const QString &password = QString())
{
    return backuptest::runMigctl(args, backuptest::Launch{store, password, QString(), 0}, 180000);
}

// Environment variables set (or unset) for the child processes started while it lives.
class ScopedEnvironment
{
public:
    ScopedEnvironment() = default;
    ScopedEnvironment(const ScopedEnvironment &) = delete;
    ScopedEnvironment &operator=(const ScopedEnvironment &) = delete;
    ~ScopedEnvironment()
    {
        for (auto it = m_saved.cbegin(); it != m_saved.cend(); ++it) {
            if (it.value())
                qputenv(it.key().constData(), *it.value());
            else
                qunsetenv(it.key().constData());
        }
    }
    void set(const char *name, const QString &value)
    {
        save(name);
        qputenv(name, value.toUtf8());
    }
    void unset(const char *name)
    {
        save(name);
        qunsetenv(name);
    }

private:
    void save(const char *name)
    {
        if (!m_saved.contains(name))
            m_saved.insert(name, qEnvironmentVariableIsSet(name) ? std::optional<QByteArray>(qgetenv(name)) : std::nullopt);
    }
    QMap<QByteArray, std::optional<QByteArray>> m_saved;
};

// The tables of a SQLite file, sorted (none when it does not exist or is empty).
inline QStringList sqliteTables(const QString &file)
{
    QStringList out;
    const QString name = QStringLiteral("hardening-sqlite-tables");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery q(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"), db);
            while (q.next())
                out << q.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

// The largest resident set of the child processes this test process waited for, in kB (each
// test case runs in a process of its own under CTest, so these are its own children).
inline long peakChildRssKb()
{
    rusage usage{};
    return getrusage(RUSAGE_CHILDREN, &usage) == 0 ? usage.ru_maxrss : -1;
}

enum class Engine { Postgres, Mariadb };

inline QString engineName(Engine e)
{
    return e == Engine::Postgres ? QStringLiteral("postgres") : QStringLiteral("mariadb");
}

// A database of the test's own on one of the servers, created as the servers' superuser over
// its Unix socket, owned by (PostgreSQL) or granted to (MariaDB: mc_%) the user mc, dropped at
// the end. Queries go through the same superuser connection.
class ServerDatabase
{
public:
    ServerDatabase(const Servers &servers, Engine engine, const QString &slug)
        : m_servers(servers)
        , m_engine(engine)
        , m_name(QStringLiteral("mc_h_%1_%2").arg(slug).arg(::getpid()))
        , m_connection(QStringLiteral("hardening-admin-%1-%2").arg(engineName(engine), m_name))
    {
        m_ok = admin(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(m_name))
               && admin(engine == Engine::Postgres ? QStringLiteral("CREATE DATABASE %1 OWNER mc").arg(m_name)
                                                   : QStringLiteral("CREATE DATABASE %1 CHARACTER SET utf8mb4").arg(m_name));
    }
    ~ServerDatabase()
    {
        close();
        if (m_ok)
            admin(m_engine == Engine::Postgres ? QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name)
                                               : QStringLiteral("DROP DATABASE IF EXISTS %1").arg(m_name));
    }
    ServerDatabase(const ServerDatabase &) = delete;
    ServerDatabase &operator=(const ServerDatabase &) = delete;

    bool ok() const { return m_ok; }
    const QString &error() const { return m_error; }
    const QString &name() const { return m_name; }

    // The target URL: TLS with the servers' CA verified, user mc (the password comes apart).
    QString url(const QString &extraQuery = QString()) const
    {
        const QString base = m_engine == Engine::Postgres
                                 ? QStringLiteral("postgres://mc@127.0.0.1:%1/%2?sslmode=verify-full&sslrootcert=%3").arg(m_servers.pgPort).arg(m_name, m_servers.ca())
                                 : QStringLiteral("mysql://mc@127.0.0.1:%1/%2?ssl-mode=verify_ca&ssl-ca=%3").arg(m_servers.myPort).arg(m_name, m_servers.ca());
        return extraQuery.isEmpty() ? base : base + u'&' + extraQuery;
    }

    // The first column of each row of a query in this database.
    QStringList column(const QString &sql)
    {
        QStringList out;
        QSqlQuery q(open(m_name));
        if (!q.exec(sql)) {
            m_error = q.lastError().text();
            return {QStringLiteral("<error: %1>").arg(m_error)};
        }
        while (q.next())
            out << q.value(0).toString();
        return out;
    }
    bool exec(const QString &sql)
    {
        QSqlQuery q(open(m_name));
        if (q.exec(sql))
            return true;
        m_error = q.lastError().text();
        return false;
    }

private:
    QSqlDatabase open(const QString &database)
    {
        if (QSqlDatabase::contains(m_connection)) {
            {
                QSqlDatabase db = QSqlDatabase::database(m_connection, false);
                if (db.databaseName() == database && db.isOpen())
                    return db;
            }
            close();
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(m_engine == Engine::Postgres ? QStringLiteral("QPSQL") : QStringLiteral("QMYSQL"), m_connection);
        db.setDatabaseName(database);
        if (m_engine == Engine::Postgres) {
            db.setHostName(m_servers.pgSocketDir()); // libpq: a host starting with '/' is a socket folder
            db.setPort(m_servers.pgPort);
            db.setUserName(QStringLiteral("postgres"));
        } else {
            db.setUserName(QStringLiteral("root"));
            db.setConnectOptions(QStringLiteral("UNIX_SOCKET=") + m_servers.mySocket());
        }
        if (!db.open())
            m_error = db.lastError().text();
        return db;
    }
    void close()
    {
        if (!QSqlDatabase::contains(m_connection))
            return;
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
    bool admin(const QString &sql)
    {
        QSqlQuery q(open(m_engine == Engine::Postgres ? QStringLiteral("postgres") : QString()));
        if (q.exec(sql))
            return true;
        m_error = q.lastError().text();
        return false;
    }

    Servers m_servers;
    Engine m_engine;
    QString m_name;
    QString m_connection;
    QString m_error;
    bool m_ok = false;
};

} // namespace hardening
