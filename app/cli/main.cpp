// migctl: the command-line face of the engine, for CI and scripts. Thin: parsing arguments and
// printing; everything else is in migcore.
#include "PlanCommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QTextStream>

namespace {

// Exit codes are part of the interface: scripts branch on them.
enum ExitCode { Ok = 0, Failure = 1, Usage = 2, FolderErrors = 3 };

const char *const Commands = "Commands:\n"
                             "  plan     List every migration of a folder: version, name, layout, statements,\n"
                             "           rollback, verify, transactional, checksum. Exit 3 when the folder has errors.\n"
                             "\n"
                             "Exit codes: 0 ok, 1 failure, 2 usage error, 3 the migrations folder has errors.\n";

int usageError(QTextStream &err, const QString &message)
{
    err << "migctl: " << message << "\nRun 'migctl --help' for usage.\n";
    return Usage;
}

int runPlan(const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    const QString dir = args.value(QStringLiteral("dir"));
    if (dir.isEmpty())
        return usageError(err, QStringLiteral("plan needs --dir DIR"));
    mig::Dialect dialect = mig::Dialect::Sqlite;
    if (args.isSet(QStringLiteral("dialect"))) {
        const auto d = mig::dialectFromName(args.value(QStringLiteral("dialect")));
        if (!d)
            return usageError(err, QStringLiteral("unknown dialect '%1' (sqlite, postgres, mysql)").arg(args.value(QStringLiteral("dialect"))));
        dialect = *d;
    }
    std::optional<mig::Format> format;
    if (args.isSet(QStringLiteral("format"))) {
        format = mig::formatFromName(args.value(QStringLiteral("format")));
        if (!format)
            return usageError(err, QStringLiteral("unknown format '%1' (%2)").arg(args.value(QStringLiteral("format")), mig::allFormatNames()));
    }
    const mig::FolderPlan plan = mig::planFolder(dir, dialect, format);
    if (args.isSet(QStringLiteral("json")))
        out << QJsonDocument(mig::planToJson(plan)).toJson(QJsonDocument::Indented);
    else
        mig::cli::printPlan(plan, args.isSet(QStringLiteral("dialect")), out, err);
    return plan.hasErrors() ? FolderErrors : Ok;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("migctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MIG_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser args;
    args.setApplicationDescription(QStringLiteral("Migration Console command line.\n\n") + QLatin1String(Commands));
    args.addHelpOption();
    args.addVersionOption();
    args.addPositionalArgument(QStringLiteral("command"), QStringLiteral("plan"));
    args.addOptions({
        {QStringLiteral("dir"), QStringLiteral("Migrations folder."), QStringLiteral("DIR")},
        {QStringLiteral("dialect"), QStringLiteral("SQL dialect used to split scripts: sqlite (default), postgres, mysql."), QStringLiteral("DIALECT")},
        {QStringLiteral("format"), QStringLiteral("Force the folder layout: %1.").arg(mig::allFormatNames()), QStringLiteral("FORMAT")},
        {QStringLiteral("json"), QStringLiteral("Print one JSON document instead of a table.")},
    });
    if (!args.parse(app.arguments()))
        return usageError(err, args.errorText());
    if (args.isSet(QStringLiteral("help"))) {
        out << args.helpText();
        return Ok;
    }
    if (args.isSet(QStringLiteral("version"))) {
        out << "migctl " << QCoreApplication::applicationVersion() << '\n';
        return Ok;
    }
    const QStringList positional = args.positionalArguments();
    if (positional.isEmpty())
        return usageError(err, QStringLiteral("no command given"));
    const QString command = positional.first();
    if (positional.size() > 1)
        return usageError(err, QStringLiteral("unexpected argument '%1'").arg(positional.at(1)));
    if (command == u"plan")
        return runPlan(args, out, err);
    return usageError(err, QStringLiteral("unknown command '%1'").arg(command));
}
