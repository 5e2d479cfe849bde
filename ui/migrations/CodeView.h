#pragma once

#include "Tones.h"

#include "lint/Lint.h"

#include <QHash>
#include <QPlainTextEdit>

namespace mig::ui {

class SqlHighlighter;

// A read-only SQL view: line numbers in a margin (the file's own numbers, which need not start
// at 1 or be contiguous: a section of a single-file layout, or the filler lines of a side-by-side
// diff), SQL colouring, lint markers in the margin with their finding as tooltip, and coloured
// bands behind lines or parts of lines. Colours follow the palette.
class CodeView : public QPlainTextEdit
{
    Q_OBJECT
public:
    struct Marker {
        int line = 0; // file line
        lint::Severity severity = lint::Severity::Info;
        QString toolTip;
    };
    struct Band {
        int block = 0;      // 0-based line of the text shown
        Tone tone = Tone::Changed;
        int from = 0;       // a part of the line; the whole line when length < 0
        int length = -1;
        double strength = 1.0;
    };

    explicit CodeView(QWidget *parent = nullptr);

    // `lineNumbers`: the number shown beside each line of `text` (0: none); empty: 1, 2, 3 ...
    void setCode(const QString &text, const QList<int> &lineNumbers = {});
    void setMarkers(const QList<Marker> &markers);
    void setBands(const QList<Band> &bands);

    int blockOfLine(int line) const; // -1 when the line is not shown
    int lineOfBlock(int block) const; // 0 when the block has no number
    QList<int> markedLines() const { return m_markers.keys(); }
    QString markerToolTip(int line) const;
    lint::Severity markerSeverity(int line) const;
    QWidget *margin() const { return m_margin; }
    // Where the marker of `line` is drawn, in margin coordinates (scrolls it into view first).
    QRect markerRect(int line);
    SqlHighlighter *highlighter() const { return m_highlighter; }

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    friend class CodeMargin;
    int marginWidth() const;
    void paintMargin(QPaintEvent *event);
    bool showMarginToolTip(const QPoint &pos, const QPoint &globalPos);
    int blockAt(int y) const;
    void applyBands();

    QWidget *m_margin = nullptr;
    SqlHighlighter *m_highlighter = nullptr;
    QList<int> m_lineNumbers;
    QHash<int, int> m_blockOfLine;
    QMap<int, QList<Marker>> m_markers; // by line
    QList<Band> m_bands;
};

} // namespace mig::ui
