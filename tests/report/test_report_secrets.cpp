// Planted secrets: a password in a PostgreSQL URL, in MIGCTL_PASSWORD, in ?password= and
// ?sslpassword= parameters and in a token-like option go through real runs; then every report
// of every run in every format, every migctl output and the run store's bytes are searched for
// them. None may be found.
#include "ServerReportTest.h"

using namespace reporttest;

namespace {

class PlantedSecrets : public PostgresReportTest
{
protected:
    // Every output seen, to be searched at the end.
    QStringList outputs;
    void keep(const Migctl &r) { outputs << r.out << r.err; }
};

const QString UrlSecret = QStringLiteral("PLANTED-url-pw-Q7x");
const QString EnvSecret = QStringLiteral("PLANTED-env-pw-K3z");
const QString ParamSecret = QStringLiteral("PLANTED-param-pw-P5w");
const QString SslSecret = QStringLiteral("PLANTED-ssl-pw-S2v");
const QString TokenSecret = QStringLiteral("PLANTED-token-T9u");

} // namespace

TEST_F(PlantedSecrets, NoSecretReachesAReportAnOutputOrTheRunStore)
{
    const Store st = store();
    const QString dir = realworld::project(QStringLiteral("postgres-dbmate-blog"));
    // PostgreSQL's trust authentication takes any password: the runs go through with them.
    QString withPassword = m_target;
    withPassword.replace(QStringLiteral("postgres@"), QStringLiteral("postgres:") + UrlSecret + u'@');
    ASSERT_NE(withPassword, m_target);
    const QStringList on{QStringLiteral("--dir"), dir};
    for (const QString &command : {QStringLiteral("backup"), QStringLiteral("preview"), QStringLiteral("preflight"), QStringLiteral("apply")}) {
        const Migctl r = st.migctl(QStringList{command, QStringLiteral("--target"), withPassword} + on);
        keep(r);
        EXPECT_NE(r.exitCode, -1) << r.text();
    }
    const Migctl warned = st.migctl(QStringList{QStringLiteral("verify"), QStringLiteral("--target"), withPassword} + on);
    keep(warned);
    EXPECT_EQ(warned.exitCode, 0) << warned.text();
    const QMap<QString, QString> env{{QStringLiteral("MIGCTL_PASSWORD"), EnvSecret}};
    for (const QString &command : {QStringLiteral("preflight"), QStringLiteral("verify"), QStringLiteral("status")})
        keep(st.migctl(QStringList{command, QStringLiteral("--target"), m_target} + on, env));
    // Passwords as URL parameters are refused without being repeated.
    for (const QString &param : {QStringLiteral("password=") + ParamSecret, QStringLiteral("sslpassword=") + SslSecret}) {
        const Migctl refused = st.migctl(QStringList{QStringLiteral("apply"), QStringLiteral("--target"), m_target + u'?' + param} + on);
        keep(refused);
        EXPECT_EQ(refused.exitCode, 2) << refused.text();
    }
    // A token-like option reaches libpq, which refuses it: the failed run is recorded, the
    // target in its message shown with the token as ***.
    const Migctl token = st.migctl(QStringList{QStringLiteral("apply"), QStringLiteral("--target"), m_target + QStringLiteral("?api_token=") + TokenSecret} + on);
    keep(token);
    EXPECT_EQ(token.exitCode, 1) << token.text();

    const Migctl list = st.migctl({QStringLiteral("runs"), QStringLiteral("--json")});
    keep(list);
    const QJsonArray runs = QJsonDocument::fromJson(list.out.toUtf8())[u"runs"].toArray();
    ASSERT_GE(runs.size(), 6) << list.text();
    bool tokenRunSeen = false;
    QStringList files;
    for (const QJsonValue &r : runs) {
        const QString id = r[u"id"].toString();
        // It failed before it started: its message names the target, the token as ***.
        tokenRunSeen = tokenRunSeen || r[u"message"].toString().contains(QStringLiteral("api_token=***"));
        const Reports reports = writeReports(st, id, m_store.path(), QStringLiteral("secrets-") + id);
        files << reports.all();
    }
    EXPECT_TRUE(tokenRunSeen) << list.text();
    const QString apply = st.runOf(QStringLiteral("apply"));
    const Migctl compare = st.migctl({QStringLiteral("report"), apply, QStringLiteral("--compare"), runs.last()[u"id"].toString(), QStringLiteral("--format"),
                                      QStringLiteral("json"), QStringLiteral("-o"), file(QStringLiteral("secrets-compare.json"))});
    keep(compare);
    files << file(QStringLiteral("secrets-compare.json"));

    QByteArray haystack = backuptest::storeBytes(st.path());
    ASSERT_GT(haystack.size(), 0);
    for (const QString &f : files) {
        const QString text = f.endsWith(u".pdf") ? pdfPages(f).join(u'\n') : readText(f);
        ASSERT_FALSE(text.isEmpty()) << s(f);
        haystack += text.toUtf8();
        QFile raw(f);
        ASSERT_TRUE(raw.open(QIODevice::ReadOnly));
        haystack += raw.readAll();
    }
    haystack += outputs.join(u'\n').toUtf8();
    for (const QString &secret : {UrlSecret, EnvSecret, ParamSecret, SslSecret, TokenSecret})
        EXPECT_FALSE(haystack.contains(secret.toUtf8())) << s(secret) << " found";
    // The search itself works: the store holds what the runs did.
    EXPECT_TRUE(haystack.contains("api_token=***"));
    EXPECT_TRUE(haystack.contains(m_database.toUtf8()));
}
