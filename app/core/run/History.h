#pragma once

#include "target/TargetSession.h"

#include <QList>
#include <QString>

namespace mig {

// One row of the history table: one action on one migration. The table is append-mostly: a
// migration's state is its latest row; a row is updated only while its action runs (progress of
// a migration that cannot run in one transaction).
struct HistoryRow {
    qint64 id = 0;
    QString version;   // as the folder shows it; empty for repeatable migrations
    QString name;
    QString checksum;  // of the script as run (the up script for "up", the down script for "down")
    QString script;    // its text, for diffs; empty when larger than HistoryTable::MaxScriptBytes
    QString direction; // up | down
    QString action;    // apply | resume | rollback | mark-applied | baseline
    QString status;    // applied | applied_differs | failed | rolled_back | cancelled | dirty
    QString startedAt; // ISO-8601 UTC, milliseconds: 2026-11-21T09:30:00.123Z
    QString finishedAt;
    qint64 durationMs = 0;
    int statementsDone = 0;
    int statementsTotal = 0;
    qint64 batchRowsDone = 0; // rows done by the batched statement after statementsDone
    QString runId;
    QString appliedBy;      // OS user@host
    QString consoleVersion;
    QString errorCode;      // SQLSTATE / engine code
    QString errorMessage;
    QString errorStatement; // the failing statement's text
    QString errorFile;
    int errorLine = 0;
    QString reason;         // mark-applied, baseline: why, in the DBA's words
};

struct HistoryRead {
    std::optional<SqlError> error;
    bool exists = false;
    QList<HistoryRow> rows; // in id order
};

// The history table in the target, in each engine's own types.
class HistoryTable
{
public:
    static constexpr qint64 MaxScriptBytes = 1 << 20; // larger scripts are stored without text
    // The status of an applied migration whose schema afterwards is not what it declared
    // (at most 16 characters: the width of the status column in every engine).
    static inline const QString AppliedWithDifferences = QStringLiteral("applied_differs");

    explicit HistoryTable(TargetSession &session);

    HistoryRead read();                 // does not create anything (dry runs, status)
    std::optional<SqlError> ensure();   // creates the table on first use
    std::optional<SqlError> insert(HistoryRow &row); // sets row.id
    std::optional<SqlError> update(const HistoryRow &row);
    // Marks row `id` applied_differs, the differences in its error message.
    std::optional<SqlError> markDifferences(qint64 id, const QString &differences);
    // Reloads statementsDone and batchRowsDone of row.id as committed.
    std::optional<SqlError> readProgress(HistoryRow &row);

    static QString nowUtc();

private:
    std::optional<SqlError> exists(bool &found);
    QString timestampRead(const QString &column) const;
    QString timestampWrite(const QString &iso) const;

    TargetSession &m_session;
    QString m_table; // quoted
};

} // namespace mig
