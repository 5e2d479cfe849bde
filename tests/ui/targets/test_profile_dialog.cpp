// The profile editor as a DBA uses it: fields typed and clicked, saved, reopened; the password
// goes to the secret store and nowhere else; "test connection" against a real SQLite file.
#include "TargetsTestSupport.h"

#include "targets/EngineChoices.h"

#include <QDir>

using namespace targetstest;
using mig::ui::ProfileDialog;

using ProfileDialogTest = TargetsTest;

TEST_F(ProfileDialogTest, FieldsRoundTripAndThePasswordGoesOnlyToTheKeychain)
{
    auto *dialog = new ProfileDialog(&secrets);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<ProfileDialog> alive(dialog);
    dialog->open();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(dialog));
    EXPECT_EQ(dialog->objectName(), QStringLiteral("profileDialog"));
    EXPECT_TRUE(dialog->isModal()) << "open() shows it window-modal, without a nested event loop";

    Fields f = serverFields(QStringLiteral("PostgreSQL"), QStringLiteral("staging"), QStringLiteral("db.staging.example"),
                            QStringLiteral("shop"), QStringLiteral("deploy"), QStringLiteral("S3cr3t-päss;word"));
    f.port = QStringLiteral("6543");
    f.tls = QStringLiteral("verify-full");
    f.options = QStringLiteral("sslrootcert=/etc/ssl/staging-ca.pem\ntarget_session_attrs=read-write");
    f.historyTable = QStringLiteral("ops.schema_history");
    ASSERT_NO_FATAL_FAILURE(fill(dialog, f));
    saveScreenshot(dialog, QStringLiteral("targets-profile-dialog"));

    std::optional<ConnectionProfile> saved;
    QObject::connect(dialog, &ProfileDialog::saved, [&](const ConnectionProfile &p) { saved = p; });
    click(child<QPushButton>(dialog, "saveButton"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return alive.isNull(); }, 10000)) << "the dialog stays open after a good save";
    ASSERT_TRUE(saved.has_value());

    // What was written: the profile in the settings, the password in the store only.
    const std::optional<ConnectionProfile> p = ProfileStore().load(QStringLiteral("staging"));
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->engine, Dialect::Postgres);
    EXPECT_EQ(p->host, QStringLiteral("db.staging.example"));
    EXPECT_EQ(p->port, 6543);
    EXPECT_EQ(p->database, QStringLiteral("shop"));
    EXPECT_EQ(p->user, QStringLiteral("deploy"));
    EXPECT_EQ(p->tlsMode, QStringLiteral("verify-full"));
    EXPECT_EQ(p->options.value(QStringLiteral("sslrootcert")), QStringLiteral("/etc/ssl/staging-ca.pem"));
    EXPECT_EQ(p->options.value(QStringLiteral("target_session_attrs")), QStringLiteral("read-write"));
    EXPECT_EQ(p->historyTable, QStringLiteral("ops.schema_history"));
    const SecretResult stored = readSecret(secrets, QStringLiteral("staging"));
    EXPECT_EQ(stored.status, SecretResult::Status::Found);
    EXPECT_EQ(stored.secret, f.password);
    const QByteArray files = settings.everything();
    EXPECT_TRUE(files.contains("db.staging.example")) << "the settings file was not found under the test's settings path";
    EXPECT_FALSE(files.contains(f.password.toUtf8())) << "the password is in the settings";
    EXPECT_FALSE(files.contains("S3cr3t")) << "part of the password is in the settings";

    // Reopened for editing: every field as typed, the password read back from the keychain.
    auto *again = new ProfileDialog(&secrets);
    again->setAttribute(Qt::WA_DeleteOnClose);
    std::optional<QString> keychainSays;
    QObject::connect(again, &ProfileDialog::keychainAnswered, [&](const QString &m) { keychainSays = m; });
    again->editProfile(*p);
    again->open();
    ASSERT_TRUE(QTest::qWaitFor([&] { return keychainSays.has_value(); }, 10000));
    EXPECT_EQ(*keychainSays, QStringLiteral("Password read from the keychain."));
    EXPECT_EQ(child<QLineEdit>(again, "nameEdit")->text(), QStringLiteral("staging"));
    EXPECT_EQ(child<QComboBox>(again, "engineCombo")->currentText(), QStringLiteral("PostgreSQL"));
    EXPECT_EQ(child<QLineEdit>(again, "hostEdit")->text(), QStringLiteral("db.staging.example"));
    EXPECT_EQ(child<QLineEdit>(again, "portEdit")->text(), QStringLiteral("6543"));
    EXPECT_EQ(child<QLineEdit>(again, "databaseEdit")->text(), QStringLiteral("shop"));
    EXPECT_EQ(child<QLineEdit>(again, "userEdit")->text(), QStringLiteral("deploy"));
    EXPECT_EQ(child<QComboBox>(again, "tlsCombo")->currentText(), QStringLiteral("verify-full"));
    EXPECT_EQ(child<QPlainTextEdit>(again, "optionsEdit")->toPlainText(), f.options);
    EXPECT_EQ(child<QLineEdit>(again, "historyTableEdit")->text(), QStringLiteral("ops.schema_history"));
    auto *pw = child<QLineEdit>(again, "passwordEdit");
    EXPECT_EQ(pw->text(), f.password);
    EXPECT_EQ(pw->echoMode(), QLineEdit::Password) << "the password must not be readable on screen";
    EXPECT_TRUE(child<QCheckBox>(again, "rememberCheck")->isChecked());
    again->close();
}

