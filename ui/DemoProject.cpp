#include "DemoProject.h"

#include <QDir>
#include <QStandardPaths>

namespace mig::ui {

Project demoProject(const QString &demoFolder)
{
    Project p;
    p.dir = demoFolder;
    p.profile.name = QStringLiteral("SQLite demo");
    p.profile.engine = Dialect::Sqlite;
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(data + QStringLiteral("/demo"));
    p.profile.database = data + QStringLiteral("/demo/sqlite-demo.sqlite");
    p.runStorePath = RunStore::defaultPath();
    return p;
}

} // namespace mig::ui
