// migration-console: the desktop console. Thin: everything lives in migui and migcore.
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>

namespace {

// The embedded SQLite demo: the installed copy, else the one in the source tree.
QString demoFolder()
{
    const QString installed = QStringLiteral(MIG_INSTALLED_DEMO_DIR);
    return QDir(installed).exists() ? installed : QStringLiteral(MIG_SOURCE_DEMO_DIR);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("migration-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("Migration Console"));
    QApplication::setApplicationVersion(QStringLiteral(MIG_VERSION));

    QCommandLineParser args;
    args.setApplicationDescription(QStringLiteral("Migration Console: take database migrations to production safely."));
    args.addHelpOption();
    args.addVersionOption();
    args.addOptions({
        {QStringLiteral("dir"), QStringLiteral("Migrations folder to open (default: the SQLite demo)."), QStringLiteral("DIR")},
        {QStringLiteral("dialect"), QStringLiteral("SQL dialect: sqlite (default), postgres, mysql."), QStringLiteral("DIALECT")},
    });
    args.process(app);

    const mig::Dialect dialect = mig::dialectFromName(args.value(QStringLiteral("dialect"))).value_or(mig::Dialect::Sqlite);
    mig::ui::MainWindow window;
    window.show();
    window.openFolder(args.isSet(QStringLiteral("dir")) ? args.value(QStringLiteral("dir")) : demoFolder(), dialect);
    return app.exec();
}