TEST_F(ProfileDialogTest, UntickingRememberTakesThePasswordOutOfTheKeychain)
{
    ConnectionProfile p;
    p.name = QStringLiteral("prod");
    p.engine = Dialect::Mysql;
    p.host = QStringLiteral("db1");
    p.database = QStringLiteral("app");
    p.user = QStringLiteral("ops");
    ProfileStore().save(p);
    std::optional<QString> written;
    secrets.writePassword(QStringLiteral("prod"), QStringLiteral("old-secret"), [&](const QString &e) { written = e; });
    ASSERT_TRUE(QTest::qWaitFor([&] { return written.has_value(); }, 5000));

    auto *dialog = new ProfileDialog(&secrets);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<ProfileDialog> alive(dialog);
    dialog->editProfile(p);
    dialog->open();
    auto *pw = child<QLineEdit>(dialog, "passwordEdit");
    ASSERT_TRUE(QTest::qWaitFor([&] { return pw->text() == u"old-secret"; }, 5000));
    click(child<QCheckBox>(dialog, "rememberCheck"));
    click(child<QPushButton>(dialog, "saveButton"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return alive.isNull(); }, 10000));
    EXPECT_EQ(readSecret(secrets, QStringLiteral("prod")).status, SecretResult::Status::NotFound);
    EXPECT_TRUE(ProfileStore().load(QStringLiteral("prod")).has_value());
}

TEST_F(ProfileDialogTest, AKeychainFailureIsShownAndNothingIsWrittenInPlainText)
{
    BrokenSecretStore broken;
    auto *dialog = new ProfileDialog(&broken);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    ASSERT_NO_FATAL_FAILURE(fill(dialog, serverFields(QStringLiteral("MySQL/MariaDB"), QStringLiteral("reporting"), QStringLiteral("10.0.0.7"),
                                                      QStringLiteral("reports"), QStringLiteral("rep"), QStringLiteral("no-keychain-pw-123"))));
    std::optional<QString> keychainSays;
    QObject::connect(dialog, &ProfileDialog::keychainAnswered, [&](const QString &m) { keychainSays = m; });
    click(child<QPushButton>(dialog, "saveButton"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return keychainSays.has_value(); }, 10000));

    EXPECT_EQ(broken.writes, 1);
    EXPECT_TRUE(dialog->isVisible()) << "a keychain failure must keep the dialog open";
    auto *label = child<QLabel>(dialog, "keychainLabel");
    EXPECT_TRUE(label->isVisible());
    EXPECT_TRUE(label->text().startsWith(u"The profile was saved, but not its password: could not store the password in the OS keychain"))
        << s(label->text());
    EXPECT_TRUE(label->text().contains(u"Nothing was written in plain text")) << s(label->text());
    saveScreenshot(dialog, QStringLiteral("targets-profile-dialog-keychain-failure"));
    EXPECT_TRUE(ProfileStore().load(QStringLiteral("reporting")).has_value());
    EXPECT_FALSE(settings.everything().contains("no-keychain-pw-123"));

    // Unticked, the profile saves without touching the keychain and the dialog closes.
    QPointer<ProfileDialog> alive(dialog);
    click(child<QCheckBox>(dialog, "rememberCheck"));
    click(child<QPushButton>(dialog, "saveButton"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return alive.isNull(); }, 10000));
    EXPECT_EQ(broken.writes, 1);
    EXPECT_FALSE(settings.everything().contains("no-keychain-pw-123"));
}

