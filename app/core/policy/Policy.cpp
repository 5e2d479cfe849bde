#include "Policy.h"

#include "lint/Lint.h"
#include "source/PrintableText.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>

namespace mig {

namespace {

int lineAt(const QByteArray &text, qsizetype offset)
{
    return int(text.left(offset).count('\n')) + 1;
}

// Reads one JSON object strictly; every problem names the file, the line of the key and why.
class Reader
{
public:
    Reader(const QByteArray &text, QString source) : m_text(text), m_source(std::move(source)) {}

    QString fail(const QString &key, const QString &why)
    {
        if (m_error.isEmpty()) {
            const qsizetype at = key.isEmpty() ? -1 : m_text.indexOf(QByteArray("\"") + key.toUtf8() + '"');
            m_error = at < 0 ? QStringLiteral("%1: %2").arg(m_source, why)
                             : QStringLiteral("%1:%2: %3").arg(m_source).arg(lineAt(m_text, at)).arg(why);
        }
        return m_error;
    }
    const QString &error() const { return m_error; }

    // Keys outside `known` are an error: a misspelt key must not pass silently.
    bool onlyKeys(const QJsonObject &o, const QString &where, const QStringList &known)
    {
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!known.contains(it.key())) {
                fail(it.key(), QStringLiteral("unknown key %1%2 (known: %3)")
                                   .arg(printableText(it.key(), true), where.isEmpty() ? QString() : QStringLiteral(" in \"%1\"").arg(where), known.join(QStringLiteral(", "))));
                return false;
            }
        return true;
    }
    void readBool(const QJsonObject &o, const char *key, bool &value)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return;
        if (!v.isBool())
            fail(QLatin1String(key), QStringLiteral("\"%1\" must be true or false").arg(QLatin1String(key)));
        value = v.toBool();
    }
    template<typename Int>
    void readInt(const QJsonObject &o, const char *key, Int &value, qint64 min)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return;
        const double d = v.toDouble(-1e300);
        if (!v.isDouble() || d != std::floor(d) || d < double(min))
            fail(QLatin1String(key), QStringLiteral("\"%1\" must be a whole number >= %2").arg(QLatin1String(key)).arg(min));
        // Past Int's range the conversion is undefined (found by fuzzing: 1e40 bytes became negative).
        else if (d >= std::ldexp(1.0, std::numeric_limits<Int>::digits))
            fail(QLatin1String(key), QStringLiteral("\"%1\" is too large (at most %2)").arg(QLatin1String(key)).arg(std::numeric_limits<Int>::max()));
        else
            value = Int(d);
    }
    QJsonObject object(const QJsonObject &o, const char *key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isObject())
            fail(QLatin1String(key), QStringLiteral("\"%1\" must be an object").arg(QLatin1String(key)));
        return v.toObject();
    }
    QString string(const QJsonObject &o, const char *key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isString())
            fail(QLatin1String(key), QStringLiteral("\"%1\" must be a string").arg(QLatin1String(key)));
        return v.toString();
    }

private:
    const QByteArray &m_text;
    QString m_source;
    QString m_error;
};

std::optional<Policy::Level> levelFromName(const QString &name)
{
    if (name == u"block")
        return Policy::Level::Block;
    if (name == u"warn")
        return Policy::Level::Warn;
    if (name == u"off")
        return Policy::Level::Off;
    return std::nullopt;
}

std::optional<int> dayFromName(const QString &name)
{
    static const QStringList days{QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"), QStringLiteral("thu"),
                                  QStringLiteral("fri"), QStringLiteral("sat"), QStringLiteral("sun")};
    const int i = int(days.indexOf(name.left(3).toLower()));
    return i < 0 ? std::nullopt : std::optional<int>(i + 1);
}

void readWindow(Reader &r, const QJsonValue &v, Policy &p)
{
    if (!v.isObject()) {
        r.fail(QStringLiteral("windows"), QStringLiteral("each of \"windows\" must be an object {\"days\", \"from\", \"to\", \"timezone\"}"));
        return;
    }
    const QJsonObject o = v.toObject();
    if (!r.onlyKeys(o, QStringLiteral("windows"), {QStringLiteral("days"), QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("timezone")}))
        return;
    RunWindow w;
    QStringList dayNames;
    for (const QJsonValue &d : o.value(u"days").toArray()) {
        const auto day = dayFromName(d.toString());
        if (!day) {
            r.fail(QStringLiteral("days"), QStringLiteral("\"%1\" is not a day (Mon, Tue, ... Sun)").arg(d.toString()));
            return;
        }
        w.days << *day;
        dayNames << d.toString();
    }
    w.from = QTime::fromString(r.string(o, "from"), QStringLiteral("HH:mm"));
    w.to = QTime::fromString(r.string(o, "to"), QStringLiteral("HH:mm"));
    if (!w.from.isValid() || !w.to.isValid() || w.from == w.to) {
        r.fail(QStringLiteral("from"), QStringLiteral("a window needs \"from\" and \"to\" as different HH:MM times"));
        return;
    }
    const QString zone = o.contains(u"timezone") ? r.string(o, "timezone") : QStringLiteral("UTC");
    w.zone = zone == u"UTC" ? QTimeZone::utc() : QTimeZone(zone.toUtf8());
    if (!w.zone.isValid()) {
        r.fail(QStringLiteral("timezone"), QStringLiteral("unknown time zone \"%1\" (an IANA name such as Europe/Paris, or UTC)").arg(zone));
        return;
    }
    w.text = QStringLiteral("%1%2-%3 %4")
                 .arg(dayNames.isEmpty() ? QString() : dayNames.join(u',') + u' ', w.from.toString(QStringLiteral("HH:mm")),
                      w.to.toString(QStringLiteral("HH:mm")), zone);
    p.windows << w;
}

} // namespace

