#pragma once

#include "run/TargetInspection.h"

#include <QJsonObject>
#include <QTextStream>

namespace mig::cli {

// migctl status: every migration's state against the target, with diffs for modified ones.
void printStatus(const ConnectionProfile &profile, const TargetInspection &t, bool allowOutOfOrder, QTextStream &out);
QJsonObject statusToJson(const ConnectionProfile &profile, const TargetInspection &t, bool allowOutOfOrder);

} // namespace mig::cli
