#pragma once

#include "BackupCatalog.h"

#include <QByteArray>
#include <functional>

namespace mig {

// Reads mysqldump's output as it streams by and counts the rows of each table in it, so that
// the catalogued counts are exactly the rows the file holds — the same snapshot by construction
// (a count taken on another connection would be another snapshot on MariaDB, which cannot share
// one between sessions).
//
// It relies on how mysqldump writes (without --complete-insert, --xml or --tab): each table's
// structure starts with a line "CREATE TABLE `name` (", each of its data statements starts a
// line with "INSERT INTO `name` VALUES " followed by the rows "(...),(...);" (on that line, or
// one row per line as MariaDB 10.11's writes them) up to a ';' outside the rows, whose strings
// escape quotes, backslashes and line breaks with a backslash; routines, triggers and events
// come between "DELIMITER ;;" and "DELIMITER ;" lines, where a body's own INSERT is not data.
class MysqlDumpReader
{
public:
    void feed(const char *data, qint64 size);
    // Tables in dump order with their rows.
    const QList<TableRows> &tables() const { return m_tables; }
    // Told when a table's structure begins: how many tables were seen, and its name.
    std::function<void(int, const QString &)> onTable;

private:
    enum class State { LineStart, Skip, Name, Values, String, Escape };
    void lineStart(char c);
    void nameEnded();
    TableRows *current();

    State m_state = State::LineStart;
    QByteArray m_head;     // the start of the line being read, while it may still be a statement we read
    QByteArray m_name;     // the table name being read
    bool m_nameIsInsert = false;
    bool m_tickPending = false; // a backtick inside a name: the name ends, or it was doubled
    bool m_inRoutines = false;  // between DELIMITER ;; and DELIMITER ;
    int m_depth = 0;
    QList<TableRows> m_tables;
    qsizetype m_current = -1;
};

} // namespace mig
