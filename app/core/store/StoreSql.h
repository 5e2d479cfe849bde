#pragma once

// Small helpers over sqlite3's API for the classes that keep tables in the run store (runs,
// backups, sign-offs): text parameters in, text rows out.
#include <QJsonObject>
#include <QList>
#include <QStringList>

struct sqlite3;

namespace mig::storesql {

// Binds text parameters in order and steps the statement once; error text, empty on success.
QString run(sqlite3 *db, const char *sql, const QList<QByteArray> &params);
// Every row of a query, each column as text (NULL reads as empty); none on an error.
QList<QStringList> select(sqlite3 *db, const char *sql, const QList<QByteArray> &params);
// Several statements without parameters (schema set-up); error text, empty on success.
QString exec(sqlite3 *db, const char *sql);
// Whether `table` has `column` (for stores written by an older console).
bool hasColumn(sqlite3 *db, const char *table, const char *column);

QJsonObject parseObject(const QString &text);
// "?, ?, ?" for an IN list; "" for none (the caller leaves the condition out).
QByteArray placeholders(qsizetype n);
QList<QByteArray> utf8(const QStringList &list);

} // namespace mig::storesql
