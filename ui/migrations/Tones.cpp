#include "Tones.h"

namespace mig::ui {

namespace {

struct Hue {
    int hue;
    int saturation;
};

Hue hueOf(Tone tone)
{
    switch (tone) {
    case Tone::Added: return {130, 150};
    case Tone::Removed: return {358, 170};
    case Tone::Changed: return {38, 200};
    case Tone::Keyword: return {215, 170};
    case Tone::String: return {100, 120};
    case Tone::Comment: return {0, 0};
    case Tone::Number: return {285, 120};
    case Tone::Info: return {205, 160};
    case Tone::Warn: return {42, 220};
    case Tone::Block: return {355, 190};
    case Tone::Filler: return {0, 0};
    }
    return {0, 0};
}

QColor blend(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

} // namespace

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor toneText(Tone tone, const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    if (tone == Tone::Comment || tone == Tone::Filler) // grey: halfway between text and background
        return blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45);
    const Hue h = hueOf(tone);
    // Yellows and greens look lighter than blues at the same HSL lightness: darken them more on
    // light backgrounds so that they keep their contrast.
    const bool bright = h.hue >= 30 && h.hue <= 140;
    const int lightness = dark ? 178 : (bright ? 78 : 98);
    return QColor::fromHsl(h.hue, h.saturation, lightness);
}

QColor toneBackground(Tone tone, const QPalette &palette, double strength)
{
    const QColor base = palette.color(QPalette::Base);
    if (tone == Tone::Filler)
        return blend(base, palette.color(QPalette::Text), 0.06 * strength);
    const Hue h = hueOf(tone);
    const QColor pure = QColor::fromHsl(h.hue, h.saturation, 128);
    return blend(base, pure, qMin(0.9, (isDarkPalette(palette) ? 0.30 : 0.20) * strength));
}

} // namespace mig::ui
