#include "TargetIcons.h"

#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace mig::ui {

namespace {

QColor colourOf(StateIcon icon)
{
    switch (icon) {
    case StateIcon::Good: return QColor(0x2e, 0x9e, 0x4f);
    case StateIcon::Bad: return QColor(0xd0, 0x3b, 0x2f);
    case StateIcon::Warning: return QColor(0xe0, 0x8e, 0x0b);
    case StateIcon::Unknown: return QColor(0x8a, 0x8f, 0x98);
    case StateIcon::Busy: return QColor(0x2f, 0x80, 0xd0);
    case StateIcon::Locked: return QColor(0xc7, 0x7c, 0x02);
    case StateIcon::Current: return QColor(0x2f, 0x80, 0xd0);
    }
    return Qt::gray;
}

// Drawn on a 16-unit grid, scaled to the pixmap.
void drawGlyph(QPainter &p, StateIcon icon)
{
    QPen pen(Qt::white, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    switch (icon) {
    case StateIcon::Good:
        p.drawPolyline(QPolygonF({QPointF(4.5, 8.5), QPointF(7, 11), QPointF(11.5, 5.5)}));
        break;
    case StateIcon::Bad:
        p.drawLine(QPointF(5.2, 5.2), QPointF(10.8, 10.8));
        p.drawLine(QPointF(10.8, 5.2), QPointF(5.2, 10.8));
        break;
    case StateIcon::Warning:
        p.drawLine(QPointF(8, 4), QPointF(8, 9));
        p.drawPoint(QPointF(8, 12));
        break;
    case StateIcon::Unknown: {
        QPainterPath q;
        q.moveTo(5.8, 6.2);
        q.cubicTo(5.8, 3.6, 10.4, 3.6, 10.4, 6.2);
        q.cubicTo(10.4, 8.0, 8, 8.0, 8, 9.6);
        p.drawPath(q);
        p.drawPoint(QPointF(8, 12.2));
        break;
    }
    case StateIcon::Busy:
        for (qreal x : {4.5, 8.0, 11.5})
            p.drawPoint(QPointF(x, 8));
        break;
    case StateIcon::Current:
        p.drawLine(QPointF(4.5, 8), QPointF(11, 8));
        p.drawPolyline(QPolygonF({QPointF(8.2, 5), QPointF(11.2, 8), QPointF(8.2, 11)}));
        break;
    case StateIcon::Locked:
        break;
    }
}

QPixmap draw(StateIcon icon, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 16.0, size / 16.0);
    const QColor c = colourOf(icon);
    if (icon == StateIcon::Locked) {
        p.setPen(QPen(c.darker(130), 1.8));
        p.setBrush(Qt::NoBrush);
        p.drawArc(QRectF(4.6, 1.6, 6.8, 8), 0, 180 * 16);
        p.drawLine(QPointF(4.6, 5.6), QPointF(4.6, 7.5));
        p.drawLine(QPointF(11.4, 5.6), QPointF(11.4, 7.5));
        p.setPen(QPen(c.darker(130), 1.0));
        p.setBrush(c);
        p.drawRoundedRect(QRectF(2.8, 7, 10.4, 8), 1.5, 1.5);
        p.setPen(QPen(Qt::white, 1.6, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(8, 9.6), QPointF(8, 12.2));
        return pm;
    }
    p.setPen(QPen(c.darker(125), 0.8));
    p.setBrush(c);
    p.drawEllipse(QRectF(0.8, 0.8, 14.4, 14.4));
    drawGlyph(p, icon);
    return pm;
}

} // namespace

QIcon stateIcon(StateIcon icon)
{
    static QHash<int, QIcon> cache;
    const auto it = cache.constFind(int(icon));
    if (it != cache.cend())
        return *it;
    QIcon i;
    for (int size : {16, 24, 32, 48})
        i.addPixmap(draw(icon, size));
    cache.insert(int(icon), i);
    return i;
}

} // namespace mig::ui
