#include "TargetSession.h"

#include "ConnectionCheck.h"
#include "source/PrintableText.h"

#include <QAtomicInteger>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace mig {

QString SqlError::toString() const
{
    return code.isEmpty() ? message : QStringLiteral("%1 [%2]").arg(message, code);
}

QString LockHolder::toString() const
{
    QStringList parts;
    if (!runId.isEmpty())
        parts << QStringLiteral("run %1").arg(runId);
    if (!since.isEmpty())
        parts << QStringLiteral("since %1").arg(since);
    if (!session.isEmpty())
        parts << QStringLiteral("session %1").arg(session);
    const QString name = who.isEmpty() ? QStringLiteral("another session") : who;
    return parts.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, parts.join(QStringLiteral(", ")));
}

std::unique_ptr<TargetSession> TargetSession::create(const ConnectionProfile &profile)
{
    switch (profile.engine) {
    case Dialect::Sqlite: return makeSqliteSession(profile);
    case Dialect::Postgres: return makePostgresSession(profile);
    case Dialect::Mysql: return makeMysqlSession(profile);
    }
    return nullptr;
}

TargetSession::TargetSession(const ConnectionProfile &profile)
    : m_profile(profile)
{
    // Qt Sql keys connections by name, process-wide: every session gets its own.
    static QAtomicInteger<quint64> counter;
    m_connectionName = QStringLiteral("mig-session-%1").arg(counter.fetchAndAddRelaxed(1));
}

TargetSession::~TargetSession()
{
    close();
}

std::optional<SqlError> TargetSession::open(const QString &password, const QString &applicationName)
{
    // The history table's name is written into SQL (quoted, but never bound): a name outside
    // the identifier rules never reaches a server, whichever command or view asked. The schema
    // part may be one the engine named itself (a session's profile is qualified on open, and
    // scratch databases copy it): only the table part must follow the rules then.
    const QString &history = m_profile.historyTable;
    if (!validIdentifier(history) && (!validIdentifier(history.section(u'.', -1)) || hasControlCharacters(history)))
        return SqlError{SqlError::Kind::Other, QString(), invalidHistoryTableMessage(history)};
    if (auto e = beforeOpen())
        return e;
    if (!QSqlDatabase::isDriverAvailable(driverName()))
        return SqlError{SqlError::Kind::ConnectionLost, QString(),
                        QStringLiteral("the Qt Sql driver %1 is not installed (Debian: libqt6sql6-%2)")
                            .arg(driverName(), driverName().mid(1).toLower())};
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(driverName(), m_connectionName);
        configure(db, password, applicationName);
        if (!db.open()) {
            SqlError e = toError(db.lastError());
            e.kind = SqlError::Kind::ConnectionLost;
            e.message = explainConnectionError(m_profile, e); // TLS failures in plain words
            db = QSqlDatabase();
            close();
            return e;
        }
    }
    if (auto e = afterOpen()) {
        close();
        return e;
    }
    // A script may move the session's default schema (pg_dump's header empties search_path,
    // MySQL Workbench exports run USE): the history and lock tables are named with the schema
    // they resolve to now, or the writes after such a statement would go elsewhere, fail, and
    // leave the migration dirty for ever.
    if (!m_profile.historyTable.contains(u'.')) {
        const QString schema = historySchema();
        // Quoted as it is: only the quote characters and the dot cannot be in it.
        if (!schema.isEmpty() && !schema.contains(u'"') && !schema.contains(u'`') && !schema.contains(u'.'))
            m_profile.historyTable = schema + u'.' + m_profile.historyTable;
    }
    return std::nullopt;
}

bool TargetSession::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && database().isOpen();
}

void TargetSession::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    database().close();
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase TargetSession::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

ExecResult TargetSession::exec(const QString &sql)
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    ExecResult r;
    const qint64 before = changeCounter();
    if (!q.exec(sql))
        r.error = toError(q.lastError());
    else
        r.rows = before >= 0 && changeCounter() == before ? 0 : q.numRowsAffected();
    return r;
}

ExecResult TargetSession::exec(const QString &sql, const QVariantList &params)
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    ExecResult r;
    if (!q.prepare(sql)) {
        r.error = toError(q.lastError());
        return r;
    }
    for (const QVariant &v : params)
        q.addBindValue(v);
    if (!q.exec())
        r.error = toError(q.lastError());
    else
        r.rows = q.numRowsAffected();
    return r;
}

QueryResult TargetSession::query(const QString &sql, const QVariantList &params)
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    QueryResult r;
    bool ok = false;
    if (params.isEmpty()) {
        ok = q.exec(sql);
    } else if (q.prepare(sql)) {
        for (const QVariant &v : params)
            q.addBindValue(v);
        ok = q.exec();
    }
    if (!ok) {
        r.error = toError(q.lastError());
        return r;
    }
    // record() builds the columns' descriptions anew on every call: once per query, not per row
    // (it was an eighth of migctl's CPU while a run read catalogs after each migration).
    const int n = q.record().count();
    while (q.next()) {
        QVariantList row;
        row.reserve(n);
        for (int i = 0; i < n; ++i)
            row << q.value(i);
        r.rows << row;
    }
    return r;
}

