#include "RunLook.h"

#include <QLabel>

namespace mig::ui {

QLabel *runHeading(const QString &objectName, double scale, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * scale);
    label->setFont(font);
    label->setWordWrap(true);
    return label;
}

} // namespace mig::ui
