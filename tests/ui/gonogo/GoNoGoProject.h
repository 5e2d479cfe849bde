// A real go/no-go situation for the panel's tests: a SQLite target in a temp folder, two pending
// migrations with rollbacks, a policy file, a run store, and the engine itself (evaluatePreflight,
// Previewer, BackupJob, RestoreTest, SignoffStore) run in-process to produce the decisions,
// backups and sign-offs the panel is fed, as the console's controller would.
#pragma once

#include "Screenshot.h"
#include "TempFolder.h"

#include "console/ProjectState.h"
#include "preflight/Checklist.h"
#include "store/RunStore.h"

#include <QApplication>
#include <QDir>
#include <QPalette>
#include <gtest/gtest.h>
#include <stdexcept>

inline void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

namespace gonogotest {

// Two sign-off roles by different people, a fresh restore-tested backup, verified rollbacks.
constexpr const char *StrictPolicy = R"({
  "signoffs": {"required": ["DBA", "Tech Lead"]},
  "backup": {"maxAgeHours": 24, "restoreTest": true},
  "rollback": "verified"
})";

class GoNoGoProject
{
public:
    explicit GoNoGoProject(const QByteArray &policy = StrictPolicy);

    QString db() const { return m_tmp.file(QStringLiteral("target.db")); }
    QString dir() const { return m_tmp.file(QStringLiteral("migrations")); }
    QString backups() const { return m_tmp.file(QStringLiteral("backups")); }
    mig::ConnectionProfile profile() const;
    mig::RunStore &store() { return m_store; }
    void writePolicy(const QByteArray &json) const;

    // The checklist, measured now; `told` receives each check-finished event as the engine tells it.
    mig::GoDecision decide(QList<mig::RunEvent> *told = nullptr);
    // Previews the pending migrations: their rollbacks become verified.
    void preview();
    // A backup (restore-tested when asked); `progress` receives its Progress events.
    mig::BackupRecord backup(bool restoreTest, QList<mig::RunEvent> *progress = nullptr);
    // A sign-off of the plan `d` decided on.
    void signoff(const mig::GoDecision &d, const QString &role, const QString &name, const QString &comment = {});
    // Applies the pending migrations (no gate): afterwards nothing is pending.
    void apply();
    // What the console's project reader would hand the panel.
    mig::ui::ProjectState state();

private:
    TempFolder m_tmp;
    mig::RunStore m_store;
};


// A widget the test looks for by its objectName; a failure (not a crash) when it is missing.
template <typename T>
T *child(const QObject *root, const char *name)
{
    T *w = root->findChild<T *>(QLatin1String(name));
    if (!w)
        throw std::runtime_error(std::string("no widget named ") + name);
    return w;
}

// A screenshot of what a person would see: what is queued (a label that grew, rows laid out
// again) is done first, as the event loop does before it paints.
inline QString shot(QWidget *widget, const QString &name)
{
    for (int pass = 0; pass < 3; ++pass) // nested layouts ask again once their children moved
        QCoreApplication::processEvents();
    return saveScreenshot(widget, name);
}

// The application in a dark palette while it lives (a dark desktop), the light one after.
class DarkPalette
{
public:
    DarkPalette();
    ~DarkPalette();

private:
    QPalette m_saved;
};

} // namespace gonogotest
