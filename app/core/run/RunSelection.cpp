// Which migrations a run touches, and in which direction: the decisions of apply, resume,
// rollback, mark-applied and baseline, made from the folder and the target's history.
#include "Runner.h"

#include "ForeignHistory.h"

namespace mig {

namespace {

QString label(const MigrationStatus &s)
{
    return QStringLiteral("%1 %2").arg(s.version, s.name).trimmed();
}

std::optional<Version> parseTo(const QString &text)
{
    return text.isEmpty() ? std::nullopt : Version::parse(text);
}

} // namespace

std::optional<QString> Runner::select(TargetSession &session, const TargetStatus &status, QList<Selected> &out, RunResult::Outcome &nothing)
{
    const RunRequest &r = m_request;
    nothing = RunResult::Outcome::Refused;
    std::optional<Version> to = parseTo(r.toVersion);
    if (!r.toVersion.isEmpty() && !to)
        return QStringLiteral("--to %1 is not a version").arg(r.toVersion);
    auto findVersion = [&](const Version &v) -> const MigrationStatus * {
        for (const MigrationStatus &s : status.migrations)
            if (s.planned && !s.planned->migration.repeatable && s.planned->migration.version == v)
                return &s;
        return nullptr;
    };
    if (to && r.action != RunRequest::Action::Rollback && !findVersion(*to))
        return QStringLiteral("there is no migration %1 in the folder").arg(r.toVersion);

    auto addPending = [&](const MigrationStatus *skip) {
        for (const MigrationStatus *s : pendingSelection(status, to, r.allowOutOfOrder))
            if (s != skip)
                out << Selected{*s->planned, QStringLiteral("up"), QStringLiteral("apply")};
    };

    auto applyPending = [&]() -> std::optional<QString> {
        const QStringList blockers = status.blockers(r.allowOutOfOrder);
        if (!blockers.isEmpty())
            return blockers.join(u'\n');
        addPending(nullptr);
        if (out.isEmpty()) {
            nothing = RunResult::Outcome::NothingToDo;
            return QStringLiteral("nothing to apply: the target is at version %1")
                .arg(status.currentVersion.isEmpty() ? QStringLiteral("(none)") : status.currentVersion);
        }
        return std::nullopt;
    };

    switch (r.action) {
    case RunRequest::Action::Apply:
        return applyPending();
    case RunRequest::Action::Resume: {
        QList<const MigrationStatus *> dirty;
        for (const MigrationStatus &s : status.migrations)
            if (s.state == MigrationState::Dirty)
                dirty << &s;
        if (dirty.size() > 1)
            return QStringLiteral("%1 migrations are dirty; resume handles one: roll back or mark-applied the others").arg(dirty.size());
        if (dirty.isEmpty()) {
            emitMessage(QStringLiteral("info"), QStringLiteral("nothing is dirty: resuming means applying what is pending"));
            return applyPending();
        }
        const MigrationStatus &d = *dirty.first();
        if (!d.planned)
            return QStringLiteral("%1 is dirty but its file is gone: restore the file, or mark-applied --version %2 --reason").arg(label(d), d.version);
        QStringList others = status.blockers(r.allowOutOfOrder);
        others.removeIf([&](const QString &b) { return b.startsWith(label(d) + QStringLiteral(" is dirty")); });
        if (!others.isEmpty())
            return others.join(u'\n');
        const bool down = d.last->direction == u"down";
        out << Selected{*d.planned, d.last->direction, down ? QStringLiteral("rollback") : QStringLiteral("resume"), false,
                        d.last->statementsDone, d.last->batchRowsDone, d.last->script};
        if (!down)
            addPending(&d);
        return std::nullopt;
    }
    case RunRequest::Action::Rollback: {
        QList<const MigrationStatus *> applied;
        for (const MigrationStatus &s : status.migrations) {
            const bool candidate = isApplied(s.state) || s.state == MigrationState::Modified || s.state == MigrationState::Dirty;
            if (candidate && s.planned && !s.planned->migration.repeatable)
                applied << &s;
            if (candidate && !s.planned && s.state != MigrationState::Missing)
                return QStringLiteral("%1 cannot be rolled back: its file is gone").arg(label(s));
        }
        std::sort(applied.begin(), applied.end(), [](const MigrationStatus *a, const MigrationStatus *b) {
            return b->planned->migration.version < a->planned->migration.version;
        });
        const int steps = r.steps > 0 ? r.steps : 1;
        for (const MigrationStatus *s : applied) {
            if (to ? !(*to < s->planned->migration.version) : out.size() >= steps)
                break;
            if (s->planned->migration.down.isNull())
                return QStringLiteral("%1 has no rollback script: nothing was rolled back").arg(label(*s));
            const bool resumingDown = s->state == MigrationState::Dirty && s->last && s->last->direction == u"down";
            out << Selected{*s->planned, QStringLiteral("down"), QStringLiteral("rollback"), false,
                            resumingDown ? s->last->statementsDone : 0, resumingDown ? s->last->batchRowsDone : 0,
                            resumingDown ? s->last->script : QString()};
        }
        if (out.isEmpty()) {
            nothing = RunResult::Outcome::NothingToDo;
            return QStringLiteral("nothing to roll back");
        }
        return std::nullopt;
    }
    case RunRequest::Action::MarkApplied: {
        if (r.reason.trimmed().isEmpty())
            return QStringLiteral("mark-applied needs --reason: the history keeps why");
        const MigrationStatus *target = nullptr;
        if (!r.version.isEmpty()) {
            const auto v = Version::parse(r.version);
            target = v ? findVersion(*v) : nullptr;
            if (!target)
                return QStringLiteral("there is no migration %1 in the folder").arg(r.version);
        } else {
            for (const MigrationStatus &s : status.migrations)
                if (s.planned && (s.state == MigrationState::Dirty || s.state == MigrationState::Failed)) {
                    if (target)
                        return QStringLiteral("several migrations are dirty or failed: name one with --version");
                    target = &s;
                }
            if (!target)
                return QStringLiteral("nothing is dirty or failed: name the migration with --version");
        }
        if (isApplied(target->state)) {
            nothing = RunResult::Outcome::NothingToDo;
            return QStringLiteral("%1 is already applied").arg(label(*target));
        }
        out << Selected{*target->planned, QStringLiteral("up"), QStringLiteral("mark-applied"), true};
        return std::nullopt;
    }
    case RunRequest::Action::Baseline: {
        QList<Version> adopted;
        bool cumulative = !r.baselineFrom;
        std::optional<Version> baselineUpTo; // Flyway's BASELINE row: everything up to it is done
        if (r.baselineFrom) {
            const ForeignHistory f = readForeignHistory(session, *r.baselineFrom);
            if (f.error)
                return QStringLiteral("cannot read %1's history (%2): %3").arg(formatName(*r.baselineFrom), f.table, f.error->toString());
            if (!f.refusal.isEmpty())
                return f.refusal;
            cumulative = f.cumulative;
            if (!f.baselineVersion.isEmpty())
                baselineUpTo = Version::parse(f.baselineVersion);
            for (const QString &text : f.appliedVersions) {
                const auto v = Version::parse(text);
                if (v && findVersion(*v))
                    adopted << *v;
                else if (f.cumulative)
                    // The one version stands for all below it; unknown to the folder, it anchors
                    // nothing (golang-migrate itself stops: "no migration found"). Adopting nothing
                    // and reporting "already recorded" with exit 0 hid that.
                    return QStringLiteral("%1 records version %2, but the folder has no such migration: is this the folder %3 ran? "
                                          "nothing was adopted")
                        .arg(f.table, text, formatName(*r.baselineFrom));
                else if (text != f.baselineVersion) // a baseline marker needs no file of its own
                    emitMessage(QStringLiteral("warning"), QStringLiteral("%1 records version %2 as applied, but the folder has no such migration")
                                                               .arg(f.table, text));
            }
            if (f.appliedVersions.isEmpty()) {
                nothing = RunResult::Outcome::NothingToDo;
                return QStringLiteral("%1 records nothing applied: nothing to adopt").arg(f.table);
            }
        } else {
            if (!to && !r.version.isEmpty())
                to = parseTo(r.version);
            if (!to)
                return QStringLiteral("baseline needs --version V or --from flyway|golang-migrate|dbmate|goose");
            if (!findVersion(*to))
                return QStringLiteral("there is no migration %1 in the folder").arg(to->text());
            adopted << *to;
        }
        for (const MigrationStatus &s : status.migrations) {
            if (!s.planned || s.planned->migration.repeatable)
                continue;
            const Version &v = s.planned->migration.version;
            const bool covered = (cumulative ? std::any_of(adopted.cbegin(), adopted.cend(), [&](const Version &a) { return !(a < v); })
                                             : adopted.contains(v))
                                 || (baselineUpTo && !(*baselineUpTo < v));
            if (!covered)
                continue;
            if (s.state == MigrationState::Dirty)
                return QStringLiteral("%1 is dirty: resume, roll back or mark-applied it before a baseline").arg(label(s));
            if (s.state == MigrationState::Pending || s.state == MigrationState::OutOfOrder || s.state == MigrationState::Failed)
                out << Selected{*s.planned, QStringLiteral("up"), QStringLiteral("baseline"), true};
        }
        if (out.isEmpty()) {
            nothing = RunResult::Outcome::NothingToDo;
            return QStringLiteral("every migration the baseline covers is already recorded");
        }
        if (m_request.reason.isEmpty())
            m_request.reason = r.baselineFrom ? QStringLiteral("adopted from %1").arg(formatName(*r.baselineFrom))
                                              : QStringLiteral("baseline at version %1").arg(to->text());
        return std::nullopt;
    }
    }
    return QStringLiteral("unknown action");
}

} // namespace mig
