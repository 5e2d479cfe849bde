#include "PlanCommand.h"

#include <QDir>

namespace mig::cli {

namespace {

QString yesNo(bool b, int count = -1)
{
    if (!b)
        return QStringLiteral("no");
    return count >= 0 ? QStringLiteral("yes (") + QString::number(count) + u')' : QStringLiteral("yes");
}

} // namespace

void printPlan(const FolderPlan &plan, bool dialectGiven, QTextStream &out, QTextStream &err)
{
    const FolderLoadResult &f = plan.folder;
    out << "Folder:  " << QDir::toNativeSeparators(f.dir) << '\n';
    out << "Layout:  " << (f.format ? formatName(*f.format) : QStringLiteral("(none found)"))
        << (f.formatForced ? " (forced)" : " (detected)") << '\n';
    out << "Dialect: " << dialectName(plan.dialect)
        << (dialectGiven ? "" : " (default; pass --dialect to split as your target does)") << '\n';

    const QStringList header{QStringLiteral("VERSION"), QStringLiteral("NAME"), QStringLiteral("FORMAT"),
                             QStringLiteral("STMTS"), QStringLiteral("ROLLBACK"), QStringLiteral("VERIFY"),
                             QStringLiteral("TX"), QStringLiteral("CHECKSUM")};
    QList<QStringList> rows{header};
    for (const PlannedMigration &p : plan.migrations) {
        const Migration &m = p.migration;
        rows << QStringList{m.repeatable ? QStringLiteral("(repeatable)") : m.version.text(),
                            m.name,
                            formatName(m.format),
                            p.splitOk ? QString::number(p.statements) : QStringLiteral("error"),
                            yesNo(!m.down.isNull(), p.downStatements),
                            yesNo(!m.verify.isNull(), p.verifyStatements),
                            m.transactional() ? QStringLiteral("yes") : QStringLiteral("no"),
                            QString::fromLatin1(m.checksum.left(12))};
    }
    QList<qsizetype> widths(header.size(), 0);
    for (const QStringList &row : rows)
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    out << '\n';
    // One buffer for every line: 10,000 rows made 150,000 short-lived strings.
    QString line;
    const QString spaces(*std::max_element(widths.cbegin(), widths.cend()) + 2, u' ');
    for (const QStringList &row : rows) {
        line.resize(0);
        for (qsizetype i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size())
                line += QStringView(spaces).first(qMax<qsizetype>(0, widths[i] + 2 - row[i].size()));
        }
        out << QStringView(line).trimmed() << '\n';
    }

    qsizetype errors = 0, warnings = 0;
    for (const Problem &pr : f.problems)
        (pr.severity == Problem::Severity::Error ? errors : warnings)++;
    if (plan.dialect == Dialect::Mysql)
        out << "\nTX: MySQL and MariaDB commit DDL statements implicitly; a transaction only protects data changes.\n";
    out << '\n'
        << plan.migrations.size() << " migration(s); " << errors << " error(s), " << warnings << " warning(s)\n";
    out.flush();
    for (const Problem &pr : f.problems)
        err << pr.toString() << '\n';
    err.flush();
}

} // namespace mig::cli
