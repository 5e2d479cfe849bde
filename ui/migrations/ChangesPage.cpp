#include "ChangesPage.h"

#include "CodeView.h"
#include "TextLabel.h"

#include <QGridLayout>
#include <QLabel>
#include <QScrollBar>
#include <QVBoxLayout>

namespace mig::ui {

namespace {

// The text, line numbers and bands of one side.
struct Side {
    QStringList text;
    QList<int> numbers;
    QList<CodeView::Band> bands;
};

void addLine(Side &side, int line, const QString &text, Tone tone, bool marked, int from, int length)
{
    const int block = int(side.text.size());
    side.text << text;
    side.numbers << line;
    if (line == 0)
        side.bands << CodeView::Band{block, Tone::Filler, 0, -1, 1.0};
    else if (marked) {
        side.bands << CodeView::Band{block, tone, 0, -1, 1.0};
        if (length > 0)
            side.bands << CodeView::Band{block, tone, from, length, 2.4};
    }
}

} // namespace

ChangesPage::ChangesPage(QWidget *parent)
    : QWidget(parent)
{
    m_summary = textLabel(this, QStringLiteral("changesSummary"));
    m_panes = new QWidget(this);
    m_beforeTitle = new QLabel(m_panes);
    m_afterTitle = new QLabel(m_panes);
    m_before = new CodeView(m_panes);
    m_before->setObjectName(QStringLiteral("changesBefore"));
    m_after = new CodeView(m_panes);
    m_after->setObjectName(QStringLiteral("changesAfter"));
    auto *grid = new QGridLayout(m_panes);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_beforeTitle, 0, 0);
    grid->addWidget(m_afterTitle, 0, 1);
    grid->addWidget(m_before, 1, 0);
    grid->addWidget(m_after, 1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_panes, 1);
    layout->addStretch(0); // takes the room only while the panes are hidden
    // The two sides scroll together: their lines are aligned one to one.
    for (auto [a, b] : {std::pair{m_before, m_after}, std::pair{m_after, m_before}}) {
        connect(a->verticalScrollBar(), &QScrollBar::valueChanged, b->verticalScrollBar(), &QScrollBar::setValue);
        connect(a->horizontalScrollBar(), &QScrollBar::valueChanged, b->horizontalScrollBar(), &QScrollBar::setValue);
    }
}

void ChangesPage::showDiff(const AlignedText &diff, const QString &beforeTitle, const QString &afterTitle)
{
    Side left, right;
    for (const AlignedLine &l : diff.lines) {
        const bool changed = l.kind != AlignedLine::Kind::Same;
        addLine(left, l.leftLine, l.left, Tone::Removed, changed, l.leftFrom, l.leftLength);
        addLine(right, l.rightLine, l.right, Tone::Added, changed, l.rightFrom, l.rightLength);
    }
    m_before->setCode(left.text.join(u'\n'), left.numbers);
    m_before->setBands(left.bands);
    m_after->setCode(right.text.join(u'\n'), right.numbers);
    m_after->setBands(right.bands);
    m_beforeTitle->setText(beforeTitle);
    m_afterTitle->setText(afterTitle);
    m_summary->setText(diff.identical()
                           ? QStringLiteral("The texts are the same once line endings and a byte order mark are ignored.")
                           : QStringLiteral("Since it was applied: %1 line(s) changed, %2 added, %3 removed. Apply refuses a "
                                            "modified migration: undo the change, or write a new migration for it.")
                                 .arg(diff.changed).arg(diff.added).arg(diff.removed));
    m_panes->show();
}

void ChangesPage::showMessage(const QString &message)
{
    m_summary->setText(message);
    m_before->setCode({});
    m_after->setCode({});
    m_panes->hide();
}

QString ChangesPage::summary() const
{
    return m_summary->text();
}

} // namespace mig::ui
