#include "TargetsPanel.h"

#include "PasswordSource.h"
#include "ProfileDialog.h"
#include "TargetListModel.h"
#include "TargetSummary.h"

#include "console/Background.h"
#include "store/RunStore.h"
#include "target/ConnectionCheck.h"
#include "target/ProfileStore.h"
#include "target/SecretStore.h"

#include <QAction>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QTableView>
#include <QTime>
#include <QToolBar>
#include <QVBoxLayout>

namespace mig::ui {

TargetsPanel::TargetsPanel(SecretStore *secrets, QWidget *parent)
    : QWidget(parent)
    , m_secrets(secrets)
    , m_passwords(new PasswordSource(secrets, this))
    , m_model(new TargetListModel(this))
    , m_table(new QTableView)
    , m_status(new QLabel)
    , m_message(new QLabel)
    , m_runStorePath(RunStore::defaultPath())
{
    setObjectName(QStringLiteral("targetsPanel"));
    m_table->setObjectName(QStringLiteral("targetList"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(TargetListModel::Target, QHeaderView::Interactive);
    m_table->setColumnWidth(TargetListModel::Target, 260);
    m_status->setObjectName(QStringLiteral("targetsStatus"));
    m_message->setObjectName(QStringLiteral("targetsMessage"));
    m_message->setWordWrap(true);
    m_status->setWordWrap(true); // a long folder path must not make the dock wide
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    const auto action = [this](const char *name, const QString &text, const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(text, this);
        a->setObjectName(QLatin1String(name));
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setToolTip(key.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        addAction(a);
        return a;
    };
    m_new = action("newAction", QStringLiteral("New"), QKeySequence(QStringLiteral("Ctrl+Shift+N")), QStringLiteral("New connection profile"));
    m_edit = action("editAction", QStringLiteral("Edit"), QKeySequence(Qt::Key_F2), QStringLiteral("Edit the selected profile"));
    m_delete = action("deleteAction", QStringLiteral("Delete"), QKeySequence(QKeySequence::Delete), QStringLiteral("Delete the selected profile (asks first)"));
    m_test = action("testAction", QStringLiteral("Test"), QKeySequence(QStringLiteral("Ctrl+T")), QStringLiteral("Test the selected profile's connection"));
    m_refresh = action("refreshAction", QStringLiteral("Refresh"), QKeySequence(Qt::Key_F5), QStringLiteral("Check every target again"));
    // Enter and double-click come through the list's activated signal.
    m_open = action("openAction", QStringLiteral("Open"), QKeySequence(), QStringLiteral("Open the selected target in the console (Enter, double-click)"));

    auto *bar = new QToolBar;
    bar->setObjectName(QStringLiteral("targetsToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (QAction *a : {m_new, m_edit, m_delete, m_test, m_refresh, m_open})
        bar->addAction(a);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);
    layout->addWidget(m_status);

    connect(m_new, &QAction::triggered, this, &TargetsPanel::newProfile);
    connect(m_edit, &QAction::triggered, this, &TargetsPanel::editProfile);
    connect(m_delete, &QAction::triggered, this, &TargetsPanel::deleteProfile);
    connect(m_test, &QAction::triggered, this, &TargetsPanel::testProfile);
    connect(m_refresh, &QAction::triggered, this, &TargetsPanel::refresh);
    connect(m_open, &QAction::triggered, this, &TargetsPanel::openProfile);
    connect(m_table, &QAbstractItemView::activated, this, &TargetsPanel::openProfile);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TargetsPanel::updateActions);
    reloadProfiles();
}

void TargetsPanel::setFolder(const QString &dir, std::optional<Format> format)
{
    m_dir = dir;
    m_format = format;
}

void TargetsPanel::setRunStorePath(const QString &path)
{
    m_runStorePath = path;
}

void TargetsPanel::setCurrent(const QString &profileName)
{
    m_current = profileName;
    m_model->setCurrent(profileName);
}

void TargetsPanel::reloadProfiles()
{
    const QString keep = selected() ? selected()->name : QString();
    ProfileStore store;
    QList<ConnectionProfile> profiles;
    for (const QString &name : store.names())
        if (const auto p = store.load(name))
            profiles << *p;
    m_model->setProfiles(profiles);
    m_model->setCurrent(m_current);
    const int row = m_model->rowOf(keep);
    if (m_model->rowCount() > 0)
        m_table->setCurrentIndex(m_model->index(row >= 0 ? row : 0, 0)); // selects the row too
    m_status->setText(profiles.isEmpty() ? QStringLiteral("No saved profiles: New (Ctrl+Shift+N) adds one.")
                                         : QStringLiteral("%1 profile(s), not checked yet").arg(profiles.size()));
    updateActions();
}

void TargetsPanel::refresh()
{
    const int generation = ++m_generation;
    reloadProfiles();
    m_outstanding = m_model->rowCount();
    if (m_outstanding == 0) {
        Q_EMIT statusesShown();
        return;
    }
    m_status->setText(QStringLiteral("Checking %1 target(s)…").arg(m_outstanding));
    for (int row = 0; row < m_model->rowCount(); ++row)
        check(m_model->profileAt(row), generation);
}

void TargetsPanel::check(const ConnectionProfile &profile, int generation)
{
    m_model->setChecking(profile.name);
    m_passwords->passwordFor(profile, [this, profile, generation](std::optional<QString> password, const QString &why) {
        if (generation != m_generation)
            return;
        if (!password) {
            m_model->setNoPassword(profile.name, why);
            checked(generation);
            return;
        }
        const QString dir = m_dir;
        const std::optional<Format> format = m_format;
        const QString store = m_runStorePath;
        runInBackground(
            this, [profile, pw = *password, dir, format, store] { return summarizeTarget(profile, pw, dir, format, store); },
            [this, name = profile.name, generation](const TargetSummary &summary) {
                if (generation != m_generation)
                    return;
                // A rejected password must not be offered again: the next refresh asks.
                if (summary.passwordRejected)
                    m_passwords->forget(name);
                m_model->setSummary(name, summary);
                checked(generation);
            });
    });
}

void TargetsPanel::checked(int generation)
{
    if (generation != m_generation || --m_outstanding > 0)
        return;
    const QString against = m_dir.isEmpty() ? QStringLiteral("no migrations folder open")
                                            : QStringLiteral("against %1").arg(QDir::toNativeSeparators(m_dir));
    m_status->setText(QStringLiteral("%1 profile(s) checked at %2, %3")
                          .arg(m_model->rowCount())
                          .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), against));
    Q_EMIT statusesShown();
}

std::optional<ConnectionProfile> TargetsPanel::selected() const
{
    const QModelIndex i = m_table->currentIndex();
    if (!i.isValid() || i.row() >= m_model->rowCount())
        return std::nullopt;
    return m_model->profileAt(i.row());
}

void TargetsPanel::updateActions()
{
    const bool any = m_model->rowCount() > 0;
    for (QAction *a : {m_edit, m_delete, m_test, m_open})
        a->setEnabled(any);
}

void TargetsPanel::showMessage(const QString &text, bool failed)
{
    m_message->setText(text);
    m_message->setStyleSheet(failed ? QStringLiteral("color: #c0392b") : QString());
    m_message->setVisible(!text.isEmpty());
}

ProfileDialog *TargetsPanel::makeDialog()
{
    auto *dialog = new ProfileDialog(m_secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ProfileDialog::saved, this, [this, dialog](const ConnectionProfile &p) {
        // A password typed in the editor serves this session's checks, kept or not.
        if (!dialog->password().isEmpty())
            m_passwords->remember(p.name, dialog->password());
        else
            m_passwords->forget(p.name);
        Q_EMIT profilesChanged();
        refresh();
    });
    return dialog;
}

void TargetsPanel::newProfile()
{
    makeDialog()->open();
}

void TargetsPanel::editProfile()
{
    const auto p = selected();
    if (!p)
        return;
    ProfileDialog *dialog = makeDialog();
    dialog->editProfile(*p);
    dialog->open();
}

void TargetsPanel::deleteProfile()
{
    const auto p = selected();
    if (!p)
        return;
    auto *box = new QMessageBox(QMessageBox::Question, QStringLiteral("Delete profile"),
                                QStringLiteral("Delete the profile %1 (%2) and its password in the keychain?\n"
                                               "The database itself is not touched.")
                                    .arg(p->name, p->displayUrl()),
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("deleteConfirm"));
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, name = p->name, engine = p->engine] {
        if (box->clickedButton() != box->button(QMessageBox::Yes))
            return;
        ProfileStore().remove(name);
        m_passwords->forget(name);
        showMessage(QStringLiteral("Profile %1 deleted.").arg(name), false);
        if (engine != Dialect::Sqlite && m_secrets) {
            QPointer<TargetsPanel> self(this);
            m_secrets->deletePassword(name, [self, name](const QString &error) {
                if (self && !error.isEmpty())
                    self->showMessage(QStringLiteral("Profile %1 deleted, but its password may still be in the keychain: %2").arg(name, error), true);
            });
        }
        Q_EMIT profilesChanged();
        refresh();
    });
    box->open();
}

void TargetsPanel::testProfile()
{
    const auto p = selected();
    if (!p)
        return;
    showMessage(QStringLiteral("Testing %1…").arg(p->name), false);
    m_passwords->passwordFor(*p, [this, profile = *p](std::optional<QString> password, const QString &why) {
        if (!password) {
            showMessage(QStringLiteral("%1 not tested: no password (%2)").arg(profile.name, why), true);
            return;
        }
        runInBackground(this, [profile, pw = *password] { return testConnection(profile, pw); },
                        [this, profile](const ConnectionCheck &c) {
                            showMessage(QStringLiteral("%1: %2").arg(profile.name, c.summary(profile)), !c.ok());
                        });
    });
}

void TargetsPanel::openProfile()
{
    if (const auto p = selected())
        Q_EMIT openRequested(*p);
}

} // namespace mig::ui
