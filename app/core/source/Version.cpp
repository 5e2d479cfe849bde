#include "Version.h"

#include <QRegularExpression>

namespace mig {

namespace {

QString withoutLeadingZeros(QStringView digits)
{
    qsizetype i = 0;
    while (i + 1 < digits.size() && digits[i] == u'0')
        ++i;
    return digits.sliced(i).toString();
}

QStringList normalisedParts(const QString &text)
{
    QStringList parts;
    for (const QString &p : text.split(QRegularExpression(QStringLiteral("[._]"))))
        parts << withoutLeadingZeros(p);
    while (parts.size() > 1 && parts.last() == u"0")
        parts.removeLast();
    return parts;
}

// Digit strings of any length, compared as numbers.
int compareNumbers(const QString &a, const QString &b)
{
    if (a.size() != b.size())
        return a.size() < b.size() ? -1 : 1;
    return a.compare(b);
}

} // namespace

std::optional<Version> Version::parse(const QString &text)
{
    static const QRegularExpression shape(QStringLiteral("^\\d+([._]\\d+)*$"));
    if (!shape.match(text).hasMatch())
        return std::nullopt;
    Version v;
    v.m_text = text;
    v.m_parts = normalisedParts(text);
    return v;
}

Version Version::fromId(const QString &id, const QString &text)
{
    static const QRegularExpression prefix(QStringLiteral("^\\d+"));
    Version v;
    v.m_text = text.isEmpty() ? id : text;
    v.m_id = id;
    if (const auto m = prefix.match(id); m.hasMatch())
        v.m_parts = QStringList{withoutLeadingZeros(m.captured())};
    return v;
}

int Version::compare(const Version &other) const
{
    // sql-migrate: ids with a numeric prefix come before all others.
    if ((!m_id.isEmpty() || !other.m_id.isEmpty()) && m_parts.isEmpty() != other.m_parts.isEmpty())
        return m_parts.isEmpty() ? 1 : -1;
    if (!m_parts.isEmpty() && !other.m_parts.isEmpty()) {
        const qsizetype n = std::max(m_parts.size(), other.m_parts.size());
        for (qsizetype i = 0; i < n; ++i) {
            const QString a = i < m_parts.size() ? m_parts[i] : QStringLiteral("0");
            const QString b = i < other.m_parts.size() ? other.m_parts[i] : QStringLiteral("0");
            if (const int c = compareNumbers(a, b))
                return c;
        }
    }
    return m_id.compare(other.m_id);
}

} // namespace mig
