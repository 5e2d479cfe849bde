// A real-world golang-migrate project for SQLite (tests/data/realworld/sqlite-golang-migrate-
// bookmarks) through the real migctl: trigger bodies, FTS5 with its sync triggers, and the
// 12-step table rebuild from SQLite's documentation (PRAGMA foreign_keys outside the script's
// own BEGIN/COMMIT, INSERT ... SELECT, DROP, RENAME); the data must survive the rebuild both
// ways, and a full rollback must leave only the history table.
#include "RealWorldSupport.h"

using namespace realworld;

namespace {

class SqliteRealWorld : public RealWorldTest
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_store.isValid());
        m_file = m_store.filePath(QStringLiteral("bookmarks.db"));
        m_target = QStringLiteral("sqlite:") + m_file;
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("rw-sqlite-") + testSlug());
        m_db.setDatabaseName(m_file);
        ASSERT_TRUE(m_db.open()) << s(m_db.lastError().text());
    }

    void TearDown() override
    {
        const QString name = m_db.connectionName();
        m_db.close();
        m_db = QSqlDatabase();
        if (!name.isEmpty())
            QSqlDatabase::removeDatabase(name);
    }

    // Everything in the file besides migctl's history table (and SQLite's own sequence table).
    QStringList leftovers()
    {
        return column(QStringLiteral("SELECT type || ' ' || name FROM sqlite_schema WHERE name NOT IN "
                                     "('migctl_history', 'migctl_history_version_idx', 'sqlite_sequence') ORDER BY 1"));
    }

    QString m_file;
};

const QString Bookmarks = QStringLiteral("sqlite-golang-migrate-bookmarks");

} // namespace

