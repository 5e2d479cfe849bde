#pragma once

#include "console/ProjectState.h"

#include <QMainWindow>

class QLabel;
class QListWidget;
class QProgressBar;
class QTabWidget;
class QToolButton;

namespace mig {
class SecretStore;
}

namespace mig::ui {

class Console;
class GoNoGoPanel;
class MigrationsView;
class PasswordSource;
class RunSummaryPanel;
class RunView;
class TargetsPanel;

// The console's window: the targets on the left, and tabs for the migrations, the go/no-go
// panel, the live run and the report. It only lays out and wires: the Console does the work
// on worker threads, the views show values. See README "The desktop console".
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `secrets`: where passwords live (the OS keychain when null); not owned.
    explicit MainWindow(SecretStore *secrets = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    void openProject(const Project &project);
    // The embedded demo's folder, for File > Fresh Demo Database.
    void setDemoFolder(const QString &folder) { m_demoFolder = folder; }
    // Opens the demo folder on a demo database made now (the engine seeds it on a worker).
    void openFreshDemo();
    Console *console() const { return m_console; }

Q_SIGNALS:
    void stateShown(); // a project state reached every view

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildLayout();
    void buildMenus(); // MainActions.cpp
    void wireConsole();
    void wireViews();
    void showState(const ProjectState &state);
    void showBusy(const QString &what);
    void showError(const QString &what, const QString &error);
    void forwardEvents(const QList<RunEvent> &events);
    void openFolderDialog();
    void exportReport();
    void confirmRecovery(const RecoveryChoice &choice);
    void restoreWindowState();

    SecretStore *m_secrets;
    Console *m_console;
    TargetsPanel *m_targets;
    PasswordSource *m_passwords = nullptr;
    MigrationsView *m_migrations;
    GoNoGoPanel *m_goNoGo;
    RunView *m_runView;
    RunSummaryPanel *m_summary;
    QTabWidget *m_tabs;
    QLabel *m_header;
    QLabel *m_banner;
    QListWidget *m_problems;
    QLabel *m_busyLabel;
    QProgressBar *m_busyBar;
    QToolButton *m_busyCancel;
    QString m_demoFolder;
    bool m_running = false;
    bool m_backingUp = false;    // the backup card's progress and cancel belong to a backup only
    bool m_closeWhenIdle = false; // the DBA asked to close while a job ran: close once it stopped
};

} // namespace mig::ui