TEST_F(ProfileDialogTest, FieldsFollowTheEngine)
{
    ProfileDialog dialog(&secrets);
    dialog.open();
    auto *engine = child<QComboBox>(&dialog, "engineCombo");
    QStringList engines;
    for (int i = 0; i < engine->count(); ++i)
        engines << engine->itemText(i);
    EXPECT_EQ(engines, QStringList({QStringLiteral("SQLite"), QStringLiteral("PostgreSQL"), QStringLiteral("MySQL/MariaDB")}));

    ASSERT_NO_FATAL_FAILURE(choose(engine, QStringLiteral("SQLite")));
    EXPECT_FALSE(child<QLineEdit>(&dialog, "hostEdit")->isEnabled());
    EXPECT_FALSE(child<QLineEdit>(&dialog, "portEdit")->isEnabled());
    EXPECT_FALSE(child<QComboBox>(&dialog, "tlsCombo")->isEnabled());
    EXPECT_FALSE(child<QLineEdit>(&dialog, "passwordEdit")->isEnabled());
    EXPECT_TRUE(child<QPushButton>(&dialog, "browseButton")->isVisible());
    EXPECT_EQ(child<QLineEdit>(&dialog, "databaseEdit")->placeholderText(), QStringLiteral("path/to/file.db"));

    ASSERT_NO_FATAL_FAILURE(choose(engine, QStringLiteral("PostgreSQL")));
    EXPECT_TRUE(child<QLineEdit>(&dialog, "hostEdit")->isEnabled());
    EXPECT_FALSE(child<QPushButton>(&dialog, "browseButton")->isVisible());
    EXPECT_EQ(child<QLineEdit>(&dialog, "portEdit")->placeholderText(), QStringLiteral("5432"));
    auto *tls = child<QComboBox>(&dialog, "tlsCombo");
    EXPECT_TRUE(tls->isEnabled());
    EXPECT_EQ(tls->itemText(0), QStringLiteral("driver default"));
    EXPECT_GE(tls->findText(QStringLiteral("verify-full")), 0);
    EXPECT_EQ(tls->findText(QStringLiteral("verify_identity")), -1);

    ASSERT_NO_FATAL_FAILURE(choose(engine, QStringLiteral("MySQL/MariaDB")));
    EXPECT_EQ(child<QLineEdit>(&dialog, "portEdit")->placeholderText(), QStringLiteral("3306"));
    EXPECT_GE(tls->findText(QStringLiteral("verify_identity")), 0);
    EXPECT_EQ(tls->findText(QStringLiteral("verify-full")), -1);
}