SqlError TargetSession::toError(const QSqlError &error) const
{
    SqlError e;
    e.code = error.nativeErrorCode();
    // Drivers append their own context ("QPSQL: Unable to create query"); the engine's text is
    // what a DBA can act on, and it must fit on one line.
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.driverText().trimmed();
    // libpq's text is "ERROR:  message\nDETAIL: ...\nLINE 1: <query>\n   ^\n(SQLSTATE)": keep
    // the message, DETAIL and HINT; the query excerpt may be our own prepared history write, and
    // the code is carried apart.
    QStringList kept;
    for (QString line : text.split(u'\n')) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(u"LINE ") || line == u"^" || line == u'(' + e.code + u')')
            continue;
        if (kept.isEmpty())
            line.remove(QRegularExpression(QStringLiteral("^(ERROR|FATAL|PANIC):\\s+")));
        if (!e.code.isEmpty() && line.endsWith(u'(' + e.code + u')'))
            line.chop(e.code.size() + 2);
        kept << line.trimmed();
    }
    e.message = kept.join(u' ');
    e.kind = classify(e.code, e.message);
    return e;
}

std::optional<SqlError> TargetSession::writeLockNote(const LockHolder &me)
{
    const QString table = quoteName(m_profile.historyTable + QStringLiteral("_lock"));
    const QString ddl = QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (id INT PRIMARY KEY, run_id VARCHAR(64) NOT NULL, "
                                       "holder VARCHAR(255) NOT NULL, since VARCHAR(32) NOT NULL, session_id VARCHAR(32) NOT NULL)")
                            .arg(table);
    if (auto e = exec(ddl).error)
        return e;
    if (auto e = exec(QStringLiteral("DELETE FROM %1 WHERE id = 1").arg(table)).error)
        return e;
    return exec(QStringLiteral("INSERT INTO %1 (id, run_id, holder, since, session_id) VALUES (1, ?, ?, ?, ?)").arg(table),
                {me.runId, me.who, me.since, me.session})
        .error;
}

std::optional<LockHolder> TargetSession::readLockNote()
{
    const QString table = quoteName(m_profile.historyTable + QStringLiteral("_lock"));
    const QueryResult r = query(QStringLiteral("SELECT run_id, holder, since, session_id FROM %1 WHERE id = 1").arg(table));
    if (!r.ok() || r.rows.isEmpty())
        return std::nullopt;
    const QVariantList &row = r.rows.first();
    return LockHolder{row.at(0).toString(), row.at(1).toString(), row.at(2).toString(), row.at(3).toString()};
}

LockState TargetSession::lockStateOf(const QueryResult &engineView)
{
    LockState s;
    if (!engineView.ok())
        s.error = engineView.error;
    else if (!engineView.rows.isEmpty())
        s.holder = lockHolder(engineView);
    return s;
}

LockHolder TargetSession::lockHolder(const QueryResult &engineView)
{
    LockHolder holder;
    if (!engineView.rows.isEmpty()) {
        const QVariantList &row = engineView.rows.first();
        holder.session = row.at(0).toString();
        holder.who = QStringLiteral("%1@%2").arg(row.at(1).toString(), row.at(2).toString());
    }
    if (const auto note = readLockNote(); note && note->session == holder.session)
        holder = *note;
    return holder;
}

bool TargetSession::validIdentifier(const QString &dottedName)
{
    // 50 characters, not the engines' 63/64: the lock-note table and the index add a suffix,
    // and PostgreSQL would silently cut "<63 chars>_lock" back to the history table's name.
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_$]{0,49}(\\.[A-Za-z_][A-Za-z0-9_$]{0,49})?$"));
    return re.match(dottedName).hasMatch();
}

QString TargetSession::invalidHistoryTableMessage(const QString &name)
{
    return QStringLiteral("%1 is not a valid history table name: letters, digits, _ and $, starting with a letter or _, "
                          "at most 50 characters, optionally schema.table")
        .arg(printableText(name, true));
}

QString TargetSession::quoteName(const QString &dottedName) const
{
    // Names are checked by validIdentifier first; a quote character inside one is doubled all
    // the same (the SQL standard's escape, and MySQL's for backticks), so no name can end the
    // quoted identifier early.
    const QChar q = dialect() == Dialect::Mysql ? u'`' : u'"';
    QStringList parts = dottedName.split(u'.');
    for (QString &p : parts)
        p = q + QString(p).replace(q, QString(2, q)) + q;
    return parts.join(u'.');
}

} // namespace mig
