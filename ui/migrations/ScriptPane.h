#pragma once

#include "ScriptFile.h"

#include <QWidget>

class QLabel;
class QStackedWidget;

namespace mig::ui {

class CodeView;

// A script in a tab: a line saying which file it is, the code view, and in place of the code a
// plain message when there is no script or it cannot be shown (not UTF-8, unreadable).
class ScriptPane : public QWidget
{
    Q_OBJECT
public:
    // `name` prefixes the children's object names: NAMEView, NAMEInfo, NAMENote, NAMEMessage.
    explicit ScriptPane(const QString &name, QWidget *parent = nullptr);

    // `info`: the line above the code (file, statements); `absent`: the message when the
    // migration has no such script.
    void showScript(const ScriptFile &script, const QString &info, const QString &absent);
    void showMessage(const QString &message); // no code: a message only

    CodeView *view() const { return m_view; }
    QString message() const;

private:
    QLabel *m_info;
    QLabel *m_note;        // above the code: shown in part
    QStackedWidget *m_stack; // the code, or the message in its place
    QLabel *m_message;
    CodeView *m_view;
};

} // namespace mig::ui