TEST_F(ProfileDialogTest, TheHistoryTableNameFollowsTheEngineRules)
{
    ProfileDialog dialog(&secrets);
    dialog.open();
    ASSERT_NO_FATAL_FAILURE(typeInto(child<QLineEdit>(&dialog, "nameEdit"), QStringLiteral("local")));
    ASSERT_NO_FATAL_FAILURE(typeInto(child<QLineEdit>(&dialog, "databaseEdit"), folder.file(QStringLiteral("app.db"))));
    auto *save = child<QPushButton>(&dialog, "saveButton");
    auto *problem = child<QLabel>(&dialog, "historyTableProblem");
    auto *table = child<QLineEdit>(&dialog, "historyTableEdit");
    EXPECT_TRUE(save->isEnabled());
    EXPECT_FALSE(problem->isVisible());

    ASSERT_NO_FATAL_FAILURE(typeInto(table, QStringLiteral("9lives")));
    EXPECT_TRUE(problem->isVisible());
    EXPECT_EQ(problem->text(), QStringLiteral("\"9lives\": must start with a letter or _"));
    EXPECT_FALSE(save->isEnabled());
    ASSERT_NO_FATAL_FAILURE(typeInto(table, QStringLiteral("schema history")));
    EXPECT_EQ(problem->text(), QStringLiteral("\"schema history\": only letters, digits, _ and $"));
    ASSERT_NO_FATAL_FAILURE(typeInto(table, QStringLiteral("a.b.c")));
    EXPECT_TRUE(problem->text().startsWith(u"at most one qualifier")) << s(problem->text());
    ASSERT_NO_FATAL_FAILURE(typeInto(table, QStringLiteral("audit.history")));
    EXPECT_TRUE(problem->text().startsWith(u"SQLite: only \"main.\"")) << s(problem->text());
    EXPECT_FALSE(save->isEnabled());
    // The same name is fine where a schema may qualify it.
    ASSERT_NO_FATAL_FAILURE(choose(child<QComboBox>(&dialog, "engineCombo"), QStringLiteral("PostgreSQL")));
    EXPECT_FALSE(problem->isVisible()) << s(problem->text());
    ASSERT_NO_FATAL_FAILURE(typeInto(table, QStringLiteral("h") + QString(50, u'x')));
    EXPECT_TRUE(problem->text().contains(u"has 51 characters; at most 50")) << s(problem->text());
    EXPECT_TRUE(problem->text().contains(u"63-character")) << s(problem->text());
    ASSERT_NO_FATAL_FAILURE(typeInto(table, QStringLiteral("deploy$history")));
    EXPECT_FALSE(problem->isVisible());
    EXPECT_TRUE(save->isEnabled());

    // Options are checked too: a password is refused there.
    ASSERT_NO_FATAL_FAILURE(typeInto(child<QPlainTextEdit>(&dialog, "optionsEdit"), QStringLiteral("password=oops")));
    EXPECT_FALSE(save->isEnabled());
    EXPECT_TRUE(child<QLabel>(&dialog, "problemLabel")->text().startsWith(u"options line 1: password: a password or other secret"))
        << s(child<QLabel>(&dialog, "problemLabel")->text());
    ASSERT_NO_FATAL_FAILURE(typeInto(child<QPlainTextEdit>(&dialog, "optionsEdit"), QStringLiteral("connect_timeout=5\nsslpassword=x")));
    EXPECT_TRUE(child<QLabel>(&dialog, "problemLabel")->text().startsWith(u"options line 2: sslpassword: ")) << s(child<QLabel>(&dialog, "problemLabel")->text());
    EXPECT_FALSE(save->isEnabled());
}

TEST(EngineChoices, IdentifierRulesPerEngine)
{
    using mig::ui::historyTableProblem;
    EXPECT_EQ(historyTableProblem(Dialect::Mysql, QStringLiteral("deploy.migctl_history")), QString());
    EXPECT_EQ(historyTableProblem(Dialect::Sqlite, QStringLiteral("main.migctl_history")), QString());
    EXPECT_TRUE(historyTableProblem(Dialect::Mysql, QString(51, u'a')).contains(u"64-character"));
    EXPECT_EQ(historyTableProblem(Dialect::Postgres, QString()), QStringLiteral("the history table needs a name"));
    const auto parsed = mig::ui::parseOptions(Dialect::Postgres, QStringLiteral("# comment\n\nsslmode=require"));
    EXPECT_EQ(parsed.error, QStringLiteral("options line 3: sslmode has its own field"));
    EXPECT_EQ(mig::ui::parseOptions(Dialect::Mysql, QStringLiteral("ssl-ca = /ca.pem\nnovalue")).error,
              QStringLiteral("options line 2: write key=value"));
}

