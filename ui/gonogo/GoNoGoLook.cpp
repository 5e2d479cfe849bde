#include "GoNoGoLook.h"

#include <QDateTime>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

namespace mig::ui {

namespace {

struct MarkStyle {
    QColor colour;
    bool hollow;
};

MarkStyle styleOf(VerdictMark m)
{
    switch (m) {
    case VerdictMark::Pass: return {QColor(0x2e, 0x7d, 0x32), false};
    case VerdictMark::Warn: return {QColor(0xf9, 0xa8, 0x25), false};
    case VerdictMark::Fail: return {QColor(0xc6, 0x28, 0x28), false};
    case VerdictMark::SoftFail: return {QColor(0xef, 0x6c, 0x00), false};
    case VerdictMark::NotApplicable: return {QColor(0x78, 0x90, 0x9c), false};
    case VerdictMark::NotRun: return {QColor(0x90, 0xa4, 0xae), true};
    case VerdictMark::Off: return {QColor(0x90, 0xa4, 0xae), true};
    case VerdictMark::Checking: return {QColor(0x1e, 0x88, 0xe5), false};
    }
    return {Qt::gray, true};
}

QPixmap paintMark(VerdictMark m, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size, size); // draw in a unit square
    const MarkStyle st = styleOf(m);
    if (st.hollow) {
        p.setPen(QPen(st.colour, 0.1));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(QRectF(0.1, 0.1, 0.8, 0.8));
    } else {
        p.setPen(Qt::NoPen);
        p.setBrush(st.colour);
        p.drawEllipse(QRectF(0.05, 0.05, 0.9, 0.9));
    }
    // Amber needs a dark glyph to be legible; the others take white.
    const QColor glyph = m == VerdictMark::Warn ? QColor(0x21, 0x21, 0x21) : st.hollow ? st.colour : QColor(Qt::white);
    QPen pen(glyph, 0.13, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    switch (m) {
    case VerdictMark::Pass: {
        QPainterPath tick;
        tick.moveTo(0.28, 0.52);
        tick.lineTo(0.44, 0.68);
        tick.lineTo(0.73, 0.35);
        p.drawPath(tick);
        break;
    }
    case VerdictMark::Fail:
    case VerdictMark::SoftFail:
        p.drawLine(QPointF(0.33, 0.33), QPointF(0.67, 0.67));
        p.drawLine(QPointF(0.67, 0.33), QPointF(0.33, 0.67));
        break;
    case VerdictMark::Warn:
        p.drawLine(QPointF(0.5, 0.25), QPointF(0.5, 0.55));
        p.drawPoint(QPointF(0.5, 0.74));
        break;
    case VerdictMark::NotApplicable:
        p.drawLine(QPointF(0.3, 0.5), QPointF(0.7, 0.5));
        break;
    case VerdictMark::NotRun:
        p.setPen(QPen(glyph, 0.16, Qt::SolidLine, Qt::RoundCap));
        p.drawPoint(QPointF(0.5, 0.5));
        break;
    case VerdictMark::Off:
        p.setPen(QPen(glyph, 0.1, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(0.22, 0.78), QPointF(0.78, 0.22));
        break;
    case VerdictMark::Checking:
        p.setPen(QPen(glyph, 0.12, Qt::SolidLine, Qt::RoundCap));
        for (qreal x : {0.3, 0.5, 0.7})
            p.drawPoint(QPointF(x, 0.5));
        break;
    }
    return pm;
}

// The palette's own, not the application's: a view may be given a palette of its own.
bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace

VerdictMark verdictMark(const CheckLine &line)
{
    const QString &v = line.verdict;
    if (v == u"pass")
        return VerdictMark::Pass;
    if (v == u"warn")
        return VerdictMark::Warn;
    if (v == u"fail")
        return line.blocks() ? VerdictMark::Fail : VerdictMark::SoftFail;
    if (v == u"n/a")
        return VerdictMark::NotApplicable;
    if (v == u"off")
        return VerdictMark::Off;
    if (v.isEmpty())
        return VerdictMark::Checking;
    return VerdictMark::NotRun;
}

QIcon verdictIcon(VerdictMark mark)
{
    // Drawn on each call (a few pixmaps per row): a static cache would outlive the application.
    QIcon icon;
    for (int size : {16, 24, 32, 48})
        icon.addPixmap(paintMark(mark, size));
    return icon;
}

QString verdictWord(VerdictMark mark)
{
    switch (mark) {
    case VerdictMark::Pass: return QStringLiteral("PASS");
    case VerdictMark::Warn: return QStringLiteral("WARN");
    case VerdictMark::Fail: return QStringLiteral("FAIL");
    case VerdictMark::SoftFail: return QStringLiteral("FAIL*"); // as migctl prints it
    case VerdictMark::NotApplicable: return QStringLiteral("N/A");
    case VerdictMark::NotRun: return QStringLiteral("NOT RUN");
    case VerdictMark::Off: return QStringLiteral("OFF");
    case VerdictMark::Checking: return QStringLiteral("checking…");
    }
    return {};
}

QString verdictMeaning(VerdictMark mark)
{
    switch (mark) {
    case VerdictMark::Pass: return QStringLiteral("Pass: measured, and within the policy.");
    case VerdictMark::Warn: return QStringLiteral("Warning: worth a look before GO; it does not block.");
    case VerdictMark::Fail: return QStringLiteral("Fail: this blocks GO.");
    case VerdictMark::SoftFail: return QStringLiteral("Fail, but it fails without blocking: the policy makes it a warning.");
    case VerdictMark::NotApplicable: return QStringLiteral("n/a: this check does not apply to this target.");
    case VerdictMark::NotRun: return QStringLiteral("Not run: it could not be measured (the evidence says why).");
    case VerdictMark::Off: return QStringLiteral("Off: the policy turns this check off.");
    case VerdictMark::Checking: return QStringLiteral("Checking…: not measured yet.");
    }
    return {};
}

QString verdictTooltip(const CheckLine &line)
{
    QString html = QStringLiteral("<p><b>%1</b></p><p>%2: %3</p>")
                       .arg(verdictMeaning(verdictMark(line)).toHtmlEscaped(), line.title.toHtmlEscaped(), line.evidence.toHtmlEscaped());
    if (!line.details.isEmpty()) {
        html += QStringLiteral("<ul>");
        for (const QString &d : line.details)
            html += QStringLiteral("<li>%1</li>").arg(d.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    return html;
}

QColor alertColour(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x6e, 0x6e) : QColor(0xc6, 0x28, 0x28);
}

QColor goodColour(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
}

void setTone(QWidget *widget, Tone tone)
{
    if (tone == Tone::Normal) {
        widget->setPalette(QPalette()); // nothing of its own: the parent's, whatever theme it has
        return;
    }
    QPalette p = widget->palette();
    p.setColor(QPalette::WindowText, tone == Tone::Alert ? alertColour(p) : goodColour(p));
    widget->setPalette(p);
}

QString localTime(const QString &isoUtc, bool seconds)
{
    const QDateTime t = QDateTime::fromString(isoUtc, Qt::ISODateWithMs);
    return t.isValid() ? t.toLocalTime().toString(seconds ? QStringLiteral("yyyy-MM-dd HH:mm:ss") : QStringLiteral("yyyy-MM-dd HH:mm")) : isoUtc;
}

QLabel *selectableLabel(const char *objectName)
{
    auto *l = new QLabel;
    l->setObjectName(QLatin1String(objectName));
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

} // namespace mig::ui
