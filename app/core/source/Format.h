#pragma once

#include <QString>
#include <optional>

namespace mig {

// The migration folder layouts the console reads.
enum class Format { Native, Flyway, GolangMigrate, Dbmate, Goose, SqlMigrate };

QString formatName(Format f); // "native", "flyway", "golang-migrate", "dbmate", "goose", "sql-migrate"
std::optional<Format> formatFromName(const QString &name);
QString allFormatNames(); // "native, flyway, ..." for help and error texts

} // namespace mig
