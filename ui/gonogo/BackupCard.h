#pragma once

#include "backup/BackupCatalog.h"
#include "run/RunEvent.h"

#include <QGroupBox>
#include <QTimer>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace mig::ui {

// The latest backup of the target as the catalog knows it (id, age against the policy, size,
// SHA-256, tables and rows, restore test), and "Back up now" with its progress and Cancel.
class BackupCard : public QGroupBox
{
    Q_OBJECT
public:
    explicit BackupCard(QWidget *parent = nullptr);

    void setBackup(const std::optional<BackupRecord> &backup, int maxAgeHours);
    // A Progress event of the backup or its restore test: phase in message, done/total in unit.
    void setProgress(const RunEvent &event);
    void finished(bool ok, const QString &message);
    // Other work runs (the checklist): no backup may start meanwhile.
    void setOtherWorkRunning(bool running);
    bool running() const { return m_running; }

    // "42 s", "12 min", "3 h 5 min", "2 days 4 h"
    static QString humanAge(qint64 seconds);

Q_SIGNALS:
    void backupRequested(bool restoreTest);
    void cancelRequested();

private:
    void setRunning(bool running);
    void showAge();
    void updateButtons();

    std::optional<BackupRecord> m_backup;
    int m_maxAgeHours = 24;
    bool m_running = false;
    bool m_otherWork = false;

    QLabel *m_none;
    QWidget *m_facts;
    QLabel *m_id, *m_age, *m_size, *m_sha, *m_tables, *m_restoreIcon, *m_restore;
    QCheckBox *m_restoreTest;
    QPushButton *m_start, *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_message;
    QTimer m_ageTimer;
};

} // namespace mig::ui
