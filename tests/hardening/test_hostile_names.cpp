// Names that end up in SQL or on a terminal: history table names (given with --history-table,
// ?history-table= or a profile) and policy identifiers; and a history table a newer console
// wrote. Through the engine and the real migctl, on SQLite and on the hardening servers.
#include "HardeningSupport.h"

#include "plan/Status.h"
#include "target/TargetSession.h"

#include <QTemporaryDir>

using namespace mig;
using namespace hardening;

namespace {

class HostileNames : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_work.isValid());
        m_folder.write(QStringLiteral("001_accounts.sql"), "CREATE TABLE accounts (id INT PRIMARY KEY);\n");
        m_folder.write(QStringLiteral("001_accounts.rollback.sql"), "DROP TABLE accounts;\n");
        m_folder.write(QStringLiteral("002_orders.sql"), "CREATE TABLE orders (id INT PRIMARY KEY);\n");
        m_folder.write(QStringLiteral("002_orders.rollback.sql"), "DROP TABLE orders;\n");
    }

    QString store() const { return m_work.filePath(QStringLiteral("runs.sqlite")); }
    QString dbFile() const { return m_work.filePath(QStringLiteral("target.db")); }
    QString target() const { return QStringLiteral("sqlite:") + dbFile(); }
    CliRun run(const QStringList &args, const QString &password = QString()) const { return migctl(args, store(), password); }
    QStringList targetTables() const { return sqliteTables(dbFile()); }

    QTemporaryDir m_work;
    TempFolder m_folder;
};

} // namespace

TEST_F(HostileNames, HistoryTableNamesOutsideTheRulesAreRefusedBeforeAnythingRuns)
{
    // A victim table, so that an injected statement would have something to destroy.
    m_folder.write(QStringLiteral("000_victim.sql"), "CREATE TABLE victim (id INT);\n");
    {
        const CliRun seed = run({QStringLiteral("apply"), QStringLiteral("--target"), target(), QStringLiteral("--dir"), m_folder.path(),
                                 QStringLiteral("--to"), QStringLiteral("000")});
        ASSERT_EQ(seed.exitCode, 0) << seed.text();
    }
    const QStringList before = targetTables();
    ASSERT_EQ(before, (QStringList{QStringLiteral("migctl_history"), QStringLiteral("victim")}));

    const QString rules = QStringLiteral(" is not a valid history table name: letters, digits, _ and $, starting with a letter or _, "
                                         "at most 50 characters, optionally schema.table");
    const QList<std::pair<QString, QString>> names{
        {QStringLiteral("x; DROP TABLE victim"), QStringLiteral("\"x; DROP TABLE victim\"")},
        {QStringLiteral("h\"; DROP TABLE victim; --"), QStringLiteral("\"h\\\"; DROP TABLE victim; --\"")},
        {QStringLiteral("Mig History"), QStringLiteral("\"Mig History\"")}, // spaces are not allowed, even quoted
        {QStringLiteral("a.b.c"), QStringLiteral("\"a.b.c\"")},
        {QStringLiteral("h\n\x1b[2J"), QStringLiteral("\"h\\n\\e[2J\"")},
        {QStringLiteral("h").repeated(51), u'"' + QStringLiteral("h").repeated(51) + u'"'},
    };
    const QStringList commands{QStringLiteral("status"), QStringLiteral("apply"), QStringLiteral("rollback"), QStringLiteral("preview"),
                               QStringLiteral("verify"), QStringLiteral("lint"), QStringLiteral("preflight"), QStringLiteral("backup"),
                               QStringLiteral("drift"), QStringLiteral("snapshot")};
    for (const auto &[name, shown] : names) {
        for (const QString &command : commands) {
            QStringList args{command, QStringLiteral("--target"), target(), QStringLiteral("--history-table"), name};
            if (command != u"drift" && command != u"snapshot" && command != u"backup")
                args << QStringLiteral("--dir") << m_folder.path();
            const CliRun r = run(args);
            EXPECT_EQ(r.exitCode, 2) << s(command) << " " << r.text();
            EXPECT_EQ(r.err, QStringLiteral("migctl: ") + shown + rules + u'\n') << s(command) << " " << r.text();
        }
    }
    // In a URL's parameters too, before any connection is tried (nothing listens on port 1).
    const CliRun url = run({QStringLiteral("status"), QStringLiteral("--target"),
                            QStringLiteral("postgres://mc@127.0.0.1:1/db?history-table=x%3BDROP%20TABLE%20victim"), QStringLiteral("--dir"),
                            m_folder.path()});
    EXPECT_EQ(url.exitCode, 2) << url.text();
    EXPECT_EQ(url.err, QStringLiteral("migctl: \"x;DROP TABLE victim\"") + rules + u'\n') << url.text();
    EXPECT_EQ(targetTables(), before);

    // The engine refuses it too, whoever asks (the console, a future command): before opening.
    const QString fresh = m_work.filePath(QStringLiteral("never-created.db"));
    ConnectionProfile p = parseTargetUrl(QStringLiteral("sqlite:") + fresh).profile.value();
    p.historyTable = QStringLiteral("x; DROP TABLE victim");
    std::unique_ptr<TargetSession> session = TargetSession::create(p);
    const auto error = session->open(QString());
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->message, QStringLiteral("\"x; DROP TABLE victim\"") + rules);
    EXPECT_FALSE(QFile::exists(fresh));

    // And quoting doubles a quote character, should a name ever get past the rules.
    for (const auto &[url, quoted] : {std::pair{QStringLiteral("postgres://u@h/d"), QStringLiteral("\"a\"\"b\".\"c\"")},
                                      std::pair{QStringLiteral("mysql://u@h/d"), QStringLiteral("`a\"b`.`c`")},
                                      std::pair{QStringLiteral("sqlite:x.db"), QStringLiteral("\"a\"\"b\".\"c\"")}})
        EXPECT_EQ(TargetSession::create(parseTargetUrl(url).profile.value())->quoteName(QStringLiteral("a\"b.c")), quoted);
    EXPECT_EQ(TargetSession::create(parseTargetUrl(QStringLiteral("mysql://u@h/d")).profile.value())->quoteName(QStringLiteral("a`b")),
              QStringLiteral("`a``b`"));
}

