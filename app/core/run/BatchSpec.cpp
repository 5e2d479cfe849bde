#include "BatchSpec.h"

#include <QRegularExpression>

namespace mig {

BatchSpecResult batchSpec(const Statement &statement)
{
    BatchSpecResult r;
    static const QRegularExpression batchLine(QStringLiteral("^\\s*--\\s*migctl:batch\\b(.*)$"), QRegularExpression::MultilineOption);
    static const QRegularExpression totalLine(QStringLiteral("^\\s*--\\s*migctl:total\\s+(.*?)\\s*;?\\s*$"), QRegularExpression::MultilineOption);
    const QRegularExpressionMatch batch = batchLine.match(statement.preamble);
    if (!batch.hasMatch())
        return r;
    static const QRegularExpression sizeArg(QStringLiteral("^\\s+size=(\\d{1,9})\\s*$"));
    const QRegularExpressionMatch size = sizeArg.match(batch.captured(1));
    if (!size.hasMatch() || size.captured(1).toInt() <= 0) {
        r.error = QStringLiteral("malformed batch annotation '%1': write -- migctl:batch size=N with N > 0").arg(batch.captured(0).trimmed());
        return r;
    }
    BatchSpec spec;
    spec.size = size.captured(1).toInt();
    if (const QRegularExpressionMatch total = totalLine.match(statement.preamble); total.hasMatch())
        spec.totalQuery = total.captured(1);
    r.spec = spec;
    return r;
}

QString bindBatchSize(const QString &sql, int size)
{
    const QString name = QStringLiteral(":batch_size");
    const QString value = QString::number(size);
    QString out;
    out.reserve(sql.size());
    QChar quote;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == u'\'' || c == u'"' || c == u'`') {
            quote = c;
        } else if (c == u':' && sql.mid(i, name.size()) == name && (i == 0 || sql.at(i - 1) != u':')
                   && (i + name.size() == sql.size() || !(sql.at(i + name.size()).isLetterOrNumber() || sql.at(i + name.size()) == u'_'))) {
            out += value;
            i += name.size() - 1;
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace mig
