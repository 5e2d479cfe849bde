#pragma once

#include <QJsonArray>

namespace mig {

// libpg_query's parse tree of `sql` (UTF-8) as JSON: its "stmts" array, each {"stmt": ...}.
// Empty when the text does not parse (the run reports why, with the server's own words).
QJsonArray postgresParseTree(const QByteArray &sql);

} // namespace mig
