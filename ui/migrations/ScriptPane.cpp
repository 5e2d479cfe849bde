#include "ScriptPane.h"

#include "CodeView.h"
#include "TextLabel.h"

#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace mig::ui {

ScriptPane::ScriptPane(const QString &name, QWidget *parent)
    : QWidget(parent)
{
    m_info = textLabel(this, name + QStringLiteral("Info"));
    m_note = textLabel(this, name + QStringLiteral("Note"));
    m_note->hide();
    m_message = textLabel(this, name + QStringLiteral("Message"));
    m_view = new CodeView(this);
    m_view->setObjectName(name + QStringLiteral("View"));
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_message);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_info);
    layout->addWidget(m_note);
    layout->addWidget(m_stack, 1);
}

void ScriptPane::showScript(const ScriptFile &script, const QString &info, const QString &absent)
{
    m_info->setText(info);
    m_info->setVisible(!info.isEmpty());
    if (!script.present) {
        showMessage(absent);
        return;
    }
    if (!script.error.isEmpty()) {
        showMessage(script.error);
        return;
    }
    m_note->setText(script.note);
    m_note->setVisible(!script.note.isEmpty());
    m_view->setCode(script.text, script.lineNumbers);
    m_stack->setCurrentWidget(m_view);
}

void ScriptPane::showMessage(const QString &message)
{
    m_message->setText(message);
    m_note->hide();
    m_view->setCode({});
    m_stack->setCurrentWidget(m_message);
}

QString ScriptPane::message() const
{
    return m_stack->currentWidget() == m_message ? m_message->text() : QString();
}

} // namespace mig::ui
