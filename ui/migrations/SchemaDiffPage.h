#pragma once

#include "console/ProjectState.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace mig::ui {

// The Schema diff tab: what the latest preview says the migration does to the schema, as a
// tree (tables with their columns, indexes and constraints; each changed attribute as
// "before -> after"), green for added, red for removed, amber for changed. Without a preview it
// says so, and its button asks for one (previewRequested).
class SchemaDiffPage : public QWidget
{
    Q_OBJECT
public:
    explicit SchemaDiffPage(QWidget *parent = nullptr);

    // `preview` unset: none was made for this migration.
    void showPreview(const std::optional<PreviewedChanges> &preview, bool pending);

    QTreeWidget *tree() const { return m_tree; }

Q_SIGNALS:
    void previewRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    QTreeWidgetItem *parentFor(const SchemaObject &object, QHash<QString, QTreeWidgetItem *> &tables);
    void addChange(const ObjectChange &change, QHash<QString, QTreeWidgetItem *> &tables);
    void recolour();

    QLabel *m_summary;
    QTreeWidget *m_tree;
    QPushButton *m_preview;
};

} // namespace mig::ui
