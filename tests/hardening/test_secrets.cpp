// Where a password can leak, searched after a whole production-style run by the real migctl on
// servers that check passwords (tests/hardening/servers.sh: SCRAM on PostgreSQL, passwords on
// MariaDB, both over TLS). The password reaches migctl once, for `profile add`, and lives in a
// real Secret Service afterwards (gnome-keyring under with-keyring.sh). Then backup --test,
// preview (on a scratch database: pg_dump | psql, mariadb-dump | mariadb), preflight, apply,
// verify, status and a report of every run in every format run with no password anywhere but
// the keychain, and the password is looked for in: every file under the test's HOME (settings,
// profiles, the run store, backups, reports), every output, the arguments of every client
// program migctl started (wrappers first on PATH record them), and the temporary folder where
// option files live (each must be 0600 in a 0700 folder while used, and gone afterwards).
// The password is random per fixture start and holds quotes, a backslash and a space.
#include "HardeningSupport.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace hardening;

namespace {

// The client programs migctl may start; each gets a wrapper that records how it was called.
const QStringList ClientPrograms{QStringLiteral("pg_dump"), QStringLiteral("pg_restore"), QStringLiteral("psql"),
                                 QStringLiteral("mariadb-dump"), QStringLiteral("mysqldump"), QStringLiteral("mariadb"),
                                 QStringLiteral("mysql")};

// Every file under dir, each with its bytes (a PDF also with its text: its streams are compressed).
QList<std::pair<QString, QByteArray>> filesUnder(const QString &dir)
{
    QList<std::pair<QString, QByteArray>> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        QByteArray bytes = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
        if (path.endsWith(u".pdf")) {
            QProcess text;
            text.start(QStringLiteral("pdftotext"), {path, QStringLiteral("-")});
            text.waitForFinished(60000);
            const QByteArray extracted = text.readAllStandardOutput();
            EXPECT_FALSE(extracted.trimmed().isEmpty()) << "no text in " << s(path);
            bytes += extracted;
        }
        out << std::pair{path, bytes};
    }
    return out;
}

class Secrets : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_EQ(qEnvironmentVariable("MIG_TEST_KEYRING"), QStringLiteral("1")) << "run me under tests/servers/with-keyring.sh";
        m_servers = Servers::fromEnvironment();
        ASSERT_TRUE(m_servers.error.isEmpty()) << s(m_servers.error);
        // The password's random middle: a leak in another spelling (escaped, quoted) still shows it.
        m_core = QRegularExpression(QStringLiteral("^hpw-([0-9a-f]{20})-")).match(m_servers.password).captured(1);
        ASSERT_EQ(m_core.size(), 20) << "unexpected fixture password format";
        ASSERT_TRUE(m_home.isValid());
        QDir().mkpath(tmp());
        QDir().mkpath(shims());
        QDir().mkpath(reports());
        writeShims();

        // Nothing of the developer's or the CI's own: settings, run store, backups and temporary
        // files all under this HOME; the keyring daemon keeps its own (with-keyring.sh's).
        m_env.set("HOME", m_home.path());
        m_env.unset("XDG_CONFIG_HOME");
        m_env.set("XDG_DATA_HOME", m_home.filePath(QStringLiteral(".local/share")));
        m_env.set("XDG_CACHE_HOME", m_home.filePath(QStringLiteral(".cache")));
        m_env.set("TMPDIR", tmp());
        m_env.set("PATH", shims() + u':' + qEnvironmentVariable("PATH"));
    }

    // Where migctl keeps its run store by default under that HOME.
    QString store() const { return m_home.filePath(QStringLiteral(".local/share/migration-console/runs.sqlite")); }

    QString tmp() const { return m_home.filePath(QStringLiteral("tmp")); }
    QString shims() const { return m_home.filePath(QStringLiteral("shims")); }
    QString reports() const { return m_home.filePath(QStringLiteral("reports")); }
    QString shimLog() const { return m_home.filePath(QStringLiteral("client-calls.log")); }

    // bash wrappers that log their arguments (never their environment), the option file's mode
    // and its folder's, then exec the real program.
    void writeShims()
    {
        for (const QString &program : ClientPrograms) {
            const QString real = QStandardPaths::findExecutable(program);
            if (real.isEmpty())
                continue;
            QFile shim(shims() + u'/' + program);
            ASSERT_TRUE(shim.open(QIODevice::WriteOnly));
            // One write per call: the preview runs a dump and a load at the same time.
            shim.write(QStringLiteral(
                           "#!/bin/bash\n"
                           "rec=\"program=%1\"$'\\n'\n"
                           "for a in \"$@\"; do rec+=\"arg=$a\"$'\\n'; done\n"
                           "for a in \"$@\"; do case \"$a\" in --defaults-extra-file=*) f=\"${a#--defaults-extra-file=}\"\n"
                           "  rec+=\"optionfile=$f mode=$(stat -c %a \"$f\") dirmode=$(stat -c %a \"$(dirname \"$f\")\")\"$'\\n';; esac; done\n"
                           "if [ -n \"${PGPASSWORD:-}\" ]; then rec+=\"pgpassword=set\"$'\\n'; fi\n"
                           "printf '%s<end of call>\\n' \"$rec\" >> '%2'\n"
                           "exec '%3' \"$@\"\n")
                           .arg(program, shimLog(), real)
                           .toUtf8());
            shim.close();
            ASSERT_TRUE(shim.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        }
    }

    CliRun run(const QStringList &args, const QString &password = QString())
    {
        const CliRun r = migctl(args, store(), password);
        m_outputs << r.out << r.err;
        return r;
    }

    // The whole leak search for one engine.
    void productionRunLeavesNoPassword(Engine engine);

    Servers m_servers;
    QString m_core;
    QTemporaryDir m_home;
    ScopedEnvironment m_env;
    QStringList m_outputs;
};

