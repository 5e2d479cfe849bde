#include "ScriptDiff.h"

#include "source/ScriptText.h"

#include <dtl/dtl.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace mig {

namespace {

std::vector<std::string> lines(const QString &text)
{
    std::vector<std::string> out;
    for (const QString &line : text.split(u'\n'))
        out.push_back(line.toStdString());
    if (!out.empty() && out.back().empty())
        out.pop_back(); // the final newline ends the last line; it is not a line of its own
    return out;
}

} // namespace

ScriptDiff diffScripts(const QString &stored, const QString &current, const QString &storedLabel, const QString &currentLabel)
{
    ScriptDiff d;
    if (stored == current)
        return d;
    if (stored.isEmpty()) {
        d.kind = ScriptDiff::Kind::StoredTextMissing;
        return d;
    }
    const QString a = normalizedScriptText(stored);
    const QString b = normalizedScriptText(current);
    if (a == b) {
        d.kind = ScriptDiff::Kind::LineEndingsOrBomOnly;
        return d;
    }
    d.kind = ScriptDiff::Kind::Changed;
    dtl::Diff<std::string, std::vector<std::string>> diff(lines(a), lines(b));
    diff.compose();
    diff.composeUnifiedHunks();
    std::ostringstream out;
    diff.printUnifiedFormat(out);
    d.unified = QStringLiteral("--- %1\n+++ %2\n").arg(storedLabel, currentLabel) + QString::fromStdString(out.str());
    return d;
}

} // namespace mig
