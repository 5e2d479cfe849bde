// migctl report: a run's report (or the comparison of two runs) from the run store.
#include "Commands.h"
#include "ExitCode.h"

#include "ReportExport.h"
#include "RunList.h"

#include <QFileInfo>
#include <QGuiApplication>

namespace mig::cli {

namespace {

// --format, else the suffix of -o (report.pdf); unset when neither says.
std::optional<report::Format> reportFormat(const QCommandLineParser &args)
{
    if (args.isSet(QStringLiteral("format")))
        return report::formatFromName(args.value(QStringLiteral("format")));
    const QString suffix = QFileInfo(args.value(QStringLiteral("output"))).suffix().toLower();
    return suffix == u"xml" ? std::optional(report::Format::Junit) : report::formatFromName(suffix);
}

} // namespace

std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv)
{
    // Only a PDF report needs fonts, hence a QGuiApplication; it gets the offscreen platform so
    // that migctl never needs a display. Every other command keeps a QCoreApplication.
    bool report = false, pdf = false, formatGiven = false;
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        const QByteArray next = i + 1 < argc ? QByteArray(argv[i + 1]).toLower() : QByteArray();
        report = report || a == "report";
        if (a == "--format" || a.startsWith("--format=")) {
            formatGiven = true;
            pdf = a == "--format" ? next == "pdf" : a.toLower() == "--format=pdf";
        } else if (!formatGiven && (a == "-o" || a == "--output")) {
            pdf = next.endsWith(".pdf");
        }
    }
    if (report && pdf) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        return std::make_unique<QGuiApplication>(argc, argv);
    }
    return std::make_unique<QCoreApplication>(argc, argv);
}

int runReport(const QStringList &positional, const QCommandLineParser &args, QTextStream &out, QTextStream &err)
{
    if (positional.size() != 2)
        return usageError(err, QStringLiteral("report needs one run id (or \"latest\"): report RUN_ID --format pdf|md|html|json|junit -o FILE"));
    const QString output = args.value(QStringLiteral("output"));
    if (output.isEmpty())
        return usageError(err, QStringLiteral("report needs -o FILE (-o - writes a text format to standard output)"));
    const std::optional<report::Format> format = reportFormat(args);
    if (!format)
        return usageError(err, QStringLiteral("report needs --format pdf|md|html|json|junit (or -o with one of those suffixes)"));
    report::ExportOptions options;
    if (args.isSet(QStringLiteral("page-size")))
        options.pageSize = args.value(QStringLiteral("page-size"));
    if (options.pageSize.compare(u"A4", Qt::CaseInsensitive) != 0 && options.pageSize.compare(u"Letter", Qt::CaseInsensitive) != 0)
        return usageError(err, QStringLiteral("--page-size is A4 or Letter, not '%1'").arg(options.pageSize));
    options.environment = args.value(QStringLiteral("environment"));
    const QString compare = args.value(QStringLiteral("compare"));
    if (!compare.isEmpty() && *format == report::Format::Junit)
        return usageError(err, QStringLiteral("a comparison has no JUnit form: use --format md, html, json or pdf"));
    QString key;
    if (auto code = reportTargetKey(args, key, err))
        return *code;

    RunStore store;
    if (const QString e = store.open(RunStore::defaultPath()); !e.isEmpty()) {
        err << "migctl: " << e << '\n';
        return Failure;
    }
    QString error;
    const auto run = report::resolveRun(store, positional.at(1), key, &error);
    const auto other = compare.isEmpty() ? run : report::resolveRun(store, compare, key, &error);
    if (!run || !other) {
        err << "migctl: " << error << " (" << RunStore::defaultPath() << "; migctl runs lists them)\n";
        return Failure;
    }
    error = compare.isEmpty() ? report::exportReport(store, run->run.id, *format, output, options)
                              : report::exportComparison(store, run->run.id, other->run.id, *format, output, options);
    if (!error.isEmpty()) {
        err << "migctl: " << error << '\n';
        return Failure;
    }
    if (output != u"-")
        out << (compare.isEmpty() ? QStringLiteral("report of run %1").arg(run->run.id)
                                  : QStringLiteral("comparison of runs %1 and %2").arg(run->run.id, other->run.id))
            << " written to " << output << " (" << report::formatName(*format) << ")\n";
    return Ok;
}

} // namespace mig::cli
