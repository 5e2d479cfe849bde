#include "Declarations.h"

namespace mig {

QList<Declaration> declaredObjects(Dialect, const QList<Statement> &)
{
    return {};
}

QList<DeclarationFinding> checkDeclarations(const QList<Declaration> &, const SchemaSnapshot &, const QString &)
{
    return {};
}

} // namespace mig
