#include "DemoSeed.h"

#include "schema/SchemaReader.h"
#include "sql/ScriptSplitter.h"
#include "target/TargetSession.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace mig::demo {

QList<DemoDefinition> demoDefinitions()
{
    return {
        {QStringLiteral("sqlite-demo"), QStringLiteral("sqlite"),
         QStringLiteral("Feedback release of a learning platform: 144 users, 560 weekly reports, "
                        "a batched timestamp fix and one migration that fails silently"),
         sqliteDemoRows},
        {QStringLiteral("postgres-demo"), QStringLiteral("postgres"),
         QStringLiteral("Five-migration expansion of a marketing platform: tables, functions, "
                        "triggers and row-level security, verified by 16 checks"),
         postgresDemoRows},
    };
}

std::optional<DemoDefinition> findDemo(const QString &name)
{
    for (const DemoDefinition &d : demoDefinitions()) {
        if (d.name == name)
            return d;
    }
    return std::nullopt;
}

namespace {

QString insertStatement(TargetSession &session, const SeedTable &table)
{
    QStringList columns;
    QStringList marks;
    for (const QString &c : table.columns) {
        columns << session.quoteName(c);
        marks << QStringLiteral("?");
    }
    return QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
        .arg(session.quoteName(table.table), columns.join(QStringLiteral(", ")), marks.join(QStringLiteral(", ")));
}

// Runs seed/schema.sql statement by statement; an error names the file and line.
std::optional<QString> runSchema(TargetSession &session, const QString &path)
{
    if (!QFileInfo(path).isFile())
        return QStringLiteral("%1: no such file (a demo folder holds its baseline schema there)").arg(path);
    std::optional<QString> failure;
    ScriptRef script;
    script.path = path;
    const ScriptSplitResult split = splitScript(script, session.dialect(), [&](Statement &&s) {
        const ExecResult r = session.exec(s.sql);
        if (r.error)
            failure = QStringLiteral("%1:%2: %3").arg(path).arg(s.firstLine).arg(r.error->toString());
        return !failure;
    });
    if (split.error && !failure)
        failure = QStringLiteral("%1:%2: %3").arg(path).arg(split.error->line).arg(split.error->message);
    return failure;
}

std::optional<QString> insertRows(TargetSession &session, const QList<SeedTable> &tables, QStringList &summary)
{
    for (const SeedTable &t : tables) {
        for (const QString &name : std::as_const(t.columns) + QStringList{t.table}) {
            if (!TargetSession::validIdentifier(name))
                return QStringLiteral("generator: invalid name %1").arg(name);
        }
        const QString sql = insertStatement(session, t);
        for (qsizetype i = 0; i < t.rows.size(); ++i) {
            const ExecResult r = session.exec(sql, t.rows.at(i));
            if (r.error)
                return QStringLiteral("%1, row %2: %3").arg(t.table).arg(i + 1).arg(r.error->toString());
        }
        summary << QStringLiteral("%1: %2 rows").arg(t.table).arg(t.rows.size());
    }
    return std::nullopt;
}

} // namespace

SeedOutcome seedDemo(TargetSession &session, const DemoDefinition &demo, const QString &demoDir, quint64 seed)
{
    SeedOutcome out;
    if (dialectName(session.dialect()) != demo.engine) {
        out.refused = true;
        out.error = QStringLiteral("%1 is written for %2; the target is %3")
                        .arg(demo.name, demo.engine, dialectName(session.dialect()));
        return out;
    }
    SnapshotOptions look;
    look.rowCounts = false;
    const SnapshotResult existing = takeSnapshot(session, look);
    if (existing.error) {
        out.error = QStringLiteral("reading the target's schema: %1").arg(existing.error->toString());
        return out;
    }
    if (!existing.snapshot.tables.isEmpty()) {
        out.refused = true;
        out.error = QStringLiteral("the target already holds %1 table(s) (%2, ...): a demo is only made on an "
                                   "empty database, so nothing was changed")
                        .arg(existing.snapshot.tables.size())
                        .arg(existing.snapshot.tables.first().table);
        return out;
    }

    const bool transaction = session.transactionalDdl();
    if (transaction) {
        if (const ExecResult r = session.exec(session.beginStatement()); r.error) {
            out.error = r.error->toString();
            return out;
        }
    }
    out.error = runSchema(session, QDir(demoDir).filePath(QStringLiteral("seed/schema.sql")));
    if (!out.error)
        out.error = insertRows(session, demo.rows(seed), out.summary);
    if (transaction) {
        const ExecResult end = session.exec(out.error ? QStringLiteral("ROLLBACK") : QStringLiteral("COMMIT"));
        if (end.error && !out.error)
            out.error = end.error->toString();
    }
    if (out.error)
        out.summary.clear();
    return out;
}

SeedOutcome createSqliteDemo(const QString &path, const DemoDefinition &demo, const QString &demoDir, quint64 seed)
{
    SeedOutcome out;
    if (QFileInfo::exists(path)) {
        out.refused = true;
        out.error = QStringLiteral("%1 already exists: a demo database is always a new file").arg(path);
        return out;
    }
    ConnectionProfile profile;
    profile.engine = Dialect::Sqlite;
    profile.database = path;
    {
        std::unique_ptr<TargetSession> session = TargetSession::create(profile);
        if (auto e = session->open(QString(), QStringLiteral("demo"))) {
            out.error = QStringLiteral("%1: %2").arg(path, e->toString());
        } else {
            out = seedDemo(*session, demo, demoDir, seed);
        }
    }
    if (out.error)
        QFile::remove(path);
    return out;
}

} // namespace mig::demo
