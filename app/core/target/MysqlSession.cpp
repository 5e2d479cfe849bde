// MySQL and MariaDB targets through Qt's QMYSQL driver.
#include "TargetSession.h"

#include <QAtomicInteger>
#include <QCryptographicHash>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

namespace mig {

namespace {

// Whether the profile asks for TLS: a mode that requires it, or any certificate option.
bool wantsTls(const ConnectionProfile &p)
{
    if (p.tlsMode == u"required" || p.tlsMode.startsWith(u"verify"))
        return true;
    for (auto it = p.options.cbegin(); it != p.options.cend(); ++it)
        if (it.key().startsWith(u"ssl-", Qt::CaseInsensitive) || it.key().startsWith(u"SSL_"))
            return true;
    return false;
}

bool hasCa(const ConnectionProfile &p)
{
    for (const QString &key : {QStringLiteral("ssl-ca"), QStringLiteral("ssl-capath"), QStringLiteral("SSL_CA"), QStringLiteral("SSL_CAPATH")})
        if (!p.options.value(key).isEmpty())
            return true;
    return false;
}

void configureConnection(QSqlDatabase &db, const ConnectionProfile &p, const QString &password)
{
    db.setHostName(p.host);
    db.setPort(p.effectivePort());
    db.setDatabaseName(p.database);
    db.setUserName(p.user);
    if (!password.isEmpty())
        db.setPassword(password);
    QStringList options{QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=10")};
    // URL parameters in the mysql client's spelling, mapped to Qt's QMYSQL option names; Qt's
    // own names pass as they are. Qt 6.4's driver has no ssl-mode, and its CLIENT_SSL flag only
    // prints a warning: the client library switches TLS on when the driver hands it any SSL_*
    // option. A CA makes it verify the server's certificate; the host name in it is never
    // checked (no MYSQL_OPT_SSL_VERIFY_SERVER_CERT in 6.4; see README, TLS).
    static const QHash<QString, QString> names{{QStringLiteral("ssl-ca"), QStringLiteral("SSL_CA")},
                                               {QStringLiteral("ssl-capath"), QStringLiteral("SSL_CAPATH")},
                                               {QStringLiteral("ssl-cert"), QStringLiteral("SSL_CERT")},
                                               {QStringLiteral("ssl-key"), QStringLiteral("SSL_KEY")},
                                               {QStringLiteral("ssl-cipher"), QStringLiteral("SSL_CIPHER")},
                                               {QStringLiteral("socket"), QStringLiteral("UNIX_SOCKET")}};
    bool sslOption = false;
    for (auto it = p.options.cbegin(); it != p.options.cend(); ++it) {
        const QString name = names.value(it.key().toLower(), it.key());
        sslOption = sslOption || name.startsWith(u"SSL_");
        options << name + u'=' + it.value();
    }
    // ssl-mode=required without a certificate option: an empty cipher list is an SSL_* option
    // that changes nothing but switches TLS on (it used to connect in plain text, silently).
    if (wantsTls(p) && !sslOption)
        options << QStringLiteral("SSL_CIPHER=");
    db.setConnectOptions(options.join(u';'));
}

class MysqlSession final : public TargetSession
{
public:
    explicit MysqlSession(const ConnectionProfile &p) : TargetSession(p) {}

    QString serverVersion() override { return m_version; }
    int serverVersionNumber() override { return m_versionNum; }
    bool transactionalDdl() const override { return false; }
    QString beginStatement() const override { return QStringLiteral("START TRANSACTION"); }

    ExecResult execStatement(const Statement &st) override
    {
        // A CALL sends one result per SELECT its procedure runs, then the procedure's status: a
        // procedure that failed after a SELECT reports its error only when the later results are
        // read. Qt discards unread results silently, so such a CALL used to count as done (the
        // migration "applied", the rest of the procedure never run). Read them all.
        QSqlQuery q(database());
        q.setForwardOnly(true);
        ExecResult r;
        if (!q.exec(st.sql)) {
            r.error = toError(q.lastError());
            return r;
        }
        r.rows = q.numRowsAffected();
        while (q.nextResult()) {
        }
        if (q.lastError().isValid())
            r.error = toError(q.lastError());
        return r;
    }

    bool inTransaction() override
    {
        // MariaDB 10.3+ and MySQL 5.7+: 1 while a transaction is open, also with autocommit off.
        return query(QStringLiteral("SELECT @@in_transaction")).scalar().toInt() == 1
               || query(QStringLiteral("SELECT @@autocommit")).scalar().toInt() == 0;
    }

    std::optional<SqlError> setLockTimeout(int milliseconds) override
    {
        // Metadata locks (DDL) and row locks have separate limits, in whole seconds.
        const int seconds = qMax(1, (milliseconds + 999) / 1000);
        return exec(QStringLiteral("SET SESSION lock_wait_timeout = %1, innodb_lock_wait_timeout = %1").arg(seconds)).error;
    }

    QString describeBlockers() override
    {
        const QueryResult r = query(QStringLiteral(
            "SELECT t.trx_mysql_thread_id, p.USER, p.HOST, DATE_FORMAT(t.trx_started, '%Y-%m-%dT%H:%i:%s'), "
            "COALESCE(p.STATE, ''), LEFT(COALESCE(p.INFO, ''), 120) FROM information_schema.INNODB_TRX t "
            "LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id "
            "WHERE t.trx_mysql_thread_id <> CONNECTION_ID() "
            // Which transaction holds our table's lock is not known here (no metadata-lock view
            // by default): those of sessions in our database come first, then sessions without
            // one, then the rest. Oldest first used to fill the three places with whatever ran
            // in other databases of a shared server and leave the real blocker out.
            "ORDER BY CASE WHEN p.DB = DATABASE() THEN 0 WHEN p.DB IS NULL THEN 1 ELSE 2 END, t.trx_started LIMIT 3"));
        QStringList out;
        for (const QVariantList &row : r.rows)
            out << QStringLiteral("connection %1 (%2@%3, transaction open since %4%5%6)")
                       .arg(row.at(0).toString(), row.at(1).toString(), row.at(2).toString(), row.at(3).toString(),
                            row.at(4).toString().isEmpty() ? QString() : QStringLiteral(", ") + row.at(4).toString(),
                            row.at(5).toString().isEmpty() ? QString() : QStringLiteral(": ") + row.at(5).toString());
        return out.join(QStringLiteral("; "));
    }

    LockAttempt tryLock(const LockHolder &me) override
    {
        LockAttempt a;
        const QueryResult r = query(QStringLiteral("SELECT GET_LOCK(?, 0)"), {lockName()});
        if (!r.ok()) {
            a.error = r.error;
            return a;
        }
        if (r.scalar().toInt() == 1) {
            m_locked = true;
            LockHolder note = me;
            note.session = QString::number(m_connectionId);
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
            query(QStringLiteral("SELECT RELEASE_LOCK(?)"), {lockName()});
    }

    std::function<void()> interrupter() override
    {
        // KILL QUERY needs a connection of its own, made on the calling thread (Qt Sql
        // connections belong to their thread). The closure keeps the password only as long as
        // the runner keeps the closure.
        const ConnectionProfile profile = this->profile();
        const QString password = m_password;
        const qint64 id = m_connectionId;
        return [profile, password, id] {
            static QAtomicInteger<quint64> counter;
            const QString name = QStringLiteral("mig-kill-%1").arg(counter.fetchAndAddRelaxed(1));
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QMYSQL"), name);
                configureConnection(db, profile, password);
                if (db.open())
                    QSqlQuery(db).exec(QStringLiteral("KILL QUERY %1").arg(id));
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
        };
    }

protected:
    QString driverName() const override { return QStringLiteral("QMYSQL"); }

    void configure(QSqlDatabase &db, const QString &password, const QString &) override
    {
        m_password = password;
        configureConnection(db, profile(), password);
    }

    std::optional<SqlError> beforeOpen() override
    {
        // Verifying needs something to verify against; without a CA the session would be
        // encrypted but trust any certificate, which is not what verify_* promises.
        if (profile().tlsMode.startsWith(u"verify") && !hasCa(profile()))
            return SqlError{SqlError::Kind::Other, QString(),
                            QStringLiteral("ssl-mode=%1 needs the CA to verify the server's certificate against: add ssl-ca=FILE "
                                           "(or ssl-capath=DIR) to the target")
                                .arg(profile().tlsMode)};
        return std::nullopt;
    }

    std::optional<SqlError> afterOpen() override
    {
        // Fail closed: a session that asked for TLS and got plain text (a driver that ignored
        // the options) must not go on to send scripts and data in the clear.
        if (wantsTls(profile())) {
            const QueryResult tls = query(QStringLiteral("SHOW SESSION STATUS LIKE 'Ssl_cipher'"));
            if (!tls.ok())
                return tls.error;
            if (tls.rows.isEmpty() || tls.rows.first().value(1).toString().isEmpty())
                return SqlError{SqlError::Kind::Other, QString(),
                                QStringLiteral("TLS was asked for (%1) but the connection is not encrypted (Ssl_cipher is empty): "
                                               "refusing to go on in plain text")
                                    .arg(profile().tlsMode.isEmpty() ? QStringLiteral("ssl-* options") : QStringLiteral("ssl-mode=") + profile().tlsMode)};
        }
        const QueryResult r = query(QStringLiteral("SELECT CONNECTION_ID(), VERSION()"));
        if (!r.ok())
            return r.error;
        m_connectionId = r.rows.first().at(0).toLongLong();
        const QString v = r.rows.first().at(1).toString();
        m_version = v.contains(u"MariaDB") ? QStringLiteral("MariaDB ") + v.section(u'-', 0, 0) : QStringLiteral("MySQL ") + v;
        const QStringList parts = v.section(u'-', 0, 0).split(u'.');
        m_versionNum = parts.value(0).toInt() * 10000 + parts.value(1).toInt() * 100 + parts.value(2).toInt();
        // Timestamps we write are UTC whatever the server's zone; utf8mb4 for any script text.
        return exec(QStringLiteral("SET time_zone = '+00:00', NAMES utf8mb4")).error;
    }

    QString historySchema() override { return query(QStringLiteral("SELECT DATABASE()")).scalar().toString(); }

    SqlError::Kind classify(const QString &code, const QString &) const override
    {
        const int n = code.toInt();
        if (n == 1205) // ER_LOCK_WAIT_TIMEOUT: also the metadata-lock timeout
            return SqlError::Kind::LockTimeout;
        if (n == 1317) // ER_QUERY_INTERRUPTED
            return SqlError::Kind::Interrupted;
        if (n == 2006 || n == 2013 || n == 2055 || n == 1927 || n == 1053) // gone, lost, killed, shutdown
            return SqlError::Kind::ConnectionLost;
        return SqlError::Kind::Other;
    }

private:
    // The connection holding the run lock: id, user, host.
    QueryResult holderView()
    {
        return query(QStringLiteral("SELECT p.ID, p.USER, p.HOST FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(?)"),
                     {lockName()});
    }

    // GET_LOCK names are at most 64 characters.
    QString lockName() const
    {
        const QString name = QStringLiteral("migctl:%1.%2").arg(profile().database, profile().historyTable);
        if (name.size() <= 64)
            return name;
        return QStringLiteral("migctl:") + QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256).toHex().left(40));
    }

    QString m_password;
    QString m_version;
    int m_versionNum = 0;
    qint64 m_connectionId = 0;
    bool m_locked = false;
};

} // namespace

std::unique_ptr<TargetSession> makeMysqlSession(const ConnectionProfile &profile)
{
    return std::unique_ptr<TargetSession>(new MysqlSession(profile));
}

} // namespace mig
