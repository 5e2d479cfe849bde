#include "SchemaSnapshot.h"

#include <QCryptographicHash>
#include <QJsonArray>

#include <algorithm>
#include <utility>

namespace mig {

namespace {

struct KindInfo {
    SchemaObject::Kind kind;
    const char *name;
};
constexpr KindInfo kinds[] = {
    {SchemaObject::Kind::Schema, "schema"},       {SchemaObject::Kind::Table, "table"},
    {SchemaObject::Kind::Column, "column"},       {SchemaObject::Kind::Constraint, "constraint"},
    {SchemaObject::Kind::Index, "index"},         {SchemaObject::Kind::View, "view"},
    {SchemaObject::Kind::MaterializedView, "materialized view"}, {SchemaObject::Kind::Trigger, "trigger"},
    {SchemaObject::Kind::Routine, "routine"},     {SchemaObject::Kind::Sequence, "sequence"},
    {SchemaObject::Kind::Type, "type"},           {SchemaObject::Kind::Extension, "extension"},
    {SchemaObject::Kind::Policy, "policy"},
};

// The non-empty parts joined by dots, appended to `out`. Built in place: keys are made for
// every object of every snapshot (sort, diff, fingerprint), and a list joined per key showed in
// the profile of a run that snapshots after each migration.
void appendDotted(QString &out, const QString &schema, const QString &table, const QString &name)
{
    bool first = true;
    for (const QString *part : {&schema, &table, &name}) {
        if (part->isEmpty())
            continue;
        if (!std::exchange(first, false))
            out += u'.';
        out += *part;
    }
}

} // namespace

QString kindName(SchemaObject::Kind k)
{
    for (const KindInfo &i : kinds)
        if (i.kind == k)
            return QLatin1String(i.name);
    return {};
}

std::optional<SchemaObject::Kind> kindFromName(const QString &name)
{
    for (const KindInfo &i : kinds)
        if (name == QLatin1String(i.name))
            return i.kind;
    return std::nullopt;
}

QString SchemaObject::qualifiedName() const
{
    QString out;
    out.reserve(schema.size() + table.size() + name.size() + 2);
    appendDotted(out, schema, table, name);
    return out;
}

QString SchemaObject::key() const
{
    QString out;
    out.reserve(schema.size() + table.size() + name.size() + 20);
    for (const KindInfo &i : kinds)
        if (i.kind == kind)
            out += QLatin1String(i.name);
    out += u' ';
    appendDotted(out, schema, table, name);
    return out;
}

void SchemaSnapshot::sort()
{
    // Keys are built once: a 2,000-table schema has tens of thousands of objects.
    QList<std::pair<QString, qsizetype>> keys;
    keys.reserve(objects.size());
    for (qsizetype i = 0; i < objects.size(); ++i)
        keys.append({objects.at(i).key(), i});
    std::sort(keys.begin(), keys.end());
    QList<SchemaObject> sorted;
    sorted.reserve(objects.size());
    for (const auto &k : keys)
        sorted.append(std::move(objects[k.second]));
    objects = std::move(sorted);
    std::sort(tables.begin(), tables.end(), [](const TableStats &a, const TableStats &b) {
        return std::tie(a.schema, a.table) < std::tie(b.schema, b.table);
    });
}

const SchemaObject *SchemaSnapshot::find(const QString &key) const
{
    const auto it = std::lower_bound(objects.cbegin(), objects.cend(), key,
                                     [](const SchemaObject &o, const QString &k) { return o.key() < k; });
    return it != objects.cend() && it->key() == key ? &*it : nullptr;
}

const TableStats *SchemaSnapshot::stats(const QString &schema, const QString &table) const
{
    for (const TableStats &t : tables)
        if (t.schema == schema && t.table == table)
            return &t;
    return nullptr;
}

QMap<QString, qint64> SchemaSnapshot::counts() const
{
    QMap<QString, qint64> c;
    for (const char *k : {"schemas", "tables", "columns", "primary keys", "unique constraints", "check constraints",
                          "foreign keys", "indexes", "views", "materialized views", "triggers", "functions",
                          "procedures", "sequences", "types", "extensions", "policies"})
        c.insert(QLatin1String(k), 0);
    for (const SchemaObject &o : objects) {
        switch (o.kind) {
        case SchemaObject::Kind::Schema: ++c[QStringLiteral("schemas")]; break;
        case SchemaObject::Kind::Table: ++c[QStringLiteral("tables")]; break;
        case SchemaObject::Kind::Column: ++c[QStringLiteral("columns")]; break;
        case SchemaObject::Kind::Constraint: {
            const QString type = o.attributes.value(QStringLiteral("type"));
            if (type == u"primary key")
                ++c[QStringLiteral("primary keys")];
            else if (type == u"unique")
                ++c[QStringLiteral("unique constraints")];
            else if (type == u"check")
                ++c[QStringLiteral("check constraints")];
            else if (type == u"foreign key")
                ++c[QStringLiteral("foreign keys")];
            break;
        }
        case SchemaObject::Kind::Index: ++c[QStringLiteral("indexes")]; break;
        case SchemaObject::Kind::View: ++c[QStringLiteral("views")]; break;
        case SchemaObject::Kind::MaterializedView: ++c[QStringLiteral("materialized views")]; break;
        case SchemaObject::Kind::Trigger: ++c[QStringLiteral("triggers")]; break;
        case SchemaObject::Kind::Routine:
            ++c[o.attributes.value(QStringLiteral("kind")) == u"procedure" ? QStringLiteral("procedures") : QStringLiteral("functions")];
            break;
        case SchemaObject::Kind::Sequence: ++c[QStringLiteral("sequences")]; break;
        case SchemaObject::Kind::Type: ++c[QStringLiteral("types")]; break;
        case SchemaObject::Kind::Extension: ++c[QStringLiteral("extensions")]; break;
        case SchemaObject::Kind::Policy: ++c[QStringLiteral("policies")]; break;
        }
    }
    qint64 rows = -1, bytes = -1;
    for (const TableStats &t : tables) {
        if (t.rows >= 0)
            rows = std::max<qint64>(rows, 0) + t.rows;
        if (t.bytes >= 0)
            bytes = std::max<qint64>(bytes, 0) + t.bytes;
    }
    c.insert(QStringLiteral("rows"), rows);
    c.insert(QStringLiteral("bytes"), bytes);
    return c;
}

QString SchemaSnapshot::summary() const
{
    return summaryOf(counts());
}

QString SchemaSnapshot::summaryOf(const QMap<QString, qint64> &c)
{
    QStringList parts;
    // The order the seed reports use: structure first, then what guards and serves it.
    for (const char *k : {"tables", "columns", "foreign keys", "indexes", "policies", "functions", "procedures", "triggers",
                          "views", "materialized views", "sequences", "types", "extensions"}) {
        const qint64 n = c.value(QLatin1String(k));
        if (n > 0)
            parts << QStringLiteral("%1 %2").arg(n).arg(QLatin1String(k));
    }
    return parts.isEmpty() ? QStringLiteral("empty schema") : parts.join(QStringLiteral(", "));
}

QByteArray SchemaSnapshot::fingerprint() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const SchemaObject &o : objects) {
        hash.addData(o.key().toUtf8());
        hash.addData(QByteArrayView("\n", 1));
        for (auto it = o.attributes.cbegin(); it != o.attributes.cend(); ++it) {
            hash.addData(it.key().toUtf8());
            hash.addData(QByteArrayView("=", 1));
            hash.addData(it.value().toUtf8());
            hash.addData(QByteArrayView("\n", 1));
        }
    }
    return hash.result().toHex();
}