TEST_F(ProfileDialogTest, TestConnectionOnARealSqliteFile)
{
    // A real database file with a table, written through the engine's own session.
    const QString db = folder.file(QStringLiteral("shop.db"));
    {
        ConnectionProfile p;
        p.engine = Dialect::Sqlite;
        p.database = db;
        auto session = TargetSession::create(p);
        ASSERT_FALSE(session->open(QString()).has_value());
        ASSERT_TRUE(session->exec(QStringLiteral("CREATE TABLE t (x INTEGER)")).ok());
    }
    folder.write(QStringLiteral("not-a-database.db"), QByteArray("this is a text file, not SQLite\n").repeated(64));

    ProfileDialog dialog(&secrets);
    dialog.open();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    auto *database = child<QLineEdit>(&dialog, "databaseEdit");
    ASSERT_NO_FATAL_FAILURE(typeInto(database, db));
    const QString ok = testConnectionIn(&dialog);
    EXPECT_TRUE(ok.startsWith(u"Connected to SQLite 3.")) << s(ok);
    EXPECT_TRUE(ok.contains(u" ms (round trip ")) << s(ok);
    EXPECT_FALSE(child<QLabel>(&dialog, "testIcon")->toolTip().isEmpty());
    saveScreenshot(&dialog, QStringLiteral("targets-profile-dialog-sqlite-tested"));

    ASSERT_NO_FATAL_FAILURE(typeInto(database, folder.file(QStringLiteral("new.db"))));
    const QString fresh = testConnectionIn(&dialog);
    EXPECT_TRUE(fresh.endsWith(u"; the file does not exist yet: the first apply creates it")) << s(fresh);
    EXPECT_FALSE(QFileInfo::exists(folder.file(QStringLiteral("new.db")))) << "a test must not create the file";

    ASSERT_NO_FATAL_FAILURE(typeInto(database, folder.file(QStringLiteral("not-a-database.db"))));
    const QString bad = testConnectionIn(&dialog);
    EXPECT_TRUE(bad.startsWith(QStringLiteral("Connection to %1 failed: file is not a database").arg(folder.file(QStringLiteral("not-a-database.db")))))
        << s(bad);

    ASSERT_NO_FATAL_FAILURE(typeInto(database, folder.file(QStringLiteral("no/such/folder/x.db"))));
    const QString missing = testConnectionIn(&dialog);
    EXPECT_TRUE(missing.contains(u"Cannot reach") && missing.contains(u"does not exist")) << s(missing);
}

TEST_F(ProfileDialogTest, BrowsePicksTheSqliteFile)
{
    ProfileDialog dialog(&secrets);
    dialog.open();
    ASSERT_NO_FATAL_FAILURE(choose(child<QComboBox>(&dialog, "engineCombo"), QStringLiteral("SQLite")));
    // The file dialog opens where the typed file is, with its name filled in.
    ASSERT_NO_FATAL_FAILURE(typeInto(child<QLineEdit>(&dialog, "databaseEdit"), folder.file(QStringLiteral("old.db"))));
    click(child<QPushButton>(&dialog, "browseButton"));
    auto *files = waitForWindow<QFileDialog>("databaseFileDialog");
    ASSERT_NE(files, nullptr) << "Browse opened no file dialog";
    EXPECT_TRUE(files->isModal());
    EXPECT_EQ(QDir(files->directory()).canonicalPath(), QDir(folder.path()).canonicalPath());
    auto *name = files->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(name->text(), QStringLiteral("old.db"));
    // Qt's own dialog is not under test: the choice is made through its API, and what matters
    // is that the chosen file lands in the profile without being created.
    const QString path = folder.file(QStringLiteral("picked.db"));
    files->selectFile(path);
    static_cast<QDialog *>(files)->accept(); // QFileDialog::accept, through the public base
    EXPECT_EQ(child<QLineEdit>(&dialog, "databaseEdit")->text(), path);
    EXPECT_FALSE(QFileInfo::exists(path)) << "choosing a file must not create it";
}
