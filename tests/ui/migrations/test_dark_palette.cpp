// The same tabs under a dark palette: colours come from the palette, so text stays readable
// (light on dark) and the view follows a palette change made while it is open.
#include "MigrationsFixture.h"

#include "Screenshot.h"
#include "Theme.h"
#include "migrations/CodeView.h"
#include "migrations/SqlHighlighter.h"
#include "migrations/Tones.h"

#include <QTreeWidget>

using namespace migtest;

namespace {

// Relative luminance contrast (WCAG) of two colours.
double contrast(const QColor &a, const QColor &b)
{
    auto lum = [](const QColor &c) {
        auto ch = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF());
    };
    const double x = lum(a), y = lum(b);
    return (std::max(x, y) + 0.05) / (std::min(x, y) + 0.05);
}

// The console's own dark theme, switched on while the view is open.
struct DarkTheme {
    QPalette saved = QApplication::palette();
    DarkTheme() { mig::ui::applyTheme(mig::ui::Theme::Dark); }
    ~DarkTheme() { QApplication::setPalette(saved); }
};

} // namespace

TEST(MigrationsDarkPalette, ColoursFollowThePaletteAndStayReadable)
{
    ShownView v(sharedProject().state);
    ASSERT_TRUE(v.clickMigration(QStringLiteral("004")));
    auto *sql = v.find<mig::ui::CodeView>("sqlView");
    const QColor lightKeyword = sql->highlighter()->keywordFormat().foreground().color();

    DarkTheme dark;
    QCoreApplication::processEvents();
    const QColor base = sql->palette().color(QPalette::Base);
    ASSERT_LT(base.lightness(), 64);
    const mig::ui::SqlHighlighter *h = sql->highlighter();
    EXPECT_NE(h->keywordFormat().foreground().color(), lightKeyword) << "the highlighter did not follow the palette";
    for (const QTextCharFormat &f : {h->keywordFormat(), h->stringFormat(), h->commentFormat(), h->numberFormat()})
        EXPECT_GE(contrast(f.foreground().color(), base), 4.5) << f.foreground().color().name().toStdString();
    // The same check on the light palette the test started with.
    for (mig::ui::Tone t : {mig::ui::Tone::Keyword, mig::ui::Tone::String, mig::ui::Tone::Comment, mig::ui::Tone::Number,
                            mig::ui::Tone::Added, mig::ui::Tone::Removed, mig::ui::Tone::Changed}) {
        EXPECT_GE(contrast(mig::ui::toneText(t, dark.saved), dark.saved.color(QPalette::Base)), 4.5) << int(t);
        EXPECT_GE(contrast(mig::ui::toneText(t, sql->palette()), base), 4.5) << int(t);
    }
    saveScreenshot(&v.view, QStringLiteral("migration-tab-sql-dark"));

    v.clickTab("schemaDiffTab");
    auto *tree = v.find<QTreeWidget>("schemaDiffTree");
    tree->expandAll();
    EXPECT_EQ(tree->topLevelItem(0)->foreground(0).color(), mig::ui::toneText(mig::ui::Tone::Added, tree->palette()));
    EXPECT_GE(contrast(tree->topLevelItem(0)->foreground(0).color(), tree->palette().color(QPalette::Base)), 4.5);
    saveScreenshot(&v.view, QStringLiteral("migration-tab-schema-diff-dark"));

    ASSERT_TRUE(v.clickMigration(QStringLiteral("002")));
    v.clickTab("changesTab");
    saveScreenshot(&v.view, QStringLiteral("migration-tab-changes-dark"));
    ASSERT_TRUE(v.clickMigration(QStringLiteral("003")));
    v.clickTab("historyTab");
    saveScreenshot(&v.view, QStringLiteral("migration-tab-history-dark"));
}
