#pragma once
// Private to lint/: the live target as the rules measure it — its tables (from a catalog
// snapshot: existence, columns, bytes), exact row counts counted once per table, and the counting
// queries of the data rules, each sent in a read-only transaction.

#include "Lint.h"
#include "StatementActions.h"

#include "schema/SchemaSnapshot.h"
#include "target/SqlResult.h"

#include <QHash>

namespace mig::lint::detail {

struct LiveTable {
    QString schema; // as the catalog names it (MySQL: the database; SQLite: empty)
    QString name;
    qint64 bytes = -1;
    QString sql;    // quoted and qualified, for queries
    QString shown;  // as a person writes it: quoted only where needed, the schema when not the default

    const QString &display() const { return shown; }
};

// A number that could not be measured carries the engine's reason.
struct Measured {
    std::optional<qint64> value;
    QString error;
};

class LiveTarget
{
public:
    LiveTarget(TargetSession &session, const LintOptions &options);

    // Reads the catalog; the error when it cannot.
    QString load();

    Dialect dialect() const { return m_dialect; }
    int serverVersion() const { return m_serverVersion; }
    const QString &database() const { return m_snapshot.database; }

    // The live table a statement's name means (PostgreSQL: along the search path); nullptr when
    // the target has none.
    const LiveTable *table(const TableName &name) const;
    // The same table, whether or not it lives: schema resolved, case folded where the engine
    // folds it. Two names of one table give the same key.
    QString key(const TableName &name) const;
    // Column attributes (type, nullable) of a live table's column; nullptr when it has none.
    const SchemaObject *column(const LiveTable &table, const QString &column) const;
    // The live tables of a schema (PostgreSQL) or of the target database (MySQL).
    QList<const LiveTable *> tablesOf(const QString &schema) const;
    bool hasSchema(const QString &schema) const;

    Measured rows(const LiveTable &table); // exact count(*), counted once
    bool large(const LiveTable &table, qint64 rows) const;
    // "50,000 rows, 12.3 MB" (bytes left out where the engine cannot tell)
    QString size(const LiveTable &table, qint64 rows) const;

    // One row of numbers from a read-only query.
    struct Numbers {
        QList<qint64> values;
        QString error;
        bool ok() const { return error.isEmpty(); }
    };
    Numbers numbers(const QString &sql);

    QString quote(const QString &identifier) const;
    QString readable(const QString &identifier) const; // quoted only where it must be

private:
    TargetSession &m_session;
    const LintOptions &m_options;
    Dialect m_dialect;
    int m_serverVersion = 0;
    SchemaSnapshot m_snapshot;
    QStringList m_searchPath; // PostgreSQL: current_schemas(false)
    QList<LiveTable> m_tables;
    QHash<QString, qsizetype> m_byKey;
    QHash<QString, qint64> m_rows;
};

// 1,204,332
QString number(qint64 n);

} // namespace mig::lint::detail
