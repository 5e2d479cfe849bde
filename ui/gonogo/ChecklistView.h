#pragma once

#include "preflight/Checklist.h"

#include <QTreeWidget>

namespace mig::ui {

// The pre-flight checklist, one row per check: its mark (icon and word, with a tooltip saying
// what the verdict means for GO), its title and the evidence measured. The details a check
// found (sessions, lint findings, migrations) are child rows, open on the lines that block.
// Filled live: begin() shows every expected check as "checking…", setLine() fills rows as the
// engine tells them.
class ChecklistView : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column { Mark, Title, Evidence };

    explicit ChecklistView(QWidget *parent = nullptr);

    void begin(const QStringList &checkIds);
    void setLine(const CheckLine &line);
    void setLines(const QList<CheckLine> &lines);

    // The row of a check, null when it has none.
    QTreeWidgetItem *rowOf(const QString &id) const;
    static constexpr int IdRole = Qt::UserRole;

private:
    void fill(QTreeWidgetItem *row, const CheckLine &line);
    // Long evidence (paths, session lists, findings) wraps rather than hides: each row is as
    // tall as its text needs at the column's present width.
    void fitRows();
};

} // namespace mig::ui
