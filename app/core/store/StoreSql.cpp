#include "StoreSql.h"

#include <QJsonDocument>

#include <sqlite3.h>

namespace mig::storesql {

namespace {

bool bindAll(sqlite3_stmt *st, const QList<QByteArray> &params)
{
    for (int i = 0; i < params.size(); ++i)
        if (sqlite3_bind_text(st, i + 1, params.at(i).constData(), int(params.at(i).size()), SQLITE_TRANSIENT) != SQLITE_OK)
            return false;
    return true;
}

} // namespace

QString run(sqlite3 *db, const char *sql, const QList<QByteArray> &params)
{
    if (!db)
        return QStringLiteral("the run store is not open");
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK)
        return QString::fromUtf8(sqlite3_errmsg(db));
    const int rc = bindAll(st, params) ? sqlite3_step(st) : SQLITE_ERROR;
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? QString() : QString::fromUtf8(sqlite3_errmsg(db));
}

QList<QStringList> select(sqlite3 *db, const char *sql, const QList<QByteArray> &params)
{
    QList<QStringList> rows;
    sqlite3_stmt *st = nullptr;
    if (!db || sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK)
        return rows;
    if (bindAll(st, params)) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            QStringList row;
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(st, c));
                row << (text ? QString::fromUtf8(text, sqlite3_column_bytes(st, c)) : QString());
            }
            rows << row;
        }
    }
    sqlite3_finalize(st);
    return rows;
}

QString exec(sqlite3 *db, const char *sql)
{
    if (!db)
        return QStringLiteral("the run store is not open");
    char *error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) == SQLITE_OK)
        return {};
    const QString text = QString::fromUtf8(error);
    sqlite3_free(error);
    return text;
}

bool hasColumn(sqlite3 *db, const char *table, const char *column)
{
    return !select(db, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?", {QByteArray(table), QByteArray(column)}).isEmpty();
}

QJsonObject parseObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QByteArray placeholders(qsizetype n)
{
    QByteArrayList marks;
    for (qsizetype i = 0; i < n; ++i)
        marks << "?";
    return marks.join(", ");
}

QList<QByteArray> utf8(const QStringList &list)
{
    QList<QByteArray> out;
    for (const QString &s : list)
        out << s.toUtf8();
    return out;
}

} // namespace mig::storesql
