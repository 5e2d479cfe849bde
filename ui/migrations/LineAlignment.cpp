#include "LineAlignment.h"

#include <dtl/dtl.hpp>

#include <vector>

namespace mig::ui {

namespace {

void markMiddle(AlignedLine &l)
{
    const qsizetype n = std::min(l.left.size(), l.right.size());
    qsizetype prefix = 0;
    while (prefix < n && l.left.at(prefix) == l.right.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < n - prefix && l.left.at(l.left.size() - 1 - suffix) == l.right.at(l.right.size() - 1 - suffix))
        ++suffix;
    l.leftFrom = l.rightFrom = int(prefix);
    l.leftLength = int(l.left.size() - prefix - suffix);
    l.rightLength = int(l.right.size() - prefix - suffix);
}

struct Aligner {
    AlignedText out;
    QList<std::pair<int, QString>> removed, added; // the pending run: line, text

    void flush()
    {
        const qsizetype pairs = std::min(removed.size(), added.size());
        for (qsizetype i = 0; i < std::max(removed.size(), added.size()); ++i) {
            AlignedLine l;
            if (i < pairs) {
                l.kind = AlignedLine::Kind::Changed;
                ++out.changed;
            } else if (i < removed.size()) {
                l.kind = AlignedLine::Kind::Removed;
                ++out.removed;
            } else {
                l.kind = AlignedLine::Kind::Added;
                ++out.added;
            }
            if (i < removed.size())
                std::tie(l.leftLine, l.left) = removed.at(i);
            if (i < added.size())
                std::tie(l.rightLine, l.right) = added.at(i);
            if (l.kind == AlignedLine::Kind::Changed)
                markMiddle(l);
            out.lines << l;
        }
        removed.clear();
        added.clear();
    }
};

} // namespace

AlignedText alignLines(const QStringList &left, const QStringList &right)
{
    const std::vector<QString> a(left.cbegin(), left.cend());
    const std::vector<QString> b(right.cbegin(), right.cend());
    dtl::Diff<QString, std::vector<QString>> diff(a, b);
    diff.compose();
    Aligner al;
    for (const auto &[text, info] : diff.getSes().getSequence()) {
        switch (info.type) {
        case dtl::SES_DELETE: al.removed << std::make_pair(int(info.beforeIdx), text); break;
        case dtl::SES_ADD: al.added << std::make_pair(int(info.afterIdx), text); break;
        default: {
            al.flush();
            AlignedLine l;
            l.leftLine = int(info.beforeIdx);
            l.rightLine = int(info.afterIdx);
            l.left = l.right = text;
            al.out.lines << l;
        }
        }
    }
    al.flush();
    return al.out;
}

} // namespace mig::ui
