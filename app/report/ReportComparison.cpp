#include "ReportComparison.h"
#include "Exporters.h"
#include "ReportText.h"

#include <QJsonArray>

namespace mig::report {

namespace {

struct Pair {
    QString key, version, name, direction;
    const MigrationTiming *a = nullptr;
    const MigrationTiming *b = nullptr;
};

// Migrations of either run, matched by version and direction, in the order they first ran.
QList<Pair> pairs(const ReportModel &a, const ReportModel &b)
{
    QList<Pair> out;
    auto add = [&out](const MigrationTiming &t, bool first) {
        const QString key = t.version + u'/' + t.direction;
        auto it = std::find_if(out.begin(), out.end(), [&key](const Pair &p) { return p.key == key; });
        if (it == out.end()) {
            out << Pair{key, t.version, t.name, t.direction};
            it = out.end() - 1;
        }
        (first ? it->a : it->b) = &t;
    };
    for (const MigrationTiming &t : a.timeline)
        add(t, true);
    for (const MigrationTiming &t : b.timeline)
        add(t, false);
    return out;
}

QString percentChange(qint64 a, qint64 b)
{
    if (a < 0 || b < 0)
        return {};
    if (a == 0)
        return b == 0 ? QStringLiteral("0%") : QString();
    return QStringLiteral("%1%2%").arg(b >= a ? QStringLiteral("+") : QString()).arg((b - a) * 100.0 / a, 0, 'f', 0);
}

QString sameSchema(const ReportModel &a, const ReportModel &b)
{
    if (a.schemaFingerprintAfter.isEmpty() || b.schemaFingerprintAfter.isEmpty())
        return notMeasured();
    return a.schemaFingerprintAfter == b.schemaFingerprintAfter ? QStringLiteral("yes (same fingerprint)") : QStringLiteral("no");
}

// Check name -> status, for checks of one source kind ("run" or "verify ...").
QMap<QString, QString> checkStatuses(const ReportModel &m)
{
    QMap<QString, QString> out;
    for (const CheckRow &c : m.checks)
        out.insert(QStringLiteral("%1 %2").arg(c.version, c.name).trimmed(), c.status);
    return out;
}

QStringList unionOfKeys(const QMap<QString, QString> &a, const QMap<QString, QString> &b)
{
    QStringList names = a.keys();
    for (const QString &n : b.keys())
        if (!names.contains(n))
            names << n;
    return names;
}

} // namespace

ReportDocument layoutComparison(const ReportModel &a, const ReportModel &b)
{
    ReportDocument doc;
    doc.title = QStringLiteral("Run comparison: %1 vs %2").arg(a.header.runId, b.header.runId);
    doc.footer = QStringLiteral("%1 (%2) vs %3 (%4)").arg(a.header.runId, a.header.target, b.header.runId, b.header.target);
    doc.blocks << Block{Block::Kind::Title, doc.title};
    doc.heading(QStringLiteral("Runs"));
    auto verification = [](const ReportModel &m) {
        return m.verifyRunId.isEmpty() ? QStringLiteral("not run")
                                       : QStringLiteral("%1 pass, %2 fail").arg(m.checkCount(QStringLiteral("pass"))).arg(m.checkCount(QStringLiteral("fail")));
    };
    auto row = [](const QString &item, const QString &x, const QString &y) { return QStringList{item, x, y}; };
    doc.table({QStringLiteral("Item"), QStringLiteral("Run A"), QStringLiteral("Run B")},
              {row(QStringLiteral("Run"), a.header.runId, b.header.runId),
               row(QStringLiteral("Action"), a.header.action, b.header.action),
               row(QStringLiteral("Target"), a.header.target, b.header.target),
               row(QStringLiteral("Environment"), orNot(a.header.environment, QStringLiteral("-")), orNot(b.header.environment, QStringLiteral("-"))),
               row(QStringLiteral("Server"), orNot(a.header.serverVersion), orNot(b.header.serverVersion)),
               row(QStringLiteral("Started"), timeText(a.header.startedAt), timeText(b.header.startedAt)),
               row(QStringLiteral("Outcome"), statusText(a.summary.outcome), statusText(b.summary.outcome)),
               row(QStringLiteral("Migrations"), QStringLiteral("%1/%2").arg(a.summary.migrationsCompleted).arg(a.summary.migrationsPlanned),
                   QStringLiteral("%1/%2").arg(b.summary.migrationsCompleted).arg(b.summary.migrationsPlanned)),
               row(QStringLiteral("Duration"), durationText(a.summary.durationMs), durationText(b.summary.durationMs)),
               row(QStringLiteral("Errors"), QString::number(a.summary.errors), QString::number(b.summary.errors)),
               row(QStringLiteral("GO decision"), a.summary.decision, b.summary.decision),
               row(QStringLiteral("Verification"), verification(a), verification(b))});
    doc.paragraph(QStringLiteral("Schema after both runs identical: %1").arg(sameSchema(a, b)));

    doc.heading(QStringLiteral("Migrations"));
    QList<QStringList> rows;
    for (const Pair &p : pairs(a, b)) {
        const qint64 da = p.a ? p.a->durationMs : -1, db = p.b ? p.b->durationMs : -1;
        rows << QStringList{QStringLiteral("%1 %2 (%3)").arg(p.version, p.name, p.direction),
                            p.a ? statusText(p.a->status) : QStringLiteral("not run"), p.b ? statusText(p.b->status) : QStringLiteral("not run"),
                            durationText(da), durationText(db), percentChange(da, db),
                            p.a ? countText(p.a->rows) : QString(), p.b ? countText(p.b->rows) : QString()};
    }
    doc.table({QStringLiteral("Migration"), QStringLiteral("A status"), QStringLiteral("B status"), QStringLiteral("A duration"),
               QStringLiteral("B duration"), QStringLiteral("Change"), QStringLiteral("A rows"), QStringLiteral("B rows")},
              rows);

    doc.heading(QStringLiteral("Schema statistics after each run"));
    QList<QStringList> stats;
    for (int i = 0; i < a.stats.size() && i < b.stats.size(); ++i) {
        const StatLine &x = a.stats.at(i), &y = b.stats.at(i);
        auto v = [&x](qint64 n) { return x.bytes ? bytesText(n) : countText(n); };
        stats << QStringList{x.name, v(x.before), v(x.after), v(y.before), v(y.after)};
    }
    doc.table({QStringLiteral("Object"), QStringLiteral("A before"), QStringLiteral("A after"), QStringLiteral("B before"), QStringLiteral("B after")}, stats);

    doc.heading(QStringLiteral("Checks"));
    const QMap<QString, QString> ca = checkStatuses(a), cb = checkStatuses(b);
    QList<QStringList> checks;
    for (const QString &n : unionOfKeys(ca, cb))
        checks << QStringList{n, statusText(ca.value(n, QStringLiteral("not run"))), statusText(cb.value(n, QStringLiteral("not run")))};
    doc.table({QStringLiteral("Check"), QStringLiteral("Run A"), QStringLiteral("Run B")}, checks);
    return doc;
}

QJsonObject comparisonJson(const ReportModel &a, const ReportModel &b)
{
    auto side = [](const MigrationTiming *t) -> QJsonValue {
        if (!t)
            return QJsonValue();
        return QJsonObject{{QStringLiteral("status"), t->status},
                           {QStringLiteral("durationMs"), t->durationMs < 0 ? QJsonValue() : QJsonValue(double(t->durationMs))},
                           {QStringLiteral("rows"), t->rows < 0 ? QJsonValue() : QJsonValue(double(t->rows))}};
    };
    QJsonArray migrations, checks;
    for (const Pair &p : pairs(a, b))
        migrations << QJsonObject{{QStringLiteral("version"), p.version}, {QStringLiteral("name"), p.name}, {QStringLiteral("direction"), p.direction},
                                  {QStringLiteral("a"), side(p.a)}, {QStringLiteral("b"), side(p.b)}};
    const QMap<QString, QString> ca = checkStatuses(a), cb = checkStatuses(b);
    for (const QString &n : unionOfKeys(ca, cb))
        checks << QJsonObject{{QStringLiteral("name"), n}, {QStringLiteral("a"), ca.value(n, QStringLiteral("not run"))},
                              {QStringLiteral("b"), cb.value(n, QStringLiteral("not run"))}};
    const bool measured = !a.schemaFingerprintAfter.isEmpty() && !b.schemaFingerprintAfter.isEmpty();
    return {{QStringLiteral("schema"), QStringLiteral("migctl.report-comparison/1")},
            {QStringLiteral("runs"), QJsonArray{toJson(a), toJson(b)}},
            {QStringLiteral("migrations"), migrations},
            {QStringLiteral("sameSchemaAfter"), measured ? QJsonValue(a.schemaFingerprintAfter == b.schemaFingerprintAfter) : QJsonValue()},
            {QStringLiteral("checks"), checks}};
}

} // namespace mig::report
