#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace mig {

// A migration version as the layouts write it: numbers separated by '.' or '_' ("1.10",
// "V1_10_0", "20240207083000"). Parts compare numerically at any length, and trailing zero
// parts do not count, so "1.9" < "1.10" and "1" == "1.0" == "001" (Flyway's and
// golang-migrate's rules: such files are duplicates).
class Version
{
public:
    Version() = default;
    static std::optional<Version> parse(const QString &text);
    // sql-migrate: ids with a numeric prefix first, by that number, then by the whole id (the
    // file name, ".sql" included: it decides ties such as "1_a.sql" / "1_a-b.sql"). text is
    // what is shown; the id when empty.
    static Version fromId(const QString &id, const QString &text = QString());

    const QString &text() const { return m_text; }
    bool isEmpty() const { return m_text.isEmpty(); }
    int compare(const Version &other) const;

    friend bool operator==(const Version &a, const Version &b) { return a.compare(b) == 0; }
    friend bool operator<(const Version &a, const Version &b) { return a.compare(b) < 0; }

private:
    QString m_text;
    QStringList m_parts; // digits without leading zeros; trailing "0" parts dropped
    QString m_id;        // tie-break for sql-migrate ids; empty otherwise
};

} // namespace mig
