#pragma once

#include "ScriptFile.h"

#include "store/RunStore.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace mig::ui {

class ScriptPane;

// The Verify tab: the latest verification results of the migration's checks, and its verify
// script (every query in it is a check).
class VerifyPage : public QWidget
{
    Q_OBJECT
public:
    explicit VerifyPage(QWidget *parent = nullptr);

    void showVerify(const QList<StoredCheck> &checks, const ScriptFile &script, int statements);

    QTableWidget *results() const { return m_results; }
    ScriptPane *script() const { return m_script; }

private:
    QLabel *m_summary;
    QTableWidget *m_results;
    ScriptPane *m_script;
};

} // namespace mig::ui
