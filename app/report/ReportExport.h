#pragma once

#include "ReportFormat.h"
#include "ReportModel.h"

#include <QString>

namespace mig {
class RunStore;
}

namespace mig::report {

struct ExportOptions {
    QString pageSize = QStringLiteral("A4"); // or Letter (PDF)
    QString environment;                     // label the report carries ("production")
};

// Writes the report of run `runId` ("latest" allowed) in `format` to `path`, read from the run
// store only. Error text; empty on success.
//
// Callable on a worker thread with a RunStore opened on that thread. PDF needs a
// QGuiApplication to exist (fonts; QPdfWriter/QTextDocument then work off the GUI thread, as
// QPainter on a QImage or a QPdfWriter is allowed in any thread); without one it returns an
// error instead of crashing. The other formats need only a QCoreApplication.
QString exportReport(RunStore &store, const QString &runId, Format format, const QString &path, const ExportOptions &options = {});

// The comparison of two runs (durations, rows, outcome, schema after each, checks), in Markdown,
// HTML, JSON or PDF (JUnit has no comparison form). Error text; empty on success.
QString exportComparison(RunStore &store, const QString &runA, const QString &runB, Format format, const QString &path,
                         const ExportOptions &options = {});

// The report of a model already built, as text (every format but PDF).
QByteArray renderText(const ReportModel &m, Format format);

} // namespace mig::report
