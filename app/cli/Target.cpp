#include "Target.h"

#include "target/ProfileStore.h"
#include "target/SecretStore.h"
#include "target/TargetSession.h"

#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <termios.h>
#include <unistd.h>

namespace mig::cli {

namespace {

// Asks on the controlling terminal with echo off; empty when there is no terminal.
QString promptPassword(const QString &what)
{
    QFile tty(QStringLiteral("/dev/tty"));
    if (!isatty(STDIN_FILENO) || !tty.open(QIODevice::ReadWrite | QIODevice::Unbuffered))
        return {};
    tty.write(QStringLiteral("Password for %1: ").arg(what).toUtf8());
    termios old{};
    const bool canHide = tcgetattr(tty.handle(), &old) == 0;
    if (canHide) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(tty.handle(), TCSAFLUSH, &quiet);
    }
    const QByteArray line = tty.readLine();
    if (canHide)
        tcsetattr(tty.handle(), TCSAFLUSH, &old);
    tty.write("\n");
    return QString::fromUtf8(line).trimmed();
}

} // namespace

KeychainRead readKeychainPassword(const QString &profileName)
{
    KeychainRead out;
    KeychainSecretStore store;
    QEventLoop loop;
    bool done = false;
    store.readPassword(profileName, [&](const SecretResult &r) {
        out.found = r.status == SecretResult::Status::Found;
        out.password = r.secret;
        out.error = r.error;
        done = true;
        loop.quit();
    });
    if (!done) {
        QTimer::singleShot(15000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!done)
        out.error = QStringLiteral("the keychain did not answer within 15 s");
    return out;
}

QString writeKeychainPassword(const QString &profileName, const QString &password)
{
    KeychainSecretStore store;
    QEventLoop loop;
    QString error = QStringLiteral("the keychain did not answer within 15 s");
    bool done = false;
    store.writePassword(profileName, password, [&](const QString &e) {
        error = e;
        done = true;
        loop.quit();
    });
    if (!done) {
        QTimer::singleShot(15000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return error;
}

ResolvedTarget resolveTarget(const QString &target, const QString &historyTable, QTextStream &err)
{
    ResolvedTarget out;
    std::optional<QString> urlPassword;
    const bool isUrl = target.contains(u':');
    if (isUrl) {
        const TargetUrl t = parseTargetUrl(target);
        if (!t.profile) {
            out.error = t.error;
            return out;
        }
        out.profile = *t.profile;
        urlPassword = t.password;
        if (urlPassword)
            err << "migctl: warning: a password in --target is visible to other users of this machine (process list); "
                   "prefer MIGCTL_PASSWORD or a saved profile with the keychain\n";
    } else {
        const auto p = ProfileStore().load(target);
        if (!p) {
            out.error = QStringLiteral("no saved profile '%1' (migctl profile list; or give a URL: sqlite:PATH, postgres://..., mysql://...)").arg(target);
            return out;
        }
        out.profile = *p;
    }
    if (!historyTable.isEmpty())
        out.profile.historyTable = historyTable;
    // Refused before a password is asked for or anything reaches the target (a usage error).
    if (!TargetSession::validIdentifier(out.profile.historyTable)) {
        out.error = TargetSession::invalidHistoryTableMessage(out.profile.historyTable);
        return out;
    }
    if (out.profile.engine == Dialect::Sqlite)
        return out;
    if (urlPassword) {
        out.password = *urlPassword;
    } else if (qEnvironmentVariableIsSet("MIGCTL_PASSWORD")) {
        out.password = qEnvironmentVariable("MIGCTL_PASSWORD");
    } else {
        if (!isUrl) {
            const KeychainRead k = readKeychainPassword(target);
            if (k.found) {
                out.password = k.password;
                return out;
            }
            if (!k.error.isEmpty())
                err << "migctl: the keychain could not be read (" << k.error << "); asking instead\n";
        }
        out.password = promptPassword(out.profile.displayUrl());
    }
    return out;
}

} // namespace mig::cli
