#pragma once

#include "preflight/Checklist.h"

#include <QLabel>

namespace mig::ui {

// The verdict in one glance: GO (green), NO-GO (red), NO-GO, OVERRIDDEN (orange), with the plan
// it is about and, for a NO-GO, each reason on a line of its own.
class DecisionBanner : public QLabel
{
    Q_OBJECT
public:
    explicit DecisionBanner(QWidget *parent = nullptr);

    void showNothingYet();
    void showChecking();
    void showDecision(const GoDecision &d);
    // A short name of what it shows: "none", "checking", "go", "no-go", "overridden".
    QString state() const { return m_state; }

private:
    void paint(const QString &state, const QString &background, const QString &html);
    QString m_state;
};

} // namespace mig::ui
