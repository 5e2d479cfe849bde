#pragma once
// Private to lint/: walks the pending migrations statement by statement, keeps track of what the
// statements before did (tables they create, drop, rename, fill), and hands each action to the
// rules: the destructive and lock rules (TableRules.cpp), the data rules (DataRules.cpp), the
// transaction rule (Linter.cpp).

#include "LiveTarget.h"

#include "plan/FolderPlan.h"

namespace mig::lint::detail {

// The statement being read.
struct Place {
    QString version;
    QString file;
    int line = 0;
    QString statement; // its first line

    QString at() const { return QStringLiteral("%1:%2").arg(file).arg(line); }
};

// Where the rows a data rule counts come from: a live table, or the rows an INSERT ... SELECT
// copies into a table a pending migration creates (a table rebuild).
struct Source {
    QString with;  // "WITH migctl_src(a, b) AS (SELECT ...) ", or empty
    QString from;  // the quoted table, or migctl_src
    QString rows;  // "rows of users", "rows copied from users"
    QString table; // the table the rows are in, for hints
};

inline Source liveRows(const LiveTable &t)
{
    return {QString(), t.sql, QStringLiteral("rows of ") + t.display(), t.display()};
}

class Linter
{
public:
    Linter(LiveTarget &live, const LintOptions &options, LintReport &report);

    void migration(const PlannedMigration &m, const QString &version);

private:
    // What the pending statements read so far did; keys are LiveTarget::key().
    struct Pending {
        QHash<QString, QString> created;      // table -> where
        QHash<QString, QString> dropped;      // table -> where (also renamed away)
        QHash<QString, QString> written;      // table -> where its rows changed
        QHash<QString, QString> copied;       // table -> where an INSERT ... SELECT copied its rows
        QHash<QString, QString> addedColumns; // table.column -> where
        QHash<QString, TableName> renamed;    // new name -> the live table it was
        QHash<QString, QList<Action>> declared; // created table -> its NOT NULL / CHECK / UNIQUE
        QHash<QString, QStringList> columns;    // created table -> its columns
    };
    // A table as the statement meets it.
    struct Table {
        const LiveTable *live = nullptr;
        QString missing;       // why there is no live table to measure; empty when there is
        QString written;       // where a pending statement changed its rows first
        bool pending = false;  // created by a pending statement
        bool gone = false;     // dropped or renamed away by a pending statement
    };
    // The transaction rule needs the whole migration.
    struct Transaction {
        int statements = 0;
        int openBegin = 0; // line of the script's own BEGIN still open
        struct Outside {
            Place at;
            QString reason;
            int insideBegin = 0;
        };
        QList<Outside> outside;
        std::optional<Place> firstDdl;
        QList<int> dataLines;
    };

    void statement(const Statement &s, const StatementActions &actions, bool transactional, Transaction &tx);
    void transactionRule(const PlannedMigration &m, const Transaction &tx);
    void track(const Action &a);

    Table resolve(const TableName &name) const;
    QString columnKey(const TableName &table, const QString &column) const;

    // TableRules.cpp
    void destructive(const Action &a);
    void dropColumn(const Action &a);
    void dropSchema(const Action &a);
    void rename(const Action &a);
    void lockImpact(const Action &a, const StatementActions &all);
    const LiveTable *lockTable(const char *rule, const TableName &name, qint64 *rows);
    void mysqlAlgorithm(const Action &a, const StatementActions &all);

    // DataRules.cpp
    void liveConstraint(const Action &a);
    void notNull(const Action &a);
    void addColumn(const Action &a);
    void unique(const Action &a, const Source &src, const QString &what);
    void check(const Action &a, const Source &src, const QString &what);
    void typeChange(const Action &a);
    void rebuild(const Action &insert);
    std::optional<Source> liveSource(const char *rule, const TableName &table, const QString &column, const QString &subject);
    LiveTarget::Numbers countWhere(const Source &src, const QString &condition);

    bool on(const char *rule) const;
    void raise(const char *rule, Severity cap, const QString &message, const QString &evidence, const QString &hint);
    void notChecked(const char *rule, const QString &subject, const QString &reason);
    QString q(const QString &identifier) const { return m_live.quote(identifier); }

    LiveTarget &m_live;
    const LintOptions &m_options;
    LintReport &m_report;
    Pending m_pending;
    Place m_at;
};

} // namespace mig::lint::detail
