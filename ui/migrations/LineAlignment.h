#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace mig::ui {

// Two texts aligned line by line for a side-by-side view (dtl's shortest edit script): equal
// lines face each other, a run of removed lines faces the run of added lines that replaced it
// (paired as changed lines), and what is left over faces an empty filler line.
struct AlignedLine {
    enum class Kind { Same, Changed, Removed, Added };
    Kind kind = Kind::Same;
    int leftLine = 0;  // 1-based line in the left text; 0 for a filler
    int rightLine = 0;
    QString left, right;
    // Changed lines: the differing middle of each side (after the common prefix, before the
    // common suffix), so the view can mark the characters that changed.
    int leftFrom = 0, leftLength = 0, rightFrom = 0, rightLength = 0;
};

struct AlignedText {
    QList<AlignedLine> lines;
    int changed = 0, removed = 0, added = 0;

    bool identical() const { return changed == 0 && removed == 0 && added == 0; }
};

AlignedText alignLines(const QStringList &left, const QStringList &right);

} // namespace mig::ui
