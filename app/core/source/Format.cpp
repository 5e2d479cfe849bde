#include "Format.h"

#include <QStringList>
#include <array>

namespace mig {

namespace {
constexpr std::array AllFormats{Format::Native, Format::Flyway, Format::GolangMigrate,
                                Format::Dbmate, Format::Goose, Format::SqlMigrate};
}

QString formatName(Format f)
{
    switch (f) {
    case Format::Native: return QStringLiteral("native");
    case Format::Flyway: return QStringLiteral("flyway");
    case Format::GolangMigrate: return QStringLiteral("golang-migrate");
    case Format::Dbmate: return QStringLiteral("dbmate");
    case Format::Goose: return QStringLiteral("goose");
    case Format::SqlMigrate: return QStringLiteral("sql-migrate");
    }
    return {};
}

std::optional<Format> formatFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    for (Format f : AllFormats)
        if (n == formatName(f))
            return f;
    if (n == u"migrate" || n == u"golang")
        return Format::GolangMigrate;
    return std::nullopt;
}

QString allFormatNames()
{
    QStringList names;
    for (Format f : AllFormats)
        names << formatName(f);
    return names.join(u", ");
}

} // namespace mig
