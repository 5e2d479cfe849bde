#pragma once

#include "run/Runner.h"

#include <QCommandLineParser>
#include <QTextStream>

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

} // namespace mig::cli
