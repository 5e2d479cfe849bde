#pragma once

#include "MigrationRow.h"

#include <QTabWidget>

namespace mig::ui {

class ChangesPage;
class HistoryPage;
class RollbackPage;
class SchemaDiffPage;
class ScriptPane;
class VerifyPage;
struct LoadedScripts;

// What the detail shows of one migration, copied out of a ProjectState.
struct MigrationDetailInput {
    MigrationRow row;
    QList<HistoryRow> history;               // its rows, oldest first
    std::optional<PreviewedChanges> preview; // its latest preview
    QList<StoredCheck> verifyChecks;         // its checks in the latest verification
};

MigrationDetailInput detailInput(const ProjectState &state, const MigrationRow &row);

// The tabs of the selected migration: SQL, Schema diff, Rollback, Verify, History, and Changes
// for a modified one. The scripts are read on a worker thread; the tabs are filled when they
// arrive (an answer for a migration no longer shown is dropped), then filled() is emitted.
class MigrationDetail : public QTabWidget
{
    Q_OBJECT
public:
    explicit MigrationDetail(QWidget *parent = nullptr);

    void showMigration(const MigrationDetailInput &input);
    void clear();
    QString key() const { return m_key; }

    ScriptPane *sql() const { return m_sql; }
    SchemaDiffPage *schemaDiff() const { return m_schemaDiff; }
    RollbackPage *rollback() const { return m_rollback; }
    VerifyPage *verify() const { return m_verify; }
    HistoryPage *history() const { return m_history; }
    ChangesPage *changes() const { return m_changes; }

Q_SIGNALS:
    void filled(const QString &key);
    void previewRequested();

private:
    void fill(const MigrationDetailInput &input, const LoadedScripts &loaded);
    void fillSql(const MigrationDetailInput &input, const LoadedScripts &loaded);

    ScriptPane *m_sql;
    SchemaDiffPage *m_schemaDiff;
    RollbackPage *m_rollback;
    VerifyPage *m_verify;
    HistoryPage *m_history;
    ChangesPage *m_changes;
    int m_changesIndex = -1;
    QString m_key;
    quint64 m_generation = 0; // of the request whose answer is awaited
};

} // namespace mig::ui
