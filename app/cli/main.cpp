// migctl: the command-line face of the engine, for CI and scripts. Thin: parsing arguments and
// printing; everything else is in migcore.
#include "CommandArgs.h"
#include "Commands.h"
#include "ExitCode.h"
#include "PlanCommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QTextStream>

#include <csignal>

namespace {

using namespace mig::cli;

const char *const Commands =
    "Commands:\n"
    "  plan          List every migration of a folder: version, name, layout, statements, rollback,\n"
    "                verify, transactional, checksum. Needs --dir (and --dialect).\n"
    "  status        Each migration against the target: applied, pending, modified (with a diff),\n"
    "                missing, failed, dirty (with the statement), out-of-order.\n"
    "                plan and status keep what reading each file gave in a cache (unchanged files\n"
    "                are not read again); --no-cache reads every file.\n"
    "  apply         Apply pending migrations [--to VERSION] [--dry-run] [--allow-out-of-order].\n"
    "  resume        Continue a dirty migration from its failed statement, then apply the rest.\n"
    "  rollback      Run down scripts in reverse [--to VERSION | --steps N] (default: the last one).\n"
    "  mark-applied  Record a migration as applied without running it: --reason TEXT [--version V].\n"
    "  baseline      Record existing migrations as applied: --version V, or --from flyway|golang-migrate|\n"
    "                dbmate|goose to adopt that tool's history table.\n"
    "  preview       What each pending migration will do, without changing the target: schema changes,\n"
    "                rows touched, declared objects, rollback verified by running up then down.\n"
    "                [--to VERSION] [--scratch-database NAME] [--json]\n"
    "  verify        Verification checks after a run: verify scripts, schema as declared, integrity,\n"
    "                foreign-key orphans, row counts before/after, drift [--run RUN_ID] [--json].\n"
    "                Exit 1 when a check fails.\n"
    "  drift         Changes made to the target's schema outside the console since the last run.\n"
    "                Exit 1 when there are any, 4 when no run is recorded. Needs only --target.\n"
    "  snapshot      The target's schema as JSON [-o FILE]; --run RUN_ID [--label L]: a stored one.\n"
    "  lint          Findings on pending migrations, checked against the live data: rule, severity,\n"
    "                file:line, evidence, fix hint [--json]. Exit 1 when a finding blocks (policy).\n"
    "  preflight     The go/no-go checklist with evidence: connection, lock, history, drift, backup,\n"
    "                rollbacks, lint, sessions, replication lag, disk, run window, sign-offs [--json].\n"
    "                Exit 0 GO, 1 NO-GO.\n"
    "  signoff       Sign off the pending plan: --role ROLE --name NAME [--comment TEXT]; \"signoff list\"\n"
    "                shows the sign-offs of the current plan.\n"
    "  backup        Back up the target [--backup-dir DIR] [--test: restore-test it at once].\n"
    "  backups       The backup catalog of the target [--json] (--target optional: all targets).\n"
    "  restore       restore ID --test: restore into a scratch database and compare row counts;\n"
    "                restore ID --into TARGET [--yes]: restore over a database (asks to confirm).\n"
    "  profile       add NAME URL | list | remove NAME: saved targets (passwords go to the keychain).\n"
    "  demo          demo NAME --target T [--seed N]: make a fresh demo target (the schema before the\n"
    "                release and generated rows) for migrations/NAME; refuses a database that has\n"
    "                tables. demo --list: the demos.\n"
    "  runs          The runs kept in the run store, newest first [--target T] [--limit N] [--json].\n"
    "  report        report RUN_ID|latest --format pdf|md|html|json|junit -o FILE [--page-size A4|Letter]\n"
    "                [--environment LABEL]: the run's report, from the run store only; --compare RUN_B:\n"
    "                the two runs side by side (md, html, json, pdf). -o - prints a text format.\n"
    "\n"
    "Targets: --target sqlite:PATH | postgres://user@host:port/db[?sslmode=...] |\n"
    "         mysql://user@host:port/db | a saved profile name. The password comes from the keychain\n"
    "         (profiles), MIGCTL_PASSWORD, or a prompt.\n"
    "Exit codes: 0 ok, 1 failure, 2 usage error, 3 the migrations folder has errors,\n"
    "            4 refused (locked by another run; dirty, modified or out-of-order migrations; GO not\n"
    "            given), 5 cancelled.\n";

} // namespace

namespace mig::cli {

int usageError(QTextStream &err, const QString &message)
{
    err << "migctl: " << message << "\nRun 'migctl --help' for usage.\n";
    return Usage;
}

} // namespace mig::cli

