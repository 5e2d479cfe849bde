// What PostgreSQL's and MySQL's activity views tell, said the same way for both engines.
#include "ProbeSupport.h"

#include <QMap>

#include <algorithm>

namespace mig::preflight {

QString Activity::who() const
{
    QStringList parts;
    if (!user.isEmpty() || !client.isEmpty())
        parts << (client.isEmpty() ? user : QStringLiteral("%1@%2").arg(user, client));
    if (!application.isEmpty())
        parts << application;
    return parts.isEmpty() ? QStringLiteral("%1 %2").arg(idLabel, id)
                           : QStringLiteral("%1 %2 (%3)").arg(idLabel, id, parts.join(QStringLiteral(", ")));
}

QString Activity::describe() const
{
    QString text = QStringLiteral("%1 %2 for %3").arg(who(), state, humanDuration(seconds));
    if (!query.isEmpty())
        text += QStringLiteral(": ") + query;
    return text;
}

QJsonObject Activity::toJson() const
{
    QJsonObject o{{QStringLiteral("kind"), idLabel}, {QStringLiteral("id"), id},          {QStringLiteral("user"), user},
                  {QStringLiteral("client"), client}, {QStringLiteral("state"), state}, {QStringLiteral("since"), since},
                  {QStringLiteral("seconds"), qint64(seconds)}, {QStringLiteral("query"), query}};
    if (!application.isEmpty())
        o.insert(QStringLiteral("application"), application);
    if (!database.isEmpty())
        o.insert(QStringLiteral("database"), database);
    return o;
}

ProbeResult sessionsResult(const QList<Activity> &sessions, const ProbeLimits &limits, const QString &database)
{
    QMap<QString, int> byState;
    int busy = 0;
    QJsonArray list;
    QStringList details;
    for (const Activity &a : sessions) {
        ++byState[a.state];
        busy += a.idle ? 0 : 1;
        list << a.toJson();
        details << a.describe();
    }
    QJsonObject counts;
    QStringList summary;
    for (auto it = byState.cbegin(); it != byState.cend(); ++it) {
        counts.insert(it.key(), it.value());
        summary << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    }
    ProbeResult r = makeResult(QStringLiteral("sessions"), Verdict::Pass, QString(),
                               QJsonObject{{QStringLiteral("database"), database}, {QStringLiteral("count"), int(sessions.size())},
                                           {QStringLiteral("notIdle"), busy}, {QStringLiteral("byState"), counts},
                                           {QStringLiteral("sessions"), list}, {QStringLiteral("limit"), limits.maxActiveSessions}});
    r.details = details;
    if (sessions.isEmpty()) {
        r.evidence = QStringLiteral("no other session on database %1").arg(database);
        return r;
    }
    r.evidence = QStringLiteral("%1 other session(s) on database %2: %3").arg(sessions.size()).arg(database, summary.join(QStringLiteral(", ")));
    if (limits.maxActiveSessions >= 0 && busy > limits.maxActiveSessions) {
        r.verdict = Verdict::Warn;
        r.evidence += QStringLiteral(" (%1 not idle, more than the limit of %2)").arg(busy).arg(limits.maxActiveSessions);
    }
    return r;
}

ProbeResult longTransactionsResult(QList<Activity> open, const QList<Activity> &elsewhere, const ProbeLimits &limits,
                                   const QString &database)
{
    std::stable_sort(open.begin(), open.end(), [](const Activity &a, const Activity &b) { return a.seconds > b.seconds; });
    QList<Activity> tooLong;
    for (const Activity &a : std::as_const(open))
        if (qint64(a.seconds) > limits.longTransactionSeconds) // whole seconds, as they are shown
            tooLong << a;
    QJsonArray list, others;
    QStringList lines, otherLines;
    for (const Activity &a : std::as_const(tooLong)) {
        list << a.toJson();
        lines << a.describe();
    }
    for (const Activity &a : elsewhere) {
        others << a.toJson();
        otherLines << QStringLiteral("in database %1: %2").arg(a.database.isEmpty() ? QStringLiteral("(none)") : a.database, a.describe());
    }
    ProbeResult r = makeResult(QStringLiteral("long-transactions"), Verdict::Pass, QString(),
                               QJsonObject{{QStringLiteral("database"), database}, {QStringLiteral("limitSeconds"), limits.longTransactionSeconds},
                                           {QStringLiteral("openTransactions"), int(open.size())}, {QStringLiteral("transactions"), list},
                                           {QStringLiteral("otherDatabases"), others}});
    r.details = lines + otherLines;
    const QString limit = humanDuration(limits.longTransactionSeconds);
    if (!tooLong.isEmpty()) {
        r.verdict = Verdict::Fail;
        r.evidence = QStringLiteral("%1 transaction(s) open longer than %2 on %3: %4; a migration's DDL would queue behind "
                                    "them and block every query on its table meanwhile")
                         .arg(tooLong.size()).arg(limit, database, listSome(lines));
        return r;
    }
    if (!elsewhere.isEmpty()) {
        r.verdict = Verdict::Warn;
        r.evidence = QStringLiteral("no transaction open longer than %1 on %2, but %3 in other databases of the server, which "
                                    "may hold this database's tables: %4")
                         .arg(limit, database).arg(elsewhere.size()).arg(listSome(otherLines));
        return r;
    }
    r.evidence = open.isEmpty() ? QStringLiteral("no open transaction on %1").arg(database)
                                : QStringLiteral("no transaction open longer than %1 on %2 (oldest: %3, %4)")
                                      .arg(limit, database, open.first().who(), humanDuration(open.first().seconds));
    return r;
}

} // namespace mig::preflight
