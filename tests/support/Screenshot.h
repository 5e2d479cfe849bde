#pragma once

#include <QString>

class QWidget;

// Saves what `widget` shows as MIG_SCREENSHOT_DIR/NAME.png (the build's screenshots/ folder),
// prints the path for the test log, and returns it; empty when the image could not be written.
QString saveScreenshot(QWidget *widget, const QString &name);
