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

// Splits on '.' and '_' by hand: folders of thousands of migrations parse a version per file.
QStringList normalisedParts(const QString &text)
{
    QStringList parts;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == u'.' || text[i] == u'_') {
            parts << withoutLeadingZeros(QStringView(text).sliced(start, i - start));
            start = i + 1;
        }
    }
    while (parts.size() > 1 && parts.last() == u"0")
        parts.removeLast();
    return parts;
}

// Digits separated by single '.' or '_': "1", "1.10", "1_9_0".
bool hasVersionShape(const QString &text)
{
    bool digitBefore = false;
    for (const QChar c : text) {
        if (c.isDigit() && c.unicode() < 128)
            digitBefore = true;
        else if ((c == u'.' || c == u'_') && digitBefore)
            digitBefore = false;
        else
            return false;
    }
    return digitBefore;
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
    if (!hasVersionShape(text))
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
        // By reference: sorting 10,000 migrations compares versions a few hundred thousand times.
        static const QString zero = QStringLiteral("0");
        const qsizetype n = std::max(m_parts.size(), other.m_parts.size());
        for (qsizetype i = 0; i < n; ++i) {
            const QString &a = i < m_parts.size() ? m_parts.at(i) : zero;
            const QString &b = i < other.m_parts.size() ? other.m_parts.at(i) : zero;
            if (const int c = compareNumbers(a, b))
                return c;
        }
    }
    return m_id.compare(other.m_id);
}

} // namespace mig
