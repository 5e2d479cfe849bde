#include "SchemaDelta.h"

#include <algorithm>

namespace mig {

namespace {

constexpr QStringView Format = u"migration-console/schema-delta";

auto byKey()
{
    return [](const SchemaObject &o, const QString &k) { return o.key() < k; };
}

bool sameTable(const TableStats &t, const SchemaObject &o)
{
    return t.schema == o.schema && t.table == o.name;
}

} // namespace

void upsertSorted(QList<SchemaObject> &objects, const SchemaObject &o)
{
    const QString key = o.key();
    const auto it = std::lower_bound(objects.begin(), objects.end(), key, byKey());
    if (it != objects.end() && it->key() == key)
        *it = o;
    else
        objects.insert(it, o);
}

SchemaDelta SchemaDelta::fromDiff(const SchemaDiff &diff)
{
    SchemaDelta d;
    for (const ObjectChange &c : diff.changes) {
        if (c.kind == ObjectChange::Kind::Removed) {
            SchemaObject gone = c.object;
            gone.attributes.clear();
            d.removed << gone;
        } else {
            d.upserted << c.object; // Changed carries the object after, whole
        }
    }
    return d;
}

void SchemaDelta::applyTo(SchemaSnapshot &s) const
{
    for (const SchemaObject &gone : removed) {
        const QString key = gone.key();
        const auto it = std::lower_bound(s.objects.begin(), s.objects.end(), key, byKey());
        if (it != s.objects.end() && it->key() == key)
            s.objects.erase(it);
        if (gone.kind == SchemaObject::Kind::Table)
            s.tables.removeIf([&](const TableStats &t) { return sameTable(t, gone); });
    }
    for (const SchemaObject &o : upserted) {
        upsertSorted(s.objects, o);
        if (o.kind != SchemaObject::Kind::Table || std::any_of(s.tables.cbegin(), s.tables.cend(), [&](const TableStats &t) { return sameTable(t, o); }))
            continue;
        const TableStats added{o.schema, o.name, -1, -1};
        const auto at = std::lower_bound(s.tables.begin(), s.tables.end(), added, [](const TableStats &a, const TableStats &b) {
            return std::tie(a.schema, a.table) < std::tie(b.schema, b.table);
        });
        s.tables.insert(at, added);
    }
    if (!takenAt.isEmpty())
        s.takenAt = takenAt;
}

QJsonObject SchemaDelta::toJson() const
{
    QJsonArray gone, came;
    for (const SchemaObject &o : removed)
        gone.append(objectToJson(o));
    for (const SchemaObject &o : upserted)
        came.append(objectToJson(o));
    QJsonObject c;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        c.insert(it.key(), it.value());
    return {
        {QStringLiteral("format"), Format.toString()},
        {QStringLiteral("formatVersion"), 1},
        {QStringLiteral("takenAt"), takenAt},
        {QStringLiteral("summary"), SchemaSnapshot::summaryOf(counts)},
        {QStringLiteral("counts"), c},
        {QStringLiteral("removed"), gone},
        {QStringLiteral("upserted"), came},
    };
}

bool SchemaDelta::isDeltaJson(const QJsonObject &json)
{
    return json.value(u"format").toString() == Format;
}

std::optional<SchemaDelta> SchemaDelta::fromJson(const QJsonObject &json, QString *error)
{
    const auto fail = [&](const QString &why) -> std::optional<SchemaDelta> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!isDeltaJson(json))
        return fail(QStringLiteral("not a schema delta"));
    if (json.value(u"formatVersion").toInt() != 1)
        return fail(QStringLiteral("schema delta format version %1 is not supported").arg(json.value(u"formatVersion").toInt()));
    SchemaDelta d;
    d.takenAt = json.value(u"takenAt").toString();
    QString why;
    for (const QJsonValue &v : json.value(u"removed").toArray()) {
        std::optional<SchemaObject> o = objectFromJson(v.toObject(), &why);
        if (!o)
            return fail(why);
        d.removed << std::move(*o);
    }
    for (const QJsonValue &v : json.value(u"upserted").toArray()) {
        std::optional<SchemaObject> o = objectFromJson(v.toObject(), &why);
        if (!o)
            return fail(why);
        d.upserted << std::move(*o);
    }
    const QJsonObject c = json.value(u"counts").toObject();
    for (auto it = c.begin(); it != c.end(); ++it)
        d.counts.insert(it.key(), qint64(it.value().toDouble()));
    return d;
}

} // namespace mig
