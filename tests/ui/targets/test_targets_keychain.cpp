// The profile editor with the REAL Secret Service (gnome-keyring on a private D-Bus, started by
// tests/servers/with-keyring.sh): the password goes into the keychain, comes back from it when
// the profile is edited and when a job needs it, and leaves it when "remember" is unticked.
// Without a Secret Service, the dialog and the prompt say so, and nothing is written instead.
#include "TargetsTestSupport.h"

#include "targets/PasswordSource.h"

using namespace targetstest;
using mig::ui::PasswordSource;
using mig::ui::ProfileDialog;

namespace {

const QString Password = QStringLiteral("kéychain-only; pw");

Fields stagingFields()
{
    return serverFields(QStringLiteral("PostgreSQL"), QStringLiteral("keyring-staging"), QStringLiteral("db.example.org"),
                        QStringLiteral("shop"), QStringLiteral("deploy"), Password);
}

} // namespace

TEST(ProfileDialogKeychain, ThePasswordLivesInTheRealSecretService)
{
    ASSERT_EQ(qgetenv("MIG_TEST_KEYRING"), QByteArray("1")) << "run through CTest (tests/servers/with-keyring.sh)";
    IsolatedSettings settings;
    KeychainSecretStore keychain;
    const QString name = stagingFields().name;

    auto *dialog = new ProfileDialog(&keychain);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<ProfileDialog> alive(dialog);
    dialog->open();
    ASSERT_NO_FATAL_FAILURE(fill(dialog, stagingFields()));
    click(child<QPushButton>(dialog, "saveButton"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return alive.isNull(); }, 20000))
        << "the dialog did not close: " << (alive ? s(child<QLabel>(alive, "keychainLabel")->text()) : std::string());

    // Another store object reads it back from the Secret Service itself.
    KeychainSecretStore other;
    const SecretResult r = readSecret(other, name);
    ASSERT_EQ(r.status, SecretResult::Status::Found) << s(r.error);
    EXPECT_EQ(r.secret, Password);
    EXPECT_FALSE(settings.everything().contains(Password.toUtf8()));
    EXPECT_TRUE(settings.everything().contains("db.example.org"));

    // Editing: the field is filled from the keychain.
    auto *edit = new ProfileDialog(&keychain);
    edit->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<ProfileDialog> editAlive(edit);
    std::optional<QString> keychainSays;
    QObject::connect(edit, &ProfileDialog::keychainAnswered, [&](const QString &m) { keychainSays = m; });
    edit->editProfile(*ProfileStore().load(name));
    edit->open();
    ASSERT_TRUE(QTest::qWaitFor([&] { return keychainSays.has_value(); }, 20000));
    EXPECT_EQ(*keychainSays, QStringLiteral("Password read from the keychain."));
    EXPECT_EQ(child<QLineEdit>(edit, "passwordEdit")->text(), Password);
    saveScreenshot(edit, QStringLiteral("targets-profile-dialog-keychain"));

    // A job's password comes from there too, without a prompt.
    PasswordSource source(&keychain);
    std::optional<std::optional<QString>> got;
    source.passwordFor(*ProfileStore().load(name), [&](std::optional<QString> pw, const QString &) { got = pw; });
    ASSERT_TRUE(QTest::qWaitFor([&] { return got.has_value(); }, 20000));
    EXPECT_EQ(got->value_or(QString()), Password);

    // Unticking "remember" takes it out of the keychain.
    click(child<QCheckBox>(edit, "rememberCheck"));
    click(child<QPushButton>(edit, "saveButton"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return editAlive.isNull(); }, 20000));
    EXPECT_EQ(readSecret(other, name).status, SecretResult::Status::NotFound);
}

TEST(ProfileDialogKeychain, WithoutASecretServiceTheDialogSaysSo)
{
    ASSERT_NE(qgetenv("MIG_TEST_KEYRING"), QByteArray("1")) << "this test needs a session without a keychain";
    IsolatedSettings settings;
    KeychainSecretStore keychain;
    ProfileDialog dialog(&keychain);
    dialog.open();
    ASSERT_NO_FATAL_FAILURE(fill(&dialog, stagingFields()));
    std::optional<QString> keychainSays;
    QObject::connect(&dialog, &ProfileDialog::keychainAnswered, [&](const QString &m) { keychainSays = m; });
    click(child<QPushButton>(&dialog, "saveButton"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return keychainSays.has_value(); }, 30000)) << "the keychain never answered";
    EXPECT_TRUE(dialog.isVisible());
    EXPECT_TRUE(keychainSays->startsWith(u"The profile was saved, but not its password: could not store the password in the OS keychain: "))
        << s(*keychainSays);
    EXPECT_FALSE(settings.everything().contains(Password.toUtf8()));

    PasswordSource source(&keychain);
    source.passwordFor(*ProfileStore().load(stagingFields().name), [](std::optional<QString>, const QString &) {});
    auto *prompt = waitForWindow<QInputDialog>("passwordPrompt", 30000);
    ASSERT_NE(prompt, nullptr);
    EXPECT_TRUE(prompt->labelText().startsWith(u"No keychain available: the OS keychain is not available: ")) << s(prompt->labelText());
    prompt->reject();
}
