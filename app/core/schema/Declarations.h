#pragma once

#include "SchemaSnapshot.h"

#include "sql/Statement.h"

namespace mig {

// An object a migration's statement says will exist afterwards: CREATE TABLE / INDEX / VIEW /
// MATERIALIZED VIEW / TRIGGER / FUNCTION / PROCEDURE / SEQUENCE / TYPE, ALTER TABLE ... ADD
// COLUMN / ADD CONSTRAINT. `expected` holds only what the statement states, in the snapshot's
// conventions (SchemaSnapshot.h): an index's table, columns and uniqueness, a column's type and
// nullability, a constraint's type and columns, a table's columns (as Column declarations of
// their own). Its schema is empty when the statement does not name one: the session's default
// (PostgreSQL: the first schema of the search path holding it; MySQL: the current database).
struct Declaration {
    SchemaObject expected;
    bool ifNotExists = false; // CREATE ... IF NOT EXISTS / ADD COLUMN IF NOT EXISTS
    int line = 0;             // the statement's first line in its script
    QString statement;        // the statement's first line, for messages
};

// What the statements of one script declare, in order. A later statement of the same script
// that drops or renames a declared object withdraws or renames its declaration. Statements the
// extractor does not understand declare nothing (they are not errors: the schema diff still
// sees their effect). PostgreSQL statements are read with libpg_query's parse tree.
QList<Declaration> declaredObjects(Dialect dialect, const QList<Statement> &statements);

// A declaration the live schema does not honour.
struct DeclarationFinding {
    Declaration declaration;
    QString problem; // "index public.idx_users_email does not exist",
                     // "index idx_users_email is on (name), the script declares (email)"
};

// Every declaration checked against the schema after the script ran: the object must exist with
// each declared attribute as declared. An IF NOT EXISTS that met an object of another definition
// is a finding like any other: the script's intent did not happen.
QList<DeclarationFinding> checkDeclarations(const QList<Declaration> &declarations, const SchemaSnapshot &after,
                                            const QString &defaultSchema);

} // namespace mig
