// migctl demo: a fresh target for one of the demo projects in migrations/ — the production
// schema before the release, with deterministic generated rows — so the folder's migrations
// are pending on data that looks like production.
#include "CommandArgs.h"
#include "Commands.h"
#include "ExitCode.h"

#include "demo/DemoSeed.h"
#include "target/TargetSession.h"

#include <QDir>
#include <QFileInfo>

namespace mig::cli {

namespace {

// Installed demos first (a package), then the source tree's (a build that was not installed).
QString demoFolder(const QString &name)
{
    // The installed demos are found from migctl's own folder, wherever the tree was installed.
    const QString installed = QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QStringLiteral(MIG_INSTALLED_DEMOS_DIR));
    for (const QString &root : {QDir::cleanPath(installed), QStringLiteral(MIG_SOURCE_DEMOS_DIR)}) {
        const QString dir = QDir(root).filePath(name);
        if (QFileInfo::exists(QDir(dir).filePath(QStringLiteral("seed/schema.sql"))))
            return dir;
    }
    return {};
}

int listDemos(QTextStream &out)
{
    for (const demo::DemoDefinition &d : demo::demoDefinitions()) {
        const QString dir = demoFolder(d.name);
        out << d.name << " (" << d.engine << "): " << d.description << '\n'
            << "    " << (dir.isEmpty() ? QStringLiteral("folder not found") : dir) << '\n';
    }
    return Ok;
}

} // namespace

int runDemo(const QStringList &positional, const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    if (args.isSet(QStringLiteral("list")))
        return listDemos(out);
    if (positional.size() != 2)
        return usageError(err, QStringLiteral("demo needs a demo name (migctl demo --list shows them) and --target"));
    const std::optional<demo::DemoDefinition> definition = demo::findDemo(positional.at(1));
    if (!definition)
        return usageError(err, QStringLiteral("no demo named '%1' (migctl demo --list shows them)").arg(positional.at(1)));
    quint64 seed = demo::DefaultSeed;
    if (args.isSet(QStringLiteral("seed"))) {
        bool ok = false;
        seed = args.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            return usageError(err, QStringLiteral("--seed needs a whole number"));
    }
    Common c;
    if (auto code = readCommon(args, QStringLiteral("demo"), c, err, false))
        return *code;
    const QString dir = c.dir.isEmpty() ? demoFolder(definition->name) : c.dir;
    if (dir.isEmpty()) {
        err << "migctl: the " << definition->name << " folder is not installed; pass --dir\n";
        return Failure;
    }
    std::unique_ptr<TargetSession> session = TargetSession::create(c.target.profile);
    if (auto e = session->open(c.target.password, QStringLiteral("migctl demo"))) {
        err << "migctl: cannot connect to " << c.target.profile.displayUrl() << ": " << e->toString() << '\n';
        return Failure;
    }
    const demo::SeedOutcome seeded = demo::seedDemo(*session, *definition, dir, seed);
    if (seeded.error) {
        err << "migctl: " << c.target.profile.displayUrl() << ": " << *seeded.error << '\n';
        return seeded.refused ? Refused : Failure;
    }
    out << "Demo " << definition->name << " on " << c.target.profile.displayUrl() << " (seed " << seed << "):\n";
    for (const QString &line : seeded.summary)
        out << "  " << line << '\n';
    out << "Its migrations are pending: migctl status --target " << c.target.profile.displayUrl() << " --dir " << dir << '\n';
    return Ok;
}

} // namespace mig::cli
