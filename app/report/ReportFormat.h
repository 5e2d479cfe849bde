#pragma once

#include <QString>
#include <optional>

namespace mig::report {

// The formats a run's report is written in.
enum class Format { Markdown, Html, Json, Pdf, Junit };

std::optional<Format> formatFromName(const QString &name); // md | markdown | html | json | pdf | junit
QString formatName(Format f);                              // md, html, json, pdf, junit
QString fileSuffix(Format f);                              // md, html, json, pdf, xml

} // namespace mig::report
