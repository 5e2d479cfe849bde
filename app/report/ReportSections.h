#pragma once

// The pieces of ReportBuilder: each fills some sections of a ReportModel from one run's record.
#include "ReportModel.h"
#include "RunList.h"

#include <QJsonObject>

namespace mig::report::detail {

// One run as the store keeps it, texts redacted once on loading.
struct RunRecord {
    RunRow row;
    QList<QJsonObject> events;        // in order, every string redacted
    QList<StoredSnapshot> snapshots;  // before-run, after-run

    const QJsonObject *first(const QString &type, const QString &check = {}) const;
    const StoredSnapshot *snapshot(const QString &label) const;
    QString targetKey() const { return row.run.targetKey; }
};

// A stored event with every string in it redacted.
QJsonObject redacted(const QJsonObject &event);
// The events of another run (a verify or preflight run), redacted.
QList<QJsonObject> redactedEvents(RunStore &store, const QString &runId);

QString text(const QJsonObject &o, const char *key);
qint64 number(const QJsonObject &o, const char *key, qint64 absent = -1);

// TimelineSection.cpp: timeline, statement timings, errors, summary counts.
void fillTimeline(const RunRecord &r, ReportModel &m);
// SchemaSections.cpp: per-migration diffs, statistics before -> after, row counts.
void fillSchema(const RunRecord &r, ReportModel &m);
// CheckSections.cpp: the run's checks, the verify run after it, orphan scans.
void fillChecks(RunStore &store, const RunRecord &r, ReportModel &m);
// GateSections.cpp: go/no-go, lint, sign-offs.
void fillGate(RunStore &store, const RunRecord &r, ReportModel &m);
// RecoverySections.cpp: pre-run backup and the rollback procedure.
void fillBackup(RunStore &store, const RunRecord &r, ReportModel &m);
void fillRollback(RunStore &store, const RunRecord &r, ReportModel &m);
// ReportCharts.cpp
void fillCharts(const RunRecord &r, ReportModel &m);

} // namespace mig::report::detail
