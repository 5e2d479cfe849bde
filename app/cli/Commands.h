#pragma once

#include "run/Runner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <memory>

namespace mig::cli {

int usageError(QTextStream &err, const QString &message);
int runStatus(const QCommandLineParser &args, QTextStream &out, QTextStream &err);
int runEngine(RunRequest::Action action, const QCommandLineParser &args, QTextStream &out, QTextStream &err);
int runPreview(const QCommandLineParser &args, QTextStream &out, QTextStream &err);
int runVerify(const QCommandLineParser &args, QTextStream &out, QTextStream &err);
int runDrift(const QCommandLineParser &args, QTextStream &out, QTextStream &err);
int runSnapshot(const QCommandLineParser &args, QTextStream &out, QTextStream &err);
int runLint(const QCommandLineParser &args, QTextStream &out, QTextStream &err);        // LintCommand.cpp
int runPreflight(const QCommandLineParser &args, QTextStream &out, QTextStream &err);   // PreflightCommand.cpp
int runSignoff(const QStringList &positional, const QCommandLineParser &args, QTextStream &out, QTextStream &err); // SignoffCommand.cpp
int runBackup(const QCommandLineParser &args, QTextStream &out, QTextStream &err);      // BackupCommands.cpp
int runBackups(const QCommandLineParser &args, QTextStream &out, QTextStream &err);     // BackupCommands.cpp
int runRestore(const QStringList &positional, const QCommandLineParser &args, QTextStream &out, QTextStream &err); // BackupCommands.cpp
int runProfile(const QStringList &positional, const QCommandLineParser &args, QTextStream &out, QTextStream &err);
int runRuns(const QCommandLineParser &args, QTextStream &out, QTextStream &err);        // RunsCommand.cpp
int runDemo(const QStringList &positional, const QCommandLineParser &args, QTextStream &out, QTextStream &err);   // DemoCommand.cpp
int runReport(const QStringList &positional, const QCommandLineParser &args, QTextStream &out, QTextStream &err); // ReportCommand.cpp
// --target as a run store key, without asking for a password; unset when absent.
std::optional<int> reportTargetKey(const QCommandLineParser &args, QString &key, QTextStream &err); // RunsCommand.cpp
// A QCoreApplication, or a QGuiApplication on the offscreen platform for a PDF report.
std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv); // ReportCommand.cpp

} // namespace mig::cli
