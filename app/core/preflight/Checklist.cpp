#include "Checklist.h"

#include "run/History.h"

#include <QJsonArray>

namespace mig {

QJsonObject CheckLine::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), id}, {QStringLiteral("title"), title}, {QStringLiteral("verdict"), verdict},
                  {QStringLiteral("evidence"), evidence}, {QStringLiteral("level"), Policy::levelName(level)},
                  {QStringLiteral("blocks"), blocks()}};
    if (!details.isEmpty())
        o.insert(QStringLiteral("details"), QJsonArray::fromStringList(details));
    if (!data.isEmpty())
        o.insert(QStringLiteral("data"), data);
    return o;
}

QString CheckLine::toText() const
{
    QString mark = verdict.toUpper();
    if (verdict == u"fail" && level == Policy::Level::Warn)
        mark = QStringLiteral("FAIL (policy: warn only)");
    QString text = QStringLiteral("%1  %2: %3").arg(mark.leftJustified(5), title, evidence);
    for (const QString &d : details)
        text += QStringLiteral("\n        ") + d;
    return text;
}

RunEvent CheckLine::toEvent(const QString &runId) const
{
    RunEvent e;
    e.type = RunEvent::Type::CheckFinished;
    e.at = HistoryTable::nowUtc();
    e.runId = runId;
    e.check = QStringLiteral("preflight: ") + id;
    e.status = verdict;
    e.measured = evidence;
    e.message = details.join(QStringLiteral("; "));
    e.data = toJson();
    return e;
}

CheckLine CheckLine::fromEvent(const RunEvent &e)
{
    CheckLine c;
    const QJsonObject &o = e.data;
    c.id = o.value(u"id").toString();
    if (c.id.isEmpty() && e.check.startsWith(u"preflight: "))
        c.id = e.check.mid(11);
    c.title = o.value(u"title").toString(c.id);
    c.verdict = o.value(u"verdict").toString(e.status);
    c.evidence = o.value(u"evidence").toString(e.measured);
    for (const QJsonValue &d : o.value(u"details").toArray())
        c.details << d.toString();
    const QString level = o.value(u"level").toString();
    c.level = level == u"warn" ? Policy::Level::Warn : level == u"off" ? Policy::Level::Off : Policy::Level::Block;
    c.data = o.value(u"data").toObject();
    return c;
}

bool GoDecision::go() const
{
    return blockers().isEmpty();
}

QStringList GoDecision::blockers() const
{
    QStringList out;
    for (const CheckLine &c : checks)
        if (c.blocks())
            out << QStringLiteral("%1: %2").arg(c.title, c.evidence);
    return out;
}

QString GoDecision::verdictText() const
{
    if (go())
        return QStringLiteral("GO");
    return overridden() ? QStringLiteral("NO-GO, OVERRIDDEN") : QStringLiteral("NO-GO");
}

QJsonObject GoDecision::toJson() const
{
    QJsonArray lines, signs;
    for (const CheckLine &c : checks)
        lines << c.toJson();
    for (const Signoff &s : signoffs)
        signs << s.toJson();
    QJsonObject o{{QStringLiteral("schema"), QStringLiteral("migctl.preflight/1")},
                  {QStringLiteral("target"), target},
                  {QStringLiteral("plan"), plan},
                  {QStringLiteral("pending"), QJsonArray::fromStringList(pending)},
                  {QStringLiteral("policy"), policySource.isEmpty() ? QStringLiteral("(defaults: no policy file)") : policySource},
                  {QStringLiteral("enforced"), enforced},
                  {QStringLiteral("evaluatedAt"), evaluatedAt},
                  {QStringLiteral("verdict"), verdictText()},
                  {QStringLiteral("go"), go()},
                  {QStringLiteral("blockers"), QJsonArray::fromStringList(blockers())},
                  {QStringLiteral("checks"), lines},
                  {QStringLiteral("signoffs"), signs}};
    if (!backupId.isEmpty())
        o.insert(QStringLiteral("preRunBackup"), backupId);
    if (!override.comment.isEmpty()) {
        Signoff o2 = override;
        o2.kind = QStringLiteral("override");
        o.insert(QStringLiteral("override"), o2.toJson());
    }
    return o;
}

QString keepDecision(const GoDecision &gate, const QString &runId, RunStore &store)
{
    SignoffStore signoffs(store);
    QList<qint64> ids;
    for (const Signoff &s : gate.signoffs)
        ids << s.id;
    QString e = signoffs.attach(ids, runId);
    if (e.isEmpty() && gate.overridden()) {
        Signoff o = gate.override;
        o.runId = runId;
        e = signoffs.add(o);
    }
    return e;
}

} // namespace mig
