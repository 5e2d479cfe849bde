#pragma once

#include "ReportDocument.h"

#include <QJsonObject>

namespace mig::report {

// Two runs side by side (a rehearsal on staging and the production run, or two attempts):
// outcome, duration, each migration's duration and rows, the schema each left, the checks.
ReportDocument layoutComparison(const ReportModel &a, const ReportModel &b);
// Schema migctl.report-comparison/1: {schema, runs: [report A, report B] (migctl.report/1),
// migrations: [{version, name, direction, a, b}], sameSchemaAfter, checks: [{name, a, b}]}.
QJsonObject comparisonJson(const ReportModel &a, const ReportModel &b);

} // namespace mig::report
