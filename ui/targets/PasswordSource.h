#pragma once

#include "target/ConnectionProfile.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>
#include <optional>

class QWidget;

namespace mig {
class SecretStore;
}

namespace mig::ui {

// Where the console gets a profile's password when a job needs one: SQLite needs none; then the
// OS keychain; when the keychain has none or cannot answer, the user is asked with a small
// non-blocking prompt (objectName "passwordPrompt") that says why, and the answer is kept in
// memory for this session only — never written anywhere.
class PasswordSource : public QObject
{
    Q_OBJECT
public:
    // password: unset when the user cancelled the prompt. why: where the password came from, or
    // why the user had to be asked ("no password saved for profile X").
    using Done = std::function<void(std::optional<QString> password, QString why)>;

    // `parent` is also the prompts' parent window.
    explicit PasswordSource(SecretStore *secrets, QWidget *parent = nullptr);

    // Answers later (never inside the call for server engines), on the GUI thread. Asks for one
    // profile at a time: further requests for the same profile wait for that answer, requests
    // for others wait their turn.
    void passwordFor(const ConnectionProfile &profile, Done done);

    // Keeps a password the user typed elsewhere (the profile editor) for this session.
    void remember(const QString &profileName, const QString &password);
    // Drops a session password (after the server rejected it).
    void forget(const QString &profileName);

private:
    struct Request {
        ConnectionProfile profile;
        QString why;
    };
    static QString keyOf(const ConnectionProfile &profile);
    void finish(const QString &key, const std::optional<QString> &password, const QString &why);
    void promptNext();

    QPointer<SecretStore> m_secrets;
    QPointer<QWidget> m_window;
    QHash<QString, QString> m_session;          // typed passwords, this session only
    QHash<QString, QList<Done>> m_waiting;      // key -> callers waiting for its answer
    QList<Request> m_prompts;                   // prompts not yet shown, in order
    bool m_prompting = false;
};

} // namespace mig::ui
