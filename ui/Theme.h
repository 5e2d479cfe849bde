#pragma once

#include <QString>

namespace mig::ui {

// Light and dark palettes. "system" keeps the platform's palette (which follows the desktop's
// light or dark setting); the others force one. Views take their colours from the palette, so
// a change of theme reaches every view.
enum class Theme { System, Light, Dark };

Theme themeFromName(const QString &name); // system (default), light, dark
QString themeName(Theme theme);
void applyTheme(Theme theme);
bool isDark(); // the palette in use now has a dark window

} // namespace mig::ui