QJsonObject objectToJson(const SchemaObject &o)
{
    QJsonObject j{{QStringLiteral("kind"), kindName(o.kind)}, {QStringLiteral("name"), o.name}};
    if (!o.schema.isEmpty())
        j.insert(QStringLiteral("schema"), o.schema);
    if (!o.table.isEmpty())
        j.insert(QStringLiteral("table"), o.table);
    QJsonObject attrs;
    for (auto it = o.attributes.cbegin(); it != o.attributes.cend(); ++it)
        attrs.insert(it.key(), it.value());
    if (!attrs.isEmpty())
        j.insert(QStringLiteral("attributes"), attrs);
    return j;
}

std::optional<SchemaObject> objectFromJson(const QJsonObject &j, QString *error)
{
    const auto kind = kindFromName(j.value(u"kind").toString());
    if (!kind) {
        if (error)
            *error = QStringLiteral("unknown object kind '%1'").arg(j.value(u"kind").toString());
        return std::nullopt;
    }
    SchemaObject o;
    o.kind = *kind;
    o.schema = j.value(u"schema").toString();
    o.table = j.value(u"table").toString();
    o.name = j.value(u"name").toString();
    const QJsonObject attrs = j.value(u"attributes").toObject();
    for (auto it = attrs.begin(); it != attrs.end(); ++it)
        o.attributes.insert(it.key(), it.value().toString());
    return o;
}

