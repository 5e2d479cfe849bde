#include "MigrationsView.h"

#include "MigrationDetail.h"
#include "MigrationsFilter.h"
#include "MigrationsModel.h"
#include "StateLook.h"
#include "TextLabel.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace mig::ui {

namespace {

constexpr int AllStates = -1;
constexpr int NeedsAttention = -2;

} // namespace

MigrationsView::MigrationsView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("migrationsView"));
    m_model = new MigrationsModel(this);
    m_filter = new MigrationsFilter(this);
    m_filter->setSourceModel(m_model);

    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("migrationFilter"));
    m_text->setPlaceholderText(QStringLiteral("Filter by version or name (Ctrl+F)"));
    m_text->setClearButtonEnabled(true);
    m_text->setToolTip(QStringLiteral("Shows the migrations whose version or name contains this text (Ctrl+F; Esc clears)"));
    auto *focus = new QShortcut(QKeySequence::Find, this);
    focus->setContext(Qt::WidgetWithChildrenShortcut);
    connect(focus, &QShortcut::activated, this, [this] {
        m_text->setFocus(Qt::ShortcutFocusReason);
        m_text->selectAll();
    });
    auto *clear = new QShortcut(QKeySequence(Qt::Key_Escape), m_text);
    clear->setContext(Qt::WidgetShortcut);
    connect(clear, &QShortcut::activated, m_text, &QLineEdit::clear);
    connect(m_text, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_filter->setText(t);
        updateCount();
    });

    m_states = new QComboBox(this);
    m_states->setObjectName(QStringLiteral("stateFilter"));
    m_states->setToolTip(QStringLiteral("Shows the migrations in one state only"));
    m_states->addItem(QStringLiteral("All states"), AllStates);
    m_states->addItem(stateIcon(MigrationState::Dirty), QStringLiteral("Needs attention"), NeedsAttention);
    m_states->setItemData(1, QStringLiteral("Applied with differences, modified, missing, failed, dirty or out of order"), Qt::ToolTipRole);
    for (MigrationState s : {MigrationState::Applied, MigrationState::AppliedWithDifferences, MigrationState::Pending,
                             MigrationState::Modified, MigrationState::Missing, MigrationState::Failed, MigrationState::Dirty,
                             MigrationState::OutOfOrder}) {
        m_states->addItem(stateIcon(s), stateTitle(s), int(s));
        m_states->setItemData(m_states->count() - 1, stateDescription(s), Qt::ToolTipRole);
    }
    connect(m_states, &QComboBox::currentIndexChanged, this, &MigrationsView::applyStateFilter);

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("migrationCount"));
    // Wide enough for any count, so the bar does not jump while the DBA types.
    m_count->setMinimumWidth(m_count->fontMetrics().horizontalAdvance(QStringLiteral("9999 of 9999 migration(s)")));
    m_banner = textLabel(this, QStringLiteral("migrationsBanner"));
    m_banner->hide();

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("migrationsTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(MigrationsModel::Version, Qt::AscendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(MigrationsModel::Name, QHeaderView::Stretch);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MigrationsView::onCurrentChanged);

    m_detail = new MigrationDetail(this);
    connect(m_detail, &MigrationDetail::previewRequested, this, &MigrationsView::previewRequested);
    connect(m_detail, &MigrationDetail::filled, this, &MigrationsView::detailShown);
    auto *placeholder = new QLabel(QStringLiteral("Select a migration to see its SQL, what it changes in the schema, its "
                                                  "rollback, its verification and its history."), this);
    placeholder->setObjectName(QStringLiteral("detailPlaceholder"));
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setWordWrap(true);
    m_detailStack = new QStackedWidget(this);
    m_detailStack->addWidget(placeholder);
    m_detailStack->addWidget(m_detail);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_text, 1);
    bar->addWidget(m_states);
    bar->addWidget(m_count);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("migrationsSplitter"));
    split->addWidget(m_table);
    split->addWidget(m_detailStack);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);
    updateCount();
}

void MigrationsView::setProjectState(const ProjectState &state)
{
    m_state = state;
    const QString keep = m_currentKey;
    // The refresh's own selection changes are not the user's: no migrationSelected for them.
    m_restoring = true;
    m_model->setRows(migrationRows(state));
    const bool kept = !keep.isEmpty() && selectRow(keep, false);
    m_restoring = false;
    QStringList problems;
    if (!state.inspection.error.isEmpty())
        problems << QStringLiteral("The target could not be read, so states are unknown: ") + state.inspection.error;
    if (!state.lintError.isEmpty())
        problems << QStringLiteral("Lint could not run: ") + state.lintError;
    m_banner->setText(problems.join(u'\n'));
    m_banner->setVisible(!problems.isEmpty());
    updateCount();
    if (kept) { // the same migration, with what the new state says of it
        m_detail->showMigration(detailInput(m_state, *m_model->rowOf(keep)));
        return;
    }
    m_currentKey.clear();
    m_detail->clear();
    m_detailStack->setCurrentIndex(0);
    if (!keep.isEmpty())
        Q_EMIT migrationSelected(QString());
}

bool MigrationsView::selectRow(const QString &key, bool clearFilters)
{
    const int row = m_model->indexOf(key);
    if (row < 0)
        return false;
    QModelIndex proxy = m_filter->mapFromSource(m_model->index(row, 0));
    if (!proxy.isValid() && clearFilters) {
        m_text->clear();
        m_states->setCurrentIndex(0);
        proxy = m_filter->mapFromSource(m_model->index(row, 0));
    }
    if (!proxy.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(proxy, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(proxy);
    return true;
}

void MigrationsView::selectMigration(const QString &key)
{
    // Selecting the row shows it (onCurrentChanged); a filter that hides it is cleared.
    if (selectRow(key, true) && key != m_currentKey)
        showDetail(key);
}

QString MigrationsView::currentKey() const
{
    return m_currentKey;
}

void MigrationsView::onCurrentChanged()
{
    if (m_restoring)
        return;
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const QString key = current.isValid() ? current.data(MigrationsModel::KeyRole).toString() : QString();
    if (key == m_currentKey)
        return;
    if (key.isEmpty()) {
        m_currentKey.clear();
        m_detail->clear();
        m_detailStack->setCurrentIndex(0);
        Q_EMIT migrationSelected(QString());
        return;
    }
    showDetail(key);
}

void MigrationsView::showDetail(const QString &key)
{
    const MigrationRow *row = m_model->rowOf(key);
    if (!row)
        return;
    const bool changed = key != m_currentKey;
    m_currentKey = key;
    m_detailStack->setCurrentIndex(1);
    m_detail->showMigration(detailInput(m_state, *row));
    if (changed)
        Q_EMIT migrationSelected(key);
}

void MigrationsView::applyStateFilter()
{
    const int choice = m_states->currentData().toInt();
    if (choice == AllStates)
        m_filter->setStates({});
    else if (choice == NeedsAttention)
        m_filter->setStates(MigrationsFilter::attentionStates());
    else
        m_filter->setStates({MigrationState(choice)});
    updateCount();
}

void MigrationsView::updateCount()
{
    const int shown = m_filter->rowCount();
    const int all = m_model->rowCount();
    m_count->setText(shown == all ? QStringLiteral("%1 migration(s)").arg(all) : QStringLiteral("%1 of %2 migration(s)").arg(shown).arg(all));
}

} // namespace mig::ui
