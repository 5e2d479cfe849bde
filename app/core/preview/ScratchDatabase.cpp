#include "ScratchDatabase.h"

#include "backup/ClientTools.h"

#include <QDir>
#include <QFile>
#include <QProcess>

namespace mig {

namespace {

// Runs `dump | load` and waits; error text naming the tool that failed, empty on success.
QString pipe(const QString &dumpTool, const QStringList &dumpArgs, const QString &loadTool, const QStringList &loadArgs,
             const QProcessEnvironment &env)
{
    QProcess dump, load;
    dump.setProcessEnvironment(env);
    load.setProcessEnvironment(env);
    dump.setStandardOutputProcess(&load);
    load.setStandardOutputFile(QProcess::nullDevice());
    dump.start(dumpTool, dumpArgs);
    load.start(loadTool, loadArgs);
    const int limitMs = 10 * 60 * 1000;
    const bool dumped = dump.waitForFinished(limitMs);
    const bool loaded = load.waitForFinished(limitMs);
    const auto failed = [](QProcess &p, bool finished, const QString &name) -> QString {
        if (!finished || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed();
            return QStringLiteral("%1 failed%2: %3").arg(name, finished ? QStringLiteral(" (exit %1)").arg(p.exitCode()) : QStringLiteral(" (did not finish)"),
                                                          err.isEmpty() ? p.errorString() : err.left(2000));
        }
        return {};
    };
    QString e = failed(dump, dumped, QFileInfo(dumpTool).fileName());
    if (e.isEmpty())
        e = failed(load, loaded, QFileInfo(loadTool).fileName());
    return e;
}

QString quoted(Dialect d, const QString &name)
{
    return d == Dialect::Mysql ? u'`' + QString(name).replace(u'`', QStringLiteral("``")) + u'`'
                               : u'"' + QString(name).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

} // namespace

ScratchDatabase::ScratchDatabase(TargetSession &target, QString password, QString name, bool empty)
    : m_target(target)
    , m_password(std::move(password))
    , m_name(std::move(name))
    , m_profile(target.profile())
    , m_empty(empty)
{
    m_profile.name.clear();
    m_profile.database = m_name;
}

std::unique_ptr<ScratchDatabase> ScratchDatabase::create(TargetSession &target, const QString &password, const QString &name, QString *error)
{
    return make(target, password, name, false, error);
}

std::unique_ptr<ScratchDatabase> ScratchDatabase::createEmpty(TargetSession &target, const QString &password, const QString &name,
                                                              QString *error)
{
    if (target.dialect() == Dialect::Sqlite) {
        *error = QStringLiteral("an empty scratch database is made on a server; for SQLite use a file of your own");
        return nullptr;
    }
    return make(target, password, name, true, error);
}

std::unique_ptr<ScratchDatabase> ScratchDatabase::make(TargetSession &target, const QString &password, const QString &name, bool empty,
                                                       QString *error)
{
    std::unique_ptr<ScratchDatabase> s(new ScratchDatabase(target, password, name, empty));
    *error = s->build();
    if (!error->isEmpty())
        return nullptr;
    return s;
}

ScratchDatabase::~ScratchDatabase()
{
    drop();
}

QString ScratchDatabase::description() const
{
    if (m_empty)
        return QStringLiteral("empty scratch database %1 on the target's server").arg(m_name);
    switch (m_target.dialect()) {
    case Dialect::Postgres:
        return QStringLiteral("scratch database %1 built from the target's schema (pg_dump --schema-only), no rows").arg(m_name);
    case Dialect::Mysql:
        return QStringLiteral("scratch database %1 built from the target's schema (mysqldump --no-data), no rows").arg(m_name);
    case Dialect::Sqlite:
        return QStringLiteral("scratch copy of the target file, rows included (%1)").arg(m_name);
    }
    return {};
}

QString ScratchDatabase::rebuild()
{
    if (const QString e = drop(); !e.isEmpty())
        return e;
    return build();
}

QString ScratchDatabase::build()
{
    const Dialect d = m_target.dialect();
    if (d == Dialect::Sqlite) {
        QFile::remove(m_name);
        const ExecResult r = m_target.exec(QStringLiteral("VACUUM INTO '%1'").arg(QString(m_name).replace(u'\'', QStringLiteral("''"))));
        if (r.error)
            return QStringLiteral("cannot copy the target to %1: %2").arg(m_name, r.error->toString());
        m_created = true;
        return {};
    }
    const ExecResult r = m_target.exec(QStringLiteral("CREATE DATABASE %1%2").arg(quoted(d, m_name), likeTarget()));
    if (r.error)
        return QStringLiteral("cannot create the scratch database %1 (the right to create databases is needed): %2")
            .arg(m_name, r.error->toString());
    m_created = true;
    if (m_empty)
        return {};
    const QString e = copySchema();
    if (!e.isEmpty()) {
        drop();
        return QStringLiteral("cannot copy the target's schema into %1: %2").arg(m_name, e);
    }
    return {};
}

// The target's own defaults, so that what a migration creates without naming them (a table's
// character set, a column's collation) comes out in the scratch as it will in the run.
QString ScratchDatabase::likeTarget()
{
    const auto literal = [](const QString &v) { return u'\'' + QString(v).replace(u'\'', QStringLiteral("''")) + u'\''; };
    if (m_target.dialect() == Dialect::Mysql) {
        const QueryResult q = m_target.query(QStringLiteral("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
                                                            "WHERE SCHEMA_NAME = DATABASE()"));
        if (q.ok() && !q.rows.isEmpty())
            return QStringLiteral(" CHARACTER SET %1 COLLATE %2").arg(q.rows.first().value(0).toString(), q.rows.first().value(1).toString());
        return {};
    }
    const QueryResult q = m_target.query(QStringLiteral("SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database "
                                                        "WHERE datname = current_database()"));
    if (!q.ok() || q.rows.isEmpty())
        return {};
    const QVariantList &row = q.rows.first();
    return QStringLiteral(" TEMPLATE template0 ENCODING %1 LC_COLLATE %2 LC_CTYPE %3")
        .arg(literal(row.value(0).toString()), literal(row.value(1).toString()), literal(row.value(2).toString()));
}

QString ScratchDatabase::copySchema()
{
    const ConnectionProfile &p = m_target.profile();
    const ClientLogin login(p, m_password);
    if (!login.error().isEmpty())
        return login.error();
    if (m_target.dialect() == Dialect::Postgres) {
        const QString dump = findClientTool({QStringLiteral("pg_dump")}), load = findClientTool({QStringLiteral("psql")});
        if (dump.isEmpty() || load.isEmpty())
            return QStringLiteral("pg_dump and psql are needed on PATH (Debian: postgresql-client)");
        return pipe(dump, login.arguments(p.database) + QStringList{QStringLiteral("--schema-only"), QStringLiteral("--no-owner"), QStringLiteral("--no-privileges")},
                    load, login.arguments(m_name) + QStringList{QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1")},
                    login.environment());
    }
    const QString dump = findClientTool({QStringLiteral("mariadb-dump"), QStringLiteral("mysqldump")});
    const QString load = findClientTool({QStringLiteral("mariadb"), QStringLiteral("mysql")});
    if (dump.isEmpty() || load.isEmpty())
        return QStringLiteral("mysqldump and mysql are needed on PATH (Debian: mariadb-client)");
    return pipe(dump, login.arguments(p.database) + QStringList{QStringLiteral("--no-data"), QStringLiteral("--routines"), QStringLiteral("--triggers"),
                                                             QStringLiteral("--skip-comments"), QStringLiteral("--single-transaction"), p.database},
                load, login.arguments(m_name) + QStringList{m_name}, login.environment());
}

QString ScratchDatabase::drop()
{
    if (!m_created)
        return {};
    m_created = false;
    if (m_target.dialect() == Dialect::Sqlite)
        return QFile::remove(m_name) || !QFile::exists(m_name) ? QString() : QStringLiteral("cannot remove %1").arg(m_name);
    const QString force = m_target.dialect() == Dialect::Postgres ? QStringLiteral(" WITH (FORCE)") : QString();
    const ExecResult r = m_target.exec(QStringLiteral("DROP DATABASE IF EXISTS %1%2").arg(quoted(m_target.dialect(), m_name), force));
    return r.error ? QStringLiteral("cannot drop the scratch database %1: %2").arg(m_name, r.error->toString()) : QString();
}

} // namespace mig