void Secrets::productionRunLeavesNoPassword(Engine engine)
{
    const bool pg = engine == Engine::Postgres;
    ServerDatabase db(m_servers, engine, QStringLiteral("sec"));
    ASSERT_TRUE(db.ok()) << s(db.error());
    // In HOME, not in the temporary folder, which must be empty at the end.
    struct Folder {
        QString dir;
        void write(const QString &name, const QByteArray &text) const
        {
            QFile f(dir + u'/' + name);
            ASSERT_TRUE(f.open(QIODevice::WriteOnly) && f.write(text) == text.size());
        }
        QString path() const { return dir; }
    } folder{m_home.filePath(QStringLiteral("migrations"))};
    ASSERT_TRUE(QDir().mkpath(folder.path()));
    if (pg) {
        folder.write(QStringLiteral("001_accounts.sql"), "CREATE TABLE accounts (id SERIAL PRIMARY KEY, email TEXT NOT NULL);\n"
                                                         "INSERT INTO accounts (email) VALUES ('a@example.com'), ('b@example.com');\n");
        folder.write(QStringLiteral("001_accounts.rollback.sql"), "DROP TABLE accounts;\n");
        // CONCURRENTLY refuses a transaction: the preview runs on a scratch copy (pg_dump | psql).
        folder.write(QStringLiteral("002_accounts_email.sql"), "CREATE INDEX CONCURRENTLY accounts_email_idx ON accounts (email);\n");
        folder.write(QStringLiteral("002_accounts_email.rollback.sql"), "DROP INDEX CONCURRENTLY accounts_email_idx;\n");
    } else {
        folder.write(QStringLiteral("001_accounts.sql"), "CREATE TABLE accounts (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(200) NOT NULL);\n"
                                                         "INSERT INTO accounts (email) VALUES ('a@example.com'), ('b@example.com');\n");
        folder.write(QStringLiteral("001_accounts.rollback.sql"), "DROP TABLE accounts;\n");
        folder.write(QStringLiteral("002_accounts_email.sql"), "CREATE INDEX accounts_email_idx ON accounts (email);\n");
        folder.write(QStringLiteral("002_accounts_email.rollback.sql"), "DROP INDEX accounts_email_idx ON accounts;\n");
    }

    // The only time migctl sees the password: profile add puts it in the keychain.
    const CliRun add = run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("prod"), db.url()}, m_servers.password);
    ASSERT_EQ(add.exitCode, 0) << add.text();
    ASSERT_TRUE(add.out.contains(u"(password in the keychain)")) << add.text();

    // A production-style run: no MIGCTL_PASSWORD, no terminal, so the keychain or nothing.
    const QStringList on{QStringLiteral("--target"), QStringLiteral("prod"), QStringLiteral("--dir"), folder.path()};
    const CliRun backup = run(QStringList{QStringLiteral("backup"), QStringLiteral("--test")} + on);
    EXPECT_EQ(backup.exitCode, 0) << backup.text();
    const CliRun preview = run(QStringList{QStringLiteral("preview")} + on);
    EXPECT_EQ(preview.exitCode, 0) << preview.text();
    EXPECT_TRUE(preview.all().contains(u"scratch")) << "expected a preview on a scratch database\n" << preview.text();
    const CliRun preflight = run(QStringList{QStringLiteral("preflight")} + on);
    EXPECT_NE(preflight.exitCode, -1) << preflight.text();
    const CliRun apply = run(QStringList{QStringLiteral("apply")} + on);
    EXPECT_EQ(apply.exitCode, 0) << apply.text();
    const CliRun verify = run(QStringList{QStringLiteral("verify")} + on);
    EXPECT_EQ(verify.exitCode, 0) << verify.text();
    const CliRun again = run(QStringList{QStringLiteral("backup"), QStringLiteral("--test")} + on);
    EXPECT_EQ(again.exitCode, 0) << again.text();
    const CliRun status = run(QStringList{QStringLiteral("status")} + on);
    EXPECT_EQ(status.exitCode, 0) << status.text();
    EXPECT_TRUE(status.out.contains(u"2 applied, 0 pending")) << status.text();
    EXPECT_EQ(db.column(QStringLiteral("SELECT count(*) FROM accounts")), QStringList{QStringLiteral("2")});

    // Every run's report in every format.
    const CliRun runs = run({QStringLiteral("runs"), QStringLiteral("--json")});
    ASSERT_EQ(runs.exitCode, 0) << runs.text();
    QStringList ids;
    for (const QJsonValue &v : QJsonDocument::fromJson(runs.out.toUtf8())[u"runs"].toArray())
        ids << v[u"id"].toString();
    EXPECT_GE(ids.size(), 7) << runs.text(); // 2 backups, 2 restore tests, preview, preflight, apply, verify
    int reportFiles = 0;
    for (const QString &id : std::as_const(ids)) {
        for (const QString &format : {QStringLiteral("md"), QStringLiteral("html"), QStringLiteral("json"), QStringLiteral("junit"), QStringLiteral("pdf")}) {
            const QString file = QStringLiteral("%1/%2.%3").arg(reports(), id, format);
            const CliRun r = run({QStringLiteral("report"), id, QStringLiteral("--format"), format, QStringLiteral("-o"), file});
            EXPECT_EQ(r.exitCode, 0) << r.text();
            reportFiles += QFile::exists(file);
        }
    }
    EXPECT_EQ(reportFiles, ids.size() * 5);

    // The search. Every file under HOME: profiles and settings, the run store (with its WAL),
    // the backups (a MariaDB dump is SQL text; a PostgreSQL custom dump is compressed, so its
    // bytes say little), the reports (PDFs as text too).
    const QList<std::pair<QString, QByteArray>> files = filesUnder(m_home.path());
    const QByteArray password = m_servers.password.toUtf8();
    bool sawProfiles = false, sawStore = false, sawBackup = false;
    for (const auto &[path, bytes] : files) {
        if (path == shimLog())
            continue; // searched below, with what it must hold
        EXPECT_FALSE(bytes.contains(password)) << "the password is in " << s(path);
        EXPECT_FALSE(bytes.contains(m_core.toUtf8())) << "part of the password is in " << s(path);
        sawProfiles = sawProfiles || (path.endsWith(u"/.config/migration-console/profiles.conf") && bytes.contains(db.name().toUtf8()));
        sawStore = sawStore || (path.endsWith(u"/migration-console/runs.sqlite") && bytes.contains(db.name().toUtf8()));
        sawBackup = sawBackup || (path.contains(u"/backups/") && (path.endsWith(u".dump") || path.endsWith(u".sql")));
    }
    // The search looked where the secrets would be.
    EXPECT_TRUE(sawProfiles) << "no saved profile found under HOME";
    EXPECT_TRUE(sawStore) << "no run store found under HOME";
    EXPECT_TRUE(sawBackup) << "no backup found under HOME";
    for (const QString &output : std::as_const(m_outputs)) {
        EXPECT_FALSE(output.contains(m_servers.password)) << s(output);
        EXPECT_FALSE(output.contains(m_core)) << s(output);
    }

    // The client programs: arguments without the password; PostgreSQL's through PGPASSWORD,
    // MariaDB's through an option file that was private while used and is gone now.
    QFile log(shimLog());
    ASSERT_TRUE(log.open(QIODevice::ReadOnly)) << "no client program was started";
    const QString calls = QString::fromUtf8(log.readAll());
    EXPECT_FALSE(calls.contains(m_servers.password)) << s(calls);
    EXPECT_FALSE(calls.contains(m_core)) << s(calls);
    const QStringList blocks = calls.split(QStringLiteral("<end of call>\n"), Qt::SkipEmptyParts);
    QMap<QString, int> started;
    for (const QString &call : blocks) {
        const QString program = QRegularExpression(QStringLiteral("^program=(\\S+)")).match(call).captured(1);
        const bool versionOnly = call.contains(u"\narg=--version\n") || call.contains(u"\narg=-V\n");
        if (versionOnly)
            continue; // migctl asks each tool's version for the catalog: no connection
        ++started[program];
        if (pg) {
            EXPECT_TRUE(call.contains(u"\npgpassword=set\n")) << s(call);
            EXPECT_FALSE(call.contains(QRegularExpression(QStringLiteral("\\narg=[^\\n]*password")))) << s(call);
        } else {
            const auto m = QRegularExpression(QStringLiteral("\\noptionfile=(\\S+) mode=(\\d+) dirmode=(\\d+)\\n")).match(call);
            ASSERT_TRUE(m.hasMatch()) << "no option file for " << s(call);
            EXPECT_EQ(m.captured(2), QStringLiteral("600")) << s(call);
            EXPECT_EQ(m.captured(3), QStringLiteral("700")) << s(call);
            EXPECT_TRUE(m.captured(1).startsWith(tmp() + u'/')) << s(call);
            EXPECT_FALSE(QFile::exists(m.captured(1))) << "option file left behind: " << s(m.captured(1));
        }
    }
    if (pg) {
        EXPECT_GE(started.value(QStringLiteral("pg_dump")), 3) << s(calls); // 2 backups, the scratch preview
        EXPECT_GE(started.value(QStringLiteral("pg_restore")), 2) << s(calls);
        EXPECT_GE(started.value(QStringLiteral("psql")), 1) << s(calls);
    } else {
        EXPECT_GE(started.value(QStringLiteral("mariadb-dump")), 3) << s(calls);
        EXPECT_GE(started.value(QStringLiteral("mariadb")), 3) << s(calls); // 2 restore tests, the scratch preview
    }
    // Nothing left in the temporary folder: option files and their private folders are removed.
    EXPECT_EQ(QDir(tmp()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
}

} // namespace

TEST_F(Secrets, PostgresRunLeavesThePasswordOnlyInTheKeychain)
{
    productionRunLeavesNoPassword(Engine::Postgres);
}

TEST_F(Secrets, MariadbRunLeavesThePasswordOnlyInTheKeychain)
{
    productionRunLeavesNoPassword(Engine::Mariadb);
}
