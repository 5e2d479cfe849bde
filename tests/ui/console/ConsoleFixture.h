#pragma once

#include "MainWindow.h"
#include "TempFolder.h"

#include "target/SecretStore.h"

#include <QAbstractButton>
#include <QSignalSpy>
#include <QTest>
#include <gtest/gtest.h>
#include <memory>

// A console window on a project of its own: a migrations folder and a target (SQLite in a temp
// folder unless the test says otherwise), settings and run store isolated, passwords in memory.
class ConsoleDriver
{
public:
    void setUpConsole();
    void tearDownConsole();

    // Copies the demo migrations into the folder.
    void copyDemo();
    // A policy under which every check only warns: GO as soon as the checklist ran.
    void writeLenientPolicy();
    virtual mig::ui::Project project() const;
    virtual ~ConsoleDriver() = default;
    // Opens the project and waits until every view shows it.
    void open();

    template <typename T>
    T *find(const QString &name)
    {
        T *w = window->findChild<T *>(name);
        EXPECT_NE(w, nullptr) << "no " << name.toStdString();
        return w;
    }
    void click(const QString &buttonName);
    // Waits for the next state the window shows (after a refresh the console starts itself).
    bool waitForState(int ms = 30000);
    // Runs the checklist from the Go / No-Go tab and waits for its decision.
    void recheck();
    void shot(const QString &name);

    TempFolder tmp;
    QString dir;
    mig::MemorySecretStore secrets;
    std::unique_ptr<mig::ui::MainWindow> window;
    std::unique_ptr<QSignalSpy> shown;
};

class ConsoleFixture : public ::testing::Test, public ConsoleDriver
{
protected:
    void SetUp() override { setUpConsole(); }
    void TearDown() override { tearDownConsole(); }
};
