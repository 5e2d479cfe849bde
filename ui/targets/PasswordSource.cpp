#include "PasswordSource.h"

#include "target/SecretStore.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QWidget>

namespace mig::ui {

PasswordSource::PasswordSource(SecretStore *secrets, QWidget *parent)
    : QObject(parent)
    , m_secrets(secrets)
    , m_window(parent)
{
}

QString PasswordSource::keyOf(const ConnectionProfile &profile)
{
    // A target opened from a URL has no name: its user and store key say which password it is.
    return profile.name.isEmpty() ? profile.user + u'@' + profile.storeKey() : profile.name;
}

void PasswordSource::remember(const QString &profileName, const QString &password)
{
    m_session.insert(profileName, password);
}

void PasswordSource::forget(const QString &profileName)
{
    m_session.remove(profileName);
}

void PasswordSource::passwordFor(const ConnectionProfile &profile, Done done)
{
    if (profile.engine == Dialect::Sqlite) {
        done(QString(), QStringLiteral("SQLite needs no password"));
        return;
    }
    const QString key = keyOf(profile);
    if (const auto it = m_session.constFind(key); it != m_session.cend()) {
        done(*it, QStringLiteral("typed earlier in this session"));
        return;
    }
    QList<Done> &waiting = m_waiting[key];
    waiting << std::move(done);
    if (waiting.size() > 1)
        return; // a lookup or a prompt for this profile is under way: its answer serves all
    if (profile.name.isEmpty() || !m_secrets) {
        m_prompts << Request{profile, profile.name.isEmpty() ? QStringLiteral("the target is not a saved profile, so no password is saved for it")
                                                             : QStringLiteral("no keychain is configured")};
        promptNext();
        return;
    }
    QPointer<PasswordSource> self(this);
    m_secrets->readPassword(profile.name, [self, profile, key](const SecretResult &r) {
        if (!self)
            return;
        switch (r.status) {
        case SecretResult::Status::Found:
            self->finish(key, r.secret, QStringLiteral("from the keychain"));
            return;
        case SecretResult::Status::NotFound:
            self->m_prompts << Request{profile, QStringLiteral("no password saved for profile %1").arg(profile.name)};
            break;
        case SecretResult::Status::Failed:
            self->m_prompts << Request{profile, QStringLiteral("no keychain available: %1").arg(r.error)};
            break;
        }
        self->promptNext();
    });
}

void PasswordSource::finish(const QString &key, const std::optional<QString> &password, const QString &why)
{
    const QList<Done> waiting = m_waiting.take(key);
    for (const Done &d : waiting)
        d(password, why);
}

void PasswordSource::promptNext()
{
    if (m_prompting || m_prompts.isEmpty())
        return;
    const Request request = m_prompts.takeFirst();
    m_prompting = true;
    const ConnectionProfile &p = request.profile;
    auto *prompt = new QInputDialog(m_window);
    prompt->setObjectName(QStringLiteral("passwordPrompt"));
    prompt->setAttribute(Qt::WA_DeleteOnClose);
    prompt->setWindowTitle(QStringLiteral("Password for %1").arg(p.name.isEmpty() ? p.displayUrl() : p.name));
    prompt->setInputMode(QInputDialog::TextInput);
    prompt->setTextEchoMode(QLineEdit::Password);
    prompt->setLabelText(QStringLiteral("%1.\n\nPassword of %2 on %3 (kept in memory for this session only):")
                             .arg(request.why.left(1).toUpper() + request.why.mid(1), p.user.isEmpty() ? QStringLiteral("the default user") : p.user,
                                  p.displayUrl()));
    const QString key = keyOf(p);
    const QString why = request.why;
    connect(prompt, &QDialog::finished, this, [this, prompt, key, why](int result) {
        m_prompting = false;
        if (result == QDialog::Accepted) {
            const QString typed = prompt->textValue();
            m_session.insert(key, typed);
            finish(key, typed, why);
        } else {
            finish(key, std::nullopt, why);
        }
        promptNext();
    });
    prompt->open();
}

} // namespace mig::ui
