#pragma once

#include "source/Format.h"
#include "target/ConnectionProfile.h"

#include <QPointer>
#include <QWidget>
#include <optional>

class QAction;
class QLabel;
class QTableView;

namespace mig {
class SecretStore;
}

namespace mig::ui {

class PasswordSource;
class ProfileDialog;
class TargetListModel;

// The saved profiles (ProfileStore) as a list (objectName "targetList"): for each, against the
// open migrations folder, whether it is reachable, its server version, current version, pending
// count, drift, dirty migrations and who holds its run lock — read on worker threads, each state
// with an icon and a tooltip. Actions: New (Ctrl+Shift+N), Edit (F2), Delete (Del, asks), Test
// (Ctrl+T), Refresh (F5), Open (Enter, double-click).
class TargetsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TargetsPanel(SecretStore *secrets, QWidget *parent = nullptr);

    void setFolder(const QString &dir, std::optional<Format> format);
    void setRunStorePath(const QString &path); // RunStore::defaultPath() until set
    // Reloads the profiles and reads every target's state again; statusesShown() when all are in.
    void refresh();
    // Marks the profile the console has open.
    void setCurrent(const QString &profileName);

    // Where this panel gets passwords; the console may share it so the user is asked once.
    PasswordSource *passwordSource() const { return m_passwords; }

Q_SIGNALS:
    void openRequested(const mig::ConnectionProfile &profile);
    void profilesChanged();
    void statusesShown(); // a refresh's results are all shown

private:
    void reloadProfiles();
    void check(const ConnectionProfile &profile, int generation);
    void checked(int generation);
    std::optional<ConnectionProfile> selected() const;
    void newProfile();
    void editProfile();
    void deleteProfile();
    void testProfile();
    void openProfile();
    ProfileDialog *makeDialog();
    void updateActions();
    void showMessage(const QString &text, bool failed);

    QPointer<SecretStore> m_secrets;
    PasswordSource *m_passwords;
    TargetListModel *m_model;
    QTableView *m_table;
    QLabel *m_status;
    QLabel *m_message;
    QAction *m_new, *m_edit, *m_delete, *m_test, *m_refresh, *m_open;
    QString m_dir;
    std::optional<Format> m_format;
    QString m_runStorePath;
    QString m_current;
    int m_generation = 0;  // answers to an older refresh are dropped
    int m_outstanding = 0; // targets of the current refresh not shown yet
};

} // namespace mig::ui
