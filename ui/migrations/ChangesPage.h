#pragma once

#include "LineAlignment.h"

#include <QWidget>

class QLabel;

namespace mig::ui {

class CodeView;

// The Changes tab of a modified migration: the script as it was applied (kept in the history
// row) beside the file as it is now, lines aligned, changed lines and characters highlighted.
class ChangesPage : public QWidget
{
    Q_OBJECT
public:
    explicit ChangesPage(QWidget *parent = nullptr);

    void showDiff(const AlignedText &diff, const QString &beforeTitle, const QString &afterTitle);
    // Instead of a diff: why there is none (the stored script was not kept, a file not UTF-8).
    void showMessage(const QString &message);

    CodeView *before() const { return m_before; }
    CodeView *after() const { return m_after; }
    QString summary() const;

private:
    QLabel *m_summary;
    QLabel *m_beforeTitle;
    QLabel *m_afterTitle;
    QWidget *m_panes;
    CodeView *m_before;
    CodeView *m_after;
};

} // namespace mig::ui