QJsonObject SchemaSnapshot::toJson() const
{
    QJsonArray objs;
    for (const SchemaObject &o : objects)
        objs.append(objectToJson(o));
    QJsonArray stats;
    for (const TableStats &t : tables) {
        QJsonObject j{{QStringLiteral("table"), t.table}, {QStringLiteral("rows"), t.rows}, {QStringLiteral("bytes"), t.bytes}};
        if (!t.schema.isEmpty())
            j.insert(QStringLiteral("schema"), t.schema);
        stats.append(j);
    }
    QJsonObject counts;
    const QMap<QString, qint64> c = this->counts();
    for (auto it = c.cbegin(); it != c.cend(); ++it)
        counts.insert(it.key(), it.value());
    return {
        {QStringLiteral("format"), QStringLiteral("migration-console/schema-snapshot")},
        {QStringLiteral("formatVersion"), 1},
        {QStringLiteral("engine"), dialectName(dialect)},
        {QStringLiteral("takenAt"), takenAt},
        {QStringLiteral("serverVersion"), serverVersion},
        {QStringLiteral("database"), database},
        {QStringLiteral("fingerprint"), QString::fromLatin1(fingerprint())},
        {QStringLiteral("summary"), summary()},
        {QStringLiteral("counts"), counts},
        {QStringLiteral("objects"), objs},
        {QStringLiteral("tables"), stats},
    };
}

std::optional<SchemaSnapshot> SchemaSnapshot::fromJson(const QJsonObject &json, QString *error)
{
    const auto fail = [&](const QString &why) -> std::optional<SchemaSnapshot> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (json.value(u"format").toString() != u"migration-console/schema-snapshot")
        return fail(QStringLiteral("not a schema snapshot"));
    if (json.value(u"formatVersion").toInt() != 1)
        return fail(QStringLiteral("schema snapshot format version %1 is not supported").arg(json.value(u"formatVersion").toInt()));
    const auto dialect = dialectFromName(json.value(u"engine").toString());
    if (!dialect)
        return fail(QStringLiteral("unknown engine '%1'").arg(json.value(u"engine").toString()));
    SchemaSnapshot s;
    s.dialect = *dialect;
    s.takenAt = json.value(u"takenAt").toString();
    s.serverVersion = json.value(u"serverVersion").toString();
    s.database = json.value(u"database").toString();
    for (const QJsonValue &v : json.value(u"objects").toArray()) {
        QString why;
        std::optional<SchemaObject> o = objectFromJson(v.toObject(), &why);
        if (!o)
            return fail(why);
        s.objects << std::move(*o);
    }
    for (const QJsonValue &v : json.value(u"tables").toArray()) {
        const QJsonObject j = v.toObject();
        s.tables << TableStats{j.value(u"schema").toString(), j.value(u"table").toString(),
                               qint64(j.value(u"rows").toDouble(-1)), qint64(j.value(u"bytes").toDouble(-1))};
    }
    s.sort();
    return s;
}

} // namespace mig
