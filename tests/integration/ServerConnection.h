#pragma once

#include "sql/ScriptSplitter.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

// Test-side access to the throwaway servers the CTest fixtures start. The port comes from the
// environment the fixture sets; without it the test fails (never skips).
inline QSqlDatabase openServer(const QString &driver, const char *portVariable, const QString &user,
                               const QString &password, QString *error)
{
    const QByteArray port = qgetenv(portVariable);
    if (port.isEmpty()) {
        *error = QStringLiteral("%1 is not set: run the test through CTest so its server fixture starts").arg(QLatin1String(portVariable));
        return {};
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, driver + QStringLiteral("-test"));
    db.setHostName(QStringLiteral("127.0.0.1"));
    db.setPort(port.toInt());
    db.setDatabaseName(QStringLiteral("mc_test"));
    db.setUserName(user);
    db.setPassword(password);
    if (!db.open())
        *error = db.lastError().text();
    return db;
}

// Runs every statement of a script the way the splitter cut it. Returns the first failure as
// "line N: <server error>" (empty when all ran).
inline QString runScript(QSqlDatabase &db, const mig::ScriptRef &script, mig::Dialect dialect, int *count = nullptr)
{
    QString failure;
    int n = 0;
    const mig::ScriptSplitResult r = mig::splitScript(script, dialect, [&](mig::Statement &&s) {
        QSqlQuery q(db);
        if (!q.exec(s.sql)) {
            failure = QStringLiteral("line %1: %2\n%3").arg(s.firstLine).arg(q.lastError().text(), s.sql);
            return false;
        }
        ++n;
        return true;
    });
    if (count)
        *count = n;
    if (r.error)
        return QStringLiteral("split error at line %1: %2").arg(r.error->line).arg(r.error->message);
    return failure;
}
