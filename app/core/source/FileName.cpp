#include "FileName.h"

#include <QRegularExpression>

namespace mig {

namespace {

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

// The length of the run of ASCII digits at `from`.
qsizetype digitsAt(QStringView s, qsizetype from)
{
    qsizetype i = from;
    while (i < s.size() && isAsciiDigit(s[i]))
        ++i;
    return i - from;
}

// "<digits>_<name><suffix>" with a non-empty name: the golang-migrate and native-extra shapes.
bool versionedWithSuffix(QStringView stem, QStringView suffix, FileName &f)
{
    const qsizetype digits = digitsAt(stem, 0);
    if (digits == 0 || !stem.endsWith(suffix) || stem.size() - suffix.size() < digits + 2 || stem[digits] != u'_')
        return false;
    f.version = stem.first(digits).toString();
    f.name = stem.sliced(digits + 1, stem.size() - suffix.size() - digits - 1).toString();
    return true;
}

} // namespace

std::optional<FileName> classifyFileName(const QString &fileName)
{
    if (!fileName.endsWith(u".sql", Qt::CaseInsensitive))
        return std::nullopt;
    // "." and "$" treat line ends specially (which ones depends on how PCRE2 was built): such
    // names, which the folder loader refuses anyway, take the patterns themselves.
    for (const QChar c : fileName)
        if (c.unicode() < 0x20 || c.unicode() == 0x85 || c.unicode() == 0x2028 || c.unicode() == 0x2029)
            return classifyFileNameByPattern(fileName);
    // Each shape as its pattern in classifyFileNameByPattern, in the same order.
    const QStringView stem = QStringView(fileName).chopped(4); // without ".sql" (any case)
    FileName f;
    // golang-migrate ".up" / ".down", native ".rollback" / ".verify": the last suffix decides.
    const qsizetype dot = stem.lastIndexOf(u'.');
    const QStringView suffix = dot < 0 ? QStringView() : stem.sliced(dot);
    if ((suffix == u".up" || suffix == u".down") && versionedWithSuffix(stem, suffix, f)) {
        f.format = Format::GolangMigrate;
        f.role = suffix == u".up" ? FileName::Role::Up : FileName::Role::Down;
        return f;
    }
    if ((suffix == u".rollback" || suffix == u".verify") && versionedWithSuffix(stem, suffix, f)) {
        f.format = Format::Native;
        f.role = suffix == u".rollback" ? FileName::Role::Down : FileName::Role::Verify;
        return f;
    }
    f = FileName();
    if (!stem.isEmpty() && (stem[0] == u'V' || stem[0] == u'U')) {
        // digits, then more digits after single '.' or '_'; then "__" and a non-empty description
        qsizetype i = 1 + digitsAt(stem, 1);
        if (i > 1) {
            while (i + 1 < stem.size() && (stem[i] == u'.' || stem[i] == u'_') && isAsciiDigit(stem[i + 1]))
                i += 1 + digitsAt(stem, i + 1);
            if (i + 2 < stem.size() && stem[i] == u'_' && stem[i + 1] == u'_') {
                f.format = Format::Flyway;
                f.role = stem[0] == u'V' ? FileName::Role::Up : FileName::Role::Down;
                f.version = stem.sliced(1, i - 1).toString().replace(u'_', u'.'); // shown as Flyway shows it: V1_1 is 1.1
                f.name = stem.sliced(i + 2).toString().replace(u'_', u' ');
                return f;
            }
        }
    }
    if (stem.size() > 3 && stem.startsWith(u"R__")) {
        f.format = Format::Flyway;
        f.role = FileName::Role::Repeatable;
        f.name = stem.sliced(3).toString().replace(u'_', u' ');
        return f;
    }
    const qsizetype digits = digitsAt(stem, 0);
    if (digits > 0 && (digits == stem.size() || stem[digits] == u'_' || stem[digits] == u'-')) {
        f.role = FileName::Role::Numbered;
        f.version = stem.first(digits).toString();
        if (digits < stem.size())
            f.name = stem.sliced(digits + 1).toString();
        return f;
    }
    f.role = FileName::Role::Other;
    f.name = stem.toString();
    return f;
}

std::optional<FileName> classifyFileNameByPattern(const QString &fileName)
{
    if (!fileName.endsWith(u".sql", Qt::CaseInsensitive))
        return std::nullopt;

    // Most specific shapes first: "1_init.up.sql" would also pass as a numbered file.
    // The extension in any case (V2__x.SQL); dbmate also takes "20240101-name.sql" and a bare "20240101.sql".
    static const QRegularExpression golang(QStringLiteral("^(\\d+)_(.+)\\.(up|down)\\.(?i:sql)$"));
    static const QRegularExpression nativeExtra(QStringLiteral("^(\\d+)_(.+)\\.(rollback|verify)\\.(?i:sql)$"));
    static const QRegularExpression flyway(QStringLiteral("^([VU])(\\d+(?:[._]\\d+)*)__(.+)\\.(?i:sql)$"));
    static const QRegularExpression repeatable(QStringLiteral("^R__(.+)\\.(?i:sql)$"));
    static const QRegularExpression numbered(QStringLiteral("^(\\d+)(?:[_-](.*))?\\.(?i:sql)$"));

    FileName f;
    if (const auto m = golang.match(fileName); m.hasMatch()) {
        f.format = Format::GolangMigrate;
        f.role = m.captured(3) == u"up" ? FileName::Role::Up : FileName::Role::Down;
        f.version = m.captured(1);
        f.name = m.captured(2);
    } else if (const auto m = nativeExtra.match(fileName); m.hasMatch()) {
        f.format = Format::Native;
        f.role = m.captured(3) == u"rollback" ? FileName::Role::Down : FileName::Role::Verify;
        f.version = m.captured(1);
        f.name = m.captured(2);
    } else if (const auto m = flyway.match(fileName); m.hasMatch()) {
        f.format = Format::Flyway;
        f.role = m.captured(1) == u"V" ? FileName::Role::Up : FileName::Role::Down;
        f.version = m.captured(2).replace(u'_', u'.'); // shown as Flyway shows it: V1_1 is 1.1
        f.name = m.captured(3).replace(u'_', u' ');
    } else if (const auto m = repeatable.match(fileName); m.hasMatch()) {
        f.format = Format::Flyway;
        f.role = FileName::Role::Repeatable;
        f.name = m.captured(1).replace(u'_', u' ');
    } else if (const auto m = numbered.match(fileName); m.hasMatch()) {
        f.role = FileName::Role::Numbered;
        f.version = m.captured(1);
        f.name = m.captured(2);
    } else {
        f.role = FileName::Role::Other;
        f.name = fileName.chopped(4);
    }
    return f;
}

} // namespace mig
