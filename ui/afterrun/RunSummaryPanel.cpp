#include "RunSummaryPanel.h"
#include "ReportTableModel.h"

#include "ReportBuilder.h"
#include "ReportDocument.h"
#include "ReportExport.h"
#include "ReportText.h"
#include "console/Background.h"
#include "migrations/Tones.h"
#include "store/RunStore.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace mig::ui {

namespace {

struct Loaded {
    std::optional<report::ReportModel> model;
    QString error;
};

QTableView *makeTable(const char *name, ReportTableModel *model, QWidget *parent)
{
    auto *t = new QTableView(parent);
    t->setObjectName(QLatin1String(name));
    t->setModel(model);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setWordWrap(false);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->setAlternatingRowColors(true);
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 8);
    return t;
}

QString formatTitle(report::Format f)
{
    switch (f) {
    case report::Format::Pdf: return QStringLiteral("PDF");
    case report::Format::Markdown: return QStringLiteral("Markdown");
    case report::Format::Html: return QStringLiteral("HTML");
    case report::Format::Json: return QStringLiteral("JSON");
    case report::Format::Junit: return QStringLiteral("JUnit XML");
    }
    return {};
}

} // namespace

RunSummaryPanel::RunSummaryPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runSummaryPanel"));
    m_outcome = new QLabel(tr("No run shown yet."), this);
    m_outcome->setObjectName(QStringLiteral("runOutcomeLabel"));
    QFont big = m_outcome->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_outcome->setFont(big);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("runDetailsLabel"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_verificationModel = new ReportTableModel(report::verificationHeaders(), 1, this);
    m_statsModel = new ReportTableModel(report::statisticsHeaders(), -1, this);
    m_verification = makeTable("verificationTable", m_verificationModel, this);
    m_stats = makeTable("schemaStatsTable", m_statsModel, this);
    auto *verificationBox = new QWidget(this);
    auto *vl = new QVBoxLayout(verificationBox);
    vl->setContentsMargins(0, 0, 0, 0);
    vl->addWidget(new QLabel(tr("<b>Verification checklist</b>"), verificationBox));
    vl->addWidget(m_verification);
    auto *statsBox = new QWidget(this);
    auto *sl = new QVBoxLayout(statsBox);
    sl->setContentsMargins(0, 0, 0, 0);
    sl->addWidget(new QLabel(tr("<b>Schema statistics before and after</b>"), statsBox));
    sl->addWidget(m_stats);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("runSummarySplitter"));
    split->addWidget(verificationBox);
    split->addWidget(statsBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *exportRow = new QHBoxLayout;
    exportRow->addWidget(new QLabel(tr("Export report:"), this));
    exportRow->addWidget(exportButton(report::Format::Pdf, tr("PDF…"), "exportPdfButton", QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_P)));
    exportRow->addWidget(exportButton(report::Format::Markdown, tr("Markdown…"), "exportMarkdownButton", QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_M)));
    exportRow->addWidget(exportButton(report::Format::Html, tr("HTML…"), "exportHtmlButton", QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_H)));
    exportRow->addWidget(exportButton(report::Format::Json, tr("JSON…"), "exportJsonButton", QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_J)));
    m_pageSize = new QComboBox(this);
    m_pageSize->setObjectName(QStringLiteral("pageSizeCombo"));
    m_pageSize->addItems({QStringLiteral("A4"), QStringLiteral("Letter")});
    m_pageSize->setToolTip(tr("Page size of the PDF"));
    exportRow->addWidget(m_pageSize);
    exportRow->addSpacing(12);
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("exportProgress"));
    m_busy->setRange(0, 0); // busy: the export does not tell how far it is
    m_busy->setMaximumWidth(160);
    m_busy->setTextVisible(false);
    m_exportStatus = new QLabel(this);
    m_exportStatus->setObjectName(QStringLiteral("exportStatus"));
    m_exportStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelExportButton"));
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancel->setToolTip(tr("Abandon the export; no file is written (Esc)"));
    connect(m_cancel, &QPushButton::clicked, this, &RunSummaryPanel::cancelExport);
    exportRow->addWidget(m_exportStatus, 1); // takes the room left: the written path shows whole
    exportRow->addWidget(m_busy);
    exportRow->addWidget(m_cancel);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_outcome);
    layout->addWidget(m_details);
    layout->addWidget(split, 1);
    layout->addLayout(exportRow);
    setBusy(false);
    for (QPushButton *b : std::as_const(m_exportButtons))
        b->setEnabled(false);
}

