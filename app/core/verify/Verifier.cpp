// `migctl verify`: reads the target and tells, check by check, whether it is what the migrations
// say. Nothing here writes: the session is read-only at the session level as well as per
// transaction, so even a verify script that ends our transaction cannot change the target.
#include "Verifier.h"

#include "plan/FolderPlan.h"
#include "plan/Status.h"
#include "run/Runner.h"
#include "run/SchemaWatch.h"
#include "schema/SchemaReader.h"
#include "sql/ScriptSplitter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QScopeGuard>

namespace mig {

namespace {

const QString Pass = QStringLiteral("pass");
const QString Fail = QStringLiteral("fail");
const QString NotRun = QStringLiteral("not run");

// "-- check: NAME" in the comments right before a query; the last one wins.
QString checkName(const QString &preamble)
{
    static const QRegularExpression re(QStringLiteral("^\\s*--\\s*check:\\s*(.*?)\\s*$"), QRegularExpression::MultilineOption);
    QString name;
    for (auto it = re.globalMatch(preamble); it.hasNext();)
        name = it.next().captured(1);
    return name;
}

// An unnamed query is known by its text: stable while the query stays the same, and readable.
QString queryLabel(const QString &sql)
{
    const QString text = normalizeSql(sql);
    return text.size() > 60 ? text.left(57) + QStringLiteral("...") : text;
}

QString valueText(const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return QStringLiteral("NULL");
    if (v.typeId() == QMetaType::Bool)
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return v.toString();
}

// False, 0 and NULL fail. Drivers hand back booleans as bool, integers or text ("f", "0",
// "0.00" for a MySQL decimal), so text is read the way the engine would have meant it.
bool isFalsy(const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return true;
    switch (v.typeId()) {
    case QMetaType::Bool:
        return !v.toBool();
    case QMetaType::Int: case QMetaType::UInt: case QMetaType::LongLong: case QMetaType::ULongLong:
    case QMetaType::Short: case QMetaType::UShort: case QMetaType::Char: case QMetaType::UChar:
    case QMetaType::SChar: case QMetaType::Long: case QMetaType::ULong:
        return v.toLongLong() == 0;
    case QMetaType::Double: case QMetaType::Float:
        return v.toDouble() == 0.0;
    default:
        break;
    }
    const QString text = v.toString().trimmed().toLower();
    if (text == u"f" || text == u"false")
        return true;
    bool number = false;
    const double d = text.toDouble(&number);
    return number && d == 0.0;
}

QString summary(const QList<CheckResult> &checks)
{
    int pass = 0, fail = 0, notRun = 0;
    for (const CheckResult &c : checks) {
        pass += c.status == Pass;
        fail += c.status == Fail;
        notRun += c.status == NotRun;
    }
    return QStringLiteral("%1 %2: %3 pass, %4 fail, %5 not run")
        .arg(checks.size())
        .arg(checks.size() == 1 ? QStringLiteral("check") : QStringLiteral("checks"))
        .arg(pass)
        .arg(fail)
        .arg(notRun);
}

} // namespace

bool VerifyResult::passed() const
{
    if (!error.isEmpty())
        return false;
    for (const CheckResult &c : checks)
        if (c.status == u"fail")
            return false;
    return true;
}

Verifier::Verifier(VerifyRequest request, EventSink sink)
    : m_request(std::move(request))
    , m_sink(std::move(sink))
{
}

void Verifier::addCheck(const CheckResult &check, const QJsonObject &data)
{
    m_result.checks << check;
    RunEvent e;
    e.type = RunEvent::Type::CheckFinished;
    e.at = HistoryTable::nowUtc();
    e.runId = m_result.runId;
    e.action = QStringLiteral("verify");
    e.check = check.name;
    e.version = check.version;
    e.status = check.status;
    e.measured = check.measured;
    e.message = check.detail;
    e.data = data;
    m_sink(e);
}

std::optional<SqlError> Verifier::beginReadOnly()
{
    switch (m_session->dialect()) {
    case Dialect::Postgres:
        return m_session->exec(QStringLiteral("BEGIN READ ONLY")).error;
    case Dialect::Mysql:
        return m_session->exec(QStringLiteral("START TRANSACTION READ ONLY")).error;
    case Dialect::Sqlite:
        break; // the file itself is open read-only
    }
    return m_session->exec(QStringLiteral("BEGIN")).error;
}

QueryResult Verifier::checkQuery(const QString &sql)
{
    const bool postgres = m_session->dialect() == Dialect::Postgres;
    const bool savepoint = postgres && !m_session->exec(QStringLiteral("SAVEPOINT migctl_verify")).error;
    // MySQL DDL commits implicitly and then runs under the session's default: a statement
    // before it must not have been able to make that default read-write.
    if (m_session->dialect() == Dialect::Mysql)
        m_session->exec(QStringLiteral("SET SESSION TRANSACTION READ ONLY"));
    QueryResult r = m_session->query(sql);
    if (savepoint && m_session->inTransaction())
        m_session->exec(r.ok() ? QStringLiteral("RELEASE SAVEPOINT migctl_verify") : QStringLiteral("ROLLBACK TO SAVEPOINT migctl_verify"));
    if (r.error && r.error->kind == SqlError::Kind::ConnectionLost)
        m_connectionLost = true;
    // A verify script may hold COMMIT or ROLLBACK: the next check still reads in a read-only
    // transaction of ours, which the final ROLLBACK ends.
    if (!m_connectionLost && !m_session->inTransaction())
        beginReadOnly();
    return r;
}

std::optional<SchemaSnapshot> Verifier::liveSnapshot(bool rowCounts, QString *error)
{
    const bool postgres = m_session->dialect() == Dialect::Postgres;
    const bool savepoint = postgres && !m_session->exec(QStringLiteral("SAVEPOINT migctl_snapshot")).error;
    SnapshotOptions options;
    options.excludeTables = SchemaWatch::ownTables(m_request.profile.historyTable);
    options.rowCounts = rowCounts;
    SnapshotResult r = takeSnapshot(*m_session, options);
    if (savepoint)
        m_session->exec(r.error ? QStringLiteral("ROLLBACK TO SAVEPOINT migctl_snapshot") : QStringLiteral("RELEASE SAVEPOINT migctl_snapshot"));
    if (r.error) {
        if (r.error->kind == SqlError::Kind::ConnectionLost)
            m_connectionLost = true;
        *error = QStringLiteral("cannot read the schema: %1").arg(r.error->toString());
        return std::nullopt;
    }
    return r.snapshot;
}

CheckResult Verifier::verifyQuery(const MigrationStatus &status, const Statement &statement)
{
    const QString label = status.version.isEmpty() ? status.name : status.version;
    const QString name = checkName(statement.preamble);
    CheckResult c;
    c.version = status.version;
    c.name = QStringLiteral("%1 verify: %2").arg(label, name.isEmpty() ? queryLabel(statement.sql) : name);
    const QueryResult r = checkQuery(statement.sql);
    if (r.error) {
        c.status = Fail;
        c.measured = QStringLiteral("error");
        c.detail = r.error->toString();
        return c;
    }
    if (r.rows.isEmpty() || r.rows.first().isEmpty()) {
        c.status = Fail;
        c.measured = QStringLiteral("no row");
        c.detail = QStringLiteral("the query returned no row");
        return c;
    }
    const QVariantList &row = r.rows.first();
    c.measured = valueText(row.first());
    const bool failed = isFalsy(row.first());
    c.status = failed ? Fail : Pass;
    if (row.size() > 1 && !row.at(1).isNull())
        c.detail = row.at(1).toString();
    else if (failed)
        c.detail = QStringLiteral("the query returned %1").arg(c.measured);
    return c;
}

void Verifier::migrationChecks(const MigrationStatus &status)
{
    const QString who = QStringLiteral("%1 %2").arg(status.version, status.name).trimmed();
    if (status.last && status.last->direction == u"up" && status.last->status == HistoryTable::AppliedWithDifferences) {
        const QStringList differences = status.last->errorMessage.split(QStringLiteral("; "), Qt::SkipEmptyParts);
        addCheck({QStringLiteral("schema as declared: %1").arg(who), status.version, Fail,
                  QStringLiteral("%1 difference(s)").arg(differences.size()),
                  status.last->errorMessage.isEmpty() ? QStringLiteral("applied with differences") : status.last->errorMessage},
                 QJsonObject{{QStringLiteral("differences"), QJsonArray::fromStringList(differences)}});
    }
    if (!status.planned || status.planned->migration.verify.isNull())
        return;
    const ScriptRef &script = status.planned->migration.verify;
    QList<Statement> statements;
    const ScriptSplitResult split = splitScript(script, m_session->dialect(), [&](Statement &&st) {
        statements << std::move(st);
        return true;
    });
    if (split.error) {
        // The folder check normally refuses such a script before we get here.
        addCheck({QStringLiteral("%1 verify script").arg(who), status.version, Fail, QStringLiteral("error"),
                  QStringLiteral("line %1: %2").arg(split.error->line).arg(split.error->message)});
        return;
    }
    for (const Statement &st : statements) {
        if (m_connectionLost)
            return;
        const CheckResult c = verifyQuery(status, st);
        addCheck(c, QJsonObject{{QStringLiteral("file"), script.path}, {QStringLiteral("line"), st.firstLine}});
    }
}

VerifyResult Verifier::run()
{
    const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
    m_result = VerifyResult();
    m_connectionLost = false;
    m_result.runId = Runner::newRunId();

    RunEvent started;
    started.type = RunEvent::Type::RunStarted;
    started.at = HistoryTable::nowUtc();
    started.runId = m_result.runId;
    started.action = QStringLiteral("verify");
    started.target = m_request.profile.displayUrl();
    started.targetKey = m_request.profile.storeKey();
    m_sink(started);

    const auto finish = [&]() {
        RunEvent e;
        e.type = RunEvent::Type::RunFinished;
        e.at = HistoryTable::nowUtc();
        e.runId = m_result.runId;
        e.action = QStringLiteral("verify");
        e.durationMs = QDateTime::currentMSecsSinceEpoch() - startedMs;
        e.status = m_result.passed() ? QStringLiteral("succeeded") : QStringLiteral("failed");
        e.message = m_result.error.isEmpty() ? summary(m_result.checks) : m_result.error;
        m_sink(e);
        m_session = nullptr;
        return m_result;
    };

    if (!TargetSession::validIdentifier(m_request.profile.historyTable)) {
        m_result.error = QStringLiteral("'%1' is not a valid history table name").arg(m_request.profile.historyTable);
        return finish();
    }
    const FolderPlan plan = planFolder(m_request.dir, m_request.profile.engine, m_request.format);
    if (plan.hasErrors()) {
        QStringList errors;
        for (const Problem &p : plan.folder.problems)
            if (p.severity == Problem::Severity::Error)
                errors << p.toString();
        m_result.error = QStringLiteral("the migrations folder %1 has errors: %2").arg(m_request.dir, errors.join(QStringLiteral("; ")));
        return finish();
    }

    std::unique_ptr<TargetSession> session = TargetSession::create(m_request.profile);
    m_session = session.get();
    session->setReadOnly(true);
    if (auto e = session->open(m_request.password, QStringLiteral("migctl verify ") + m_result.runId)) {
        m_result.error = QStringLiteral("cannot connect to %1: %2").arg(m_request.profile.displayUrl(), e->toString());
        return finish();
    }
    const auto closeSession = qScopeGuard([&] {
        if (session->inTransaction())
            session->exec(QStringLiteral("ROLLBACK"));
        session->close();
    });
    // Session-wide as well: a verify script's COMMIT must not open a window in which a later
    // statement could write.
    std::optional<SqlError> setup;
    if (session->dialect() == Dialect::Postgres)
        setup = session->exec(QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")).error;
    else if (session->dialect() == Dialect::Mysql)
        setup = session->exec(QStringLiteral("SET SESSION TRANSACTION READ ONLY")).error;
    if (!setup)
        setup = session->setLockTimeout(10000); // a check waits for DDL's locks, never forever
    if (!setup)
        setup = beginReadOnly();
    if (setup) {
        m_result.error = QStringLiteral("cannot start a read-only transaction: %1").arg(setup->toString());
        return finish();
    }

    HistoryTable history(*session);
    const HistoryRead read = history.read();
    if (read.error) {
        m_result.error = QStringLiteral("cannot read the history table: %1").arg(read.error->toString());
        return finish();
    }
    const TargetStatus status = computeStatus(plan, read.rows);
    for (const MigrationStatus &s : status.migrations) {
        // A modified migration is still applied: its verify script is the best word we have.
        if (isApplied(s.state) || s.state == MigrationState::Modified)
            migrationChecks(s);
        if (m_connectionLost)
            break;
    }

    if (!m_connectionLost && session->dialect() == Dialect::Sqlite)
        sqliteChecks();
    QString liveError;
    std::optional<SchemaSnapshot> live;
    if (!m_connectionLost)
        live = liveSnapshot(m_request.baseline.before.has_value(), &liveError);
    if (!m_connectionLost && session->dialect() != Dialect::Sqlite) {
        if (live)
            orphanChecks(*live);
        else
            addCheck({QStringLiteral("foreign-key orphans"), QString(), NotRun, QString(), liveError});
    }
    if (!m_connectionLost) {
        rowCountChecks(plan, live ? &*live : nullptr, liveError);
        driftCheck(live ? &*live : nullptr, liveError);
    }
    if (m_connectionLost)
        m_result.error = QStringLiteral("lost the connection to %1 during verification").arg(m_request.profile.displayUrl());
    return finish();
}

} // namespace mig
