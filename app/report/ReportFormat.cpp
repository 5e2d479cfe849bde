#include "ReportFormat.h"

namespace mig::report {

std::optional<Format> formatFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"md" || n == u"markdown")
        return Format::Markdown;
    if (n == u"html")
        return Format::Html;
    if (n == u"json")
        return Format::Json;
    if (n == u"pdf")
        return Format::Pdf;
    if (n == u"junit")
        return Format::Junit;
    return std::nullopt;
}

QString formatName(Format f)
{
    switch (f) {
    case Format::Markdown: return QStringLiteral("md");
    case Format::Html: return QStringLiteral("html");
    case Format::Json: return QStringLiteral("json");
    case Format::Pdf: return QStringLiteral("pdf");
    case Format::Junit: return QStringLiteral("junit");
    }
    return {};
}

QString fileSuffix(Format f)
{
    return f == Format::Junit ? QStringLiteral("xml") : formatName(f);
}

} // namespace mig::report