QPushButton *RunSummaryPanel::exportButton(report::Format format, const QString &text, const char *name, const QKeySequence &key)
{
    auto *b = new QPushButton(text, this);
    b->setObjectName(QLatin1String(name));
    b->setShortcut(key);
    b->setToolTip(tr("Export this run's report as %1 (%2), built from the run store").arg(formatTitle(format), key.toString(QKeySequence::NativeText)));
    connect(b, &QPushButton::clicked, this, [this, format] { exportAs(format); });
    m_exportButtons << b;
    return b;
}

void RunSummaryPanel::setExportPathChooser(PathChooser chooser)
{
    m_chooser = std::move(chooser);
}

void RunSummaryPanel::setEnvironment(const QString &label)
{
    m_environment = label;
}

void RunSummaryPanel::showRun(const QString &runStorePath, const QString &runId)
{
    m_storePath = runStorePath;
    m_runId = runId;
    m_loading = true;
    const quint64 ticket = ++m_loadTicket;
    m_outcome->setText(tr("Loading run %1…").arg(runId));
    m_details->clear();
    for (QPushButton *b : std::as_const(m_exportButtons))
        b->setEnabled(false);
    const QString environment = m_environment;
    runInBackground(
        this,
        [runStorePath, runId, environment]() -> Loaded {
            RunStore store; // opened on this worker thread, as the store's connection must be
            if (const QString e = store.open(runStorePath); !e.isEmpty())
                return {std::nullopt, e};
            QString error;
            auto m = report::buildReport(store, runId, &error, {environment});
            return {std::move(m), error};
        },
        [this, ticket](const Loaded &loaded) {
            if (ticket != m_loadTicket)
                return;
            m_loading = false;
            if (!loaded.model) {
                m_model.reset();
                m_outcome->setText(tr("Run %1 cannot be shown").arg(m_runId));
                m_details->setText(loaded.error);
                Q_EMIT loadFailed(loaded.error);
                return;
            }
            showModel(*loaded.model);
            Q_EMIT runShown(m_runId);
        });
}

void RunSummaryPanel::showModel(const report::ReportModel &m)
{
    m_model = m;
    const report::ReportSummary &s = m.summary;
    m_outcome->setText(tr("%1 %2: %3").arg(m.header.action, m.header.runId, report::statusText(s.outcome)));
    const QPalette pal = palette();
    const report::Tone tone = report::toneOf(report::statusText(s.outcome));
    QPalette outcomePalette = m_outcome->palette();
    outcomePalette.setColor(QPalette::WindowText, tone == report::Tone::Good  ? toneText(Tone::Added, pal)
                                                  : tone == report::Tone::Bad ? toneText(Tone::Removed, pal)
                                                                              : pal.color(QPalette::WindowText));
    m_outcome->setPalette(outcomePalette);
    m_outcome->setToolTip(s.message);
    QString decision = s.decision + (s.overridden ? tr(" (overridden by %1: %2)").arg(m.gate.overrideBy, m.gate.overrideReason) : QString());
    m_details->setText(tr("%1 on %2 · migrations %3/%4 · %5 · %6 error(s) · GO decision: %7 · verification: %8")
                           .arg(report::timeText(m.header.startedAt), m.header.target)
                           .arg(s.migrationsCompleted)
                           .arg(s.migrationsPlanned)
                           .arg(report::durationText(s.durationMs))
                           .arg(s.errors)
                           .arg(decision,
                                m.verifyRunId.isEmpty() ? tr("not run")
                                                        : tr("%1 pass, %2 fail").arg(m.checkCount(QStringLiteral("pass"))).arg(m.checkCount(QStringLiteral("fail")))));
    m_verificationModel->setRows(report::verificationRows(m));
    m_statsModel->setRows(report::statisticsRows(m));
    // Fitted to their contents, but no column wider than a third of the table: long check names
    // (a verify script's query) must not push the measured value out of sight.
    for (QTableView *t : {m_verification, m_stats}) {
        t->resizeColumnsToContents();
        for (int c = 0; c + 1 < t->model()->columnCount(); ++c)
            t->setColumnWidth(c, qMin(t->columnWidth(c), qMax(120, t->viewport()->width() / 3)));
    }
    for (QPushButton *b : std::as_const(m_exportButtons))
        b->setEnabled(!m_exporting);
}

} // namespace mig::ui
