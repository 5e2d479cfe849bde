#pragma once
// Private to lint/: what one statement does, engine-neutral, as the rules need it. Each
// dialect's reader fills it (PostgresActions.cpp from libpg_query's tree, TokenActions.cpp from
// the declaration tokenizer); statements it does not understand do nothing the rules look at.

#include "sql/Dialect.h"
#include "sql/Statement.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace mig::lint::detail {

struct TableName {
    QString schema; // empty: the session's default (PostgreSQL search path, MySQL database)
    QString name;

    bool isEmpty() const { return name.isEmpty(); }
    QString display() const { return schema.isEmpty() ? name : schema + u'.' + name; }
};

struct Action {
    enum class Kind {
        DropTable,
        DropSchema,     // DROP SCHEMA / DROP DATABASE: text is its name, database = true for DROP DATABASE
        DropColumn,
        Truncate,
        DeleteAll,      // DELETE without WHERE (and without a join or LIMIT that narrows it)
        UpdateAll,      // UPDATE without WHERE
        WriteRows,      // any other INSERT / UPDATE / DELETE / COPY / REPLACE / LOAD DATA
        CreateTable,    // columns: its column names in order (for an INSERT ... SELECT into it)
        AddColumn,      // column, type; notNull, hasDefault, generated, volatileDefault
        SetNotNull,     // column; in a CREATE TABLE (rebuild) too
        ChangeType,     // column, type (the new one); usingClause; notNull (MODIFY ... NOT NULL)
        AddUnique,      // columns: the keys as SQL (names quoted), predicate; primaryKey; constraint (ADD ...) or index
        AddCheck,       // text: the expression; notValid
        AddForeignKey,  // notValid
        CreateIndex,    // concurrently, unique
        RenameTable,    // newName
        RenameColumn,   // column, newName
        AlterTable,     // one per ALTER TABLE statement (MySQL: algorithm)
        InsertSelect,   // INSERT INTO table [(columns)]; text: its SELECT with its WITH clause (MySQL, SQLite);
                        // reads: every table the query reads, CTE names left out (MySQL, SQLite); source: the first of
                        // them, empty when the rows come from CTEs, VALUES or constants only
    };
    Kind kind = Kind::WriteRows;
    TableName table;
    QString column;
    QStringList columns;
    QString type;
    QString text;
    QString predicate;
    QString newName;
    QString volatileDefault; // the volatile function (or serial type) that fills every row
    QString algorithm;       // MySQL ALTER TABLE ... ALGORITHM=
    TableName source;
    QList<TableName> reads;
    bool notNull = false;
    bool hasDefault = false;
    bool generated = false;  // identity, serial, AUTO_INCREMENT, generated: values come by themselves
    bool usingClause = false;
    bool notValid = false;
    bool concurrently = false;
    bool unique = false;
    bool primaryKey = false;
    bool constraint = false; // AddUnique: ADD CONSTRAINT / ADD UNIQUE / PRIMARY KEY, not CREATE INDEX
    bool inCreate = false;   // SetNotNull / AddCheck / AddUnique declared by a CREATE TABLE
    bool database = false;
    bool expressionKeys = false; // AddUnique over expressions the reader could not write back
};

struct StatementActions {
    QList<Action> actions;
    bool ddl = false;        // changes the schema (MySQL commits implicitly around it)
    bool writesData = false; // INSERT / UPDATE / DELETE / ...

    // Appends an action; the reference holds until the next append.
    Action &add(Action::Kind kind, const TableName &table)
    {
        actions << Action{};
        actions.last().kind = kind;
        actions.last().table = table;
        return actions.last();
    }
};

StatementActions postgresActions(const Statement &statement);                 // PostgresActions.cpp
StatementActions tokenActions(Dialect dialect, const Statement &statement);   // TokenActions.cpp

inline StatementActions actionsOf(Dialect dialect, const Statement &statement)
{
    return dialect == Dialect::Postgres ? postgresActions(statement) : tokenActions(dialect, statement);
}

} // namespace mig::lint::detail