// Names within the rules but odd - mixed case, a $, an SQL keyword - work on every engine:
// the history and lock tables are created, read and written under exactly that name.
TEST_F(HostileNames, OddButValidHistoryTableNamesWorkOnEveryEngine)
{
    const Servers servers = Servers::fromEnvironment();
    ASSERT_TRUE(servers.error.isEmpty()) << s(servers.error);
    ServerDatabase pg(servers, Engine::Postgres, QStringLiteral("names"));
    ASSERT_TRUE(pg.ok()) << s(pg.error());
    ServerDatabase my(servers, Engine::Mariadb, QStringLiteral("names"));
    ASSERT_TRUE(my.ok()) << s(my.error());

    for (const QString &table : {QStringLiteral("Mig$History_2"), QStringLiteral("select")}) {
        for (const QString &t : {target(), pg.url(), my.url()}) {
            const QStringList on{QStringLiteral("--target"), t, QStringLiteral("--dir"), m_folder.path(), QStringLiteral("--history-table"), table};
            const CliRun apply = run(QStringList{QStringLiteral("apply")} + on, servers.password);
            EXPECT_EQ(apply.exitCode, 0) << s(t) << " " << s(table) << "\n" << apply.text();
            const CliRun status = run(QStringList{QStringLiteral("status")} + on, servers.password);
            EXPECT_EQ(status.exitCode, 0) << status.text();
            EXPECT_TRUE(status.out.contains(QStringLiteral("history table ")) && status.out.contains(table)) << status.text();
            EXPECT_TRUE(status.out.contains(u"2 applied, 0 pending")) << s(t) << " " << status.text();
            const CliRun back = run(QStringList{QStringLiteral("rollback"), QStringLiteral("--steps"), QStringLiteral("2")} + on, servers.password);
            EXPECT_EQ(back.exitCode, 0) << back.text();
            const CliRun after = run(QStringList{QStringLiteral("status")} + on, servers.password);
            EXPECT_TRUE(after.out.contains(u"0 applied, 2 pending")) << s(t) << " " << after.text();
        }
        // Exactly that name, case kept, in each engine's catalog.
        EXPECT_TRUE(targetTables().contains(table)) << s(targetTables().join(u' '));
        EXPECT_EQ(pg.column(QStringLiteral("SELECT relname FROM pg_class WHERE relname IN ('%1', '%1_lock') ORDER BY relname").arg(table)),
                  (QStringList{table, table + QStringLiteral("_lock")}));
        EXPECT_EQ(my.column(QStringLiteral("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%1' "
                                           "AND TABLE_NAME IN ('%2', '%2_lock') ORDER BY TABLE_NAME").arg(my.name(), table)),
                  (QStringList{table, table + QStringLiteral("_lock")}));
    }
}

