// Saved profiles as a DBA uses them: `migctl profile add` puts the password in the keychain
// (a real Secret Service, see with-keyring.sh) and never in the settings; later commands read
// it from there. Without a keychain nothing is saved in plain text.
#include "TempFolder.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace {

struct CliRun {
    int exitCode = -1;
    QString out, err;
};

CliRun migctl(const QStringList &args, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(MIGCTL_PATH), args);
    CliRun r;
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// Every file under dir, concatenated: the secret must be in none of them.
QByteArray everything(const QString &dir)
{
    QByteArray all;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

QString mariadbUrl(const QString &password = QString())
{
    const QString port = qEnvironmentVariable("MIG_TEST_MARIADB_PORT");
    return QStringLiteral("mysql://mc%1@127.0.0.1:%2/mc_test").arg(password.isEmpty() ? QString() : u':' + password, port);
}

} // namespace

TEST(MigctlProfile, PasswordGoesToTheKeychainAndComesBackFromIt)
{
    ASSERT_EQ(qEnvironmentVariable("MIG_TEST_KEYRING"), QStringLiteral("1")) << "run me under tests/servers/with-keyring.sh";
    ASSERT_FALSE(qEnvironmentVariable("MIG_TEST_MARIADB_PORT").isEmpty()) << "needs the mariadb fixture";
    QTemporaryDir home; // settings and run store of this test only
    TempFolder folder;
    folder.write(QStringLiteral("001_t.sql"), "SELECT 1;\n");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("MIGCTL_RUN_STORE"), home.filePath(QStringLiteral("runs.sqlite")));
    env.remove(QStringLiteral("MIGCTL_PASSWORD"));

    QProcessEnvironment withPassword = env;
    withPassword.insert(QStringLiteral("MIGCTL_PASSWORD"), QStringLiteral("mcpw"));
    const CliRun add = migctl({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("staging"), mariadbUrl()}, withPassword);
    ASSERT_EQ(add.exitCode, 0) << add.err.toStdString();
    EXPECT_TRUE(add.out.contains(u"password in the keychain")) << add.out.toStdString();

    const CliRun list = migctl({QStringLiteral("profile"), QStringLiteral("list")}, env);
    ASSERT_EQ(list.exitCode, 0) << list.err.toStdString();
    EXPECT_TRUE(list.out.contains(u"staging  mysql://mc@127.0.0.1:")) << list.out.toStdString();

    // No MIGCTL_PASSWORD, no terminal: the password can only come from the keychain.
    const CliRun status = migctl({QStringLiteral("status"), QStringLiteral("--target"), QStringLiteral("staging"),
                               QStringLiteral("--dir"), folder.path()}, env);
    ASSERT_EQ(status.exitCode, 0) << status.err.toStdString();
    EXPECT_TRUE(status.out.contains(u"(MariaDB ")) << status.out.toStdString();
    EXPECT_TRUE(status.out.contains(u"001      t     pending")) << status.out.toStdString();

    // The same target as a URL has no keychain entry: without a password the server refuses,
    // and says so.
    const CliRun denied = migctl({QStringLiteral("status"), QStringLiteral("--target"), mariadbUrl(), QStringLiteral("--dir"), folder.path()}, env);
    EXPECT_EQ(denied.exitCode, 1);
    EXPECT_TRUE(denied.err.contains(u"Access denied")) << denied.err.toStdString();

    // A password in the URL works, is warned about, and is printed nowhere.
    const CliRun inUrl = migctl({QStringLiteral("status"), QStringLiteral("--target"), mariadbUrl(QStringLiteral("mcpw")),
                              QStringLiteral("--dir"), folder.path()}, env);
    EXPECT_EQ(inUrl.exitCode, 0) << inUrl.err.toStdString();
    EXPECT_TRUE(inUrl.err.contains(u"visible to other users")) << inUrl.err.toStdString();
    for (const CliRun &r : {add, list, status, denied, inUrl}) {
        EXPECT_FALSE(r.out.contains(u"mcpw")) << r.out.toStdString();
        EXPECT_FALSE(r.err.contains(u"mcpw")) << r.err.toStdString();
    }
    EXPECT_FALSE(everything(home.path()).contains("mcpw")) << "a password reached the settings or the run store";
}

TEST(MigctlProfile, WithoutAKeychainNothingIsSaved)
{
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/migration-console-test-bus"));
    env.insert(QStringLiteral("MIGCTL_PASSWORD"), QStringLiteral("s3cret-never-stored"));
    const CliRun add = migctl({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("prod"),
                            QStringLiteral("postgres://dba@db.example:5432/app")}, env);
    EXPECT_EQ(add.exitCode, 1);
    EXPECT_TRUE(add.err.contains(u"could not be stored in the keychain")) << add.err.toStdString();
    EXPECT_TRUE(add.err.contains(u"the profile was not saved")) << add.err.toStdString();
    const CliRun list = migctl({QStringLiteral("profile"), QStringLiteral("list")}, env);
    EXPECT_EQ(list.exitCode, 0);
    EXPECT_FALSE(list.out.contains(u"prod")) << list.out.toStdString();
    EXPECT_FALSE(everything(home.path()).contains("s3cret-never-stored"));
}
