#include "MigrationDetail.h"

#include "ChangesPage.h"
#include "CodeView.h"
#include "HistoryPage.h"
#include "LineAlignment.h"
#include "RollbackPage.h"
#include "SchemaDiffPage.h"
#include "ScriptFile.h"
#include "ScriptPane.h"
#include "StateLook.h"
#include "VerifyPage.h"

#include "console/Background.h"
#include "source/ScriptText.h"

namespace mig::ui {

// What the worker reads for one migration.
struct LoadedScripts {
    ScriptFile up, down, verify;
    std::optional<AlignedText> changes; // modified migrations whose applied script was kept
    QString changesMessage;             // why there is no diff
    QString changesBefore, changesAfter; // the titles of the two sides
};

namespace {

// The newest row that applied the migration: it holds the script as it ran.
std::optional<HistoryRow> appliedRow(const QList<HistoryRow> &history)
{
    for (auto it = history.crbegin(); it != history.crend(); ++it)
        if (it->direction == u"up" && (it->status == u"applied" || it->status == HistoryTable::AppliedWithDifferences))
            return *it;
    return std::nullopt;
}

QStringList linesOf(const QString &text)
{
    QString t = normalizedScriptText(text);
    if (t.endsWith(u'\n'))
        t.chop(1);
    return t.split(u'\n');
}

void compareWithApplied(LoadedScripts &out, const std::optional<HistoryRow> &applied, const QString &file)
{
    if (!applied) {
        out.changesMessage = QStringLiteral("No history row applied this migration, so there is nothing to compare with.");
        return;
    }
    if (applied->script.isEmpty()) {
        out.changesMessage = QStringLiteral("The script as applied was not kept in the history (scripts over 1 MiB are "
                                            "stored without their text), so its changes cannot be shown. Checksum applied: "
                                            "%1.").arg(applied->checksum);
        return;
    }
    if (!out.up.shown()) {
        out.changesMessage = out.up.error.isEmpty() ? QStringLiteral("The current file cannot be read.") : out.up.error;
        return;
    }
    AlignedText diff = alignLines(linesOf(applied->script), out.up.text.split(u'\n'));
    // The right side shows the file's own line numbers (a section of a single-file layout).
    for (AlignedLine &l : diff.lines)
        if (l.rightLine > 0)
            l.rightLine = out.up.lineNumbers.value(l.rightLine - 1, l.rightLine);
    out.changes = diff;
    out.changesBefore = QStringLiteral("As applied (run %1, %2)").arg(applied->runId, formatUtc(applied->finishedAt));
    out.changesAfter = QStringLiteral("Now in %1").arg(file);
}

} // namespace

MigrationDetailInput detailInput(const ProjectState &state, const MigrationRow &row)
{
    MigrationDetailInput in;
    in.row = row;
    in.history = state.historyOf(row.key);
    if (const auto it = state.previews.constFind(row.version); !row.version.isEmpty() && it != state.previews.cend())
        in.preview = *it;
    in.verifyChecks = state.verifyChecks.value(row.version);
    return in;
}

MigrationDetail::MigrationDetail(QWidget *parent)
    : QTabWidget(parent)
{
    setObjectName(QStringLiteral("migrationDetail"));
    m_sql = new ScriptPane(QStringLiteral("sql"), this);
    m_sql->setObjectName(QStringLiteral("sqlTab"));
    m_schemaDiff = new SchemaDiffPage(this);
    m_schemaDiff->setObjectName(QStringLiteral("schemaDiffTab"));
    m_rollback = new RollbackPage(this);
    m_rollback->setObjectName(QStringLiteral("rollbackTab"));
    m_verify = new VerifyPage(this);
    m_verify->setObjectName(QStringLiteral("verifyTab"));
    m_history = new HistoryPage(this);
    m_history->setObjectName(QStringLiteral("historyTab"));
    m_changes = new ChangesPage(this);
    m_changes->setObjectName(QStringLiteral("changesTab"));
    // No mnemonics: Alt+letters belong to the window's menus. Ctrl+Tab / Ctrl+PgDown switch tabs.
    addTab(m_sql, QStringLiteral("SQL"));
    addTab(m_schemaDiff, QStringLiteral("Schema diff"));
    addTab(m_rollback, QStringLiteral("Rollback"));
    addTab(m_verify, QStringLiteral("Verify"));
    addTab(m_history, QStringLiteral("History"));
    m_changesIndex = addTab(m_changes, QStringLiteral("Changes"));
    setTabVisible(m_changesIndex, false);
    connect(m_schemaDiff, &SchemaDiffPage::previewRequested, this, &MigrationDetail::previewRequested);
}

void MigrationDetail::clear()
{
    ++m_generation;
    m_key.clear();
    m_sql->showMessage({});
    setTabVisible(m_changesIndex, false);
}

void MigrationDetail::showMigration(const MigrationDetailInput &input)
{
    const quint64 generation = ++m_generation;
    m_key = input.row.key;
    std::optional<Migration> migration;
    if (input.row.status.planned)
        migration = input.row.status.planned->migration;
    const bool modified = input.row.state == MigrationState::Modified;
    const std::optional<HistoryRow> applied = modified ? appliedRow(input.history) : std::nullopt;
    // Files are read on a worker: a script may be large, or on a slow disk.
    runInBackground(
        this,
        [migration, modified, applied] {
            LoadedScripts out;
            if (!migration)
                return out;
            out.up = readScriptFile(migration->up);
            out.down = readScriptFile(migration->down);
            out.verify = readScriptFile(migration->verify);
            if (modified)
                compareWithApplied(out, applied, migration->file);
            return out;
        },
        [this, generation, input](const LoadedScripts &loaded) {
            if (generation != m_generation)
                return; // another migration was selected meanwhile
            fill(input, loaded);
            Q_EMIT filled(input.row.key);
        });
}

void MigrationDetail::fill(const MigrationDetailInput &input, const LoadedScripts &loaded)
{
    const MigrationRow &row = input.row;
    const std::optional<PlannedMigration> &planned = row.status.planned;
    fillSql(input, loaded);
    const bool pending = !row.state || row.state == MigrationState::Pending || row.state == MigrationState::Failed
                         || row.state == MigrationState::OutOfOrder;
    m_schemaDiff->showPreview(input.preview, pending);
    m_rollback->showRollback(row.rollback, loaded.down, planned ? planned->downStatements : 0);
    m_verify->showVerify(input.verifyChecks, loaded.verify, planned ? planned->verifyStatements : 0);
    m_history->showHistory(input.history);
    const bool modified = row.state == MigrationState::Modified;
    if (modified) {
        if (loaded.changes)
            m_changes->showDiff(*loaded.changes, loaded.changesBefore, loaded.changesAfter);
        else
            m_changes->showMessage(loaded.changesMessage);
    }
    setTabVisible(m_changesIndex, modified);
}

void MigrationDetail::fillSql(const MigrationDetailInput &input, const LoadedScripts &loaded)
{
    const MigrationRow &row = input.row;
    if (!row.status.planned) {
        m_sql->showScript({}, {}, QStringLiteral("The file of this migration is gone from the folder. The history keeps "
                                                 "what ran: see the History tab."));
        return;
    }
    const PlannedMigration &p = *row.status.planned;
    QString info = QStringLiteral("%1 · %2 statement(s) · %3").arg(p.migration.file).arg(p.statements)
                       .arg(p.migration.transactional() ? QStringLiteral("one transaction where the engine allows")
                                                        : QStringLiteral("no transaction (the script says so)"));
    // Applied migrations are not linted: lint reads only what the next apply runs.
    if (row.linted && row.findings.isEmpty())
        info += QStringLiteral(" · lint: clean");
    else if (row.linted)
        info += QStringLiteral(" · lint: %1 finding(s), worst %2").arg(row.findings.size()).arg(lint::severityName(*row.worstLint));
    else if (!row.state || lintable(*row.state))
        info += QStringLiteral(" · lint has not run");
    m_sql->showScript(loaded.up, info, QStringLiteral("This migration has no up script."));
    QList<CodeView::Marker> markers;
    for (const lint::Finding &f : row.findings)
        if (f.file == p.migration.file)
            markers << CodeView::Marker{f.line, f.severity, findingText(f)};
    m_sql->view()->setMarkers(markers);
}

} // namespace mig::ui
