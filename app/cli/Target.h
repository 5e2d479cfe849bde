#pragma once

#include "target/ConnectionProfile.h"

#include <QTextStream>

namespace mig::cli {

struct ResolvedTarget {
    ConnectionProfile profile;
    QString password; // empty: connect without one (trust, peer, SQLite)
    QString error;
};

// --target: a saved profile name or a URL. The password comes, in this order, from the URL
// (accepted, with a warning), MIGCTL_PASSWORD, the keychain (saved profiles, keyed by name) or
// a prompt on the terminal; without any, the connection is tried without one.
ResolvedTarget resolveTarget(const QString &target, const QString &historyTable, QTextStream &err);

// Reads the keychain entry of a saved profile; waits for QtKeychain's asynchronous job.
struct KeychainRead {
    bool found = false;
    QString password;
    QString error;
};
KeychainRead readKeychainPassword(const QString &profileName);
QString writeKeychainPassword(const QString &profileName, const QString &password);

} // namespace mig::cli
