#pragma once

#include <QColor>
#include <QPalette>

namespace mig::ui {

// Colours with a meaning (added, removed, keyword, warning ...), derived from the palette in use
// so that they stay readable on light and dark backgrounds alike: the hue carries the meaning,
// the lightness is chosen against the palette's Base colour.
enum class Tone { Added, Removed, Changed, Keyword, String, Comment, Number, Info, Warn, Block, Filler };

bool isDarkPalette(const QPalette &palette);
// A text colour for the tone, readable on palette.Base.
QColor toneText(Tone tone, const QPalette &palette);
// A background tint for the tone (line bands, changed cells); `strength` 1 is the normal tint,
// larger values stand out more (the changed characters inside a changed line).
QColor toneBackground(Tone tone, const QPalette &palette, double strength = 1.0);

} // namespace mig::ui
