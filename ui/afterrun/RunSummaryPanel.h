#pragma once

#include "ReportFormat.h"
#include "ReportModel.h"

#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace mig::ui {

class ReportTableModel;

// After a run: its outcome, the verification checklist, schema statistics before and after, and
// the report exported as PDF, Markdown, HTML or JSON. Everything shown is the run's report
// model, read from the run store on a worker thread; an export runs on a worker thread too,
// with a busy indicator and a Cancel that abandons it (no file is left).
class RunSummaryPanel : public QWidget
{
    Q_OBJECT

public:
    // Asked for the file to write; an empty answer cancels. Without one, a save dialog opens
    // (non-modal: the export starts when a file is chosen).
    using PathChooser = std::function<QString(report::Format)>;

    explicit RunSummaryPanel(QWidget *parent = nullptr);

    // Loads run `runId` of the run store at `runStorePath` in the background and shows it.
    void showRun(const QString &runStorePath, const QString &runId);
    void setExportPathChooser(PathChooser chooser);
    void setEnvironment(const QString &label); // the label exported reports carry

    QString runId() const { return m_runId; }
    const std::optional<report::ReportModel> &model() const { return m_model; }
    bool isLoading() const { return m_loading; }
    bool isExporting() const { return m_exporting; }

public Q_SLOTS:
    void exportAs(report::Format format);
    void cancelExport();

Q_SIGNALS:
    void runShown(const QString &runId);
    void loadFailed(const QString &error);
    void exported(const QString &path);
    void exportFailed(const QString &error);

private:
    void showModel(const report::ReportModel &m);
    void startExport(report::Format format, const QString &path);
    void finishExport(quint64 ticket, const QString &error, const QString &partial, const QString &path);
    void setBusy(bool busy, const QString &text = {});
    QPushButton *exportButton(report::Format format, const QString &text, const char *name, const QKeySequence &key);

    QLabel *m_outcome;
    QLabel *m_details;
    QTableView *m_verification;
    QTableView *m_stats;
    ReportTableModel *m_verificationModel;
    ReportTableModel *m_statsModel;
    QComboBox *m_pageSize;
    QList<QPushButton *> m_exportButtons;
    QProgressBar *m_busy;
    QLabel *m_exportStatus;
    QPushButton *m_cancel;

    QString m_storePath, m_runId, m_environment;
    std::optional<report::ReportModel> m_model;
    PathChooser m_chooser;
    quint64 m_loadTicket = 0;   // answers to an older showRun are dropped
    quint64 m_exportTicket = 0; // answers to a cancelled export are dropped
    bool m_loading = false;
    bool m_exporting = false;
};

} // namespace mig::ui
