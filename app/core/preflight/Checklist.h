#pragma once

#include "policy/Policy.h"
#include "policy/Signoffs.h"
#include "run/RunEvent.h"

#include <QJsonObject>

namespace mig {

// One line of the go/no-go checklist: what was checked, what was measured, and what a failure
// does under the folder's policy.
struct CheckLine {
    QString id;       // one of Policy::checkIds()
    QString title;    // "Run lock free"
    QString verdict;  // pass | warn | fail | n/a | not run | off
    QString evidence; // what was measured, in one line
    QStringList details; // one line per finding (sessions, lint findings, migrations)
    Policy::Level level = Policy::Level::Block;
    QJsonObject data;

    bool blocks() const { return verdict == u"fail" && level == Policy::Level::Block; }
    QJsonObject toJson() const;
    QString toText() const; // "FAIL  backup: no backup of this target in the catalog"
    // As a check-finished event of a run (preflight, or the apply it let through).
    RunEvent toEvent(const QString &runId) const;
    // The line a check-finished event of a checklist carries (the inverse of toEvent), so a view
    // fed by the event stream shows the same line the decision holds.
    static CheckLine fromEvent(const RunEvent &event);
};

// The outcome of the checklist for one plan: GO when nothing blocks; otherwise NO-GO, unless
// someone overrides it with a written reason.
struct GoDecision {
    QString target;      // display URL
    QString targetKey;
    QString plan;        // planFingerprint() of `pending`
    QStringList pending; // "002 add_feedback", in the order apply runs them
    QString policySource; // the policy file; empty: the defaults
    bool enforced = false; // the policy makes apply wait for GO
    QList<CheckLine> checks;
    QList<Signoff> signoffs; // for this plan
    QString backupId;        // the fresh, restore-tested backup the checklist found: the pre-run backup
    QString evaluatedAt;     // ISO-8601 UTC
    Signoff override;        // kind "override" with the reason in comment; empty name: none

    bool go() const; // no check blocks
    bool overridden() const { return !go() && !override.comment.isEmpty(); }
    QStringList blockers() const;
    QString verdictText() const; // GO | NO-GO | NO-GO, OVERRIDDEN
    QJsonObject toJson() const;
};

class RunStore;

// After a run went ahead on `gate`: links its sign-offs to the run and records the override, if
// any, beside them. Error text; empty on success.
QString keepDecision(const GoDecision &gate, const QString &runId, RunStore &store);

} // namespace mig
