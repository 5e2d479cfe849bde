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
int runProfile(const QStringList &positional, const QCommandLineParser &args, QTextStream &out, QTextStream &err);

} // namespace mig::cli
