#include "ToolProcess.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>

namespace mig {

namespace {

// The last lines a program wrote on stderr, for the message that says why it failed.
class Tail
{
public:
    void add(const QString &line)
    {
        if (line.trimmed().isEmpty())
            return;
        m_lines << line.trimmed().left(500);
        if (m_lines.size() > 3)
            m_lines.removeFirst();
    }
    QString text() const { return m_lines.join(QStringLiteral(" | ")); }

private:
    QStringList m_lines;
};

// Splits stderr into lines across reads.
class LineSplitter
{
public:
    void feed(const QByteArray &bytes, const std::function<void(const QString &)> &onLine)
    {
        m_pending += bytes;
        qsizetype end;
        while ((end = m_pending.indexOf('\n')) >= 0) {
            onLine(QString::fromUtf8(m_pending.left(end)).remove(u'\r'));
            m_pending.remove(0, end + 1);
        }
    }
    void flush(const std::function<void(const QString &)> &onLine)
    {
        if (!m_pending.isEmpty())
            onLine(QString::fromUtf8(m_pending));
        m_pending.clear();
    }

private:
    QByteArray m_pending;
};

} // namespace

ToolOutcome runTool(const ToolCall &call)
{
    ToolOutcome out;
    const QString name = QFileInfo(call.program).fileName();
    QFile input(call.inputFile);
    if (!call.inputFile.isEmpty() && !input.open(QIODevice::ReadOnly)) {
        out.error = QStringLiteral("cannot read %1: %2").arg(call.inputFile, input.errorString());
        return out;
    }
    QProcess p;
    p.setProcessEnvironment(call.env);
    p.start(call.program, call.args);
    if (!p.waitForStarted(30000)) {
        out.error = QStringLiteral("%1 could not start: %2").arg(name, p.errorString());
        return out;
    }
    if (call.inputFile.isEmpty())
        p.closeWriteChannel();

    Tail tail;
    LineSplitter lines;
    const auto onLine = [&](const QString &line) {
        tail.add(line);
        if (call.onErrorLine)
            call.onErrorLine(line);
    };
    QString stopped; // why we killed it
    qint64 fed = 0;
    bool inputDone = call.inputFile.isEmpty();
    const auto drain = [&] {
        const QByteArray data = p.readAllStandardOutput();
        if (!data.isEmpty() && stopped.isEmpty() && call.onOutput)
            stopped = call.onOutput(data.constData(), data.size());
        lines.feed(p.readAllStandardError(), onLine);
    };
    while (p.state() != QProcess::NotRunning) {
        if (call.cancel && call.cancel->load()) {
            out.cancelled = true;
            stopped = QStringLiteral("cancelled");
        }
        if (!stopped.isEmpty()) {
            p.kill();
            p.waitForFinished(10000);
            break;
        }
        // Feed stdin a chunk at a time, so that neither the file nor the program's unread
        // output piles up in memory; the wait functions read stdout and stderr meanwhile.
        if (!inputDone && p.bytesToWrite() < (1 << 20)) {
            const QByteArray chunk = input.read(1 << 20);
            if (chunk.isEmpty()) {
                inputDone = true;
                p.closeWriteChannel();
            } else {
                p.write(chunk);
                fed += chunk.size();
                if (call.onInputFed)
                    call.onInputFed(fed);
            }
        }
        if (!inputDone && p.bytesToWrite() > 0)
            p.waitForBytesWritten(100);
        else
            p.waitForReadyRead(100);
        drain();
    }
    drain();
    lines.flush(onLine);
    if (!stopped.isEmpty()) {
        out.error = out.cancelled ? QStringLiteral("%1 was stopped: cancelled").arg(name) : stopped;
        return out;
    }
    const QString said = tail.text().isEmpty() ? QString() : QStringLiteral(": ") + tail.text();
    if (p.exitStatus() == QProcess::CrashExit) {
        // QProcess reports the signal that ended the program as its exit code.
        out.error = QStringLiteral("%1 was killed by signal %2%3").arg(name).arg(p.exitCode()).arg(said);
        return out;
    }
    if (p.exitCode() != 0) {
        out.error = QStringLiteral("%1 failed (exit %2)%3").arg(name).arg(p.exitCode()).arg(said);
        return out;
    }
    out.ok = true;
    return out;
}

QString toolVersion(const QString &program)
{
    QProcess p;
    p.start(program, {QStringLiteral("--version")});
    if (!p.waitForFinished(15000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        p.kill();
        p.waitForFinished(1000);
        return {};
    }
    return QString::fromUtf8(p.readAllStandardOutput()).section(u'\n', 0, 0).trimmed();
}

} // namespace mig
