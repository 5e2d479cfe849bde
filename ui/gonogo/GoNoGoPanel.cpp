#include "GoNoGoPanel.h"

#include "BackupCard.h"
#include "ChecklistView.h"
#include "DecisionBanner.h"
#include "GoControls.h"
#include "PolicyView.h"
#include "SignoffForm.h"

#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace mig::ui {

GoNoGoPanel::GoNoGoPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("goNoGoPanel"));
    m_banner = new DecisionBanner;
    m_checklist = new ChecklistView;
    m_backup = new BackupCard;
    m_signoffs = new SignoffForm;
    m_policy = new PolicyView;
    m_go = new GoControls;

    // The side column scrolls on its own: a small window must not squeeze the checklist.
    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 4, 0);
    sideLayout->addWidget(m_backup);
    sideLayout->addWidget(m_signoffs);
    sideLayout->addWidget(m_policy);
    sideLayout->addStretch(1);
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("goNoGoSide"));
    scroll->setWidget(side);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *split = new QSplitter(Qt::Horizontal);
    split->setObjectName(QStringLiteral("goNoGoSplitter"));
    split->setChildrenCollapsible(false);
    split->addWidget(m_checklist);
    split->addWidget(scroll);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);
    layout->addWidget(m_go);

    connect(m_go, &GoControls::recheckRequested, this, &GoNoGoPanel::recheckRequested);
    connect(m_go, &GoControls::goRequested, this, &GoNoGoPanel::goRequested);
    connect(m_backup, &BackupCard::backupRequested, this, &GoNoGoPanel::backupRequested);
    connect(m_backup, &BackupCard::cancelRequested, this, &GoNoGoPanel::backupCancelRequested);
    connect(m_signoffs, &SignoffForm::signoffRequested, this, &GoNoGoPanel::signoffRequested);
}

void GoNoGoPanel::setProjectState(const ProjectState &state)
{
    m_policy->setPolicy(state.policy);
    m_signoffs->setPolicy(state.policy.policy);
    m_backup->setBackup(state.latestBackup, state.policy.policy.backupMaxAgeHours);
}

void GoNoGoPanel::beginChecklist()
{
    m_decision.reset();
    m_checklist->begin(Policy::checkIds());
    m_banner->showChecking();
    m_go->clearDecision();
}

void GoNoGoPanel::addCheck(const CheckLine &line)
{
    m_checklist->setLine(line);
}

void GoNoGoPanel::setDecision(const GoDecision &decision)
{
    m_decision = decision;
    m_checklist->setLines(decision.checks);
    m_banner->showDecision(decision);
    m_signoffs->setSignoffs(decision.signoffs, !decision.pending.isEmpty());
    m_go->setDecision(decision.go(), !decision.pending.isEmpty());
    Q_EMIT decisionShown();
}

void GoNoGoPanel::setStale(bool stale)
{
    m_go->setStale(stale);
}

void GoNoGoPanel::setBusy(const QString &what)
{
    m_go->setBusy(what);
    m_backup->setOtherWorkRunning(!what.isEmpty());
}

void GoNoGoPanel::setBackupProgress(const RunEvent &event)
{
    m_backup->setProgress(event);
}

void GoNoGoPanel::backupFinished(bool ok, const QString &message)
{
    m_backup->finished(ok, message);
}

} // namespace mig::ui
