#include "RollbackPage.h"

#include "MigrationRow.h"
#include "ScriptPane.h"
#include "StateLook.h"
#include "TextLabel.h"

#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QStyle>

namespace mig::ui {

RollbackPage::RollbackPage(QWidget *parent)
    : QWidget(parent)
{
    m_icon = new QLabel(this);
    m_icon->setObjectName(QStringLiteral("rollbackIcon"));
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("rollbackVerdict"));
    QFont bold = m_verdict->font();
    bold.setBold(true);
    m_verdict->setFont(bold);
    m_detail = textLabel(this, QStringLiteral("rollbackDetail"));
    m_script = new ScriptPane(QStringLiteral("rollback"), this);
    auto *grid = new QGridLayout(this);
    grid->addWidget(m_icon, 0, 0, Qt::AlignTop);
    grid->addWidget(m_verdict, 0, 1);
    grid->addWidget(m_detail, 1, 1);
    grid->addWidget(m_script, 2, 0, 1, 2);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(2, 1);
}

void RollbackPage::showRollback(const RollbackStatus &status, const ScriptFile &script, int statements)
{
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(rollbackIcon(status.kind).pixmap(size, size));
    m_icon->setToolTip(rollbackDescription(status.kind));
    m_verdict->setText(status.text());
    m_verdict->setToolTip(rollbackDescription(status.kind));
    QStringList lines{rollbackDescription(status.kind)};
    if (!status.detail.isEmpty())
        lines << status.detail;
    if (status.check) {
        const StoredCheck &c = *status.check;
        lines << QStringLiteral("Stored check: %1 (%2) in preview run %3 at %4").arg(c.measured, c.status, c.runId, formatUtc(c.at));
        if (!c.detail.isEmpty() && !status.detail.contains(c.detail))
            lines << c.detail;
        if (!status.current)
            lines << QStringLiteral("That verdict was for other versions of the scripts; preview again to verify these.");
    }
    m_detail->setText(lines.join(u'\n'));
    const QString info = script.present ? QStringLiteral("%1 · %2 statement(s)").arg(QFileInfo(script.path).fileName()).arg(statements)
                                        : QString();
    m_script->showScript(script, info, QStringLiteral("This migration has no down script: it cannot be rolled back by the "
                                                       "console. Write one (NNN_name.rollback.sql in the native layout) and "
                                                       "preview it to verify it."));
}

QString RollbackPage::verdict() const
{
    return m_verdict->text();
}

QString RollbackPage::detail() const
{
    return m_detail->text();
}

} // namespace mig::ui
