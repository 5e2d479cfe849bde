// migctl signoff: a person approves the plan apply would run now, in a role the policy names.
#include "PreflightCommand.h"

#include "Commands.h"
#include "ExitCode.h"

#include "run/Runner.h"
#include "run/TargetInspection.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mig::cli {

namespace {

struct Plan {
    QString key;
    QStringList pending;
};

std::optional<int> currentPlan(const Common &c, const QCommandLineParser &args, Plan &plan, QTextStream &err)
{
    const TargetInspection t = inspectTarget(c.target.profile, c.target.password, c.dir, c.format);
    if (!t.error.isEmpty()) {
        err << "migctl: " << t.error << '\n';
        return Failure;
    }
    if (t.plan.hasErrors()) {
        for (const Problem &p : t.plan.folder.problems)
            err << p.toString() << '\n';
        return FolderErrors;
    }
    const QString to = args.value(QStringLiteral("to"));
    const std::optional<Version> version = to.isEmpty() ? std::nullopt : Version::parse(to);
    if (!to.isEmpty() && !version)
        return usageError(err, QStringLiteral("--to %1 is not a version").arg(to));
    const QList<const MigrationStatus *> pending = pendingSelection(t.status, version, args.isSet(QStringLiteral("allow-out-of-order")));
    for (const MigrationStatus *s : pending)
        plan.pending << QStringLiteral("%1 %2").arg(s->version, s->name).trimmed();
    plan.key = planFingerprint(c.target.profile.storeKey(), pending);
    return std::nullopt;
}

int list(const Common &c, const Policy &policy, const Plan &plan, SignoffStore &signoffs, bool json, QTextStream &out)
{
    const QList<Signoff> given = signoffs.forPlan(c.target.profile.storeKey(), plan.key);
    QStringList missing;
    for (const QString &role : policy.requiredRoles)
        if (std::none_of(given.begin(), given.end(), [&](const Signoff &s) { return s.role.compare(role, Qt::CaseInsensitive) == 0; }))
            missing << role;
    if (json) {
        QJsonArray a;
        for (const Signoff &s : given)
            a << s.toJson();
        out << QJsonDocument(QJsonObject{{QStringLiteral("plan"), plan.key},
                                         {QStringLiteral("pending"), QJsonArray::fromStringList(plan.pending)},
                                         {QStringLiteral("required"), QJsonArray::fromStringList(policy.requiredRoles)},
                                         {QStringLiteral("missing"), QJsonArray::fromStringList(missing)},
                                         {QStringLiteral("signoffs"), a}})
                   .toJson(QJsonDocument::Indented);
        return Ok;
    }
    out << "Plan " << plan.key << " (" << plan.pending.join(QStringLiteral(", ")) << ")\n";
    for (const Signoff &s : given)
        out << "  " << s.at << "  " << s.role << ": " << s.name << (s.comment.isEmpty() ? QString() : QStringLiteral(" - ") + s.comment) << '\n';
    if (given.isEmpty())
        out << "  no sign-offs yet\n";
    out << "Required: " << (policy.requiredRoles.isEmpty() ? QStringLiteral("none") : policy.requiredRoles.join(QStringLiteral(", ")))
        << (missing.isEmpty() ? QString() : QStringLiteral("; missing: ") + missing.join(QStringLiteral(", "))) << '\n';
    return Ok;
}

} // namespace

int runSignoff(const QStringList &positional, const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    const bool listing = positional.value(1) == u"list";
    if (positional.size() > (listing ? 2 : 1))
        return usageError(err, QStringLiteral("unexpected argument '%1' (signoff --role ROLE --name NAME, or signoff list)").arg(positional.last()));
    Common c;
    if (auto code = readCommon(args, QStringLiteral("signoff"), c, err))
        return *code;
    Policy policy;
    if (auto code = readPolicy(args, c.dir, policy, err))
        return *code;
    Signoff s;
    s.name = args.value(QStringLiteral("name")).trimmed();
    s.role = args.value(QStringLiteral("role")).trimmed();
    s.comment = args.value(QStringLiteral("comment")).trimmed();
    if (!listing && (s.name.isEmpty() || s.role.isEmpty()))
        return usageError(err, QStringLiteral("signoff needs --role ROLE and --name NAME (who signs, in which role)"));
    Plan plan;
    if (auto code = currentPlan(c, args, plan, err))
        return *code;
    RunStore store;
    if (const QString e = store.open(RunStore::defaultPath()); !e.isEmpty()) {
        err << "migctl: " << e << ": sign-offs are kept in the run store\n";
        return Failure;
    }
    SignoffStore signoffs(store);
    if (!signoffs.error().isEmpty()) {
        err << "migctl: cannot prepare the sign-offs in the run store: " << signoffs.error() << '\n';
        return Failure;
    }
    if (listing)
        return list(c, policy, plan, signoffs, args.isSet(QStringLiteral("json")), out);
    if (plan.pending.isEmpty()) {
        err << "migctl: nothing is pending on " << c.target.profile.displayUrl() << ": there is no plan to sign\n";
        return Refused;
    }
    if (!policy.requiredRoles.isEmpty() && !policy.requiredRoles.contains(s.role, Qt::CaseInsensitive))
        err << "migctl: note: the policy does not require the role '" << s.role << "' (required: " << policy.requiredRoles.join(QStringLiteral(", "))
            << "); the sign-off is kept but does not count towards GO\n";
    s.targetKey = c.target.profile.storeKey();
    s.plan = plan.key;
    if (const QString e = signoffs.add(s); !e.isEmpty()) {
        err << "migctl: the sign-off was not recorded: " << e << '\n';
        return Failure;
    }
    out << "Signed plan " << plan.key << " as " << s.role << ": " << s.name << " at " << s.at << '\n'
        << "  " << plan.pending.size() << " migration(s): " << plan.pending.join(QStringLiteral(", ")) << '\n'
        << "A change to any of their scripts makes a new plan that needs signing again.\n";
    return Ok;
}

} // namespace mig::cli
