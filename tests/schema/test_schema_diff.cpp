// Snapshots and their diffs on hand-built objects: counts, summary, fingerprint, lookup, JSON,
// and what SchemaDiff reports (object by object, whole tables folded into one line).
#include "schema/SchemaDiff.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

#include <algorithm>

using namespace mig;

namespace {

using Kind = SchemaObject::Kind;

SchemaObject obj(Kind kind, const QString &table, const QString &name, const QMap<QString, QString> &attributes = {},
                 const QString &schema = QStringLiteral("public"))
{
    SchemaObject o;
    o.kind = kind;
    o.schema = schema;
    o.table = table;
    o.name = name;
    o.attributes = attributes;
    return o;
}

QMap<QString, QString> col(const QString &type, const QString &nullable = QStringLiteral("yes"))
{
    return {{QStringLiteral("type"), type}, {QStringLiteral("nullable"), nullable}};
}

// public.users with three columns, its primary key and an index.
SchemaSnapshot usersSnapshot()
{
    SchemaSnapshot s;
    s.dialect = Dialect::Postgres;
    s.database = QStringLiteral("shop");
    s.objects = {
        obj(Kind::Table, {}, QStringLiteral("users")),
        obj(Kind::Column, QStringLiteral("users"), QStringLiteral("id"), col(QStringLiteral("integer"), QStringLiteral("no"))),
        obj(Kind::Column, QStringLiteral("users"), QStringLiteral("email"), col(QStringLiteral("text"))),
        obj(Kind::Column, QStringLiteral("users"), QStringLiteral("legacy"), col(QStringLiteral("text"))),
        obj(Kind::Constraint, QStringLiteral("users"), QStringLiteral("users_pkey"),
            {{QStringLiteral("type"), QStringLiteral("primary key")}, {QStringLiteral("columns"), QStringLiteral("id")}}),
        obj(Kind::Index, QStringLiteral("users"), QStringLiteral("users_pkey"),
            {{QStringLiteral("columns"), QStringLiteral("id")}, {QStringLiteral("unique"), QStringLiteral("yes")},
             {QStringLiteral("method"), QStringLiteral("btree")}, {QStringLiteral("constraint"), QStringLiteral("yes")}}),
    };
    s.tables = {TableStats{QStringLiteral("public"), QStringLiteral("users"), 10, 8192}};
    s.sort();
    return s;
}

// What a feedback table adds: 13 columns, 2 foreign keys, 4 indexes, a check and a trigger.
QList<SchemaObject> feedbackTable()
{
    QList<SchemaObject> out{obj(Kind::Table, {}, QStringLiteral("feedback"))};
    for (int i = 0; i < 13; ++i)
        out << obj(Kind::Column, QStringLiteral("feedback"), QStringLiteral("c%1").arg(i), col(QStringLiteral("text")));
    for (const char *fk : {"feedback_user_fk", "feedback_product_fk"})
        out << obj(Kind::Constraint, QStringLiteral("feedback"), QLatin1String(fk), {{QStringLiteral("type"), QStringLiteral("foreign key")}});
    for (int i = 0; i < 4; ++i)
        out << obj(Kind::Index, QStringLiteral("feedback"), QStringLiteral("feedback_idx%1").arg(i),
                   {{QStringLiteral("columns"), QStringLiteral("c%1").arg(i)}});
    out << obj(Kind::Constraint, QStringLiteral("feedback"), QStringLiteral("feedback_rating_check"),
               {{QStringLiteral("type"), QStringLiteral("check")}, {QStringLiteral("expression"), QStringLiteral("c1 > 0")}});
    out << obj(Kind::Trigger, QStringLiteral("feedback"), QStringLiteral("feedback_touch"), {{QStringLiteral("timing"), QStringLiteral("before")}});
    return out;
}

TEST(SchemaSnapshot, KeysAndLookup)
{
    const SchemaSnapshot s = usersSnapshot();
    const SchemaObject *email = s.find(QStringLiteral("column public.users.email"));
    ASSERT_NE(email, nullptr);
    EXPECT_EQ(email->qualifiedName(), u"public.users.email");
    EXPECT_EQ(email->attributes.value(QStringLiteral("type")), u"text");
    EXPECT_NE(s.find(QStringLiteral("table public.users")), nullptr);
    EXPECT_NE(s.find(QStringLiteral("index public.users.users_pkey")), nullptr);
    EXPECT_EQ(s.find(QStringLiteral("column public.users.missing")), nullptr);
    EXPECT_EQ(s.find(QStringLiteral("index public.users.email")), nullptr);
    // Without a schema (SQLite) the key has no empty parts.
    EXPECT_EQ(obj(Kind::Column, QStringLiteral("users"), QStringLiteral("id"), {}, {}).key(), u"column users.id");
    EXPECT_EQ(obj(Kind::View, {}, QStringLiteral("v"), {}, {}).key(), u"view v");
    ASSERT_NE(s.stats(QStringLiteral("public"), QStringLiteral("users")), nullptr);
    EXPECT_EQ(s.stats(QStringLiteral("public"), QStringLiteral("users"))->rows, 10);
    EXPECT_EQ(s.stats({}, QStringLiteral("users")), nullptr);
}

TEST(SchemaSnapshot, KindNamesRoundTrip)
{
    for (Kind k : {Kind::Schema, Kind::Table, Kind::Column, Kind::Constraint, Kind::Index, Kind::View, Kind::MaterializedView,
                   Kind::Trigger, Kind::Routine, Kind::Sequence, Kind::Type, Kind::Extension, Kind::Policy}) {
        ASSERT_FALSE(kindName(k).isEmpty());
        EXPECT_EQ(kindFromName(kindName(k)), k) << kindName(k).toStdString();
    }
    EXPECT_EQ(kindName(Kind::MaterializedView), u"materialized view");
    EXPECT_FALSE(kindFromName(QStringLiteral("gizmo")));
}

TEST(SchemaSnapshot, CountsAndSummary)
{
    SchemaSnapshot s = usersSnapshot();
    s.objects << feedbackTable();
    s.objects << obj(Kind::Constraint, QStringLiteral("users"), QStringLiteral("users_email_key"), {{QStringLiteral("type"), QStringLiteral("unique")}})
              << obj(Kind::Routine, {}, QStringLiteral("touch()"), {{QStringLiteral("kind"), QStringLiteral("function")}})
              << obj(Kind::Routine, {}, QStringLiteral("archive(integer)"), {{QStringLiteral("kind"), QStringLiteral("procedure")}})
              << obj(Kind::View, {}, QStringLiteral("open_feedback")) << obj(Kind::Policy, QStringLiteral("users"), QStringLiteral("own_rows"))
              << obj(Kind::Extension, {}, QStringLiteral("pgcrypto"), {}, {});
    s.tables << TableStats{QStringLiteral("public"), QStringLiteral("feedback"), 5, -1}
             << TableStats{QStringLiteral("public"), QStringLiteral("unmeasured"), -1, -1};
    s.sort();

    const QMap<QString, qint64> c = s.counts();
    EXPECT_EQ(c.value(QStringLiteral("tables")), 2);
    EXPECT_EQ(c.value(QStringLiteral("columns")), 16);
    EXPECT_EQ(c.value(QStringLiteral("primary keys")), 1);
    EXPECT_EQ(c.value(QStringLiteral("unique constraints")), 1);
    EXPECT_EQ(c.value(QStringLiteral("check constraints")), 1);
    EXPECT_EQ(c.value(QStringLiteral("foreign keys")), 2);
    EXPECT_EQ(c.value(QStringLiteral("indexes")), 5);
    EXPECT_EQ(c.value(QStringLiteral("functions")), 1);
    EXPECT_EQ(c.value(QStringLiteral("procedures")), 1);
    EXPECT_EQ(c.value(QStringLiteral("views")), 1);
    EXPECT_EQ(c.value(QStringLiteral("triggers")), 1);
    EXPECT_EQ(c.value(QStringLiteral("policies")), 1);
    EXPECT_EQ(c.value(QStringLiteral("extensions")), 1);
    EXPECT_EQ(c.value(QStringLiteral("sequences")), 0);
    // Totals of what was measured; unmeasured tables (-1) add nothing.
    EXPECT_EQ(c.value(QStringLiteral("rows")), 15);
    EXPECT_EQ(c.value(QStringLiteral("bytes")), 8192);
    EXPECT_EQ(s.summary(), u"2 tables, 16 columns, 2 foreign keys, 5 indexes, 1 policies, 1 functions, 1 procedures, "
                           u"1 triggers, 1 views, 1 extensions");

    const SchemaSnapshot empty;
    EXPECT_EQ(empty.summary(), u"empty schema");
    EXPECT_EQ(empty.counts().value(QStringLiteral("rows")), -1);
    EXPECT_EQ(empty.counts().value(QStringLiteral("bytes")), -1);
}

TEST(SchemaSnapshot, FingerprintIsTheObjectsOnly)
{
    const SchemaSnapshot a = usersSnapshot();
    EXPECT_EQ(a.fingerprint().size(), 64);

    // Another order of the same objects, other sizes, another time and server: same identity.
    SchemaSnapshot b = usersSnapshot();
    std::reverse(b.objects.begin(), b.objects.end());
    b.sort();
    b.tables.first().rows = 999;
    b.tables.first().bytes = 1;
    b.takenAt = QStringLiteral("2030-01-01T00:00:00Z");
    b.serverVersion = QStringLiteral("PostgreSQL 17.0");
    EXPECT_EQ(a.fingerprint(), b.fingerprint());

    SchemaSnapshot c = usersSnapshot();
    for (SchemaObject &o : c.objects)
        if (o.name == u"email")
            o.attributes[QStringLiteral("nullable")] = QStringLiteral("no");
    EXPECT_NE(a.fingerprint(), c.fingerprint());

    SchemaSnapshot d = usersSnapshot();
    d.objects.removeLast();
    EXPECT_NE(a.fingerprint(), d.fingerprint());
}

TEST(SchemaSnapshot, JsonRoundTrip)
{
    const SchemaSnapshot s = usersSnapshot();
    const QJsonObject json = s.toJson();
    EXPECT_EQ(json.value(u"format").toString(), u"migration-console/schema-snapshot");
    EXPECT_EQ(json.value(u"engine").toString(), u"postgres");
    EXPECT_EQ(json.value(u"objects").toArray().size(), s.objects.size());
    EXPECT_EQ(json.value(u"counts").toObject().value(u"columns").toInt(), 3);

    QString error;
    const auto back = SchemaSnapshot::fromJson(QJsonDocument::fromJson(QJsonDocument(json).toJson()).object(), &error);
    ASSERT_TRUE(back) << error.toStdString();
    EXPECT_EQ(back->dialect, Dialect::Postgres);
    EXPECT_EQ(back->database, u"shop");
    EXPECT_EQ(back->fingerprint(), s.fingerprint());
    ASSERT_EQ(back->tables.size(), 1);
    EXPECT_EQ(back->tables.first().bytes, 8192);
    EXPECT_TRUE(SchemaDiff::between(s, *back).isEmpty());
}

TEST(SchemaSnapshot, JsonErrors)
{
    QJsonObject json = usersSnapshot().toJson();
    QString error;

    QJsonObject wrongFormat = json;
    wrongFormat.insert(QStringLiteral("format"), QStringLiteral("migctl.plan/1"));
    EXPECT_FALSE(SchemaSnapshot::fromJson(wrongFormat, &error));
    EXPECT_EQ(error, u"not a schema snapshot");
    EXPECT_FALSE(SchemaSnapshot::fromJson(QJsonObject{}, &error));
    EXPECT_EQ(error, u"not a schema snapshot");

    QJsonObject laterVersion = json;
    laterVersion.insert(QStringLiteral("formatVersion"), 2);
    EXPECT_FALSE(SchemaSnapshot::fromJson(laterVersion, &error));
    EXPECT_TRUE(error.contains(u"version 2")) << error.toStdString();

    QJsonObject oracle = json;
    oracle.insert(QStringLiteral("engine"), QStringLiteral("oracle"));
    EXPECT_FALSE(SchemaSnapshot::fromJson(oracle, &error));
    EXPECT_EQ(error, u"unknown engine 'oracle'");

    QJsonArray objects = json.value(u"objects").toArray();
    QJsonObject gizmo = objects.first().toObject();
    gizmo.insert(QStringLiteral("kind"), QStringLiteral("gizmo"));
    objects.append(gizmo);
    json.insert(QStringLiteral("objects"), objects);
    EXPECT_FALSE(SchemaSnapshot::fromJson(json, &error));
    EXPECT_EQ(error, u"unknown object kind 'gizmo'");
    // The error pointer is optional.
    EXPECT_FALSE(SchemaSnapshot::fromJson(json));
}

TEST(SchemaDiff, IdenticalSnapshotsHaveNoChanges)
{
    const SchemaDiff d = SchemaDiff::between(usersSnapshot(), usersSnapshot());
    EXPECT_TRUE(d.isEmpty());
    EXPECT_EQ(d.toText(), u"no schema changes\n");
    EXPECT_TRUE(d.toJson().isEmpty());
    EXPECT_TRUE(d.tables().isEmpty());
}

TEST(SchemaDiff, AddedRemovedAndChangedObjects)
{
    const SchemaSnapshot before = usersSnapshot();
    SchemaSnapshot after = usersSnapshot();
    after.objects.removeIf([](const SchemaObject &o) { return o.name == u"legacy"; });
    for (SchemaObject &o : after.objects)
        if (o.name == u"id" && o.kind == Kind::Column) {
            o.attributes[QStringLiteral("type")] = QStringLiteral("bigint");
            o.attributes[QStringLiteral("default")] = QStringLiteral("nextval('users_id_seq')");
        }
    after.objects << obj(Kind::Index, QStringLiteral("users"), QStringLiteral("idx_users_email"),
                         {{QStringLiteral("columns"), QStringLiteral("email")}, {QStringLiteral("unique"), QStringLiteral("no")}});
    after.tables.first().rows = 11; // sizes are no schema change
    after.sort();

    const SchemaDiff d = SchemaDiff::between(before, after);
    ASSERT_EQ(d.changes.size(), 3);
    EXPECT_EQ(d.count(ObjectChange::Kind::Added), 1);
    EXPECT_EQ(d.count(ObjectChange::Kind::Removed), 1);
    EXPECT_EQ(d.count(ObjectChange::Kind::Changed), 1);

    // In key order: column public.users.id, column public.users.legacy, index ...
    const ObjectChange &changed = d.changes.at(0);
    EXPECT_EQ(changed.kind, ObjectChange::Kind::Changed);
    EXPECT_EQ(changed.object.key(), u"column public.users.id");
    ASSERT_EQ(changed.attributes.size(), 2);
    EXPECT_EQ(changed.attributes.at(0).name, u"default");
    EXPECT_EQ(changed.attributes.at(0).before, u"");
    EXPECT_EQ(changed.attributes.at(0).after, u"nextval('users_id_seq')");
    EXPECT_EQ(changed.attributes.at(1).name, u"type");
    EXPECT_EQ(changed.attributes.at(1).before, u"integer");
    EXPECT_EQ(changed.attributes.at(1).after, u"bigint");
    EXPECT_EQ(d.changes.at(1).kind, ObjectChange::Kind::Removed);
    EXPECT_EQ(d.changes.at(1).object.key(), u"column public.users.legacy");
    EXPECT_EQ(d.changes.at(2).kind, ObjectChange::Kind::Added);

    EXPECT_EQ(d.toText(), u"~ column public.users.id: default (none) -> nextval('users_id_seq'); type integer -> bigint\n"
                          u"- column public.users.legacy\n"
                          u"+ index public.users.idx_users_email (columns: email; unique: no)\n");
    EXPECT_EQ(d.tables(), QStringList{QStringLiteral("public.users")});

    // The reverse diff undoes it.
    const SchemaDiff back = SchemaDiff::between(after, before);
    EXPECT_EQ(back.count(ObjectChange::Kind::Added), 1);
    EXPECT_EQ(back.count(ObjectChange::Kind::Removed), 1);
    EXPECT_TRUE(back.toText().contains(u"~ column public.users.id: default nextval('users_id_seq') -> (none); type bigint -> integer"));
}

TEST(SchemaDiff, WholeTablesFoldIntoOneLine)
{
    const SchemaSnapshot before = usersSnapshot();
    SchemaSnapshot after = usersSnapshot();
    after.objects << feedbackTable();
    after.sort();

    const SchemaDiff added = SchemaDiff::between(before, after);
    EXPECT_EQ(added.count(ObjectChange::Kind::Added), 1 + 13 + 2 + 4 + 1 + 1);
    EXPECT_EQ(added.toText(), u"+ table public.feedback (1 check, 13 columns, 2 foreign keys, 4 indexes, 1 trigger)\n");
    EXPECT_EQ(added.tables(), QStringList{QStringLiteral("public.feedback")});

    // Dropping a table folds the same way; a change elsewhere keeps its own line.
    SchemaSnapshot dropped = usersSnapshot();
    dropped.objects.removeIf([](const SchemaObject &o) { return o.table == u"users" || o.name == u"users"; });
    dropped.objects << obj(Kind::View, {}, QStringLiteral("active_users"), {{QStringLiteral("definition"), QStringLiteral("SELECT 1")}});
    dropped.sort();
    const SchemaDiff removed = SchemaDiff::between(before, dropped);
    EXPECT_EQ(removed.count(ObjectChange::Kind::Removed), 6);
    EXPECT_EQ(removed.toText(), u"- table public.users (3 columns, 1 index, 1 primary key)\n"
                                u"+ view public.active_users (definition: SELECT 1)\n");

    // A column added to a table that was there before is a line of its own.
    SchemaSnapshot moved = usersSnapshot();
    moved.objects << obj(Kind::Column, QStringLiteral("users"), QStringLiteral("age"), col(QStringLiteral("integer")));
    moved.sort();
    EXPECT_EQ(SchemaDiff::between(before, moved).toText(), u"+ column public.users.age (nullable: yes; type: integer)\n");
}

TEST(SchemaDiff, JsonForm)
{
    const SchemaSnapshot before = usersSnapshot();
    SchemaSnapshot after = usersSnapshot();
    after.objects.removeIf([](const SchemaObject &o) { return o.name == u"legacy"; });
    for (SchemaObject &o : after.objects)
        if (o.name == u"email")
            o.attributes[QStringLiteral("nullable")] = QStringLiteral("no");
    after.objects << obj(Kind::View, {}, QStringLiteral("active_users"), {{QStringLiteral("definition"), QStringLiteral("SELECT 1")}});
    after.sort();

    const QJsonArray j = SchemaDiff::between(before, after).toJson();
    ASSERT_EQ(j.size(), 3);
    // column public.users.email (changed), column public.users.legacy (removed), view (added)
    const QJsonObject changed = j.at(0).toObject();
    EXPECT_EQ(changed.value(u"change").toString(), u"changed");
    EXPECT_EQ(changed.value(u"kind").toString(), u"column");
    EXPECT_EQ(changed.value(u"schema").toString(), u"public");
    EXPECT_EQ(changed.value(u"table").toString(), u"users");
    EXPECT_EQ(changed.value(u"name").toString(), u"email");
    EXPECT_FALSE(changed.contains(u"attributes"));
    const QJsonArray attrs = changed.value(u"changes").toArray();
    ASSERT_EQ(attrs.size(), 1);
    EXPECT_EQ(attrs.at(0).toObject(), (QJsonObject{{QStringLiteral("attribute"), QStringLiteral("nullable")},
                                                   {QStringLiteral("before"), QStringLiteral("yes")},
                                                   {QStringLiteral("after"), QStringLiteral("no")}}));

    const QJsonObject removed = j.at(1).toObject();
    EXPECT_EQ(removed.value(u"change").toString(), u"removed");
    EXPECT_EQ(removed.value(u"name").toString(), u"legacy");
    EXPECT_EQ(removed.value(u"attributes").toObject().value(u"type").toString(), u"text");

    const QJsonObject added = j.at(2).toObject();
    EXPECT_EQ(added.value(u"change").toString(), u"added");
    EXPECT_EQ(added.value(u"kind").toString(), u"view");
    EXPECT_FALSE(added.contains(u"table"));
    EXPECT_FALSE(added.contains(u"changes"));
    EXPECT_EQ(added.value(u"attributes").toObject().value(u"definition").toString(), u"SELECT 1");
}

} // namespace
