#pragma once

#include "console/ProjectState.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QTableView;

namespace mig::ui {

class MigrationDetail;
class MigrationsFilter;
class MigrationsModel;

// The migrations view: every migration of the project with its state, filterable by text
// (Ctrl+F) and state, and the tabs of the selected one. Takes ProjectStates; the selection is
// kept by migration key across refreshes.
class MigrationsView : public QWidget
{
    Q_OBJECT
public:
    explicit MigrationsView(QWidget *parent = nullptr);

    void setProjectState(const ProjectState &state);
    // Selects a migration by its key (version, or "R:name"); clears filters that hide it.
    void selectMigration(const QString &key);
    QString currentKey() const;

    MigrationsModel *model() const { return m_model; }
    MigrationsFilter *filter() const { return m_filter; }
    MigrationDetail *detail() const { return m_detail; }

Q_SIGNALS:
    void migrationSelected(const QString &key);
    void previewRequested();
    void detailShown(const QString &key); // the selected migration's tabs are filled

private:
    bool selectRow(const QString &key, bool clearFilters);
    void onCurrentChanged();
    void showDetail(const QString &key);
    void applyStateFilter();
    void updateCount();

    ProjectState m_state;
    MigrationsModel *m_model;
    MigrationsFilter *m_filter;
    QLineEdit *m_text;
    QComboBox *m_states;
    QLabel *m_count;
    QLabel *m_banner;
    QTableView *m_table;
    QStackedWidget *m_detailStack;
    MigrationDetail *m_detail;
    QString m_currentKey;
    bool m_restoring = false; // selection changes made by a refresh are not the user's
};

} // namespace mig::ui
