#include "Signoffs.h"

#include "source/FileScan.h"
#include "store/RunStore.h"
#include "store/StoreSql.h"

#include <QCryptographicHash>
#include <QDateTime>

namespace mig {

using namespace storesql;

namespace {

constexpr const char *Columns = "id, kind, target_key, plan, name, role, comment, at, run_id";

Signoff toSignoff(const QStringList &r)
{
    Signoff s;
    s.id = r.value(0).toLongLong();
    s.kind = r.value(1);
    s.targetKey = r.value(2);
    s.plan = r.value(3);
    s.name = r.value(4);
    s.role = r.value(5);
    s.comment = r.value(6);
    s.at = r.value(7);
    s.runId = r.value(8);
    return s;
}

} // namespace

QJsonObject Signoff::toJson() const
{
    QJsonObject o{{QStringLiteral("kind"), kind}, {QStringLiteral("name"), name}, {QStringLiteral("role"), role},
                  {QStringLiteral("at"), at}, {QStringLiteral("plan"), plan}};
    if (!comment.isEmpty())
        o.insert(kind == u"override" ? QStringLiteral("reason") : QStringLiteral("comment"), comment);
    if (!runId.isEmpty())
        o.insert(QStringLiteral("run"), runId);
    return o;
}

QString planFingerprint(const QString &targetKey, const QList<const MigrationStatus *> &selected)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(targetKey.toUtf8());
    for (const MigrationStatus *s : selected) {
        const Migration &m = s->planned->migration;
        h.addData(QByteArrayView("\n"));
        h.addData(historyKey(m).toUtf8());
        h.addData(QByteArrayView(" "));
        h.addData(m.checksum);
        h.addData(QByteArrayView(" "));
        h.addData(m.down.isNull() ? QByteArray("-") : scriptChecksum(m.down));
    }
    // Short enough to read out over the phone, long enough never to collide in practice.
    return QString::fromLatin1(h.result().toHex().left(16));
}

SignoffStore::SignoffStore(RunStore &store) : m_store(store)
{
    m_error = exec(store.handle(), "CREATE TABLE IF NOT EXISTS signoffs (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
                                   "target_key TEXT NOT NULL, plan TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, "
                                   "comment TEXT, at TEXT NOT NULL, run_id TEXT);"
                                   "CREATE INDEX IF NOT EXISTS signoffs_plan ON signoffs (target_key, plan);");
}

QString SignoffStore::add(Signoff &s)
{
    if (!m_error.isEmpty())
        return m_error;
    s.at = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QString e = run(m_store.handle(), "INSERT INTO signoffs (kind, target_key, plan, name, role, comment, at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          {s.kind.toUtf8(), s.targetKey.toUtf8(), s.plan.toUtf8(), s.name.toUtf8(), s.role.toUtf8(), s.comment.toUtf8(),
                           s.at.toUtf8(), s.runId.toUtf8()});
    if (e.isEmpty())
        s.id = select(m_store.handle(), "SELECT last_insert_rowid()", {}).value(0).value(0).toLongLong();
    return e;
}

QList<Signoff> SignoffStore::forPlan(const QString &targetKey, const QString &plan, const QString &kind)
{
    const QByteArray sql = QByteArray("SELECT ") + Columns + " FROM signoffs WHERE target_key = ? AND plan = ? AND kind = ? ORDER BY id";
    QList<Signoff> out;
    for (const QStringList &row : select(m_store.handle(), sql.constData(), {targetKey.toUtf8(), plan.toUtf8(), kind.toUtf8()}))
        out << toSignoff(row);
    return out;
}

QList<Signoff> SignoffStore::forRun(const QString &runId)
{
    const QByteArray sql = QByteArray("SELECT ") + Columns + " FROM signoffs WHERE run_id = ? ORDER BY id";
    QList<Signoff> out;
    for (const QStringList &row : select(m_store.handle(), sql.constData(), {runId.toUtf8()}))
        out << toSignoff(row);
    return out;
}

QString SignoffStore::attach(const QList<qint64> &ids, const QString &runId)
{
    for (qint64 id : ids)
        if (const QString e = run(m_store.handle(), "UPDATE signoffs SET run_id = ? WHERE id = ? AND (run_id IS NULL OR run_id = '')",
                                  {runId.toUtf8(), QByteArray::number(id)});
            !e.isEmpty())
            return e;
    return {};
}

} // namespace mig
