// The PostgreSQL demo's generator (app/core/demo/PostgresDemoData.cpp): the same seed always
// gives the same rows, another seed other rows, and whatever the seed, the figures of the seed
// run's spot check and the facts the migrations rely on hold.
#include "demo/DemoSeed.h"

#include <QDateTime>
#include <QSet>

#include <gtest/gtest.h>

using mig::demo::SeedTable;

namespace {

const SeedTable *find(const QList<SeedTable> &tables, const QString &name)
{
    for (const SeedTable &t : tables)
        if (t.table == name)
            return &t;
    return nullptr;
}

QVariant value(const SeedTable &t, const QVariantList &row, const QString &column)
{
    return row.value(int(t.columns.indexOf(column)));
}

} // namespace

TEST(PostgresDemoData, TheSameSeedGivesTheSameRowsAndAnotherSeedOtherRows)
{
    const QList<SeedTable> a = mig::demo::postgresDemoRows(mig::demo::DefaultSeed);
    const QList<SeedTable> b = mig::demo::postgresDemoRows(mig::demo::DefaultSeed);
    const QList<SeedTable> other = mig::demo::postgresDemoRows(7);
    ASSERT_EQ(a.size(), 14);
    ASSERT_EQ(b.size(), a.size());
    ASSERT_EQ(other.size(), a.size());
    for (int t = 0; t < a.size(); ++t) {
        EXPECT_EQ(a.at(t).table, b.at(t).table);
        EXPECT_EQ(a.at(t).columns, b.at(t).columns);
        EXPECT_EQ(a.at(t).rows, b.at(t).rows) << a.at(t).table.toStdString();
        EXPECT_EQ(a.at(t).table, other.at(t).table);
    }
    for (const QString &table : {QStringLiteral("users"), QStringLiteral("moves"), QStringLiteral("assets"), QStringLiteral("comments")})
        EXPECT_NE(find(a, table)->rows, find(other, table)->rows) << "another seed, other " << table.toStdString();
}

TEST(PostgresDemoData, EverySeedKeepsTheSpotCheckFiguresAndWhatTheMigrationsNeed)
{
    const QDateTime release(QDate(2024, 2, 7), QTime(8, 0), Qt::UTC);
    for (const quint64 seed : {mig::demo::DefaultSeed, quint64(7), quint64(123456789)}) {
        SCOPED_TRACE(seed);
        const QList<SeedTable> tables = mig::demo::postgresDemoRows(seed);
        // The seed run's spot check: 3 workspaces, 8 cohorts, 156 moves, 42 assets.
        EXPECT_EQ(find(tables, QStringLiteral("workspaces"))->rows.size(), 3);
        EXPECT_EQ(find(tables, QStringLiteral("cohorts"))->rows.size(), 8);
        EXPECT_EQ(find(tables, QStringLiteral("moves"))->rows.size(), 156);
        EXPECT_EQ(find(tables, QStringLiteral("assets"))->rows.size(), 42);
        EXPECT_EQ(find(tables, QStringLiteral("users"))->rows.size(), 24);
        EXPECT_EQ(find(tables, QStringLiteral("workspace_members"))->rows.size(), 27);

        QSet<QString> members, emails, labels;
        const SeedTable &m = *find(tables, QStringLiteral("workspace_members"));
        for (const QVariantList &row : m.rows)
            members.insert(value(m, row, QStringLiteral("workspace_id")).toString() + u'/' + value(m, row, QStringLiteral("user_id")).toString());
        const SeedTable &users = *find(tables, QStringLiteral("users"));
        for (const QVariantList &row : users.rows)
            emails.insert(value(users, row, QStringLiteral("email")).toString().toLower());
        EXPECT_EQ(emails.size(), users.rows.size()) << "users_email_key is unique on lower(email)";

        // 12 campaign labels (4 per workspace), which 013 turns into 12 campaigns; move owners
        // are members of the move's workspace (014 awards them "first-move" there).
        const SeedTable &moves = *find(tables, QStringLiteral("moves"));
        for (const QVariantList &row : moves.rows) {
            const QString ws = value(moves, row, QStringLiteral("workspace_id")).toString();
            if (!value(moves, row, QStringLiteral("campaign_name")).isNull())
                labels.insert(ws + u'/' + value(moves, row, QStringLiteral("campaign_name")).toString());
            EXPECT_TRUE(members.contains(ws + u'/' + value(moves, row, QStringLiteral("owner_id")).toString()));
        }
        EXPECT_EQ(labels.size(), 12);

        // No wall clock: every moment lies before the release morning; every row fits its columns.
        for (const SeedTable &t : tables) {
            for (const QVariantList &row : t.rows) {
                ASSERT_EQ(row.size(), t.columns.size()) << t.table.toStdString();
                for (const QVariant &v : row) {
                    if (v.typeId() == QMetaType::QDateTime) {
                        EXPECT_LT(v.toDateTime(), release) << t.table.toStdString() << " " << v.toDateTime().toString(Qt::ISODate).toStdString();
                    }
                }
            }
        }
    }
}
