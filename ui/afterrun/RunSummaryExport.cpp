// RunSummaryPanel's export: the file asked for (a hook, or a non-modal save dialog), the report
// written on a worker thread into NAME.partial, renamed once complete; Cancel abandons it.
#include "RunSummaryPanel.h"

#include "ReportExport.h"
#include "console/Background.h"
#include "store/RunStore.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace mig::ui {

namespace {

QString filterOf(report::Format f)
{
    switch (f) {
    case report::Format::Pdf: return QObject::tr("PDF (*.pdf)");
    case report::Format::Markdown: return QObject::tr("Markdown (*.md)");
    case report::Format::Html: return QObject::tr("HTML (*.html)");
    case report::Format::Json: return QObject::tr("JSON (*.json)");
    case report::Format::Junit: return QObject::tr("JUnit XML (*.xml)");
    }
    return {};
}

} // namespace

void RunSummaryPanel::exportAs(report::Format format)
{
    if (!m_model || m_exporting)
        return;
    if (m_chooser) {
        const QString path = m_chooser(format);
        if (!path.isEmpty())
            startExport(format, path);
        return;
    }
    const QString suggested = QDir::home().filePath(QStringLiteral("migration-report-%1.%2").arg(m_runId, report::fileSuffix(format)));
    auto *dialog = new QFileDialog(this, tr("Export the report of run %1").arg(m_runId), suggested, filterOf(format));
    dialog->setObjectName(QStringLiteral("exportFileDialog"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(report::fileSuffix(format));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this, format](const QString &path) { startExport(format, path); });
    dialog->open(); // window-modal, no nested event loop: the export starts from fileSelected
}

void RunSummaryPanel::startExport(report::Format format, const QString &path)
{
    if (m_exporting || !m_model)
        return;
    const quint64 ticket = ++m_exportTicket;
    // Written beside the target and renamed when complete: a cancelled or failed export leaves
    // no file, and never a half-written one under the chosen name.
    const QString partial = path + QStringLiteral(".partial");
    report::ExportOptions options;
    options.pageSize = m_pageSize->currentText();
    options.environment = m_environment;
    setBusy(true, tr("Writing %1…").arg(QFileInfo(path).fileName()));
    runInBackground(
        this,
        [store = m_storePath, run = m_runId, format, partial, options]() -> QString {
            RunStore s;
            if (const QString e = s.open(store); !e.isEmpty())
                return e;
            return report::exportReport(s, run, format, partial, options);
        },
        [this, ticket, partial, path](const QString &error) { finishExport(ticket, error, partial, path); });
}

void RunSummaryPanel::finishExport(quint64 ticket, const QString &error, const QString &partial, const QString &path)
{
    if (ticket != m_exportTicket) { // cancelled: the result is abandoned, and so is its file
        QFile::remove(partial);
        return;
    }
    setBusy(false);
    QString problem = error;
    if (problem.isEmpty()) {
        QFile::remove(path);
        if (!QFile::rename(partial, path))
            problem = tr("cannot write %1").arg(path);
    }
    if (!problem.isEmpty()) {
        QFile::remove(partial);
        m_exportStatus->setText(tr("Export failed: %1").arg(problem));
        Q_EMIT exportFailed(problem);
        return;
    }
    m_exportStatus->setText(tr("Written to %1").arg(path));
    m_exportStatus->setToolTip(path);
    Q_EMIT exported(path);
}

void RunSummaryPanel::cancelExport()
{
    if (!m_exporting)
        return;
    ++m_exportTicket; // the worker finishes on its own; its answer is dropped
    setBusy(false);
    m_exportStatus->setText(tr("Export cancelled"));
}

void RunSummaryPanel::setBusy(bool busy, const QString &text)
{
    m_exporting = busy;
    m_busy->setVisible(busy);
    m_cancel->setVisible(busy);
    if (!text.isEmpty() || busy)
        m_exportStatus->setText(text);
    for (QPushButton *b : std::as_const(m_exportButtons))
        b->setEnabled(!busy && m_model.has_value());
    m_pageSize->setEnabled(!busy);
}

} // namespace mig::ui
