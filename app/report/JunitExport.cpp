// The verification checks as JUnit XML, for CI systems: one test suite per source (the run's own
// checks, the verify run), a failure per failed check, "not run" as skipped.
#include "Exporters.h"

#include <QXmlStreamWriter>

namespace mig::report {

QString toJunit(const ReportModel &m)
{
    QStringList sources;
    for (const CheckRow &c : m.checks)
        if (!sources.contains(c.source))
            sources << c.source;
    auto counts = [&m](const QString &source, const QString &status) {
        return int(std::count_if(m.checks.cbegin(), m.checks.cend(), [&](const CheckRow &c) {
            return (source.isEmpty() || c.source == source) && (status.isEmpty() ? true : c.status == status);
        }));
    };
    QString out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("testsuites"));
    w.writeAttribute(QStringLiteral("name"), QStringLiteral("migctl %1 %2 on %3").arg(m.header.action, m.header.runId, m.header.target));
    w.writeAttribute(QStringLiteral("tests"), QString::number(m.checks.size()));
    w.writeAttribute(QStringLiteral("failures"), QString::number(counts({}, QStringLiteral("fail"))));
    w.writeAttribute(QStringLiteral("skipped"), QString::number(counts({}, QStringLiteral("not run"))));
    for (const QString &source : sources) {
        w.writeStartElement(QStringLiteral("testsuite"));
        w.writeAttribute(QStringLiteral("name"), source == u"run" ? QStringLiteral("run %1").arg(m.header.runId) : source);
        w.writeAttribute(QStringLiteral("tests"), QString::number(counts(source, {})));
        w.writeAttribute(QStringLiteral("failures"), QString::number(counts(source, QStringLiteral("fail"))));
        w.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
        w.writeAttribute(QStringLiteral("skipped"), QString::number(counts(source, QStringLiteral("not run"))));
        for (const CheckRow &c : m.checks) {
            if (c.source != source)
                continue;
            w.writeStartElement(QStringLiteral("testcase"));
            w.writeAttribute(QStringLiteral("classname"), QStringLiteral("migctl.%1").arg(c.version.isEmpty() ? QStringLiteral("target") : c.version));
            w.writeAttribute(QStringLiteral("name"), c.name);
            if (!c.at.isEmpty())
                w.writeAttribute(QStringLiteral("timestamp"), c.at);
            if (c.status == u"fail") {
                w.writeStartElement(QStringLiteral("failure"));
                w.writeAttribute(QStringLiteral("message"), c.measured.isEmpty() ? c.detail : c.measured);
                w.writeCharacters(c.detail);
                w.writeEndElement();
            } else if (c.status != u"pass") {
                w.writeEmptyElement(QStringLiteral("skipped"));
                w.writeAttribute(QStringLiteral("message"), c.detail.isEmpty() ? c.status : c.detail);
            }
            if (!c.measured.isEmpty())
                w.writeTextElement(QStringLiteral("system-out"), QStringLiteral("measured: ") + c.measured);
            w.writeEndElement();
        }
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndDocument();
    return out;
}

} // namespace mig::report
