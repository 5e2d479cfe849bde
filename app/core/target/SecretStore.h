#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <functional>

namespace mig {

// The answer to a secret lookup.
struct SecretResult {
    enum class Status { Found, NotFound, Failed };
    Status status = Status::NotFound;
    QString secret; // only when Found
    QString error;  // only when Failed: why the store could not answer (no keychain, locked, ...)
};

// Where passwords live: the OS keychain in the product, memory in tests. Never settings, logs or
// the run store. Asynchronous because keychains are (and may ask the user): the callback runs
// later on the caller's thread, never inside a nested event loop. Keys are profile names.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    using ReadDone = std::function<void(const SecretResult &)>;
    using WriteDone = std::function<void(const QString &error)>; // empty error: done

    using QObject::QObject;

    virtual void readPassword(const QString &key, ReadDone done) = 0;
    virtual void writePassword(const QString &key, const QString &password, WriteDone done) = 0;
    virtual void deletePassword(const QString &key, WriteDone done) = 0;
};

// Keeps passwords in memory for the life of the object: tests, and sessions where the DBA typed
// the password because no keychain is available.
class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
public:
    using SecretStore::SecretStore;

    void readPassword(const QString &key, ReadDone done) override;
    void writePassword(const QString &key, const QString &password, WriteDone done) override;
    void deletePassword(const QString &key, WriteDone done) override;

private:
    QHash<QString, QString> m_passwords;
};

// The OS keychain through QtKeychain (Secret Service on Linux). Nothing is ever written in plain
// text as a fallback: without a keychain, calls fail and say why.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    explicit KeychainSecretStore(const QString &service = QStringLiteral("migration-console"), QObject *parent = nullptr);

    void readPassword(const QString &key, ReadDone done) override;
    void writePassword(const QString &key, const QString &password, WriteDone done) override;
    void deletePassword(const QString &key, WriteDone done) override;

private:
    QString m_service;
};

} // namespace mig
