#pragma once

#include "ReportModel.h"

#include <QImage>

namespace mig::report {

// The chart drawn on an image of `size` units times `scale` pixels (needs a QGuiApplication:
// fonts). Painting on a QImage is allowed on any thread.
QImage chartImage(const ChartData &chart, QSizeF size = QSizeF(720, 300), double scale = 3.0);

} // namespace mig::report
