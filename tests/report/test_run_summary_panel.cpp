// The after-run panel as a DBA uses it, offscreen: a real run made by migctl on the SQLite demo,
// shown from the run store (outcome, verification, schema statistics), exported as PDF and
// Markdown with the buttons, an export cancelled, an unknown run refused. Screenshot kept.
#include "DemoProject.h"
#include "Screenshot.h"

#include "afterrun/RunSummaryPanel.h"
#include "console/Background.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace reporttest;
using mig::ui::RunSummaryPanel;

namespace {

QString cell(QTableView *t, int row, int column)
{
    return t->model()->index(row, column).data().toString();
}

int rowOf(QTableView *t, const QString &first)
{
    for (int r = 0; r < t->model()->rowCount(); ++r)
        if (cell(t, r, 0) == first)
            return r;
    return -1;
}

struct DemoStore {
    TempFolder tmp;
    QString store = tmp.file(QStringLiteral("runs.sqlite"));
    QString run;
};

// The demo project applied and verified by the real migctl.
void makeRun(DemoStore &d)
{
    const Store store(d.store);
    const QString dir = copyDemo(d.tmp, QStringLiteral("project"));
    ASSERT_EQ(productionRun(store, QStringLiteral("sqlite:") + d.tmp.file(QStringLiteral("demo.db")), dir), 0);
    d.run = store.runOf(QStringLiteral("apply"));
    ASSERT_FALSE(d.run.isEmpty());
}

template <typename T>
T *child(QWidget &panel, const char *name)
{
    T *w = panel.findChild<T *>(QLatin1String(name));
    EXPECT_NE(w, nullptr) << name;
    return w;
}

} // namespace

TEST(RunSummaryPanel, ShowsTheRunAndExportsItsReportFromTheButtons)
{
    DemoStore d;
    makeRun(d);
    RunSummaryPanel panel;
    panel.resize(1150, 640);
    panel.setEnvironment(QStringLiteral("production"));
    panel.show();
    QApplication::setActiveWindow(&panel); // window shortcuts need the active window
    QSignalSpy shown(&panel, &RunSummaryPanel::runShown);
    panel.showRun(d.store, d.run);
    EXPECT_TRUE(panel.isLoading());
    EXPECT_FALSE(child<QPushButton>(panel, "exportPdfButton")->isEnabled()) << "nothing to export while loading";
    ASSERT_TRUE(shown.wait(20000));

    EXPECT_TRUE(child<QLabel>(panel, "runOutcomeLabel")->text().contains(QStringLiteral("SUCCEEDED")));
    EXPECT_TRUE(child<QLabel>(panel, "runDetailsLabel")->text().contains(QStringLiteral("migrations 3/3")));
    QTableView *checks = child<QTableView>(panel, "verificationTable");
    ASSERT_EQ(checks->model()->rowCount(), 14);
    for (int r = 0; r < 14; ++r)
        EXPECT_EQ(cell(checks, r, 1), QStringLiteral("PASS")) << cell(checks, r, 0).toStdString();
    EXPECT_EQ(cell(checks, 0, 0), QStringLiteral("001 schema as declared"));
    QTableView *stats = child<QTableView>(panel, "schemaStatsTable");
    const int tables = rowOf(stats, QStringLiteral("tables"));
    ASSERT_GE(tables, 0);
    EXPECT_EQ(cell(stats, tables, 1), QStringLiteral("0"));
    EXPECT_EQ(cell(stats, tables, 2), QStringLiteral("3"));
    EXPECT_EQ(cell(stats, tables, 3), QStringLiteral("+3"));
    EXPECT_EQ(cell(stats, rowOf(stats, QStringLiteral("policies")), 1), QStringLiteral("n/a"));
    EXPECT_EQ(cell(stats, rowOf(stats, QStringLiteral("size")), 1), QStringLiteral("not measured"));
    QCoreApplication::processEvents(); // pending layout requests, before the picture
    saveScreenshot(&panel, QStringLiteral("run-summary-panel"));

    // PDF, Letter: the path comes from the hook instead of a dialog.
    QString asked;
    panel.setExportPathChooser([&](mig::report::Format f) {
        asked = mig::report::formatName(f);
        return d.tmp.file(QStringLiteral("report.") + mig::report::fileSuffix(f));
    });
    child<QComboBox>(panel, "pageSizeCombo")->setCurrentText(QStringLiteral("Letter"));
    QSignalSpy exported(&panel, &RunSummaryPanel::exported);
    QSignalSpy failed(&panel, &RunSummaryPanel::exportFailed);
    QTest::mouseClick(child<QPushButton>(panel, "exportPdfButton"), Qt::LeftButton);
    EXPECT_EQ(asked, QStringLiteral("pdf"));
    EXPECT_TRUE(panel.isExporting());
    EXPECT_TRUE(child<QProgressBar>(panel, "exportProgress")->isVisible());
    EXPECT_TRUE(child<QPushButton>(panel, "cancelExportButton")->isVisible());
    EXPECT_FALSE(child<QPushButton>(panel, "exportMarkdownButton")->isEnabled()) << "one export at a time";
    QCoreApplication::processEvents();
    saveScreenshot(&panel, QStringLiteral("run-summary-panel-exporting"));
    // The events processed for the picture may already have delivered the result.
    ASSERT_TRUE(!exported.isEmpty() || exported.wait(60000)) << (failed.isEmpty() ? std::string() : failed.first().first().toString().toStdString());
    const QString pdf = d.tmp.file(QStringLiteral("report.pdf"));
    EXPECT_EQ(exported.first().first().toString(), pdf);
    EXPECT_FALSE(QFile::exists(pdf + QStringLiteral(".partial")));
    EXPECT_TRUE(tool(QStringLiteral("pdfinfo"), {pdf}).contains(QStringLiteral("612 x 792 pts (letter)")));
    const QString text = pdfPages(pdf).join(u'\n');
    EXPECT_TRUE(text.contains(QStringLiteral("Migration run report: apply ") + d.run));
    EXPECT_TRUE(text.contains(QStringLiteral("production")));
    EXPECT_FALSE(child<QProgressBar>(panel, "exportProgress")->isVisible());
    EXPECT_TRUE(child<QLabel>(panel, "exportStatus")->text().contains(QStringLiteral("report.pdf")));

    // Markdown by its keyboard shortcut.
    exported.clear();
    QTest::keyClick(&panel, Qt::Key_M, Qt::ControlModifier | Qt::AltModifier);
    ASSERT_TRUE(exported.wait(60000)) << "Ctrl+Alt+M exports Markdown (the button's animated click comes first)";
    const QString md = readText(d.tmp.file(QStringLiteral("report.md")));
    EXPECT_TRUE(md.startsWith(QStringLiteral("# Migration run report: apply ") + d.run));
    EXPECT_TRUE(markdownTableProblems(md).isEmpty());
    QCoreApplication::processEvents();
    saveScreenshot(&panel, QStringLiteral("run-summary-panel-exported"));
}

