#pragma once

#include "sql/Dialect.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace mig::ui {

// What the profile editor offers and checks per engine. Widget-free, so the rules are tested
// without a dialog.

QList<Dialect> profileEngines();           // in the order the engine combo lists them
QString engineLabel(Dialect engine);       // "SQLite", "PostgreSQL", "MySQL/MariaDB"
int defaultPort(Dialect engine);           // 0 for SQLite
// The engine's TLS settings: libpq sslmode values, the MariaDB client's ssl-mode values; none
// for SQLite. The empty "driver default" choice is not in the list.
QStringList tlsModes(Dialect engine);
QString tlsSettingName(Dialect engine);    // "sslmode", "ssl-mode", empty for SQLite

// Why `name` cannot be the history table on this engine (empty when it can): the engine's
// identifier rules, narrowed to what the console can quote and suffix (TargetSession).
QString historyTableProblem(Dialect engine, const QString &name);

// Why `name` cannot name a saved profile (empty when it can): it is a settings group name.
QString profileNameProblem(const QString &name);

// Further driver options, one "key=value" per line (blank lines and "#" comments ignored).
struct ParsedOptions {
    QMap<QString, QString> options;
    QString error; // the first bad line, with its number
};
ParsedOptions parseOptions(Dialect engine, const QString &text);
QString formatOptions(const QMap<QString, QString> &options);

} // namespace mig::ui
