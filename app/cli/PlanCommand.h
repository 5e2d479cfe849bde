#pragma once

#include "plan/FolderPlan.h"

#include <QTextStream>

namespace mig::cli {

// Prints a plan as a table for people: migrations on out, problems on err.
void printPlan(const FolderPlan &plan, bool dialectGiven, QTextStream &out, QTextStream &err);

} // namespace mig::cli
