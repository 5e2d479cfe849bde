#pragma once

#include <QString>

namespace mig::report {

// How figures read in every format: one spelling for "not measured".
QString notMeasured();                       // "not measured"
QString countText(qint64 n);                 // 1,234 | "not measured" (-1) | "n/a" (-2) | "absent" (Absent)
QString bytesText(qint64 n);                 // 112.0 KiB | "not measured"
QString durationText(qint64 ms);             // 38 ms | 3.2 s | 4 min 12 s | "not measured"
QString timeText(const QString &iso);        // 2026-11-22 01:10:51 UTC | "not recorded"
QString changeText(qint64 before, qint64 after); // +3 | -1 | 0 | "" when either is not a count
QString statusText(const QString &status);   // PASS, FAIL, WARN, NOT RUN, N/A, ...
QString orNot(const QString &value, const QString &absent = QStringLiteral("not recorded"));

} // namespace mig::report