TEST_F(HostileNames, AHistoryWrittenByANewerConsoleIsRefusedReadWriteAndStillRead)
{
    const QStringList on{QStringLiteral("--target"), target(), QStringLiteral("--dir"), m_folder.path()};
    const CliRun first = run(QStringList{QStringLiteral("apply"), QStringLiteral("--to"), QStringLiteral("001")} + on);
    ASSERT_EQ(first.exitCode, 0) << first.text();
    // What a newer console leaves: its version in the rows it wrote.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
        db.setDatabaseName(dbFile());
        ASSERT_TRUE(db.open());
        ASSERT_TRUE(QSqlQuery(db).exec(QStringLiteral("UPDATE migctl_history SET console_version = '9.1.0'")));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("newer"));

    const QString refusal = QStringLiteral("the history table migctl_history was written by migctl 9.1.0, this is %1: a newer version "
                                           "may record what this one cannot read correctly, so it does not write to it (read-only "
                                           "commands such as status, verify and drift still work); upgrade migctl")
                                .arg(QStringLiteral(MIG_VERSION));
    const QList<QStringList> writers{{QStringLiteral("apply")},
                                     {QStringLiteral("rollback")},
                                     {QStringLiteral("resume")},
                                     {QStringLiteral("mark-applied"), QStringLiteral("--reason"), QStringLiteral("test")},
                                     {QStringLiteral("baseline"), QStringLiteral("--version"), QStringLiteral("002")}};
    for (const QStringList &command : writers) {
        const CliRun r = run(command + on);
        EXPECT_EQ(r.exitCode, 4) << s(command.join(u' ')) << " " << r.text();
        EXPECT_TRUE(r.all().contains(refusal)) << s(command.join(u' ')) << " " << r.text();
    }
    EXPECT_EQ(targetTables(), (QStringList{QStringLiteral("accounts"), QStringLiteral("migctl_history")}))
        << "a refused command changed the target";

    // Read-only commands still read it; status says why apply would refuse (exit 4, as for any
    // state apply refuses), the pre-flight's history check fails.
    const CliRun status = run(QStringList{QStringLiteral("status")} + on);
    EXPECT_EQ(status.exitCode, 4) << status.text();
    EXPECT_TRUE(status.out.contains(u"001      accounts  applied")) << status.text();
    EXPECT_TRUE(status.out.contains(u"apply would refuse:\n  the history table was written by migctl 9.1.0, this is ")) << status.text();
    const CliRun verify = run(QStringList{QStringLiteral("verify")} + on);
    EXPECT_EQ(verify.exitCode, 0) << verify.text();
    const CliRun drift = run({QStringLiteral("drift"), QStringLiteral("--target"), target()});
    EXPECT_EQ(drift.exitCode, 0) << drift.text();
    const CliRun preflight = run(QStringList{QStringLiteral("preflight"), QStringLiteral("--json")} + on);
    EXPECT_EQ(preflight.exitCode, 1) << preflight.text();
    EXPECT_TRUE(preflight.out.contains(u"was written by migctl 9.1.0")) << preflight.text();

    // The comparison is by release numbers: an older or equal version, or none, is no refusal.
    const auto rows = [](std::initializer_list<const char *> versions) {
        QList<HistoryRow> out;
        for (const char *v : versions) {
            HistoryRow r;
            r.consoleVersion = QString::fromLatin1(v);
            out << r;
        }
        return out;
    };
    EXPECT_EQ(newerConsoleVersion(rows({"0.9.0", "0.10.0", "1.0.0-rc1", "dev"}), QStringLiteral("0.9.3")), QStringLiteral("1.0.0-rc1"));
    EXPECT_EQ(newerConsoleVersion(rows({"0.9.0", "0.9.3", "dev", ""}), QStringLiteral("0.9.3")), QString());
    EXPECT_EQ(newerConsoleVersion(rows({"0.10"}), QStringLiteral("0.9.3")), QStringLiteral("0.10"));
}

