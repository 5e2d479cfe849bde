// Where a job's password comes from: nothing for SQLite, the keychain when it has one, else the
// user, asked with a small non-blocking prompt that says why; typed answers last the session.
#include "TargetsTestSupport.h"

#include "targets/PasswordSource.h"

#include <QDialogButtonBox>

using namespace targetstest;
using mig::ui::PasswordSource;

namespace {

struct Answer {
    std::optional<QString> password;
    QString why;
};

ConnectionProfile serverProfile(const QString &name)
{
    ConnectionProfile p;
    p.name = name;
    p.engine = Dialect::Postgres;
    p.host = QStringLiteral("db.internal");
    p.database = QStringLiteral("app");
    p.user = QStringLiteral("deploy");
    return p;
}

// A callback that keeps the answer in `got`.
PasswordSource::Done into(std::optional<Answer> &got)
{
    return [&got](std::optional<QString> pw, const QString &why) { got = Answer{pw, why}; };
}

// Asks; with expectAtOnce, the answer must be there when the call returns.
std::optional<Answer> ask(PasswordSource &source, const ConnectionProfile &p, bool expectAtOnce = false)
{
    std::optional<Answer> got;
    source.passwordFor(p, into(got));
    if (expectAtOnce) {
        EXPECT_TRUE(got.has_value()) << "expected an answer at once";
    }
    return got;
}

QInputDialog *prompt()
{
    return waitForWindow<QInputDialog>("passwordPrompt");
}

// Asks for profile "prod" (the answer lands in `got`) and returns the prompt that appears.
QInputDialog *askProd(PasswordSource &source, std::optional<Answer> &got)
{
    source.passwordFor(serverProfile(QStringLiteral("prod")), into(got));
    return prompt();
}

void answerPrompt(QInputDialog *dialog, const QString &typed)
{
    ASSERT_NE(dialog, nullptr);
    auto *edit = dialog->findChild<QLineEdit *>();
    ASSERT_NE(edit, nullptr);
    EXPECT_EQ(edit->echoMode(), QLineEdit::Password);
    QTest::keyClicks(edit, typed);
    auto *box = dialog->findChild<QDialogButtonBox *>();
    ASSERT_NE(box, nullptr);
    click(box->button(QDialogButtonBox::Ok));
}

} // namespace

TEST(PasswordSource, SqliteNeedsNoPassword)
{
    MemorySecretStore secrets;
    PasswordSource source(&secrets);
    ConnectionProfile p;
    p.name = QStringLiteral("local");
    p.database = QStringLiteral("/tmp/x.db");
    const auto got = ask(source, p, true);
    ASSERT_TRUE(got && got->password);
    EXPECT_EQ(*got->password, QString());
}

TEST(PasswordSource, TheKeychainAnswersWithoutAPrompt)
{
    MemorySecretStore secrets;
    std::optional<QString> written;
    secrets.writePassword(QStringLiteral("staging"), QStringLiteral("from-keychain"), [&](const QString &e) { written = e; });
    ASSERT_TRUE(QTest::qWaitFor([&] { return written.has_value(); }, 5000));
    PasswordSource source(&secrets);
    std::optional<Answer> got;
    source.passwordFor(serverProfile(QStringLiteral("staging")), into(got));
    EXPECT_FALSE(got.has_value()) << "the keychain answers later, not inside the call";
    ASSERT_TRUE(QTest::qWaitFor([&] { return got.has_value(); }, 5000));
    EXPECT_EQ(got->password.value_or(QString()), QStringLiteral("from-keychain"));
    EXPECT_EQ(got->why, QStringLiteral("from the keychain"));
    for (QWidget *w : QApplication::topLevelWidgets())
        EXPECT_FALSE(w->isVisible() && w->objectName() == u"passwordPrompt") << "no prompt when the keychain has it";
}

TEST(PasswordSource, NoSavedPasswordAsksTheUserOnceASession)
{
    MemorySecretStore secrets;
    QWidget window;
    window.show();
    PasswordSource source(&secrets, &window);
    const ConnectionProfile p = serverProfile(QStringLiteral("staging"));
    std::optional<Answer> first, second;
    source.passwordFor(p, into(first));
    // A second job asking meanwhile waits for the same prompt.
    source.passwordFor(p, into(second));
    QInputDialog *dialog = prompt();
    ASSERT_NE(dialog, nullptr) << "no prompt appeared";
    EXPECT_TRUE(dialog->labelText().startsWith(u"No password saved for profile staging.")) << s(dialog->labelText());
    EXPECT_TRUE(dialog->labelText().contains(u"Password of deploy on postgres://deploy@db.internal:5432/app")) << s(dialog->labelText());
    EXPECT_TRUE(dialog->labelText().contains(u"this session only")) << s(dialog->labelText());
    saveScreenshot(dialog, QStringLiteral("targets-password-prompt"));
    ASSERT_NO_FATAL_FAILURE(answerPrompt(dialog, QStringLiteral("typed-pw")));
    ASSERT_TRUE(QTest::qWaitFor([&] { return first.has_value() && second.has_value(); }, 5000));
    EXPECT_EQ(first->password.value_or(QString()), QStringLiteral("typed-pw"));
    EXPECT_EQ(second->password.value_or(QString()), QStringLiteral("typed-pw"));

    // Kept for the session, in memory only: the keychain did not get it.
    const auto again = ask(source, p, true);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->password.value_or(QString()), QStringLiteral("typed-pw"));
    EXPECT_EQ(readSecret(secrets, QStringLiteral("staging")).status, SecretResult::Status::NotFound);
}

TEST(PasswordSource, CancelGivesNoPassword)
{
    MemorySecretStore secrets;
    PasswordSource source(&secrets);
    std::optional<Answer> got;
    QInputDialog *dialog = askProd(source, got);
    ASSERT_NE(dialog, nullptr) << "no prompt appeared";
    QTest::keyClick(dialog, Qt::Key_Escape);
    ASSERT_TRUE(QTest::qWaitFor([&] { return got.has_value(); }, 5000));
    EXPECT_FALSE(got->password.has_value());
    EXPECT_EQ(got->why, QStringLiteral("no password saved for profile prod"));
}

TEST(PasswordSource, AKeychainFailureSaysWhyWhenAsking)
{
    BrokenSecretStore broken;
    PasswordSource source(&broken);
    std::optional<Answer> got;
    QInputDialog *dialog = askProd(source, got);
    ASSERT_NE(dialog, nullptr) << "no prompt appeared";
    EXPECT_TRUE(dialog->labelText().startsWith(
        u"No keychain available: the OS keychain is not available: org.freedesktop.secrets was not provided"))
        << s(dialog->labelText());
    ASSERT_NO_FATAL_FAILURE(answerPrompt(dialog, QStringLiteral("pw")));
    ASSERT_TRUE(QTest::qWaitFor([&] { return got.has_value(); }, 5000));
    EXPECT_EQ(got->password.value_or(QString()), QStringLiteral("pw"));
    EXPECT_TRUE(got->why.startsWith(u"no keychain available: ")) << s(got->why);
}
