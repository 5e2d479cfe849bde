#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTime>
#include <QTimeZone>

class QDateTime;

namespace mig {

// One allowed run window: on these days, from..to in a time zone (to < from crosses midnight).
struct RunWindow {
    QList<int> days;     // Qt::DayOfWeek values (1 = Monday); empty: every day
    QTime from, to;
    QTimeZone zone = QTimeZone::utc();
    QString text;        // as the policy wrote it, for messages: "Sat,Sun 01:00-05:00 UTC"

    bool contains(const QDateTime &when) const;
};

// The go/no-go policy of a migrations folder (migctl-policy.json, documented in the README):
// what blocks a GO, who must sign, how fresh the backup must be, when runs may start. Loaded
// strictly - an unknown key or a wrong type is an error - because a misspelt rule that is
// silently ignored would let through what the team meant to block.
struct Policy {
    static constexpr const char *FileName = "migctl-policy.json";
    enum class Level { Block, Warn, Off };

    QString source;        // the file it came from; empty: the defaults (no policy file)
    bool enforce = false;  // apply refuses without GO (default: true with a policy file)

    QHash<QString, Level> checks;      // pre-flight check id -> what its failure does (default block)
    QHash<QString, QString> lintRules; // lint rule id -> block | warn | info | off
    qint64 largeTableRows = 1'000'000;
    qint64 largeTableBytes = qint64(1) << 30;

    QStringList requiredRoles;         // sign-offs needed for GO
    bool distinctSigners = true;       // one person cannot sign for two roles

    bool backupRequired = true;
    int backupMaxAgeHours = 24;
    bool restoreTestRequired = true;
    QString backupDir;                 // empty: beside the run store

    enum class Rollback { Verified, Present, None };
    Rollback rollback = Rollback::Verified; // what each pending migration's rollback must be

    int longTransactionSeconds = 60;
    int maxReplicationLagSeconds = 10;
    int maxActiveSessions = -1;        // -1: reported, never fails

    QList<RunWindow> windows;          // empty: any time

    Level levelOf(const QString &checkId) const { return checks.value(checkId, Level::Block); }
    bool allowsNow(const QDateTime &when, QString *why) const;

    static QString levelName(Level l);
    static QString rollbackName(Rollback r);
    // The ids pre-flight checks go by, for validating "checks" (kept with the checklist).
    static const QStringList &checkIds();
};

struct PolicyLoad {
    Policy policy;
    QString error; // file:line: what is wrong; empty on success
};

// DIR/migctl-policy.json, or `file` when given; the defaults when neither exists (a given file
// that does not exist is an error).
PolicyLoad loadPolicy(const QString &dir, const QString &file = {});
PolicyLoad parsePolicy(const QByteArray &json, const QString &source);

} // namespace mig