TEST_F(HostileNames, PolicyIdentifiersAreCheckedAndRolesAreData)
{
    const QStringList on{QStringLiteral("--target"), target(), QStringLiteral("--dir"), m_folder.path()};
    // A misspelt lint rule used to be ignored, and what it meant to block went through.
    m_folder.write(QStringLiteral("migctl-policy.json"), "{\n  \"lint\": {\"rules\": {\"drop-tabel\": \"off\"}}\n}\n");
    const CliRun misspelt = run(QStringList{QStringLiteral("preflight")} + on);
    EXPECT_EQ(misspelt.exitCode, 3) << misspelt.text();
    EXPECT_TRUE(misspelt.err.contains(QStringLiteral("migctl-policy.json:2: unknown lint rule \"drop-tabel\" (known: drop-table, ")))
        << misspelt.text();
    // Control characters in a key or a role are refused, shown escaped.
    m_folder.write(QStringLiteral("migctl-policy.json"), "{\"checks\": {\"run-lock\\u001b[2J\": \"off\"}}\n");
    const CliRun check = run(QStringList{QStringLiteral("preflight")} + on);
    EXPECT_EQ(check.exitCode, 3) << check.text();
    EXPECT_TRUE(check.err.contains(u"unknown check \"run-lock\\e[2J\" (known: ")) << check.text();
    EXPECT_FALSE(check.all().contains(QChar(0x1b))) << check.text();
    m_folder.write(QStringLiteral("migctl-policy.json"), "{\"signoffs\": {\"required\": [\"DBA\\nApproved\"]}}\n");
    const CliRun role = run(QStringList{QStringLiteral("preflight")} + on);
    EXPECT_EQ(role.exitCode, 3) << role.text();
    EXPECT_TRUE(role.err.contains(u"the sign-off role \"DBA\\nApproved\" holds control characters")) << role.text();

    // A role that reads like SQL is only data: stored, matched and shown as typed.
    const QString sqlRole = QStringLiteral("DBA'); DROP TABLE signoffs; --");
    m_folder.write(QStringLiteral("migctl-policy.json"),
                   QStringLiteral("{\"enforce\": false, \"signoffs\": {\"required\": [\"%1\"]}}\n").arg(sqlRole).toUtf8());
    const CliRun sign = run(QStringList{QStringLiteral("signoff"), QStringLiteral("--role"), sqlRole, QStringLiteral("--name"), QStringLiteral("Ana Ruiz")} + on);
    EXPECT_EQ(sign.exitCode, 0) << sign.text();
    const CliRun list = run(QStringList{QStringLiteral("signoff"), QStringLiteral("list")} + on);
    EXPECT_EQ(list.exitCode, 0) << list.text();
    EXPECT_TRUE(list.out.contains(sqlRole)) << list.text();
    const CliRun gate = run(QStringList{QStringLiteral("preflight"), QStringLiteral("--json")} + on);
    EXPECT_TRUE(gate.out.contains(QStringLiteral("signed by every required role"))) << gate.text();
}
