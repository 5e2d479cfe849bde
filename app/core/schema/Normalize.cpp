// One spelling per type and per expression layout, so that snapshots and declarations compare
// what a schema means rather than how a script happened to write it.
#include "SchemaSnapshot.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace mig {

namespace {

// Whitespace collapsed (outside quotes), lower case outside quotes.
QString lowerOutsideQuotes(const QString &text)
{
    QString out;
    out.reserve(text.size());
    QChar quote;
    for (const QChar c : text) {
        if (!quote.isNull()) {
            out += c;
            if (c == quote)
                quote = QChar();
        } else if (c == u'\'' || c == u'"' || c == u'`') {
            quote = c;
            out += c;
        } else {
            out += c.toLower();
        }
    }
    return normalizeSql(out);
}

// Splits "name(args) rest" into name, "(args)" and rest, e.g. "character varying(20)[]".
struct TypeParts {
    QString base;
    QString args; // with parentheses, spaces removed: "(10,2)"
    QString rest; // after the arguments: " with time zone", "[]", " unsigned"
};

TypeParts splitType(const QString &t)
{
    TypeParts p;
    const qsizetype open = t.indexOf(u'(');
    if (open < 0) {
        p.base = t;
    } else {
        // The closing parenthesis outside quotes: enum('a)b') keeps its value.
        qsizetype close = -1;
        QChar quote;
        for (qsizetype i = open + 1; i < t.size() && close < 0; ++i) {
            const QChar c = t.at(i);
            if (!quote.isNull())
                quote = c == quote ? QChar() : quote;
            else if (c == u'\'' || c == u'"')
                quote = c;
            else if (c == u')')
                close = i;
        }
        p.base = t.left(open).trimmed();
        const QString inside = close < 0 ? t.mid(open) : t.mid(open, close - open + 1);
        quote = QChar();
        for (const QChar c : inside) { // spaces go, except inside quoted values
            if (!quote.isNull())
                quote = c == quote ? QChar() : quote;
            else if (c == u'\'' || c == u'"')
                quote = c;
            if (c != u' ' || !quote.isNull())
                p.args += c;
        }
        p.rest = close < 0 ? QString() : t.mid(close + 1);
    }
    // Array brackets and trailing words that belong after the base when there are no arguments.
    static const QRegularExpression tail(QStringLiteral("^(.*?)((?:\\s*\\[\\d*\\])+|\\s+unsigned.*|\\s+zerofill.*)$"));
    if (p.args.isEmpty()) {
        const QRegularExpressionMatch m = tail.match(p.base);
        if (m.hasMatch()) {
            p.base = m.captured(1).trimmed();
            p.rest = m.captured(2);
        }
    }
    return p;
}

QString postgresType(QString t)
{
    if (t.startsWith(u"pg_catalog."))
        t = t.mid(11);
    // "timestamp(3) with time zone" keeps its precision between the name and the zone words.
    static const QRegularExpression zone(QStringLiteral("^(timestamp|time)\\s*(\\(\\s*\\d+\\s*\\))?\\s*(with|without) time zone(.*)$"));
    QRegularExpressionMatch m = zone.match(t);
    if (m.hasMatch())
        return m.captured(1) + m.captured(2).remove(u' ') + QStringLiteral(" ") + m.captured(3) + QStringLiteral(" time zone") + m.captured(4);
    TypeParts p = splitType(t);
    static const QHash<QString, QString> names{
        {QStringLiteral("int"), QStringLiteral("integer")}, {QStringLiteral("int4"), QStringLiteral("integer")},
        {QStringLiteral("serial"), QStringLiteral("integer")}, {QStringLiteral("serial4"), QStringLiteral("integer")},
        {QStringLiteral("int8"), QStringLiteral("bigint")}, {QStringLiteral("bigserial"), QStringLiteral("bigint")},
        {QStringLiteral("serial8"), QStringLiteral("bigint")}, {QStringLiteral("int2"), QStringLiteral("smallint")},
        {QStringLiteral("smallserial"), QStringLiteral("smallint")}, {QStringLiteral("serial2"), QStringLiteral("smallint")},
        {QStringLiteral("float8"), QStringLiteral("double precision")}, {QStringLiteral("float"), QStringLiteral("double precision")},
        {QStringLiteral("float4"), QStringLiteral("real")}, {QStringLiteral("bool"), QStringLiteral("boolean")},
        {QStringLiteral("varchar"), QStringLiteral("character varying")}, {QStringLiteral("char"), QStringLiteral("character")},
        {QStringLiteral("bpchar"), QStringLiteral("character")}, {QStringLiteral("decimal"), QStringLiteral("numeric")},
        {QStringLiteral("timestamp"), QStringLiteral("timestamp without time zone")},
        {QStringLiteral("timestamptz"), QStringLiteral("timestamp with time zone")},
        {QStringLiteral("time"), QStringLiteral("time without time zone")},
        {QStringLiteral("timetz"), QStringLiteral("time with time zone")},
        {QStringLiteral("varbit"), QStringLiteral("bit varying")},
    };
    if (p.base == u"float" && !p.args.isEmpty()) // float(1..24) is real, float(25..53) double
        return (p.args.mid(1, p.args.size() - 2).toInt() <= 24 ? QStringLiteral("real") : QStringLiteral("double precision")) + p.rest;
    if (p.base == u"timestamp" || p.base == u"time") {
        const QString zone = p.rest.contains(u"with time zone") && !p.rest.contains(u"without") ? QStringLiteral(" with time zone")
                                                                                             : QStringLiteral(" without time zone");
        return p.base + p.args + zone;
    }
    if (p.base == u"timestamptz" || p.base == u"timetz")
        return p.base.chopped(2) + p.args + QStringLiteral(" with time zone") + p.rest;
    const QString base = names.value(p.base, p.base);
    if ((base == u"character") && p.args.isEmpty())
        return QStringLiteral("character(1)") + p.rest;
    return base + p.args + p.rest;
}

QString mysqlType(const QString &t)
{
    TypeParts p = splitType(t);
    static const QHash<QString, QString> names{
        {QStringLiteral("integer"), QStringLiteral("int")}, {QStringLiteral("int4"), QStringLiteral("int")},
        {QStringLiteral("int8"), QStringLiteral("bigint")}, {QStringLiteral("dec"), QStringLiteral("decimal")},
        {QStringLiteral("numeric"), QStringLiteral("decimal")}, {QStringLiteral("fixed"), QStringLiteral("decimal")},
        {QStringLiteral("double precision"), QStringLiteral("double")}, {QStringLiteral("real"), QStringLiteral("double")},
        {QStringLiteral("character varying"), QStringLiteral("varchar")}, {QStringLiteral("character"), QStringLiteral("char")},
    };
    QString base = names.value(p.base, p.base);
    QString rest = p.rest;
    if (base == u"bool" || base == u"boolean")
        return QStringLiteral("tinyint(1)");
    // Integer display widths ("int(11)") carry no meaning and differ between servers.
    static const QSet<QString> integers{QStringLiteral("tinyint"), QStringLiteral("smallint"), QStringLiteral("mediumint"),
                                        QStringLiteral("int"), QStringLiteral("bigint")};
    QString args = p.args;
    if (integers.contains(base) && !(base == u"tinyint" && args == u"(1)"))
        args.clear();
    if (base == u"decimal" && args.isEmpty())
        args = QStringLiteral("(10,0)");
    if (base == u"decimal" && !args.contains(u','))
        args = args.chopped(1) + QStringLiteral(",0)");
    if (base == u"char" && args.isEmpty())
        args = QStringLiteral("(1)");
    return base + args + rest;
}

QString sqliteType(const QString &t)
{
    TypeParts p = splitType(t);
    static const QHash<QString, QString> names{
        {QStringLiteral("int"), QStringLiteral("integer")}, {QStringLiteral("bool"), QStringLiteral("boolean")},
        {QStringLiteral("character varying"), QStringLiteral("varchar")}, {QStringLiteral("double precision"), QStringLiteral("double")},
    };
    return names.value(p.base, p.base) + p.args + p.rest;
}

} // namespace

QString normalizeSql(const QString &text)
{
    QString out;
    out.reserve(text.size());
    QChar quote;
    bool space = false;
    for (const QChar c : text) {
        if (!quote.isNull()) {
            out += c;
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c.isSpace()) {
            space = true;
            continue;
        }
        if (space && !out.isEmpty())
            out += u' ';
        space = false;
        if (c == u'\'' || c == u'"' || c == u'`')
            quote = c;
        out += c;
    }
    return out;
}

QString normalizeType(Dialect dialect, const QString &type)
{
    const QString t = lowerOutsideQuotes(type);
    if (t.isEmpty())
        return t;
    switch (dialect) {
    case Dialect::Postgres:
        return postgresType(t);
    case Dialect::Mysql:
        return mysqlType(t);
    case Dialect::Sqlite:
        return sqliteType(t);
    }
    return t;
}

} // namespace mig
