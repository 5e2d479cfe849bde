#pragma once

#include <QLabel>

namespace mig::ui {

// The tabs' explanatory text: word-wrapped, top-left, selectable (a DBA copies run ids, errors).
QLabel *textLabel(QWidget *parent, const QString &objectName);

} // namespace mig::ui