TEST(RunSummaryPanel, CancelAbandonsTheExportAndAnUnknownRunIsRefused)
{
    DemoStore d;
    makeRun(d);
    RunSummaryPanel panel;
    panel.show();
    QSignalSpy shown(&panel, &RunSummaryPanel::runShown);
    panel.showRun(d.store, d.run);
    ASSERT_TRUE(shown.wait(20000));
    const QString json = d.tmp.file(QStringLiteral("cancelled.json"));
    panel.setExportPathChooser([&](mig::report::Format) { return json; });
    QSignalSpy exported(&panel, &RunSummaryPanel::exported);
    QTest::mouseClick(child<QPushButton>(panel, "exportJsonButton"), Qt::LeftButton);
    ASSERT_TRUE(panel.isExporting());
    QTest::mouseClick(child<QPushButton>(panel, "cancelExportButton"), Qt::LeftButton);
    EXPECT_FALSE(panel.isExporting());
    EXPECT_TRUE(child<QPushButton>(panel, "exportJsonButton")->isEnabled());
    EXPECT_EQ(child<QLabel>(panel, "exportStatus")->text(), QStringLiteral("Export cancelled"));
    // Let the abandoned worker end and its answer arrive: it must be dropped, its file removed.
    mig::ui::backgroundPool()->waitForDone();
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    EXPECT_TRUE(exported.isEmpty());
    EXPECT_FALSE(QFile::exists(json));
    EXPECT_FALSE(QFile::exists(json + QStringLiteral(".partial")));

    QSignalSpy refused(&panel, &RunSummaryPanel::loadFailed);
    panel.showRun(d.store, QStringLiteral("20990101T000000Z-dead"));
    ASSERT_TRUE(refused.wait(20000));
    EXPECT_TRUE(refused.first().first().toString().contains(QStringLiteral("no run 20990101T000000Z-dead")));
    EXPECT_FALSE(child<QPushButton>(panel, "exportPdfButton")->isEnabled());
    EXPECT_TRUE(child<QLabel>(panel, "runDetailsLabel")->text().contains(QStringLiteral("no run")));
}
