#pragma once

#include <QPalette>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace mig::ui {

// SQL colouring for the script views: keywords, strings (also PostgreSQL $tag$ bodies, which
// may span lines), comments (-- and /* */, also across lines) and numbers. The colours come
// from the palette (Tones.h), so setPalette() and a rehighlight follow a light/dark switch.
class SqlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit SqlHighlighter(QTextDocument *document);

    void setPalette(const QPalette &palette); // rehighlights

    // The formats in use, so tests can check what a word got.
    const QTextCharFormat &keywordFormat() const { return m_keyword; }
    const QTextCharFormat &stringFormat() const { return m_string; }
    const QTextCharFormat &commentFormat() const { return m_comment; }
    const QTextCharFormat &numberFormat() const { return m_number; }

protected:
    void highlightBlock(const QString &text) override;

private:
    // Block states: where a line ends, so the next one continues the construct.
    enum State { Normal = 0, InBlockComment = 1, InString = 2, InDollarBody = 3 };
    // Each formats from `from` (the opening quote or tag, or 0 when the previous line ended
    // inside) and looks for the end from `contentFrom`; returns where scanning goes on.
    int scanBlockComment(const QString &text, int from, int contentFrom);
    int scanString(const QString &text, int from, int contentFrom, QChar quote);
    int scanDollarBody(const QString &text, int from, int contentFrom, const QString &tag);

    QTextCharFormat m_keyword, m_string, m_comment, m_number;
};

} // namespace mig::ui
