#include "SecretStore.h"

#include <qt6keychain/keychain.h>

namespace mig {

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
{
}

// Each call starts a job that deletes itself; the callback continues in its finished signal.
void KeychainSecretStore::readPassword(const QString &key, ReadDone done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *j) {
        SecretResult r;
        if (j->error() == QKeychain::NoError) {
            r.status = SecretResult::Status::Found;
            r.secret = static_cast<QKeychain::ReadPasswordJob *>(j)->textData();
        } else if (j->error() == QKeychain::EntryNotFound) {
            r.status = SecretResult::Status::NotFound;
        } else {
            r.status = SecretResult::Status::Failed;
            r.error = QStringLiteral("the OS keychain is not available: %1").arg(j->errorString());
        }
        done(r);
    });
    job->start();
}

void KeychainSecretStore::writePassword(const QString &key, const QString &password, WriteDone done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError ? QString()
                                              : QStringLiteral("could not store the password in the OS keychain: %1").arg(j->errorString()));
    });
    job->start();
}

void KeychainSecretStore::deletePassword(const QString &key, WriteDone done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *j) {
        // Deleting what is not there leaves the keychain as wanted.
        const bool ok = j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound;
        done(ok ? QString() : QStringLiteral("could not delete the password from the OS keychain: %1").arg(j->errorString()));
    });
    job->start();
}

} // namespace mig