namespace {

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
    std::unique_ptr<mig::ScanCache> cache = mig::cli::scanCache(args);
    const mig::FolderPlan plan = mig::planFolder(dir, dialect, format, cache.get());
    if (args.isSet(QStringLiteral("json")))
        out << QJsonDocument(mig::planToJson(plan)).toJson(QJsonDocument::Indented);
    else
        mig::cli::printPlan(plan, args.isSet(QStringLiteral("dialect")), out, err);
    return plan.hasErrors() ? FolderErrors : Ok;
}

} // namespace

int main(int argc, char *argv[])
{
    // Over a file-size limit (ulimit -f) a write must fail with EFBIG, which the backup reports
    // and cleans up after, rather than SIGXFSZ ending migctl with a half-written file.
    std::signal(SIGXFSZ, SIG_IGN);
    // A reader that goes away (`migctl apply | head`) must not kill a run half-way: output is
    // lost, the run goes on and ends as it would, recorded in the history and the run store.
    std::signal(SIGPIPE, SIG_IGN);
    const std::unique_ptr<QCoreApplication> application = makeApplication(argc, argv); // GUI only for a PDF report
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(QStringLiteral("migctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MIG_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser args;
    args.setApplicationDescription(QStringLiteral("Migration Console command line.\n\n") + QLatin1String(Commands));
    args.addHelpOption();
    args.addPositionalArgument(QStringLiteral("command"), QStringLiteral("plan, status, preview, apply, resume, rollback, mark-applied, baseline, verify, drift, snapshot, lint, preflight, signoff, backup, backups, restore, profile, runs, report, demo"));
    args.addOptions({
        {QStringLiteral("target"), QStringLiteral("Target database: a URL or a saved profile name."), QStringLiteral("URL|PROFILE")},
        {QStringLiteral("history-table"), QStringLiteral("History table name (default migctl_history)."), QStringLiteral("NAME")},
        {QStringLiteral("to"), QStringLiteral("apply: stop after this version; rollback: roll back everything above it."), QStringLiteral("VERSION")},
        {QStringLiteral("steps"), QStringLiteral("rollback: how many migrations (default 1)."), QStringLiteral("N")},
        {QStringLiteral("version"), QStringLiteral("mark-applied, baseline: the migration version. Alone: print migctl's version."), QStringLiteral("V")},
        {QStringLiteral("from"), QStringLiteral("baseline: adopt the history of flyway, golang-migrate, dbmate or goose."), QStringLiteral("TOOL")},
        {QStringLiteral("reason"), QStringLiteral("mark-applied, baseline: why, kept in the history."), QStringLiteral("TEXT")},
        {QStringLiteral("dry-run"), QStringLiteral("apply, rollback: print the statements that would run; change nothing.")},
        {QStringLiteral("allow-out-of-order"), QStringLiteral("Apply pending migrations older than the applied version.")},
        {QStringLiteral("lock-wait"), QStringLiteral("Wait this long for another run's lock (default 0: fail at once)."), QStringLiteral("SECONDS")},
        {QStringLiteral("lock-timeout"), QStringLiteral("Longest wait of a statement for a table lock (default 5000)."), QStringLiteral("MS")},
        {QStringLiteral("lock-retries"), QStringLiteral("Attempts after a lock timeout (default 3)."), QStringLiteral("N")},
        {QStringLiteral("dir"), QStringLiteral("Migrations folder."), QStringLiteral("DIR")},
        {QStringLiteral("dialect"), QStringLiteral("SQL dialect used to split scripts: sqlite (default), postgres, mysql."), QStringLiteral("DIALECT")},
        {QStringLiteral("format"), QStringLiteral("Force the folder layout: %1.").arg(mig::allFormatNames()), QStringLiteral("FORMAT")},
        {QStringLiteral("json"), QStringLiteral("Print one JSON document instead of a table.")},
        {QStringLiteral("no-cache"), QStringLiteral("plan, status: read every migration file; do not use or update the scan cache.")},
        {QStringLiteral("run"), QStringLiteral("verify: the run to verify (default: the last one); snapshot: a stored run's snapshot."), QStringLiteral("RUN_ID")},
        {QStringLiteral("label"), QStringLiteral("snapshot --run: before-run, after-run (default), after-migration or expected."), QStringLiteral("LABEL")},
        {QStringLiteral("scratch-database"), QStringLiteral("preview: name of the scratch database, when one is needed."), QStringLiteral("NAME")},
        {{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("snapshot, report: write to this file."), QStringLiteral("FILE")},
        {QStringLiteral("policy"), QStringLiteral("The go/no-go policy file (default: DIR/migctl-policy.json)."), QStringLiteral("FILE")},
        {QStringLiteral("override"), QStringLiteral("apply: GO although checks block or sign-offs are missing; the reason is recorded."), QStringLiteral("REASON")},
        {QStringLiteral("role"), QStringLiteral("signoff: the role signing (e.g. DBA, \"Tech Lead\")."), QStringLiteral("ROLE")},
        {QStringLiteral("name"), QStringLiteral("signoff: who signs."), QStringLiteral("NAME")},
        {QStringLiteral("comment"), QStringLiteral("signoff: a comment kept with the sign-off."), QStringLiteral("TEXT")},
        {QStringLiteral("backup-dir"), QStringLiteral("backup: where backup files go (default: the policy's, else beside the run store)."), QStringLiteral("DIR")},
        {QStringLiteral("test"), QStringLiteral("backup: restore-test the new backup; restore ID --test: restore into a scratch database.")},
        {QStringLiteral("into"), QStringLiteral("restore: the database to restore over (a URL or profile)."), QStringLiteral("TARGET")},
        {QStringLiteral("yes"), QStringLiteral("restore --into: confirmed, do not ask.")},
        {QStringLiteral("limit"), QStringLiteral("runs: list at most N runs."), QStringLiteral("N")},
        {QStringLiteral("page-size"), QStringLiteral("report --format pdf: A4 (default) or Letter."), QStringLiteral("SIZE")},
        {QStringLiteral("compare"), QStringLiteral("report: compare the run with this one."), QStringLiteral("RUN_B")},
        {QStringLiteral("seed"), QStringLiteral("demo: the generator's seed (default 20250827); the same seed gives the same rows."), QStringLiteral("N")},
        {QStringLiteral("list"), QStringLiteral("demo: list the demo projects.")},
        {QStringLiteral("environment"), QStringLiteral("report: the environment label the report carries (production, staging)."), QStringLiteral("LABEL")},
    });
    // "--version" alone prints migctl's version; with a command it names a migration version.
    const QStringList arguments = app.arguments();
    if (arguments.size() == 2 && (arguments.at(1) == u"--version" || arguments.at(1) == u"-v")) {
        out << "migctl " << QCoreApplication::applicationVersion() << '\n';
        return Ok;
    }
    if (!args.parse(arguments))
        return usageError(err, args.errorText());
    if (args.isSet(QStringLiteral("help"))) {
        out << args.helpText();
        return Ok;
    }
    const QStringList positional = args.positionalArguments();
    if (positional.isEmpty())
        return usageError(err, QStringLiteral("no command given"));
    const QString command = positional.first();
    if (command == u"profile")
        return runProfile(positional, args, out, err);
    if (command == u"restore")
        return runRestore(positional, args, out, err);
    if (command == u"signoff")
        return runSignoff(positional, args, out, err);
    if (command == u"report")
        return runReport(positional, args, out, err);
    if (command == u"demo")
        return runDemo(positional, args, out, err);
    if (positional.size() > 1)
        return usageError(err, QStringLiteral("unexpected argument '%1'").arg(positional.at(1)));
    if (command == u"plan")
        return runPlan(args, out, err);
    if (command == u"status")
        return runStatus(args, out, err);
    if (command == u"preview")
        return runPreview(args, out, err);
    if (command == u"verify")
        return runVerify(args, out, err);
    if (command == u"drift")
        return runDrift(args, out, err);
    if (command == u"snapshot")
        return runSnapshot(args, out, err);
    if (command == u"lint")
        return runLint(args, out, err);
    if (command == u"preflight")
        return runPreflight(args, out, err);
    if (command == u"backup")
        return runBackup(args, out, err);
    if (command == u"backups")
        return runBackups(args, out, err);
    if (command == u"runs")
        return runRuns(args, out, err);
    static const QHash<QString, mig::RunRequest::Action> actions{
        {QStringLiteral("apply"), mig::RunRequest::Action::Apply},
        {QStringLiteral("resume"), mig::RunRequest::Action::Resume},
        {QStringLiteral("rollback"), mig::RunRequest::Action::Rollback},
        {QStringLiteral("mark-applied"), mig::RunRequest::Action::MarkApplied},
        {QStringLiteral("baseline"), mig::RunRequest::Action::Baseline}};
    if (const auto it = actions.constFind(command); it != actions.cend())
        return runEngine(*it, args, out, err);
    return usageError(err, QStringLiteral("unknown command '%1'").arg(command));
}
