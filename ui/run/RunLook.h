#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace mig::ui {

// A heading of the run view: bold, `scale` times the widget font, word-wrapped.
QLabel *runHeading(const QString &objectName, double scale, QWidget *parent);

} // namespace mig::ui
