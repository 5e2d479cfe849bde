#include "SecretStore.h"

#include <QTimer>

namespace mig {

// Answers are posted, not returned at once, so callers meet the same timing as with a keychain.
void MemorySecretStore::readPassword(const QString &key, ReadDone done)
{
    SecretResult r;
    if (const auto it = m_passwords.constFind(key); it != m_passwords.cend()) {
        r.status = SecretResult::Status::Found;
        r.secret = *it;
    }
    QTimer::singleShot(0, this, [r, done = std::move(done)] { done(r); });
}

void MemorySecretStore::writePassword(const QString &key, const QString &password, WriteDone done)
{
    m_passwords.insert(key, password);
    QTimer::singleShot(0, this, [done = std::move(done)] { done(QString()); });
}

void MemorySecretStore::deletePassword(const QString &key, WriteDone done)
{
    m_passwords.remove(key);
    QTimer::singleShot(0, this, [done = std::move(done)] { done(QString()); });
}

} // namespace mig
