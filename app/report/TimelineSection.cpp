// The run's timeline, statement timings and errors, from its migration and statement events.
#include "ReportSections.h"

#include <QHash>

namespace mig::report::detail {

namespace {

bool failedStatus(const QString &status)
{
    return status == u"failed" || status == u"dirty" || status == u"cancelled" || status == u"applied_differs";
}

} // namespace

void fillTimeline(const RunRecord &r, ReportModel &m)
{
    QHash<QString, QString> sqlOf; // "version/statement" -> the statement's text, from statement-started
    QSet<QString> statementErrorIn; // migrations whose failure is told by a failed statement
    MigrationTiming *current = nullptr;
    for (const QJsonObject &e : r.events) {
        const QString type = text(e, "event");
        const QString version = text(e, "version");
        if (type == u"migration-started") {
            MigrationTiming t;
            t.version = version;
            t.name = text(e, "name");
            t.file = text(e, "file");
            t.direction = text(e, "direction");
            t.mode = text(e, "message");
            t.startedAt = text(e, "at");
            t.statementsTotal = int(number(e, "statements", 0));
            t.status = QStringLiteral("running");
            m.timeline << t;
            current = &m.timeline.last();
        } else if (type == u"statement-started") {
            sqlOf.insert(version + u'/' + QString::number(number(e, "statement", 0)), text(e, "sql"));
        } else if (type == u"statement-finished") {
            StatementTiming s{version, int(number(e, "statement", 0)), int(number(e, "line", 0)), number(e, "durationMs"),
                              number(e, "rows"), text(e, "status")};
            m.statements << s;
            if (current && s.status == u"ok") {
                ++current->statementsDone;
                if (s.rows >= 0)
                    current->rows = qMax<qint64>(current->rows, 0) + s.rows;
            }
            if (s.status == u"failed") {
                m.errors << RunError{version, text(e, "name"), text(e, "file"), sqlOf.value(version + u'/' + QString::number(s.statement)),
                                     text(e, "code"), text(e, "message"), text(e, "at"), s.line};
                statementErrorIn.insert(version);
            }
        } else if (type == u"batch-progress" && current) {
            current->batches = qMax(current->batches, int(number(e, "batch", 0)));
        } else if (type == u"migration-finished" && current) {
            current->finishedAt = text(e, "at");
            current->durationMs = number(e, "durationMs");
            current->status = text(e, "status");
            current->message = text(e, "message");
            if (failedStatus(current->status) && !statementErrorIn.contains(version))
                m.errors << RunError{version, current->name, current->file, {}, text(e, "code"),
                                     QStringLiteral("%1: %2").arg(QString(current->status).replace(u'_', u' '), current->message), text(e, "at"), 0};
            current = nullptr;
        } else if (type == u"message" && text(e, "status") == u"error") {
            m.errors << RunError{{}, {}, {}, {}, text(e, "code"), text(e, "message"), text(e, "at"), 0};
        }
    }
    // A run that failed before any migration (connection, lock, refusal) says why in its end.
    const QString outcome = r.row.run.outcome;
    if (m.errors.isEmpty() && (outcome == u"failed" || outcome == u"refused" || outcome == u"cancelled")) {
        const QJsonObject *finished = r.first(QStringLiteral("run-finished"));
        m.errors << RunError{{}, {}, {}, {}, {}, finished ? text(*finished, "message") : r.row.run.message,
                             finished ? text(*finished, "at") : r.row.run.finishedAt, 0};
    }
}

} // namespace mig::report::detail
