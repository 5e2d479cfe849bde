// Password storage: in memory for tests and typed-in sessions, and in a real Secret Service
// (gnome-keyring on a private bus, started by tests/servers/with-keyring.sh).
#include "target/SecretStore.h"

#include <QTest>
#include <gtest/gtest.h>

using namespace mig;

namespace {

SecretResult read(SecretStore &store, const QString &key)
{
    std::optional<SecretResult> got;
    store.readPassword(key, [&](const SecretResult &r) { got = r; });
    EXPECT_FALSE(got.has_value()) << "the answer must come later, not inside the call";
    EXPECT_TRUE(QTest::qWaitFor([&] { return got.has_value(); }, 20000)) << "no answer from the store";
    return got.value_or(SecretResult{SecretResult::Status::Failed, {}, QStringLiteral("timeout")});
}

QString write(SecretStore &store, const QString &key, const QString &password)
{
    std::optional<QString> error;
    store.writePassword(key, password, [&](const QString &e) { error = e; });
    EXPECT_TRUE(QTest::qWaitFor([&] { return error.has_value(); }, 20000)) << "no answer from the store";
    return error.value_or(QStringLiteral("timeout"));
}

QString remove(SecretStore &store, const QString &key)
{
    std::optional<QString> error;
    store.deletePassword(key, [&](const QString &e) { error = e; });
    EXPECT_TRUE(QTest::qWaitFor([&] { return error.has_value(); }, 20000)) << "no answer from the store";
    return error.value_or(QStringLiteral("timeout"));
}

void roundTrip(SecretStore &store)
{
    const QString key = QStringLiteral("test-profile-%1").arg(QCoreApplication::applicationPid());
    EXPECT_EQ(read(store, key).status, SecretResult::Status::NotFound);
    EXPECT_EQ(write(store, key, QStringLiteral("pä$$ wörd;")), QString());
    const SecretResult found = read(store, key);
    EXPECT_EQ(found.status, SecretResult::Status::Found) << found.error.toStdString();
    EXPECT_EQ(found.secret, QStringLiteral("pä$$ wörd;"));
    EXPECT_EQ(write(store, key, QStringLiteral("rotated")), QString());
    EXPECT_EQ(read(store, key).secret, QStringLiteral("rotated"));
    EXPECT_EQ(remove(store, key), QString());
    EXPECT_EQ(read(store, key).status, SecretResult::Status::NotFound);
    EXPECT_EQ(remove(store, key), QString()); // deleting what is gone is fine
}

} // namespace

TEST(MemorySecretStore, RoundTrip)
{
    MemorySecretStore store;
    roundTrip(store);
}

TEST(KeychainSecretStore, RoundTripInTheRealSecretService)
{
    ASSERT_EQ(qgetenv("MIG_TEST_KEYRING"), QByteArray("1"))
        << "run through CTest (tests/servers/with-keyring.sh provides the Secret Service)";
    KeychainSecretStore store(QStringLiteral("migration-console-tests"));
    roundTrip(store);
}

TEST(KeychainSecretStore, WithoutASecretServiceItFailsClearly)
{
    ASSERT_NE(qgetenv("MIG_TEST_KEYRING"), QByteArray("1")) << "this test needs a session without a keychain";
    KeychainSecretStore store(QStringLiteral("migration-console-tests"));
    const SecretResult r = read(store, QStringLiteral("anything"));
    EXPECT_EQ(r.status, SecretResult::Status::Failed);
    EXPECT_TRUE(r.error.startsWith(u"the OS keychain is not available")) << r.error.toStdString();
    EXPECT_FALSE(write(store, QStringLiteral("anything"), QStringLiteral("secret")).isEmpty());
}
