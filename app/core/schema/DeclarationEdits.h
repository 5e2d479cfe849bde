#pragma once
// Private to the declaration readers (Declarations.cpp, PostgresDeclarations.cpp,
// TokenDeclarations.cpp): how a dialect's reader records what a statement declares, withdraws
// or renames. Defined in Declarations.cpp unless said otherwise.

#include "Declarations.h"

namespace mig::detail {

// Per dialect: what one statement declares, appended to list (or withdrawn / renamed there).
void postgresDeclarations(QList<Declaration> &list, const Statement &statement); // PostgresDeclarations.cpp
void tokenDeclarations(Dialect dialect, QList<Declaration> &list, const Statement &statement); // TokenDeclarations.cpp

bool sameName(Dialect dialect, const QString &a, const QString &b);
QStringList splitList(const QString &list);
void withdraw(QList<Declaration> &list, Dialect dialect, SchemaObject::Kind kind, const QString &schema,
              const QString &table, const QString &name);
void withdrawColumn(QList<Declaration> &list, Dialect dialect, const QString &schema, const QString &table,
                    const QString &column);
void withdrawPrimaryKey(QList<Declaration> &list, Dialect dialect, const QString &schema, const QString &table);
void renameObject(QList<Declaration> &list, Dialect dialect, SchemaObject::Kind kind, const QString &schema,
                  const QString &table, const QString &from, const QString &to);
void renameColumn(QList<Declaration> &list, Dialect dialect, const QString &schema, const QString &table,
                  const QString &from, const QString &to);
void alterColumn(QList<Declaration> &list, Dialect dialect, const QString &schema, const QString &table,
                 const QString &column, const QString &type, int notNull);
Declaration &declareObject(QList<Declaration> &list, const Statement &statement, SchemaObject::Kind kind,
                           const QString &schema, const QString &table, const QString &name, bool ifNotExists);

} // namespace mig::detail
