#include "ProfileDialog.h"

#include "ProfileForm.h"
#include "TargetIcons.h"

#include "console/Background.h"
#include "target/ProfileStore.h"
#include "target/SecretStore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace mig::ui {

ProfileDialog::ProfileDialog(SecretStore *secrets, QWidget *parent)
    : QDialog(parent)
    , m_secrets(secrets)
    , m_form(new ProfileForm)
    , m_password(new QLineEdit)
    , m_remember(new QCheckBox(QStringLiteral("&Remember in the OS keychain")))
    , m_keychainLabel(new QLabel)
    , m_test(new QPushButton(QStringLiteral("&Test connection")))
    , m_testIcon(new QLabel)
    , m_testResult(new QLabel)
    , m_problem(new QLabel)
{
    setObjectName(QStringLiteral("profileDialog"));
    setWindowTitle(QStringLiteral("New connection profile"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(QStringLiteral("never stored outside the OS keychain"));
    m_remember->setObjectName(QStringLiteral("rememberCheck"));
    m_remember->setChecked(true);
    m_remember->setToolTip(QStringLiteral("Keep the password in the OS keychain (Secret Service). Unticked, it is used for "
                                          "this session only and nothing is written anywhere."));
    m_keychainLabel->setObjectName(QStringLiteral("keychainLabel"));
    m_keychainLabel->setWordWrap(true);
    m_keychainLabel->hide();
    m_test->setObjectName(QStringLiteral("testButton"));
    m_test->setShortcut(QKeySequence(QStringLiteral("Ctrl+T")));
    m_test->setToolTip(QStringLiteral("Connect with these settings and password, read-only (Ctrl+T)"));
    m_test->setAutoDefault(false);
    m_testIcon->setObjectName(QStringLiteral("testIcon"));
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testResult->setMinimumWidth(360);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c0392b"));

    m_form->addRow(QStringLiteral("Pass&word:"), m_password);
    m_form->addRow(QString(), m_remember);
    m_form->addRow(QString(), m_keychainLabel);

    auto *test = new QHBoxLayout;
    test->addWidget(m_test, 0, Qt::AlignTop);
    test->addWidget(m_testIcon, 0, Qt::AlignTop);
    test->addWidget(m_testResult, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setDefault(true);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_form);
    layout->addSpacing(6);
    layout->addLayout(test);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_form, &ProfileForm::changed, this, &ProfileDialog::updateState);
    connect(m_test, &QPushButton::clicked, this, &ProfileDialog::testConnection);
    connect(buttons, &QDialogButtonBox::accepted, this, &ProfileDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateState();
    resize(sizeHint().expandedTo(QSize(520, 0)));
}

ConnectionProfile ProfileDialog::profile() const
{
    return m_form->profile();
}

QString ProfileDialog::password() const
{
    return profile().engine == Dialect::Sqlite ? QString() : m_password->text();
}

void ProfileDialog::editProfile(const ConnectionProfile &profile)
{
    m_form->setProfile(profile);
    m_originalName = profile.name;
    setWindowTitle(QStringLiteral("Edit profile %1").arg(profile.name));
    m_remember->setChecked(false);
    updateState();
    if (profile.engine == Dialect::Sqlite || !m_secrets)
        return;
    showKeychain(QStringLiteral("Reading the password from the keychain…"), false);
    QPointer<ProfileDialog> self(this);
    m_secrets->readPassword(profile.name, [self, name = profile.name](const SecretResult &r) {
        if (!self)
            return;
        switch (r.status) {
        case SecretResult::Status::Found:
            self->m_heldKey = name;
            if (self->m_password->text().isEmpty()) // the user may have typed meanwhile
                self->m_password->setText(r.secret);
            self->m_remember->setChecked(true);
            self->showKeychain(QStringLiteral("Password read from the keychain."), false);
            break;
        case SecretResult::Status::NotFound:
            self->showKeychain(QStringLiteral("No password saved in the keychain for %1.").arg(name), false);
            break;
        case SecretResult::Status::Failed:
            self->showKeychain(r.error, true);
            break;
        }
    });
}

void ProfileDialog::updateState()
{
    const bool server = m_form->profile().engine != Dialect::Sqlite;
    m_password->setEnabled(server);
    m_remember->setEnabled(server && m_secrets);
    const QString problem = m_form->problem();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_save->setEnabled(problem.isEmpty() && !m_busy);
    m_test->setEnabled(m_form->problem(false).isEmpty());
}

void ProfileDialog::showKeychain(const QString &message, bool failed)
{
    m_keychainLabel->setText(message);
    m_keychainLabel->setStyleSheet(failed ? QStringLiteral("color: #c0392b") : QString());
    m_keychainLabel->show();
    fitHeight();
    if (!message.endsWith(u'…'))
        Q_EMIT keychainAnswered(message);
}

// Grows the dialog when a wrapped message needs more lines than it has room for: a top-level
// window does not follow its layout's height-for-width by itself, and the engine's error would
// be cut off.
void ProfileDialog::fitHeight()
{
    layout()->activate();
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width()) : sizeHint().height();
    if (needed > height())
        resize(width(), needed);
}

void ProfileDialog::testConnection()
{
    const ConnectionProfile p = m_form->profile();
    const QString pw = password();
    const int token = ++m_testToken;
    m_testIcon->setPixmap(stateIcon(StateIcon::Busy).pixmap(16));
    m_testIcon->setToolTip(QStringLiteral("Testing"));
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(QStringLiteral("Connecting to %1…").arg(p.displayUrl()));
    runInBackground(this, [p, pw] { return mig::testConnection(p, pw); }, [this, token, p](const ConnectionCheck &c) {
        if (token == m_testToken)
            showTest(c, p);
    });
}

void ProfileDialog::showTest(const ConnectionCheck &check, const ConnectionProfile &profile)
{
    const QString summary = check.summary(profile);
    const StateIcon icon = check.ok() ? StateIcon::Good : check.problem == ConnectionCheck::Problem::WrongPassword ? StateIcon::Locked
                                                                                                                   : StateIcon::Bad;
    m_testIcon->setPixmap(stateIcon(icon).pixmap(16));
    switch (check.problem) {
    case ConnectionCheck::Problem::None: m_testIcon->setToolTip(QStringLiteral("Connected")); break;
    case ConnectionCheck::Problem::WrongPassword: m_testIcon->setToolTip(QStringLiteral("Wrong user name or password")); break;
    case ConnectionCheck::Problem::Unreachable: m_testIcon->setToolTip(QStringLiteral("The server cannot be reached")); break;
    case ConnectionCheck::Problem::NoSuchDatabase: m_testIcon->setToolTip(QStringLiteral("No such database")); break;
    case ConnectionCheck::Problem::Tls: m_testIcon->setToolTip(QStringLiteral("TLS failed: the server's certificate was refused")); break;
    case ConnectionCheck::Problem::Other: m_testIcon->setToolTip(QStringLiteral("Connection failed")); break;
    }
    m_testResult->setText(summary);
    m_testResult->setStyleSheet(check.ok() ? QString() : QStringLiteral("color: #c0392b"));
    fitHeight();
    Q_EMIT connectionTested(check.ok(), summary);
}

void ProfileDialog::save()
{
    if (m_busy)
        return;
    if (const QString p = m_form->problem(); !p.isEmpty()) {
        updateState();
        return;
    }
    const ConnectionProfile p = m_form->profile();
    ProfileStore store;
    if (p.name != m_originalName && store.names().contains(p.name)) {
        m_problem->setText(QStringLiteral("A profile named %1 exists already: choose another name.").arg(p.name));
        m_problem->show();
        return;
    }
    store.save(p); // never the password: ProfileStore has no field for it
    if (!m_originalName.isEmpty() && m_originalName != p.name)
        store.remove(m_originalName);
    m_originalName = p.name;
    Q_EMIT saved(p);
    if (p.engine == Dialect::Sqlite || !m_secrets) {
        accept();
        return;
    }
    storePassword(p);
}

void ProfileDialog::storePassword(const ConnectionProfile &profile)
{
    const QString pw = m_password->text();
    const bool remember = m_remember->isChecked() && !pw.isEmpty();
    if (!remember && m_heldKey.isEmpty()) {
        accept(); // nothing to keep and nothing kept: the keychain is not touched
        return;
    }
    m_busy = true;
    updateState();
    QPointer<ProfileDialog> self(this);
    QPointer<SecretStore> secrets = m_secrets;
    if (remember) {
        showKeychain(QStringLiteral("Saving the password in the keychain…"), false);
        m_secrets->writePassword(profile.name, pw, [self, secrets, name = profile.name](const QString &error) {
            if (!self)
                return;
            self->m_busy = false;
            self->updateState();
            if (!error.isEmpty()) {
                self->showKeychain(QStringLiteral("The profile was saved, but not its password: %1. Nothing was written in plain "
                                                  "text; untick \"Remember\" to use the password for this session only.")
                                       .arg(error),
                                   true);
                return;
            }
            // A renamed profile's old entry would otherwise stay behind in the keychain.
            if (!self->m_heldKey.isEmpty() && self->m_heldKey != name && secrets)
                secrets->deletePassword(self->m_heldKey, [](const QString &) {});
            self->m_heldKey = name;
            self->showKeychain(QStringLiteral("Password saved in the keychain."), false);
            self->accept();
        });
        return;
    }
    // "Remember" unticked on a profile whose password the keychain holds: take it out.
    showKeychain(QStringLiteral("Removing the password from the keychain…"), false);
    m_secrets->deletePassword(m_heldKey, [self](const QString &error) {
        if (!self)
            return;
        self->m_busy = false;
        self->updateState();
        if (!error.isEmpty()) {
            self->showKeychain(QStringLiteral("The profile was saved, but its old password is still in the keychain: %1").arg(error), true);
            return;
        }
        self->m_heldKey.clear();
        self->showKeychain(QStringLiteral("Password removed from the keychain."), false);
        self->accept();
    });
}

} // namespace mig::ui
