#include "SchemaDiffPage.h"

#include "MigrationRow.h"
#include "StateLook.h"
#include "TextLabel.h"
#include "Tones.h"

#include <QEvent>
#include <functional>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mig::ui {

namespace {

constexpr int KindRole = Qt::UserRole + 1; // int ObjectChange::Kind, -1 for a table that only holds changes

Tone toneOf(int kind)
{
    switch (ObjectChange::Kind(kind)) {
    case ObjectChange::Kind::Added: return Tone::Added;
    case ObjectChange::Kind::Removed: return Tone::Removed;
    case ObjectChange::Kind::Changed: return Tone::Changed;
    }
    return Tone::Changed;
}

// The table an object belongs to ("schema.table"), or a table's own name.
QString tableKey(const SchemaObject &o)
{
    const QString &table = o.kind == SchemaObject::Kind::Table ? o.name : o.table;
    return o.schema.isEmpty() ? table : o.schema + u'.' + table;
}

QString objectLabel(const SchemaObject &o)
{
    // Inside its table's item an object needs only its own name.
    return QStringLiteral("%1 %2").arg(kindName(o.kind), o.table.isEmpty() || o.kind == SchemaObject::Kind::Table ? o.qualifiedName() : o.name);
}

} // namespace

SchemaDiffPage::SchemaDiffPage(QWidget *parent)
    : QWidget(parent)
{
    m_summary = textLabel(this, QStringLiteral("schemaDiffSummary"));
    m_preview = new QPushButton(QStringLiteral("Preview pending migrations"), this);
    m_preview->setObjectName(QStringLiteral("previewButton"));
    m_preview->setToolTip(QStringLiteral("Run every pending migration in a transaction that is rolled back (or on a scratch "
                                         "copy), to see what each will do to the schema and whether its rollback works."));
    connect(m_preview, &QPushButton::clicked, this, &SchemaDiffPage::previewRequested);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("schemaDiffTree"));
    m_tree->setHeaderLabels({QStringLiteral("Object"), QStringLiteral("Change")});
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_preview, 0, Qt::AlignTop);
    layout->addLayout(top);
    layout->addWidget(m_tree, 1);
    layout->addStretch(0); // takes the room only while the tree is hidden
}

void SchemaDiffPage::showPreview(const std::optional<PreviewedChanges> &preview, bool pending)
{
    m_tree->clear();
    if (!preview) {
        m_summary->setText(pending ? QStringLiteral("No preview of this migration yet. Preview the pending migrations to see "
                                                    "what it will change in the schema, and to verify its rollback.")
                                   : QStringLiteral("No preview of this migration was kept. A preview runs pending "
                                                    "migrations only; its schema changes are in the run that applied it."));
        m_preview->setVisible(true);
        m_tree->hide();
        return;
    }
    m_preview->setVisible(false);
    m_tree->show();
    const SchemaDiff &diff = preview->changes;
    const QString when = QStringLiteral("Preview run %1, %2").arg(preview->runId, formatUtc(preview->at));
    if (diff.isEmpty()) {
        m_summary->setText(when + QStringLiteral(": no change to the schema (a data migration, or one that changes objects "
                                                 "the snapshot does not capture)."));
        return;
    }
    m_summary->setText(QStringLiteral("%1: %2 added, %3 removed, %4 changed.")
                           .arg(when)
                           .arg(diff.count(ObjectChange::Kind::Added))
                           .arg(diff.count(ObjectChange::Kind::Removed))
                           .arg(diff.count(ObjectChange::Kind::Changed)));
    QHash<QString, QTreeWidgetItem *> tables;
    // Tables first, so their columns, indexes and constraints find them.
    for (const ObjectChange &c : diff.changes)
        if (c.object.kind == SchemaObject::Kind::Table)
            addChange(c, tables);
    for (const ObjectChange &c : diff.changes)
        if (c.object.kind != SchemaObject::Kind::Table)
            addChange(c, tables);
    m_tree->expandToDepth(0);
    recolour();
}

QTreeWidgetItem *SchemaDiffPage::parentFor(const SchemaObject &object, QHash<QString, QTreeWidgetItem *> &tables)
{
    if (object.table.isEmpty() || object.kind == SchemaObject::Kind::Table)
        return nullptr;
    const QString key = tableKey(object);
    if (QTreeWidgetItem *item = tables.value(key))
        return item;
    // A table that did not change itself but holds changes.
    auto *item = new QTreeWidgetItem(m_tree, {QStringLiteral("table ") + key, QStringLiteral("contents changed")});
    item->setData(0, KindRole, -1);
    tables.insert(key, item);
    return item;
}

void SchemaDiffPage::addChange(const ObjectChange &change, QHash<QString, QTreeWidgetItem *> &tables)
{
    const SchemaObject &o = change.object;
    QTreeWidgetItem *parent = parentFor(o, tables);
    auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
    item->setText(0, objectLabel(o));
    item->setText(1, changeTitle(change.kind));
    item->setIcon(0, changeIcon(change.kind));
    item->setToolTip(0, QStringLiteral("%1 %2 %3").arg(kindName(o.kind), o.qualifiedName(), changeTitle(change.kind)));
    item->setData(0, KindRole, int(change.kind));
    if (o.kind == SchemaObject::Kind::Table)
        tables.insert(tableKey(o), item);
    if (change.kind == ObjectChange::Kind::Changed) {
        for (const ObjectChange::Attribute &a : change.attributes) {
            const QString none = QStringLiteral("(none)");
            auto *attr = new QTreeWidgetItem(item, {a.name, QStringLiteral("%1 -> %2").arg(a.before.isEmpty() ? none : a.before,
                                                                                             a.after.isEmpty() ? none : a.after)});
            attr->setData(0, KindRole, int(ObjectChange::Kind::Changed));
            attr->setToolTip(1, attr->text(1));
        }
        return;
    }
    // Added or removed: its definition (after, or before).
    for (auto it = o.attributes.cbegin(); it != o.attributes.cend(); ++it) {
        auto *attr = new QTreeWidgetItem(item, {it.key(), it.value()});
        attr->setData(0, KindRole, int(change.kind));
        attr->setToolTip(1, it.value());
    }
}

void SchemaDiffPage::recolour()
{
    // The page's palette: on a palette change the page hears of it before its tree does.
    const QPalette pal = palette();
    std::function<void(QTreeWidgetItem *)> paint = [&](QTreeWidgetItem *item) {
        const int kind = item->data(0, KindRole).toInt();
        if (kind >= 0)
            for (int c = 0; c < m_tree->columnCount(); ++c)
                item->setForeground(c, toneText(toneOf(kind), pal));
        for (int i = 0; i < item->childCount(); ++i)
            paint(item->child(i));
    };
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        paint(m_tree->topLevelItem(i));
}

void SchemaDiffPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        recolour();
}

} // namespace mig::ui
