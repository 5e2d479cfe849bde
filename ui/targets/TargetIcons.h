#pragma once

#include <QIcon>

namespace mig::ui {

// The small state icons of the target list and the profile editor, drawn here rather than taken
// from the platform theme: the same shapes and colours on every desktop (and offscreen), and
// readable in light and dark palettes. Each use gives its icon a tooltip.
enum class StateIcon {
    Good,    // green disc, check mark: reachable, no drift, nothing dirty, lock free
    Bad,     // red disc, cross: unreachable, dirty, failed
    Warning, // amber disc, exclamation mark: drift, pending work that apply would refuse
    Unknown, // grey disc, question mark: not checked (no password, no folder, no run recorded)
    Busy,    // blue disc, three dots: being checked
    Locked,  // amber padlock: another session holds the run lock; a rejected password
    Current, // blue disc, arrow: the profile the console has open
};

QIcon stateIcon(StateIcon icon);

} // namespace mig::ui
