#include "MainWindow.h"

#include "DemoProject.h"
#include "Theme.h"
#include "afterrun/RunSummaryPanel.h"
#include "console/Console.h"
#include "gonogo/GoNoGoPanel.h"
#include "migrations/MigrationsView.h"
#include "run/RunView.h"
#include "targets/PasswordSource.h"
#include "targets/TargetsPanel.h"

#include "preflight/Checklist.h"
#include "target/ProfileStore.h"
#include "target/SecretStore.h"

#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace mig::ui {

MainWindow::MainWindow(SecretStore *secrets, QWidget *parent)
    : QMainWindow(parent)
    , m_secrets(secrets ? secrets : new KeychainSecretStore(QStringLiteral("migration-console"), this))
    , m_console(new Console(this))
    , m_targets(new TargetsPanel(m_secrets))
    , m_migrations(new MigrationsView)
    , m_goNoGo(new GoNoGoPanel)
    , m_runView(new RunView)
    , m_summary(new RunSummaryPanel)
    , m_tabs(new QTabWidget)
    , m_header(new QLabel)
    , m_banner(new QLabel)
    , m_problems(new QListWidget)
    , m_busyLabel(new QLabel)
    , m_busyBar(new QProgressBar)
    , m_busyCancel(new QToolButton)
{
    setObjectName(QStringLiteral("mainWindow"));
    m_passwords = m_targets->passwordSource(); // one session memory for typed passwords
    setWindowTitle(tr("Migration Console"));
    m_console->setPasswordProvider([this](const ConnectionProfile &profile, std::function<void(std::optional<QString>)> done) {
        m_passwords->passwordFor(profile, [done](std::optional<QString> password, const QString &why) {
            Q_UNUSED(why); // the prompt has shown it
            done(password);
        });
    });
    buildLayout();
    buildMenus();
    wireConsole();
    wireViews();
    restoreWindowState();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout()
{
    m_header->setObjectName(QStringLiteral("projectHeader"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_banner->setObjectName(QStringLiteral("errorBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setAutoFillBackground(true);
    m_banner->hide();
    m_problems->setObjectName(QStringLiteral("problemsList"));
    m_problems->setMaximumHeight(90);
    m_problems->hide();

    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->addTab(m_migrations, tr("&Migrations"));
    m_tabs->addTab(m_goNoGo, tr("&Go / No-Go"));
    m_tabs->addTab(m_runView, tr("&Run"));
    m_tabs->addTab(m_summary, tr("Re&port"));

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_header);
    layout->addWidget(m_banner);
    layout->addWidget(m_problems);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    auto *dock = new QDockWidget(tr("Targets"), this);
    dock->setObjectName(QStringLiteral("targetsDock"));
    dock->setWidget(m_targets);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    m_busyLabel->setObjectName(QStringLiteral("busyLabel"));
    m_busyBar->setObjectName(QStringLiteral("busyBar"));
    m_busyBar->setRange(0, 0); // busy: the job's own view shows its progress
    m_busyBar->setMaximumWidth(120);
    m_busyBar->hide();
    // Long work that is not a run (preview, backup, restore) is cancelled from here; a run's
    // cancel is in the run view, where it asks first.
    m_busyCancel->setObjectName(QStringLiteral("busyCancelButton"));
    m_busyCancel->setText(tr("Cancel"));
    m_busyCancel->setToolTip(tr("Cancel the job under way (Ctrl+.)"));
    m_busyCancel->hide();
    connect(m_busyCancel, &QToolButton::clicked, this, [this] {
        if (!m_console->cancel())
            statusBar()->showMessage(tr("%1 cannot be cancelled; it ends within its connection timeouts").arg(m_console->busy()), 8000);
    });
    statusBar()->addPermanentWidget(m_busyLabel);
    statusBar()->addPermanentWidget(m_busyBar);
    statusBar()->addPermanentWidget(m_busyCancel);
    resize(1280, 800);
}

void MainWindow::wireConsole()
{
    connect(m_console, &Console::stateChanged, this, &MainWindow::showState);
    connect(m_console, &Console::busyChanged, this, &MainWindow::showBusy);
    connect(m_console, &Console::message, this, [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_console, &Console::jobFailed, this, &MainWindow::showError);
    connect(m_console, &Console::demoReady, this, [this](const Project &p) {
        ProfileStore().save(p.profile); // the profile follows the demo to its new database
        openProject(p);
    });
    connect(m_console, &Console::eventsArrived, this, &MainWindow::forwardEvents);
    connect(m_console, &Console::checklistStarted, m_goNoGo, &GoNoGoPanel::beginChecklist);
    connect(m_console, &Console::decisionReady, m_goNoGo, &GoNoGoPanel::setDecision);
    connect(m_console, &Console::backupFinished, this, [this](bool ok, const QString &message) {
        m_backingUp = false;
        m_goNoGo->backupFinished(ok, message);
    });
    connect(m_console, &Console::runStarted, this, [this](const QString &title) {
        m_running = true;
        m_busyCancel->hide();
        m_banner->hide();
        m_runView->startRun(title);
        m_tabs->setCurrentWidget(m_runView);
    });
    connect(m_console, &Console::runFinished, this, [this](const RunResult &result) {
        m_running = false;
        m_runView->finishRun(result);
        if (!result.runId.isEmpty())
            m_summary->showRun(m_console->project().runStorePath, result.runId);
    });
}

void MainWindow::wireViews()
{
    connect(m_targets, &TargetsPanel::openRequested, this, [this](const ConnectionProfile &profile) {
        Project p = m_console->project();
        p.profile = profile;
        openProject(p);
    });
    connect(m_migrations, &MigrationsView::previewRequested, m_console, &Console::preview);
    connect(m_goNoGo, &GoNoGoPanel::recheckRequested, m_console, &Console::checklist);
    connect(m_goNoGo, &GoNoGoPanel::backupRequested, this, [this](bool restoreTest) {
        m_backingUp = m_console->busy().isEmpty();
        m_console->backup(restoreTest);
    });
    connect(m_goNoGo, &GoNoGoPanel::backupCancelRequested, this, [this] {
        if (m_backingUp) // never a run: a run's cancel asks first, in the run view
            m_console->cancel();
    });
    connect(m_goNoGo, &GoNoGoPanel::signoffRequested, m_console, &Console::signoff);
    connect(m_goNoGo, &GoNoGoPanel::goRequested, m_console, &Console::go);
    connect(m_runView, &RunView::cancelRequested, m_console, &Console::cancel);
    connect(m_runView, &RunView::recoveryRequested, this, &MainWindow::confirmRecovery);
}

void MainWindow::openProject(const Project &project)
{
    if (!m_console->busy().isEmpty()) {
        showError(tr("Open"), tr("%1 is still under way; open %2 when it has finished").arg(m_console->busy(), project.profile.displayUrl()));
        return;
    }
    m_runView->setRecovery(std::nullopt); // the choices were for the project open until now
    QSettings settings;
    settings.setValue(QStringLiteral("project/dir"), project.dir);
    settings.setValue(QStringLiteral("project/profile"), project.profile.name);
    m_targets->setRunStorePath(project.runStorePath);
    m_targets->setFolder(project.dir, project.format);
    m_targets->setCurrent(project.profile.name);
    m_targets->refresh();
    m_header->setText(tr("<b>%1</b> on <b>%2</b> — reading…")
                          .arg(QDir::toNativeSeparators(project.dir).toHtmlEscaped(), project.profile.displayUrl().toHtmlEscaped()));
    m_console->setProject(project);
}

void MainWindow::openFreshDemo()
{
    if (!m_console->busy().isEmpty()) {
        showError(tr("Demo"), tr("%1 is still under way; make a fresh demo when it has finished").arg(m_console->busy()));
        return;
    }
    m_header->setText(tr("<b>%1</b> — making a fresh demo database…").arg(QDir::toNativeSeparators(m_demoFolder).toHtmlEscaped()));
    m_console->prepareDemo(demoProject(m_demoFolder, newDemoDatabasePath()));
}

void MainWindow::showState(const ProjectState &s)
{
    const TargetStatus &st = s.inspection.status;
    const int pending = st.count(MigrationState::Pending) + st.count(MigrationState::OutOfOrder) + st.count(MigrationState::Failed);
    QString line = tr("<b>%1</b> on <b>%2</b>").arg(QDir::toNativeSeparators(s.project.dir).toHtmlEscaped(),
                                                    s.project.profile.displayUrl().toHtmlEscaped());
    if (s.reachable()) {
        line += tr(" — %1, at version <b>%2</b>; %n pending", nullptr, pending)
                    .arg(s.inspection.serverVersion.toHtmlEscaped(), st.currentVersion.isEmpty() ? tr("none") : st.currentVersion.toHtmlEscaped());
        for (auto state : {MigrationState::Modified, MigrationState::Dirty, MigrationState::Missing})
            if (const int n = st.count(state))
                line += QStringLiteral(", <b>%1 %2</b>").arg(n).arg(stateName(state));
        if (s.lockHolder)
            line += tr("; run lock held by %1").arg(s.lockHolder->toString().toHtmlEscaped());
    } else {
        line += QStringLiteral(" — <span style='color:%1'>%2</span>").arg(isDark() ? QStringLiteral("#ff8080") : QStringLiteral("#b02020"), s.inspection.error.toHtmlEscaped());
    }
    m_header->setText(line);
    setWindowTitle(tr("%1 — Migration Console").arg(s.project.profile.name.isEmpty() ? s.project.profile.displayUrl() : s.project.profile.name));

    m_problems->clear();
    for (const Problem &p : s.inspection.plan.folder.problems)
        m_problems->addItem(p.toString());
    m_problems->setVisible(m_problems->count() > 0);

    m_migrations->setProjectState(s);
    m_goNoGo->setProjectState(s);
    if (!m_running)
        m_runView->setRecovery(s.recovery);
    Q_EMIT stateShown();
}

void MainWindow::showBusy(const QString &what)
{
    if (what.isEmpty() && m_closeWhenIdle) {
        QTimer::singleShot(0, this, &QWidget::close);
        return;
    }
    m_busyLabel->setText(what.isEmpty() ? QString() : tr("%1 …").arg(what));
    m_busyBar->setRange(0, 0); // busy until the job tells how far it is
    m_busyBar->setVisible(!what.isEmpty());
    m_busyCancel->setVisible(!what.isEmpty() && !m_running);
    m_goNoGo->setBusy(what);
}

void MainWindow::showError(const QString &what, const QString &error)
{
    // Never a modal box: a run may be under way, and the DBA must keep seeing it.
    const QColor bg = isDark() ? QColor(0x5a, 0x1e, 0x1e) : QColor(0xfd, 0xe2, 0xe2);
    QPalette p = m_banner->palette();
    p.setColor(QPalette::Window, bg);
    m_banner->setPalette(p);
    m_banner->setText(tr("<b>%1:</b> %2").arg(what.toHtmlEscaped(), error.toHtmlEscaped()));
    m_banner->show();
    statusBar()->showMessage(tr("%1 failed").arg(what), 8000);
}

void MainWindow::forwardEvents(const QList<RunEvent> &events)
{
    if (m_running)
        m_runView->addEvents(events);
    for (const RunEvent &e : events) {
        // How far a preview (or a run) is, for the status bar.
        if (e.type == RunEvent::Type::MigrationStarted && e.migrationCount > 0) {
            m_busyBar->setRange(0, e.migrationCount);
            m_busyBar->setValue(e.migrationIndex - 1);
        } else if (e.type == RunEvent::Type::Progress && e.rowsTotal > 0) {
            m_busyBar->setRange(0, 1000);
            m_busyBar->setValue(int(1000 * e.rowsDone / e.rowsTotal));
        }
        if (e.type == RunEvent::Type::CheckFinished && e.check.startsWith(u"preflight: ") && !m_running)
            m_goNoGo->addCheck(CheckLine::fromEvent(e));
        else if (e.type == RunEvent::Type::Progress && m_backingUp)
            m_goNoGo->setBackupProgress(e);
    }
}

void MainWindow::confirmRecovery(const RecoveryChoice &choice)
{
    if (choice.id != u"restore") {
        m_console->recover(choice);
        return;
    }
    // Restoring replaces the whole database: asked first (no run is under way here).
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Restore the pre-run backup"),
                                tr("%1\n\n%2\n\nRestore it over %3?").arg(choice.title, choice.detail, m_console->project().profile.displayUrl()),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("restoreConfirmation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::accepted, this, [this, choice] { m_console->recover(choice); });
    box->open();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_console->busy().isEmpty()) {
        // Closing would stop the job's threads mid-statement: cancel it properly first.
        event->ignore();
        if (m_closeWhenIdle)
            return;
        auto *box = new QMessageBox(QMessageBox::Question, tr("Close Migration Console"),
                                    tr("%1 is under way. Cancel it and close once it has stopped?").arg(m_console->busy()),
                                    QMessageBox::Yes | QMessageBox::No, this);
        box->setObjectName(QStringLiteral("closeConfirmation"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::accepted, this, [this] {
            m_closeWhenIdle = true;
            m_console->cancel();
            statusBar()->showMessage(tr("Cancelling %1; the window closes when it has stopped").arg(m_console->busy()));
        });
        box->open();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    QMainWindow::closeEvent(event);
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        // First launch: a narrow targets dock, the tabs are where the work is. Docks take their
        // size once the window is laid out, hence after the event loop's first turn.
        QTimer::singleShot(0, this, [this] {
            if (auto *dock = findChild<QDockWidget *>(QStringLiteral("targetsDock")))
                resizeDocks({dock}, {300}, Qt::Horizontal);
        });
    }
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
}

} // namespace mig::ui
