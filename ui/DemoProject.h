#pragma once

#include "console/ProjectState.h"

namespace mig::ui {

// The embedded SQLite demo: its migrations folder, and a target database of its own in the
// user's data folder (made by the first apply), so a new user sees a working console at once.
Project demoProject(const QString &demoFolder);

} // namespace mig::ui
