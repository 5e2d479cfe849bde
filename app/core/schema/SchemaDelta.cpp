#include "SchemaDelta.h"

#include <QSet>

#include <algorithm>
#include <iterator>
#include <vector>

namespace mig {

namespace {

constexpr QStringView Format = u"migration-console/schema-delta";

auto byKey()
{
    return [](const SchemaObject &o, const QString &k) { return o.key() < k; };
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
    if (!takenAt.isEmpty())
        s.takenAt = takenAt;
    // One pass over the snapshot's objects, whatever the size of the delta: the delta's keys are
    // built once and sorted, each found from where the last one was, and the objects in between
    // moved once. (An upsert at a time inserted mid-list, moving the tail each time, and built
    // keys per comparison.)
    struct Op {
        QString key;
        const SchemaObject *upsert; // null: remove
    };
    std::vector<Op> ops;
    ops.reserve(removed.size() + upserted.size());
    for (const SchemaObject &o : removed)
        ops.push_back({o.key(), nullptr});
    for (const SchemaObject &o : upserted)
        ops.push_back({o.key(), &o});
    // Per key the last upsert wins over a removal, as removals applied first and upserts in order did.
    std::stable_sort(ops.begin(), ops.end(), [](const Op &a, const Op &b) {
        return a.key != b.key ? a.key < b.key : (a.upsert == nullptr && b.upsert != nullptr);
    });
    QList<SchemaObject> merged;
    merged.reserve(s.objects.size() + upserted.size());
    auto cursor = s.objects.begin();
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (i + 1 < ops.size() && ops[i + 1].key == ops[i].key)
            continue; // the last of the key decides
        const Op &op = ops[i];
        const auto at = std::lower_bound(cursor, s.objects.end(), op.key, byKey());
        std::move(cursor, at, std::back_inserter(merged));
        cursor = at;
        if (cursor != s.objects.end() && cursor->key() == op.key)
            ++cursor; // replaced or removed
        if (op.upsert)
            merged << *op.upsert;
    }
    std::move(cursor, s.objects.end(), std::back_inserter(merged));
    s.objects = std::move(merged);

    // The table list: removed tables go; upserted ones not there come, unmeasured.
    QSet<QString> goneTables;
    for (const SchemaObject &o : removed)
        if (o.kind == SchemaObject::Kind::Table)
            goneTables.insert(o.schema + u'\x1f' + o.name);
    QList<TableStats> added;
    for (const SchemaObject &o : upserted)
        if (o.kind == SchemaObject::Kind::Table)
            added << TableStats{o.schema, o.name, -1, -1};
    if (goneTables.isEmpty() && added.isEmpty())
        return;
    const auto ident = [](const TableStats &t) { return t.schema + u'\x1f' + t.table; };
    if (!goneTables.isEmpty())
        s.tables.removeIf([&](const TableStats &t) { return goneTables.contains(ident(t)); });
    const auto byName = [](const TableStats &a, const TableStats &b) { return std::tie(a.schema, a.table) < std::tie(b.schema, b.table); };
    std::sort(added.begin(), added.end(), byName);
    added.erase(std::unique(added.begin(), added.end(), [&](const TableStats &a, const TableStats &b) { return !byName(a, b) && !byName(b, a); }),
                added.end());
    added.removeIf([&](const TableStats &t) { return std::binary_search(s.tables.cbegin(), s.tables.cend(), t, byName); });
    QList<TableStats> tables;
    tables.reserve(s.tables.size() + added.size());
    std::merge(s.tables.cbegin(), s.tables.cend(), added.cbegin(), added.cend(), std::back_inserter(tables), byName);
    s.tables = std::move(tables);
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
