#include "Screenshot.h"

#include <QDir>
#include <QWidget>
#include <iostream>

QString saveScreenshot(QWidget *widget, const QString &name)
{
    QDir dir(QStringLiteral(MIG_SCREENSHOT_DIR));
    if (!dir.mkpath(QStringLiteral(".")))
        return {};
    const QString path = dir.filePath(name + QStringLiteral(".png"));
    if (!widget->grab().save(path))
        return {};
    std::cout << "screenshot: " << path.toStdString() << std::endl;
    return path;
}
