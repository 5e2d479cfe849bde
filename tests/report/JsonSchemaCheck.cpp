#include "JsonSchemaCheck.h"

#include <QJsonArray>

#include <cmath>

namespace {

const QStringList Supported{QStringLiteral("$schema"), QStringLiteral("$id"), QStringLiteral("$defs"), QStringLiteral("title"),
                            QStringLiteral("description"), QStringLiteral("type"), QStringLiteral("const"), QStringLiteral("enum"),
                            QStringLiteral("properties"), QStringLiteral("required"), QStringLiteral("additionalProperties"),
                            QStringLiteral("items"), QStringLiteral("minimum"), QStringLiteral("$ref")};

QString typeOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("boolean");
    case QJsonValue::Double: return QStringLiteral("number");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("undefined");
}

bool hasType(const QJsonValue &v, const QString &type)
{
    if (type == u"integer")
        return v.isDouble() && std::floor(v.toDouble()) == v.toDouble();
    return typeOf(v) == type;
}

class Validator
{
public:
    explicit Validator(const QJsonObject &root) : m_root(root) {}
    QStringList problems;

    void check(const QJsonValue &v, const QJsonObject &schema, const QString &path)
    {
        for (auto it = schema.constBegin(); it != schema.constEnd(); ++it)
            if (!Supported.contains(it.key()))
                problems << QStringLiteral("%1: schema keyword %2 is not supported by this validator").arg(path, it.key());
        if (schema.contains(u"$ref")) {
            const QString ref = schema.value(u"$ref").toString();
            const QJsonObject target = m_root.value(u"$defs").toObject().value(ref.section(u'/', -1)).toObject();
            if (!ref.startsWith(u"#/$defs/") || target.isEmpty())
                problems << QStringLiteral("%1: unresolved $ref %2").arg(path, ref);
            else
                check(v, target, path);
        }
        if (schema.contains(u"type")) {
            QStringList types;
            const QJsonValue t = schema.value(u"type");
            if (t.isArray())
                for (const QJsonValue &x : t.toArray())
                    types << x.toString();
            else
                types << t.toString();
            const bool ok = std::any_of(types.cbegin(), types.cend(), [&v](const QString &type) { return hasType(v, type); });
            if (!ok) {
                problems << QStringLiteral("%1: expected %2, got %3").arg(path, types.join(u'|'), typeOf(v));
                return;
            }
        }
        if (schema.contains(u"const") && schema.value(u"const") != v)
            problems << QStringLiteral("%1: expected the constant %2").arg(path, schema.value(u"const").toVariant().toString());
        if (schema.contains(u"enum") && !schema.value(u"enum").toArray().contains(v))
            problems << QStringLiteral("%1: %2 is not one of the allowed values").arg(path, v.toVariant().toString());
        if (schema.contains(u"minimum") && v.isDouble() && v.toDouble() < schema.value(u"minimum").toDouble())
            problems << QStringLiteral("%1: below the minimum").arg(path);
        if (v.isObject())
            checkObject(v.toObject(), schema, path);
        if (v.isArray() && schema.contains(u"items")) {
            const QJsonArray a = v.toArray();
            for (int i = 0; i < a.size(); ++i)
                check(a.at(i), schema.value(u"items").toObject(), QStringLiteral("%1/%2").arg(path).arg(i));
        }
    }

private:
    void checkObject(const QJsonObject &o, const QJsonObject &schema, const QString &path)
    {
        const QJsonObject properties = schema.value(u"properties").toObject();
        for (const QJsonValue &r : schema.value(u"required").toArray())
            if (!o.contains(r.toString()))
                problems << QStringLiteral("%1: required property %2 is missing").arg(path, r.toString());
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            if (properties.contains(it.key()))
                check(it.value(), properties.value(it.key()).toObject(), path + u'/' + it.key());
            else if (schema.value(u"additionalProperties") == QJsonValue(false))
                problems << QStringLiteral("%1: property %2 is not in the schema").arg(path, it.key());
        }
    }

    QJsonObject m_root;
};

} // namespace

QStringList validateJson(const QJsonValue &value, const QJsonObject &schema)
{
    Validator v(schema);
    v.check(value, schema, QString());
    return v.problems;
}
