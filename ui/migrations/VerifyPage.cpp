#include "VerifyPage.h"

#include "MigrationRow.h"
#include "ScriptPane.h"
#include "StateLook.h"
#include "TextLabel.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mig::ui {

VerifyPage::VerifyPage(QWidget *parent)
    : QWidget(parent)
{
    m_summary = textLabel(this, QStringLiteral("verifySummary"));
    m_results = new QTableWidget(0, 4, this);
    m_results->setObjectName(QStringLiteral("verifyResults"));
    m_results->setHorizontalHeaderLabels({QStringLiteral("Check"), QStringLiteral("Status"), QStringLiteral("Measured"), QStringLiteral("Detail")});
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_results->verticalHeader()->hide();
    m_results->horizontalHeader()->setStretchLastSection(true);
    m_script = new ScriptPane(QStringLiteral("verify"), this);
    auto *split = new QSplitter(Qt::Vertical, this);
    auto *top = new QWidget(split);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_summary);
    topLayout->addWidget(m_results, 1);
    split->addWidget(top);
    split->addWidget(m_script);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
}

void VerifyPage::showVerify(const QList<StoredCheck> &checks, const ScriptFile &script, int statements)
{
    m_results->setRowCount(int(checks.size()));
    int failed = 0;
    for (int i = 0; i < checks.size(); ++i) {
        const StoredCheck &c = checks.at(i);
        failed += c.status == u"fail";
        auto *name = new QTableWidgetItem(c.name);
        name->setToolTip(QStringLiteral("Verification run %1 at %2").arg(c.runId, formatUtc(c.at)));
        auto *status = new QTableWidgetItem(checkIcon(c.status), c.status);
        status->setToolTip(c.status == u"pass"   ? QStringLiteral("pass: the check held")
                           : c.status == u"fail" ? QStringLiteral("fail: the check did not hold (see the detail)")
                                                 : QStringLiteral("not run: the check could not be made (see the detail)"));
        auto *detail = new QTableWidgetItem(c.detail);
        detail->setToolTip(c.detail);
        m_results->setItem(i, 0, name);
        m_results->setItem(i, 1, status);
        m_results->setItem(i, 2, new QTableWidgetItem(c.measured));
        m_results->setItem(i, 3, detail);
    }
    m_results->resizeColumnsToContents();
    m_results->setVisible(!checks.isEmpty());
    if (checks.isEmpty())
        m_summary->setText(script.present ? QStringLiteral("No verification has run these checks yet. Verify after applying "
                                                           "(migctl verify) to run them against the target.")
                                          : QStringLiteral("No verification results for this migration."));
    else
        m_summary->setText(QStringLiteral("Latest verification (run %1, %2): %3 of %4 check(s) failed.")
                               .arg(checks.first().runId, formatUtc(checks.first().at))
                               .arg(failed).arg(checks.size()));
    const QString info = script.present ? QStringLiteral("%1 · %2 check(s)").arg(QFileInfo(script.path).fileName()).arg(statements)
                                        : QString();
    m_script->showScript(script, info, QStringLiteral("This migration has no verify script. A verify script "
                                                       "(NNN_name.verify.sql) holds queries that must return true after it "
                                                       "is applied."));
}

} // namespace mig::ui