TEST_F(SqliteRealWorld, BookmarksGolangMigrateAppliesRebuildsItsTableKeepingTheDataAndRollsBackToNothing)
{
    const QString dir = project(Bookmarks);
    const QStringList all{"1", "2", "3", "4", "5", "6"};

    const Migctl first = migctl(QStringLiteral("apply"), dir, {QStringLiteral("--to"), QStringLiteral("3")});
    ASSERT_EQ(first.exitCode, 0) << first.text();
    EXPECT_EQ(finished(first, QStringLiteral("applied")), (QStringList{"1", "2", "3"})) << first.text();
    for (const QString &v : {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")})
        EXPECT_TRUE(startLine(first, v).endsWith(u"one transaction")) << s(v) << "\n" << first.text();
    // Data the rebuild in 4 must carry over (the FTS triggers of 3 index it).
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO folders (id, name) VALUES (1, 'Reading')")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO bookmarks (folder_id, url, title, notes) VALUES "
                                  "(1, 'https://sqlite.org/lang_altertable.html', 'ALTER TABLE', 'opened twice'), "
                                  "(NULL, 'http://example.com', 'Example', NULL)")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO tags (name) VALUES ('db'), ('docs')")), QString());
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO bookmark_tags (bookmark_id, tag) VALUES (1, 'db'), (1, 'docs')")), QString());

    const Migctl rest = migctl(QStringLiteral("apply"), dir);
    ASSERT_EQ(rest.exitCode, 0) << rest.text();
    EXPECT_EQ(finished(rest, QStringLiteral("applied")), (QStringList{"4", "5", "6"})) << rest.text();
    EXPECT_TRUE(startLine(rest, QStringLiteral("4")).endsWith(u"17 statement(s), tracked statement by statement (line 4: PRAGMA foreign_keys cannot run inside a transaction)"))
        << rest.text();
    EXPECT_TRUE(startLine(rest, QStringLiteral("5")).endsWith(u"one transaction")) << rest.text();
    EXPECT_TRUE(startLine(rest, QStringLiteral("6")).endsWith(u"one transaction")) << rest.text();
    Status st = status(dir);
    EXPECT_EQ(st.exitCode, 0) << s(st.raw);
    EXPECT_EQ(st.count(QStringLiteral("applied")), 6) << s(st.raw);

    EXPECT_EQ(column(QStringLiteral("SELECT type || ' ' || name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_autoindex%' "
                                    "AND name NOT LIKE 'bookmarks_fts_%' OR type = 'trigger' ORDER BY 1")),
              (QStringList{"index bookmarks_archived", "index bookmarks_url", "index migctl_history_version_idx", "index visits_bookmark_id",
                           "table bookmark_tags", "table bookmarks", "table bookmarks_fts", "table folders", "table migctl_history",
                           "table settings", "table sqlite_sequence", "table tags", "table visits",
                           "trigger bookmarks_fts_ad", "trigger bookmarks_fts_ai", "trigger bookmarks_fts_au", "trigger bookmarks_touch",
                           "trigger settings_keep_ui_keys", "trigger visits_count", "view bookmarks_with_tags"}));
    // The rebuild kept every row and id, and the new CHECK constraints hold.
    EXPECT_EQ(rows(QStringLiteral("SELECT id, folder_id, url, archived, visit_count FROM bookmarks ORDER BY id")),
              (QStringList{"1|1|https://sqlite.org/lang_altertable.html|0|1", "2|NULL|http://example.com|0|0"}));
    EXPECT_EQ(rows(QStringLiteral("SELECT id, tags FROM bookmarks_with_tags ORDER BY id")), (QStringList{"1|db, docs", "2|NULL"}));
    EXPECT_TRUE(exec(QStringLiteral("INSERT INTO bookmarks (url) VALUES ('ftp://example.com/file')")).contains(u"CHECK constraint failed"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT sql LIKE '%CHECK (archived IN (0, 1))%' FROM sqlite_schema WHERE name = 'bookmarks'")),
              QStringLiteral("1"));
    EXPECT_TRUE(column(QStringLiteral("PRAGMA foreign_key_check")).isEmpty());
    // The FTS index still follows the table through the recreated triggers.
    ASSERT_EQ(exec(QStringLiteral("UPDATE bookmarks SET title = 'Rebuilding tables' WHERE id = 2")), QString());
    EXPECT_EQ(column(QStringLiteral("SELECT rowid FROM bookmarks_fts WHERE bookmarks_fts MATCH 'rebuild' ORDER BY rowid")), (QStringList{"2"}));
    EXPECT_EQ(column(QStringLiteral("SELECT rowid FROM bookmarks_fts WHERE bookmarks_fts MATCH 'alter' ORDER BY rowid")), (QStringList{"1"}));
    // Seeds with ';' and '' in them, a RAISE(ABORT) trigger, the visit counter.
    EXPECT_EQ(rows(QStringLiteral("SELECT key, value FROM settings ORDER BY key")),
              (QStringList{"export.header|Bookmarks; exported by 'marks'", "import.separator|;", "ui.theme|system"}));
    EXPECT_TRUE(exec(QStringLiteral("DELETE FROM settings WHERE key = 'ui.theme'")).contains(u"ui.* settings cannot be deleted; reset them instead"));
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO visits (bookmark_id) VALUES (1)")), QString());
    EXPECT_EQ(scalar(QStringLiteral("SELECT visit_count FROM bookmarks WHERE id = 1")), QStringLiteral("2"));

    // Every down script, newest first: 4's is the reverse rebuild, again with the data.
    const Migctl down = migctl(QStringLiteral("rollback"), dir, {QStringLiteral("--to"), QStringLiteral("0")});
    ASSERT_EQ(down.exitCode, 0) << down.text();
    EXPECT_EQ(finished(down, QStringLiteral("rolled back")), (QStringList{"6", "5", "4", "3", "2", "1"})) << down.text();
    EXPECT_TRUE(startLine(down, QStringLiteral("4")).endsWith(u"15 statement(s), tracked statement by statement (line 1: PRAGMA foreign_keys cannot run inside a transaction)"))
        << down.text();
    st = status(dir);
    EXPECT_EQ(st.exitCode, 0) << s(st.raw);
    EXPECT_EQ(st.count(QStringLiteral("pending")), 6) << s(st.raw);
    EXPECT_EQ(leftovers(), QStringList());
    EXPECT_EQ(column(QStringLiteral("SELECT name FROM sqlite_sequence")), (QStringList{"migctl_history"}));

    const Migctl reapply = migctl(QStringLiteral("apply"), dir);
    ASSERT_EQ(reapply.exitCode, 0) << reapply.text();
    EXPECT_EQ(finished(reapply, QStringLiteral("applied")), all) << reapply.text();
    EXPECT_EQ(status(dir).count(QStringLiteral("applied")), 6);
}

// Half-way through the rebuild, the script's own transaction is what protects the data: when a
// statement inside BEGIN ... COMMIT fails, migctl rolls the script's transaction back, and
// status tells what was committed (the PRAGMA before BEGIN) and where it stopped.
TEST_F(SqliteRealWorld, ARebuildThatFailsInsideItsOwnTransactionKeepsTheOldTable)
{
    QTemporaryDir copyDir;
    ASSERT_TRUE(copyDir.isValid());
    const QString dir = copyProject(Bookmarks, copyDir);
    // An existing row breaks the new CHECK constraint: the INSERT ... SELECT of the rebuild fails.
    const Migctl first = migctl(QStringLiteral("apply"), dir, {QStringLiteral("--to"), QStringLiteral("3")});
    ASSERT_EQ(first.exitCode, 0) << first.text();
    ASSERT_EQ(exec(QStringLiteral("INSERT INTO bookmarks (id, url, title) VALUES (1, 'https://a.example', 'ok'), (2, 'gopher://b.example', 'old')")), QString());

    const Migctl up = migctl(QStringLiteral("apply"), dir);
    EXPECT_EQ(up.exitCode, 1) << up.text();
    EXPECT_TRUE(up.all().contains(u"4 require_http_urls dirty: statement 5 of 17 (4_require_http_urls.up.sql:22) failed: CHECK constraint failed"))
        << up.text();
    const Status st = status(dir);
    EXPECT_EQ(st.exitCode, 4) << s(st.raw);
    EXPECT_EQ(st.states.value(QStringLiteral("4")), QStringLiteral("dirty")) << s(st.raw);
    // Committed: the PRAGMA before BEGIN, nothing of the transaction (BEGIN is where resume
    // starts again); the failure is named by its line, error and statement.
    const QString detail = st.detail(QStringLiteral("4"));
    EXPECT_TRUE(detail.contains(u"(4_require_http_urls.up.sql:22), 1 statement(s) committed: CHECK constraint failed")) << s(detail);
    EXPECT_TRUE(detail.contains(u"-- statement: INSERT INTO bookmarks_new")) << s(detail);
    EXPECT_EQ(st.migration(QStringLiteral("4")).value(u"last").toObject().value(u"statementsDone").toInt(), 1) << s(st.raw);
    // The old table is untouched, with both rows, and the view the script dropped is back.
    EXPECT_EQ(column(QStringLiteral("SELECT id FROM bookmarks ORDER BY id")), (QStringList{"1", "2"}));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name IN ('bookmarks_new') OR (name = 'bookmarks_with_tags' AND type = 'view')")),
              QStringLiteral("1"));

    // Fix the data, resume: the rebuild runs again from its BEGIN.
    ASSERT_EQ(exec(QStringLiteral("UPDATE bookmarks SET url = 'https://b.example' WHERE id = 2")), QString());
    const Migctl resumed = migctl(QStringLiteral("resume"), dir);
    ASSERT_EQ(resumed.exitCode, 0) << resumed.text();
    EXPECT_EQ(status(dir).count(QStringLiteral("applied")), 6);
    EXPECT_EQ(column(QStringLiteral("SELECT url FROM bookmarks ORDER BY id")), (QStringList{"https://a.example", "https://b.example"}));
}
