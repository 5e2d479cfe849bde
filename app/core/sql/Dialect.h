#pragma once

#include <QString>
#include <optional>

namespace mig {

// The SQL dialects the console speaks. The dialect decides how a script is split into
// statements; it is a property of the target, not of the migration folder.
enum class Dialect { Sqlite, Postgres, Mysql };

QString dialectName(Dialect d);                              // "sqlite", "postgres", "mysql"
std::optional<Dialect> dialectFromName(const QString &name); // accepts postgresql, mariadb, ... aliases

} // namespace mig
