#pragma once

#include "target/ConnectionCheck.h"
#include "target/ConnectionProfile.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace mig {
class SecretStore;
}

namespace mig::ui {

class ProfileForm;

// The profile editor (objectName "profileDialog"; show it with open(), never exec()). Saving
// writes the profile with ProfileStore — never the password — and, when "remember" is ticked,
// the password to the injected SecretStore, asynchronously. A keychain failure is shown here and
// keeps the dialog open; nothing is ever written in plain text instead. "Test connection" runs
// on a worker thread and shows the server version and timings, or the engine's error.
class ProfileDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ProfileDialog(SecretStore *secrets, QWidget *parent = nullptr);

    // Edits a saved profile: its fields, and its password read from the keychain (the only
    // place a password is ever pre-filled from). Without a call, the dialog makes a new profile.
    void editProfile(const ConnectionProfile &profile);

    ConnectionProfile profile() const;
    QString password() const; // as typed or read from the keychain; for this session's jobs

Q_SIGNALS:
    // The profile was written to the ProfileStore (its password may still be on its way to the
    // keychain; the dialog closes once the keychain has it).
    void saved(const mig::ConnectionProfile &profile);
    // A "test connection" finished: ok, and the line shown.
    void connectionTested(bool ok, const QString &summary);
    // The keychain answered a read, write or delete; the line shown under the password.
    void keychainAnswered(const QString &message);

private:
    void updateState();
    void testConnection();
    void save();
    void storePassword(const ConnectionProfile &profile);
    void showKeychain(const QString &message, bool failed);
    void showTest(const ConnectionCheck &check, const ConnectionProfile &profile);
    void fitHeight();

    QPointer<SecretStore> m_secrets;
    ProfileForm *m_form;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_keychainLabel;
    QPushButton *m_test;
    QLabel *m_testIcon;
    QLabel *m_testResult;
    QLabel *m_problem;
    QPushButton *m_save;
    QString m_originalName;      // the saved profile being edited; empty for a new one
    QString m_heldKey;           // the key the keychain holds a password under; empty: none known
    bool m_busy = false;         // a keychain write is under way
    int m_testToken = 0;         // answers to older tests are dropped
};

} // namespace mig::ui
