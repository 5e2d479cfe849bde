#include "ReportExport.h"
#include "ReportBuilder.h"
#include "ReportComparison.h"
#include "Exporters.h"

#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QSaveFile>

namespace mig::report {

namespace {

// "-" is standard output (text formats only).
QString writeFile(const QString &path, const QByteArray &bytes)
{
    if (path == u"-") {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
            return QStringLiteral("cannot write to standard output");
        return {};
    }
    QSaveFile f(path); // a failed write leaves no half file behind
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        return QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
    return {};
}

QString pdf(const ReportDocument &doc, const QString &path, const ExportOptions &options)
{
    if (path == u"-")
        return QStringLiteral("a PDF is written to a file: -o FILE");
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return QStringLiteral("PDF needs a QGuiApplication (fonts); migctl makes one with the offscreen platform");
    if (options.pageSize.compare(u"A4", Qt::CaseInsensitive) != 0 && options.pageSize.compare(u"Letter", Qt::CaseInsensitive) != 0)
        return QStringLiteral("unknown page size '%1' (A4, Letter)").arg(options.pageSize);
    const QString e = writePdf(doc, path, options.pageSize);
    if (!e.isEmpty())
        QFile::remove(path);
    return e;
}

} // namespace

QByteArray renderText(const ReportModel &m, Format format)
{
    switch (format) {
    case Format::Markdown: return toMarkdown(layoutReport(m)).toUtf8();
    case Format::Html: return toHtml(layoutReport(m)).toUtf8();
    case Format::Json: return QJsonDocument(toJson(m)).toJson(QJsonDocument::Indented);
    case Format::Junit: return toJunit(m).toUtf8();
    case Format::Pdf: break;
    }
    return {};
}

QString exportReport(RunStore &store, const QString &runId, Format format, const QString &path, const ExportOptions &options)
{
    QString error;
    const std::optional<ReportModel> m = buildReport(store, runId, &error, BuildOptions{options.environment});
    if (!m)
        return error;
    if (format == Format::Pdf)
        return pdf(layoutReport(*m), path, options);
    return writeFile(path, renderText(*m, format));
}

QString exportComparison(RunStore &store, const QString &runA, const QString &runB, Format format, const QString &path,
                         const ExportOptions &options)
{
    QString error;
    const std::optional<ReportModel> a = buildReport(store, runA, &error, BuildOptions{options.environment});
    if (!a)
        return error;
    const std::optional<ReportModel> b = buildReport(store, runB, &error, BuildOptions{options.environment});
    if (!b)
        return error;
    switch (format) {
    case Format::Markdown: return writeFile(path, toMarkdown(layoutComparison(*a, *b)).toUtf8());
    case Format::Html: return writeFile(path, toHtml(layoutComparison(*a, *b)).toUtf8());
    case Format::Json: return writeFile(path, QJsonDocument(comparisonJson(*a, *b)).toJson(QJsonDocument::Indented));
    case Format::Pdf: return pdf(layoutComparison(*a, *b), path, options);
    case Format::Junit: break;
    }
    return QStringLiteral("a comparison has no JUnit form: use md, html, json or pdf");
}

} // namespace mig::report
