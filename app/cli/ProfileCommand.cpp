// migctl profile add|list|remove: saved targets. The profile goes to the settings, the
// password (from the URL or MIGCTL_PASSWORD) to the keychain; never the other way round.
#include "Commands.h"
#include "ExitCode.h"
#include "Target.h"

#include "target/ProfileStore.h"

namespace mig::cli {

int runProfile(const QStringList &positional, const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    const QString sub = positional.value(1);
    ProfileStore store;
    if (sub == u"list" && positional.size() == 2) {
        for (const QString &name : store.names())
            if (const auto p = store.load(name))
                out << name << "  " << p->displayUrl() << "  (history table " << p->historyTable << ")\n";
        return Ok;
    }
    if (sub == u"remove" && positional.size() == 3) {
        if (!store.remove(positional.at(2))) {
            err << "migctl: no saved profile '" << positional.at(2) << "'\n";
            return Failure;
        }
        out << "removed profile " << positional.at(2) << " (its keychain entry, if any, stays until you delete it)\n";
        return Ok;
    }
    if (sub == u"add" && positional.size() == 4) {
        const QString name = positional.at(2);
        if (name.contains(u':') || name.isEmpty())
            return usageError(err, QStringLiteral("a profile name cannot contain ':' (it would read as a URL)"));
        const TargetUrl t = parseTargetUrl(positional.at(3));
        if (!t.profile) {
            err << "migctl: " << t.error << '\n';
            return Usage;
        }
        ConnectionProfile p = *t.profile;
        p.name = name;
        if (args.isSet(QStringLiteral("history-table")))
            p.historyTable = args.value(QStringLiteral("history-table"));
        const QString password = t.password ? *t.password : qEnvironmentVariable("MIGCTL_PASSWORD");
        if (!password.isEmpty()) {
            if (const QString e = writeKeychainPassword(name, password); !e.isEmpty()) {
                err << "migctl: the password could not be stored in the keychain (" << e
                    << "); the profile was not saved. Without a keychain, give MIGCTL_PASSWORD or answer the prompt on each run.\n";
                return Failure;
            }
        }
        store.save(p);
        out << "saved profile " << name << ": " << p.displayUrl() << (password.isEmpty() ? QString() : QStringLiteral(" (password in the keychain)")) << '\n';
        return Ok;
    }
    return usageError(err, QStringLiteral("profile add NAME URL | profile list | profile remove NAME"));
}

} // namespace mig::cli
