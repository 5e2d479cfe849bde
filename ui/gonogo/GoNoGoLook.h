#pragma once

#include "preflight/Checklist.h"

#include <QColor>
#include <QIcon>

class QLabel;
class QPalette;
class QWidget;

namespace mig::ui {

// How the go/no-go panel shows things. A checklist line: one mark per verdict, drawn rather than
// taken from the platform's icon theme so pass / warn / fail read the same on every desktop and
// in both palettes.
enum class VerdictMark { Pass, Warn, Fail, SoftFail, NotApplicable, NotRun, Off, Checking };

VerdictMark verdictMark(const CheckLine &line);
QIcon verdictIcon(VerdictMark mark);
QString verdictWord(VerdictMark mark);    // "PASS", "FAIL*", "checking…"
QString verdictMeaning(VerdictMark mark); // what the mark means for GO, one sentence
// The tooltip of a line's mark: what the verdict means, then the line itself.
QString verdictTooltip(const CheckLine &line);

// Text colours that stay readable on the palette's base (light or dark).
QColor alertColour(const QPalette &palette);
QColor goodColour(const QPalette &palette);

// Colours a widget's text by what it says; Normal follows the palette again (a theme change).
enum class Tone { Normal, Alert, Good };
void setTone(QWidget *widget, Tone tone);

// An ISO-8601 UTC time from the engine in the DBA's local time, "2026-11-21 10:15" (with the
// seconds when asked); the text as it came when it is not a time.
QString localTime(const QString &isoUtc, bool seconds = false);

// A label for a measured fact: named for tests, wrapped, and selectable so it can be copied.
QLabel *selectableLabel(const char *objectName);

} // namespace mig::ui
