// PostgreSQL targets through Qt's QPSQL driver. libpq itself (the driver's own library) is used
// for what Qt Sql does not offer: the cancel request and the connection's health.
#include "TargetSession.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QtEndian>

#include <libpq-fe.h>

namespace mig {

namespace {

// libpq conninfo values: quoted, with \ and ' escaped.
QString conninfoValue(const QString &value)
{
    QString v = value;
    v.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("\\'"));
    return QLatin1Char('\'') + v + QLatin1Char('\'');
}

bool isCopyFromStdin(const QString &sql)
{
    static const QRegularExpression re(QStringLiteral("^\\s*COPY\\b[^;]*\\bFROM\\s+STDIN\\b"), QRegularExpression::CaseInsensitiveOption);
    return re.match(sql).hasMatch();
}

class PostgresSession final : public TargetSession
{
public:
    explicit PostgresSession(const ConnectionProfile &p) : TargetSession(p) {}

    QString serverVersion() override { return QStringLiteral("PostgreSQL ") + m_version; }
    int serverVersionNumber() override { return m_versionNum; }
    bool transactionalDdl() const override { return true; }

    bool inTransaction() override
    {
        PGconn *conn = nativeHandle();
        return conn && PQtransactionStatus(conn) != PQTRANS_IDLE && PQtransactionStatus(conn) != PQTRANS_UNKNOWN;
    }

    std::optional<SqlError> setLockTimeout(int milliseconds) override
    {
        return exec(QStringLiteral("SET lock_timeout = %1").arg(milliseconds)).error;
    }

    ExecResult execStatement(const Statement &st) override
    {
        if (st.copyData.isEmpty() && !isCopyFromStdin(st.sql))
            return exec(st.sql);
        // Qt Sql cannot feed COPY: libpq does, on the same connection, between Qt's queries.
        ExecResult out;
        PGconn *conn = nativeHandle();
        auto fail = [&](PGresult *r) {
            const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
            const QString message = QString::fromUtf8(r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r) : PQerrorMessage(conn)).simplified();
            out.error = SqlError{classify(QString::fromLatin1(state), message), QString::fromLatin1(state), message};
            if (r)
                PQclear(r);
            while (PGresult *rest = PQgetResult(conn))
                PQclear(rest);
            return out;
        };
        if (!conn)
            return fail(nullptr);
        PGresult *r = PQexec(conn, st.sql.toUtf8().constData());
        if (PQresultStatus(r) != PGRES_COPY_IN)
            return fail(r);
        PQclear(r);
        if (PQputCopyData(conn, st.copyData.constData(), int(st.copyData.size())) != 1 || PQputCopyEnd(conn, nullptr) != 1)
            return fail(nullptr);
        r = PQgetResult(conn);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            return fail(r);
        out.rows = QByteArray(PQcmdTuples(r)).toLongLong();
        PQclear(r);
        while (PGresult *rest = PQgetResult(conn))
            PQclear(rest);
        return out;
    }

    QString describeBlockers() override
    {
        // Whoever keeps a transaction open in this database is who a DDL statement queues behind;
        // the oldest first.
        const QueryResult r = query(QStringLiteral(
            "SELECT pid, usename, application_name, state, to_char(xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
            "left(regexp_replace(query, '\\s+', ' ', 'g'), 120) FROM pg_stat_activity "
            "WHERE pid <> pg_backend_pid() AND datname = current_database() AND xact_start IS NOT NULL "
            "ORDER BY xact_start LIMIT 3"));
        QStringList out;
        for (const QVariantList &row : r.rows)
            out << QStringLiteral("pid %1 (%2%3, %4 since %5: %6)")
                       .arg(row.at(0).toString(), row.at(1).toString(),
                            row.at(2).toString().isEmpty() ? QString() : QStringLiteral(", ") + row.at(2).toString(),
                            row.at(3).toString(), row.at(4).toString(), row.at(5).toString());
        return out.join(QStringLiteral("; "));
    }

    LockAttempt tryLock(const LockHolder &me) override
    {
        LockAttempt a;
        const QueryResult r = query(QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(lockKey()));
        if (!r.ok()) {
            a.error = r.error;
            return a;
        }
        if (r.scalar().toBool()) {
            m_locked = true;
            LockHolder note = me;
            note.session = QString::number(m_pid);
            a.acquired = true;
            a.error = writeLockNote(note);
            return a;
        }
        a.holder = lockHolder(holderView());
        return a;
    }

    LockState lockState() override { return lockStateOf(holderView()); }

    void unlock() override
    {
        if (!m_locked)
            return;
        m_locked = false;
        if (isOpen())
            exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(lockKey()));
    }

    std::function<void()> interrupter() override
    {
        // libpq's cancel request is what pg_cancel_backend does, sent on a connection of its own;
        // PQcancel is thread-safe and the cancel object outlives the session.
        std::shared_ptr<PGcancel> cancel = m_cancel;
        return [cancel] {
            if (!cancel)
                return;
            char error[256];
            PQcancel(cancel.get(), error, sizeof error);
        };
    }

