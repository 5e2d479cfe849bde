#include "MysqlSplitter.h"
#include "PostgresSplitter.h"
#include "SqliteSplitter.h"

namespace mig {

std::unique_ptr<StatementSplitter> StatementSplitter::create(Dialect dialect, Sink sink)
{
    switch (dialect) {
    case Dialect::Sqlite: return std::make_unique<SqliteSplitter>(std::move(sink));
    case Dialect::Postgres: return std::make_unique<PostgresSplitter>(std::move(sink));
    case Dialect::Mysql: return std::make_unique<MysqlSplitter>(std::move(sink));
    }
    return {};
}

} // namespace mig
