// The window's menus: every main action with a keyboard shortcut.
#include "MainWindow.h"

#include "Theme.h"
#include "afterrun/RunSummaryPanel.h"
#include "console/Console.h"
#include "gonogo/GoNoGoPanel.h"
#include "migrations/MigrationsView.h"
#include "run/RunView.h"

#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QSettings>
#include <QTabWidget>

namespace mig::ui {

void MainWindow::buildMenus()
{
    auto add = [this](QMenu *menu, const QString &text, const QKeySequence &key, const QString &name, auto slot) {
        QAction *a = menu->addAction(text);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setShortcutContext(Qt::ApplicationShortcut);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };

    QMenu *file = menuBar()->addMenu(tr("&File"));
    add(file, tr("&Open Migrations Folder…"), QKeySequence::Open, QStringLiteral("actionOpenFolder"), [this] { openFolderDialog(); });
    add(file, tr("&Export Report…"), QKeySequence(Qt::CTRL | Qt::Key_E), QStringLiteral("actionExport"), [this] {
        m_tabs->setCurrentWidget(m_summary);
        exportReport();
    });
    file->addSeparator();
    add(file, tr("Fresh &Demo Database"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), QStringLiteral("actionFreshDemo"),
        [this] { openFreshDemo(); });
    add(file, tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), QStringLiteral("actionQuit"), [this] { close(); });

    QMenu *run = menuBar()->addMenu(tr("&Actions"));
    // Not F5: the targets panel and the go/no-go panel use it for their own re-check.
    add(run, tr("&Refresh"), QKeySequence(Qt::CTRL | Qt::Key_R), QStringLiteral("actionRefresh"), [this] { m_console->refresh(); });
    add(run, tr("&Preview Pending Migrations"), QKeySequence(Qt::CTRL | Qt::Key_P), QStringLiteral("actionPreview"), [this] { m_console->preview(); });
    add(run, tr("Run Pre-flight &Checks"), QKeySequence(Qt::CTRL | Qt::Key_K), QStringLiteral("actionChecklist"), [this] {
        m_tabs->setCurrentWidget(m_goNoGo);
        m_console->checklist();
    });
    add(run, tr("&Back Up Now"), QKeySequence(Qt::CTRL | Qt::Key_B), QStringLiteral("actionBackup"), [this] {
        m_tabs->setCurrentWidget(m_goNoGo);
        m_console->backup(true);
    });
    add(run, tr("&Cancel Running Job"), QKeySequence(Qt::CTRL | Qt::Key_Period), QStringLiteral("actionCancel"), [this] {
        if (!m_running) // a run's cancel asks first, in the run view
            m_console->cancel();
        else
            m_tabs->setCurrentWidget(m_runView);
    });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QList<QWidget *> pages{m_migrations, m_goNoGo, m_runView, m_summary};
    for (int i = 0; i < pages.size(); ++i)
        add(view, m_tabs->tabText(i).remove(u'&'), QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)),
            QStringLiteral("actionShowTab%1").arg(i + 1), [this, page = pages[i]] { m_tabs->setCurrentWidget(page); });
    view->addSeparator();
    if (auto *dock = findChild<QDockWidget *>(QStringLiteral("targetsDock"))) {
        QAction *toggle = dock->toggleViewAction();
        toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T)); // Ctrl+T tests a target in the panel
        view->addAction(toggle);
    }
    QMenu *theme = view->addMenu(tr("&Theme"));
    auto *themes = new QActionGroup(this);
    const Theme current = themeFromName(QSettings().value(QStringLiteral("view/theme")).toString());
    for (Theme t : {Theme::System, Theme::Light, Theme::Dark}) {
        QAction *a = theme->addAction(t == Theme::System ? tr("Follow the &System") : t == Theme::Light ? tr("&Light") : tr("&Dark"));
        a->setObjectName(QStringLiteral("actionTheme_") + themeName(t));
        a->setCheckable(true);
        a->setChecked(t == current);
        themes->addAction(a);
        connect(a, &QAction::triggered, this, [t] {
            QSettings().setValue(QStringLiteral("view/theme"), themeName(t));
            applyTheme(t);
        });
    }
}

void MainWindow::openFolderDialog()
{
    auto *dialog = new QFileDialog(this, tr("Open Migrations Folder"), m_console->project().dir);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &dir) {
        Project p = m_console->project();
        p.dir = dir;
        openProject(p);
    });
    dialog->open();
}

void MainWindow::exportReport()
{
    if (m_console->lastRunId().isEmpty()) {
        showError(tr("Export"), tr("no run to report on yet in this session"));
        return;
    }
    m_summary->showRun(m_console->project().runStorePath, m_console->lastRunId());
}

} // namespace mig::ui
