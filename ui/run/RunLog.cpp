#include "RunLog.h"

#include <QFontDatabase>
#include <QLocale>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>

namespace mig::ui {

namespace {

// The format of a line: failures in red and bold, warnings in amber, readable on the palette's
// base; other lines keep no colour of their own, so they follow a later change of palette.
QTextCharFormat kindFormat(LogLine::Kind kind, const QPalette &palette)
{
    QTextCharFormat format;
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    switch (kind) {
    case LogLine::Kind::Failure:
        format.setForeground(dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28));
        format.setFontWeight(QFont::Bold);
        break;
    case LogLine::Kind::Warning:
        format.setForeground(dark ? QColor(0xe3, 0xb3, 0x41) : QColor(0x9a, 0x60, 0x00));
        break;
    case LogLine::Kind::Normal:
    case LogLine::Kind::Detail:
        break;
    }
    return format;
}

} // namespace

RunLog::RunLog(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("runLog"));
    setReadOnly(true);
    setUndoRedoEnabled(false); // no undo stack growing with every appended line
    setMaximumBlockCount(MaxLines);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setPlaceholderText(QStringLiteral("The run's log appears here as the engine reports."));
}

void RunLog::add(const QList<LogLine> &lines)
{
    m_pending << lines;
}

namespace {

// The lines to show for one flush: all of them, or with each stretch of detail lines folded
// into one line that counts them (the stretch's last line kept, so the latest figure shows).
QList<LogLine> folded(const QList<LogLine> &lines)
{
    if (lines.size() <= RunLog::MaxLinesPerFlush)
        return lines;
    QList<LogLine> out;
    qsizetype run = 0;
    auto close = [&](qsizetype lastDetail) {
        if (run > 1)
            out << LogLine{LogLine::Kind::Normal, {},
                           QStringLiteral("          … %1 more statement and batch line(s), not listed (a fast stretch)")
                               .arg(QLocale().toString(run - 1))};
        if (run > 0)
            out << lines.at(lastDetail);
        run = 0;
    };
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines.at(i).kind == LogLine::Kind::Detail) {
            ++run;
            continue;
        }
        close(i - 1);
        out << lines.at(i);
    }
    close(lines.size() - 1);
    return out;
}

} // namespace

void RunLog::flush()
{
    if (m_pending.isEmpty())
        return;
    m_pending = folded(m_pending);
    // Lines that would be trimmed at once are not worth laying out.
    if (m_pending.size() > MaxLines)
        m_pending.remove(0, m_pending.size() - MaxLines);
    QScrollBar *bar = verticalScrollBar();
    const bool following = bar->value() >= bar->maximum() - 2; // the reader has not scrolled up
    QTextCursor c(document());
    c.movePosition(QTextCursor::End);
    c.beginEditBlock();
    bool first = document()->isEmpty();
    for (const LogLine &line : std::as_const(m_pending)) {
        const QTextCharFormat format = kindFormat(line.kind, palette());
        if (!first)
            c.insertBlock(QTextBlockFormat(), format);
        first = false;
        c.insertText(line.line(), format);
    }
    c.endEditBlock();
    m_pending.clear();
    if (following)
        bar->setValue(bar->maximum());
}

void RunLog::clearLog()
{
    m_pending.clear();
    clear();
}

} // namespace mig::ui
