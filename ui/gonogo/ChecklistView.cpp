#include "ChecklistView.h"

#include "GoNoGoLook.h"

#include <QHeaderView>
#include <QStyle>
#include <QTextLayout>
#include <QtMath>
#include <algorithm>

namespace mig::ui {

ChecklistView::ChecklistView(QWidget *parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("checklistView"));
    setColumnCount(3);
    setHeaderLabels({QStringLiteral("Verdict"), QStringLiteral("Check"), QStringLiteral("Evidence")});
    setRootIsDecorated(true);
    setUniformRowHeights(false);
    setWordWrap(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(Mark, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(Title, QHeaderView::ResizeToContents);
    connect(header(), &QHeaderView::sectionResized, this, &ChecklistView::fitRows);
}

namespace {

// The height `text` takes wrapped at `width`, as the item delegate wraps it.
int wrappedHeight(const QString &text, const QFont &font, int width)
{
    QTextLayout layout(text, font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.beginLayout();
    qreal height = 0;
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        height += line.height();
    }
    layout.endLayout();
    return qCeil(height);
}

} // namespace

void ChecklistView::fitRows()
{
    // The delegate keeps a focus-frame margin on each side of the text.
    const int margins = 2 * (style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, this) + 1) + 2;
    const int evidenceWidth = header()->sectionSize(Evidence) - margins;
    const int detailWidth = viewport()->width() - indentation() - margins;
    if (evidenceWidth <= 0 || detailWidth <= 0)
        return;
    const int line = fontMetrics().height();
    for (int i = 0; i < topLevelItemCount(); ++i) {
        QTreeWidgetItem *row = topLevelItem(i);
        const int h = std::max(line, wrappedHeight(row->text(Evidence), row->font(Evidence), evidenceWidth));
        row->setSizeHint(Evidence, QSize(0, h + 4)); // width 0: a valid size that widens no column
        for (int c = 0; c < row->childCount(); ++c) {
            QTreeWidgetItem *detail = row->child(c);
            const int dh = std::max(line, wrappedHeight(detail->text(Mark), detail->font(Mark), detailWidth));
            detail->setSizeHint(Mark, QSize(0, dh + 2));
        }
    }
}

QTreeWidgetItem *ChecklistView::rowOf(const QString &id) const
{
    for (int i = 0; i < topLevelItemCount(); ++i)
        if (topLevelItem(i)->data(Mark, IdRole).toString() == id)
            return topLevelItem(i);
    return nullptr;
}

void ChecklistView::begin(const QStringList &checkIds)
{
    clear();
    for (const QString &id : checkIds) {
        CheckLine waiting;
        waiting.id = id;
        waiting.title = id; // the engine names it when it is measured
        waiting.evidence = QStringLiteral("checking…");
        auto *row = new QTreeWidgetItem(this);
        fill(row, waiting);
    }
}

void ChecklistView::setLine(const CheckLine &line)
{
    QTreeWidgetItem *row = rowOf(line.id);
    if (!row)
        row = new QTreeWidgetItem(this);
    fill(row, line);
}

void ChecklistView::setLines(const QList<CheckLine> &lines)
{
    // Rows stay where they are (and open as they were) when a decision repeats the live lines.
    QStringList ids;
    for (const CheckLine &l : lines) {
        setLine(l);
        ids << l.id;
    }
    for (int i = topLevelItemCount() - 1; i >= 0; --i)
        if (!ids.contains(topLevelItem(i)->data(Mark, IdRole).toString()))
            delete takeTopLevelItem(i);
}

void ChecklistView::fill(QTreeWidgetItem *row, const CheckLine &line)
{
    const VerdictMark mark = verdictMark(line);
    const QString tip = verdictTooltip(line);
    row->setData(Mark, IdRole, line.id);
    row->setIcon(Mark, verdictIcon(mark));
    row->setText(Mark, verdictWord(mark));
    row->setText(Title, line.title);
    row->setText(Evidence, line.evidence);
    for (int c : {Mark, Title, Evidence})
        row->setToolTip(c, tip);
    QFont f = font();
    f.setItalic(mark == VerdictMark::Checking);
    f.setBold(mark == VerdictMark::Fail);
    for (int c : {Mark, Title})
        row->setFont(c, f);
    if (mark == VerdictMark::Fail || mark == VerdictMark::SoftFail)
        row->setForeground(Mark, alertColour(palette()));
    else
        row->setData(Mark, Qt::ForegroundRole, {});

    qDeleteAll(row->takeChildren());
    for (const QString &d : line.details) {
        auto *child = new QTreeWidgetItem(row);
        child->setText(Mark, d);
        child->setToolTip(Mark, d);
        child->setFirstColumnSpanned(true);
    }
    // What blocks is what the DBA must read first.
    row->setExpanded(mark == VerdictMark::Fail && line.details.size() <= 8);
    fitRows();
}

} // namespace mig::ui
