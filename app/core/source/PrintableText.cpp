#include "PrintableText.h"

namespace mig {

namespace {

bool isControl(char16_t c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e)
           || (c >= 0x2066 && c <= 0x2069);
}

} // namespace

bool hasControlCharacters(QStringView text)
{
    for (QChar c : text)
        if (isControl(c.unicode()))
            return true;
    return false;
}

QString printableText(QStringView text, bool quoted)
{
    QString out;
    out.reserve(text.size() + (quoted ? 2 : 0));
    if (quoted)
        out += u'"';
    for (QChar ch : text) {
        const char16_t c = ch.unicode();
        if (quoted && (c == u'"' || c == u'\\')) {
            out += u'\\';
            out += ch;
        } else if (!isControl(c)) {
            out += ch;
        } else if (c == u'\n') {
            out += QStringLiteral("\\n");
        } else if (c == u'\t') {
            out += QStringLiteral("\\t");
        } else if (c == u'\r') {
            out += QStringLiteral("\\r");
        } else if (c == 0x1b) {
            out += QStringLiteral("\\e");
        } else if (c <= 0xff) {
            out += QStringLiteral("\\x%1").arg(int(c), 2, 16, QLatin1Char('0'));
        } else {
            out += QStringLiteral("\\u%1").arg(int(c), 4, 16, QLatin1Char('0'));
        }
    }
    if (quoted)
        out += u'"';
    return out;
}

} // namespace mig
