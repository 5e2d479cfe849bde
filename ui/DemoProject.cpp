#include "DemoProject.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace mig::ui {

namespace {

QString demoDataDir()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
    QDir().mkpath(dir);
    return dir;
}

} // namespace

Project demoProject(const QString &demoFolder, const QString &database)
{
    Project p;
    p.dir = demoFolder;
    p.profile.name = demoProfileName();
    p.profile.engine = Dialect::Sqlite;
    p.profile.database = database;
    p.runStorePath = RunStore::defaultPath();
    return p;
}

QString newDemoDatabasePath()
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    return QDir(demoDataDir()).filePath(QStringLiteral("sqlite-demo-%1.sqlite").arg(stamp));
}

void removeOldDemoDatabases(const QString &keep)
{
    const QDir dir(demoDataDir());
    const QString kept = QFileInfo(keep).fileName();
    for (const QString &name : dir.entryList({QStringLiteral("sqlite-demo*")}, QDir::Files)) {
        if (!name.startsWith(kept))
            QFile::remove(dir.filePath(name));
    }
}

} // namespace mig::ui
