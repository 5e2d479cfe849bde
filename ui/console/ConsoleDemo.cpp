// Console::prepareDemo: a fresh demo database, made on a worker thread by the engine's demo
// generator, before the console opens it.
#include "Background.h"
#include "Console.h"
#include "DemoProject.h"

#include "demo/DemoSeed.h"

#include <QFileInfo>

namespace mig::ui {

void Console::prepareDemo(const Project &project)
{
    if (!m_busy.isEmpty()) {
        Q_EMIT jobFailed(tr("Demo"), tr("%1 is still under way").arg(m_busy));
        return;
    }
    const QString name = QFileInfo(project.dir).fileName();
    const std::optional<demo::DemoDefinition> definition = demo::findDemo(name);
    if (!definition) {
        Q_EMIT jobFailed(tr("Demo"), tr("%1 is not a demo folder").arg(project.dir));
        return;
    }
    setBusy(tr("Preparing the demo"));
    runInBackground(
        this,
        [project, definition = *definition] {
            demo::SeedOutcome out = demo::createSqliteDemo(project.profile.database, definition, project.dir);
            if (!out.error)
                removeOldDemoDatabases(project.profile.database);
            return out;
        },
        [this, project](const demo::SeedOutcome &out) {
            setBusy(QString());
            if (out.error) {
                Q_EMIT jobFailed(tr("Demo"), *out.error);
                return;
            }
            Q_EMIT message(tr("Fresh demo database: %1").arg(out.summary.join(QStringLiteral(", "))));
            Q_EMIT demoReady(project);
        });
}

} // namespace mig::ui
