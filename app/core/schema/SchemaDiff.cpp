#include "SchemaDiff.h"

#include <QJsonObject>
#include <QSet>

namespace mig {

namespace {

QString changeName(ObjectChange::Kind k)
{
    switch (k) {
    case ObjectChange::Kind::Added: return QStringLiteral("added");
    case ObjectChange::Kind::Removed: return QStringLiteral("removed");
    case ObjectChange::Kind::Changed: return QStringLiteral("changed");
    }
    return {};
}

QString tableOf(const SchemaObject &o)
{
    if (o.kind == SchemaObject::Kind::Table)
        return o.schema.isEmpty() ? o.name : o.schema + u'.' + o.name;
    if (o.table.isEmpty())
        return {};
    return o.schema.isEmpty() ? o.table : o.schema + u'.' + o.table;
}

QString attributesText(const SchemaObject &o)
{
    QStringList parts;
    for (auto it = o.attributes.cbegin(); it != o.attributes.cend(); ++it)
        parts << QStringLiteral("%1: %2").arg(it.key(), it.value().left(120));
    return parts.isEmpty() ? QString() : QStringLiteral(" (") + parts.join(QStringLiteral("; ")) + u')';
}

// "index" -> "indexes", "policy" -> "policies", others take an s.
QString plural(const QString &kind)
{
    if (kind.endsWith(u'x'))
        return kind + QStringLiteral("es");
    // "policy" -> "policies", but "foreign key" -> "foreign keys" (a vowel before the y).
    if (kind.endsWith(u'y') && !QStringView(kind).chopped(1).endsWith(u'e'))
        return kind.chopped(1) + QStringLiteral("ies");
    return kind + u's';
}

// "13 columns, 2 foreign keys, 4 indexes" for what hangs off an added or removed table.
QString partsText(const QList<const ObjectChange *> &parts)
{
    QMap<QString, int> n;
    for (const ObjectChange *c : parts) {
        QString what = kindName(c->object.kind);
        if (c->object.kind == SchemaObject::Kind::Constraint)
            what = c->object.attributes.value(QStringLiteral("type"), what);
        ++n[what];
    }
    QStringList out;
    for (auto it = n.cbegin(); it != n.cend(); ++it)
        out << QStringLiteral("%1 %2").arg(it.value()).arg(it.value() == 1 ? it.key() : plural(it.key()));
    return out.join(QStringLiteral(", "));
}

} // namespace

SchemaDiff SchemaDiff::between(const SchemaSnapshot &before, const SchemaSnapshot &after)
{
    SchemaDiff d;
    auto b = before.objects.cbegin();
    auto a = after.objects.cbegin();
    // Each side's current key, built once per object: a run diffs a snapshot after every
    // migration, and building both keys at every step showed in its profile.
    QString bKey = b != before.objects.cend() ? b->key() : QString();
    QString aKey = a != after.objects.cend() ? a->key() : QString();
    const auto nextB = [&] { bKey = ++b != before.objects.cend() ? b->key() : QString(); };
    const auto nextA = [&] { aKey = ++a != after.objects.cend() ? a->key() : QString(); };
    // Both lists are sorted by key: one merge pass.
    while (b != before.objects.cend() || a != after.objects.cend()) {
        const int cmp = b == before.objects.cend() ? 1 : a == after.objects.cend() ? -1 : bKey.compare(aKey);
        if (cmp < 0) {
            d.changes << ObjectChange{ObjectChange::Kind::Removed, *b, {}};
            nextB();
        } else if (cmp > 0) {
            d.changes << ObjectChange{ObjectChange::Kind::Added, *a, {}};
            nextA();
        } else if (b->attributes == a->attributes) { // the common case: unchanged
            nextA();
            nextB();
        } else {
            ObjectChange c{ObjectChange::Kind::Changed, *a, {}};
            QSet<QString> names;
            for (auto it = b->attributes.cbegin(); it != b->attributes.cend(); ++it)
                names.insert(it.key());
            for (auto it = a->attributes.cbegin(); it != a->attributes.cend(); ++it)
                names.insert(it.key());
            QStringList sorted(names.cbegin(), names.cend());
            sorted.sort();
            for (const QString &n : sorted) {
                const QString was = b->attributes.value(n), now = a->attributes.value(n);
                if (was != now)
                    c.attributes << ObjectChange::Attribute{n, was, now};
            }
            if (!c.attributes.isEmpty())
                d.changes << c;
            nextA();
            nextB();
        }
    }
    return d;
}

int SchemaDiff::count(ObjectChange::Kind kind) const
{
    int n = 0;
    for (const ObjectChange &c : changes)
        n += c.kind == kind;
    return n;
}

QStringList SchemaDiff::tables() const
{
    QStringList out;
    for (const ObjectChange &c : changes) {
        const QString t = tableOf(c.object);
        if (!t.isEmpty() && !out.contains(t))
            out << t;
    }
    return out;
}

QString SchemaDiff::toText() const
{
    // Tables added or removed whole: their parts are told in the table's line.
    QMap<QString, QList<const ObjectChange *>> folded;
    QSet<QString> wholeTables;
    for (const ObjectChange &c : changes)
        if (c.object.kind == SchemaObject::Kind::Table && c.kind != ObjectChange::Kind::Changed)
            wholeTables.insert(changeName(c.kind) + tableOf(c.object));
    for (const ObjectChange &c : changes)
        if (c.object.kind != SchemaObject::Kind::Table && wholeTables.contains(changeName(c.kind) + tableOf(c.object)))
            folded[changeName(c.kind) + tableOf(c.object)] << &c;

    QStringList lines;
    for (const ObjectChange &c : changes) {
        const QString whole = changeName(c.kind) + tableOf(c.object);
        if (c.object.kind != SchemaObject::Kind::Table && wholeTables.contains(whole))
            continue;
        const QString what = kindName(c.object.kind) + u' ' + c.object.qualifiedName();
        switch (c.kind) {
        case ObjectChange::Kind::Added:
        case ObjectChange::Kind::Removed: {
            const QChar sign = c.kind == ObjectChange::Kind::Added ? u'+' : u'-';
            if (c.object.kind == SchemaObject::Kind::Table)
                lines << QStringLiteral("%1 %2 (%3)").arg(sign).arg(what, partsText(folded.value(whole)));
            else
                lines << QStringLiteral("%1 %2%3").arg(sign).arg(what, c.kind == ObjectChange::Kind::Added ? attributesText(c.object) : QString());
            break;
        }
        case ObjectChange::Kind::Changed: {
            QStringList parts;
            for (const ObjectChange::Attribute &at : c.attributes)
                parts << QStringLiteral("%1 %2 -> %3")
                             .arg(at.name, at.before.isEmpty() ? QStringLiteral("(none)") : at.before.left(120),
                                  at.after.isEmpty() ? QStringLiteral("(none)") : at.after.left(120));
            lines << QStringLiteral("~ %1: %2").arg(what, parts.join(QStringLiteral("; ")));
            break;
        }
        }
    }
    return lines.isEmpty() ? QStringLiteral("no schema changes\n") : lines.join(u'\n') + u'\n';
}

QJsonArray SchemaDiff::toJson() const
{
    QJsonArray out;
    for (const ObjectChange &c : changes) {
        QJsonObject j{{QStringLiteral("change"), changeName(c.kind)},
                      {QStringLiteral("kind"), kindName(c.object.kind)},
                      {QStringLiteral("name"), c.object.name}};
        if (!c.object.schema.isEmpty())
            j.insert(QStringLiteral("schema"), c.object.schema);
        if (!c.object.table.isEmpty())
            j.insert(QStringLiteral("table"), c.object.table);
        if (c.kind == ObjectChange::Kind::Changed) {
            QJsonArray attrs;
            for (const ObjectChange::Attribute &at : c.attributes)
                attrs.append(QJsonObject{{QStringLiteral("attribute"), at.name},
                                         {QStringLiteral("before"), at.before},
                                         {QStringLiteral("after"), at.after}});
            j.insert(QStringLiteral("changes"), attrs);
        } else {
            QJsonObject attrs;
            for (auto it = c.object.attributes.cbegin(); it != c.object.attributes.cend(); ++it)
                attrs.insert(it.key(), it.value());
            j.insert(QStringLiteral("attributes"), attrs);
        }
        out.append(j);
    }
    return out;
}

SchemaDiff SchemaDiff::fromJson(const QJsonArray &json)
{
    SchemaDiff diff;
    for (const QJsonValue &v : json) {
        const QJsonObject j = v.toObject();
        const QString change = j.value(u"change").toString();
        const std::optional<SchemaObject::Kind> kind = kindFromName(j.value(u"kind").toString());
        if (!kind || (change != u"added" && change != u"removed" && change != u"changed"))
            continue;
        ObjectChange c;
        c.kind = change == u"added" ? ObjectChange::Kind::Added
                 : change == u"removed" ? ObjectChange::Kind::Removed : ObjectChange::Kind::Changed;
        c.object.kind = *kind;
        c.object.schema = j.value(u"schema").toString();
        c.object.table = j.value(u"table").toString();
        c.object.name = j.value(u"name").toString();
        if (c.kind == ObjectChange::Kind::Changed) {
            for (const QJsonValue &a : j.value(u"changes").toArray()) {
                const QJsonObject at = a.toObject();
                c.attributes.append({at.value(u"attribute").toString(), at.value(u"before").toString(), at.value(u"after").toString()});
            }
        } else {
            const QJsonObject attrs = j.value(u"attributes").toObject();
            for (auto it = attrs.begin(); it != attrs.end(); ++it)
                c.object.attributes.insert(it.key(), it.value().toString());
        }
        diff.changes.append(c);
    }
    return diff;
}

} // namespace mig
