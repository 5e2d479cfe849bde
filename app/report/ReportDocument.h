#pragma once

#include "ReportModel.h"

namespace mig::report {

// A report laid out as a sequence of blocks, the same for Markdown, HTML and PDF: each exporter
// renders blocks, so every format carries the same sections in the same order.
struct Block {
    enum class Kind { Title, Heading, Subheading, Paragraph, Facts, Table, Code, Chart };
    Kind kind = Kind::Paragraph;
    QString text;             // Title, Heading, Subheading, Paragraph, Code
    QStringList headers;      // Table
    QList<QStringList> rows;  // Table; Facts: {name, value}
    int statusColumn = -1;    // Table: the column holding a status (PASS, FAIL, ...), coloured
    ChartData chart;          // Chart
};

struct ReportDocument {
    QString title;     // the page header of the PDF, the HTML <title>
    QString footer;    // "Run 2026...-03ce on sqlite:/tmp/demo.db": the PDF's footer
    QList<Block> blocks;

    void heading(const QString &text);
    void subheading(const QString &text);
    void paragraph(const QString &text);
    void facts(const QList<QStringList> &rows);
    void table(const QStringList &headers, const QList<QStringList> &rows, int statusColumn = -1);
    void code(const QString &text);
    void chart(const ChartData &chart);
};

ReportDocument layoutReport(const ReportModel &m);

// Two tables the console's after-run panel shows too, with the report's own wording.
QStringList verificationHeaders();                        // Check, Status, Measured, Detail, Source
QList<QStringList> verificationRows(const ReportModel &m);
QStringList statisticsHeaders();                          // Object, Before, After, Change
QList<QStringList> statisticsRows(const ReportModel &m);

// How a status reads and what colour it gets: pass, fail, warn, neutral.
enum class Tone { Good, Bad, Warn, Neutral };
Tone toneOf(const QString &statusText);

} // namespace mig::report
