#pragma once

#include "ScriptRef.h"

#include <QString>
#include <optional>

namespace mig {

// A script's text exactly as written (line endings and BOM kept), for the history table and
// for diffs. Unset when the script is larger than maxBytes or cannot be read: such scripts are
// streamed, never held whole.
std::optional<QString> readScriptText(const ScriptRef &script, qint64 maxBytes);

// The text with CRLF turned into LF and a leading BOM removed: what our checksum covers.
QString normalizedScriptText(const QString &text);

} // namespace mig
