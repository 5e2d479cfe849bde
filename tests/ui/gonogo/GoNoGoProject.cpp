#include "GoNoGoProject.h"

#include "backup/BackupJob.h"
#include "backup/RestoreTest.h"
#include "policy/Signoffs.h"
#include "preflight/Preflight.h"
#include "preview/Preview.h"
#include "run/Runner.h"
#include "Theme.h"

#include <QFile>
#include <sqlite3.h>

namespace gonogotest {

using namespace mig;

GoNoGoProject::GoNoGoProject(const QByteArray &policy)
{
    m_tmp.write(QStringLiteral("migrations/001_accounts.sql"),
                "CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL, legacy_code TEXT);\n"
                "INSERT INTO accounts (email, legacy_code) VALUES ('a@x', 'A'), ('b@x', 'B'), ('c@x', NULL);\n");
    m_tmp.write(QStringLiteral("migrations/001_accounts.rollback.sql"), "DROP TABLE accounts;\n");
    m_tmp.write(QStringLiteral("migrations/002_accounts_index.sql"), "CREATE INDEX accounts_email ON accounts (email);\n");
    m_tmp.write(QStringLiteral("migrations/002_accounts_index.rollback.sql"), "DROP INDEX accounts_email;\n");
    writePolicy(policy);
    // Something to back up: a table the application had before these migrations.
    sqlite3 *h = nullptr;
    EXPECT_EQ(sqlite3_open(QFile::encodeName(db()).constData(), &h), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(h, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
                              "INSERT INTO customers (name) VALUES ('Ada'), ('Grace');", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(h);
    EXPECT_TRUE(QDir().mkpath(backups()));
    const QString e = m_store.open(m_tmp.file(QStringLiteral("runs.sqlite")));
    EXPECT_TRUE(e.isEmpty()) << e.toStdString();
}

void GoNoGoProject::writePolicy(const QByteArray &json) const
{
    m_tmp.write(QStringLiteral("migrations/") + QLatin1String(Policy::FileName), json);
}

ConnectionProfile GoNoGoProject::profile() const
{
    ConnectionProfile p;
    p.engine = Dialect::Sqlite;
    p.database = db();
    return p;
}

GoDecision GoNoGoProject::decide(QList<RunEvent> *told)
{
    const PolicyLoad policy = loadPolicy(dir());
    EXPECT_TRUE(policy.error.isEmpty()) << policy.error.toStdString();
    PreflightRequest r;
    r.profile = profile();
    r.dir = dir();
    r.policy = policy.policy;
    r.backupDir = backups();
    r.runId = QStringLiteral("test-preflight");
    return evaluatePreflight(r, m_store, [&](const RunEvent &e) {
        m_store.record(e);
        if (told)
            told->append(e);
    });
}

void GoNoGoProject::preview()
{
    PreviewRequest r;
    r.profile = profile();
    r.dir = dir();
    Previewer previewer(r, [this](const RunEvent &e) { m_store.record(e); });
    const PreviewResult result = previewer.run();
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    for (const MigrationPreview &m : result.migrations)
        EXPECT_EQ(m.rollback, RollbackVerdict::Verified) << m.version.toStdString() << ": " << m.rollbackDetail.toStdString();
}

BackupRecord GoNoGoProject::backup(bool restoreTest, QList<RunEvent> *progress)
{
    const EventSink sink = [&](const RunEvent &e) {
        m_store.record(e);
        if (progress && e.type == RunEvent::Type::Progress)
            progress->append(e);
    };
    BackupOptions o;
    o.profile = profile();
    o.folder = backups();
    BackupJob job(o, m_store, sink);
    const BackupResult b = job.run();
    EXPECT_TRUE(b.record.has_value()) << b.message.toStdString();
    if (!b.record)
        return {};
    if (!restoreTest)
        return *b.record;
    RestoreTestOptions t;
    t.backup = *b.record;
    t.server.engine = Dialect::Sqlite;
    RestoreTest test(t, m_store, sink);
    const RestoreTestResult r = test.run();
    EXPECT_TRUE(r.passed) << r.message.toStdString();
    return BackupCatalog(m_store).find(b.record->id).value_or(*b.record);
}

void GoNoGoProject::signoff(const GoDecision &d, const QString &role, const QString &name, const QString &comment)
{
    SignoffStore signoffs(m_store);
    Signoff s;
    s.targetKey = d.targetKey;
    s.plan = d.plan;
    s.role = role;
    s.name = name;
    s.comment = comment;
    const QString e = signoffs.add(s);
    EXPECT_TRUE(e.isEmpty()) << e.toStdString();
}

void GoNoGoProject::apply()
{
    RunRequest r;
    r.profile = profile();
    r.dir = dir();
    Runner runner(r, [this](const RunEvent &e) { m_store.record(e); });
    const RunResult result = runner.run();
    EXPECT_EQ(result.outcome, RunResult::Outcome::Succeeded) << result.message.toStdString();
}

ui::ProjectState GoNoGoProject::state()
{
    ui::ProjectState s;
    s.project.dir = dir();
    s.project.profile = profile();
    s.policy = loadPolicy(dir());
    s.latestBackup = BackupCatalog(m_store).latest(profile().storeKey());
    return s;
}

} // namespace gonogotest

namespace gonogotest {

DarkPalette::DarkPalette() : m_saved(QApplication::palette())
{
    ui::applyTheme(ui::Theme::Dark); // the console's own dark theme
}

DarkPalette::~DarkPalette()
{
    QApplication::setPalette(m_saved);
}

} // namespace gonogotest
