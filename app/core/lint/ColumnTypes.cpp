#include "ColumnTypes.h"

#include <QHash>
#include <QRegularExpression>

#include <cmath>

namespace mig::lint::detail {

namespace {

using Family = TypeShape::Family;

struct Range {
    const char *min;
    const char *max;
};

void setRange(TypeShape &s, Range r)
{
    s.family = Family::Integer;
    s.minText = QLatin1String(r.min);
    s.maxText = QLatin1String(r.max);
    s.min = std::strtold(r.min, nullptr);
    s.max = std::strtold(r.max, nullptr);
}

bool integerShape(TypeShape &s, const QString &base, bool isUnsigned)
{
    static const QHash<QString, Range> signedRanges{
        {QStringLiteral("tinyint"), {"-128", "127"}},
        {QStringLiteral("smallint"), {"-32768", "32767"}},
        {QStringLiteral("mediumint"), {"-8388608", "8388607"}},
        {QStringLiteral("int"), {"-2147483648", "2147483647"}},
        {QStringLiteral("integer"), {"-2147483648", "2147483647"}},
        {QStringLiteral("bigint"), {"-9223372036854775808", "9223372036854775807"}},
    };
    static const QHash<QString, Range> unsignedRanges{
        {QStringLiteral("tinyint"), {"0", "255"}},
        {QStringLiteral("smallint"), {"0", "65535"}},
        {QStringLiteral("mediumint"), {"0", "16777215"}},
        {QStringLiteral("int"), {"0", "4294967295"}},
        {QStringLiteral("bigint"), {"0", "18446744073709551615"}},
    };
    const auto &ranges = isUnsigned ? unsignedRanges : signedRanges;
    const auto it = ranges.constFind(base);
    if (it == ranges.cend())
        return false;
    setRange(s, *it);
    return true;
}

// "1000" for 3 digits: the first value that needs one digit more.
QString powerOfTen(int digits)
{
    return QStringLiteral("1") + QString(qMax(digits, 0), u'0');
}

QString lengthFunction(Dialect d)
{
    return d == Dialect::Postgres ? QStringLiteral("char_length") : d == Dialect::Mysql ? QStringLiteral("CHAR_LENGTH") : QStringLiteral("length");
}

} // namespace

TypeShape typeShape(Dialect dialect, const QString &type)
{
    TypeShape s;
    s.type = type;
    static const QRegularExpression re(QStringLiteral("^([a-z ]+?)\\s*(?:\\((\\d+)(?:,(\\d+))?\\))?((?: unsigned)?(?: zerofill)?)$"));
    const QRegularExpressionMatch m = re.match(type);
    if (!m.hasMatch())
        return s; // arrays, enums, anything with a shape of its own
    const QString base = m.captured(1);
    const bool hasArgs = !m.captured(2).isEmpty();
    const qint64 n = m.captured(2).toLongLong();
    static const QHash<QString, qint64> mysqlTexts{
        {QStringLiteral("tinytext"), 255},
        {QStringLiteral("mediumtext"), 16777215},
        {QStringLiteral("longtext"), 4294967295LL},
    };
    static const QStringList lengthTypes{QStringLiteral("character varying"), QStringLiteral("varchar"),
                                         QStringLiteral("character"), QStringLiteral("char")};
    if (lengthTypes.contains(base)) {
        s.family = Family::Text;
        s.length = hasArgs ? n : -1;
    } else if (base == u"text") {
        s.family = Family::Text;
        s.length = dialect == Dialect::Mysql ? 65535 : -1; // bytes in MySQL: close enough to count
    } else if (mysqlTexts.contains(base)) {
        s.family = Family::Text;
        s.length = mysqlTexts.value(base);
    } else if (base == u"numeric" || base == u"decimal") {
        s.family = Family::Decimal;
        s.precision = hasArgs ? int(n) : -1;
        s.scale = m.captured(3).toInt();
    } else {
        integerShape(s, base, m.captured(4).contains(u"unsigned"));
    }
    return s;
}

Narrowing narrowing(Dialect dialect, const TypeShape &from, const TypeShape &to, const QString &column)
{
    Narrowing out;
    if (from.family == Family::Text && to.family == Family::Text) {
        if (to.length >= 0 && (from.length < 0 || to.length < from.length)) {
            out.condition = QStringLiteral("%1(%2) > %3").arg(lengthFunction(dialect), column).arg(to.length);
            out.what = QStringLiteral("longer than %1 characters").arg(to.length);
        }
    } else if (from.family == Family::Integer && to.family == Family::Integer) {
        QStringList outside;
        if (to.min > from.min)
            outside << QStringLiteral("%1 < %2").arg(column, to.minText);
        if (to.max < from.max)
            outside << QStringLiteral("%1 > %2").arg(column, to.maxText);
        out.condition = outside.join(QStringLiteral(" OR "));
        if (!outside.isEmpty())
            out.what = QStringLiteral("outside %1..%2").arg(to.minText, to.maxText);
    } else if (to.family == Family::Decimal && to.precision >= 0
               && (from.family == Family::Decimal || from.family == Family::Integer)) {
        const int digits = to.precision - to.scale;
        const bool fromDecimal = from.family == Family::Decimal;
        const bool fewerDigits = fromDecimal ? from.precision < 0 || digits < from.precision - from.scale
                                             : std::pow(10.0L, digits) <= qMax(from.max, -from.min);
        const bool fewerDecimals = fromDecimal && (from.precision < 0 || to.scale < from.scale);
        QStringList parts, what;
        if (fewerDigits) {
            parts << QStringLiteral("abs(%1) >= %2").arg(column, powerOfTen(digits));
            what << QStringLiteral("%1 or above").arg(powerOfTen(digits));
        }
        if (fewerDecimals) {
            parts << QStringLiteral("%1 <> round(%1, %2)").arg(column).arg(to.scale);
            what << QStringLiteral("with more than %1 decimal(s) (rounded)").arg(to.scale);
        }
        out.condition = parts.join(QStringLiteral(" OR "));
        out.what = what.join(QStringLiteral(", or "));
    }
    return out;
}

bool postgresRewrites(const TypeShape &from, const TypeShape &to)
{
    if (from.type == to.type)
        return false;
    const auto varying = [](const TypeShape &s) { return s.type == u"text" || s.type.startsWith(u"character varying"); };
    if (varying(from) && varying(to))
        return !(to.length < 0 || (from.length >= 0 && to.length >= from.length));
    if (from.family == Family::Decimal && to.family == Family::Decimal)
        return !(to.precision < 0 || (from.precision >= 0 && to.scale == from.scale && to.precision >= from.precision));
    return true;
}

} // namespace mig::lint::detail
