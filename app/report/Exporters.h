#pragma once

#include "ReportDocument.h"

#include <QJsonObject>

namespace mig::report {

// Each format from the laid-out document (or, for JSON and JUnit, from the model itself).
QString toMarkdown(const ReportDocument &doc);  // GitHub-flavoured: pipes escaped, one row per line
QString toHtml(const ReportDocument &doc);      // one self-contained file: inline CSS, inline SVG charts
QJsonObject toJson(const ReportModel &m);       // schema migctl.report/1 (resources/report/)
QString toJunit(const ReportModel &m);          // the verification checks as JUnit XML
// A4 or Letter; needs a QGuiApplication (fonts); error text, empty on success.
QString writePdf(const ReportDocument &doc, const QString &path, const QString &pageSize);

// The version of the JSON report's schema, and its identifier.
QString jsonSchemaId(); // "migctl.report/1"

} // namespace mig::report
