#pragma once

#include "RunTracker.h"

#include <QPlainTextEdit>

namespace mig::ui {

// The run's live log ("runLog"): the engine's lines, failures in red and warnings in amber.
// Lines are buffered and appended once per flush in one edit block, and only the newest
// MaxLines are kept (maximumBlockCount). When more than MaxLinesPerFlush came since the last
// flush, the per-statement lines are folded into one count per stretch ("… 1,234 statement(s)
// and batch(es) done"): laying out thousands of lines at once stalls the GUI thread for a
// tenth of a second, and nobody reads 4,000 lines a second. Everything else is always shown.
class RunLog : public QPlainTextEdit
{
    Q_OBJECT
public:
    static constexpr int MaxLines = 5000;
    static constexpr int MaxLinesPerFlush = 200;

    explicit RunLog(QWidget *parent = nullptr);

    void add(const QList<LogLine> &lines);
    void flush();
    void clearLog();

private:
    QList<LogLine> m_pending;
};

} // namespace mig::ui
