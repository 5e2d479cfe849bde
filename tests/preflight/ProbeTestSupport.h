#pragma once
// Shared by the probe tests (test_probes_*.cpp): reading a ProbeResult in assertions, waiting
// for a condition another process or server brings about, and a small tmpfs for the disk check.

#include "preflight/TargetProbes.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QThread>

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace probetest {

using mig::preflight::ProbeResult;
using mig::preflight::Verdict;

// The whole result, for failure messages.
inline std::string dump(const ProbeResult &r)
{
    return QStringLiteral("%1 [%2] %3\n  details: %4\n  data: %5")
        .arg(r.name, mig::preflight::verdictName(r.verdict), r.evidence, r.details.join(QStringLiteral(" | ")),
             QString::fromUtf8(QJsonDocument(r.data).toJson(QJsonDocument::Compact)))
        .toStdString();
}

// The entries of data[key] whose `field` equals `value` (compared as text).
inline QJsonArray entries(const ProbeResult &r, const QString &key, const QString &field, const QString &value)
{
    QJsonArray out;
    for (const QJsonValue &v : r.data.value(key).toArray())
        if (v.toObject().value(field).toVariant().toString() == value)
            out << v;
    return out;
}

inline QStringList fieldOf(const ProbeResult &r, const QString &key, const QString &field)
{
    QStringList out;
    for (const QJsonValue &v : r.data.value(key).toArray())
        out << v.toObject().value(field).toVariant().toString();
    return out;
}

// Polls `probe` until `done` holds for its result, for at most timeoutMs; the last result.
// 300 ms apart: InnoDB refreshes INNODB_TRX only after 100 ms in which nobody read it, so tests
// polling it faster side by side would keep each other's view stale.
inline ProbeResult probeUntil(const std::function<ProbeResult()> &probe, const std::function<bool(const ProbeResult &)> &done,
                              int timeoutMs = 20000)
{
    QElapsedTimer clock;
    clock.start();
    ProbeResult r = probe();
    while (!done(r) && clock.elapsed() < timeoutMs) {
        QThread::msleep(300);
        r = probe();
    }
    return r;
}

// Servers of the test's own, started and stopped by a script (probe_standby.sh,
// probe_replica.sh: "KIND DIR ARGS..." to start, "stop DIR"); all stopped at the end, newest first.
class Servers
{
public:
    explicit Servers(QString script) : m_script(std::move(script)) {}
    ~Servers()
    {
        for (auto it = m_dirs.crbegin(); it != m_dirs.crend(); ++it)
            run({QStringLiteral("stop"), *it});
    }
    bool start(const QStringList &args, QString *output)
    {
        m_dirs << args.at(1);
        return run(args, output);
    }
    void stop(const QString &dir)
    {
        run({QStringLiteral("stop"), dir});
        m_dirs.removeAll(dir);
    }

private:
    bool run(const QStringList &args, QString *output = nullptr) const
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(m_script, args);
        const bool ok = p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        if (output)
            *output = QString::fromLocal8Bit(p.readAll());
        return ok;
    }
    QString m_script;
    QStringList m_dirs;
};

// A 1 MiB tmpfs mounted for the test's lifetime (root only: mount(8) is refused to others).
class SmallTmpfs
{
public:
    explicit SmallTmpfs(const QString &where) : m_path(where)
    {
        QDir().mkpath(m_path);
        QProcess mount;
        mount.start(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"), QStringLiteral("size=1m"),
                                              QStringLiteral("tmpfs"), m_path});
        m_mounted = mount.waitForFinished(10000) && mount.exitStatus() == QProcess::NormalExit && mount.exitCode() == 0;
        m_error = QString::fromLocal8Bit(mount.readAllStandardError()).trimmed();
    }
    ~SmallTmpfs()
    {
        if (m_mounted)
            QProcess::execute(QStringLiteral("umount"), {m_path});
        QDir().rmdir(m_path);
    }
    bool mounted() const { return m_mounted; }
    QString error() const { return m_error; }
    QString path() const { return m_path; }

private:
    QString m_path;
    bool m_mounted = false;
    QString m_error;
};

} // namespace probetest
