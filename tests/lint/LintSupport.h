#pragma once
// Shared by the lint tests: every migration of a folder linted against a real target (none of
// them applied), and the findings looked up by rule and line.

#include "lint/Lint.h"
#include "plan/Status.h"
#include "target/TargetSession.h"

#include <gtest/gtest.h>

namespace linttest {

using mig::lint::Finding;
using mig::lint::LintOptions;
using mig::lint::LintReport;
using mig::lint::Severity;

// Everything the report says, for failure messages.
inline std::string dump(const LintReport &r)
{
    QStringList lines{QStringLiteral("error: ") + r.error};
    for (const Finding &f : r.findings)
        lines << QStringLiteral("%1 %2 %3:%4 %5: %6 (%7) -- fix: %8")
                     .arg(mig::lint::severityName(f.severity), f.version, f.file)
                     .arg(f.line)
                     .arg(f.rule, f.message, f.evidence, f.hint);
    for (const QString &n : r.notChecked)
        lines << QStringLiteral("not checked: ") + n;
    return lines.join(u'\n').toStdString();
}

// Lints every migration of dir as pending on the target.
inline LintReport lintFolder(const mig::ConnectionProfile &profile, const QString &password, const QString &dir,
                             const LintOptions &options = {})
{
    std::unique_ptr<mig::TargetSession> session = mig::TargetSession::create(profile);
    if (auto e = session->open(password)) {
        ADD_FAILURE() << "cannot connect: " << e->toString().toStdString();
        return {};
    }
    const mig::FolderPlan plan = mig::planFolder(dir, profile.engine, mig::Format::Native);
    for (const mig::Problem &p : plan.folder.problems)
        ADD_FAILURE() << p.toString().toStdString();
    LintReport r = mig::lint::lintPending(*session, mig::computeStatus(plan, {}), options);
    EXPECT_TRUE(r.error.isEmpty()) << dump(r);
    return r;
}

inline QList<Finding> of(const LintReport &r, const QString &rule)
{
    QList<Finding> out;
    for (const Finding &f : r.findings)
        if (f.rule == rule)
            out << f;
    return out;
}

// The one finding of a rule on a line of a file; a failure (and an empty finding) when there is
// not exactly one.
inline Finding at(const LintReport &r, const QString &rule, const QString &file, int line)
{
    QList<Finding> found;
    for (const Finding &f : r.findings)
        if (f.rule == rule && f.file == file && f.line == line)
            found << f;
    EXPECT_EQ(found.size(), 1) << "rule " << rule.toStdString() << " at " << file.toStdString() << ':' << line << " in\n" << dump(r);
    return found.value(0);
}

// Whether a rule says nothing about a line of a file.
inline bool silent(const LintReport &r, const QString &rule, const QString &file, int line)
{
    for (const Finding &f : r.findings)
        if (f.rule == rule && f.file == file && f.line == line)
            return false;
    return true;
}

inline QStringList notChecked(const LintReport &r, const QString &rule)
{
    QStringList out;
    for (const QString &n : r.notChecked)
        if (n.contains(u' ' + rule + u' '))
            out << n;
    return out;
}

// 002_guests.sql: an INSERT whose rows come from CTEs only (no table is read) into a table the
// migration creates; its 140 rows hold 14 NULL names, codes 1..20 twice and 100..119 over the
// CHECK. `label` is the engine's way to write 'g' followed by i.
inline QByteArray cteInsertMigration(const char *label)
{
    return QByteArray("CREATE TABLE guests (name varchar(40) NOT NULL, code int UNIQUE, CHECK (code < 100));\n"
                      "INSERT INTO guests\n"
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 140),\n"
                      "  named AS (SELECT i, CASE WHEN i % 10 = 0 THEN NULL ELSE ")
        + label + " END AS label FROM n)\nSELECT label, i % 120 FROM (SELECT * FROM named) AS x;\n";
}

// What lint counts over those rows.
inline void expectCteInsertCounted(const LintReport &r)
{
    const QString file = QStringLiteral("002_guests.sql");
    EXPECT_TRUE(r.notChecked.isEmpty()) << dump(r);
    const Finding nulls = at(r, QStringLiteral("not-null-with-nulls"), file, 2);
    EXPECT_EQ(nulls.severity, Severity::Block);
    EXPECT_EQ(nulls.evidence, u"14 of 140 rows its SELECT gives have NULL name");
    EXPECT_EQ(nulls.message, u"INSERT INTO guests ... SELECT puts NULL into guests.name, declared NOT NULL: the INSERT fails");
    EXPECT_EQ(at(r, QStringLiteral("unique-over-duplicates"), file, 2).evidence,
              u"20 value(s) of (code) appear more than once in the rows its SELECT gives, 40 row(s) in all");
    EXPECT_EQ(at(r, QStringLiteral("check-violated"), file, 2).evidence, u"20 of 140 rows its SELECT gives violate CHECK (code < 100)");
}

// Lock rules measured against a small threshold: "large" is 10 rows or more.
inline LintOptions smallTables()
{
    LintOptions o;
    o.largeTableRows = 10;
    o.largeTableBytes = 1LL << 40;
    return o;
}

} // namespace linttest
