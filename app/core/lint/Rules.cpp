// The rule catalogue, severities and the report's JSON form.
#include "Lint.h"

#include <QJsonArray>

namespace mig::lint {

QString severityName(Severity s)
{
    switch (s) {
    case Severity::Info: return QStringLiteral("info");
    case Severity::Warn: return QStringLiteral("warn");
    case Severity::Block: return QStringLiteral("block");
    }
    return {};
}

std::optional<Severity> severityFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"info")
        return Severity::Info;
    if (n == u"warn" || n == u"warning")
        return Severity::Warn;
    if (n == u"block")
        return Severity::Block;
    return std::nullopt;
}

const QList<Rule> &rules()
{
    using S = Severity;
    static const QList<Rule> catalogue{
        {QStringLiteral("drop-table"), S::Block, QStringLiteral("DROP TABLE destroys the table and every row in it (info when it is empty or its rows were copied by a rebuild)"),
         QStringLiteral("back up first; rename the table aside and drop it in a later release, once nothing reads it")},
        {QStringLiteral("drop-column"), S::Block, QStringLiteral("DROP COLUMN destroys the column's values (info when it holds none)"),
         QStringLiteral("stop reading and writing the column in the code, release, then drop it in a later migration; back up first")},
        {QStringLiteral("drop-schema"), S::Block, QStringLiteral("DROP SCHEMA / DROP DATABASE destroys every table in it"),
         QStringLiteral("back up first; drop the objects one by one in reviewed migrations")},
        {QStringLiteral("truncate"), S::Block, QStringLiteral("TRUNCATE removes every row (info on an empty table)"),
         QStringLiteral("back up the rows first (CREATE TABLE ..._backup AS SELECT * FROM ...), or delete only what must go")},
        {QStringLiteral("delete-without-where"), S::Block, QStringLiteral("DELETE without WHERE removes every row (info on an empty table)"),
         QStringLiteral("add a WHERE clause; to empty the table on purpose back it up first, and delete in batches on a large one")},
        {QStringLiteral("update-without-where"), S::Warn, QStringLiteral("UPDATE without WHERE changes every row (info on an empty table)"),
         QStringLiteral("add a WHERE clause; on a large table update in batches (-- migctl:batch size=N)")},
        {QStringLiteral("not-null-with-nulls"), S::Block, QStringLiteral("SET NOT NULL / MODIFY ... NOT NULL / ADD COLUMN ... NOT NULL without DEFAULT over rows that hold NULL"),
         QStringLiteral("backfill first (UPDATE ... SET col = ... WHERE col IS NULL), then add NOT NULL; or add the column with a DEFAULT")},
        {QStringLiteral("unique-over-duplicates"), S::Block, QStringLiteral("UNIQUE index or constraint, or PRIMARY KEY, over columns whose values repeat"),
         QStringLiteral("remove or merge the duplicates first (GROUP BY the key HAVING count(*) > 1), then add the constraint")},
        {QStringLiteral("check-violated"), S::Block, QStringLiteral("CHECK constraint that existing rows violate"),
         QStringLiteral("fix the violating rows first; on PostgreSQL add it NOT VALID and VALIDATE it once they are fixed")},
        {QStringLiteral("narrowing-type-change"), S::Block, QStringLiteral("Column type change to a smaller type than values already stored need"),
         QStringLiteral("shorten or move the values that do not fit first, or keep the wider type")},
        {QStringLiteral("index-without-concurrently"), S::Block, QStringLiteral("PostgreSQL: CREATE INDEX (or ADD UNIQUE / PRIMARY KEY) without CONCURRENTLY on a large table blocks writes while it builds"),
         QStringLiteral("CREATE INDEX CONCURRENTLY in a migration of its own, outside a transaction")},
        {QStringLiteral("rewriting-type-change"), S::Block, QStringLiteral("PostgreSQL: ALTER COLUMN TYPE that rewrites a non-empty table under an exclusive lock (warn when it is not large)"),
         QStringLiteral("expand/contract: add a column of the new type, backfill it in batches, switch the code, drop the old one")},
        {QStringLiteral("volatile-default"), S::Block, QStringLiteral("PostgreSQL: ADD COLUMN whose default is computed per row (volatile function, serial, identity, stored generated) rewrites a non-empty table (warn when it is not large)"),
         QStringLiteral("add the column without that default, backfill it in batches, then set the default for new rows")},
        {QStringLiteral("constraint-without-not-valid"), S::Block, QStringLiteral("PostgreSQL: ADD CONSTRAINT FOREIGN KEY / CHECK without NOT VALID scans a large table under lock"),
         QStringLiteral("ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later migration (a weaker lock)")},
        {QStringLiteral("alter-without-algorithm"), S::Warn, QStringLiteral("MariaDB/MySQL: ALTER TABLE (or CREATE INDEX) on a large table without ALGORITHM=INPLACE or INSTANT may copy it under lock"),
         QStringLiteral("say ALGORITHM=INSTANT or ALGORITHM=INPLACE, LOCK=NONE, so the server refuses rather than copies; use an online schema change tool where it cannot")},
        {QStringLiteral("non-transactional-in-transaction"), S::Block, QStringLiteral("A statement that cannot run in a transaction inside the script's own BEGIN (block), or beside other statements, which then lose their atomicity (warn); MySQL: DDL in a migration that also changes data (warn)"),
         QStringLiteral("put the statement in a migration of its own")},
        {QStringLiteral("rename-breaks-code"), S::Warn, QStringLiteral("RENAME of a table or column that running application code still uses by its old name"),
         QStringLiteral("expand/contract: add the new name, write both, move the readers, drop the old one later; or leave a view with the old name")},
    };
    return catalogue;
}

const Rule *findRule(const QString &id)
{
    for (const Rule &r : rules())
        if (r.id == id)
            return &r;
    return nullptr;
}

QJsonObject Finding::toJson() const
{
    return QJsonObject{{QStringLiteral("rule"), rule},       {QStringLiteral("severity"), severityName(severity)},
                       {QStringLiteral("version"), version}, {QStringLiteral("file"), file},
                       {QStringLiteral("line"), line},       {QStringLiteral("statement"), statement},
                       {QStringLiteral("message"), message}, {QStringLiteral("evidence"), evidence},
                       {QStringLiteral("hint"), hint}};
}

int LintReport::count(Severity s) const
{
    return int(std::count_if(findings.cbegin(), findings.cend(), [s](const Finding &f) { return f.severity == s; }));
}

bool LintReport::blocks() const
{
    return count(Severity::Block) > 0;
}

QJsonObject LintReport::toJson() const
{
    QJsonArray list;
    for (const Finding &f : findings)
        list.append(f.toJson());
    return QJsonObject{{QStringLiteral("schema"), QStringLiteral("migctl.lint/1")},
                       {QStringLiteral("blocks"), blocks()},
                       {QStringLiteral("error"), error},
                       {QStringLiteral("migrations"), migrations},
                       {QStringLiteral("statements"), statements},
                       {QStringLiteral("counts"), QJsonObject{{QStringLiteral("block"), count(Severity::Block)},
                                                              {QStringLiteral("warn"), count(Severity::Warn)},
                                                              {QStringLiteral("info"), count(Severity::Info)}}},
                       {QStringLiteral("findings"), list},
                       {QStringLiteral("notChecked"), QJsonArray::fromStringList(notChecked)}};
}

} // namespace mig::lint
