// migration-console: the desktop console. Thin: everything lives in migui and migcore.
#include "DemoProject.h"
#include "MainWindow.h"
#include "Theme.h"

#include "target/ProfileStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QFileInfo>
#include <QSettings>

namespace {

// The embedded SQLite demo: the installed copy (found from this executable's folder, wherever
// the tree was installed), else the one in the source tree.
QString demoFolder()
{
    const QString installed = QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QStringLiteral(MIG_INSTALLED_DEMO_DIR));
    return QDir(installed).exists() ? QDir::cleanPath(installed) : QStringLiteral(MIG_SOURCE_DEMO_DIR);
}

// The project open last, or the arguments' (--dir, --profile); none on first launch, with --demo,
// or when what was open last is gone: then a fresh demo opens, which always works.
std::optional<mig::ui::Project> lastProject(const QCommandLineParser &args)
{
    if (args.isSet(QStringLiteral("demo")))
        return std::nullopt;
    QSettings settings;
    const QString dir = args.isSet(QStringLiteral("dir")) ? args.value(QStringLiteral("dir"))
                                                          : settings.value(QStringLiteral("project/dir")).toString();
    const QString profileName = args.isSet(QStringLiteral("profile")) ? args.value(QStringLiteral("profile"))
                                                                      : settings.value(QStringLiteral("project/profile")).toString();
    const std::optional<mig::ConnectionProfile> profile = profileName.isEmpty() ? std::nullopt : mig::ProfileStore().load(profileName);
    if (dir.isEmpty() || !QDir(dir).exists() || !profile)
        return std::nullopt;
    if (profile->name == mig::ui::demoProfileName() && !QFileInfo::exists(profile->database))
        return std::nullopt; // the demo database was removed: make a new one
    mig::ui::Project p = mig::ui::demoProject(dir, profile->database);
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
    // The installed desktop entry and icon carry this id: docks and task switchers match the
    // window to them (Wayland app id, X11 _KDE_NET_WM_DESKTOP_FILE).
    QGuiApplication::setDesktopFileName(QStringLiteral(MIG_APP_ID));
    const QIcon appIcon(QStringLiteral(":/app/" MIG_APP_ID ".svg"));
    QApplication::setWindowIcon(appIcon); // every window's, the main one's too

    QCommandLineParser args;
    args.setApplicationDescription(QStringLiteral("Migration Console: take database migrations to production safely."));
    args.addHelpOption();
    args.addVersionOption();
    args.addOptions({
        {QStringLiteral("dir"), QStringLiteral("Migrations folder to open."), QStringLiteral("DIR")},
        {QStringLiteral("profile"), QStringLiteral("Saved target profile to open it on."), QStringLiteral("NAME")},
        {QStringLiteral("demo"), QStringLiteral("Open the embedded SQLite demo on a fresh demo database (the default on first launch).")},
    });
    args.process(app);

    mig::ui::applyTheme(mig::ui::themeFromName(QSettings().value(QStringLiteral("view/theme")).toString()));
    mig::ui::MainWindow window;
    window.show();
    window.setDemoFolder(demoFolder());
    if (const std::optional<mig::ui::Project> last = lastProject(args))
        window.openProject(*last);
    else
        window.openFreshDemo();
    return app.exec();
}