protected:
    QString driverName() const override { return QStringLiteral("QPSQL"); }

    void configure(QSqlDatabase &db, const QString &password, const QString &applicationName) override
    {
        const ConnectionProfile &p = profile();
        db.setHostName(p.host);
        db.setPort(p.effectivePort());
        db.setDatabaseName(p.database);
        db.setUserName(p.user);
        if (!password.isEmpty())
            db.setPassword(password);
        QStringList options{QStringLiteral("connect_timeout=10"),
                            QStringLiteral("application_name=") + conninfoValue(applicationName.left(63))};
        if (!p.tlsMode.isEmpty())
            options << QStringLiteral("sslmode=") + p.tlsMode;
        for (auto it = p.options.cbegin(); it != p.options.cend(); ++it)
            options << it.key() + u'=' + conninfoValue(it.value());
        db.setConnectOptions(options.join(u';'));
    }

    std::optional<SqlError> afterOpen() override
    {
        const QueryResult r = query(QStringLiteral("SELECT pg_backend_pid(), current_setting('server_version'), "
                                                   "current_setting('server_version_num')::int"));
        if (!r.ok())
            return r.error;
        m_pid = r.rows.first().at(0).toLongLong();
        m_version = r.rows.first().at(1).toString();
        m_versionNum = r.rows.first().at(2).toInt();
        if (PGconn *conn = nativeHandle()) {
            m_cancel.reset(PQgetCancel(conn), PQfreeCancel);
            // libpq prints NOTICEs ("relation already exists, skipping") on stderr, which would
            // garble migctl's output and the GUI's log; they are not errors.
            PQsetNoticeProcessor(conn, [](void *, const char *) {}, nullptr);
        }
        // A server only notices a vanished client when it next reads from it: a killed migctl's
        // backend went on running its statement (a long UPDATE, an ALTER holding its lock) and
        // kept the run lock until that statement ended. From PostgreSQL 14 the server can look
        // for the closed socket while a statement runs; then the session, its transaction and
        // its locks end within a second of the client's death.
        if (m_versionNum >= 140000) {
            if (auto e = exec(QStringLiteral("SET client_connection_check_interval = 1000")).error)
                return e;
        }
        // Timestamps we write are UTC whatever the server's zone.
        return exec(QStringLiteral("SET TIME ZONE 'UTC'")).error;
    }

    // Where the table is found, or where CREATE would put it.
    QString historySchema() override
    {
        return query(QStringLiteral("SELECT coalesce((SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                    "WHERE c.oid = to_regclass(?)), current_schema())"),
                     {quoteName(profile().historyTable)})
            .scalar().toString();
    }

    SqlError::Kind classify(const QString &code, const QString &) const override
    {
        if (code == u"55P03")
            return SqlError::Kind::LockTimeout;
        if (code == u"57014")
            return SqlError::Kind::Interrupted;
        if (code.startsWith(u"08") || code == u"57P01" || code == u"57P02" || code == u"57P03")
            return SqlError::Kind::ConnectionLost;
        PGconn *conn = nativeHandle();
        if (!conn || PQstatus(conn) == CONNECTION_BAD)
            return SqlError::Kind::ConnectionLost;
        return SqlError::Kind::Other;
    }

private:
    PGconn *nativeHandle() const
    {
        const QVariant v = database().driver() ? database().driver()->handle() : QVariant();
        // Qt names the type after libpq's struct tag (pg_conn*), not its typedef.
        if (!v.isValid() || (qstrcmp(v.typeName(), "pg_conn*") != 0 && qstrcmp(v.typeName(), "PGconn*") != 0))
            return nullptr;
        return *static_cast<PGconn *const *>(v.constData());
    }

    // The session holding the run lock: pid, user, client. Advisory locks are per database and
    // pg_locks shows every database's: without the database condition a refused run could name
    // the holder of the same key in another database.
    QueryResult holderView()
    {
        const quint64 key = quint64(lockKey());
        return query(QStringLiteral(
            "SELECT l.pid, a.usename, coalesce(host(a.client_addr), 'local') FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %1 AND l.objid = %2 AND l.objsubid = 1 "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")
                         .arg(key >> 32).arg(key & 0xffffffffu));
    }

    // One advisory lock per history table: two projects may share a database.
    qint64 lockKey() const
    {
        const QByteArray digest = QCryptographicHash::hash(
            QByteArrayLiteral("migctl:") + profile().historyTable.toUtf8(), QCryptographicHash::Sha256);
        return qFromBigEndian<qint64>(digest.constData());
    }

    qint64 m_pid = 0;
    QString m_version;
    int m_versionNum = 0;
    bool m_locked = false;
    std::shared_ptr<PGcancel> m_cancel;
};

} // namespace

std::unique_ptr<TargetSession> makePostgresSession(const ConnectionProfile &profile)
{
    return std::unique_ptr<TargetSession>(new PostgresSession(profile));
}

} // namespace mig