bool RunWindow::contains(const QDateTime &when) const
{
    const QDateTime local = when.toTimeZone(zone);
    const QTime t = local.time();
    // A window that crosses midnight belongs to the day it starts on.
    int day = local.date().dayOfWeek();
    bool inside;
    if (from < to) {
        inside = t >= from && t < to;
    } else {
        inside = t >= from || t < to;
        if (t < to)
            day = day == 1 ? 7 : day - 1;
    }
    return inside && (days.isEmpty() || days.contains(day));
}

bool Policy::allowsNow(const QDateTime &when, QString *why) const
{
    QStringList texts;
    for (const RunWindow &w : windows) {
        if (w.contains(when)) {
            *why = QStringLiteral("inside the window %1").arg(w.text);
            return true;
        }
        texts << w.text;
    }
    if (windows.isEmpty()) {
        *why = QStringLiteral("the policy sets no run window");
        return true;
    }
    *why = QStringLiteral("%1 is outside the allowed window(s): %2").arg(when.toUTC().toString(Qt::ISODate), texts.join(QStringLiteral("; ")));
    return false;
}

QString Policy::levelName(Level l)
{
    switch (l) {
    case Level::Block: return QStringLiteral("block");
    case Level::Warn: return QStringLiteral("warn");
    case Level::Off: return QStringLiteral("off");
    }
    return {};
}

QString Policy::rollbackName(Rollback r)
{
    switch (r) {
    case Rollback::Verified: return QStringLiteral("verified");
    case Rollback::Present: return QStringLiteral("present");
    case Rollback::None: return QStringLiteral("none");
    }
    return {};
}

const QStringList &Policy::checkIds()
{
    static const QStringList ids{
        QStringLiteral("connection"), QStringLiteral("server-version"), QStringLiteral("run-lock"), QStringLiteral("history"),
        QStringLiteral("drift"), QStringLiteral("backup"), QStringLiteral("rollbacks"), QStringLiteral("lint"),
        QStringLiteral("sessions"), QStringLiteral("long-transactions"), QStringLiteral("replication"), QStringLiteral("disk"),
        QStringLiteral("run-window"), QStringLiteral("signoffs")};
    return ids;
}

