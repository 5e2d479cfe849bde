#pragma once

#include "target/SqlResult.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <functional>
#include <optional>

namespace mig {

class TargetSession;

namespace demo {

// The rows of one table, made by a demo's generator.
struct SeedTable {
    QString table;          // as written in seed/schema.sql
    QStringList columns;
    QList<QVariantList> rows;
};

// A demo's generator: the same seed always gives the same rows, on every machine.
using SeedGenerator = std::function<QList<SeedTable>(quint64 seed)>;

// The demos shipped in migrations/: a folder whose seed/schema.sql is the production schema
// before the release the folder's migrations make, and whose rows come from a generator.
struct DemoDefinition {
    QString name;           // folder name: "sqlite-demo", "postgres-demo"
    QString engine;         // the dialect it is written for: "sqlite", "postgres"
    QString description;    // one line for `migctl demo --list`
    SeedGenerator rows;
};

QList<DemoDefinition> demoDefinitions();
std::optional<DemoDefinition> findDemo(const QString &name);

// Generators, one per demo (SqliteDemoData.cpp, PostgresDemoData.cpp).
QList<SeedTable> sqliteDemoRows(quint64 seed);
QList<SeedTable> postgresDemoRows(quint64 seed);

constexpr quint64 DefaultSeed = 20250827; // the day of the run the SQLite demo is modelled on

struct SeedOutcome {
    std::optional<QString> error;  // what went wrong, with file:line or the engine's error
    bool refused = false;          // the target already holds tables: nothing was touched
    QStringList summary;           // "User: 141 rows", ...
};

// Makes a fresh demo target: seed/schema.sql of `demoDir` and the generator's rows, in one
// transaction where the engine allows it. Refuses a target that already has tables, so it can
// never write into a real database.
SeedOutcome seedDemo(TargetSession &session, const DemoDefinition &demo, const QString &demoDir,
                     quint64 seed = DefaultSeed);

// A new SQLite database file at `path` made by seedDemo; refuses a path that exists, and leaves
// no file behind when seeding fails.
SeedOutcome createSqliteDemo(const QString &path, const DemoDefinition &demo, const QString &demoDir,
                             quint64 seed = DefaultSeed);

} // namespace demo
} // namespace mig
