// migration-console: the desktop console. Thin: everything lives in migui and migcore.
#include "DemoProject.h"
#include "MainWindow.h"
#include "Theme.h"

#include "target/ProfileStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QSettings>

namespace {

// The embedded SQLite demo: the installed copy, else the one in the source tree.
QString demoFolder()
{
    const QString installed = QStringLiteral(MIG_INSTALLED_DEMO_DIR);
    return QDir(installed).exists() ? installed : QStringLiteral(MIG_SOURCE_DEMO_DIR);
}

// What to open: the arguments, else the last project, else (first launch) the demo.
mig::ui::Project startProject(const QCommandLineParser &args)
{
    mig::ui::Project demo = mig::ui::demoProject(demoFolder());
    mig::ProfileStore profiles;
    if (!profiles.load(demo.profile.name)) // the demo target shows in the target list like any other
        profiles.save(demo.profile);
    if (args.isSet(QStringLiteral("demo")))
        return demo;
    QSettings settings;
    const QString dir = args.isSet(QStringLiteral("dir")) ? args.value(QStringLiteral("dir"))
                                                          : settings.value(QStringLiteral("project/dir")).toString();
    const QString profileName = args.isSet(QStringLiteral("profile")) ? args.value(QStringLiteral("profile"))
                                                                      : settings.value(QStringLiteral("project/profile")).toString();
    const std::optional<mig::ConnectionProfile> profile = profileName.isEmpty() ? std::nullopt : mig::ProfileStore().load(profileName);
    if (dir.isEmpty() || !QDir(dir).exists() || !profile)
        return demo; // first launch, or what was open last is gone: the demo always works
    mig::ui::Project p = demo;
    p.dir = dir;
    p.profile = *profile;
    return p;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("migration-console"));
    QApplication::setApplicationName(QStringLiteral("migration-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("Migration Console"));
    QApplication::setApplicationVersion(QStringLiteral(MIG_VERSION));

    QCommandLineParser args;
    args.setApplicationDescription(QStringLiteral("Migration Console: take database migrations to production safely."));
    args.addHelpOption();
    args.addVersionOption();
    args.addOptions({
        {QStringLiteral("dir"), QStringLiteral("Migrations folder to open."), QStringLiteral("DIR")},
        {QStringLiteral("profile"), QStringLiteral("Saved target profile to open it on."), QStringLiteral("NAME")},
        {QStringLiteral("demo"), QStringLiteral("Open the embedded SQLite demo (the default on first launch).")},
    });
    args.process(app);

    mig::ui::applyTheme(mig::ui::themeFromName(QSettings().value(QStringLiteral("view/theme")).toString()));
    mig::ui::MainWindow window;
    window.show();
    window.openProject(startProject(args));
    return app.exec();
}