PolicyLoad parsePolicy(const QByteArray &json, const QString &source)
{
    PolicyLoad out;
    Policy &p = out.policy;
    p.source = source;
    p.enforce = true;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Qt's offset lies past the whitespace after the bad token: the line is that of the last
        // character before it.
        qsizetype at = qMin<qsizetype>(parseError.offset, json.size());
        while (at > 0 && QChar::isSpace(uchar(json.at(at - 1))))
            --at;
        out.error = QStringLiteral("%1:%2: not valid JSON: %3").arg(source).arg(lineAt(json, qMax<qsizetype>(at - 1, 0))).arg(parseError.errorString());
        return out;
    }
    if (!doc.isObject()) {
        out.error = QStringLiteral("%1: the policy must be a JSON object").arg(source);
        return out;
    }
    Reader r(json, source);
    const QJsonObject root = doc.object();
    if (!r.onlyKeys(root, {}, {QStringLiteral("schema"), QStringLiteral("enforce"), QStringLiteral("checks"), QStringLiteral("lint"),
                               QStringLiteral("signoffs"), QStringLiteral("backup"), QStringLiteral("rollback"), QStringLiteral("sessions"),
                               QStringLiteral("windows")})) {
        out.error = r.error();
        return out;
    }
    if (root.contains(u"schema") && root.value(u"schema").toString() != u"migctl.policy/1")
        r.fail(QStringLiteral("schema"), QStringLiteral("\"schema\" must be \"migctl.policy/1\""));
    r.readBool(root, "enforce", p.enforce);

    const QJsonObject checks = r.object(root, "checks");
    for (auto it = checks.begin(); it != checks.end(); ++it) {
        const auto level = levelFromName(it.value().toString());
        if (!Policy::checkIds().contains(it.key()))
            r.fail(it.key(), QStringLiteral("unknown check %1 (known: %2)").arg(printableText(it.key(), true), Policy::checkIds().join(QStringLiteral(", "))));
        else if (!level)
            r.fail(it.key(), QStringLiteral("check \"%1\" must be \"block\", \"warn\" or \"off\"").arg(it.key()));
        else
            p.checks.insert(it.key(), *level);
    }

    const QJsonObject lint = r.object(root, "lint");
    if (r.onlyKeys(lint, QStringLiteral("lint"), {QStringLiteral("rules"), QStringLiteral("largeTableRows"), QStringLiteral("largeTableBytes")})) {
        r.readInt(lint, "largeTableRows", p.largeTableRows, 0);
        r.readInt(lint, "largeTableBytes", p.largeTableBytes, 0);
        const QJsonObject rules = r.object(lint, "rules");
        for (auto it = rules.begin(); it != rules.end(); ++it) {
            const QString level = it.value().toString();
            // A misspelt rule would be silently ignored: what the team meant to block would pass.
            if (!lint::findRule(it.key())) {
                QStringList known;
                for (const lint::Rule &rule : lint::rules())
                    known << rule.id;
                r.fail(it.key(), QStringLiteral("unknown lint rule %1 (known: %2)").arg(printableText(it.key(), true), known.join(QStringLiteral(", "))));
                continue;
            }
            if (!QStringList{QStringLiteral("block"), QStringLiteral("warn"), QStringLiteral("info"), QStringLiteral("off")}.contains(level))
                r.fail(it.key(), QStringLiteral("lint rule \"%1\" must be \"block\", \"warn\", \"info\" or \"off\"").arg(it.key()));
            p.lintRules.insert(it.key(), level);
        }
    }

    const QJsonObject signoffs = r.object(root, "signoffs");
    if (r.onlyKeys(signoffs, QStringLiteral("signoffs"), {QStringLiteral("required"), QStringLiteral("distinctPeople")})) {
        for (const QJsonValue &role : signoffs.value(u"required").toArray()) {
            const QString name = role.toString().trimmed();
            if (name.isEmpty())
                r.fail(QStringLiteral("required"), QStringLiteral("each required sign-off role must be a non-empty string"));
            else if (hasControlCharacters(name))
                r.fail(QStringLiteral("required"), QStringLiteral("the sign-off role %1 holds control characters").arg(printableText(name, true)));
            else if (!p.requiredRoles.contains(name, Qt::CaseInsensitive))
                p.requiredRoles << name;
        }
        r.readBool(signoffs, "distinctPeople", p.distinctSigners);
    }

    const QJsonObject backup = r.object(root, "backup");
    if (r.onlyKeys(backup, QStringLiteral("backup"), {QStringLiteral("required"), QStringLiteral("maxAgeHours"), QStringLiteral("restoreTest"), QStringLiteral("dir")})) {
        r.readBool(backup, "required", p.backupRequired);
        r.readInt(backup, "maxAgeHours", p.backupMaxAgeHours, 1);
        r.readBool(backup, "restoreTest", p.restoreTestRequired);
        p.backupDir = r.string(backup, "dir");
        if (!p.backupDir.isEmpty() && QDir::isRelativePath(p.backupDir))
            r.fail(QStringLiteral("dir"), QStringLiteral("\"backup\".\"dir\" must be an absolute path"));
    }

    if (root.contains(u"rollback")) {
        const QString rb = r.string(root, "rollback");
        if (rb == u"verified")
            p.rollback = Policy::Rollback::Verified;
        else if (rb == u"present")
            p.rollback = Policy::Rollback::Present;
        else if (rb == u"none")
            p.rollback = Policy::Rollback::None;
        else
            r.fail(QStringLiteral("rollback"), QStringLiteral("\"rollback\" must be \"verified\", \"present\" or \"none\""));
    }

    const QJsonObject sessions = r.object(root, "sessions");
    if (r.onlyKeys(sessions, QStringLiteral("sessions"), {QStringLiteral("longTransactionSeconds"), QStringLiteral("maxReplicationLagSeconds"), QStringLiteral("maxActiveSessions")})) {
        r.readInt(sessions, "longTransactionSeconds", p.longTransactionSeconds, 1);
        r.readInt(sessions, "maxReplicationLagSeconds", p.maxReplicationLagSeconds, 0);
        r.readInt(sessions, "maxActiveSessions", p.maxActiveSessions, -1);
    }

    const QJsonValue windows = root.value(u"windows");
    if (!windows.isUndefined() && !windows.isArray())
        r.fail(QStringLiteral("windows"), QStringLiteral("\"windows\" must be an array"));
    for (const QJsonValue &w : windows.toArray())
        readWindow(r, w, p);

    out.error = r.error();
    return out;
}

PolicyLoad loadPolicy(const QString &dir, const QString &file)
{
    const QString path = file.isEmpty() ? QDir(dir).filePath(QLatin1String(Policy::FileName)) : file;
    QFile f(path);
    if (!f.exists()) {
        PolicyLoad none;
        if (!file.isEmpty())
            none.error = QStringLiteral("%1: no such policy file").arg(path);
        return none;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        PolicyLoad bad;
        bad.error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return bad;
    }
    return parsePolicy(f.readAll(), path);
}

} // namespace mig
