#include "FailurePanel.h"

#include "RunLook.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QTextDocument>
#include <QVBoxLayout>

namespace mig::ui {

namespace {

const char *const Waiting = "Reading the target's state to offer the ways out…";

} // namespace

FailurePanel::FailurePanel(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("failurePanel"));
    setFrameShape(QFrame::StyledPanel);
    auto *outer = new QHBoxLayout(this);
    m_icon = new QLabel(this);
    m_icon->setObjectName(QStringLiteral("failureIcon"));
    m_icon->setAlignment(Qt::AlignTop);
    outer->addWidget(m_icon);
    auto *box = new QVBoxLayout;
    outer->addLayout(box, 1);

    m_title = runHeading(QStringLiteral("failureTitle"), 1.15, this);
    m_location = new QLabel(this);
    m_location->setObjectName(QStringLiteral("failureLocation"));
    m_location->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_location->setWordWrap(true);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("failureError"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setWordWrap(true);
    m_sql = new QPlainTextEdit(this);
    m_sql->setObjectName(QStringLiteral("failureSql"));
    m_sql->setReadOnly(true);
    m_sql->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_sql->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("recoveryHint"));
    m_hint->setWordWrap(true);
    for (QWidget *w : std::initializer_list<QWidget *>{m_title, m_location, m_error, m_sql, m_hint})
        box->addWidget(w);

    auto *buttons = new QHBoxLayout;
    // Alt+letter on each: no modal dialog is around to steal the keys after a run.
    for (const auto &[id, text] : {std::pair{"resume", "&Resume"}, std::pair{"rollback", "Roll &back"},
                                   std::pair{"restore", "Re&store backup"}})
        buttons->addWidget(addChoice(QLatin1String(id), QLatin1String(text)));
    buttons->addStretch(1);
    box->addLayout(buttons);
    clear();
}

QPushButton *FailurePanel::addChoice(const QString &id, const QString &text)
{
    auto *button = new QPushButton(text, this);
    button->setObjectName(QStringLiteral("recovery_") + id);
    button->setProperty("defaultText", text);
    const int index = int(m_buttons.size());
    m_buttons << button;
    RecoveryChoice choice;
    choice.id = id;
    m_choices << choice;
    connect(button, &QPushButton::clicked, this, [this, index] {
        if (m_choices.at(index).available)
            Q_EMIT recoveryRequested(m_choices.at(index));
    });
    return button;
}

void FailurePanel::clear()
{
    m_title->clear();
    m_location->clear();
    m_error->clear();
    m_sql->clear();
    m_hint->setText(QLatin1String(Waiting));
    for (qsizetype i = 0; i < m_buttons.size(); ++i) {
        m_buttons[i]->setText(m_buttons[i]->property("defaultText").toString());
        m_buttons[i]->setEnabled(false);
        m_buttons[i]->setToolTip(QLatin1String(Waiting));
        m_choices[i].available = false;
    }
    hide();
}

void FailurePanel::showFailure(const RunFailure &f)
{
    const bool cancelled = f.outcome == u"cancelled";
    const QStyle::StandardPixmap pixmap = cancelled ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxCritical;
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(pixmap, nullptr, this).pixmap(size, size));
    m_icon->setToolTip(cancelled ? QStringLiteral("The run was cancelled") : QStringLiteral("The run failed"));

    const QString verb = cancelled ? QStringLiteral("cancelled") : f.outcome == u"refused" ? QStringLiteral("refused") : QStringLiteral("failed");
    const QString who = QStringLiteral("%1 %2").arg(f.version, f.name).trimmed();
    if (f.atStatement)
        m_title->setText(QStringLiteral("Migration %1 %2 at statement %3 of %4").arg(who, verb).arg(f.statement).arg(f.statementCount));
    else if (!who.isEmpty())
        m_title->setText(QStringLiteral("Migration %1 %2").arg(who, verb));
    else
        m_title->setText(QStringLiteral("The run %1%2").arg(cancelled || verb == u"refused" ? QStringLiteral("was ") : QString(), verb));

    m_location->setText(f.file.isEmpty() ? QString() : f.line > 0 ? QStringLiteral("%1:%2").arg(f.file).arg(f.line) : f.file);
    m_location->setVisible(!m_location->text().isEmpty());
    const QString code = f.code.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(f.code);
    // The engine's words carry its code; the others are the run's own (a cancel, a refusal).
    m_error->setText(f.message.isEmpty() ? QString()
                     : f.code.isEmpty()  ? f.message
                                         : QStringLiteral("The engine said: %1%2").arg(f.message, code));
    m_error->setToolTip(f.code.isEmpty() ? QString() : QStringLiteral("engine error code (SQLSTATE or the engine's error number): %1").arg(f.code));
    m_sql->setPlainText(f.sql);
    m_sql->setVisible(!f.sql.isEmpty());
    // As tall as the statement, up to eight lines (it scrolls past that).
    const int lines = qBound(1, int(f.sql.count(u'\n')) + 1, 8);
    m_sql->setFixedHeight(m_sql->fontMetrics().lineSpacing() * lines + 2 * m_sql->frameWidth()
                          + int(m_sql->document()->documentMargin() * 2) + 2);
    show();
}

void FailurePanel::setRecovery(const std::optional<Recovery> &recovery)
{
    if (!recovery) {
        m_hint->setText(QStringLiteral("The newest run on this target did not stop part-way: nothing to recover."));
        for (qsizetype i = 0; i < m_buttons.size(); ++i) {
            m_buttons[i]->setEnabled(false);
            m_buttons[i]->setToolTip(m_hint->text());
            m_choices[i].available = false;
        }
        return;
    }
    m_hint->setText(QStringLiteral("Run %1 %2. Choose how to go on:").arg(recovery->runId, recovery->outcome));
    for (qsizetype i = 0; i < m_buttons.size(); ++i) {
        QPushButton *button = m_buttons[i];
        const QString id = m_choices[i].id;
        m_choices[i] = RecoveryChoice();
        m_choices[i].id = id;
        m_choices[i].detail = QStringLiteral("not offered for this run");
        for (const RecoveryChoice &c : recovery->choices)
            if (c.id == id)
                m_choices[i] = c;
        const RecoveryChoice &c = m_choices[i];
        button->setText(c.title.isEmpty() ? button->property("defaultText").toString() : c.title);
        button->setEnabled(c.available);
        button->setToolTip(c.detail);
    }
}

} // namespace mig::ui
