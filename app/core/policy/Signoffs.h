#pragma once

#include "plan/Status.h"

#include <QString>

namespace mig {

class RunStore;

// A person's approval of one plan (the migrations a run will apply, as their scripts are now),
// or an override: GO given although checks blocked, with the reason in `comment`.
struct Signoff {
    qint64 id = 0;
    QString kind = QStringLiteral("signoff"); // signoff | override
    QString targetKey; // ConnectionProfile::storeKey(): no user, no password
    QString plan;      // planFingerprint()
    QString name, role, comment;
    QString at;        // ISO-8601 UTC, set when added
    QString runId;     // the run that went ahead on it; empty until then

    QJsonObject toJson() const;
};

// The plan being signed: the target and each migration apply will run, with the checksums of
// its up and down scripts. Editing a script changes it, so an approval never carries over to a
// script nobody looked at.
QString planFingerprint(const QString &targetKey, const QList<const MigrationStatus *> &selected);

// Sign-offs and overrides, kept in the run store next to the runs they let through.
class SignoffStore
{
public:
    explicit SignoffStore(RunStore &store);
    const QString &error() const { return m_error; } // the table could not be prepared

    QString add(Signoff &s); // sets id and at; error text, empty on success
    QList<Signoff> forPlan(const QString &targetKey, const QString &plan, const QString &kind = QStringLiteral("signoff"));
    QList<Signoff> forRun(const QString &runId);
    // Marks sign-offs as used by a run (they stay valid for a retry of the same plan).
    QString attach(const QList<qint64> &ids, const QString &runId);

private:
    RunStore &m_store;
    QString m_error;
};

} // namespace mig
