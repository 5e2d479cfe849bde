#pragma once

#include "lint/Lint.h"
#include "plan/Status.h"
#include "preflight/RollbackStatus.h"
#include "schema/SchemaDiff.h"

#include <QIcon>

namespace mig::ui {

// How the migrations view shows a state: an icon (resources/icons/states/) and a sentence a
// DBA can act on. Every icon is shown with its sentence as tooltip.
QIcon stateIcon(MigrationState state);
QString stateTitle(MigrationState state);       // "Applied with differences"
QString stateDescription(MigrationState state); // what it means and what to do

QIcon severityIcon(lint::Severity severity);
QString severityTitle(lint::Severity severity); // "Blocks", "Warning", "Info"

QIcon changeIcon(ObjectChange::Kind kind);
QString changeTitle(ObjectChange::Kind kind); // "added", "removed", "changed"

QIcon rollbackIcon(RollbackStatus::Kind kind);
QString rollbackDescription(RollbackStatus::Kind kind);

// A check result's status: pass | fail | not run.
QIcon checkIcon(const QString &status);

} // namespace mig::ui
