#pragma once

#include <QString>

namespace mig {

// Whether text holds characters that a terminal or a log would not show as themselves: C0 and C1
// control characters (newline, escape, ...), DEL, line/paragraph separators and the bidi
// overrides that reorder what is displayed.
bool hasControlCharacters(QStringView text);

// The text with those characters written as escapes (\n, \t, \r, \e, \x7f, \u202e) so that a file
// name or an identifier printed in a message is one line that shows what it holds. `quoted`
// wraps it in double quotes and escapes quotes and backslashes as well.
QString printableText(QStringView text, bool quoted = false);

} // namespace mig
