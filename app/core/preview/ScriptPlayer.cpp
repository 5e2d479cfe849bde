#include "ScriptPlayer.h"

#include "run/BatchSpec.h"
#include "sql/ScriptSplitter.h"
#include "sql/StatementTraits.h"

#include <QRegularExpression>

namespace mig {

namespace {

// Statements whose changed-row count means something: the data statements.
bool changesRows(const QString &sql)
{
    static const QStringList verbs{QStringLiteral("insert"), QStringLiteral("update"), QStringLiteral("delete"), QStringLiteral("merge"),
                                   QStringLiteral("replace"), QStringLiteral("upsert"), QStringLiteral("copy"), QStringLiteral("with")};
    const QString first = sql.section(QRegularExpression(QStringLiteral("[\\s(]")), 0, 0, QString::SectionSkipEmpty).toLower();
    return verbs.contains(first);
}

} // namespace

PlayResult playScript(TargetSession &session, const ScriptRef &script, const QString &file, bool insideTransaction,
                      const std::atomic<bool> &cancel)
{
    PlayResult r;
    const auto fail = [&](const Statement &st, const QString &why) {
        r.ok = false;
        r.line = st.firstLine;
        r.statement = st.sql;
        r.error = QStringLiteral("%1:%2: %3").arg(file).arg(st.firstLine).arg(why);
        return false;
    };
    const int version = session.serverVersionNumber();
    const ScriptSplitResult split = splitScript(script, session.dialect(), [&](const Statement &st) {
        if (cancel.load())
            return fail(st, QStringLiteral("cancelled"));
        ++r.statements;
        const StatementTraits traits = statementTraits(st.sql, session.dialect(), version);
        if (!traits.unsupported.isEmpty())
            return fail(st, traits.unsupported);
        if (insideTransaction && (traits.transactionControl || traits.outsideTransaction))
            return fail(st, QStringLiteral("cannot be previewed inside a transaction: %1").arg(traits.reason));
        const BatchSpecResult batch = batchSpec(st);
        if (!batch.error.isEmpty())
            return fail(st, batch.error);
        qint64 rows = 0;
        if (batch.spec) {
            Statement one = st;
            one.sql = bindBatchSize(st.sql, batch.spec->size);
            for (;;) {
                if (cancel.load())
                    return fail(st, QStringLiteral("cancelled"));
                const ExecResult e = session.execStatement(one);
                if (e.error)
                    return fail(st, e.error->toString());
                if (e.rows <= 0)
                    break;
                rows += e.rows;
            }
        } else {
            const ExecResult e = session.execStatement(st);
            if (e.error)
                return fail(st, e.error->toString());
            rows = e.rows;
        }
        if (rows >= 0 && (batch.spec || changesRows(st.sql)))
            r.rows << StatementRows{st.firstLine, st.sql.section(u'\n', 0, 0).left(200), rows};
        return true;
    });
    if (split.error && r.ok) {
        r.ok = false;
        r.line = split.error->line;
        r.error = QStringLiteral("%1:%2: %3").arg(file).arg(split.error->line).arg(split.error->message);
    }
    return r;
}

} // namespace mig
