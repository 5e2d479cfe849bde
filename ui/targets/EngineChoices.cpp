#include "EngineChoices.h"

#include "target/ConnectionProfile.h"
#include "target/TargetSession.h"

#include <QRegularExpression>

namespace mig::ui {

QList<Dialect> profileEngines()
{
    return {Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql};
}

QString engineLabel(Dialect engine)
{
    switch (engine) {
    case Dialect::Sqlite: return QStringLiteral("SQLite");
    case Dialect::Postgres: return QStringLiteral("PostgreSQL");
    case Dialect::Mysql: return QStringLiteral("MySQL/MariaDB");
    }
    return {};
}

int defaultPort(Dialect engine)
{
    // The engine knows its defaults; a profile with port 0 uses them.
    ConnectionProfile p;
    p.engine = engine;
    return p.effectivePort();
}

QStringList tlsModes(Dialect engine)
{
    switch (engine) {
    case Dialect::Postgres:
        return {QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
                QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    case Dialect::Mysql:
        return {QStringLiteral("disabled"), QStringLiteral("preferred"), QStringLiteral("required"),
                QStringLiteral("verify_ca"), QStringLiteral("verify_identity")};
    case Dialect::Sqlite:
        break;
    }
    return {};
}

QString tlsSettingName(Dialect engine)
{
    switch (engine) {
    case Dialect::Postgres: return QStringLiteral("sslmode");
    case Dialect::Mysql: return QStringLiteral("ssl-mode");
    case Dialect::Sqlite: break;
    }
    return {};
}

QString historyTableProblem(Dialect engine, const QString &name)
{
    if (name.isEmpty())
        return QStringLiteral("the history table needs a name");
    const QStringList parts = name.split(u'.');
    if (parts.size() > 2)
        return QStringLiteral("at most one qualifier: %1").arg(engine == Dialect::Mysql ? QStringLiteral("database.table")
                                                                                         : QStringLiteral("schema.table"));
    static const QRegularExpression start(QStringLiteral("^[A-Za-z_]"));
    static const QRegularExpression chars(QStringLiteral("^[A-Za-z0-9_$]*$"));
    for (const QString &part : parts) {
        if (part.isEmpty())
            return QStringLiteral("an empty name before or after the dot");
        if (!chars.match(part).hasMatch())
            return QStringLiteral("\"%1\": only letters, digits, _ and $").arg(part);
        // MySQL allows a leading digit, but a name of digits only reads as a number; the console
        // quotes names the same way on every engine, so it keeps the stricter common rule.
        if (!start.match(part).hasMatch())
            return QStringLiteral("\"%1\": must start with a letter or _").arg(part);
        // 50, not the engines' 63/64: the lock-note table and the index add a suffix, and
        // PostgreSQL would silently cut a longer name.
        if (part.size() > 50)
            return QStringLiteral("\"%1\" has %2 characters; at most 50 (the console adds suffixes within the "
                                  "engine's %3-character limit)")
                .arg(part.left(12) + QStringLiteral("…"))
                .arg(part.size())
                .arg(engine == Dialect::Mysql ? 64 : 63);
    }
    if (engine == Dialect::Sqlite && parts.size() == 2 && parts.first() != u"main")
        return QStringLiteral("SQLite: only \"main.\" may qualify the table (other schemas are attached files)");
    if (!TargetSession::validIdentifier(name))
        return QStringLiteral("not a name the console can use");
    return {};
}

QString profileNameProblem(const QString &name)
{
    if (name.trimmed().isEmpty())
        return QStringLiteral("the profile needs a name");
    if (name != name.trimmed())
        return QStringLiteral("the name must not start or end with a space");
    // The name is a QSettings group: '/' and '\' would nest groups.
    if (name.contains(u'/') || name.contains(u'\\'))
        return QStringLiteral("the name must not contain / or \\");
    return {};
}

ParsedOptions parseOptions(Dialect engine, const QString &text)
{
    ParsedOptions out;
    const QStringList lines = text.split(u'\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const qsizetype eq = line.indexOf(u'=');
        const QString key = eq < 0 ? line : line.left(eq).trimmed();
        const auto bad = [&](const QString &why) {
            out.error = QStringLiteral("options line %1: %2").arg(i + 1).arg(why);
            out.options.clear();
            return out;
        };
        if (eq <= 0 || key.isEmpty())
            return bad(QStringLiteral("write key=value"));
        // Options are saved in the settings file, in plain text: no secret may go there.
        if (isSecretOptionName(key))
            return bad(QStringLiteral("%1: a password or other secret does not belong in the options (they are saved in "
                                      "plain text); the password goes to the keychain").arg(key));
        if (key == tlsSettingName(engine) || key == u"history-table")
            return bad(QStringLiteral("%1 has its own field").arg(key));
        if (out.options.contains(key))
            return bad(QStringLiteral("%1 is given twice").arg(key));
        out.options.insert(key, line.mid(eq + 1).trimmed());
    }
    return out;
}

QString formatOptions(const QMap<QString, QString> &options)
{
    QStringList lines;
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        lines << it.key() + u'=' + it.value();
    return lines.join(u'\n');
}

} // namespace mig::ui
