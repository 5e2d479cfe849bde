#include "FolderPlan.h"

#include "source/ScanCache.h"
#include "source/SourceFiles.h"
#include "sql/ScriptSplitter.h"

#include <QDir>
#include <QJsonArray>

namespace mig {

namespace {

// What a split tells the plan, as a ScanCache keeps it: "<statements>" or, after an error,
// "<statements>\n<line>\n<message>". Plain text: decoding it is done once per script.
QByteArray encodeSplit(const ScriptSplitResult &r)
{
    QByteArray out = QByteArray::number(r.statements);
    if (r.error)
        out += '\n' + QByteArray::number(r.error->line) + '\n' + r.error->message.toUtf8();
    return out;
}

std::optional<ScriptSplitResult> decodeSplit(const QByteArray &bytes)
{
    const qsizetype first = bytes.indexOf('\n');
    bool ok = false;
    ScriptSplitResult r;
    r.statements = QByteArrayView(bytes).first(first < 0 ? bytes.size() : first).toInt(&ok);
    if (!ok || r.statements < 0)
        return std::nullopt;
    if (first < 0)
        return r;
    const qsizetype second = bytes.indexOf('\n', first + 1);
    const int line = QByteArrayView(bytes).sliced(first + 1, (second < 0 ? bytes.size() : second) - first - 1).toInt(&ok);
    if (!ok || second < 0)
        return std::nullopt;
    r.error = SplitError{line, QString::fromUtf8(QByteArrayView(bytes).sliced(second + 1))};
    return r;
}

// Everything a split depends on besides the file's bytes.
QByteArray splitKey(const ScriptRef &script, const QByteArray &dialect)
{
    QByteArray key = dialect;
    if (!script.blockTag.isEmpty())
        key += ' ' + script.blockTag;
    const auto &spans = script.spans;
    if (spans.size() == 1 && spans[0].begin == 0 && spans[0].end == -1 && spans[0].firstLine == 1)
        return key; // the whole file
    key += " spans";
    for (const ScriptRef::Span &s : spans)
        key += ' ' + QByteArray::number(s.begin) + ':' + QByteArray::number(s.end) + ':' + QByteArray::number(s.firstLine);
    return key;
}

ScriptSplitResult splitCached(const ScriptRef &script, Dialect dialect, SourceFiles &files)
{
    static const QByteArray keys[] = {QByteArrayLiteral("split ") + dialectName(Dialect::Sqlite).toLatin1(),
                                      QByteArrayLiteral("split ") + dialectName(Dialect::Postgres).toLatin1(),
                                      QByteArrayLiteral("split ") + dialectName(Dialect::Mysql).toLatin1()};
    const QByteArray &dialectKey = dialect == Dialect::Sqlite ? keys[0] : dialect == Dialect::Postgres ? keys[1] : keys[2];
    auto run = [&](const QByteArray *bytes) { return splitScript(script, dialect, [](Statement &&) { return true; }, bytes); };
    const QByteArray value = files.derived(script.path, splitKey(script, dialectKey),
                                           [&](const QByteArray *bytes) { return encodeSplit(run(bytes)); });
    const std::optional<ScriptSplitResult> r = decodeSplit(value);
    return r ? *r : run(nullptr); // a damaged cached value: split the file itself
}

// Counts a script's statements; a script that cannot be split becomes a problem at its line.
int countStatements(const ScriptRef &script, const char *role, Dialect dialect, FolderPlan &plan, bool &ok, SourceFiles &files)
{
    if (script.isNull())
        return 0;
    const ScriptSplitResult split = splitCached(script, dialect, files);
    if (split.error) {
        ok = false;
        const QString file = QDir(plan.folder.dir).relativeFilePath(script.path);
        plan.folder.problems << Problem{Problem::Severity::Error, file, split.error->line,
                                        QStringLiteral("%1 script (%2): %3")
                                            .arg(QLatin1String(role), dialectName(dialect), split.error->message)};
    }
    return split.statements;
}

} // namespace

FolderPlan planFolder(const QString &dir, Dialect dialect, std::optional<Format> forced, ScanCache *cache)
{
    FolderPlan plan;
    SourceFiles files(cache); // each file read once; the split reuses the bytes the scan read
    plan.folder = loadMigrationFolder(dir, forced, &files);
    plan.dialect = dialect;
    for (const Migration &m : std::as_const(plan.folder.migrations)) {
        PlannedMigration p{m};
        p.statements = countStatements(m.up, "up", dialect, plan, p.splitOk, files);
        if (p.splitOk && p.statements == 0) // e.g. only ";" or, in MySQL, only "#" comments
            plan.folder.problems << Problem{Problem::Severity::Error, m.file, m.up.firstLine(),
                                            QStringLiteral("empty migration: the up script holds no %1 statement").arg(dialectName(dialect))};
        p.downStatements = countStatements(m.down, "rollback", dialect, plan, p.splitOk, files);
        p.verifyStatements = countStatements(m.verify, "verify", dialect, plan, p.splitOk, files);
        plan.migrations << p;
    }
    files.storeInCache();
    if (cache)
        cache->flush();
    return plan;
}

QJsonObject planToJson(const FolderPlan &plan)
{
    QJsonArray migrations;
    const QDir dir(plan.folder.dir);
    for (const PlannedMigration &p : plan.migrations) {
        const Migration &m = p.migration;
        // Inserted with Latin-1 keys, in the order QJsonObject keeps them (sorted): the
        // initializer-list form converted and searched every key, 10,000 times over.
        QJsonObject o;
        o.insert(QLatin1StringView("checksum"), QString::fromLatin1(m.checksum));
        o.insert(QLatin1StringView("file"), m.file);
        o.insert(QLatin1StringView("format"), formatName(m.format));
        o.insert(QLatin1StringView("hasRollback"), !m.down.isNull());
        o.insert(QLatin1StringView("hasVerify"), !m.verify.isNull());
        o.insert(QLatin1StringView("name"), m.name);
        o.insert(QLatin1StringView("repeatable"), m.repeatable);
        o.insert(QLatin1StringView("rollbackFile"), m.down.isNull() ? QJsonValue() : QJsonValue(dir.relativeFilePath(m.down.path)));
        o.insert(QLatin1StringView("rollbackStatements"), p.downStatements);
        o.insert(QLatin1StringView("rollbackTransactional"), m.down.isNull() ? QJsonValue() : QJsonValue(m.down.transactional));
        o.insert(QLatin1StringView("splitOk"), p.splitOk);
        o.insert(QLatin1StringView("statements"), p.statements);
        o.insert(QLatin1StringView("transactional"), m.transactional());
        o.insert(QLatin1StringView("verifyFile"), m.verify.isNull() ? QJsonValue() : QJsonValue(dir.relativeFilePath(m.verify.path)));
        o.insert(QLatin1StringView("version"), m.repeatable ? QJsonValue() : QJsonValue(m.version.text()));
        migrations.append(o);
    }
    QJsonArray problems;
    for (const Problem &pr : plan.folder.problems)
        problems.append(QJsonObject{
            {QStringLiteral("severity"), pr.severity == Problem::Severity::Error ? QStringLiteral("error") : QStringLiteral("warning")},
            {QStringLiteral("file"), pr.file},
            {QStringLiteral("line"), pr.line},
            {QStringLiteral("message"), pr.message},
        });
    return QJsonObject{
        {QStringLiteral("schema"), QStringLiteral("migctl.plan/1")},
        {QStringLiteral("dir"), plan.folder.dir},
        {QStringLiteral("format"), plan.folder.format ? QJsonValue(formatName(*plan.folder.format)) : QJsonValue()},
        {QStringLiteral("formatForced"), plan.folder.formatForced},
        {QStringLiteral("dialect"), dialectName(plan.dialect)},
        {QStringLiteral("ok"), !plan.hasErrors()},
        {QStringLiteral("migrations"), migrations},
        {QStringLiteral("problems"), problems},
    };
}

} // namespace mig
