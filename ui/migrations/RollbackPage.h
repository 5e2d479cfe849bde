#pragma once

#include "ScriptFile.h"

#include "preflight/RollbackStatus.h"

#include <QWidget>

class QLabel;

namespace mig::ui {

class ScriptPane;

// The Rollback tab: the verdict on the migration's way back (verified by a preview, leaves
// differences, fails, not verified, none) with what the stored check found, and the down script.
class RollbackPage : public QWidget
{
    Q_OBJECT
public:
    explicit RollbackPage(QWidget *parent = nullptr);

    void showRollback(const RollbackStatus &status, const ScriptFile &script, int statements);

    QString verdict() const;
    QString detail() const;
    ScriptPane *script() const { return m_script; }

private:
    QLabel *m_icon;
    QLabel *m_verdict;
    QLabel *m_detail;
    ScriptPane *m_script;
};

} // namespace mig::ui
