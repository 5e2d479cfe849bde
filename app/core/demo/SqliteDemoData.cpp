// Rows of the SQLite demo (migrations/sqlite-demo): the learning platform of the production run
// of 27 August 2025 it is modelled on. The figures the release's migrations and checks rely on
// are fixed — 140 students, 560 reports over four weeks, 496 stored with the week-start bug —
// everything else (names, subjects, times, answers) comes from the seed.
#include "DemoRandom.h"
#include "DemoSeed.h"

#include <QDate>

namespace mig::demo {

namespace {

constexpr int Students = 140;
constexpr int Weeks = 4;
// Reports of the last week sent after the fix of Monday 25 August 2025, so already right.
constexpr int FixedReports = 64;

const QList<QString> FirstNames = {
    QStringLiteral("Sofía"), QStringLiteral("Mateo"), QStringLiteral("Valentina"), QStringLiteral("Santiago"),
    QStringLiteral("Isabella"), QStringLiteral("Benjamín"), QStringLiteral("Martina"), QStringLiteral("Thiago"),
    QStringLiteral("Catalina"), QStringLiteral("Joaquín"), QStringLiteral("Emilia"), QStringLiteral("Lautaro"),
    QStringLiteral("Julieta"), QStringLiteral("Tomás"), QStringLiteral("Camila"), QStringLiteral("Felipe"),
    QStringLiteral("Lucía"), QStringLiteral("Bautista"), QStringLiteral("Abril"), QStringLiteral("Facundo"),
};
const QList<QString> LastNames = {
    QStringLiteral("González"), QStringLiteral("Rodríguez"), QStringLiteral("Fernández"), QStringLiteral("López"),
    QStringLiteral("Martínez"), QStringLiteral("Pérez"), QStringLiteral("Gómez"), QStringLiteral("Sánchez"),
    QStringLiteral("Romero"), QStringLiteral("Díaz"), QStringLiteral("Álvarez"), QStringLiteral("Torres"),
    QStringLiteral("Ruiz"), QStringLiteral("Ramírez"), QStringLiteral("Flores"), QStringLiteral("Benítez"),
};
const QList<QString> Subjects = {QStringLiteral("Física"), QStringLiteral("Química")};
const QList<QString> Topics = {
    QStringLiteral("cinemática"), QStringLiteral("leyes de Newton"), QStringLiteral("energía"),
    QStringLiteral("estequiometría"), QStringLiteral("enlaces químicos"), QStringLiteral("soluciones"),
    QStringLiteral("gases ideales"), QStringLiteral("termodinámica"),
};
const QList<QString> Feelings = {
    QStringLiteral("Entendí bien"), QStringLiteral("Me costó"), QStringLiteral("Necesito repasar"),
    QStringLiteral("Pude resolver los ejercicios de"), QStringLiteral("Tengo dudas sobre"),
};

QString asciiFold(QString s)
{
    s = s.normalized(QString::NormalizationForm_D);
    s.removeIf([](QChar c) { return c.category() == QChar::Mark_NonSpacing; });
    return s.toLower();
}

QString utc(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"));
}

QDateTime at(QDate day, int hour, int minute = 0)
{
    return QDateTime(day, QTime(hour, minute), Qt::UTC);
}

SeedTable users(DemoRandom &random)
{
    SeedTable t{QStringLiteral("User"),
                {QStringLiteral("id"), QStringLiteral("email"), QStringLiteral("name"), QStringLiteral("role"),
                 QStringLiteral("studentCode"), QStringLiteral("createdAt")},
                {}};
    const QDate enrolment(2025, 7, 28);
    for (int i = 1; i <= Students; ++i) {
        const QString first = random.pick(FirstNames);
        const QString last = random.pick(LastNames);
        t.rows.append({QStringLiteral("stu-%1").arg(i, 3, 10, QLatin1Char('0')),
                       QStringLiteral("%1.%2.%3@alumnos.example.edu.ar").arg(asciiFold(first), asciiFold(last)).arg(i),
                       first + u' ' + last, QStringLiteral("STUDENT"),
                       QStringLiteral("EST-2025-%1").arg(i, 3, 10, QLatin1Char('0')),
                       utc(at(enrolment.addDays(random.below(5)), random.between(12, 22), random.below(60)))});
    }
    const QList<std::pair<QString, QString>> staff = {
        {QStringLiteral("INSTRUCTOR"), QStringLiteral("Prof. Laura Méndez")},
        {QStringLiteral("INSTRUCTOR"), QStringLiteral("Prof. Diego Acosta")},
        {QStringLiteral("INSTRUCTOR"), QStringLiteral("Prof. Ana Ruiz")},
        {QStringLiteral("ADMIN"), QStringLiteral("Rodrigo Paz")},
    };
    for (int i = 0; i < staff.size(); ++i) {
        t.rows.append({QStringLiteral("staff-%1").arg(i + 1), QStringLiteral("staff%1@example.edu.ar").arg(i + 1),
                       staff.at(i).second, staff.at(i).first, QVariant(), utc(at(QDate(2025, 7, 1), 12))});
    }
    return t;
}

} // namespace

QList<SeedTable> sqliteDemoRows(quint64 seed)
{
    DemoRandom random(seed);
    SeedTable people = users(random);
    SeedTable reports{QStringLiteral("ProgressReport"),
                      {QStringLiteral("id"), QStringLiteral("userId"), QStringLiteral("weekStart"), QStringLiteral("weekEnd"),
                       QStringLiteral("subject"), QStringLiteral("submittedAt")},
                      {}};
    SeedTable answers{QStringLiteral("Answer"),
                      {QStringLiteral("id"), QStringLiteral("progressReportId"), QStringLiteral("questionId"),
                       QStringLiteral("answer")},
                      {}};

    // Which students of the last week sent their report after the fix: FixedReports of them.
    QList<int> order;
    for (int i = 0; i < Students; ++i)
        order << i;
    for (int i = Students - 1; i > 0; --i)
        order.swapItemsAt(i, random.below(i + 1));
    const QList<int> afterFix = order.mid(0, FixedReports);

    const QDate firstMonday(2025, 8, 4);
    int reportNo = 0;
    for (int week = 0; week < Weeks; ++week) {
        const QDate monday = firstMonday.addDays(7 * week);
        for (int s = 0; s < Students; ++s) {
            const bool fixed = week == Weeks - 1 && afterFix.contains(s);
            // Monday 00:00 in UTC-3 is 03:00 UTC; the bug stored 00:00 UTC.
            const QDateTime start = at(monday, fixed ? 3 : 0);
            const QDateTime submitted = fixed ? at(monday.addDays(random.between(0, 2)), random.between(12, 23), random.below(60))
                                              : at(monday.addDays(random.between(3, 6)), random.between(12, 23), random.below(60));
            const QString id = QStringLiteral("rep-%1").arg(reportNo++, 4, 10, QLatin1Char('0'));
            const QVariantList &student = people.rows.at(s);
            reports.rows.append({id, student.at(0), utc(start), utc(start.addDays(7).addMSecs(-1)),
                                 Subjects.at(s % Subjects.size()), utc(submitted)});
            const int questions = random.between(3, 5);
            for (int q = 1; q <= questions; ++q) {
                answers.rows.append({QStringLiteral("%1-q%2").arg(id).arg(q), id, q,
                                     random.pick(Feelings) + u' ' + random.pick(Topics) + u'.'});
            }
        }
    }
    return {people, reports, answers};
}

} // namespace mig::demo
