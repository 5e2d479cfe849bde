#include "PostgresParseTree.h"

#include <pg_query.h>

#include <QJsonDocument>
#include <QJsonObject>

namespace mig {

QJsonArray postgresParseTree(const QByteArray &sql)
{
    const PgQueryParseResult result = pg_query_parse(sql.constData());
    QJsonDocument tree;
    if (!result.error && result.parse_tree)
        tree = QJsonDocument::fromJson(QByteArray(result.parse_tree));
    pg_query_free_parse_result(result);
    return tree.object().value(QLatin1String("stmts")).toArray();
}

} // namespace mig
