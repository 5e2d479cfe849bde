#pragma once

#include "ProjectState.h"

namespace mig::ui {

// Reads everything the views show about a project: the target (read-only: status, history,
// lock holder, lint against the live data) and the run store (rollback verdicts, previews,
// verification, backups, recovery). Blocking: call it on a worker thread (runInBackground).
// `lint`: false while a run is under way (lint reads live rows).
ProjectState readProject(const Project &project, const QString &password, bool lint = true);

} // namespace mig::ui
